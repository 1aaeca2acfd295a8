import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { AnomalyThresholdMatch, CisAlarm, RecordingFrequency, SecureBaseline, SecureBaselineProps, SecurityHubStandard, ServiceDeployment } from '../src';
import { logicalId, NO_VIOLATIONS, providerStatements, unknownRegionMessage, violationsOf } from './helpers';

const contact = (name: string) => ({ name, email: `${name.toLowerCase()}@example.com`, phone: '+1 555 0100' });

/** Every top-level input a user can give. */
const FULL: SecureBaselineProps = {
  notificationEmails: ['security@example.com', 'finance@example.com'],
  securityContact: contact('Security'),
  billingContact: contact('Billing'),
  operationsContact: contact('Operations'),
  budget: { monthlyLimitUsd: 250, billingAlarm: true },
};

function baseline(props?: SecureBaselineProps): { stack: SecureBaseline; template: Template } {
  const stack = new SecureBaseline(new App(), 'Baseline', props);
  return { stack, template: Template.fromStack(stack) };
}

describe('SecureBaseline defaults', () => {
  test('takes the id SecureBaseline when none is given', () => {
    const app = new App();
    const stack = new SecureBaseline(app);
    expect(stack.stackName).toBe('SecureBaseline');
    expect(stack.node.id).toBe('SecureBaseline');
  });

  test('creates each component once', () => {
    const { template } = baseline();
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    // One-per-region services are adopted or created by the provider by default.
    template.resourceCountIs('Custom::ConfigRecorder', 1);
    template.resourceCountIs('Custom::GuardDutyDetector', 1);
    template.resourceCountIs('Custom::SecurityHub', 1);
    template.resourceCountIs('Custom::AccessAnalyzer', 1);
    for (const nativeType of ['AWS::Config::ConfigurationRecorder', 'AWS::GuardDuty::Detector', 'AWS::SecurityHub::Hub', 'AWS::AccessAnalyzer::Analyzer']) {
      template.resourceCountIs(nativeType, 0);
    }
  });

  test('shares one key and one log bucket between the trail and the Config recorder', () => {
    const { stack, template } = baseline();
    template.resourceCountIs('AWS::KMS::Key', 2); // the logs key and the findings topic's key
    template.resourceCountIs('AWS::S3::Bucket', 2); // the log bucket and its access logs bucket
    const keyArn = stack.resolve(stack.encryptionKey!.keyArn);
    const bucketName = stack.resolve(stack.logBucket!.bucketName);
    template.hasResourceProperties('AWS::CloudTrail::Trail', { KMSKeyId: keyArn, S3BucketName: bucketName });
    template.hasResourceProperties('Custom::ConfigRecorder', { KmsKeyArn: keyArn, BucketName: bucketName });
    expect(stack.auditTrail?.encryptionKey).toBe(stack.encryptionKey);
    expect(stack.configRecorder?.bucket).toBe(stack.logBucket);
  });

  test('describes itself', () => {
    const { template } = baseline();
    expect(template.toJSON().Description).toBe('Security baseline: AWS Security Maturity Model Phase 1 (cdk-secure-baseline)');
  });

  test('enables the FSBP standard', () => {
    const { template } = baseline();
    template.hasResourceProperties('Custom::SecurityHub', {
      StandardsArns: [Match.objectLike({ 'Fn::Sub': Match.stringLikeRegexp('standards/aws-foundational-security-best-practices/v/1.0.0') })],
    });
  });
});

