import { App, Aws, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { MultiRegionBaseline, MultiRegionBaselineProps, SecureBaseline } from '../../src';
import { logicalId, unknownRegionMessage } from '../helpers';

const ACCOUNT = '111111111111';
const HOME = 'eu-west-1';
const MEMBER = 'eu-central-1';

function multiRegion(props: Partial<MultiRegionBaselineProps> = {}, app: App = new App()): MultiRegionBaseline {
  return new MultiRegionBaseline(app, 'Baseline', { homeRegion: HOME, regions: [HOME, MEMBER], account: ACCOUNT, ...props });
}

function resourcesOf(template: Template, type: string): any[] {
  return Object.values<any>(template.toJSON().Resources).filter(resource => resource.Type === type);
}

/** The CloudFormation resource of an L2 construct's default child, from its stack's template. */
function resourceOf(construct: events.IRule): any {
  const stack = Stack.of(construct);
  const cfn = construct.node.defaultChild as events.CfnRule;
  return Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(cfn)];
}

const HOME_BUS_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:events:${HOME}:${ACCOUNT}:event-bus/default`]] };

describe('MultiRegionBaseline stacks', () => {
  test('one SecureBaseline stack per region, home first, named <prefix>-<region>, with a concrete env', () => {
    const app = new App();
    const baseline = multiRegion({ regions: [MEMBER, HOME, 'us-east-1'] }, app);
    expect(baseline.homeStack).toBeInstanceOf(SecureBaseline);
    expect(baseline.homeStack.stackName).toBe('SecureBaseline-eu-west-1');
    expect(baseline.memberStacks.map(stack => stack.stackName)).toEqual(['SecureBaseline-eu-central-1', 'SecureBaseline-us-east-1']);
    for (const stack of [baseline.homeStack, ...baseline.memberStacks]) {
      expect(stack.account).toBe(ACCOUNT);
      expect(stack.node.scope).toBe(app);
    }
    expect(baseline.homeStack.region).toBe(HOME);
    expect(baseline.memberStacks.map(stack => stack.region)).toEqual([MEMBER, 'us-east-1']);
    expect(app.node.children.filter(Stack.isStack).map(stack => stack.node.id))
      .toEqual(['SecureBaseline-eu-west-1', 'SecureBaseline-eu-central-1', 'SecureBaseline-us-east-1']);
  });

  test('every member stack depends on the home stack, and the home stack on none', () => {
    const app = new App();
    const baseline = multiRegion({ regions: [HOME, MEMBER, 'us-east-1'] }, app);
    app.synth();
    expect(baseline.homeStack.dependencies).toEqual([]);
    for (const member of baseline.memberStacks) {
      expect(member.dependencies).toEqual([baseline.homeStack]);
    }
  });

  test('on an aws-cdk-lib with Stack#addStackDependency, the dependency is made with it, not the deprecated Stack#addDependency', () => {
    // Newer aws-cdk-lib deprecates Stack#addDependency and prints a warning on every synth that calls it.
    const proto = Stack.prototype as Stack & { addStackDependency?: (target: Stack) => void };
    const added: Array<[string, string]> = [];
    proto.addStackDependency = function (this: Stack, target: Stack) {
      added.push([this.stackName, target.stackName]);
    };
    const addDependency = jest.spyOn(Stack.prototype, 'addDependency');
    try {
      const baseline = multiRegion({ regions: [HOME, MEMBER, 'us-east-1'] });
      expect(added).toEqual(baseline.memberStacks.map(member => [member.stackName, baseline.homeStack.stackName]));
      expect(addDependency).not.toHaveBeenCalled();
    } finally {
      delete proto.addStackDependency;
      addDependency.mockRestore();
    }
  });

  test('on aws-cdk-lib 2.257, which has no addStackDependency, Stack#addDependency (not deprecated there) makes one stack dependency per member stack', () => {
    expect('addStackDependency' in Stack.prototype).toBe(false);
    const addDependency = jest.spyOn(Stack.prototype, 'addDependency');
    const app = new App();
    const baseline = multiRegion({ regions: [HOME, MEMBER, 'us-east-1'] }, app);
    const assembly = app.synth();
    // A construct dependency between the stacks (node.addDependency) would pair every resource of one
    // with every resource of the other at synth, quadratic before aws-cdk PR 38314.
    expect(addDependency.mock.calls).toEqual(baseline.memberStacks.map(() => [baseline.homeStack]));
    addDependency.mockRestore();
    expect(assembly.getStackArtifact(baseline.memberStacks[0].artifactId).dependencies.map(dependency => dependency.id))
      .toContain(baseline.homeStack.artifactId);
  });

  test('stackFor returns the stack of a region and rejects another', () => {
    const baseline = multiRegion();
    expect(baseline.stackFor(HOME)).toBe(baseline.homeStack);
    expect(baseline.stackFor(MEMBER)).toBe(baseline.memberStacks[0]);
    expect(() => baseline.stackFor('us-east-1')).toThrow("MultiRegionBaseline.stackFor: received 'us-east-1'; expected one of eu-west-1, eu-central-1");
  });

  test('stackNamePrefix names the stacks', () => {
    const baseline = multiRegion({ stackNamePrefix: 'Security' });
    expect([baseline.homeStack, ...baseline.memberStacks].map(stack => stack.stackName)).toEqual(['Security-eu-west-1', 'Security-eu-central-1']);
  });

  test('a single region is a home stack with no member stacks and no aggregator', () => {
    const baseline = multiRegion({ regions: [HOME] });
    expect(baseline.memberStacks).toEqual([]);
    Template.fromStack(baseline.homeStack).resourceCountIs('Custom::FindingAggregator', 0);
  });

  test('works in a Stage', () => {
    const stage = new Stage(new App(), 'Prod');
    const baseline = new MultiRegionBaseline(stage, 'Baseline', { homeRegion: HOME, regions: [HOME, MEMBER], account: ACCOUNT });
    expect(baseline.homeStack.node.scope).toBe(stage);
    expect(() => stage.synth()).not.toThrow();
  });

  test('the account defaults to CDK_DEFAULT_ACCOUNT', () => {
    const saved = process.env.CDK_DEFAULT_ACCOUNT;
    process.env.CDK_DEFAULT_ACCOUNT = '222222222222';
    try {
      const baseline = new MultiRegionBaseline(new App(), 'Baseline', { homeRegion: HOME, regions: [HOME] });
      expect(baseline.homeStack.account).toBe('222222222222');
    } finally {
      restoreEnv('CDK_DEFAULT_ACCOUNT', saved);
    }
  });

  test('the whole app synthesizes, and no member stack imports from the home stack', () => {
    const app = new App();
    const baseline = multiRegion({}, app);
    const assembly = app.synth();
    const member = assembly.getStackByName(baseline.memberStacks[0].stackName);
    expect(JSON.stringify(member.template)).not.toContain('Fn::ImportValue');
    expect(assembly.getStackByName(baseline.homeStack.stackName).template.Outputs).toBeUndefined();
  });

  test('defaultEnabledRegions lists the 17 regions of the aws partition that need no opt-in', () => {
    const regions = MultiRegionBaseline.defaultEnabledRegions();
    expect(regions).toHaveLength(17);
    expect(regions).toEqual(expect.arrayContaining(['us-east-1', 'us-west-2', 'eu-west-1', 'ap-northeast-3', 'sa-east-1']));
    expect(regions).not.toContain('af-south-1');
    expect(regions).not.toContain('us-gov-west-1');
    expect(regions).not.toContain('cn-north-1');
    expect(() => multiRegion({ homeRegion: 'us-east-1', regions })).not.toThrow();
  });
});

describe('MultiRegionBaseline global and regional parts', () => {
  const baseline = multiRegion({ baseline: { notificationEmails: ['security@example.com'], budget: { monthlyLimitUsd: 100 }, securityContact: { name: 'Security', email: 'security@example.com', phone: '+1 555 0100' } } });
  const home = Template.fromStack(baseline.homeStack);
  const member = Template.fromStack(baseline.memberStacks[0]);

  test.each([
    ['AWS::CloudTrail::Trail'], ['AWS::Budgets::Budget'], ['AWS::SNS::Topic'], ['Custom::PasswordPolicy'], ['Custom::AlternateContact'],
    ['Custom::AccountPublicAccessBlock'], ['AWS::CloudWatch::Alarm'], ['AWS::Logs::MetricFilter'], ['AWS::S3::Bucket'], ['AWS::KMS::Key'],
    ['AWS::Logs::LogGroup'],
  ])('the home stack has %s, a member stack has none', type => {
    expect(resourcesOf(home, type).length).toBeGreaterThan(0);
    member.resourceCountIs(type, 0);
  });

  test.each([
    ['Custom::GuardDutyDetector'], ['Custom::SecurityHub'], ['Custom::ConfigRecorder'], ['Custom::AccessAnalyzer'],
    ['Custom::EbsDefaultEncryption'], ['Custom::Inspector'], ['Custom::DefaultSecurityGroup'],
  ])('the home and the member stack each have one %s', type => {
    home.resourceCountIs(type, 1);
    member.resourceCountIs(type, 1);
  });

  test('only the home region records global resource types', () => {
    home.hasResourceProperties('Custom::ConfigRecorder', { IncludeGlobalResourceTypes: true });
    member.hasResourceProperties('Custom::ConfigRecorder', { IncludeGlobalResourceTypes: false });
  });

  test('the member stack exposes its regional parts and no log archive', () => {
    const stack = baseline.memberStacks[0];
    expect(stack.guardDutyDetector).toBeDefined();
    expect(stack.securityHub).toBeDefined();
    expect(stack.configRecorder).toBeDefined();
    expect(stack.accessAnalyzer).toBeDefined();
    expect(stack.eventForwarding).toBeDefined();
    const globalParts = [stack.logArchive, stack.logBucket, stack.encryptionKey, stack.auditTrail, stack.findingsTopic, stack.budget,
      stack.findingAggregatorArn];
    for (const part of globalParts) {
      expect(part).toBeUndefined();
    }
  });

  test('the member stack is described as a member region', () => {
    expect(member.toJSON().Description).toBe('Security baseline: AWS Security Maturity Model Phase 1 (cdk-secure-baseline), member region of eu-west-1');
    expect(home.toJSON().Description).toBe('Security baseline: AWS Security Maturity Model Phase 1 (cdk-secure-baseline)');
  });

  test('an unused access analyzer is made in the home region only', () => {
    const withUnused = multiRegion({ baseline: { accessAnalyzer: { unusedAccess: true } } });
    Template.fromStack(withUnused.homeStack).resourceCountIs('Custom::AccessAnalyzer', 2);
    Template.fromStack(withUnused.memberStacks[0]).resourceCountIs('Custom::AccessAnalyzer', 1);
    expect(withUnused.memberStacks[0].accessAnalyzer?.unusedAccessAnalyzerArn).toBeUndefined();
  });
});

describe('MultiRegionBaseline AWS Config delivery', () => {
  const baseline = multiRegion();
  const home = Template.fromStack(baseline.homeStack);
  const member = Template.fromStack(baseline.memberStacks[0]);
  const homeBucket = Stack.of(baseline.homeStack).getLogicalId(baseline.homeStack.logBucket!.node.defaultChild as s3.CfnBucket);

  test('the home log bucket gets a generated physical name, and only it', () => {
    const bucketName = home.toJSON().Resources[homeBucket].Properties.BucketName;
    expect(bucketName).toMatch(/^securebaseline-eu-west-1logarchivebucket[0-9a-f]{8}[0-9a-f]{12}$/);
    expect(bucketName.length).toBeLessThanOrEqual(63);
    expect(resourcesOf(home, 'AWS::S3::Bucket').filter(bucket => bucket.Properties.BucketName)).toHaveLength(1);
  });

  test('member regions deliver to the home log bucket by its name, with no KMS key of their own', () => {
    const bucketName = home.toJSON().Resources[homeBucket].Properties.BucketName;
    member.hasResourceProperties('Custom::ConfigRecorder', { BucketName: bucketName, KmsKeyArn: Match.absent() });
    home.hasResourceProperties('Custom::ConfigRecorder', { BucketName: { Ref: homeBucket }, KmsKeyArn: Match.anyValue() });
    expect(baseline.memberStacks[0].configRecorder?.encryptionKey).toBeUndefined();
  });

  test('the home bucket policy admits AWS Config of the account for every region, and the member adds no statement', () => {
    home.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AWSConfigBucketDelivery',
          Principal: { Service: 'config.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: { StringEquals: { 'aws:SourceAccount': ACCOUNT, 's3:x-amz-acl': 'bucket-owner-full-control' } },
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [homeBucket, 'Arn'] }, `/AWSLogs/${ACCOUNT}/Config/*`]] },
        })]),
      },
    });
    const sids = resourcesOf(home, 'AWS::S3::BucketPolicy').flatMap(policy => policy.Properties.PolicyDocument.Statement.map((s: any) => s.Sid));
    expect(sids.filter(sid => sid === 'AWSConfigBucketDelivery')).toHaveLength(1);
    member.resourceCountIs('AWS::S3::BucketPolicy', 0);
  });

  test('a bucket the user gives for AWS Config serves every region', () => {
    const app = new App();
    const central = s3.Bucket.fromBucketName(new Stack(app, 'Imports'), 'Central', 'central-config-bucket');
    const withBucket = multiRegion({ baseline: { config: { bucket: central } } }, app);
    Template.fromStack(withBucket.memberStacks[0]).hasResourceProperties('Custom::ConfigRecorder', { BucketName: 'central-config-bucket' });
    Template.fromStack(withBucket.homeStack).hasResourceProperties('Custom::ConfigRecorder', { BucketName: 'central-config-bucket' });
  });
});

describe('MultiRegionBaseline cross-region routing', () => {
  const baseline = multiRegion({ regions: [HOME, MEMBER, 'us-east-1'] });
  const home = Template.fromStack(baseline.homeStack);
  const member = Template.fromStack(baseline.memberStacks[0]);

  test('the home region aggregates the member regions\' Security Hub findings', () => {
    home.resourceCountIs('Custom::FindingAggregator', 1);
    const hub = Object.entries<any>(home.toJSON().Resources).find(([, resource]) => resource.Type === 'Custom::SecurityHub')![0];
    home.hasResource('Custom::FindingAggregator', {
      Properties: { RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: [MEMBER, 'us-east-1'] },
      DependsOn: Match.arrayWith([hub]), // Security Hub is on before it aggregates
    });
    expect(baseline.homeStack.resolve(baseline.homeStack.findingAggregatorArn))
      .toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SecurityHubFindingAggregator/), 'FindingAggregatorArn'] });
    member.resourceCountIs('Custom::FindingAggregator', 0);
  });

  test('each member forwards GuardDuty, Security Hub, Access Analyzer, Inspector, Macie, root and CloudTrail events', () => {
    const forwarding = baseline.memberStacks[0].eventForwarding!;
    expect(forwarding.rules.map(rule => rule.node.id))
      .toEqual(['GuardDutyFindings', 'SecurityHubFindings', 'AccessAnalyzerFindings', 'InspectorFindings', 'MacieFindings', 'RootUserActivity', 'CloudTrailChanges']);
    member.resourceCountIs('AWS::Events::Rule', 7);
  });

  test('members forward only the Security Hub findings raised in them; home takes the members\' only as forwarded', () => {
    const forwarded = resourceOf(baseline.memberStacks[0].eventForwarding!.rules.find(rule => rule.node.id === 'SecurityHubFindings')!);
    expect(forwarded.Properties.EventPattern.detail.findings.Region).toEqual([MEMBER]);
    const homeRule = baseline.homeStack.node.findChild('SecurityEventRules').node.findChild('SecurityHubFindings') as events.IRule;
    const [asForwarded, asRaisedHere] = resourceOf(homeRule).Properties.EventPattern.$or;
    expect(asForwarded.region).toEqual([MEMBER, 'us-east-1']);
    expect(asRaisedHere.detail.findings.Region).toEqual([{ 'anything-but': [MEMBER, 'us-east-1'] }]);
  });

  test('the other forwarding rules use the very patterns of the home region\'s rules', () => {
    const homeRules = baseline.homeStack.node.findChild('SecurityEventRules').node.children;
    for (const rule of baseline.memberStacks[0].eventForwarding!.rules.filter(r => r.node.id !== 'SecurityHubFindings')) {
      const homeRule = homeRules.find(child => child.node.id === rule.node.id) as events.IRule;
      expect(resourceOf(rule).Properties.EventPattern).toEqual(resourceOf(homeRule).Properties.EventPattern);
    }
  });

  test('they target the home region\'s default bus with one role that may only put events there', () => {
    const forwarding = baseline.memberStacks[0].eventForwarding!;
    const roleId = Stack.of(forwarding).getLogicalId(forwarding.role.node.defaultChild as any);
    for (const rule of forwarding.rules) {
      expect(resourceOf(rule).Properties.Targets).toEqual([{ Arn: HOME_BUS_ARN, Id: 'Target0', RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } }]);
    }
    member.resourceCountIs('AWS::IAM::Role', 4); // the forwarding role, the provider function's and the default security group's and flow logs' remediation roles
    member.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }] },
    });
    member.resourceCountIs('AWS::IAM::Policy', 0);
    member.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: { Statement: [{ Action: 'events:PutEvents', Effect: 'Allow', Resource: HOME_BUS_ARN }] },
      Roles: [{ Ref: roleId }],
    });
  });

  test('the home region forwards nothing and keeps its eight notifying rules', () => {
    expect(baseline.homeStack.eventForwarding).toBeUndefined();
    home.resourceCountIs('AWS::Events::Rule', 8);
  });

  test('only the us-east-1 member forwards Trusted Advisor check events, which exist there only', () => {
    expect(baseline.stackFor('us-east-1').eventForwarding!.rules.map(rule => rule.node.id)).toContain('TrustedAdvisorChecks');
    expect(baseline.memberStacks[0].eventForwarding!.rules.map(rule => rule.node.id)).not.toContain('TrustedAdvisorChecks');
  });

  test('the event rule options reach the forwarding rules', () => {
    const custom = multiRegion({ baseline: { notifications: { eventRules: { guardDutyMinimumSeverity: 4, inspectorFindings: false } } } });
    const forwarding = custom.memberStacks[0].eventForwarding!;
    expect(forwarding.rules.map(rule => rule.node.id))
      .toEqual(['GuardDutyFindings', 'SecurityHubFindings', 'AccessAnalyzerFindings', 'MacieFindings', 'RootUserActivity', 'CloudTrailChanges']);
    expect(resourceOf(forwarding.rules[0]).Properties.EventPattern.detail).toEqual({ severity: [{ numeric: ['>=', 4] }] });
  });

  test('securityHub.aggregateFindings: false leaves the aggregator out; members forward Security Hub findings as before', () => {
    const custom = multiRegion({ baseline: { securityHub: { aggregateFindings: false } } });
    Template.fromStack(custom.homeStack).resourceCountIs('Custom::FindingAggregator', 0);
    expect(custom.memberStacks[0].eventForwarding!.rules.map(rule => rule.node.id)).toContain('SecurityHubFindings');
  });

  test('notifications.eventRules.securityHubFindings: false leaves out the Security Hub rule in every region', () => {
    const custom = multiRegion({ baseline: { notifications: { eventRules: { securityHubFindings: false } } } });
    expect(custom.memberStacks[0].eventForwarding!.rules.map(rule => rule.node.id)).not.toContain('SecurityHubFindings');
    expect(custom.homeStack.node.findChild('SecurityEventRules').node.tryFindChild('SecurityHubFindings')).toBeUndefined();
  });

  test('notifications.enabled: false leaves out the forwarding too', () => {
    const custom = multiRegion({ baseline: { notifications: { enabled: false } } });
    Template.fromStack(custom.memberStacks[0]).resourceCountIs('AWS::Events::Rule', 0);
    expect(custom.memberStacks[0].eventForwarding).toBeUndefined();
  });

  test('securityHub.enabled: false leaves out the aggregator', () => {
    const custom = multiRegion({ baseline: { securityHub: { enabled: false } } });
    Template.fromStack(custom.homeStack).resourceCountIs('Custom::FindingAggregator', 0);
  });

  test('without us-east-1 a warning says root sign-ins are missed; with it there is none', () => {
    Annotations.fromStack(multiRegion().homeStack).hasWarning('/SecureBaseline-eu-west-1', Match.stringLikeRegexp('regions does not include us-east-1'));
    Annotations.fromStack(baseline.homeStack).hasNoWarning('/SecureBaseline-eu-west-1', Match.stringLikeRegexp('us-east-1'));
  });

  test('the warning names what is missed: root sign-ins and Trusted Advisor events, or only what is still notified', () => {
    Annotations.fromStack(multiRegion().homeStack).hasWarning('/SecureBaseline-eu-west-1', 'regions does not include us-east-1, where most root user '
      + 'console sign-ins and Trusted Advisor check events are delivered; add us-east-1 to regions to be told about them [ack: cdk-secure-baseline:noUsEast1]');
    const noRoot = multiRegion({ baseline: { notifications: { eventRules: { rootUserActivity: false } } } });
    Annotations.fromStack(noRoot.homeStack).hasWarning('/SecureBaseline-eu-west-1', 'regions does not include us-east-1, where Trusted Advisor '
      + 'check events are delivered; add us-east-1 to regions to be told about them [ack: cdk-secure-baseline:noUsEast1]');
    const neither = multiRegion({ baseline: { notifications: { eventRules: { rootUserActivity: false, trustedAdvisorChecks: false } } } });
    Annotations.fromStack(neither.homeStack).hasNoWarning('/SecureBaseline-eu-west-1', Match.stringLikeRegexp('us-east-1'));
  });
});

describe('MultiRegionBaseline and cdk-nag', () => {
  const packs: Array<[string, () => NagPack]> = [
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
    ['HIPAA Security', () => new HIPAASecurityChecks()],
    ['PCI DSS 3.2.1', () => new PCIDSS321Checks()],
  ];
  const baseline = multiRegion({ baseline: { nagPacks: [], accessAnalyzer: { unusedAccess: true }, securityHub: { aggregateFindings: false } } });

  test.each(packs)('the home and the member stacks have no unacknowledged %s finding', (_name, pack) => {
    expect(pack().validateScope(baseline.homeStack).violations).toEqual([]);
    expect(pack().validateScope(baseline.memberStacks[0]).violations).toEqual([]);
  });

  test('the default packs are enforced on every stack at synth', () => {
    const app = new App();
    const enforced = multiRegion({}, app);
    new s3.Bucket(enforced.memberStacks[0], 'Unlogged');
    expect(() => app.synth()).toThrow(/\[AwsSolutions-S1\] SecureBaseline-eu-central-1\/Unlogged\/Resource/);
  });
});

describe('MultiRegionBaseline validation', () => {
  test.each([
    [{ regions: [] }, 'MultiRegionBaselineProps.regions: received an empty list; expected the regions to cover, the home region included'],
    [{ regions: [HOME, MEMBER, HOME] }, "MultiRegionBaselineProps.regions: 'eu-west-1' is listed twice; list each value once"],
    [{ regions: [MEMBER] }, "MultiRegionBaselineProps.homeRegion: received 'eu-west-1', which is not in regions [eu-central-1]; "
      + 'add it to regions (it is not added for you, so that a mistyped home region does not become an extra region)'],
    [{ regions: [HOME, 'eu-central'] }, "MultiRegionBaselineProps.regions[1]: received 'eu-central'; expected a region name such as 'eu-west-1'"],
    [{ regions: [HOME, 'EU-CENTRAL-1'] }, "MultiRegionBaselineProps.regions[1]: received 'EU-CENTRAL-1'; expected a region name such as 'eu-west-1'"],
    [{ homeRegion: 'ireland' }, "MultiRegionBaselineProps.homeRegion: received 'ireland'; expected a region name such as 'eu-west-1'"],
    [{ regions: [HOME, 'us-east-7'] }, unknownRegionMessage('MultiRegionBaselineProps.regions[1]', 'us-east-7', "'us-east-1' or 'us-east-2'")],
    [{ homeRegion: 'eu-west-9', regions: ['eu-west-9'] }, unknownRegionMessage('MultiRegionBaselineProps.homeRegion', 'eu-west-9', "'eu-west-1' or 'eu-west-2' or 'eu-west-3'")],
    [{ account: Aws.ACCOUNT_ID },
      "MultiRegionBaselineProps.account: received an unresolved token; the stacks refer to each other across regions, which needs a concrete account such as '111111111111'"],
    [{ account: '12345' }, "MultiRegionBaselineProps.account: received '12345'; expected a 12-digit AWS account id such as 111111111111"],
    [{ baseline: { env: { region: HOME } } }, 'MultiRegionBaselineProps.baseline.env: MultiRegionBaseline sets it for each region; remove it'],
    [{ baseline: { homeRegion: HOME } }, 'MultiRegionBaselineProps.baseline.homeRegion: MultiRegionBaseline sets it for each region; remove it'],
    [{ baseline: { memberRegions: [MEMBER] } }, 'MultiRegionBaselineProps.baseline.memberRegions: MultiRegionBaseline sets it for each region; remove it'],
  ] as Array<[Partial<MultiRegionBaselineProps>, string]>)('%j throws', (props, message) => {
    expect(() => multiRegion(props)).toThrow(message);
  });

  test('a Region newer than aws-cdk-lib gets its stack when listed in the additionalRegions context', () => {
    const app = new App({ context: { 'cdk-secure-baseline:additionalRegions': ['xx-east-1'] } });
    const baseline = multiRegion({ regions: [HOME, 'xx-east-1'] }, app);
    expect(baseline.memberStacks.map(stack => stack.region)).toEqual(['xx-east-1']);
  });

  test('no account and no CDK_DEFAULT_ACCOUNT throws', () => {
    const saved = process.env.CDK_DEFAULT_ACCOUNT;
    delete process.env.CDK_DEFAULT_ACCOUNT;
    try {
      expect(() => new MultiRegionBaseline(new App(), 'Baseline', { homeRegion: HOME, regions: [HOME] })).toThrow(
        "MultiRegionBaselineProps.account: not given, and CDK_DEFAULT_ACCOUNT is not set; the stacks refer to each other across regions, which needs a concrete account: pass account, e.g. account: '111111111111'");
    } finally {
      restoreEnv('CDK_DEFAULT_ACCOUNT', saved);
    }
  });

  test('a scope that is not an App or a Stage throws', () => {
    const stack = new Stack(new App(), 'Parent');
    expect(() => new MultiRegionBaseline(stack, 'Baseline', { homeRegion: HOME, regions: [HOME], account: ACCOUNT })).toThrow(
      "MultiRegionBaseline: scope 'Parent' is not an App or a Stage; the baseline's stacks are created in it");
  });

  test('a KMS key for EBS encryption cannot serve every region', () => {
    const app = new App();
    const key = new kms.Key(new Stack(app, 'Keys', { env: { account: ACCOUNT, region: HOME } }), 'Key');
    expect(() => multiRegion({ baseline: { ebsEncryption: { encryptionKey: key } } }, app)).toThrow(
      "SecureBaselineProps.ebsEncryption.encryptionKey: received a key in region 'eu-west-1' but it is used in 'eu-central-1'; "
      + "a KMS key works only in its own region: give a key of 'eu-central-1', or leave the key out");
  });
});

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) {
    delete process.env[name];
  } else {
    process.env[name] = value;
  }
}

describe('MultiRegionBaseline growing from one region to several', () => {
  /** Every physical name the home stack's template sets, by logical id and property. */
  function physicalNames(stack: Stack): Record<string, unknown> {
    const names: Record<string, unknown> = {};
    for (const [id, resource] of Object.entries<any>(Template.fromStack(stack).toJSON().Resources)) {
      for (const [prop, value] of Object.entries<any>(resource.Properties ?? {})) {
        if (/Name$/.test(prop) && prop !== 'DisplayName') {
          names[`${id}.${prop}`] = stack.resolve(value);
        }
      }
    }
    return names;
  }

  test('the home log bucket has the same name alone, with member regions, and as a plain SecureBaseline of the same stack name', () => {
    const alone = multiRegion({ regions: [HOME] }).homeStack;
    const grown = multiRegion({ regions: [HOME, MEMBER, 'us-east-1'] }).homeStack;
    const plain = new SecureBaseline(new App(), `SecureBaseline-${HOME}`, { env: { account: ACCOUNT, region: HOME } });
    const nameOf = (stack: SecureBaseline) => Template.fromStack(stack).toJSON().Resources[logicalId(stack.logBucket!)].Properties.BucketName;
    expect(nameOf(alone)).toMatch(/^securebaseline-eu-west-1logarchivebucket[0-9a-f]{20}$/);
    expect(nameOf(grown)).toBe(nameOf(alone));
    expect(nameOf(plain)).toBe(nameOf(alone));
  });

  test('no resource of the home stack changes its physical name or logical id when regions are added', () => {
    const alone = physicalNames(multiRegion({ regions: [HOME] }).homeStack);
    const grown = physicalNames(multiRegion({ regions: [HOME, MEMBER, 'us-east-1'] }).homeStack);
    expect(Object.keys(alone).length).toBeGreaterThan(0);
    for (const [key, name] of Object.entries(alone)) {
      expect([key, grown[key]]).toEqual([key, name]);
    }
  });
});

