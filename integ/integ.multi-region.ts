// A baseline in two regions of one account: us-east-1 is the home region, us-west-2 a member region.
//
// Deploy to a sandbox account with `npx integ-runner --directory integ --update-on-failed --force`
// (needs credentials; the stacks go to the account of CDK_DEFAULT_ACCOUNT). Offline, `npx projen integ`
// checks the committed snapshot instead (synthesized for a placeholder account, see below).
//
// What deploying leaves behind and needs first is as in integ.secure-baseline.ts, in both regions.
// An account has one Security Hub finding aggregator at most: one the sandbox already has is adopted
// as it is, and INTEG_AGGREGATE_FINDINGS=false leaves aggregation out. The member region forwards its
// Security Hub findings over EventBridge either way.
//
// integ-tests-alpha 2.245 calls the SDK in its assertion stack's region (an assertion takes no region
// of its own), and integ-runner reads the results of one assertion stack. The assertion stack is
// therefore in the member region, and checks what is new there: the detector, the recorder that
// delivers to the home region's bucket without global resource types, and the forwarding rule. The
// home region's finding aggregator is checked by the unit tests and this snapshot.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import { MultiRegionBaseline } from '../src';

// Cross-region references need a concrete account at synth. integ-runner synthesizes the snapshot with
// CDK_INTEG_ACCOUNT set to an 8-digit placeholder, which cfn-lint's ARN check (E3510) rejects, so the
// snapshot uses a 12-digit placeholder; a deployment uses the account of the credentials.
const account = process.env.CDK_INTEG_ACCOUNT ? '123456789012' : process.env.CDK_DEFAULT_ACCOUNT;
const homeRegion = 'us-east-1';
const memberRegion = 'us-west-2';

const app = new App();
const baseline = new MultiRegionBaseline(app, 'Baseline', {
  homeRegion,
  regions: [homeRegion, memberRegion],
  account,
  stackNamePrefix: 'SecureBaselineMultiRegionInteg',
  baseline: {
    notificationEmails: [process.env.INTEG_SECURITY_EMAIL ?? 'security@example.com'],
    securityHub: { aggregateFindings: process.env.INTEG_AGGREGATE_FINDINGS !== 'false' },
  },
});
const home = baseline.homeStack;
const member = baseline.stackFor(memberRegion);

const assertionStack = new Stack(app, 'SecureBaselineMultiRegionAssertions', { env: { account, region: memberRegion } });
const integ = new IntegTest(app, 'SecureBaselineMultiRegionTest', {
  testCases: [home, member],
  assertionStack,
  // Stack update workflow would deploy the previous snapshot first; there is none in a new account.
  stackUpdateWorkflow: false,
});

const eventually = { totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) };

// The member region's GuardDuty detector (created or adopted) is enabled.
integ.assertions
  .awsApiCall('GuardDuty', 'getDetector', { DetectorId: member.guardDutyDetector!.detectorId })
  .expect(ExpectedResult.objectLike({ Status: 'ENABLED' }));

// The member region's recorder records no global resource types, and is recording.
const recorderName = member.configRecorder!.recorderName;
integ.assertions
  .awsApiCall('ConfigService', 'describeConfigurationRecorders', { ConfigurationRecorderNames: [recorderName] })
  .expect(ExpectedResult.objectLike({
    ConfigurationRecorders: [Match.objectLike({ recordingGroup: Match.objectLike({ allSupported: true, includeGlobalResourceTypes: false }) })],
  }));
integ.assertions
  .awsApiCall('ConfigService', 'describeConfigurationRecorderStatus', { ConfigurationRecorderNames: [recorderName] })
  .expect(ExpectedResult.objectLike({ ConfigurationRecordersStatus: [Match.objectLike({ recording: true })] }))
  .waitForAssertions(eventually);

// It delivers to the home region's log bucket (whose generated name is known at synth), with no key
// of its own: the bucket's default SSE-KMS encryption applies.
integ.assertions
  .awsApiCall('ConfigService', 'describeDeliveryChannels', {})
  .expect(ExpectedResult.objectLike({
    DeliveryChannels: [Match.objectLike({ s3BucketName: member.configRecorder!.bucket.bucketName })],
  }));

// The GuardDuty findings rule forwards to the home region's default event bus with its role.
const forwarding = member.eventForwarding!;
integ.assertions
  .awsApiCall('EventBridge', 'listTargetsByRule', { Rule: forwarding.rules[0].ruleName })
  .expect(ExpectedResult.objectLike({
    Targets: [Match.objectLike({ Arn: forwarding.homeEventBus.eventBusArn, RoleArn: forwarding.role.roleArn })],
  }));

// As in integ.secure-baseline.ts: the assertion provider's role keeps the IAM actions that
// integ-tests-alpha derives from the SDK calls; tell cfn-lint so on that role alone.
for (const construct of assertionStack.node.findAll()) {
  if (CfnResource.isCfnResource(construct) && construct.cfnResourceType === 'AWS::IAM::Role') {
    construct.addMetadata('cfn-lint', { config: { ignore_checks: ['W3037'] } });
  }
}
