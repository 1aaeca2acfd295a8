import { App, CfnElement, Duration, Lazy, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { SecureLogBucket, SecureLogBucketProps } from '../../src/logging/secure-log-bucket';
import { NO_VIOLATIONS, violationsOf } from '../helpers';

function newStack(): Stack {
  return new Stack(new App(), 'TestStack');
}

function synth(props?: SecureLogBucketProps): { stack: Stack; template: Template; bucket: SecureLogBucket } {
  const stack = newStack();
  const bucket = new SecureLogBucket(stack, 'Bucket', props);
  return { stack, template: Template.fromStack(stack), bucket };
}

function logicalId(stack: Stack, construct: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function bucketProps(template: Template): any {
  const buckets = template.findResources('AWS::S3::Bucket');
  expect(Object.keys(buckets)).toHaveLength(1);
  return Object.values(buckets)[0].Properties;
}

function lifecycleRule(template: Template): any {
  const rules = bucketProps(template).LifecycleConfiguration.Rules;
  expect(rules).toHaveLength(1);
  return rules[0];
}

const bucketAndObjects = (id: string) => [
  { 'Fn::GetAtt': [id, 'Arn'] },
  { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id, 'Arn'] }, '/*']] },
];

describe('SecureLogBucket defaults', () => {
  test('creates one bucket and leaves its name to CloudFormation', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::S3::Bucket', { BucketName: Match.absent() });
  });

  test('encrypts with SSE-S3 (AES256) and no KMS key or bucket key', () => {
    const { template, bucket } = synth();
    expect(bucketProps(template).BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
    expect(bucket.encryptionKey).toBeUndefined();
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  test('turns on all four Block Public Access settings', () => {
    synth().template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  test('disables ACLs with BucketOwnerEnforced object ownership and sets no ACL', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      AccessControl: Match.absent(),
    });
  });

  test('enables versioning', () => {
    synth().template.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' } });
  });

  test('has one enabled lifecycle rule named log-retention', () => {
    const rule = lifecycleRule(synth().template);
    expect(rule.Id).toBe('log-retention');
    expect(rule.Status).toBe('Enabled');
  });

  test('moves objects to GLACIER_IR after 90 days', () => {
    expect(lifecycleRule(synth().template).Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }]);
  });

  test('keeps current objects (no expiration)', () => {
    expect(lifecycleRule(synth().template).ExpirationInDays).toBeUndefined();
  });

  test('deletes noncurrent versions after 365 days', () => {
    expect(lifecycleRule(synth().template).NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 365 });
  });

  test('aborts incomplete multipart uploads after 7 days', () => {
    expect(lifecycleRule(synth().template).AbortIncompleteMultipartUpload).toEqual({ DaysAfterInitiation: 7 });
  });

  test('retains the bucket on delete and on replacement', () => {
    synth().template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('has no server access logging', () => {
    synth().template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.absent() });
  });

  test('sends object events to EventBridge through the bucket resource, with no notifications custom resource', () => {
    const { template } = synth();
    expect(bucketProps(template).NotificationConfiguration).toEqual({ EventBridgeConfiguration: { EventBridgeEnabled: true } });
    template.resourceCountIs('Custom::S3BucketNotifications', 0);
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('has no Object Lock', () => {
    const props = bucketProps(synth().template);
    expect(props.ObjectLockEnabled).toBeUndefined();
    expect(props.ObjectLockConfiguration).toBeUndefined();
  });

  test('bucket policy denies every request that does not use TLS (aws:SecureTransport false)', () => {
    const { stack, template, bucket } = synth();
    const id = logicalId(stack, bucket);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Resource: bucketAndObjects(id),
        }]),
      },
    });
  });

  test('bucket policy denies every request below TLS 1.2', () => {
    const { stack, template, bucket } = synth();
    const id = logicalId(stack, bucket);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Action: 's3:*',
          Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } },
          Resource: bucketAndObjects(id),
        }]),
      },
    });
  });

  test('bucket policy holds only the two TLS statements', () => {
    const policies = synth().template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(1);
    expect(Object.values(policies)[0].Properties.PolicyDocument.Statement).toHaveLength(2);
  });

  test('creates no auto-delete custom resource', () => {
    synth().template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });
});