describe('MultiRegionBaseline and the global IAM resource types', () => {
  const recordsGlobal = (stack: SecureBaseline) => Template.fromStack(stack).findResources('Custom::ConfigRecorder', {
    Properties: { IncludeGlobalResourceTypes: true },
  });
  const recordersOf = (baseline: MultiRegionBaseline) => [baseline.homeStack, ...baseline.memberStacks]
    .filter(stack => Object.keys(recordsGlobal(stack)).length > 0)
    .map(stack => stack.region);
  const gapWarnings = (stack: SecureBaseline) => Annotations.fromStack(stack)
    .findWarning('*', Match.stringLikeRegexp('cdk-secure-baseline:globalIamTypesNotRecorded'));

  test('a home region where AWS Config can record them records them, and no member region does', () => {
    expect(recordersOf(multiRegion({ regions: [HOME, MEMBER, 'eu-central-2'] }))).toEqual([HOME]);
  });

  test('a newer home region leaves them to the first member region that can record them', () => {
    const baseline = multiRegion({ homeRegion: 'eu-central-2', regions: ['eu-central-2', 'eu-south-2', 'eu-west-3', MEMBER] });
    expect(recordersOf(baseline)).toEqual(['eu-west-3']);
    expect(gapWarnings(baseline.homeStack)).toEqual([]);
  });

  test('they are recorded in exactly one region for every home region of defaultEnabledRegions()', () => {
    const regions = MultiRegionBaseline.defaultEnabledRegions();
    for (const homeRegion of regions) {
      expect(recordersOf(multiRegion({ homeRegion, regions }))).toEqual([homeRegion]);
    }
  });

  test('no region of the list can record them: the home stack warns, naming the regions and how to close the gap', () => {
    const baseline = multiRegion({ homeRegion: 'eu-central-2', regions: ['eu-central-2', 'il-central-1'] });
    expect(recordersOf(baseline)).toEqual([]);
    const [warning] = gapWarnings(baseline.homeStack);
    expect(warning.entry.data).toContain('in eu-central-2, il-central-1');
    expect(warning.entry.data).toContain('add a Region where AWS Config existed before February 2022');
  });

  test('config.recordGlobalResourceTypes false records them nowhere, without a warning', () => {
    const baseline = multiRegion({ homeRegion: 'eu-central-2', regions: ['eu-central-2', MEMBER], baseline: { config: { recordGlobalResourceTypes: false } } });
    expect(recordersOf(baseline)).toEqual([]);
    expect(gapWarnings(baseline.homeStack)).toEqual([]);
  });

  test('config.recordGlobalResourceTypes true where no region of the list can record them fails the synth', () => {
    expect(() => multiRegion({ homeRegion: 'ca-west-1', regions: ['ca-west-1'], baseline: { config: { recordGlobalResourceTypes: true } } }))
      .toThrow('MultiRegionBaselineProps.baseline.config.recordGlobalResourceTypes: received true, but AWS Config cannot record the global IAM resource types in any of [ca-west-1]');
  });
});