describe('SecureBaseline options', () => {
  test.each([
    ['cloudTrail', 'AWS::CloudTrail::Trail'],
    ['config', 'Custom::ConfigRecorder'],
    ['guardDuty', 'Custom::GuardDutyDetector'],
    ['securityHub', 'Custom::SecurityHub'],
    ['accessAnalyzer', 'Custom::AccessAnalyzer'],
  ])('%s.enabled: false leaves out %s and nothing else', (component, type) => {
    const { template } = baseline({ [component]: { enabled: false } });
    template.resourceCountIs(type, 0);
    const others = ['AWS::CloudTrail::Trail', 'Custom::ConfigRecorder', 'Custom::GuardDutyDetector',
      'Custom::SecurityHub', 'Custom::AccessAnalyzer'].filter(t => t !== type);
    for (const other of others) {
      template.resourceCountIs(other, 1);
    }
  });

  test('deployment: CLOUDFORMATION uses the native resources, retained on delete', () => {
    const native = { deployment: ServiceDeployment.CLOUDFORMATION };
    const { template } = baseline({ config: native, guardDuty: native, securityHub: native, accessAnalyzer: native });
    for (const type of ['AWS::Config::ConfigurationRecorder', 'AWS::Config::DeliveryChannel', 'AWS::GuardDuty::Detector',
      'AWS::SecurityHub::Hub', 'AWS::SecurityHub::Standard', 'AWS::AccessAnalyzer::Analyzer']) {
      template.hasResource(type, { DeletionPolicy: 'Retain' });
    }
    template.resourceCountIs('Custom::GuardDutyDetector', 0);
  });

  test('disabled components are not exposed', () => {
    const { stack } = baseline({
      cloudTrail: { enabled: false },
      config: { enabled: false },
      guardDuty: { enabled: false },
      securityHub: { enabled: false },
      accessAnalyzer: { enabled: false },
    });
    expect(stack.auditTrail).toBeUndefined();
    expect(stack.configRecorder).toBeUndefined();
    expect(stack.guardDutyDetector).toBeUndefined();
    expect(stack.securityHub).toBeUndefined();
    expect(stack.accessAnalyzer).toBeUndefined();
  });

  test('forwards component options', () => {
    const { template } = baseline({
      config: { recordingFrequency: RecordingFrequency.DAILY, recordGlobalResourceTypes: false },
      securityHub: { standards: [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES, SecurityHubStandard.NIST_800_53_REV5] },
      accessAnalyzer: { unusedAccess: true },
    });
    template.hasResourceProperties('Custom::ConfigRecorder', { RecordingFrequency: 'DAILY', IncludeGlobalResourceTypes: false });
    template.hasResourceProperties('Custom::SecurityHub', {
      StandardsArns: Match.arrayWith([Match.objectLike({
        'Fn::Sub': Match.stringLikeRegexp('standards/nist-800-53/v/5.0.0'),
      })]),
    });
    template.resourceCountIs('Custom::AccessAnalyzer', 2);
  });

  test('a bucket and key given to the trail replace the shared ones for the trail only', () => {
    const app = new App();
    const other = new Stack(app, 'Other');
    const bucket = s3.Bucket.fromBucketName(other, 'Bucket', 'central-trail-bucket');
    const key = kms.Key.fromKeyArn(other, 'Key', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const stack = new SecureBaseline(app, 'Baseline', { cloudTrail: { bucket, encryptionKey: key } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      S3BucketName: 'central-trail-bucket',
      KMSKeyId: 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    });
    template.hasResourceProperties('Custom::ConfigRecorder', { BucketName: stack.resolve(stack.logBucket!.bucketName) });
  });

  test('log archive options reach the log bucket', () => {
    const { template } = baseline({ logArchive: { expiration: Duration.days(2555) } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2555 })] },
    });
  });
});

describe('SecureBaseline trail Object Lock', () => {
  const LOCK = { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(2555) };

  test('logArchive.trailObjectLock: the trail delivers to its own Object Lock bucket, AWS Config to the shared bucket', () => {
    const { stack, template } = baseline({ logArchive: { trailObjectLock: LOCK } });
    const trailBucket = stack.logArchive!.trailBucket;
    expect(trailBucket).not.toBe(stack.logBucket);
    expect(stack.auditTrail!.bucket).toBe(trailBucket);
    expect(stack.configRecorder!.bucket).toBe(stack.logBucket);
    template.hasResourceProperties('AWS::CloudTrail::Trail', { S3BucketName: stack.resolve(trailBucket.bucketName) });
    template.hasResourceProperties('Custom::ConfigRecorder', { BucketName: stack.resolve(stack.logBucket!.bucketName) });
    template.resourcePropertiesCountIs('AWS::S3::Bucket', {
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 2555 } } },
    }, 1);
  });

  test('the four cdk-nag packs find nothing with the trail Object Lock bucket', () => {
    const { stack } = baseline({ logArchive: { trailObjectLock: LOCK } });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });

  test('rejects trailObjectLock with the trail turned off', () => {
    expect(() => baseline({ logArchive: { trailObjectLock: LOCK }, cloudTrail: { enabled: false } })).toThrow(
      'SecureBaselineProps.logArchive.trailObjectLock: set, but cloudTrail.enabled is false; the Object Lock bucket would receive no logs: remove trailObjectLock or enable the trail');
  });

  test('rejects trailObjectLock together with cloudTrail.bucket', () => {
    const stack = new Stack(new App(), 'Other');
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'my-trail-bucket');
    expect(() => baseline({ logArchive: { trailObjectLock: LOCK }, cloudTrail: { bucket } })).toThrow(
      'SecureBaselineProps.logArchive.trailObjectLock: set together with cloudTrail.bucket; the trail would deliver to cloudTrail.bucket, not to the Object Lock bucket: give one of the two');
  });
});

