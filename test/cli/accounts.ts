import { AccessAnalyzerClient, ListAnalyzersCommand } from '@aws-sdk/client-accessanalyzer';
import { AccountClient, GetAlternateContactCommand } from '@aws-sdk/client-account';
import { BudgetsClient, DescribeBudgetsCommand, DescribeNotificationsForBudgetCommand } from '@aws-sdk/client-budgets';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import {
  ConfigServiceClient, DescribeConfigurationRecordersCommand, DescribeConfigurationRecorderStatusCommand, DescribeDeliveryChannelsCommand,
} from '@aws-sdk/client-config-service';
import { CostExplorerClient, GetAnomalySubscriptionsCommand } from '@aws-sdk/client-cost-explorer';
import { DetectiveClient, ListGraphsCommand, ListInvitationsCommand } from '@aws-sdk/client-detective';
import { DescribeSecurityGroupsCommand, EC2Client, GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { GetAdministratorAccountCommand as GetGuardDutyAdministratorCommand, GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { GetAccountSummaryCommand, GetLoginProfileCommand, IAMClient, ListMFADevicesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { BatchGetAccountStatusCommand, GetMemberCommand, Inspector2Client } from '@aws-sdk/client-inspector2';
import { GetMacieSessionCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { GetPublicAccessBlockCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import {
  DescribeHubCommand, GetAdministratorAccountCommand as GetSecurityHubAdministratorCommand, GetEnabledStandardsCommand, GetFindingsCommand,
  SecurityHubClient, StandardsStatus, StandardsSubscription,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeTrustedAdvisorChecksCommand, DescribeTrustedAdvisorCheckSummariesCommand, SupportClient } from '@aws-sdk/client-support';
import { GetWebACLCommand, ListWebACLsCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';

export const ACCOUNT = '111111111111';
export const ADMINISTRATOR = '222222222222';
const DETECTIVE_GRAPH = `arn:aws:detective:us-east-1:${ADMINISTRATOR}:graph:abc123`;
/** WAF web ACL ids are UUIDs (GetWebACL's model pattern). */
export const WEB_ACL_ID = 'a1b2c3d4-5678-90ab-cdef-0123456789ab';
export const REGION = 'eu-west-1';

/** An error the way the SDK throws what a service answered: its `name` is the error code. */
export function awsError(name: string, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: {} });
}

/** Every client the CLI makes, mocked. Unconfigured commands answer undefined (an empty response). */
export function mockAll() {
  return {
    sts: mockClient(STSClient),
    accessAnalyzer: mockClient(AccessAnalyzerClient),
    account: mockClient(AccountClient),
    budgets: mockClient(BudgetsClient),
    cloudTrail: mockClient(CloudTrailClient),
    config: mockClient(ConfigServiceClient),
    costExplorer: mockClient(CostExplorerClient),
    detective: mockClient(DetectiveClient),
    ec2: mockClient(EC2Client),
    guardDuty: mockClient(GuardDutyClient),
    iam: mockClient(IAMClient),
    inspector: mockClient(Inspector2Client),
    macie: mockClient(Macie2Client),
    organizations: mockClient(OrganizationsClient),
    s3Control: mockClient(S3ControlClient),
    securityHub: mockClient(SecurityHubClient),
    support: mockClient(SupportClient),
    waf: mockClient(WAFV2Client),
  };
}
export type Mocks = ReturnType<typeof mockAll>;

/** Each mock's sent commands, as constructor names: the read-only test checks them all. */
export function sentCommands(mocks: Mocks): string[] {
  return (Object.values(mocks) as AwsClientStub<any>[]).flatMap(mock => mock.calls().map(call => (call.args[0] as object).constructor.name));
}

/**
 * A new, standalone account with nothing switched on: what each API answers when the feature is off
 * (the errors are the ones the API references name for that case).
 */
export function bareAccount(mocks: Mocks): void {
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
  mocks.account.on(GetAlternateContactCommand).rejects(awsError('ResourceNotFoundException', 'No contact of the inputted alternate contact type found.'));
  mocks.organizations.on(DescribeOrganizationCommand).rejects(awsError('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'));
  mocks.securityHub.on(DescribeHubCommand).rejects(awsError('InvalidAccessException', `Account ${ACCOUNT} is not subscribed to AWS Security Hub`));
  mocks.iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 0, AccountPasswordPresent: 1, AccountAccessKeysPresent: 0 } });
  mocks.iam.on(ListUsersCommand).resolves({ Users: [user('alice'), user('bob')], IsTruncated: false });
  mocks.iam.on(GetLoginProfileCommand, { UserName: 'alice' }).resolves({ LoginProfile: { UserName: 'alice', CreateDate: new Date() } });
  mocks.iam.on(GetLoginProfileCommand, { UserName: 'bob' }).rejects(awsError('NoSuchEntityException', 'Login Profile for User bob cannot be found.'));
  mocks.iam.on(ListMFADevicesCommand).resolves({ MFADevices: [] });
  mocks.accessAnalyzer.on(ListAnalyzersCommand).resolves({ analyzers: [] });
  mocks.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: [] });
  mocks.cloudTrail.on(DescribeTrailsCommand).resolves({ trailList: [] });
  mocks.config.on(DescribeConfigurationRecordersCommand).resolves({ ConfigurationRecorders: [] });
  mocks.budgets.on(DescribeBudgetsCommand).resolves({ Budgets: [] });
  mocks.costExplorer.on(GetAnomalySubscriptionsCommand).resolves({ AnomalySubscriptions: [] });
  mocks.support.on(DescribeTrustedAdvisorChecksCommand).rejects(awsError('SubscriptionRequiredException', 'AWS Premium Support Subscription is required to use this service.'));
  mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
    SecurityGroups: [{
      GroupId: 'sg-0default',
      GroupName: 'default',
      VpcId: 'vpc-1',
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: 'sg-0default' }] }],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }],
  });
  mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: false });
  mocks.s3Control.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found'));
  mocks.waf.on(ListWebACLsCommand).resolves({ WebACLs: [] });
  mocks.inspector.on(BatchGetAccountStatusCommand).resolves({
    accounts: [{
      accountId: ACCOUNT,
      state: { status: 'DISABLED' },
      resourceState: { ec2: { status: 'DISABLED' }, ecr: { status: 'DISABLED' }, lambda: { status: 'DISABLED' }, lambdaCode: { status: 'DISABLED' } },
    }],
    failedAccounts: [],
  } as any);
  mocks.inspector.on(GetMemberCommand).rejects(awsError('ResourceNotFoundException', 'Member not found'));
  mocks.macie.on(GetMacieSessionCommand).rejects(awsError('AccessDeniedException', 'Macie is not enabled.'));
  mocks.detective.on(ListGraphsCommand).resolves({ GraphList: [] });
  mocks.detective.on(ListInvitationsCommand).resolves({ Invitations: [] });
}