describe('MultiRegionBaseline and regional features', () => {
  const DEFAULT_GUARDDUTY_FEATURES = ['S3_DATA_EVENTS', 'EKS_AUDIT_LOGS', 'EBS_MALWARE_PROTECTION', 'RDS_LOGIN_EVENTS', 'LAMBDA_NETWORK_LOGS'];
  const enabledFeatures = (stack: SecureBaseline) => {
    const [detector] = resourcesOf(Template.fromStack(stack), 'Custom::GuardDutyDetector');
    return detector.Properties.Features.filter((f: any) => f.Status === 'ENABLED').map((f: any) => f.Name);
  };

  test('every region of defaultEnabledRegions() gets every default GuardDuty feature and Inspector scan type', () => {
    const regions = MultiRegionBaseline.defaultEnabledRegions();
    const baseline = multiRegion({ homeRegion: 'us-east-1', regions });
    for (const stack of [baseline.homeStack, ...baseline.memberStacks]) {
      expect([stack.region, enabledFeatures(stack)]).toEqual([stack.region, DEFAULT_GUARDDUTY_FEATURES]);
      Template.fromStack(stack).hasResourceProperties('Custom::Inspector', { ResourceTypes: ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'] });
    }
  });

  test('a region without RDS Protection leaves that default feature out, with a note', () => {
    const baseline = multiRegion({ regions: [HOME, 'ap-east-2'] });
    const taipei = baseline.stackFor('ap-east-2');
    const [detector] = resourcesOf(Template.fromStack(taipei), 'Custom::GuardDutyDetector');
    expect(detector.Properties.Features.map((f: any) => f.Name)).not.toContain('RDS_LOGIN_EVENTS');
    expect(enabledFeatures(taipei)).toEqual(DEFAULT_GUARDDUTY_FEATURES.filter(name => name !== 'RDS_LOGIN_EVENTS'));
    expect(Annotations.fromStack(taipei).findInfo('*', Match.stringLikeRegexp('RDS Protection .* is not offered in ap-east-2'))).toHaveLength(1);
    expect(enabledFeatures(baseline.homeStack)).toEqual(DEFAULT_GUARDDUTY_FEATURES);
  });
});
