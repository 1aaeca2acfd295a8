import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, TagManager, aws_cloudwatch as cloudwatch, aws_events as events, aws_kms as kms, aws_lambda as lambda, aws_logs as logs, aws_sns as sns } from 'aws-cdk-lib';
import { ACCOUNT_KEY_POLICY, decide, MEMBER_ACCOUNT, scpsOf, takesResourceTag } from './guardrails-simulation';
import { MemberResources, TAMPER_MATRIX, TamperRow } from './tamper-matrix';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { standardsWait } from '../../handler/security-hub';
import { MultiRegionBaseline } from '../../src/multi-region/multi-region-baseline';
import { BaselineGuardrails } from '../../src/organization/baseline-guardrails';
import { BaselineStackSet } from '../../src/organization/baseline-stack-set';
import { STACK_NAME_TAG } from '../../src/organization/guardrail-protections';
import { DeployedTemplate } from '../iam/cfn-template';
import { FakeAws } from '../iam/fake-aws';
import { ENV, ProvedRequest, providerCustomResources, referenceProblems, requestsOfCustomResource } from '../iam/provider-proof';

const REGION = ENV.region;
const role = (nameWithPath: string) => `arn:aws:iam::${MEMBER_ACCOUNT}:role/${nameWithPath}`;
const MEMBER_ADMIN = role('Admin');
const BREAK_GLASS = role('BreakGlass');
const STACKSET_EXECUTION = role('stacksets-exec-0123456789abcdef0123456789abcdef');
const CONTROL_TOWER_EXECUTION = role('AWSControlTowerExecution');
const CDK_EXECUTION = role(`cdk-baseline-cfn-exec-role-${MEMBER_ACCOUNT}-${REGION}`);
const PROVIDER = role('cdk-secure-baseline/StackSet-Baseline-CustomSecureBaselineProvi-AbC123');

/** The rollout of the example organization app, in one management stack. */
function organization() {
  const management = new Stack(new App(), 'Management', { env: { account: ENV.managementAccount, region: REGION } });
  const stackSet = new BaselineStackSet(management, 'Baseline', { organizationalUnitIds: ['ou-a1b2-c3d4e5f6'], regions: [REGION] });
  const guardrails = new BaselineGuardrails(management, 'Guardrails', {
    targetIds: ['ou-a1b2-c3d4e5f6'],
    stackSet,
    logBucketNames: ['stackset-baseline-*'],
    breakGlassRoleNames: ['BreakGlass'],
    cdkBootstrapQualifiers: ['baseline'],
    allowedRegions: [REGION, 'us-east-1'],
  });
  const assembly = (management.node.root as App).synth();
  const memberTemplate = JSON.parse(fs.readFileSync(path.join(assembly.directory, stackSet.templateAsset.assetPath), 'utf8'));
  return { scps: scpsOf(guardrails), memberTemplate, trailName: stackSet.baseline.auditTrail!.trailName, stackSetName: stackSet.stackSetName };
}

const { scps, memberTemplate, trailName, stackSetName } = organization();
const trail = `arn:aws:cloudtrail:${REGION}:${MEMBER_ACCOUNT}:trail/${trailName}`;
const logBucket = 'stackset-baseline-0123456789ab-logarchivebucket-1a2b3c4d5e6f';
/** The StackSet's stack in a member account: StackSets names it `StackSet-<StackSet name>-<id>`. */
const STACK_NAME = `StackSet-${stackSetName}-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d`;
const MEMBER: MemberResources = {
  account: MEMBER_ACCOUNT,
  region: REGION,
  stackName: STACK_NAME,
  trailName,
  logBucket,
  providerRole: PROVIDER,
  serviceRole: role('cdk-secure-baseline/StackSet-Baseline-CloudWatchLogsRole-XyZ'),
  supportRole: role('StackSet-Baseline-SupportRole-XyZ'),
};
/** What the request context of an action on one of the baseline's stack resources carries. */
const STACK_TAG = { [`aws:ResourceTag/${STACK_NAME_TAG}`]: STACK_NAME };