/** The same account after `new SecureBaseline(app, 'Baseline', { securityContact, budget, ... })` and the manual steps. */
export function baselinedAccount(mocks: Mocks): void {
  bareAccount(mocks);
  mocks.account.on(GetAlternateContactCommand).resolves({
    AlternateContact: { AlternateContactType: 'SECURITY', Name: 'Security team', EmailAddress: 'security@example.com', Title: 'CISO', PhoneNumber: '+1 555 0100' },
  });
  mocks.securityHub.on(DescribeHubCommand).resolves({ HubArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:hub/default` });
  mocks.securityHub.on(GetEnabledStandardsCommand).resolves({ StandardsSubscriptions: [fsbpSubscription('READY')] });
  mocks.securityHub.on(GetSecurityHubAdministratorCommand).resolves({});
  mocks.securityHub.on(GetFindingsCommand).resolvesOnce({
    Findings: [finding('CloudTrail.1', 'PASSED'), finding('GuardDuty.1', 'PASSED'), finding('S3.8', 'FAILED')],
    NextToken: 'page2',
  }).resolvesOnce({
    Findings: [finding('S3.8', 'PASSED'), finding('EC2.7', 'PASSED'), finding('IAM.6', 'NOT_AVAILABLE')],
  });
  mocks.iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountPasswordPresent: 1 } });
  mocks.iam.on(ListMFADevicesCommand, { UserName: 'alice' }).resolves({
    MFADevices: [{ UserName: 'alice', SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/alice`, EnableDate: new Date() }],
  });
  mocks.accessAnalyzer.on(ListAnalyzersCommand).resolves({
    analyzers: [
      { arn: 'arn:unused', name: 'unused', type: 'ACCOUNT_UNUSED_ACCESS', status: 'ACTIVE', createdAt: new Date() },
      { arn: 'arn:account', name: 'Baseline-Analyzer', type: 'ACCOUNT', status: 'ACTIVE', createdAt: new Date() },
    ],
  });
  mocks.guardDuty.on(ListDetectorsCommand).resolves({ DetectorIds: ['d1'] });
  mocks.guardDuty.on(GetDetectorCommand).resolves({ Status: 'ENABLED', ServiceRole: 'x' });
  mocks.guardDuty.on(GetGuardDutyAdministratorCommand).resolves({});
  mocks.cloudTrail.on(DescribeTrailsCommand).resolves({
    trailList: [
      { Name: 'old-trail', TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/old-trail`, IsMultiRegionTrail: false },
      {
        Name: 'Baseline-AuditTrail',
        TrailARN: `arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/Baseline-AuditTrail`,
        IsMultiRegionTrail: true,
        KmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1`,
        LogFileValidationEnabled: true,
      },
    ],
  });
  mocks.cloudTrail.on(GetTrailStatusCommand).resolves({ IsLogging: true });
  mocks.config.on(DescribeConfigurationRecordersCommand).resolves({
    ConfigurationRecorders: [{ name: 'default', recordingGroup: { allSupported: true } }],
  });
  mocks.config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true, lastStatus: 'Success' }] });
  mocks.config.on(DescribeDeliveryChannelsCommand).resolves({ DeliveryChannels: [{ name: 'default', s3BucketName: 'logs' }] });
  mocks.budgets.on(DescribeBudgetsCommand).resolves({
    Budgets: [{ BudgetName: 'monthly', BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: { Amount: '100.0', Unit: 'USD' } }],
  });
  mocks.budgets.on(DescribeNotificationsForBudgetCommand).resolves({
    Notifications: [
      { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80 },
      { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100 },
    ],
  });
  mocks.support.on(DescribeTrustedAdvisorChecksCommand).resolves({
    checks: [
      { id: 'Pfx0RwqBli', name: 'Amazon S3 Bucket Permissions', category: 'security', description: '', metadata: [] },
      { id: 'HCP4007jGY', name: 'Security Groups - Specific Ports Unrestricted', category: 'security', description: '', metadata: [] },
      { id: 'Qch7DwouX1', name: 'Low Utilization Amazon EC2 Instances', category: 'cost_optimizing', description: '', metadata: [] },
    ],
  });
  mocks.support.on(DescribeTrustedAdvisorCheckSummariesCommand).resolves({
    summaries: [summary('Pfx0RwqBli', 'ok'), summary('HCP4007jGY', 'warning')],
  });
  mocks.ec2.on(DescribeSecurityGroupsCommand).resolves({
    SecurityGroups: [
      { GroupId: 'sg-0default', GroupName: 'default', VpcId: 'vpc-1', IpPermissions: [], IpPermissionsEgress: [] },
      { GroupId: 'sg-web', GroupName: 'web', VpcId: 'vpc-1', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
    ],
  });
  mocks.ec2.on(GetEbsEncryptionByDefaultCommand).resolves({ EbsEncryptionByDefault: true });
  mocks.ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
  mocks.s3Control.on(GetPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  });
  mocks.waf.on(ListWebACLsCommand, { Scope: 'REGIONAL' }).resolves({ WebACLs: [{ Name: 'api', Id: WEB_ACL_ID, ARN: 'arn:waf:api' }] });
  mocks.waf.on(ListWebACLsCommand, { Scope: 'CLOUDFRONT' }).resolves({ WebACLs: [] });
  mocks.waf.on(GetWebACLCommand).resolves({
    WebACL: {
      Name: 'api',
      Id: WEB_ACL_ID,
      ARN: 'arn:waf:api',
      DefaultAction: { Allow: {} },
      VisibilityConfig: undefined as any,
      Rules: [{
        Name: 'common',
        Priority: 0,
        VisibilityConfig: undefined as any,
        Statement: { ManagedRuleGroupStatement: { VendorName: 'AWS', Name: 'AWSManagedRulesCommonRuleSet' } },
      }],
    },
  });
  mocks.inspector.on(BatchGetAccountStatusCommand).resolves({
    accounts: [{
      accountId: ACCOUNT,
      state: { status: 'ENABLED' },
      resourceState: { ec2: { status: 'ENABLED' }, ecr: { status: 'ENABLED' }, lambda: { status: 'ENABLED' }, lambdaCode: { status: 'ENABLED' } },
    }],
    failedAccounts: [],
  } as any);
  mocks.macie.on(GetMacieSessionCommand).resolves({ status: 'ENABLED' });
  mocks.costExplorer.on(GetAnomalySubscriptionsCommand).resolves({
    AnomalySubscriptions: [{
      SubscriptionName: 'Baseline-CostAnomalies',
      Frequency: 'IMMEDIATE',
      MonitorArnList: ['arn:aws:ce::111111111111:anomalymonitor/m'],
      Subscribers: [{ Type: 'SNS', Address: 'arn:aws:sns:eu-west-1:111111111111:findings' }],
      AccountId: ACCOUNT,
    }],
  });
  mocks.detective.on(ListGraphsCommand).resolves({ GraphList: [{ Arn: `arn:aws:detective:${REGION}:${ACCOUNT}:graph:own` }] });
}

