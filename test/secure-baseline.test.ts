import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { CisAlarm, RecordingFrequency, SecureBaseline, SecureBaselineProps, SecurityHubStandard, ServiceDeployment } from '../src';

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
    const keyArn = stack.resolve(stack.encryptionKey.keyArn);
    const bucketName = stack.resolve(stack.logBucket.bucketName);
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
    template.hasResourceProperties('Custom::ConfigRecorder', { BucketName: stack.resolve(stack.logBucket.bucketName) });
  });

  test('log archive options reach the log bucket', () => {
    const { template } = baseline({ logArchive: { expiration: Duration.days(2555) } });
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 2555 })] },
    });
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

  test('event rules and CIS alarms feed the findings topic', () => {
    const { template } = baseline(FULL);
    template.resourceCountIs('AWS::Events::Rule', 6);
    template.resourceCountIs('AWS::Logs::MetricFilter', 14);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 15); // 14 CIS alarms and the billing alarm
  });

  test('notifications.cisAlarms chooses the CIS alarms; an empty list leaves them out', () => {
    baseline({ notifications: { cisAlarms: [CisAlarm.all()[0]] } }).template.resourceCountIs('AWS::Logs::MetricFilter', 1);
    baseline({ notifications: { cisAlarms: [] } }).template.resourceCountIs('AWS::Logs::MetricFilter', 0);
  });

  test('notifications.eventRules switches rules off', () => {
    baseline({ notifications: { eventRules: { inspectorFindings: false, rootUserActivity: false } } })
      .template.resourceCountIs('AWS::Events::Rule', 4);
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
    expect(() => baseline({ notificationEmails: ['not-an-email'] })).toThrow(/emails.*'not-an-email'/);
    expect(() => baseline({ budget: { monthlyLimitUsd: 0 } })).toThrow('BudgetAlarmProps.monthlyLimitUsd: received 0; expected a finite number greater than 0');
    expect(() => baseline({ securityContact: { name: '', email: 'a@example.com', phone: '1' } })).toThrow(/AlternateContactsProps.security.name: received ''/);
  });
});
