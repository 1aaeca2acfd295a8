import { App, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { LogArchive, LogArchiveProps } from '../../src/logging/log-archive';
import { SecureLogBucket } from '../../src/logging/secure-log-bucket';
import { logicalId, NO_VIOLATIONS, violationsOf } from '../helpers';

function newStack(): Stack {
  return new Stack(new App(), 'TestStack');
}

function synth(props?: LogArchiveProps): { stack: Stack; template: Template; archive: LogArchive } {
  const stack = newStack();
  const archive = new LogArchive(stack, 'LogArchive', props);
  return { stack, template: Template.fromStack(stack), archive };
}

function resource(template: Template, construct: IConstruct): any {
  return template.toJSON().Resources[logicalId(construct)];
}

/** The acknowledgements recorded on a construct, `{ ruleId: reason }`, with the 'annotation::' prefix removed. */
function acknowledgements(construct: IConstruct): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of construct.node.metadata) {
    if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        result[id.replace(/^annotation::/i, '')] = reason;
      }
    }
  }
  return result;
}

const COMPLIANCE_PACKS = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

describe('LogArchive defaults', () => {
  test('creates one key, a log bucket and an access logs bucket with ids Key, Bucket and AccessLogsBucket', () => {
    const { template, archive } = synth();
    template.resourceCountIs('AWS::KMS::Key', 1);
    template.resourceCountIs('AWS::S3::Bucket', 2);
    expect(archive.node.findChild('Key')).toBe(archive.encryptionKey);
    expect(archive.node.findChild('Bucket')).toBe(archive.bucket);
    expect(archive.node.findChild('AccessLogsBucket')).toBe(archive.accessLogsBucket);
  });

  test('both buckets are SecureLogBuckets', () => {
    const { archive } = synth();
    expect(archive.bucket).toBeInstanceOf(SecureLogBucket);
    expect(archive.accessLogsBucket).toBeInstanceOf(SecureLogBucket);
  });

  test('the key rotates every year and says what it encrypts', () => {
    synth().template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      Description: 'Encrypts the security baseline logs: CloudTrail, AWS Config and their CloudWatch Logs group',
    });
  });

  test('the key is retained on delete and on replacement', () => {
    synth().template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('both buckets are retained on delete and on replacement', () => {
    const { template, archive } = synth();
    for (const bucket of [archive.bucket, archive.accessLogsBucket]) {
      expect(resource(template, bucket)).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('the log bucket is encrypted with SSE-KMS using the key and an S3 Bucket Key', () => {
    const { template, archive } = synth();
    expect(resource(template, archive.bucket).Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{
        BucketKeyEnabled: true,
        ServerSideEncryptionByDefault: {
          SSEAlgorithm: 'aws:kms',
          KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(archive.encryptionKey), 'Arn'] },
        },
      }],
    });
  });

  test('the access logs bucket is encrypted with SSE-S3, the only encryption log delivery supports', () => {
    const { template, archive } = synth();
    expect(resource(template, archive.accessLogsBucket).Properties.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
    });
  });

  test('the log bucket sends its server access logs to the access logs bucket under log-bucket/', () => {
    const { template, archive } = synth();
    expect(resource(template, archive.bucket).Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logicalId(archive.accessLogsBucket) },
      LogFilePrefix: 'log-bucket/',
    });
  });

  test('the access logs bucket does not log its own access', () => {
    const { template, archive } = synth();
    expect(resource(template, archive.accessLogsBucket).Properties.LoggingConfiguration).toBeUndefined();
  });

  test('the access logs bucket policy admits log delivery from the log bucket only', () => {
    const { template, archive } = synth();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalId(archive.accessLogsBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'AllowServerAccessLogDelivery',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(archive.accessLogsBucket), 'Arn'] }, '/log-bucket/*']] },
          Condition: {
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [logicalId(archive.bucket), 'Arn'] } },
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        }]),
      },
    });
  });

  test('both buckets move objects to GLACIER_IR after 90 days and never expire current objects', () => {
    const { template, archive } = synth();
    for (const bucket of [archive.bucket, archive.accessLogsBucket]) {
      const [rule] = resource(template, bucket).Properties.LifecycleConfiguration.Rules;
      expect(rule.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 90 }]);
      expect(rule.ExpirationInDays).toBeUndefined();
    }
  });

  test('both buckets block public access and enforce TLS', () => {
    const { template, archive } = synth();
    for (const bucket of [archive.bucket, archive.accessLogsBucket]) {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: logicalId(bucket) },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
          ]),
        },
      });
      expect(resource(template, bucket).Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
      });
    }
  });
});

