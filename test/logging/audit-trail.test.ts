import { App, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditTrail, AuditTrailProps, S3DataEvents, TrailInsightType } from '../../src/logging/audit-trail';
import { LogArchive } from '../../src/logging/log-archive';
import { bucketPolicyStatements, keyStatements, logicalId, NO_VIOLATIONS, violationsOf } from '../helpers';

const ORG_ID = 'o-a1b2c3d4e5';
const IMPORTED_KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555';

function newStack(id = 'TestStack'): Stack {
  return new Stack(new App(), id);
}

function synth(props?: AuditTrailProps, stack: Stack = newStack()): { stack: Stack; template: Template; trail: AuditTrail } {
  const trail = new AuditTrail(stack, 'Trail', props);
  return { stack, template: Template.fromStack(stack), trail };
}

function trailResource(template: Template): any {
  const trails = template.findResources('AWS::CloudTrail::Trail');
  expect(Object.keys(trails)).toHaveLength(1);
  return Object.values(trails)[0];
}

function trailArnOf(name: string) {
  return {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:trail/${name}`]],
  };
}

describe('AuditTrail trail defaults', () => {
  test('creates one trail whose construct id is Resource', () => {
    const { template, trail } = synth();
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    expect(trail.node.defaultChild).toBe(trail.node.findChild('Resource'));
  });

  test('is multi-region', () => {
    expect(trailResource(synth().template).Properties.IsMultiRegionTrail).toBe(true);
  });

  test('includes global service events', () => {
    expect(trailResource(synth().template).Properties.IncludeGlobalServiceEvents).toBe(true);
  });

  test('validates log files', () => {
    expect(trailResource(synth().template).Properties.EnableLogFileValidation).toBe(true);
  });

  test('is logging', () => {
    expect(trailResource(synth().template).Properties.IsLogging).toBe(true);
  });

  test('is not an organization trail', () => {
    expect(trailResource(synth().template).Properties.IsOrganizationTrail).toBe(false);
  });

  test('logs management events only (no event selectors)', () => {
    const props = trailResource(synth().template).Properties;
    expect(props.AdvancedEventSelectors).toBeUndefined();
    expect(props.EventSelectors).toBeUndefined();
  });

  test('creates a LogArchive with id LogArchive and delivers to its bucket', () => {
    const { template, trail } = synth();
    const archive = trail.node.findChild('LogArchive') as LogArchive;
    expect(archive).toBeInstanceOf(LogArchive);
    expect(trail.bucket).toBe(archive.bucket);
    expect(trailResource(template).Properties.S3BucketName).toEqual({ Ref: logicalId(archive.bucket) });
  });

  test('KMSKeyId is the LogArchive key', () => {
    const { template, trail } = synth();
    const archive = trail.node.findChild('LogArchive') as LogArchive;
    expect(trail.encryptionKey).toBe(archive.encryptionKey);
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(trailResource(template).Properties.KMSKeyId).toEqual({ 'Fn::GetAtt': [logicalId(archive.encryptionKey), 'Arn'] });
  });

  test('the default trail name is unique to the construct path and is what the trail uses', () => {
    const { template, trail } = synth();
    expect(trail.trailName).toBe('TestStackTrail52B51D8C');
    expect(trailResource(template).Properties.TrailName).toBe(trail.trailName);
  });

  test('the default trail name is valid for CloudTrail even when the stack name has dashes', () => {
    const { template } = synth(undefined, newStack('my-security-stack'));
    expect(trailResource(template).Properties.TrailName).toMatch(/^[A-Za-z0-9]{3,128}$/);
  });

  test('trailArn is built from the name, in the stack region and account', () => {
    const { stack, trail } = synth();
    expect(stack.resolve(trail.trailArn)).toEqual(trailArnOf('TestStackTrail52B51D8C'));
  });

  test('trailArn uses the literal region and account of an environment-specific stack', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const { trail } = synth({ trailName: 'baseline' }, stack);
    expect(stack.resolve(trail.trailArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:eu-west-1:123456789012:trail/baseline']],
    });
  });
});

describe('AuditTrail bucket policy', () => {
  test('lets CloudTrail read the bucket ACL, only for this trail', () => {
    const { template, trail } = synth();
    expect(bucketPolicyStatements(template, trail.bucket)).toContainEqual({
      Sid: 'AWSCloudTrailAclCheck',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Resource: { 'Fn::GetAtt': [logicalId(trail.bucket), 'Arn'] },
      Condition: { StringEquals: { 'aws:SourceArn': trailArnOf(trail.trailName) } },
    });
  });

  test('lets CloudTrail put objects under AWSLogs/<account>/ with bucket-owner-full-control, only for this trail', () => {
    const { template, trail } = synth();
    expect(bucketPolicyStatements(template, trail.bucket)).toContainEqual({
      Sid: 'AWSCloudTrailWrite',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(trail.bucket), 'Arn'] }, '/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] },
      Condition: {
        StringEquals: {
          'aws:SourceArn': trailArnOf(trail.trailName),
          's3:x-amz-acl': 'bucket-owner-full-control',
        },
      },
    });
  });

  test('keeps the TLS-only statements of the log bucket', () => {
    const { template, trail } = synth();
    const statements = bucketPolicyStatements(template, trail.bucket);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }));
  });

  test('the trail waits for the bucket policy', () => {
    const { template, trail } = synth();
    const policyId = logicalId(trail.bucket.policy!);
    expect(trailResource(template).DependsOn).toContain(policyId);
  });
});

describe('AuditTrail key policy', () => {
  test('lets CloudTrail generate data keys for this trail with the CloudTrail encryption context', () => {
    const { template, trail } = synth();
    expect(keyStatements(template, trail.encryptionKey)).toContainEqual({
      Sid: 'AllowCloudTrailToEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringEquals: { 'aws:SourceArn': trailArnOf(trail.trailName) },
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':cloudtrail:*:', { Ref: 'AWS::AccountId' }, ':trail/*']],
          },
        },
      },
    });
  });

  test('lets CloudTrail describe the key, only for this trail', () => {
    const { template, trail } = synth();
    expect(keyStatements(template, trail.encryptionKey)).toContainEqual({
      Sid: 'AllowCloudTrailToDescribeKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:DescribeKey',
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceArn': trailArnOf(trail.trailName) } },
    });
  });

  test('lets the regional CloudWatch Logs service use the key for log groups of this account and region', () => {
    const { template, trail } = synth();
    expect(keyStatements(template, trail.encryptionKey)).toContainEqual({
      Sid: 'AllowCloudWatchLogsToUseKey',
      Effect: 'Allow',
      Principal: { Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:GenerateDataKey', 'kms:DescribeKey'],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':log-group:*']],
          },
        },
      },
    });
  });

  test('the key rotates', () => {
    const { template, trail } = synth();
    expect(template.toJSON().Resources[logicalId(trail.encryptionKey)].Properties.EnableKeyRotation).toBe(true);
  });
});

describe('AuditTrail CloudWatch Logs', () => {
  test('creates a log group encrypted with the key, kept for 365 days', () => {
    const { template, trail } = synth();
    template.resourceCountIs('AWS::Logs::LogGroup', 1);
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      KmsKeyId: { 'Fn::GetAtt': [logicalId(trail.encryptionKey), 'Arn'] },
      RetentionInDays: 365,
      LogGroupName: Match.absent(),
    });
    expect(trail.logGroup).toBe(trail.node.findChild('LogGroup'));
  });

  test('retains the log group on delete and on replacement', () => {
    synth().template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('cloudWatchLogsRetention sets RetentionInDays', () => {
    synth({ cloudWatchLogsRetention: logs.RetentionDays.THREE_MONTHS }).template
      .hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('the trail sends events to the log group through the role', () => {
    const { template, trail } = synth();
    const props = trailResource(template).Properties;
    expect(props.CloudWatchLogsLogGroupArn).toEqual({ 'Fn::GetAtt': [logicalId(trail.logGroup!), 'Arn'] });
    expect(props.CloudWatchLogsRoleArn).toEqual({ 'Fn::GetAtt': [logicalId(trail.node.findChild('CloudWatchLogsRole')), 'Arn'] });
  });

  test('the role is trusted by cloudtrail.amazonaws.com only and holds no inline or AWS managed policy', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' } }],
      },
      Policies: Match.absent(),
      ManagedPolicyArns: Match.absent(),
    });
    template.resourceCountIs('AWS::IAM::Policy', 0);
  });

  test('a managed policy attached to the role allows only logs:CreateLogStream and logs:PutLogEvents on the log group', () => {
    const { template, trail } = synth();
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 1);
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      Roles: [{ Ref: logicalId(trail.node.findChild('CloudWatchLogsRole')) }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Resource: { 'Fn::GetAtt': [logicalId(trail.logGroup!), 'Arn'] },
        }],
      },
    });
  });

  test('the trail waits for the managed policy', () => {
    const { template, trail } = synth();
    expect(trailResource(template).DependsOn).toContain(logicalId(trail.node.findChild('CloudWatchLogsPolicy')));
  });

  test('the trail depends on exactly the bucket policy and the managed policy', () => {
    const { template, trail } = synth();
    expect([...trailResource(template).DependsOn].sort()).toEqual([
      logicalId(trail.bucket.policy!),
      logicalId(trail.node.findChild('CloudWatchLogsPolicy')),
    ].sort());
  });

  test('sendToCloudWatchLogs false creates no log group, role or policy', () => {
    const { template, trail } = synth({ sendToCloudWatchLogs: false });
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    expect(trail.logGroup).toBeUndefined();
  });

  test('sendToCloudWatchLogs false leaves the CloudWatch Logs properties off the trail', () => {
    const props = trailResource(synth({ sendToCloudWatchLogs: false }).template).Properties;
    expect(props.CloudWatchLogsLogGroupArn).toBeUndefined();
    expect(props.CloudWatchLogsRoleArn).toBeUndefined();
  });

  test('sendToCloudWatchLogs false adds no CloudWatch Logs statement to the key policy', () => {
    const { template, trail } = synth({ sendToCloudWatchLogs: false });
    expect(keyStatements(template, trail.encryptionKey).map(s => s.Sid)).not.toContain('AllowCloudWatchLogsToUseKey');
  });

  test('sendToCloudWatchLogs false: the trail depends on the bucket policy only', () => {
    const { template, trail } = synth({ sendToCloudWatchLogs: false });
    expect(trailResource(template).DependsOn).toEqual([logicalId(trail.bucket.policy!)]);
  });
});

describe('AuditTrail data events', () => {
  test('dataEvents logs management events, S3 object events outside the trail bucket and Lambda invocations', () => {
    const { template, trail } = synth({ dataEvents: true });
    expect(trailResource(template).Properties.AdvancedEventSelectors).toEqual([
      { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] },
      {
        Name: 'S3 object events outside the trail bucket',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'resources.ARN', NotStartsWith: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(trail.bucket), 'Arn'] }, '/']] }] },
        ],
      },
      {
        Name: 'Lambda invocations',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::Lambda::Function'] },
          { Field: 'resources.ARN', StartsWith: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':lambda']] }] },
        ],
      },
    ]);
  });

  test('dataEvents uses advanced event selectors only, never EventSelectors too', () => {
    expect(trailResource(synth({ dataEvents: true }).template).Properties.EventSelectors).toBeUndefined();
  });

  test('dataEvents false is the same as the default', () => {
    expect(synth({ dataEvents: false }).template.toJSON()).toEqual(synth().template.toJSON());
  });
});

describe('AuditTrail S3 data events (S3.22, S3.23)', () => {
  const MANAGEMENT = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };

  test('S3.22: WRITE_ONLY logs management events and S3 object writes of every bucket (no ARN filter)', () => {
    expect(trailResource(synth({ s3DataEvents: S3DataEvents.WRITE_ONLY }).template).Properties.AdvancedEventSelectors).toEqual([
      MANAGEMENT,
      {
        Name: 'S3 object writes in every bucket',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
          { Field: 'readOnly', Equals: ['false'] },
        ],
      },
    ]);
  });

  test('S3.22 and S3.23: READ_AND_WRITE logs every S3 object operation of every bucket', () => {
    expect(trailResource(synth({ s3DataEvents: S3DataEvents.READ_AND_WRITE }).template).Properties.AdvancedEventSelectors).toEqual([
      MANAGEMENT,
      {
        Name: 'S3 object reads and writes in every bucket',
        FieldSelectors: [
          { Field: 'eventCategory', Equals: ['Data'] },
          { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
        ],
      },
    ]);
  });

  test('NONE is the same as the default', () => {
    expect(synth({ s3DataEvents: S3DataEvents.NONE }).template.toJSON()).toEqual(synth().template.toJSON());
  });

  test('s3DataEvents together with dataEvents fails', () => {
    expect(() => synth({ dataEvents: true, s3DataEvents: S3DataEvents.WRITE_ONLY }))
      .toThrow('AuditTrailProps.s3DataEvents: received WRITE_ONLY together with dataEvents: true');
  });
});

describe('AuditTrail CloudTrail Insights', () => {
  test('off by default', () => {
    expect(trailResource(synth().template).Properties.InsightSelectors).toBeUndefined();
  });

  test('insightTypes become the trail\'s InsightSelectors', () => {
    const props = trailResource(synth({ insightTypes: [TrailInsightType.API_CALL_RATE, TrailInsightType.API_ERROR_RATE] }).template).Properties;
    expect(props.InsightSelectors).toEqual([{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }]);
  });

  test('an empty list leaves Insights off', () => {
    expect(trailResource(synth({ insightTypes: [] }).template).Properties.InsightSelectors).toBeUndefined();
  });

  test('a type listed twice fails', () => {
    expect(() => synth({ insightTypes: [TrailInsightType.API_CALL_RATE, TrailInsightType.API_CALL_RATE] }))
      .toThrow("AuditTrailProps.insightTypes: 'ApiCallRateInsight' is listed twice; list each value once");
  });
});

describe('AuditTrail bring your own bucket and key', () => {
  test('bucket: no LogArchive is created and the trail delivers to the given bucket', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'MyBucket');
    const { template, trail } = synth({ bucket }, stack);
    expect(trail.node.tryFindChild('LogArchive')).toBeUndefined();
    template.resourceCountIs('AWS::S3::Bucket', 1);
    expect(trail.bucket).toBe(bucket);
    expect(trailResource(template).Properties.S3BucketName).toEqual({ Ref: logicalId(bucket) });
  });

  test('bucket: a new rotating key with id Key encrypts the log files', () => {
    const stack = newStack();
    const { template, trail } = synth({ bucket: new s3.Bucket(stack, 'MyBucket') }, stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(trail.encryptionKey).toBe(trail.node.findChild('Key'));
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: 'Encrypts CloudTrail log files' });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain' });
    expect(trailResource(template).Properties.KMSKeyId).toEqual({ 'Fn::GetAtt': [logicalId(trail.encryptionKey), 'Arn'] });
  });

  test('bucket: the given bucket gets the CloudTrail statements and the trail waits for its policy', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'MyBucket');
    const { template } = synth({ bucket }, stack);
    expect(bucketPolicyStatements(template, bucket).map(s => s.Sid)).toEqual(['AWSCloudTrailAclCheck', 'AWSCloudTrailWrite']);
    expect(trailResource(template).DependsOn).toContain(logicalId(bucket.policy!));
  });

  test('bucket: an imported bucket gets no policy and the trail depends only on the managed policy', () => {
    const stack = newStack();
    const { template, trail } = synth({ bucket: s3.Bucket.fromBucketName(stack, 'Imported', 'existing-trail-bucket') }, stack);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    expect(trailResource(template).Properties.S3BucketName).toBe('existing-trail-bucket');
    expect(trailResource(template).DependsOn).toEqual([logicalId(trail.node.findChild('CloudWatchLogsPolicy'))]);
  });

  test('bucket and key: no key is created and the given key is used', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey');
    const { template, trail } = synth({ bucket: new s3.Bucket(stack, 'MyBucket'), encryptionKey: key }, stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(trail.node.tryFindChild('Key')).toBeUndefined();
    expect(trailResource(template).Properties.KMSKeyId).toEqual({ 'Fn::GetAtt': [logicalId(key), 'Arn'] });
  });

  test('key: the LogArchive, the trail and the log group all use the given key', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey');
    const { template, trail } = synth({ encryptionKey: key }, stack);
    const archive = trail.node.findChild('LogArchive') as LogArchive;
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(archive.encryptionKey).toBe(key);
    expect(trail.encryptionKey).toBe(key);
    expect(trailResource(template).Properties.KMSKeyId).toEqual({ 'Fn::GetAtt': [logicalId(key), 'Arn'] });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': [logicalId(key), 'Arn'] } });
  });

  test('key: the given key gets the CloudTrail and CloudWatch Logs statements', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey');
    const { template } = synth({ encryptionKey: key }, stack);
    expect(keyStatements(template, key).map(s => s.Sid)).toEqual(expect.arrayContaining([
      'AllowCloudTrailToEncryptLogs', 'AllowCloudTrailToDescribeKey', 'AllowCloudWatchLogsToUseKey',
    ]));
  });

  test('key: an imported key is used by ARN and no key is created', () => {
    const stack = newStack();
    const { template } = synth({ encryptionKey: kms.Key.fromKeyArn(stack, 'Imported', IMPORTED_KEY_ARN) }, stack);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(trailResource(template).Properties.KMSKeyId).toBe(IMPORTED_KEY_ARN);
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: IMPORTED_KEY_ARN });
  });
});

describe('AuditTrail options', () => {
  test('trailName names the trail', () => {
    const { template, trail } = synth({ trailName: 'security-baseline' });
    expect(trail.trailName).toBe('security-baseline');
    expect(trailResource(template).Properties.TrailName).toBe('security-baseline');
  });

  test('trailName is the one in the bucket and key policy conditions', () => {
    const { template, trail } = synth({ trailName: 'security-baseline' });
    const expected = trailArnOf('security-baseline');
    for (const statement of bucketPolicyStatements(template, trail.bucket).filter(s => s.Sid?.startsWith('AWSCloudTrail'))) {
      expect(statement.Condition.StringEquals['aws:SourceArn']).toEqual(expected);
    }
    for (const statement of keyStatements(template, trail.encryptionKey).filter(s => s.Sid?.startsWith('AllowCloudTrail'))) {
      expect(statement.Condition.StringEquals['aws:SourceArn']).toEqual(expected);
    }
  });

  test('trailName accepts valid edge cases', () => {
    for (const trailName of ['abc', 'My.Trail_1-x', 'a'.repeat(128), '10.0.0.1a']) {
      expect(() => synth({ trailName })).not.toThrow();
    }
  });

  test('trailName accepts a token without validating it', () => {
    const trailName = Lazy.string({ produce: () => '-' });
    expect(trailResource(synth({ trailName }).template).Properties.TrailName).toBe('-');
  });

  test('isOrganizationTrail sets IsOrganizationTrail', () => {
    const { template } = synth({ isOrganizationTrail: true, organizationId: ORG_ID });
    expect(trailResource(template).Properties.IsOrganizationTrail).toBe(true);
  });

  test('isOrganizationTrail lets CloudTrail also write under AWSLogs/<organizationId>/', () => {
    const { template, trail } = synth({ isOrganizationTrail: true, organizationId: ORG_ID });
    const write = bucketPolicyStatements(template, trail.bucket).find(s => s.Sid === 'AWSCloudTrailWrite');
    const bucketArn = { 'Fn::GetAtt': [logicalId(trail.bucket), 'Arn'] };
    expect(write.Resource).toEqual([
      { 'Fn::Join': ['', [bucketArn, '/AWSLogs/', { Ref: 'AWS::AccountId' }, '/*']] },
      { 'Fn::Join': ['', [bucketArn, `/AWSLogs/${ORG_ID}/*`]] },
    ]);
  });

  test('organizationId without isOrganizationTrail adds no organization prefix', () => {
    const { template, trail } = synth({ organizationId: ORG_ID });
    const write = bucketPolicyStatements(template, trail.bucket).find(s => s.Sid === 'AWSCloudTrailWrite');
    expect(JSON.stringify(write.Resource)).not.toContain(ORG_ID);
    expect(trailResource(template).Properties.IsOrganizationTrail).toBe(false);
  });

  test('removalPolicy DESTROY deletes the key, the buckets and the log group', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup']) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) {
        expect({ type, DeletionPolicy: r.DeletionPolicy }).toEqual({ type, DeletionPolicy: 'Delete' });
      }
    }
  });

  test('removalPolicy DESTROY also deletes the key created for a given bucket', () => {
    const stack = newStack();
    const { template } = synth({ bucket: new s3.Bucket(stack, 'MyBucket'), removalPolicy: RemovalPolicy.DESTROY }, stack);
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });
});

describe('AuditTrail validation', () => {
  test('rejects an organization trail without organizationId', () => {
    expect(() => synth({ isOrganizationTrail: true })).toThrow(
      'AuditTrailProps.organizationId: received undefined; an organization trail (isOrganizationTrail: true) needs the organization id, e.g. \'o-a1b2c3d4e5\'');
  });

  test.each([
    ['o-ABCDEFGHIJ'],
    ['o-abc'],
    ['a1b2c3d4e5'],
    ['o-a1b2c3d4e5-'],
    [`o-${'a'.repeat(33)}`],
  ])('rejects the malformed organizationId %s', (organizationId) => {
    expect(() => synth({ isOrganizationTrail: true, organizationId })).toThrow(
      `AuditTrailProps.organizationId: received '${organizationId}'; expected 'o-' followed by 10 to 32 lowercase letters or digits`);
  });

  test('accepts an organizationId that is a token', () => {
    const organizationId = Lazy.string({ produce: () => 'whatever' });
    expect(() => synth({ isOrganizationTrail: true, organizationId })).not.toThrow();
  });

  test.each([
    ['ab'],
    ['-trail'],
    ['trail-'],
    ['my trail'],
    ['my/trail'],
    ['my--trail'],
    ['my-_trail'],
    ['my..trail'],
    ['192.168.5.4'],
    ['a'.repeat(129)],
  ])('rejects the malformed trailName %s', (trailName) => {
    expect(() => synth({ trailName })).toThrow(
      `AuditTrailProps.trailName: received '${trailName}'; expected 3 to 128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, with no two of '.', '_' and '-' in a row, and not an IP address`);
  });
});

describe('AuditTrail and cdk-nag', () => {
  test('default: no violation in any of the four packs', () => {
    expect(violationsOf(synth().stack)).toEqual(NO_VIOLATIONS);
  });

  test('with data events, an organization trail, a name, a retention and DESTROY: no violation in any of the four packs', () => {
    const { stack } = synth({
      dataEvents: true,
      isOrganizationTrail: true,
      organizationId: ORG_ID,
      trailName: 'security-baseline',
      cloudWatchLogsRetention: logs.RetentionDays.TWO_YEARS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });

  test('with a given key: no violation in any of the four packs', () => {
    const stack = newStack();
    synth({ encryptionKey: new kms.Key(stack, 'MyKey', { enableKeyRotation: true }) }, stack);
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });

  test('with the bucket of a separate LogArchive: no violation in any of the four packs', () => {
    const stack = newStack();
    const archive = new LogArchive(stack, 'Archive');
    synth({ bucket: archive.bucket }, stack);
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });

  test('sendToCloudWatchLogs false is flagged CloudTrailCloudWatchLogsEnabled by the compliance packs', () => {
    const { stack } = synth({ sendToCloudWatchLogs: false });
    const { awsSolutions, nist, hipaa, pci } = violationsOf(stack);
    expect(awsSolutions).toEqual([]);
    expect(nist.map(v => v.ruleName)).toEqual(['NIST.800.53.R5-CloudTrailCloudWatchLogsEnabled']);
    expect(hipaa.map(v => v.ruleName)).toEqual(['HIPAA.Security-CloudTrailCloudWatchLogsEnabled']);
    expect(pci.map(v => v.ruleName)).toEqual(['PCI.DSS.321-CloudTrailCloudWatchLogsEnabled']);
  });
});
