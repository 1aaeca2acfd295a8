import * as fs from 'fs';
import * as path from 'path';
import { App, Annotations as CoreAnnotations, BootstraplessSynthesizer, DefaultStackSynthesizer, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { BaselineGuardrails } from '../../src/organization/baseline-guardrails';
import {
  BaselineStackSet, BaselineStackSetProps, CallAs, FailureToleranceMode, RegionConcurrency,
} from '../../src/organization/baseline-stack-set';
import { INLINE_CUSTOM_RESOURCES_CONTEXT } from '../../src/private/baseline-custom-resource';
import { unknownRegionMessage } from '../helpers';

const OU = 'ou-ab12-cdef3456';
const ENV = { account: '111111111111', region: 'eu-west-1' };

function managementStack(app: App = new App()): Stack {
  return new Stack(app, 'Management', { env: ENV });
}

function stackSet(props: Partial<BaselineStackSetProps> = {}, stack: Stack = managementStack()) {
  const construct = new BaselineStackSet(stack, 'Baseline', { organizationalUnitIds: [OU], regions: ['eu-west-1'], ...props });
  return { stack, construct, template: Template.fromStack(stack) };
}

/** The member template as StackSets receives it: the asset file in the management stack's cloud assembly. */
function memberTemplate(stack: Stack, construct: BaselineStackSet): any {
  const assembly = (stack.node.root as App).synth();
  return JSON.parse(fs.readFileSync(path.join(assembly.directory, construct.templateAsset.assetPath), 'utf8'));
}

describe('BaselineStackSet: the StackSet', () => {
  let shared: ReturnType<typeof stackSet>;
  beforeAll(() => { shared = stackSet(); });

  test('one service-managed StackSet with automatic deployment that retains stacks, and no other resource', () => {
    const { template, construct, stack } = shared;
    template.resourceCountIs('AWS::CloudFormation::StackSet', 1);
    expect(Object.keys(template.toJSON().Resources)).toHaveLength(1);
    template.hasResourceProperties('AWS::CloudFormation::StackSet', Match.objectEquals({
      StackSetName: construct.stackSetName,
      Description: `cdk-secure-baseline: security baseline for the accounts of ${OU}`,
      PermissionModel: 'SERVICE_MANAGED',
      CallAs: 'SELF',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [OU] }, Regions: ['eu-west-1'] }],
      Capabilities: ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM'],
      OperationPreferences: {
        FailureTolerancePercentage: 0,
        MaxConcurrentPercentage: 25,
        ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        RegionConcurrencyType: 'PARALLEL',
      },
      ManagedExecution: { Active: true },
      TemplateURL: stack.resolve(construct.templateAsset.httpUrl),
    }));
  });

  test('TemplateURL is the https URL of the template asset in the bootstrap bucket', () => {
    const { template, construct } = shared;
    const [resource] = Object.values<any>(template.findResources('AWS::CloudFormation::StackSet'));
    expect(resource.Properties.TemplateURL).toEqual({
      'Fn::Sub': `https://s3.eu-west-1.\${AWS::URLSuffix}/cdk-hnb659fds-assets-111111111111-eu-west-1/${construct.templateAsset.assetHash}.json`,
    });
  });

  test('the member template is the only asset of the management stack besides its own template', () => {
    const { stack, construct } = shared;
    const assembly = (stack.node.root as App).synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Management.assets.json'), 'utf8'));
    const sources = Object.entries<any>(manifest.files).map(([hash, file]) => [hash, file.source]);
    expect(sources).toEqual([
      [construct.templateAsset.assetHash, { path: `asset.${construct.templateAsset.assetHash}.json`, packaging: 'file' }],
      [expect.any(String), { path: 'Management.template.json', packaging: 'file' }],
    ]);
    expect(manifest.dockerImages).toEqual({});
  });

  test('the StackSet name is generated, starts with a letter and fits the StackSetName pattern', () => {
    const stack = managementStack();
    const first = new BaselineStackSet(stack, 'First', { organizationalUnitIds: [OU], regions: ['eu-west-1'] });
    const second = new BaselineStackSet(stack, 'Second', { organizationalUnitIds: [OU], regions: ['eu-west-1'] });
    for (const name of [first.stackSetName, second.stackSetName]) {
      expect(name).toMatch(/^[a-zA-Z][a-zA-Z0-9-]{0,127}$/);
    }
    expect(first.stackSetName).not.toEqual(second.stackSetName);
    expect(first.stackSetName).toMatch(/^Management-First-/);
  });

  test('options reach the StackSet', () => {
    const { template } = stackSet({
      organizationalUnitIds: [OU, 'r-ab12'],
      regions: ['eu-west-1', 'us-east-1'],
      callAs: CallAs.DELEGATED_ADMIN,
      retainStacksOnAccountRemoval: false,
      failureTolerancePercentage: 10,
      maxConcurrentPercentage: 50,
      failureToleranceMode: FailureToleranceMode.STRICT,
      regionConcurrency: RegionConcurrency.SEQUENTIAL,
      description: 'Baseline for workloads',
    });
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      Description: 'Baseline for workloads',
      CallAs: 'DELEGATED_ADMIN',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
      StackInstancesGroup: [{ DeploymentTargets: { OrganizationalUnitIds: [OU, 'r-ab12'] }, Regions: ['eu-west-1', 'us-east-1'] }],
      OperationPreferences: {
        FailureTolerancePercentage: 10,
        MaxConcurrentPercentage: 50,
        ConcurrencyMode: 'STRICT_FAILURE_TOLERANCE',
        RegionConcurrencyType: 'SEQUENTIAL',
      },
    });
  });

  test('without automatic deployment, RetainStacksOnAccountRemoval is left out (CloudFormation allows it only when enabled)', () => {
    const { template } = stackSet({ autoDeployment: false });
    template.hasResourceProperties('AWS::CloudFormation::StackSet', {
      AutoDeployment: Match.objectEquals({ Enabled: false }),
    });
  });

  test('several Regions: a warning that account-wide parts are deployed once per Region', () => {
    const { stack } = stackSet({ regions: ['eu-west-1', 'eu-central-1'] });
    Annotations.fromStack(stack).hasWarning('/Management/Baseline',
      Match.stringLikeRegexp('^The baseline is deployed in 2 Regions per account, and its account-wide parts .* \\[ack: cdk-secure-baseline:stackSetAccountWideSettingsPerRegion\\]$'));
  });

  test('one Region: no warning', () => {
    const { stack } = shared;
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('Regions per account'))).toEqual([]);
  });
});

