import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { decide, MEMBER_ACCOUNT, scpsOf } from './guardrails-simulation';
import { permissionPropagation, retryOptions } from '../../handler/aws-call';
import { standardsWait } from '../../handler/security-hub';
import { BaselineGuardrails } from '../../src/organization/baseline-guardrails';
import { BaselineStackSet } from '../../src/organization/baseline-stack-set';
import { DeployedTemplate } from '../iam/cfn-template';
import { FakeAws } from '../iam/fake-aws';
import { ENV, ProvedRequest, providerCustomResources, requestsOfCustomResource } from '../iam/provider-proof';

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
    baseline: stackSet.baseline,
    logBucketNames: ['stackset-baseline-*'],
    breakGlassRoleNames: ['BreakGlass'],
    cdkBootstrapQualifiers: ['baseline'],
    allowedRegions: [REGION, 'us-east-1'],
  });
  const assembly = (management.node.root as App).synth();
  const memberTemplate = JSON.parse(fs.readFileSync(path.join(assembly.directory, stackSet.templateAsset.assetPath), 'utf8'));
  return { scps: scpsOf(guardrails), memberTemplate, trailName: stackSet.baseline.auditTrail!.trailName };
}

const { scps, memberTemplate, trailName } = organization();
const trail = `arn:aws:cloudtrail:${REGION}:${MEMBER_ACCOUNT}:trail/${trailName}`;
const logBucket = 'stackset-baseline-0123456789ab-logarchivebucket-1a2b3c4d5e6f';

/** Each protected action, on the resource of the baseline it protects. */
const PROTECTED: Array<[string, string]> = [
  ['cloudtrail:StopLogging', trail],
  ['cloudtrail:DeleteTrail', trail],
  ['cloudtrail:UpdateTrail', trail],
  ['cloudtrail:PutEventSelectors', trail],
  ['config:StopConfigurationRecorder', `arn:aws:config:${REGION}:${MEMBER_ACCOUNT}:configuration-recorder/default/abcdef`],
  ['config:DeleteConfigurationRecorder', `arn:aws:config:${REGION}:${MEMBER_ACCOUNT}:configuration-recorder/default/abcdef`],
  ['config:DeleteDeliveryChannel', '*'],
  ['guardduty:DeleteDetector', `arn:aws:guardduty:${REGION}:${MEMBER_ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0`],
  ['guardduty:UpdateDetector', `arn:aws:guardduty:${REGION}:${MEMBER_ACCOUNT}:detector/12abc34d567e8fa901bc2d34e56789f0`],
  ['guardduty:DisassociateFromAdministratorAccount', '*'],
  ['securityhub:DisableSecurityHub', `arn:aws:securityhub:${REGION}:${MEMBER_ACCOUNT}:hub/default`],
  ['securityhub:BatchDisableStandards', `arn:aws:securityhub:${REGION}:${MEMBER_ACCOUNT}:hub/default`],
  ['securityhub:DisassociateFromAdministratorAccount', `arn:aws:securityhub:${REGION}:${MEMBER_ACCOUNT}:hub/default`],
  ['access-analyzer:DeleteAnalyzer', `arn:aws:access-analyzer:${REGION}:${MEMBER_ACCOUNT}:analyzer/ConsoleAnalyzer-1234`],
  ['ec2:DisableEbsEncryptionByDefault', '*'],
  ['s3:PutAccountPublicAccessBlock', '*'],
  ['iam:UpdateAccountPasswordPolicy', '*'],
  ['iam:DeleteAccountPasswordPolicy', '*'],
  ['iam:DeleteRole', role('cdk-secure-baseline/StackSet-Baseline-CloudWatchLogsRole-XyZ')],
  ['iam:PutRolePolicy', PROVIDER],
  ['iam:UpdateAssumeRolePolicy', PROVIDER],
  ['iam:PassRole', PROVIDER],
  ['iam:CreateRole', role('stacksets-exec-mine')],
  ['iam:AttachRolePolicy', BREAK_GLASS],
  ['iam:CreateRole', role(`cdk-baseline-deploy-role-${MEMBER_ACCOUNT}-${REGION}`)],
  ['s3:DeleteBucket', `arn:aws:s3:::${logBucket}`],
  ['s3:PutBucketPolicy', `arn:aws:s3:::${logBucket}`],
  ['s3:PutLifecycleConfiguration', `arn:aws:s3:::${logBucket}`],
  ['s3:DeleteObject', `arn:aws:s3:::${logBucket}/AWSLogs/${MEMBER_ACCOUNT}/CloudTrail/file.json.gz`],
];

describe('a member account principal', () => {
  test.each(PROTECTED)('is denied %s on %s', async (action, resource) => {
    expect(await decide(scps, { principal: MEMBER_ADMIN, action, resource })).toBe('ExplicitlyDenied');
  });

  test.each([
    ['cloudtrail:StopLogging', `arn:aws:cloudtrail:${REGION}:${MEMBER_ACCOUNT}:trail/team-data-events`],
    ['iam:PutRolePolicy', role('team/AppRole')],
    ['s3:DeleteBucket', 'arn:aws:s3:::team-bucket'],
    ['ec2:RunInstances', `arn:aws:ec2:${REGION}:${MEMBER_ACCOUNT}:instance/*`],
  ])('keeps %s on resources that are not the baseline\'s (%s)', async (action, resource) => {
    expect(await decide(scps, { principal: MEMBER_ADMIN, action, resource })).toBe('Allowed');
  });

  test('cannot leave the organization, and neither can an exempt role', async () => {
    for (const principal of [MEMBER_ADMIN, STACKSET_EXECUTION, BREAK_GLASS]) {
      expect(await decide(scps, { principal, action: 'organizations:LeaveOrganization', resource: '*' })).toBe('ExplicitlyDenied');
    }
  });
});

describe.each([
  ['the StackSet execution role', STACKSET_EXECUTION],
  ['AWS Control Tower\'s execution role', CONTROL_TOWER_EXECUTION],
  ['the break-glass role', BREAK_GLASS],
  ['the CDK bootstrap roles of the baseline\'s qualifier', CDK_EXECUTION],
  ['the baseline\'s provider function', PROVIDER],
])('%s', (_, principal) => {
  test.each(PROTECTED)('is allowed %s on %s', async (action, resource) => {
    expect(await decide(scps, { principal, action, resource })).toBe('Allowed');
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