describe('SecureBaseline and cdk-nag', () => {
  const packs: Array<[string, () => NagPack]> = [
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
    ['HIPAA Security', () => new HIPAASecurityChecks()],
    ['PCI DSS 3.2.1', () => new PCIDSS321Checks()],
  ];

  test.each(packs)('the default baseline has no unacknowledged %s finding', (_name, pack) => {
    const stack = new SecureBaseline(new App(), 'Baseline', { nagPacks: [] });
    expect(pack().validateScope(stack).violations).toEqual([]);
  });

  test.each(packs)('a baseline with every option on has no unacknowledged %s finding', (_name, pack) => {
    const stack = new SecureBaseline(new App(), 'Baseline', {
      ...FULL,
      nagPacks: [],
      notifications: { slackChannel: { slackWorkspaceId: 'T0123ABCD', slackChannelId: 'C0123ABCD' } },
      cloudTrail: { dataEvents: true },
      config: { recordingFrequency: RecordingFrequency.DAILY },
      guardDuty: { runtimeMonitoring: true },
      securityHub: {
        standards: [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES,
          SecurityHubStandard.CIS_AWS_FOUNDATIONS_BENCHMARK_V3, SecurityHubStandard.NIST_800_53_REV5],
      },
      accessAnalyzer: { unusedAccess: true },
      macie: { enabled: true, automatedDiscovery: true, disableOnDelete: true },
      detective: { enabled: true, disableOnDelete: true },
    });
    expect(pack().validateScope(stack).violations).toEqual([]);
  });

  test('a user resource that breaks an AwsSolutions rule fails synth by default', () => {
    const app = new App();
    const stack = new SecureBaseline(app, 'Baseline');
    new s3.Bucket(stack, 'Unlogged');
    expect(() => app.synth()).toThrow(/\[AwsSolutions-S1\] Baseline\/Unlogged\/Resource: The S3 Bucket has server access logs disabled/);
  });

  test('the same resource synthesizes once acknowledged with a reason', () => {
    const app = new App();
    const stack = new SecureBaseline(app, 'Baseline');
    const bucket = new s3.Bucket(stack, 'Unlogged', { enforceSSL: true });
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'Test bucket' });
    expect(() => app.synth()).not.toThrow();
  });

  test('nagPacks replaces the default packs', () => {
    const app = new App();
    const stack = new SecureBaseline(app, 'Baseline', { nagPacks: [new NIST80053R5Checks()] });
    const bucket = new s3.Bucket(stack, 'Unlogged', { enforceSSL: true });
    Validations.of(bucket).acknowledge({ id: 'AwsSolutions-S1', reason: 'AwsSolutions is not enforced here' });
    expect(() => app.synth()).toThrow(/\[NIST\.800\.53\.R5-S3BucketLoggingEnabled\] Baseline\/Unlogged\/Resource/);
  });

  test('an empty nagPacks list enforces nothing', () => {
    const app = new App();
    const stack = new SecureBaseline(app, 'Baseline', { nagPacks: [] });
    new s3.Bucket(stack, 'Unlogged');
    expect(() => app.synth()).not.toThrow();
  });
});