describe('BaselineStackSet: the member template', () => {
  let template: any;
  let construct: BaselineStackSet;
  beforeAll(() => {
    const made = stackSet();
    construct = made.construct;
    template = memberTemplate(made.stack, made.construct);
  });

  test('has the provider code inline: Code.ZipFile, Handler index.handler, answering CloudFormation itself (no cfn-response)', () => {
    const functions = Object.values<any>(template.Resources).filter(r => r.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(1);
    const [fn] = functions;
    expect(Object.keys(fn.Properties.Code)).toEqual(['ZipFile']);
    expect(fn.Properties.Handler).toBe('index.handler');
    expect(fn.Properties.Runtime).toBe('nodejs22.x');
    // CloudFormation injects cfn-response only in some cases; the code PUTs its answer to the ResponseURL.
    expect(fn.Properties.Code.ZipFile).not.toContain('cfn-response');
    expect(fn.Properties.Code.ZipFile).toContain('ResponseURL');
  });

  test('refers to no asset: nothing in S3, no asset manifest in the member assembly', () => {
    expect(JSON.stringify(template)).not.toMatch(/cdk-hnb659fds|AssetParameters|"S3Key"/);
    for (const fn of Object.values<any>(template.Resources).filter(r => r.Type === 'AWS::Lambda::Function')) {
      expect(fn.Properties.Code.S3Bucket).toBeUndefined();
    }
    const artifact = (construct.baseline.node.root as App).synth().getStackArtifact(construct.baseline.artifactId);
    expect(artifact.assets).toEqual([]);
    expect(artifact.dependencies.map(d => d.id)).toEqual([]);
  });

  test('has no CDK bootstrap version parameter or rule, and no CDKMetadata resource', () => {
    expect(template.Parameters ?? {}).toEqual({});
    expect(template.Rules ?? {}).toEqual({});
    expect(Object.values<any>(template.Resources).filter(r => r.Type === 'AWS::CDK::Metadata')).toEqual([]);
  });

  test('is the baseline synthesized with BootstraplessSynthesizer, environment-agnostic', () => {
    expect(construct.baseline.synthesizer).toBeInstanceOf(BootstraplessSynthesizer);
    expect(construct.baseline.environment).toBe('aws://unknown-account/unknown-region');
  });

  test('is larger than the 51,200 bytes TemplateBody takes, hence TemplateURL', () => {
    expect(Buffer.byteLength(JSON.stringify(template))).toBeGreaterThan(51_200);
  });

  test('holds the default baseline: GuardDuty, Security Hub, Access Analyzer, the trail', () => {
    const types = Object.values<any>(template.Resources).map(r => r.Type);
    expect(types).toEqual(expect.arrayContaining([
      'Custom::GuardDutyDetector', 'Custom::SecurityHub', 'Custom::AccessAnalyzer', 'AWS::CloudTrail::Trail',
    ]));
  });
});

describe('BaselineStackSet: what cdk synth shows of the member baseline', () => {
  test('a construct added to the member baseline after its template was written fails the synth, naming it', () => {
    const app = new App();
    const construct = new BaselineStackSet(managementStack(app), 'Baseline', { organizationalUnitIds: [OU], regions: ['eu-west-1'] });
    new s3.Bucket(construct.baseline, 'Extra');
    expect(() => app.synth()).toThrow(
      "BaselineStackSet Management/Baseline: 'SecureBaseline/Extra' was added to the member baseline after its template was written "
      + '(when the BaselineStackSet was created), so the StackSet would not deploy it: configure the member baseline through BaselineStackSetProps.baseline, '
      + 'or deploy the addition in a StackSet of your own');
  });

  test('the member baseline\'s warnings are shown on the BaselineStackSet, acknowledgeable by their own ids', () => {
    Annotations.fromStack(stackSet().stack).hasWarning('/Management/Baseline', Match.stringLikeRegexp(
      '^The member baseline \\(SecureBaseline\\): No budget is set, so nobody is told when spending runs away; set budget: \\{ monthlyLimitUsd: ... \\} \\[ack: cdk-secure-baseline:noBudget\\]$'));
    const stack = managementStack();
    const construct = new BaselineStackSet(stack, 'Baseline', { organizationalUnitIds: [OU], regions: ['eu-west-1'] });
    CoreAnnotations.of(construct).acknowledgeWarning('cdk-secure-baseline:noBudget', 'the organization budget covers member accounts');
    expect(Annotations.fromStack(stack).findWarning('/Management/Baseline', Match.stringLikeRegexp('No budget is set'))).toEqual([]);
  });

  test('guardrails of the same app that deny a Region of the StackSet: a warning naming the Regions and both constructs', () => {
    const app = new App();
    const stack = managementStack(app);
    new BaselineGuardrails(stack, 'Guardrails', { targetIds: ['r-ab12'], allowedRegions: ['eu-west-1'] });
    stackSet({ regions: ['eu-west-1', 'eu-central-1'] }, stack);
    Annotations.fromStack(stack).hasWarning('/Management/Baseline',
      'BaselineStackSetProps.regions: eu-central-1 not in the allowedRegions [eu-west-1] of the BaselineGuardrails Management/Guardrails; '
      + 'where its targets (r-ab12) hold accounts of the StackSet\'s organizational units, its SCP denies everyone but the exempt roles there: add the Region to allowedRegions, or remove it from regions '
      + '[ack: cdk-secure-baseline:stackSetRegionDeniedByGuardrails]');
  });

  test('guardrails that allow every Region of the StackSet, or restrict none: no such warning', () => {
    const app = new App();
    const stack = managementStack(app);
    new BaselineGuardrails(stack, 'Guardrails', { targetIds: ['r-ab12'], allowedRegions: ['eu-west-1', 'eu-central-1'] });
    new BaselineGuardrails(stack, 'Unrestricted', { targetIds: ['r-ab12'] });
    stackSet({ regions: ['eu-west-1', 'eu-central-1'] }, stack);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('allowedRegions'))).toEqual([]);
  });
});