describe('LogArchive options', () => {
  test('encryptionKey: the given key encrypts the log bucket and no key is created', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    const archive = new LogArchive(stack, 'LogArchive', { encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(archive.node.tryFindChild('Key')).toBeUndefined();
    expect(archive.encryptionKey).toBe(key);
    expect(resource(template, archive.bucket).Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]
      .ServerSideEncryptionByDefault.KMSMasterKeyID).toEqual({ 'Fn::GetAtt': [logicalId(key), 'Arn'] });
  });

  test('encryptionKey: an imported key encrypts the log bucket', () => {
    const stack = newStack();
    const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555';
    const archive = new LogArchive(stack, 'LogArchive', { encryptionKey: kms.Key.fromKeyArn(stack, 'Imported', keyArn) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(resource(template, archive.bucket).Properties.BucketEncryption.ServerSideEncryptionConfiguration[0]
      .ServerSideEncryptionByDefault.KMSMasterKeyID).toBe(keyArn);
  });

  test('transitionToGlacierAfter applies to both buckets', () => {
    const { template, archive } = synth({ transitionToGlacierAfter: Duration.days(30) });
    for (const bucket of [archive.bucket, archive.accessLogsBucket]) {
      const [rule] = resource(template, bucket).Properties.LifecycleConfiguration.Rules;
      expect(rule.Transitions).toEqual([{ StorageClass: 'GLACIER_IR', TransitionInDays: 30 }]);
    }
  });

  test('expiration applies to both buckets', () => {
    const { template, archive } = synth({ expiration: Duration.days(730) });
    for (const bucket of [archive.bucket, archive.accessLogsBucket]) {
      const [rule] = resource(template, bucket).Properties.LifecycleConfiguration.Rules;
      expect(rule.ExpirationInDays).toBe(730);
    }
  });

  test('removalPolicy DESTROY deletes the key and both buckets', () => {
    const { template, archive } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    for (const construct of [archive.encryptionKey, archive.bucket, archive.accessLogsBucket]) {
      expect(resource(template, construct)).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    }
  });

  test('an expiration not after the transition is rejected with the SecureLogBucket message', () => {
    expect(() => synth({ transitionToGlacierAfter: Duration.days(30), expiration: Duration.days(30) })).toThrow(
      'LogArchiveProps.expiration: received 30 days; expected a whole number of days, greater than transitionToGlacierAfter (30 days)');
  });

  test('a transition that is not a whole number of days is rejected with the SecureLogBucket message', () => {
    expect(() => synth({ transitionToGlacierAfter: Duration.hours(1) })).toThrow(
      'LogArchiveProps.transitionToGlacierAfter: received 1 hour; expected a whole number of days, at least 1');
  });
});

describe('LogArchive trailObjectLock', () => {
  const LOCK = { retention: Duration.days(365) };

  test('without it, trailBucket is the shared log bucket and no bucket has Object Lock', () => {
    const { template, archive } = synth();
    expect(archive.trailBucket).toBe(archive.bucket);
    template.resourcePropertiesCountIs('AWS::S3::Bucket', { ObjectLockEnabled: true }, 0);
  });

  test('adds a third bucket, TrailBucket, with Object Lock; the shared and access logs buckets stay without', () => {
    const { template, archive } = synth({ trailObjectLock: LOCK });
    template.resourceCountIs('AWS::S3::Bucket', 3);
    expect(archive.node.findChild('TrailBucket')).toBe(archive.trailBucket);
    expect(archive.trailBucket).not.toBe(archive.bucket);
    expect(resource(template, archive.trailBucket).Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 365 } } },
    });
    for (const bucket of [archive.bucket, archive.accessLogsBucket]) {
      expect(resource(template, bucket).Properties.ObjectLockEnabled).toBeUndefined();
    }
  });

  test('the trail bucket is encrypted with the archive key and logs to the access logs bucket under trail-bucket/', () => {
    const { template, archive } = synth({ trailObjectLock: LOCK });
    const props = resource(template, archive.trailBucket).Properties;
    expect(props.BucketEncryption.ServerSideEncryptionConfiguration[0]).toEqual({
      ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [logicalId(archive.encryptionKey), 'Arn'] } },
      BucketKeyEnabled: true,
    });
    expect(props.LoggingConfiguration).toEqual({ DestinationBucketName: { Ref: logicalId(archive.accessLogsBucket) }, LogFilePrefix: 'trail-bucket/' });
  });

  test('the trail bucket acknowledges only replication, like the log bucket', () => {
    const { archive } = synth({ trailObjectLock: LOCK });
    expect(Object.keys(acknowledgements(archive.trailBucket)).sort())
      .toEqual(COMPLIANCE_PACKS.map(pack => `${pack}-S3BucketReplicationEnabled`).sort());
  });

  test('no violation in any of the four packs', () => {
    const { stack } = synth({ trailObjectLock: { mode: s3.ObjectLockMode.COMPLIANCE, retention: Duration.days(2555) } });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });

  test('a retention that is not a whole number of days is rejected with a message naming trailObjectLock', () => {
    expect(() => synth({ trailObjectLock: { retention: Duration.hours(12) } })).toThrow(
      'LogArchiveProps.trailObjectLock.retention: received 12 hours; expected a whole number of days, from 1 to 36500 (100 years)');
  });
});