/**
 * A member account of an organization: GuardDuty, Security Hub and Inspector are managed by the
 * delegated administrator, the trail is the management account's organization trail (a shadow trail
 * here), and the region-restricting SCPs are not visible from the member.
 */
export function memberAccount(mocks: Mocks): void {
  baselinedAccount(mocks);
  mocks.organizations.on(DescribeOrganizationCommand).resolves({
    Organization: { Id: 'o-abc123', MasterAccountId: '333333333333', Arn: 'arn:org' },
  });
  mocks.securityHub.on(GetSecurityHubAdministratorCommand).resolves({
    Administrator: { AccountId: ADMINISTRATOR, MemberStatus: 'Enabled', InvitationId: 'i' },
  });
  mocks.guardDuty.on(GetGuardDutyAdministratorCommand).resolves({
    Administrator: { AccountId: ADMINISTRATOR, RelationshipStatus: 'Enabled', InvitationId: 'i', InvitedAt: 'x' },
  });
  mocks.inspector.on(GetMemberCommand).resolves({
    member: { accountId: ACCOUNT, delegatedAdminAccountId: ADMINISTRATOR, relationshipStatus: 'ENABLED' },
  });
  mocks.cloudTrail.on(DescribeTrailsCommand).resolves({
    trailList: [{
      Name: 'org-trail',
      TrailARN: 'arn:aws:cloudtrail:us-east-1:333333333333:trail/org-trail',
      HomeRegion: 'us-east-1',
      IsMultiRegionTrail: true,
      IsOrganizationTrail: true,
      KmsKeyId: 'arn:aws:kms:us-east-1:333333333333:key/2',
      LogFileValidationEnabled: true,
    }],
  });
  mocks.accessAnalyzer.on(ListAnalyzersCommand).resolves({ analyzers: [] });
  mocks.detective.on(ListGraphsCommand).resolves({ GraphList: [] });
  mocks.detective.on(ListInvitationsCommand).resolves({
    Invitations: [{ AccountId: ACCOUNT, GraphArn: DETECTIVE_GRAPH, AdministratorId: ADMINISTRATOR, Status: 'ENABLED' }],
  });
}

/** The account's subscription to AWS Foundational Security Best Practices, in the given state. */
export function fsbpSubscription(status: StandardsStatus): StandardsSubscription {
  return {
    StandardsSubscriptionArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:subscription/aws-foundational-security-best-practices/v/1.0.0`,
    StandardsArn: `arn:aws:securityhub:${REGION}::standards/aws-foundational-security-best-practices/v/1.0.0`,
    StandardsInput: {},
    StandardsStatus: status,
  };
}

export function user(name: string) {
  return { UserName: name, UserId: name, Arn: `arn:aws:iam::${ACCOUNT}:user/${name}`, Path: '/', CreateDate: new Date() };
}

function finding(control: string, status: string): any {
  return { Id: `${control}-${status}`, Compliance: { SecurityControlId: control, Status: status } };
}

function summary(checkId: string, status: string): any {
  return { checkId, status, timestamp: '', hasFlaggedResources: status !== 'ok', resourcesSummary: {}, categorySpecificSummary: {} };
}