describe('SecureBaseline account guardrails, budget and notifications', () => {
  test('applies every account setting through one provider function', () => {
    const { template } = baseline();
    for (const type of ['Custom::EbsDefaultEncryption', 'Custom::AccountPublicAccessBlock', 'Custom::PasswordPolicy',
      'Custom::DefaultSecurityGroup', 'Custom::Inspector', 'Custom::ServiceLinkedRole']) {
      template.resourceCountIs(type, 1);
    }
    template.resourceCountIs('AWS::Lambda::Function', 1);
  });

  test.each([
    ['ebsEncryption', 'Custom::EbsDefaultEncryption'],
    ['s3BlockPublicAccess', 'Custom::AccountPublicAccessBlock'],
    ['passwordPolicy', 'Custom::PasswordPolicy'],
    ['defaultSecurityGroup', 'Custom::DefaultSecurityGroup'],
    ['inspector', 'Custom::Inspector'],
  ])('%s.enabled: false leaves out %s', (component, type) => {
    baseline({ [component]: { enabled: false } }).template.resourceCountIs(type, 0);
  });

  test('without input the parts that need it are left out with a warning each, not an error', () => {
    const { stack, template } = baseline();
    template.resourceCountIs('Custom::AlternateContact', 0);
    template.resourceCountIs('AWS::Budgets::Budget', 0);
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Baseline', Match.stringLikeRegexp('No securityContact is set'));
    annotations.hasWarning('/Baseline', Match.stringLikeRegexp('No budget is set'));
    annotations.hasWarning('/Baseline', Match.stringLikeRegexp('No notificationEmails or slackChannel is set'));
  });

  test('with every input there is no warning about missing input', () => {
    const { stack } = baseline(FULL);
    Annotations.fromStack(stack).hasNoWarning('/Baseline', Match.stringLikeRegexp('No (securityContact|budget|notificationEmails)'));
  });

  test('contacts become the account\'s alternate contacts', () => {
    const { template } = baseline(FULL);
    template.resourceCountIs('Custom::AlternateContact', 3);
    template.hasResourceProperties('Custom::AlternateContact', {
      AlternateContactType: 'SECURITY', Name: 'Security', EmailAddress: 'security@example.com', PhoneNumber: '+1 555 0100',
    });
  });

  test('notification emails subscribe to the encrypted findings topic and to the budget', () => {
    const { stack, template } = baseline(FULL);
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com' });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const topicArn = stack.resolve(stack.findingsTopic!.topicArn);
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetLimit: { Amount: 250, Unit: 'USD' }, BudgetType: 'COST', TimeUnit: 'MONTHLY' },
      NotificationsWithSubscribers: Match.arrayWith([{
        Notification: Match.objectLike({ NotificationType: 'ACTUAL', Threshold: 80 }),
        Subscribers: [
          { SubscriptionType: 'EMAIL', Address: 'security@example.com' },
          { SubscriptionType: 'EMAIL', Address: 'finance@example.com' },
          { SubscriptionType: 'SNS', Address: topicArn },
        ],
      }]),
    });
  });

  test('the budget\'s own emails and topic replace the shared ones', () => {
    const { template } = baseline({ ...FULL, budget: { monthlyLimitUsd: 10, emails: ['cfo@example.com'] } });
    template.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: Match.arrayWith([Match.objectLike({
        Subscribers: Match.arrayWith([{ SubscriptionType: 'EMAIL', Address: 'cfo@example.com' }]),
      })]),
    });
  });

  test('budget.enabled: false leaves the budget out without a warning', () => {
    const { stack, template } = baseline({ budget: { monthlyLimitUsd: 10, enabled: false } });
    template.resourceCountIs('AWS::Budgets::Budget', 0);
    Annotations.fromStack(stack).hasNoWarning('/Baseline', Match.stringLikeRegexp('No budget is set'));
  });

  test('cost anomaly detection is on by default, without a budget: an AWS services monitor alerting the findings topic', () => {
    const { stack, template } = baseline();
    expect(stack.costAnomalyDetection).toBeDefined();
    template.hasResourceProperties('Custom::AnomalyMonitor', { MonitorDimension: 'SERVICE' });
    template.resourceCountIs('AWS::CE::AnomalySubscription', 1);
    template.hasResourceProperties('AWS::CE::AnomalySubscription', {
      Frequency: 'IMMEDIATE',
      Subscribers: [{ Type: 'SNS', Address: { Ref: logicalId(stack.findingsTopic!) } }],
    });
  });

  test('costAnomalyDetection options reach the construct, and its own topic replaces the findings topic', () => {
    const { template } = baseline({ costAnomalyDetection: { thresholdPercent: 30, summaryEmails: ['finance@example.com'] } });
    template.resourceCountIs('AWS::CE::AnomalySubscription', 2);
    template.hasResourceProperties('AWS::CE::AnomalySubscription', {
      Frequency: 'DAILY',
      ThresholdExpression: JSON.stringify({
        And: [
          { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['100'] } },
          { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_PERCENTAGE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['30'] } },
        ],
      }),
    });
    baseline({ costAnomalyDetection: { topic: undefined } }).template.resourceCountIs('AWS::CE::AnomalySubscription', 0);
  });

  test('costAnomalyDetection.enabled: false leaves it out; without the findings topic it warns that nobody is alerted', () => {
    const { stack, template } = baseline({ costAnomalyDetection: { enabled: false } });
    expect(stack.costAnomalyDetection).toBeUndefined();
    template.resourceCountIs('Custom::AnomalyMonitor', 0);
    const noTopic = baseline({ notifications: { enabled: false } });
    Annotations.fromStack(noTopic.stack).hasWarning('/Baseline/CostAnomalyDetection', Match.stringLikeRegexp('no topic and no summaryEmails'));
  });

  test('a home region whose CloudFormation lacks the AWS::CE types leaves cost anomaly detection out with a warning', () => {
    const { stack, template } = baseline({ env: { account: '111111111111', region: 'ap-southeast-7' } });
    expect(stack.costAnomalyDetection).toBeUndefined();
    template.resourceCountIs('AWS::CE::AnomalySubscription', 0);
    Annotations.fromStack(stack).hasWarning('/Baseline', Match.stringLikeRegexp('Cost anomaly detection is left out: CloudFormation in ap-southeast-7 lacks AWS::CE::AnomalySubscription'));
  });

  test('event rules and CIS alarms feed the findings topic', () => {
    const { template } = baseline(FULL);
    template.resourceCountIs('AWS::Events::Rule', 8);
    template.resourceCountIs('AWS::Logs::MetricFilter', 14);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 15); // 14 CIS alarms and the billing alarm
  });

  test('notifications.cisAlarms chooses the CIS alarms; an empty list leaves them out', () => {
    baseline({ notifications: { cisAlarms: [CisAlarm.all()[0]] } }).template.resourceCountIs('AWS::Logs::MetricFilter', 1);
    baseline({ notifications: { cisAlarms: [] } }).template.resourceCountIs('AWS::Logs::MetricFilter', 0);
  });

  test('notifications.eventRules switches rules off', () => {
    baseline({ notifications: { eventRules: { inspectorFindings: false, rootUserActivity: false } } })
      .template.resourceCountIs('AWS::Events::Rule', 6);
  });

  test('without the trail\'s log group the CIS alarms are left out with a warning', () => {
    const { stack, template } = baseline({ cloudTrail: { sendToCloudWatchLogs: false }, nagPacks: [] });
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    Annotations.fromStack(stack).hasWarning('/Baseline', Match.stringLikeRegexp('The CIS alarms need the trail'));
  });

  test('notifications.enabled: false leaves out the topic, rules and alarms', () => {
    const { stack, template } = baseline({ notifications: { enabled: false } });
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(stack.findingsTopic).toBeUndefined();
  });

  test('invalid input fails at synth, naming the prop', () => {
    expect(() => baseline({ notificationEmails: ['not-an-email'] })).toThrow(
      "SecureBaselineProps.notificationEmails: received 'not-an-email'; expected a single email address such as 'security@example.com'");
    expect(() => baseline({ notificationEmails: ['a@example.com', 'A@example.com'] })).toThrow(
      "SecureBaselineProps.notificationEmails: 'a@example.com' is listed twice; list each value once");
  });

  // A part's own validation names its props as a standalone user writes them; through the baseline
  // the message names the path the user wrote instead.
  test.each<[string, SecureBaselineProps, string]>([
    ['budget.monthlyLimitUsd', { budget: { monthlyLimitUsd: 0 } },
      'SecureBaselineProps.budget.monthlyLimitUsd: received 0; expected a finite number greater than 0'],
    ['securityContact.name', { securityContact: { name: '', email: 'a@example.com', phone: '1' } },
      "SecureBaselineProps.securityContact.name: received ''; expected 1 to 64 characters, not all blank"],
    ['billingContact.name', { billingContact: { name: ' ', email: 'a@example.com', phone: '1' } },
      "SecureBaselineProps.billingContact.name: received ' '; expected 1 to 64 characters, not all blank"],
    ['costAnomalyDetection.thresholdUsd', { costAnomalyDetection: { thresholdUsd: -5 } },
      'SecureBaselineProps.costAnomalyDetection.thresholdUsd: received -5; expected a number greater than 0 (US dollars of total impact)'],
    ['costAnomalyDetection.thresholdMatch', { costAnomalyDetection: { thresholdUsd: 10, thresholdMatch: AnomalyThresholdMatch.ANY } },
      'SecureBaselineProps.costAnomalyDetection.thresholdMatch: received ANY but thresholdPercent is not set; it combines thresholdUsd (default 100) '
      + 'with thresholdPercent, so set thresholdPercent or remove thresholdMatch'],
  ])('an invalid %s is named by the path the user wrote', (_path, props, message) => {
    expect(() => baseline(props)).toThrow(message);
  });

  test.each(['12345', '1111111111111', '11111111111a'])('env.account %s fails at synth instead of at deploy', (account) => {
    expect(() => new SecureBaseline(new App(), 'Baseline', { env: { account, region: 'eu-west-1' } })).toThrow(
      `SecureBaselineProps.env.account: received '${account}'; expected a 12-digit AWS account id such as 111111111111`);
  });
});