function requestOf(row: TamperRow, principal: string) {
  return {
    principal,
    action: row.action,
    resource: row.resource(MEMBER),
    context: row.tagged ? STACK_TAG : undefined,
    resourcePolicy: row.action.startsWith('kms:') ? ACCOUNT_KEY_POLICY : undefined,
  };
}
const label = (row: TamperRow) => `${row.part}: ${row.route} (${row.kind}, ${row.action})`;
const [UNPROTECTED, PROTECTED] = partition(TAMPER_MATRIX, row => row.unprotected !== undefined);

describe('the tamper matrix', () => {
  test('has a route per row, each with a source, on a resource the action really takes', async () => {
    expect(TAMPER_MATRIX.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const row of TAMPER_MATRIX) {
      const request = requestOf(row, MEMBER_ADMIN);
      problems.push(...(await referenceProblems({ action: request.action, resource: request.resource })).map(p => `${label(row)}: ${p}`));
      if (row.tagged && !(await takesResourceTag(request.action, request.resource))) {
        problems.push(`${label(row)}: the Service Authorization Reference has no aws:ResourceTag for ${request.resource}, so the tag is not in the request`);
      }
    }
    expect(problems).toEqual([]);
    expect(new Set(TAMPER_MATRIX.map(label)).size).toBe(TAMPER_MATRIX.length);
  });

  test.each(PROTECTED.map(row => [label(row), row] as const))('denies a member administrator: %s', async (_, row) => {
    expect(await decide(scps, requestOf(row, MEMBER_ADMIN))).toBe('ExplicitlyDenied');
  });

  // The README says these routes are open: the simulation keeps it honest.
  test.each(UNPROTECTED.map(row => [label(row), row] as const))('leaves open, as the README says: %s', async (_, row) => {
    expect(await decide(scps, requestOf(row, MEMBER_ADMIN))).toBe('Allowed');
  });
});

/**
 * The resource types the tag-conditioned rows stand for, with their L1 class: aws-cdk-lib makes an L1 taggable exactly when
 * the CloudFormation registry schema says the type takes tags, which is when CloudFormation propagates the stack's
 * `aws:cloudformation:*` tags to it.
 */
const TAGGED_TYPES: Array<[string, any, object]> = [
  ['AWS::Lambda::Function', lambda.CfnFunction, { code: {}, role: 'arn:aws:iam::111122223333:role/r' }], ['AWS::KMS::Key', kms.CfnKey, {}], ['AWS::Logs::LogGroup', logs.CfnLogGroup, {}],
  ['AWS::CloudWatch::Alarm', cloudwatch.CfnAlarm, {}], ['AWS::SNS::Topic', sns.CfnTopic, {}], ['AWS::Events::Rule', events.CfnRule, {}],
];

describe('the StackSet member template', () => {
  test.each(TAGGED_TYPES)('has %s resources, and CloudFormation tags that type with the stack name', (type, cfnClass, props) => {
    const deployed = new DeployedTemplate(memberTemplate, ENV);
    expect(deployed.ofType(type).length).toBeGreaterThan(0);
    const instance = new cfnClass(new Stack(), 'Probe', props);
    expect(TagManager.isTaggable(instance) || TagManager.isTaggableV2(instance)).toBe(true);
  });

  test('runs its custom resources on functions of its own (the provider the tag statement protects), never on one outside the stack', () => {
    const deployed = new DeployedTemplate(memberTemplate, ENV);
    const functions = new Set(deployed.ofType('AWS::Lambda::Function'));
    const tokens = providerCustomResources(deployed).map(id => memberTemplate.Resources[id].Properties.ServiceToken);
    expect(tokens.length).toBeGreaterThan(5);
    for (const token of tokens) {
      expect(functions.has(token['Fn::GetAtt'][0])).toBe(true);
    }
  });
});

