import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  ConfigRecorder,
  ConfigRecorderProps,
  RecordingFrequency,
  SnapshotDeliveryFrequency,
} from '../../src/detection/config-recorder';
import { ServiceDeployment } from '../../src/detection/service-deployment';
import { LogArchive } from '../../src/logging/log-archive';
import { bucketPolicyStatements, dependenciesBesidesPermissions, logicalId, NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

function newStack(): Stack {
  return new Stack(new App(), 'TestStack');
}

function synth(props?: ConfigRecorderProps, stack: Stack = newStack()): { stack: Stack; template: Template; recorder: ConfigRecorder } {
  const recorder = new ConfigRecorder(stack, 'Config', props);
  return { stack, template: Template.fromStack(stack), recorder };
}

/** Props for the native AWS::Config::ConfigurationRecorder and AWS::Config::DeliveryChannel resources. */
function cfn(props: ConfigRecorderProps = {}): ConfigRecorderProps {
  return { deployment: ServiceDeployment.CLOUDFORMATION, ...props };
}

const MODES: Array<[string, ServiceDeployment]> = [
  ['adopt or create', ServiceDeployment.ADOPT_OR_CREATE],
  ['CloudFormation', ServiceDeployment.CLOUDFORMATION],
];

function only(template: Template, type: string): { id: string; resource: any } {
  const found = template.findResources(type);
  const ids = Object.keys(found);
  expect(ids).toHaveLength(1);
  return { id: ids[0], resource: found[ids[0]] };
}

const recorderOf = (template: Template) => only(template, 'AWS::Config::ConfigurationRecorder');
const channelOf = (template: Template) => only(template, 'AWS::Config::DeliveryChannel');
const serviceLinkedRoleOf = (template: Template) => only(template, 'Custom::ServiceLinkedRole');

const SERVICE_LINKED_ROLE_ARN = {
  'Fn::Join': ['', [
    'arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' },
    ':role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
  ]],
};

describe('ConfigRecorder recorder (CloudFormation)', () => {
  test('creates one recorder whose construct id is Resource, and leaves its name to CloudFormation', () => {
    const { template, recorder } = synth(cfn());
    const { resource } = recorderOf(template);
    expect(recorder.node.defaultChild).toBe(recorder.node.findChild('Resource'));
    expect(resource.Properties.Name).toBeUndefined();
  });

  test('RoleARN is the AWSServiceRoleForConfig service-linked role (Config.1)', () => {
    expect(recorderOf(synth(cfn()).template).resource.Properties.RoleARN).toEqual(SERVICE_LINKED_ROLE_ARN);
  });

  test('RoleARN uses the literal account of an environment-specific stack', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    expect(recorderOf(synth(cfn(), stack).template).resource.Properties.RoleARN).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig']],
    });
  });

  test('creates no custom IAM role for the recorder and no AWS::IAM::ServiceLinkedRole', () => {
    const { template } = synth(cfn());
    template.resourceCountIs('AWS::IAM::ServiceLinkedRole', 0);
    template.resourcePropertiesCountIs('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'config.amazonaws.com' } })]) },
    }, 0);
  });

  test('records all supported resource types', () => {
    expect(recorderOf(synth(cfn()).template).resource.Properties.RecordingGroup.AllSupported).toBe(true);
  });

  test('records global resource types by default', () => {
    expect(recorderOf(synth(cfn()).template).resource.Properties.RecordingGroup.IncludeGlobalResourceTypes).toBe(true);
  });

  test('recordGlobalResourceTypes false leaves global resource types out', () => {
    expect(recorderOf(synth(cfn({ recordGlobalResourceTypes: false })).template).resource.Properties.RecordingGroup)
      .toEqual({ AllSupported: true, IncludeGlobalResourceTypes: false });
  });

  test('records continuously by default', () => {
    expect(recorderOf(synth(cfn()).template).resource.Properties.RecordingMode).toEqual({ RecordingFrequency: 'CONTINUOUS' });
  });

  test('recordingFrequency DAILY records daily', () => {
    expect(recorderOf(synth(cfn({ recordingFrequency: RecordingFrequency.DAILY })).template).resource.Properties.RecordingMode)
      .toEqual({ RecordingFrequency: 'DAILY' });
  });

  test('recorderName is a reference to the recorder', () => {
    const { stack, template, recorder } = synth(cfn());
    expect(stack.resolve(recorder.recorderName)).toEqual({ Ref: recorderOf(template).id });
  });
});