describe('SecureLogBucket options', () => {
  test('encryptionKey switches to aws:kms with that key and an S3 Bucket Key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = new SecureLogBucket(stack, 'Bucket', { encryptionKey: key });
    expect(bucketProps(Template.fromStack(stack)).BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: {
          SSEAlgorithm: 'aws:kms',
          KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(stack, key), 'Arn'] },
        },
      }],
    });
    expect(bucket.encryptionKey).toBe(key);
  });

  test('encryptionKey accepts an imported key', () => {
    const stack = newStack();
    const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555';
    new SecureLogBucket(stack, 'Bucket', { encryptionKey: kms.Key.fromKeyArn(stack, 'Key', keyArn) });
    Template.fromStack(stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: keyArn },
        }],
      },
    });
  });

  test('removalPolicy DESTROY deletes the bucket on delete and on replacement', () => {
    synth({ removalPolicy: RemovalPolicy.DESTROY }).template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('removalPolicy DESTROY does not empty the bucket with an auto-delete custom resource', () => {
    synth({ removalPolicy: RemovalPolicy.DESTROY }).template.resourceCountIs('Custom::S3AutoDeleteObjects', 0);
  });

  test('transitionToGlacierAfter sets the GLACIER_IR transition age', () => {
    const rule = lifecycleRule(synth({ transitionToGlacierAfter: Duration.days(30) }).template);
    expect(rule.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }]);
  });

  test('transitionToGlacierAfter accepts 1 day', () => {
    const rule = lifecycleRule(synth({ transitionToGlacierAfter: Duration.days(1) }).template);
    expect(rule.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 1 }]);
  });

  test('transitionToGlacierAfter accepts a whole number of days given in hours', () => {
    const rule = lifecycleRule(synth({ transitionToGlacierAfter: Duration.hours(48) }).template);
    expect(rule.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 2 }]);
  });

  test('expiration sets the current-object expiration and keeps the transition', () => {
    const rule = lifecycleRule(synth({ expiration: Duration.days(400) }).template);
    expect(rule.ExpirationInDays).toBe(400);
    expect(rule.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }]);
  });

  test('expiration one day after the transition is accepted', () => {
    const rule = lifecycleRule(synth({ transitionToGlacierAfter: Duration.days(10), expiration: Duration.days(11) }).template);
    expect(rule.ExpirationInDays).toBe(11);
  });

  test('noncurrentVersionExpiration sets the noncurrent version age', () => {
    const rule = lifecycleRule(synth({ noncurrentVersionExpiration: Duration.days(30) }).template);
    expect(rule.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 30 });
  });

  test('durations that are tokens are not validated', () => {
    const lazyDays = (days: number) => Duration.days(Lazy.number({ produce: () => days }));
    const rule = lifecycleRule(synth({
      transitionToGlacierAfter: lazyDays(5),
      expiration: lazyDays(3),
      noncurrentVersionExpiration: lazyDays(2),
    }).template);
    expect(rule.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 5 }]);
    expect(rule.ExpirationInDays).toBe(3);
    expect(rule.NoncurrentVersionExpiration).toEqual({ NoncurrentDays: 2 });
  });
});