describe('SecureBaseline in several regions', () => {
  const ACCOUNT = '111111111111';
  const env = (region: string) => ({ account: ACCOUNT, region });

  /** A home stack and a member stack of it, built by hand (MultiRegionBaseline does the same). */
  function homeAndMember(memberProps: SecureBaselineProps = {}): { home: SecureBaseline; member: SecureBaseline } {
    const app = new App();
    const home = new SecureBaseline(app, 'Home', { env: env('eu-west-1'), memberRegions: ['eu-central-1'] });
    const member = new SecureBaseline(app, 'Member', {
      env: env('eu-central-1'), homeRegion: 'eu-west-1', config: { bucket: home.logBucket }, ...memberProps,
    });
    return { home, member };
  }

  test('without homeRegion and memberRegions the stack is a single-region baseline: no aggregator, no forwarding', () => {
    const { stack, template } = baseline({ env: env('eu-west-1') });
    template.resourceCountIs('Custom::FindingAggregator', 0);
    expect(stack.eventForwarding).toBeUndefined();
    expect(stack.findingAggregatorArn).toBeUndefined();
  });

  test('the log bucket of a single-region baseline is named from the start; the access logs bucket is not', () => {
    const { stack, template } = baseline({ env: env('eu-west-1') });
    const buckets = template.toJSON().Resources;
    expect(buckets[logicalId(stack.logBucket!)].Properties.BucketName).toMatch(/^baseline[a-z0-9]+$/);
    expect(buckets[logicalId(stack.logArchive!.accessLogsBucket)].Properties.BucketName).toBeUndefined();
  });

  test('an environment-agnostic baseline leaves the log bucket\'s name to CloudFormation', () => {
    const { stack, template } = baseline();
    expect(template.toJSON().Resources[logicalId(stack.logBucket!)].Properties.BucketName).toBeUndefined();
  });

  test('homeRegion equal to the stack\'s region makes the home region: the same template as without it', () => {
    const without = Template.fromStack(new SecureBaseline(new App(), 'Baseline', { env: env('eu-west-1') })).toJSON();
    const withHome = Template.fromStack(new SecureBaseline(new App(), 'Baseline', { env: env('eu-west-1'), homeRegion: 'eu-west-1' })).toJSON();
    expect(withHome).toEqual(without);
  });

  test('a member region deploys only the regional parts', () => {
    const { member } = homeAndMember();
    const template = Template.fromStack(member);
    for (const type of ['Custom::GuardDutyDetector', 'Custom::SecurityHub', 'Custom::ConfigRecorder', 'Custom::AccessAnalyzer',
      'Custom::EbsDefaultEncryption', 'Custom::Inspector', 'Custom::DefaultSecurityGroup']) {
      template.resourceCountIs(type, 1);
    }
    for (const type of ['AWS::CloudTrail::Trail', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::SNS::Topic', 'AWS::Budgets::Budget',
      'Custom::PasswordPolicy', 'Custom::AccountPublicAccessBlock', 'Custom::AlternateContact', 'AWS::CloudWatch::Alarm', 'Custom::FindingAggregator']) {
      template.resourceCountIs(type, 0);
    }
    template.hasResourceProperties('Custom::ConfigRecorder', { IncludeGlobalResourceTypes: false });
    template.resourceCountIs('AWS::Events::Rule', 7); // the forwarding rules, Security Hub's among them
  });

  test('a single-region baseline in a newer region records no global IAM resource types and warns, naming the gap and the fix', () => {
    const { template, stack } = baseline({ env: env('eu-central-2') });
    template.hasResourceProperties('Custom::ConfigRecorder', { IncludeGlobalResourceTypes: false });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-secure-baseline:globalIamTypesNotRecorded'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/^AWS Config cannot record the global IAM resource types \(AWS::IAM::User, Role, Group and Policy\) in eu-central-2, .*add a Region where AWS Config existed before February 2022/);
  });

  test('a single-region baseline in an older region records them, without the warning', () => {
    const { template, stack } = baseline({ env: env('eu-west-1') });
    template.hasResourceProperties('Custom::ConfigRecorder', { IncludeGlobalResourceTypes: true });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('globalIamTypesNotRecorded'))).toEqual([]);
  });

  test('config.recordGlobalResourceTypes: false in a newer region is a choice, not warned about', () => {
    const { stack } = baseline({ env: env('eu-central-2'), config: { recordGlobalResourceTypes: false } });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('globalIamTypesNotRecorded'))).toEqual([]);
  });

  test('config.recordGlobalResourceTypes: true in a newer region fails the synth', () => {
    expect(() => baseline({ env: env('il-central-1'), config: { recordGlobalResourceTypes: true } }))
      .toThrow('SecureBaselineProps.config.recordGlobalResourceTypes: received true, but AWS Config cannot record the global IAM resource types in il-central-1, a Region it supports only since February 2022');
  });

  test('a member region records the global IAM resource types only when asked to', () => {
    const bucket = s3.Bucket.fromBucketName(new Stack(new App(), 'X'), 'B', 'home-bucket');
    const { member: byDefault } = homeAndMember({ config: { bucket } });
    Template.fromStack(byDefault).hasResourceProperties('Custom::ConfigRecorder', { IncludeGlobalResourceTypes: false, BucketName: 'home-bucket' });
    const { member: asked } = homeAndMember({ config: { bucket, recordGlobalResourceTypes: true } });
    Template.fromStack(asked).hasResourceProperties('Custom::ConfigRecorder', { IncludeGlobalResourceTypes: true, BucketName: 'home-bucket' });
  });

  test('a member region ignores the props of the global parts and warns about none of them', () => {
    const { member } = homeAndMember({
      budget: { monthlyLimitUsd: 10 }, securityContact: contact('Security'), notificationEmails: ['a@example.com'], costAnomalyDetection: { thresholdUsd: 5 },
    });
    const template = Template.fromStack(member);
    template.resourceCountIs('AWS::Budgets::Budget', 0);
    // Cost Anomaly Detection is global: the home region's monitor covers the account.
    template.resourceCountIs('Custom::AnomalyMonitor', 0);
    template.resourceCountIs('AWS::CE::AnomalySubscription', 0);
    expect(member.costAnomalyDetection).toBeUndefined();
    template.resourceCountIs('Custom::AlternateContact', 0);
    const warnings = Annotations.fromStack(member).findWarning('*', Match.anyValue());
    expect(warnings).toEqual([]);
  });

  test('memberRegions makes a Security Hub finding aggregator for exactly those regions', () => {
    const { home } = homeAndMember();
    Template.fromStack(home).hasResourceProperties('Custom::FindingAggregator', { RegionLinkingMode: 'SPECIFIED_REGIONS', Regions: ['eu-central-1'] });
    expect(home.findingAggregatorArn).toBeDefined();
  });

  test('memberRegions also works in an environment-agnostic home stack', () => {
    baseline({ memberRegions: ['eu-central-1', 'us-east-1'] }).template
      .hasResourceProperties('Custom::FindingAggregator', { Regions: ['eu-central-1', 'us-east-1'] });
  });

  test('member regions in another partition than aws are not forwarded, with a warning', () => {
    const app = new App();
    const member = new SecureBaseline(app, 'Member', {
      env: env('cn-northwest-1'), homeRegion: 'cn-north-1', config: { bucket: s3.Bucket.fromBucketName(new Stack(app, 'X'), 'B', 'home-bucket') },
    });
    Template.fromStack(member).resourceCountIs('AWS::Events::Rule', 0);
    Annotations.fromStack(member).hasWarning('/Member', Match.stringLikeRegexp('EventBridge routes events between Regions only in the aws partition, not in aws-cn'));
  });

  test('a home region outside the aws partition takes the members\' Security Hub findings as aggregated: they cannot be forwarded', () => {
    const home = new SecureBaseline(new App(), 'Home', { env: env('cn-north-1'), memberRegions: ['cn-northwest-1'] });
    const pattern = Template.fromStack(home).toJSON().Resources[logicalId(
      home.node.findChild('SecurityEventRules').node.findChild('SecurityHubFindings'))].Properties.EventPattern;
    expect(pattern.$or).toBeUndefined();
    expect(pattern.detail.findings.Region).toBeUndefined();
  });

  test('config.enabled: false in a member region needs no bucket', () => {
    const stack = new SecureBaseline(new App(), 'Member', { env: env('eu-central-1'), homeRegion: 'eu-west-1', config: { enabled: false } });
    Template.fromStack(stack).resourceCountIs('Custom::ConfigRecorder', 0);
  });

  test.each([
    [{ env: env('eu-central-1'), homeRegion: 'eu-west' }, "SecureBaselineProps.homeRegion: received 'eu-west'; expected a region name such as 'eu-west-1'"],
    [{ env: env('eu-central-1'), homeRegion: 'Ireland' }, "SecureBaselineProps.homeRegion: received 'Ireland'; expected a region name such as 'eu-west-1'"],
    [{ homeRegion: 'eu-west-1' }, "SecureBaselineProps.homeRegion: received 'eu-west-1' but this stack's region is unresolved (an environment-agnostic stack); "
      + "a member-region baseline needs an explicit env.region, e.g. env: { account: '111111111111', region: 'eu-central-1' }"],
    [{ env: env('eu-central-1'), homeRegion: 'eu-west-1' }, 'SecureBaselineProps.config.bucket: not given, but a member-region baseline (region eu-central-1, homeRegion eu-west-1) '
      + "delivers AWS Config to the home region's log bucket; pass the home baseline's logBucket as config.bucket, or set config.enabled: false"],
    [{ env: env('eu-central-1'), homeRegion: 'eu-west-1', memberRegions: ['us-east-1'], config: { enabled: false } },
      'SecureBaselineProps.memberRegions: received [us-east-1] but this stack (region eu-central-1) is a member region of homeRegion eu-west-1; '
      + "only the home region's baseline lists member regions"],
    [{ env: env('eu-west-1'), memberRegions: ['eu-west-1'] },
      "SecureBaselineProps.memberRegions[0]: received 'eu-west-1', which is this stack's own region (the home region); list only the other regions"],
    [{ memberRegions: ['eu-central-1', 'eu-central-1'] }, "SecureBaselineProps.memberRegions: 'eu-central-1' is listed twice; list each value once"],
    [{ memberRegions: ['us-east-1', 'frankfurt'] }, "SecureBaselineProps.memberRegions[1]: received 'frankfurt'; expected a region name such as 'eu-west-1'"],
    [{ memberRegions: ['us-east-1', 'us-east-7'] }, unknownRegionMessage('SecureBaselineProps.memberRegions[1]', 'us-east-7', "'us-east-1' or 'us-east-2'")],
    [{ env: env('eu-central-1'), homeRegion: 'eu-westt-1' }, unknownRegionMessage('SecureBaselineProps.homeRegion', 'eu-westt-1', "'eu-west-1'")],
    // Before: synthesized, with a warning that AWS Config cannot record the global IAM types in eu-west-9.
    [{ env: env('eu-west-9') }, unknownRegionMessage('SecureBaselineProps.env.region', 'eu-west-9', "'eu-west-1' or 'eu-west-2' or 'eu-west-3'")],
  ] as Array<[SecureBaselineProps, string]>)('invalid multi-region input %j throws', (props, message) => {
    expect(() => baseline(props)).toThrow(message);
  });

  test('a member region\'s AWS Config key must be a key of the home region', () => {
    const app = new App();
    const key = kms.Key.fromKeyArn(new Stack(app, 'Keys'), 'Key', 'arn:aws:kms:eu-central-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const bucket = s3.Bucket.fromBucketName(new Stack(app, 'X'), 'B', 'home-bucket');
    expect(() => new SecureBaseline(app, 'Member', { env: env('eu-central-1'), homeRegion: 'eu-west-1', config: { bucket, encryptionKey: key } })).toThrow(
      "SecureBaselineProps.config.encryptionKey: received a key in region 'eu-central-1' but it is used in 'eu-west-1'; "
      + "a KMS key works only in its own region: give a key of 'eu-west-1', or leave the key out");
  });

  test.each([
    ['AwsSolutions', () => new AwsSolutionsChecks()],
    ['NIST 800-53 R5', () => new NIST80053R5Checks()],
    ['HIPAA Security', () => new HIPAASecurityChecks()],
    ['PCI DSS 3.2.1', () => new PCIDSS321Checks()],
  ] as Array<[string, () => NagPack]>)('home and member stacks have no unacknowledged %s finding', (_name, pack) => {
    const { home, member } = homeAndMember();
    expect(pack().validateScope(home).violations).toEqual([]);
    expect(pack().validateScope(member).violations).toEqual([]);
  });
});