describe('ConfigRecorder delivery channel', () => {
  test('delivers to the LogArchive bucket, encrypted with the LogArchive key', () => {
    const { template, recorder } = synth(cfn());
    const archive = recorder.node.findChild('LogArchive') as LogArchive;
    expect(recorder.bucket).toBe(archive.bucket);
    expect(recorder.encryptionKey).toBe(archive.encryptionKey);
    expect(channelOf(template).resource.Properties).toMatchObject({
      S3BucketName: { Ref: logicalId(archive.bucket) },
      S3KmsKeyArn: { 'Fn::GetAtt': [logicalId(archive.encryptionKey), 'Arn'] },
    });
  });

  test('delivers a snapshot every 24 hours by default', () => {
    expect(channelOf(synth(cfn()).template).resource.Properties.ConfigSnapshotDeliveryProperties)
      .toEqual({ DeliveryFrequency: 'TwentyFour_Hours' });
  });

  test.each([
    [SnapshotDeliveryFrequency.ONE_HOUR, 'One_Hour'],
    [SnapshotDeliveryFrequency.THREE_HOURS, 'Three_Hours'],
    [SnapshotDeliveryFrequency.SIX_HOURS, 'Six_Hours'],
    [SnapshotDeliveryFrequency.TWELVE_HOURS, 'Twelve_Hours'],
    [SnapshotDeliveryFrequency.TWENTY_FOUR_HOURS, 'TwentyFour_Hours'],
  ])('snapshotDeliveryFrequency %s sets DeliveryFrequency %s', (snapshotDeliveryFrequency, expected) => {
    expect(channelOf(synth(cfn({ snapshotDeliveryFrequency })).template).resource.Properties.ConfigSnapshotDeliveryProperties)
      .toEqual({ DeliveryFrequency: expected });
  });

  test('bucket policy lets config.amazonaws.com read the ACL and list the bucket, from this account only', () => {
    const { template, recorder } = synth();
    expect(bucketPolicyStatements(template, recorder.bucket)).toContainEqual({
      Sid: 'AWSConfigBucketPermissionsCheck',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: ['s3:GetBucketAcl', 's3:ListBucket'],
      Resource: { 'Fn::GetAtt': [logicalId(recorder.bucket), 'Arn'] },
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
  });

  test('bucket policy lets config.amazonaws.com put objects under AWSLogs/<account>/Config/, from this account only', () => {
    const { template, recorder } = synth();
    expect(bucketPolicyStatements(template, recorder.bucket)).toContainEqual({
      Sid: 'AWSConfigBucketDelivery',
      Effect: 'Allow',
      Principal: { Service: 'config.amazonaws.com' },
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [logicalId(recorder.bucket), 'Arn'] }, '/AWSLogs/', { Ref: 'AWS::AccountId' }, '/Config/*']] },
      Condition: {
        StringEquals: {
          'aws:SourceAccount': { Ref: 'AWS::AccountId' },
          's3:x-amz-acl': 'bucket-owner-full-control',
        },
      },
    });
  });

  test('bucket policy keeps the TLS-only statements', () => {
    const { template, recorder } = synth();
    expect(bucketPolicyStatements(template, recorder.bucket))
      .toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  test('key policy lets config.amazonaws.com encrypt deliveries, from this account only', () => {
    const { template, recorder } = synth();
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([{
          Sid: 'AllowConfigToEncryptDeliveries',
          Effect: 'Allow',
          Principal: { Service: 'config.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
        }]),
      },
    });
    expect(logicalId(recorder.encryptionKey!)).toBe(Object.keys(template.findResources('AWS::KMS::Key'))[0]);
  });

  test('aws:SourceAccount is the literal account of an environment-specific stack', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const { template, recorder } = synth(undefined, stack);
    const statements = bucketPolicyStatements(template, recorder.bucket).filter(s => s.Sid?.startsWith('AWSConfig'));
    expect(statements).toHaveLength(2);
    for (const statement of statements) {
      expect(statement.Condition.StringEquals['aws:SourceAccount']).toBe('123456789012');
    }
  });
});