describe('SecureLogBucket server access logging', () => {
  function withLogging(prefix?: string, stack: Stack = newStack()) {
    const target = new s3.Bucket(stack, 'Target');
    const bucket = new SecureLogBucket(stack, 'Bucket', { serverAccessLogsBucket: target, serverAccessLogsPrefix: prefix });
    return { stack, target, bucket, template: Template.fromStack(stack) };
  }

  test('sets LoggingConfiguration to the target bucket without a prefix by default', () => {
    const { stack, target, bucket, template } = withLogging();
    expect(template.toJSON().Resources[logicalId(stack, bucket)].Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalId(stack, target) },
    });
  });

  test('serverAccessLogsPrefix sets LogFilePrefix', () => {
    const { stack, target, bucket, template } = withLogging('source/');
    expect(template.toJSON().Resources[logicalId(stack, bucket)].Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalId(stack, target) },
      LogFilePrefix: 'source/',
    });
  });

  test('target bucket policy lets logging.s3.amazonaws.com put objects, only from this bucket and account', () => {
    const { stack, target, bucket, template } = withLogging();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack, target) },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'AllowServerAccessLogDelivery',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, target), 'Arn'] }, '/*']] },
          Condition: {
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(stack, bucket), 'Arn'] } },
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        }]),
      },
    });
  });

  test('target bucket policy statement is limited to the log prefix', () => {
    const { stack, target, template } = withLogging('source/');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack, target) },
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowServerAccessLogDelivery',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(stack, target), 'Arn'] }, '/source/*']] },
        })]),
      },
    });
  });

  test('aws:SourceAccount is the literal account of an environment-specific stack', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const { template } = withLogging(undefined, stack);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'AllowServerAccessLogDelivery',
          Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': '123456789012' } }),
        })]),
      },
    });
  });

  test('grants the log delivery group no ACL on the target, whatever the feature flag says', () => {
    const app = new App({ context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': false } });
    const stack = new Stack(app, 'TestStack');
    const target = new s3.Bucket(stack, 'Target');
    new SecureLogBucket(stack, 'Bucket', { serverAccessLogsBucket: target });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: Match.anyValue() });
    template.resourcePropertiesCountIs('AWS::S3::Bucket', { AccessControl: Match.anyValue() }, 0);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(stack, target) },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowServerAccessLogDelivery' })]) },
    });
  });

  test('an imported target bucket gets LoggingConfiguration but no policy (its owner must allow delivery)', () => {
    const stack = newStack();
    const target = s3.Bucket.fromBucketName(stack, 'Target', 'existing-access-logs');
    new SecureLogBucket(stack, 'Bucket', { serverAccessLogsBucket: target });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: 'existing-access-logs' },
    });
    template.resourceCountIs('AWS::S3::BucketPolicy', 1);
    template.resourcePropertiesCountIs('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowServerAccessLogDelivery' })]) },
    }, 0);
  });

  test('serverAccessLogsPrefix without serverAccessLogsBucket does nothing', () => {
    synth({ serverAccessLogsPrefix: 'ignored/' }).template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.absent(),
    });
  });
});

describe('SecureLogBucket Object Lock', () => {
  test('objectLock turns Object Lock on with a governance-mode default retention, and keeps versioning', () => {
    const props = bucketProps(synth({ objectLock: { retention: Duration.days(365) } }).template);
    expect(props.ObjectLockEnabled).toBe(true);
    expect(props.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } },
    });
    expect(props.VersioningConfiguration).toEqual({ Status: 'Enabled' });
  });

  test('mode COMPLIANCE sets a compliance-mode default retention', () => {
    const props = bucketProps(synth({ objectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(2555) } }).template);
    expect(props.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 2555 });
  });

  test('accepts 1 day and 36,500 days', () => {
    expect(() => synth({ objectLock: { retention: Duration.days(1) } })).not.toThrow();
    expect(() => synth({ objectLock: { retention: Duration.days(36_500) } })).not.toThrow();
  });

  test('rejects a retention that is not a whole number of days', () => {
    expect(() => synth({ objectLock: { retention: Duration.hours(36) } })).toThrow(
      'SecureLogBucketProps.objectLock.retention: received 1 day 12 hours; expected a whole number of days, from 1 to 36500 (100 years)');
  });

  test('rejects a retention of 0 days', () => {
    expect(() => synth({ objectLock: { retention: Duration.days(0) } })).toThrow(
      'SecureLogBucketProps.objectLock.retention: received 0 days; expected a whole number of days, from 1 to 36500 (100 years)');
  });

  test('rejects a retention over 100 years', () => {
    expect(() => synth({ objectLock: { retention: Duration.days(36_501) } })).toThrow(
      'SecureLogBucketProps.objectLock.retention: received 36501 days; expected a whole number of days, from 1 to 36500 (100 years)');
  });
});

describe('SecureLogBucket validation', () => {
  test('rejects a transitionToGlacierAfter that is not a whole number of days', () => {
    expect(() => synth({ transitionToGlacierAfter: Duration.hours(36) })).toThrow(
      'SecureLogBucketProps.transitionToGlacierAfter: received 1 day 12 hours; expected a whole number of days, at least 1');
  });

  test('rejects a transitionToGlacierAfter of 0 days', () => {
    expect(() => synth({ transitionToGlacierAfter: Duration.days(0) })).toThrow(
      'SecureLogBucketProps.transitionToGlacierAfter: received 0 days; expected a whole number of days, at least 1');
  });

  test('rejects a noncurrentVersionExpiration that is not a whole number of days', () => {
    expect(() => synth({ noncurrentVersionExpiration: Duration.hours(12) })).toThrow(
      'SecureLogBucketProps.noncurrentVersionExpiration: received 12 hours; expected a whole number of days, at least 1');
  });

  test('rejects a noncurrentVersionExpiration of 0 days', () => {
    expect(() => synth({ noncurrentVersionExpiration: Duration.days(0) })).toThrow(
      'SecureLogBucketProps.noncurrentVersionExpiration: received 0 days; expected a whole number of days, at least 1');
  });

  test('rejects an expiration that is not a whole number of days', () => {
    expect(() => synth({ expiration: Duration.minutes(400 * 24 * 60 + 1) })).toThrow(
      'SecureLogBucketProps.expiration: received 400 days 1 minute; expected a whole number of days, greater than transitionToGlacierAfter (90 days)');
  });

  test('rejects an expiration equal to the default transition', () => {
    expect(() => synth({ expiration: Duration.days(90) })).toThrow(
      'SecureLogBucketProps.expiration: received 90 days; expected a whole number of days, greater than transitionToGlacierAfter (90 days)');
  });

  test('rejects an expiration shorter than a custom transition', () => {
    expect(() => synth({ transitionToGlacierAfter: Duration.days(30), expiration: Duration.days(7) })).toThrow(
      'SecureLogBucketProps.expiration: received 7 days; expected a whole number of days, greater than transitionToGlacierAfter (30 days)');
  });
});

describe('SecureLogBucket and cdk-nag', () => {
  const COMPLIANCE_PACKS = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

  function loggedBucketWithKey(): { stack: Stack; bucket: SecureLogBucket } {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const target = new SecureLogBucket(stack, 'Target');
    const bucket = new SecureLogBucket(stack, 'Bucket', { encryptionKey: key, serverAccessLogsBucket: target });
    return { stack, bucket };
  }

  test('AwsSolutions finds nothing on a SecureLogBucket with a key and server access logging', () => {
    const { bucket } = loggedBucketWithKey();
    expect(new AwsSolutionsChecks().validateScope(bucket).violations).toEqual([]);
  });

  test('the compliance packs find only S3BucketReplicationEnabled on a SecureLogBucket with a key and logging', () => {
    const { bucket } = loggedBucketWithKey();
    expect(new NIST80053R5Checks().validateScope(bucket).violations.map(v => v.ruleName)).toEqual(['NIST.800.53.R5-S3BucketReplicationEnabled']);
    expect(new HIPAASecurityChecks().validateScope(bucket).violations.map(v => v.ruleName)).toEqual(['HIPAA.Security-S3BucketReplicationEnabled']);
    expect(new PCIDSS321Checks().validateScope(bucket).violations.map(v => v.ruleName)).toEqual(['PCI.DSS.321-S3BucketReplicationEnabled']);
  });

  test('all four packs find nothing once replication is acknowledged (as LogArchive does)', () => {
    const { bucket } = loggedBucketWithKey();
    Validations.of(bucket).acknowledge(...COMPLIANCE_PACKS.map(pack => ({ id: `${pack}-S3BucketReplicationEnabled`, reason: 'Phase 2' })));
    expect(violationsOf(bucket)).toEqual(NO_VIOLATIONS);
  });

  test('AwsSolutions-S1 flags a SecureLogBucket that neither logs nor receives logs', () => {
    const stack = newStack();
    new SecureLogBucket(stack, 'Bucket');
    expect(new AwsSolutionsChecks().validateScope(stack).violations.map(v => v.ruleName)).toEqual(['AwsSolutions-S1']);
  });

  test('S3DefaultEncryptionKMS flags a SecureLogBucket without a key', () => {
    const stack = newStack();
    new SecureLogBucket(stack, 'Bucket');
    expect(new NIST80053R5Checks().validateScope(stack).violations.map(v => v.ruleName)).toContain('NIST.800.53.R5-S3DefaultEncryptionKMS');
  });
});