describe('LogArchive and cdk-nag', () => {
  test('default: no violation in any of the four packs', () => {
    const { stack } = synth();
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });

  test('with a key, lifecycle and DESTROY: no violation in any of the four packs', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey', { enableKeyRotation: true });
    new LogArchive(stack, 'LogArchive', {
      encryptionKey: key,
      transitionToGlacierAfter: Duration.days(30),
      expiration: Duration.days(400),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });

  test('with an imported key: no violation in any of the four packs', () => {
    const stack = newStack();
    new LogArchive(stack, 'LogArchive', {
      encryptionKey: kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555'),
    });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });

  test('AwsSolutions-S1 flags a plain bucket without server access logs, but not the access logs bucket', () => {
    const { stack, archive } = synth();
    new s3.Bucket(stack, 'Plain', { enforceSSL: true });
    const s1 = new AwsSolutionsChecks().validateScope(stack).violations.find(v => v.ruleName === 'AwsSolutions-S1');
    expect(s1?.violatingResources.map(r => r.constructPath)).toEqual(['TestStack/Plain/Resource']);
    expect(archive.accessLogsBucket.node.path).toBe('TestStack/LogArchive/AccessLogsBucket');
  });

  test('S3DefaultEncryptionKMS and S3BucketReplicationEnabled flag an unacknowledged SSE-S3 SecureLogBucket, but not the access logs bucket', () => {
    const { stack } = synth();
    new SecureLogBucket(stack, 'Unacknowledged');
    for (const pack of [new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()]) {
      const flagged = pack.validateScope(stack).violations
        .flatMap(v => v.violatingResources.map(r => `${v.ruleName} ${r.constructPath}`));
      expect(flagged.sort()).toEqual([
        `${pack.readPackName}-S3BucketLoggingEnabled TestStack/Unacknowledged/Resource`,
        `${pack.readPackName}-S3BucketReplicationEnabled TestStack/Unacknowledged/Resource`,
        `${pack.readPackName}-S3DefaultEncryptionKMS TestStack/Unacknowledged/Resource`,
      ]);
    }
  });

  test('the log bucket would be flagged S3BucketReplicationEnabled without its acknowledgement', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const target = new SecureLogBucket(stack, 'Target');
    new SecureLogBucket(stack, 'Bucket', { encryptionKey: key, serverAccessLogsBucket: target });
    const rules = new NIST80053R5Checks().validateScope(stack.node.findChild('Bucket')).violations.map(v => v.ruleName);
    expect(rules).toEqual(['NIST.800.53.R5-S3BucketReplicationEnabled']);
  });

  test('the access logs bucket acknowledges exactly the KMS and replication rules (cdk-nag counts a log target as logged)', () => {
    const { archive } = synth();
    expect(Object.keys(acknowledgements(archive.accessLogsBucket)).sort()).toEqual(
      COMPLIANCE_PACKS.flatMap(pack => [`${pack}-S3BucketReplicationEnabled`, `${pack}-S3DefaultEncryptionKMS`]).sort());
  });

  test('the log bucket acknowledges only replication, in the three compliance packs', () => {
    const { archive } = synth();
    expect(Object.keys(acknowledgements(archive.bucket)).sort())
      .toEqual(COMPLIANCE_PACKS.map(pack => `${pack}-S3BucketReplicationEnabled`).sort());
  });

  test('every acknowledgement carries a real reason', () => {
    const { archive } = synth();
    const all = { ...acknowledgements(archive.bucket), ...acknowledgements(archive.accessLogsBucket) };
    expect(Object.keys(all).length).toBeGreaterThan(0);
    for (const [id, reason] of Object.entries(all)) {
      expect({ id, reason: typeof reason === 'string' && reason.trim().length >= 40 }).toEqual({ id, reason: true });
    }
  });

  test('acknowledgements sit on the buckets, not on the LogArchive or the stack', () => {
    const { stack, archive } = synth();
    expect(acknowledgements(archive)).toEqual({});
    expect(acknowledgements(stack)).toEqual({});
    expect(acknowledgements(archive.encryptionKey)).toEqual({});
  });

  test('the KMS acknowledgement on the access logs bucket names SSE-S3 as the reason', () => {
    const { archive } = synth();
    expect(acknowledgements(archive.accessLogsBucket)['NIST.800.53.R5-S3DefaultEncryptionKMS']).toMatch(/SSE-S3/);
  });
});