describe('ConfigRecorder ordering (CloudFormation)', () => {
  test('the delivery channel waits for the bucket policy', () => {
    const { template, recorder } = synth(cfn());
    expect(channelOf(template).resource.DependsOn).toContain(logicalId(recorder.bucket.policy!));
  });

  test('the recorder waits for the Custom::ServiceLinkedRole', () => {
    const { template } = synth(cfn());
    expect(recorderOf(template).resource.DependsOn).toContain(serviceLinkedRoleOf(template).id);
  });

  test('the recorder does not depend on the delivery channel', () => {
    const { template } = synth(cfn());
    expect(recorderOf(template).resource.DependsOn ?? []).not.toContain(channelOf(template).id);
  });

  test('the delivery channel does not depend on the recorder', () => {
    const { template } = synth(cfn());
    expect(channelOf(template).resource.DependsOn ?? []).not.toContain(recorderOf(template).id);
  });

  test('neither the recorder nor the channel references the other (no implicit dependency)', () => {
    const { template } = synth(cfn());
    const recorder = recorderOf(template);
    const channel = channelOf(template);
    expect(JSON.stringify(recorder.resource.Properties)).not.toContain(channel.id);
    expect(JSON.stringify(channel.resource.Properties)).not.toContain(recorder.id);
  });

  test('the recorder and the channel keep apart with a given bucket and key too', () => {
    const stack = newStack();
    const { template } = synth(cfn({ bucket: new s3.Bucket(stack, 'MyBucket'), encryptionKey: new kms.Key(stack, 'MyKey') }), stack);
    expect(recorderOf(template).resource.DependsOn ?? []).not.toContain(channelOf(template).id);
    expect(channelOf(template).resource.DependsOn ?? []).not.toContain(recorderOf(template).id);
  });
});

describe('ConfigRecorder bring your own bucket and key', () => {
  test('bucket: no LogArchive and no key are created, and the channel has no KMS key', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'MyBucket');
    const { template, recorder } = synth(cfn({ bucket }), stack);
    expect(recorder.node.tryFindChild('LogArchive')).toBeUndefined();
    expect(recorder.bucket).toBe(bucket);
    expect(recorder.encryptionKey).toBeUndefined();
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(channelOf(template).resource.Properties.S3BucketName).toEqual({ Ref: logicalId(bucket) });
    expect(channelOf(template).resource.Properties.S3KmsKeyArn).toBeUndefined();
  });

  test('bucket: the given bucket gets the AWS Config statements and the channel waits for its policy', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'MyBucket');
    const { template } = synth(cfn({ bucket }), stack);
    expect(bucketPolicyStatements(template, bucket).map(s => s.Sid)).toEqual(['AWSConfigBucketPermissionsCheck', 'AWSConfigBucketDelivery']);
    expect(channelOf(template).resource.DependsOn).toEqual([logicalId(bucket.policy!)]);
  });

  test('bucket: an imported bucket gets no policy and the channel has no dependency', () => {
    const stack = newStack();
    const { template } = synth(cfn({ bucket: s3.Bucket.fromBucketName(stack, 'Imported', 'existing-config-bucket') }), stack);
    template.resourceCountIs('AWS::S3::BucketPolicy', 0);
    expect(channelOf(template).resource.Properties.S3BucketName).toBe('existing-config-bucket');
    expect(channelOf(template).resource.DependsOn).toBeUndefined();
  });

  test('bucket and key: the channel encrypts with the key and the key admits AWS Config', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey');
    const { template, recorder } = synth(cfn({ bucket: new s3.Bucket(stack, 'MyBucket'), encryptionKey: key }), stack);
    expect(recorder.encryptionKey).toBe(key);
    expect(channelOf(template).resource.Properties.S3KmsKeyArn).toEqual({ 'Fn::GetAtt': [logicalId(key), 'Arn'] });
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'AllowConfigToEncryptDeliveries' })]) },
    });
  });

  test('key: the LogArchive uses the given key and no other key is created', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey');
    const { template, recorder } = synth(cfn({ encryptionKey: key }), stack);
    const archive = recorder.node.findChild('LogArchive') as LogArchive;
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(archive.encryptionKey).toBe(key);
    expect(channelOf(template).resource.Properties.S3KmsKeyArn).toEqual({ 'Fn::GetAtt': [logicalId(key), 'Arn'] });
  });

  test('key: an imported key is used by ARN', () => {
    const stack = newStack();
    const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555';
    const { template } = synth(cfn({ encryptionKey: kms.Key.fromKeyArn(stack, 'Imported', keyArn) }), stack);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(channelOf(template).resource.Properties.S3KmsKeyArn).toBe(keyArn);
  });
});

describe('ConfigRecorder removal policy', () => {
  test('retains the LogArchive key and buckets by default', () => {
    const { template } = synth();
    for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket']) {
      for (const r of Object.values(template.findResources(type))) {
        expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    }
  });

  test('removalPolicy DESTROY deletes the LogArchive key and buckets', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });
    for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket']) {
      const resources = Object.values(template.findResources(type));
      expect(resources.length).toBeGreaterThan(0);
      for (const r of resources) {
        expect(r).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
      }
    }
  });
});