describe('BaselineStackSet: the member baseline props', () => {
  test('reach the member baseline', () => {
    const { stack, construct } = stackSet({ baseline: { guardDuty: { enabled: false }, notificationEmails: ['security@example.com'] } });
    const member = memberTemplate(stack, construct);
    const types = Object.values<any>(member.Resources).map(r => r.Type);
    expect(types).not.toContain('Custom::GuardDutyDetector');
    expect(Object.values<any>(member.Resources)).toContainEqual(expect.objectContaining({
      Type: 'AWS::SNS::Subscription', Properties: expect.objectContaining({ Endpoint: 'security@example.com', Protocol: 'email' }),
    }));
  });

  test('the member baseline\'s nag packs run when it is synthesized: a finding fails with its rule and path', () => {
    expect(() => stackSet({ baseline: { cloudTrail: { sendToCloudWatchLogs: false }, nagPacks: [new NIST80053R5Checks()] } }))
      .toThrow(/^BaselineStackSet Management\/Baseline: the member baseline for eu-west-1 failed synthesis, so no StackSet template was written: .*\[NIST\.800\.53\.R5-CloudTrailCloudWatchLogsEnabled\] SecureBaseline\/AuditTrail/s);
  });

  test('the app\'s context carries over to the member app, with the inline provider flag set', () => {
    const app = new App({ context: { '@aws-cdk/aws-iam:minimizePolicies': true, 'custom:key': 'value' } });
    const { construct } = stackSet({}, managementStack(app));
    expect(construct.baseline.node.tryGetContext('custom:key')).toBe('value');
    expect(construct.baseline.node.tryGetContext('@aws-cdk/aws-iam:minimizePolicies')).toBe(true);
    expect(construct.baseline.node.tryGetContext(INLINE_CUSTOM_RESOURCES_CONTEXT)).toBe(true);
  });

  test('the member app writes inside the management app\'s cloud assembly directory', () => {
    const app = new App();
    const { construct } = stackSet({}, managementStack(app));
    const memberOutdir = (construct.baseline.node.root as App).outdir;
    expect(path.dirname(memberOutdir)).toBe(app.outdir);
    expect(path.basename(memberOutdir)).toMatch(/^stackset\.ManagementBaseline[0-9A-F]{8}\.out$/);
  });
});

