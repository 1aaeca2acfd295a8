// Deploy to a sandbox account with `npx integ-runner --directory integ --update-on-failed` (needs
// credentials). Offline, `npx projen integ` checks the committed snapshot instead.
// Buckets, the key and the log group are retained on delete, as in production: empty and delete
// them by hand after a sandbox run.
import { App, Duration } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { SecureBaseline, SecurityHubStandard } from '../src';

const app = new App();
const baseline = new SecureBaseline(app, 'SecureBaselineInteg');

const integ = new IntegTest(app, 'SecureBaselineTest', {
  testCases: [baseline],
  // Stack update workflow would deploy the previous snapshot first; there is none in a new account.
  stackUpdateWorkflow: false,
});

const trailArn = baseline.auditTrail!.trailArn;
const eventually = { totalTimeout: Duration.minutes(5), interval: Duration.seconds(30) };

// The trail is logging, multi-region, validated and SSE-KMS encrypted with the baseline's key.
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
      KmsKeyId: baseline.encryptionKey.keyArn,
    })],
  }));

// The Config recorder is recording.
integ.assertions
  .awsApiCall('ConfigService', 'describeConfigurationRecorderStatus', {
    ConfigurationRecorderNames: [baseline.configRecorder!.recorderName],
  })
  .expect(ExpectedResult.objectLike({ ConfigurationRecordersStatus: [Match.objectLike({ recording: true })] }))
  .waitForAssertions(eventually);

// The GuardDuty detector is enabled.
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
