// Deploy to a sandbox account with `npx integ-runner --directory integ --update-on-failed --force`
// (needs credentials). Offline, `npx projen integ` checks the committed snapshot instead.
//
// The baseline adopts GuardDuty, Security Hub, the Config recorder, Access Analyzer and Inspector
// when they are already on, so the test passes in a sandbox where they are. It also SETS the
// account's security alternate contact and creates a $10 budget: point INTEG_SECURITY_EMAIL and
// INTEG_SECURITY_PHONE at your own team before deploying (the snapshot uses the defaults below).
// Buckets, keys and the log group are retained on delete, as in production: empty and delete them
// by hand after a sandbox run.
import { ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { SecureBaseline, SecurityHubStandard } from '../src';

const securityEmail = process.env.INTEG_SECURITY_EMAIL ?? 'security@example.com';
const securityPhone = process.env.INTEG_SECURITY_PHONE ?? '+1 555 0100';

const app = new App();
const baseline = new SecureBaseline(app, 'SecureBaselineInteg', {
  notificationEmails: [securityEmail],
  securityContact: { name: 'Security team', email: securityEmail, phone: securityPhone },
  budget: { monthlyLimitUsd: 10 },
});

const assertionStack = new Stack(app, 'SecureBaselineAssertions');
const integ = new IntegTest(app, 'SecureBaselineTest', {
  testCases: [baseline],
  assertionStack,
  // Stack update workflow would deploy the previous snapshot first; there is none in a new account.
  stackUpdateWorkflow: false,
});

/**
 * integ-tests-alpha grants each assertion the IAM action named like its SDK call, which is wrong for
 * a few APIs (S3 Control's GetPublicAccessBlock is s3:GetAccountPublicAccessBlock, Budgets'
 * DescribeBudget is budgets:ViewBudget): grant the real one as well.
 */
function withIamAction(call: IApiCall, action: string): IApiCall {
  call.provider.addToRolePolicy({ Effect: 'Allow', Action: [action], Resource: ['*'] });
  return call;
}

const eventually = { totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) };

// The trail is logging, multi-region, validated and SSE-KMS encrypted with the baseline's key.
const trailArn = baseline.auditTrail!.trailArn;
integ.assertions
  .awsApiCall('CloudTrail', 'getTrailStatus', { Name: trailArn })
  .expect(ExpectedResult.objectLike({ IsLogging: true }));
integ.assertions
  .awsApiCall('CloudTrail', 'describeTrails', { trailNameList: [trailArn] })
  .expect(ExpectedResult.objectLike({
    trailList: [Match.objectLike({
      IsMultiRegionTrail: true,
      LogFileValidationEnabled: true,
      IncludeGlobalServiceEvents: true,
      KmsKeyId: baseline.encryptionKey!.keyArn,
    })],
  }));

// The Config recorder (created or adopted) is recording.
integ.assertions
  .awsApiCall('ConfigService', 'describeConfigurationRecorderStatus', {
    ConfigurationRecorderNames: [baseline.configRecorder!.recorderName],
  })
  .expect(ExpectedResult.objectLike({ ConfigurationRecordersStatus: [Match.objectLike({ recording: true })] }))
  .waitForAssertions(eventually);

// The GuardDuty detector (created or adopted) is enabled.
integ.assertions
  .awsApiCall('GuardDuty', 'getDetector', { DetectorId: baseline.guardDutyDetector!.detectorId })
  .expect(ExpectedResult.objectLike({ Status: 'ENABLED' }));

// Security Hub has FSBP enabled (the subscription goes from PENDING to READY within minutes).
integ.assertions
  .awsApiCall('SecurityHub', 'getEnabledStandards', {
    StandardsSubscriptionArns: [baseline.securityHub!.standardSubscriptionArn(SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES)],
  })
  .expect(ExpectedResult.objectLike({ StandardsSubscriptions: [Match.objectLike({ StandardsStatus: 'READY' })] }))
  .waitForAssertions(eventually);

// EBS encryption by default is on in the region.
integ.assertions
  .awsApiCall('EC2', 'getEbsEncryptionByDefault', {})
  .expect(ExpectedResult.objectLike({ EbsEncryptionByDefault: true }));

// All four account-level S3 Block Public Access settings are on.
withIamAction(integ.assertions.awsApiCall('S3Control', 'getPublicAccessBlock', { AccountId: baseline.account }), 's3:GetAccountPublicAccessBlock')
  .expect(ExpectedResult.objectLike({
    PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
  }));

// The security alternate contact is the one given.
integ.assertions
  .awsApiCall('Account', 'getAlternateContact', { AlternateContactType: 'SECURITY' })
  .expect(ExpectedResult.objectLike({ AlternateContact: Match.objectLike({ EmailAddress: securityEmail, AlternateContactType: 'SECURITY' }) }));

// Inspector scans EC2, ECR and Lambda (enabling takes a few minutes).
integ.assertions
  .awsApiCall('Inspector2', 'batchGetAccountStatus', { accountIds: [baseline.account] })
  .expect(ExpectedResult.objectLike({
    accounts: [Match.objectLike({
      resourceState: Match.objectLike({
        ec2: { status: 'ENABLED' },
        ecr: { status: 'ENABLED' },
        lambda: { status: 'ENABLED' },
      }),
    })],
  }))
  .waitForAssertions(eventually);

// The monthly cost budget exists with its limit.
withIamAction(
  integ.assertions.awsApiCall('Budgets', 'describeBudget', { AccountId: baseline.account, BudgetName: baseline.budget!.budgetName }),
  'budgets:ViewBudget')
  .expect(ExpectedResult.objectLike({
    Budget: Match.objectLike({ BudgetType: 'COST', TimeUnit: 'MONTHLY', BudgetLimit: Match.objectLike({ Unit: 'USD' }) }),
  }));

// The derived actions above stay in the assertion provider's role next to the real ones; they grant
// nothing. Tell cfn-lint so on that role alone rather than ignoring W3037 everywhere.
for (const construct of assertionStack.node.findAll()) {
  if (CfnResource.isCfnResource(construct) && construct.cfnResourceType === 'AWS::IAM::Role') {
    construct.addMetadata('cfn-lint', { config: { ignore_checks: ['W3037'] } });
  }
}