describe('a member account principal', () => {
  test.each([
    ['cloudtrail:StopLogging', `arn:aws:cloudtrail:${REGION}:${MEMBER_ACCOUNT}:trail/team-data-events`, {}, undefined],
    ['iam:PutRolePolicy', role('team/AppRole'), {}, undefined],
    ['s3:DeleteBucket', 'arn:aws:s3:::team-bucket', {}, undefined],
    ['ec2:RunInstances', `arn:aws:ec2:${REGION}:${MEMBER_ACCOUNT}:instance/*`, {}, undefined],
    // Functions, keys and log groups of other stacks carry their own stack's name.
    ['lambda:InvokeFunction', `arn:aws:lambda:${REGION}:${MEMBER_ACCOUNT}:function:team-app`, { [`aws:ResourceTag/${STACK_NAME_TAG}`]: 'team-app' }, undefined],
    ['lambda:UpdateFunctionCode', `arn:aws:lambda:${REGION}:${MEMBER_ACCOUNT}:function:hand-made`, {}, undefined],
    ['kms:ScheduleKeyDeletion', `arn:aws:kms:${REGION}:${MEMBER_ACCOUNT}:key/1234`, { [`aws:ResourceTag/${STACK_NAME_TAG}`]: 'StackSet-Other-0a1b' }, ACCOUNT_KEY_POLICY],
    ['cloudformation:DeleteStack', `arn:aws:cloudformation:${REGION}:${MEMBER_ACCOUNT}:stack/team-app/0a1b`, {}, undefined],
  ])('keeps %s on resources that are not the baseline\'s (%s)', async (action, resource, context, resourcePolicy) => {
    expect(await decide(scps, { principal: MEMBER_ADMIN, action, resource, context, resourcePolicy })).toBe('Allowed');
  });
});

describe.each([
  ['the StackSet execution role', STACKSET_EXECUTION],
  ['AWS Control Tower\'s execution role', CONTROL_TOWER_EXECUTION],
  ['the break-glass role', BREAK_GLASS],
  ['the CDK bootstrap roles of the baseline\'s qualifier', CDK_EXECUTION],
  ['the baseline\'s provider function', PROVIDER],
])('%s', (_, principal) => {
  test.each(PROTECTED.filter(row => !row.deniedToEveryone).map(row => [label(row), row] as const))('is allowed %s', async (__, row) => {
    expect(await decide(scps, requestOf(row, principal))).toBe('Allowed');
  });
});

describe('a baseline deployed with cdk deploy to several Regions of an account (MultiRegionBaseline)', () => {
  const app = new App();
  const regions = new MultiRegionBaseline(app, 'Regions', { account: MEMBER_ACCOUNT, homeRegion: REGION, regions: [REGION, 'eu-central-1'] });
  const stackNames = [regions.homeStack, ...regions.memberStacks].map(stack => stack.stackName);
  const management = new Stack(app, 'Management', { env: { account: ENV.managementAccount, region: REGION } });
  const guardrails = new BaselineGuardrails(management, 'Guardrails', { targetIds: [MEMBER_ACCOUNT], baselineStackNames: stackNames, cdkBootstrapQualifiers: ['baseline'] });
  const regionScps = scpsOf(guardrails);

  test.each(stackNames)('protects the provider function of %s, in its own Region', async (stackName) => {
    const region = stackName === regions.homeStack.stackName ? REGION : 'eu-central-1';
    const request = {
      action: 'lambda:InvokeFunction',
      resource: `arn:aws:lambda:${region}:${MEMBER_ACCOUNT}:function:${stackName}-CustomSecureBaselineProvi-AbC123`,
      region,
      context: { [`aws:ResourceTag/${STACK_NAME_TAG}`]: stackName },
    };
    expect(stackNames).toHaveLength(2);
    expect(await decide(regionScps, { principal: MEMBER_ADMIN, ...request })).toBe('ExplicitlyDenied');
    expect(await decide(regionScps, { principal: CDK_EXECUTION, ...request })).toBe('Allowed');
  });
});