describe('BaselineStackSet validation', () => {
  const base: BaselineStackSetProps = { organizationalUnitIds: [OU], regions: ['eu-west-1'] };
  const make = (props: Partial<BaselineStackSetProps>) => () => new BaselineStackSet(managementStack(), 'Baseline', { ...base, ...props });

  test.each([
    [{ organizationalUnitIds: [] }, 'BaselineStackSetProps.organizationalUnitIds: received an empty list; give at least one OU id (ou-xxxx-xxxxxxxx) or the root id (r-xxxx)'],
    [{ organizationalUnitIds: ['ou-AB12-cdef3456'] }, "BaselineStackSetProps.organizationalUnitIds: received 'ou-AB12-cdef3456'; expected an OU id such as ou-ab12-cdef3456 or a root id such as r-ab12 (lower-case letters and digits)"],
    [{ organizationalUnitIds: ['ou-ab12-cdef'] }, "BaselineStackSetProps.organizationalUnitIds: received 'ou-ab12-cdef'; expected an OU id such as ou-ab12-cdef3456 or a root id such as r-ab12 (lower-case letters and digits)"],
    [{ organizationalUnitIds: ['o-abcdefghij'] }, "BaselineStackSetProps.organizationalUnitIds: received 'o-abcdefghij'; expected an OU id such as ou-ab12-cdef3456 or a root id such as r-ab12 (lower-case letters and digits)"],
    [{ organizationalUnitIds: ['123456789012'] }, "BaselineStackSetProps.organizationalUnitIds: received '123456789012'; expected an OU id such as ou-ab12-cdef3456 or a root id such as r-ab12 (lower-case letters and digits)"],
    [{ organizationalUnitIds: [OU, OU] }, `BaselineStackSetProps.organizationalUnitIds: '${OU}' is listed twice; list each value once`],
    [{ regions: [] }, 'BaselineStackSetProps.regions: received an empty list; give at least one Region such as eu-west-1'],
    [{ regions: ['eu-west'] }, "BaselineStackSetProps.regions[0]: received 'eu-west'; expected a region name such as 'eu-west-1'"],
    [{ regions: ['EU-WEST-1'] }, "BaselineStackSetProps.regions[0]: received 'EU-WEST-1'; expected a region name such as 'eu-west-1'"],
    [{ regions: ['eu-west-1a'] }, "BaselineStackSetProps.regions[0]: received 'eu-west-1a'; expected a region name such as 'eu-west-1'"],
    [{ regions: ['eu-west-1', 'eu-westt-1'] }, unknownRegionMessage('BaselineStackSetProps.regions[1]', 'eu-westt-1', "'eu-west-1'")],
    [{ regions: ['eu-west-1', 'eu-west-1'] }, "BaselineStackSetProps.regions: 'eu-west-1' is listed twice; list each value once"],
    [{ failureTolerancePercentage: 101 }, 'BaselineStackSetProps.failureTolerancePercentage: received 101; expected a whole number from 0 to 100'],
    [{ failureTolerancePercentage: -1 }, 'BaselineStackSetProps.failureTolerancePercentage: received -1; expected a whole number from 0 to 100'],
    [{ failureTolerancePercentage: 12.5 }, 'BaselineStackSetProps.failureTolerancePercentage: received 12.5; expected a whole number from 0 to 100'],
    [{ maxConcurrentPercentage: 0 }, 'BaselineStackSetProps.maxConcurrentPercentage: received 0; expected a whole number from 1 to 100'],
    [{ maxConcurrentPercentage: 101 }, 'BaselineStackSetProps.maxConcurrentPercentage: received 101; expected a whole number from 1 to 100'],
    [{ autoDeployment: false, retainStacksOnAccountRemoval: true }, 'BaselineStackSetProps.retainStacksOnAccountRemoval: received true but autoDeployment is false; it only applies to automatic deployments, so remove it or set autoDeployment: true'],
  ] as Array<[Partial<BaselineStackSetProps>, string]>)('%j', (props, message) => {
    expect(make(props)).toThrow(message);
    expect(make(props)).toThrow(new Error(message));
  });

  test('baseline.env', () => {
    expect(make({ baseline: { env: { account: '222222222222', region: 'eu-west-1' } } })).toThrow(new Error(
      'BaselineStackSetProps.baseline.env: received {"account":"222222222222","region":"eu-west-1"}; the StackSet deploys one template to every target account '
      + 'and Region, so the baseline must be environment-agnostic: remove env and choose accounts and Regions with organizationalUnitIds and regions'));
  });

  test('baseline.synthesizer', () => {
    expect(make({ baseline: { synthesizer: new DefaultStackSynthesizer() } })).toThrow(new Error(
      'BaselineStackSetProps.baseline.synthesizer: a synthesizer was given; the StackSet template is synthesized with BootstraplessSynthesizer '
      + '(no assets, no bootstrap version check, so never-bootstrapped accounts work): remove synthesizer'));
  });

  test('baseline.stackName', () => {
    expect(make({ baseline: { stackName: 'Baseline' } })).toThrow(new Error(
      "BaselineStackSetProps.baseline.stackName: received 'Baseline'; StackSets names each account's stack after the StackSet (StackSet-<name>-<id>): remove stackName"));
  });

  test.each([
    [{ organizationalUnitIds: ['r-ab12'] }],
    [{ organizationalUnitIds: ['ou-ab12-cdef3456ghij', 'r-0a1b2c3d'] }],
    [{ regions: ['us-gov-west-1', 'cn-north-1', 'ap-southeast-5', 'eusc-de-east-1'] }],
    [{ failureTolerancePercentage: 100, maxConcurrentPercentage: 1 }],
  ] as Array<[Partial<BaselineStackSetProps>]>)('accepts %j', (props) => {
    expect(make(props)).not.toThrow();
  });
});

describe('BaselineStackSet and cdk-nag', () => {
  const packs: Array<[string, () => NagPack]> = [
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
    ['HIPAA Security', () => new HIPAASecurityChecks()],
    ['PCI DSS 3.2.1', () => new PCIDSS321Checks()],
  ];
  let stack: Stack;
  beforeAll(() => { stack = stackSet().stack; });

  test.each(packs)('the management stack has no %s finding', (_name, pack) => {
    expect(pack().validateScope(stack).violations).toEqual([]);
  });
});