describe.each(MODES)('ConfigRecorder and cdk-nag (%s)', (_mode, deployment) => {
  test('default: no violation in any of the four packs', () => {
    expect(violationsOf(synth({ deployment }).stack)).toEqual(NO_VIOLATIONS);
  });

  test('with every option set: no violation in any of the four packs', () => {
    const stack = newStack();
    synth({
      recordGlobalResourceTypes: false,
      recordingFrequency: RecordingFrequency.DAILY,
      snapshotDeliveryFrequency: SnapshotDeliveryFrequency.ONE_HOUR,
      encryptionKey: new kms.Key(stack, 'MyKey', { enableKeyRotation: true }),
      removalPolicy: RemovalPolicy.DESTROY,
      deployment,
      disableOnDelete: true,
    }, stack);
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });

  test('with the bucket and key of a separate LogArchive: no violation in any of the four packs', () => {
    const stack = newStack();
    const archive = new LogArchive(stack, 'Archive');
    synth({ bucket: archive.bucket, encryptionKey: archive.encryptionKey, deployment }, stack);
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});

const customRecorderOf = (template: Template) => only(template, 'Custom::ConfigRecorder');

const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };

const CONFIG_STATEMENT = {
  Effect: 'Allow',
  Action: [
    'config:DescribeConfigurationRecorders', 'config:DescribeDeliveryChannels',
    'config:PutConfigurationRecorder', 'config:PutDeliveryChannel', 'config:StartConfigurationRecorder',
    'config:DeleteDeliveryChannel', 'config:DeleteConfigurationRecorder',
  ],
  Resource: '*',
};

const PASS_ROLE_STATEMENT = {
  Effect: 'Allow',
  Action: 'iam:PassRole',
  Resource: SERVICE_LINKED_ROLE_ARN,
  Condition: { StringEquals: { 'iam:PassedToService': 'config.amazonaws.com' } },
};

const SLR_STATEMENT = {
  Effect: 'Allow',
  Action: 'iam:CreateServiceLinkedRole',
  Resource: SERVICE_LINKED_ROLE_ARN,
  Condition: { StringEquals: { 'iam:AWSServiceName': 'config.amazonaws.com' } },
};

function resourceTypes(template: Template): string[] {
  return Object.values<any>(template.toJSON().Resources).map(r => r.Type);
}

describe('ConfigRecorder removal (CloudFormation)', () => {
  test('the recorder and the channel are retained on delete and on replacement by default', () => {
    const { template } = synth(cfn());
    for (const { resource } of [recorderOf(template), channelOf(template)]) {
      expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });

  test('disableOnDelete: true deletes the recorder and the channel', () => {
    const { template } = synth(cfn({ disableOnDelete: true }));
    for (const { resource } of [recorderOf(template), channelOf(template)]) {
      expect(resource).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    }
  });

  test('disableOnDelete does not change the removal policy of the LogArchive', () => {
    const { template } = synth(cfn({ disableOnDelete: true }));
    for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket']) {
      for (const r of Object.values(template.findResources(type))) {
        expect(r).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
    }
  });

  test('no Custom::ConfigRecorder, and the provider role gets only the service-linked role statement', () => {
    const { template } = synth(cfn());
    template.resourceCountIs('Custom::ConfigRecorder', 0);
    expect(providerStatements(template)).toEqual([SLR_STATEMENT]);
  });
});

describe('ConfigRecorder adopt or create (default)', () => {
  test('defaults: one Custom::ConfigRecorder with exactly the documented properties', () => {
    const { template, recorder } = synth();
    const archive = recorder.node.findChild('LogArchive') as LogArchive;
    template.resourceCountIs('Custom::ConfigRecorder', 1);
    template.hasResourceProperties('Custom::ConfigRecorder', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'ConfigRecorder',
      RoleArn: SERVICE_LINKED_ROLE_ARN,
      IncludeGlobalResourceTypes: true,
      RecordingFrequency: 'CONTINUOUS',
      BucketName: { Ref: logicalId(archive.bucket) },
      KmsKeyArn: { 'Fn::GetAtt': [logicalId(archive.encryptionKey), 'Arn'] },
      DeliveryFrequency: 'TwentyFour_Hours',
      DisableOnDelete: false,
    }));
  });

  test('deployment ADOPT_OR_CREATE is the default', () => {
    expect(synth({ deployment: ServiceDeployment.ADOPT_OR_CREATE }).template.toJSON()).toEqual(synth().template.toJSON());
  });

  test('every option is passed through', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'MyKey');
    const bucket = new s3.Bucket(stack, 'MyBucket');
    const { template } = synth({
      recordGlobalResourceTypes: false,
      recordingFrequency: RecordingFrequency.DAILY,
      snapshotDeliveryFrequency: SnapshotDeliveryFrequency.SIX_HOURS,
      bucket,
      encryptionKey: key,
      disableOnDelete: true,
    }, stack);
    template.hasResourceProperties('Custom::ConfigRecorder', Match.objectEquals({
      ServiceToken: SERVICE_TOKEN,
      Kind: 'ConfigRecorder',
      RoleArn: SERVICE_LINKED_ROLE_ARN,
      IncludeGlobalResourceTypes: false,
      RecordingFrequency: 'DAILY',
      BucketName: { Ref: logicalId(bucket) },
      KmsKeyArn: { 'Fn::GetAtt': [logicalId(key), 'Arn'] },
      DeliveryFrequency: 'Six_Hours',
      DisableOnDelete: true,
    }));
  });

  test('a bucket without a key sends no KmsKeyArn', () => {
    const stack = newStack();
    const { template } = synth({ bucket: s3.Bucket.fromBucketName(stack, 'Imported', 'existing-config-bucket') }, stack);
    const { resource } = customRecorderOf(template);
    expect(resource.Properties.BucketName).toBe('existing-config-bucket');
    expect(resource.Properties).not.toHaveProperty('KmsKeyArn');
  });

  test('an imported key is sent by ARN', () => {
    const stack = newStack();
    const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555';
    const { template } = synth({ encryptionKey: kms.Key.fromKeyArn(stack, 'Imported', keyArn) }, stack);
    expect(customRecorderOf(template).resource.Properties.KmsKeyArn).toBe(keyArn);
  });

  test('no native AWS::Config resource', () => {
    const { template } = synth({ disableOnDelete: true });
    expect(resourceTypes(template).filter(type => type.startsWith('AWS::Config::'))).toEqual([]);
  });

  test('the construct id of the custom resource is Resource', () => {
    const { recorder } = synth();
    expect(recorder.node.findChild('Resource')).toBeDefined();
    expect(recorder.node.defaultChild).toBe(recorder.node.findChild('Resource'));
  });

  test('the custom resource itself is removed with the stack; the handler decides what happens to the recorder', () => {
    synth().template.hasResource('Custom::ConfigRecorder', { DeletionPolicy: 'Delete' });
  });

  test('adds exactly the service-linked role, AWS Config and iam:PassRole statements to the provider role', () => {
    expect(providerStatements(synth().template)).toEqual([SLR_STATEMENT, CONFIG_STATEMENT, PASS_ROLE_STATEMENT]);
  });

  test('may stop the recorder only where disableOnDelete asks for it: the undo of a failed Create deletes a recorder that never started', () => {
    const actionsOf = (props?: ConfigRecorderProps) => providerStatements(synth(props).template).find(st => st.Action.includes('config:PutConfigurationRecorder')).Action;
    expect(actionsOf()).not.toContain('config:StopConfigurationRecorder');
    expect(actionsOf({ disableOnDelete: true })).toEqual([...CONFIG_STATEMENT.Action, 'config:StopConfigurationRecorder']);
  });

  test('iam:PassRole names the literal account of an environment-specific stack', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    const statements = providerStatements(synth(undefined, stack).template);
    expect(statements.find(s => s.Action === 'iam:PassRole').Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig']],
    });
  });

  test('waits for the bucket policy and the Custom::ServiceLinkedRole', () => {
    const { template, recorder } = synth();
    expect(dependenciesBesidesPermissions(template, customRecorderOf(template).resource.DependsOn)).toEqual(
      [logicalId(recorder.bucket.policy!), serviceLinkedRoleOf(template).id].sort());
  });

  test('with an imported bucket, waits for the Custom::ServiceLinkedRole only', () => {
    const stack = newStack();
    const { template } = synth({ bucket: s3.Bucket.fromBucketName(stack, 'Imported', 'existing-config-bucket') }, stack);
    expect(dependenciesBesidesPermissions(template, customRecorderOf(template).resource.DependsOn)).toEqual([serviceLinkedRoleOf(template).id]);
  });

  test('recorderName is the RecorderName attribute of the custom resource', () => {
    const { stack, template, recorder } = synth();
    expect(stack.resolve(recorder.recorderName)).toEqual({ 'Fn::GetAtt': [customRecorderOf(template).id, 'RecorderName'] });
  });
});