describe('the roles that deploy the baseline', () => {
  // CloudFormation invokes a custom resource's function with the stack's credentials: the StackSet execution role
  // in a member account, the CDK CloudFormation execution role for `cdk deploy`, else the caller's.
  test.each([
    ['the StackSet execution role', STACKSET_EXECUTION],
    ['AWS Control Tower\'s execution role', CONTROL_TOWER_EXECUTION],
    ['the CDK CloudFormation execution role', CDK_EXECUTION],
  ])('%s can invoke the provider and update the stack', async (_, principal) => {
    for (const action of ['lambda:InvokeFunction', 'lambda:UpdateFunctionCode', 'lambda:UpdateFunctionConfiguration', 'lambda:DeleteFunction']) {
      expect(await decide(scps, { principal, action, resource: TAMPER_MATRIX[0].resource(MEMBER), context: STACK_TAG })).toBe('Allowed');
    }
    for (const action of ['cloudformation:CreateChangeSet', 'cloudformation:ExecuteChangeSet', 'cloudformation:UpdateStack', 'cloudformation:DeleteStack']) {
      expect(await decide(scps, { principal, action, resource: `arn:aws:cloudformation:${REGION}:${MEMBER_ACCOUNT}:stack/${STACK_NAME}/0a1b` })).toBe('Allowed');
    }
  });

  test('a member administrator cannot leave the organization, and neither can an exempt role', async () => {
    for (const principal of [MEMBER_ADMIN, STACKSET_EXECUTION, BREAK_GLASS]) {
      expect(await decide(scps, { principal, action: 'organizations:LeaveOrganization', resource: '*' })).toBe('ExplicitlyDenied');
    }
  });
});

describe('the Region restriction', () => {
  test.each([
    ['ec2:RunInstances', `arn:aws:ec2:ap-southeast-2:${MEMBER_ACCOUNT}:instance/*`, 'ap-southeast-2'],
    ['guardduty:CreateDetector', '*', 'sa-east-1'],
    ['s3:CreateBucket', 'arn:aws:s3:::new-bucket', 'us-west-2'],
  ])('denies %s outside the allowed Regions (%s in %s)', async (action, resource, region) => {
    expect(await decide(scps, { principal: MEMBER_ADMIN, action, resource, region })).toBe('ExplicitlyDenied');
  });

  test.each([
    ['ec2:RunInstances', `arn:aws:ec2:${REGION}:${MEMBER_ACCOUNT}:instance/*`, REGION],
    ['lambda:InvokeFunction', `arn:aws:lambda:us-east-1:${MEMBER_ACCOUNT}:function:f`, 'us-east-1'],
  ])('allows %s in an allowed Region (%s in %s)', async (action, resource, region) => {
    expect(await decide(scps, { principal: MEMBER_ADMIN, action, resource, region })).toBe('Allowed');
  });

  // Global services answer from one Region (us-east-1 for most), so their requests carry it whatever the user chose.
  test.each([
    ['iam:CreateUser', role('x').replace(':role/x', ':user/x')],
    ['sts:AssumeRole', role('ReadOnly')],
    ['organizations:DescribeOrganization', '*'],
    ['cloudfront:ListDistributions', '*'],
    ['route53:ChangeResourceRecordSets', 'arn:aws:route53:::hostedzone/Z1'],
    ['support:CreateCase', '*'],
    ['s3:PutAccountPublicAccessBlock', '*'],
  ])('allows the global service action %s wherever it is answered', async (action, resource) => {
    const decision = await decide(scps, { principal: MEMBER_ADMIN, action, resource, region: 'us-west-2' });
    // s3:PutAccountPublicAccessBlock stays denied, by the statement that protects the baseline, not by the Region.
    expect(decision).toBe(action === 's3:PutAccountPublicAccessBlock' ? 'ExplicitlyDenied' : 'Allowed');
  });

  test('does not restrict the exempt roles', async () => {
    for (const principal of [STACKSET_EXECUTION, BREAK_GLASS, PROVIDER]) {
      expect(await decide(scps, { principal, action: 'ec2:RunInstances', resource: `arn:aws:ec2:ap-southeast-2:${MEMBER_ACCOUNT}:instance/*`, region: 'ap-southeast-2' }))
        .toBe('Allowed');
    }
  });
});