describe('SecureBaseline in standalone and organization member accounts', () => {
  test('one template, with no extra props, serves both: who manages each service is found out at deploy time', () => {
    const { template } = baseline({ env: { account: '111111111111', region: 'eu-west-1' }, memberRegions: ['eu-central-1'] });
    // Native resources would fail in a member account: its hub and detector exist already, and it may create no aggregator.
    for (const type of ['AWS::SecurityHub::Hub', 'AWS::SecurityHub::FindingAggregator', 'AWS::GuardDuty::Detector']) {
      template.resourceCountIs(type, 0);
    }
    for (const type of ['Custom::SecurityHub', 'Custom::GuardDutyDetector', 'Custom::Inspector', 'Custom::FindingAggregator']) {
      template.resourceCountIs(type, 1);
    }
    // test/iam proves these calls are allowed; here: the lookups are granted at all.
    const actions = providerStatements(template).flatMap((statement: any) => [statement.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['securityhub:GetAdministratorAccount', 'guardduty:GetAdministratorAccount', 'inspector2:GetMember']));
  });
});

describe('SecureBaseline optional services: Macie and Detective', () => {
  test('both are off by default', () => {
    const { stack, template } = baseline();
    template.resourceCountIs('Custom::Macie', 0);
    template.resourceCountIs('Custom::DetectiveGraph', 0);
    expect(stack.macie).toBeUndefined();
    expect(stack.detective).toBeUndefined();
  });

  test('macie.enabled adds Macie with its options', () => {
    const { stack, template } = baseline({ macie: { enabled: true, automatedDiscovery: true, disableOnDelete: true } });
    template.hasResourceProperties('Custom::Macie', { AutomatedDiscovery: true, DisableOnDelete: true, FindingPublishingFrequency: 'FIFTEEN_MINUTES' });
    expect(stack.macie?.automatedDiscovery).toBe(true);
  });

  test('detective.enabled adds the behavior graph after the GuardDuty detector', () => {
    const { stack, template } = baseline({ detective: { enabled: true } });
    const [graph] = Object.values<any>(template.findResources('Custom::DetectiveGraph'));
    expect(graph.DependsOn).toContain(logicalId(stack.guardDutyDetector!.node.findChild('Resource').node.findChild('Resource')));
    Annotations.fromStack(stack).hasNoWarning('/Baseline', Match.stringLikeRegexp('Detective needs GuardDuty'));
  });

  test('detective.enabled with guardDuty.enabled: false warns that Detective needs GuardDuty', () => {
    const { stack, template } = baseline({ detective: { enabled: true }, guardDuty: { enabled: false } });
    template.resourceCountIs('Custom::DetectiveGraph', 1);
    Annotations.fromStack(stack).hasWarning('/Baseline', Match.stringLikeRegexp(
      '^detective.enabled is true but guardDuty.enabled is false: Detective needs GuardDuty on in this account and Region for at least 48 hours'));
  });

  test('macie options without macie.enabled fail, naming them', () => {
    expect(() => baseline({ macie: { automatedDiscovery: true } })).toThrow(
      'SecureBaselineProps.macie: received automatedDiscovery but macie.enabled is not set; macie is off by default: set macie.enabled: true, or remove the other options');
  });

  test('detective options with detective.enabled: false fail, naming them', () => {
    expect(() => baseline({ detective: { enabled: false, disableOnDelete: true } })).toThrow(
      'SecureBaselineProps.detective: received disableOnDelete but detective.enabled is false; detective is off by default: set detective.enabled: true, or remove the other options');
  });

  // Before: ignored without a word, while Macie and Detective refused the same mistake.
  test.each([
    [{ guardDuty: { enabled: false, runtimeMonitoring: true } }, 'SecureBaselineProps.guardDuty: received runtimeMonitoring but guardDuty.enabled is false; '
      + 'options of a switched-off part would be ignored: set guardDuty.enabled: true, or remove the other options'],
    [{ config: { enabled: false, recordGlobalResourceTypes: true } }, 'SecureBaselineProps.config: received recordGlobalResourceTypes but config.enabled is false; '
      + 'options of a switched-off part would be ignored: set config.enabled: true, or remove the other options'],
    [{ costAnomalyDetection: { enabled: false, thresholdUsd: 50 } }, 'SecureBaselineProps.costAnomalyDetection: received thresholdUsd but costAnomalyDetection.enabled is false; '
      + 'options of a switched-off part would be ignored: set costAnomalyDetection.enabled: true, or remove the other options'],
    [{ cloudTrail: { enabled: false, s3DataEvents: true } }, 'SecureBaselineProps.cloudTrail: received s3DataEvents but cloudTrail.enabled is false; '
      + 'options of a switched-off part would be ignored: set cloudTrail.enabled: true, or remove the other options'],
    [{ budget: { enabled: false, monthlyLimitUsd: 100, actualThresholds: [50] } }, 'SecureBaselineProps.budget: received actualThresholds but budget.enabled is false; '
      + 'options of a switched-off part would be ignored: set budget.enabled: true, or remove the other options'],
  ] as Array<[SecureBaselineProps, string]>)('options of a switched-off part fail, naming them: %j', (props, message) => {
    expect(() => baseline(props)).toThrow(new Error(message));
  });

  test('what still serves while a part is off is accepted: budget.monthlyLimitUsd, config.bucket (a member Region\'s flow logs)', () => {
    expect(() => baseline({ budget: { enabled: false, monthlyLimitUsd: 100 } })).not.toThrow();
    const app = new App();
    const bucket = s3.Bucket.fromBucketName(new Stack(app, 'Home'), 'Bucket', 'home-log-bucket');
    expect(() => new SecureBaseline(app, 'Member', { env: { account: '111111111111', region: 'eu-central-1' }, homeRegion: 'eu-west-1', config: { enabled: false, bucket } })).not.toThrow();
  });

  test('enabled: false alone is accepted', () => {
    baseline({ macie: { enabled: false }, detective: { enabled: false } }).template.resourceCountIs('Custom::Macie', 0);
  });

  test('a member region deploys them too: both are regional', () => {
    const member = new SecureBaseline(new App(), 'Member', {
      env: { account: '111111111111', region: 'eu-central-1' },
      homeRegion: 'eu-west-1',
      config: { enabled: false },
      macie: { enabled: true },
      detective: { enabled: true },
    });
    const template = Template.fromStack(member);
    template.resourceCountIs('Custom::Macie', 1);
    template.resourceCountIs('Custom::DetectiveGraph', 1);
  });
});