describe('the baseline StackSet under the guardrails', () => {
  let aws: FakeAws;
  let requests: ProvedRequest[];
  let providerRoleArn: string;
  beforeAll(async () => {
    retryOptions.baseDelayMs = 0;
    permissionPropagation.windowMs = 0;
    standardsWait.delayMs = 0;
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    aws = new FakeAws(ENV.account);
    const deployed = new DeployedTemplate(memberTemplate, ENV);
    const roles = deployed.ofType('AWS::IAM::Role').map(id => deployed.arnOf(id));
    providerRoleArn = roles.find(arn => /customsecurebaselineprovider/i.test(arn))!;
    requests = [];
    for (const id of providerCustomResources(deployed)) {
      requests.push(...await requestsOfCustomResource(aws, deployed.propertiesOf(id)));
    }
  }, 120_000);
  afterAll(() => aws.restore());

  test('puts every service role of the member template under the path the guardrails exempt and protect, and the support role outside it', () => {
    const deployed = new DeployedTemplate(memberTemplate, ENV);
    // People assume the support role: under the path, their sessions would be exempt from the guardrails.
    const [supportRoles, serviceRoles] = partition(deployed.ofType('AWS::IAM::Role'), id => /^SupportRole/.test(id));
    expect(serviceRoles.length).toBeGreaterThan(0);
    expect(serviceRoles.map(id => deployed.arnOf(id))).toEqual(serviceRoles.map(() => expect.stringMatching(/:role\/cdk-secure-baseline\/[^/]+$/)));
    expect(supportRoles).toHaveLength(1);
    expect(deployed.arnOf(supportRoles[0])).not.toContain('/cdk-secure-baseline/');
    expect(providerRoleArn).toBeDefined();
  });

  test('the provider can still make every request of its Create, Update and Delete, in every account state', async () => {
    expect(requests.length).toBeGreaterThan(20);
    const denied: string[] = [];
    for (const request of requests) {
      if (await decide(scps, { principal: providerRoleArn, action: request.action, resource: request.resource, context: request.context }) !== 'Allowed') {
        denied.push(`${request.origin}: ${request.action} on ${request.resource}`);
      }
    }
    expect(denied).toEqual([]);
  }, 120_000);

  test('the same requests from a member principal are denied where they change what the guardrails protect', async () => {
    const denied = new Set<string>();
    for (const request of requests) {
      if (await decide(scps, { principal: MEMBER_ADMIN, action: request.action, resource: request.resource, context: request.context }) === 'ExplicitlyDenied') {
        denied.add(request.action);
      }
    }
    expect([...denied]).toEqual(expect.arrayContaining(['iam:UpdateAccountPasswordPolicy', 's3:PutAccountPublicAccessBlock', 'guardduty:UpdateDetector']));
  }, 120_000);

  test('the StackSet execution role can create, update and delete the template\'s resources that the guardrails protect', async () => {
    const deployed = new DeployedTemplate(memberTemplate, ENV);
    const operations: Array<[string, string]> = [
      ...['cloudtrail:CreateTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors', 'cloudtrail:StartLogging', 'cloudtrail:DeleteTrail'].map(a => [a, trail] as [string, string]),
      ...deployed.ofType('AWS::IAM::Role').flatMap(id => ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PassRole', 'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole']
        .map(a => [a, deployed.arnOf(id)] as [string, string])),
      ...['s3:PutBucketPolicy', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutEncryptionConfiguration', 's3:DeleteBucket'].map(a => [a, `arn:aws:s3:::${logBucket}`] as [string, string]),
    ];
    for (const [action, resource] of operations) {
      expect({ action, resource, decision: await decide(scps, { principal: STACKSET_EXECUTION, action, resource }) }).toEqual({ action, resource, decision: 'Allowed' });
    }
  });
});

function partition<T>(items: T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter(item => !test(item))];
}
