/**
 * The AWS services that deliver to the baseline's bucket, key and topic, simulated against the
 * resource policies exactly as synthesized, with the request context each service documents.
 * Each allowed delivery is paired with the same request from a confused deputy (another account's
 * resource), which the policies must deny.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DeployedTemplate } from './cfn-template';
import { ENV } from './provider-proof';
import { SecureBaseline } from '../../src/secure-baseline';

const { partition, region, account } = ENV;
const OTHER_ACCOUNT = '444455556666';
/** A Cost Anomaly Detection subscription id, as Cost Explorer generates them. */
const SUBSCRIPTION_ID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

const deployed = new DeployedTemplate(Template.fromStack(new SecureBaseline(new App(), 'Baseline', {
  env: { account, region }, notificationEmails: ['security@example.com'], budget: { monthlyLimitUsd: 100 },
})).toJSON(), ENV);

function only(type: string): string {
  const ids = deployed.ofType(type);
  expect(ids).toHaveLength(1);
  return ids[0];
}

function policyOf(type: string, property: string, target: string): any {
  const id = deployed.ofType(type).find(p => JSON.stringify(deployed.propertiesOf(p)[property]).includes(target));
  expect(id).toBeDefined();
  return deployed.propertiesOf(id!).PolicyDocument;
}

const trail = deployed.propertiesOf(only('AWS::CloudTrail::Trail'));
const trailArn = `arn:${partition}:cloudtrail:${region}:${account}:trail/${trail.TrailName}`;
const logBucket = trail.S3BucketName;
const logKeyArn = trail.KMSKeyId;
const logKeyPolicy = deployed.propertiesOf(deployed.ofType('AWS::KMS::Key').find(k => deployed.arnOf(k) === logKeyArn)!).KeyPolicy;
const logBucketPolicy = policyOf('AWS::S3::BucketPolicy', 'Bucket', logBucket);
const logGroupArn = trail.CloudWatchLogsLogGroupArn.replace(/:\*$/, '');

const topicId = only('AWS::SNS::Topic');
const topicArn = deployed.arnOf(topicId);
const topicKeyArn = deployed.propertiesOf(topicId).KmsMasterKeyId;
const topicKeyPolicy = deployed.propertiesOf(deployed.ofType('AWS::KMS::Key').find(k => deployed.arnOf(k) === topicKeyArn)!).KeyPolicy;
const topicPolicy = policyOf('AWS::SNS::TopicPolicy', 'Topics', topicArn);

interface Delivery {
  /** What the case shows, and the AWS documentation of the request context. */
  readonly name: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly resourcePolicy: any;
  readonly context: Record<string, string>;
  /** The same request made on behalf of another account's resource. */
  readonly confusedDeputy: Record<string, string>;
}

const DELIVERIES: Delivery[] = [
  // CloudTrail user guide, "Amazon S3 bucket policy for CloudTrail": aws:SourceArn is the trail's ARN.
  {
    name: 'CloudTrail checks the log bucket ACL',
    principal: 'cloudtrail.amazonaws.com',
    action: 's3:GetBucketAcl',
    resource: `arn:${partition}:s3:::${logBucket}`,
    resourcePolicy: logBucketPolicy,
    context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' },
    confusedDeputy: { 'aws:SourceArn': `arn:${partition}:cloudtrail:${region}:${OTHER_ACCOUNT}:trail/x`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  {
    name: 'CloudTrail writes log files, giving the bucket owner full control',
    principal: 'cloudtrail.amazonaws.com',
    action: 's3:PutObject',
    resource: `arn:${partition}:s3:::${logBucket}/AWSLogs/${account}/CloudTrail/${region}/2026/11/30/file.json.gz`,
    resourcePolicy: logBucketPolicy,
    context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': account, 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true' },
    confusedDeputy: { 'aws:SourceArn': `arn:${partition}:cloudtrail:${region}:${OTHER_ACCOUNT}:trail/x`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  // CloudTrail user guide, "Configure AWS KMS key policies for CloudTrail": the encryption context
  // kms:EncryptionContext:aws:cloudtrail:arn and aws:SourceArn both name the trail.
  {
    name: 'CloudTrail encrypts log files with the key',
    principal: 'cloudtrail.amazonaws.com',
    action: 'kms:GenerateDataKey',
    resource: logKeyArn,
    resourcePolicy: logKeyPolicy,
    context: { 'aws:SourceArn': trailArn, 'aws:SourceAccount': account, 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn },
    confusedDeputy: {
      'aws:SourceArn': `arn:${partition}:cloudtrail:${region}:${OTHER_ACCOUNT}:trail/x`,
      'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partition}:cloudtrail:${region}:${OTHER_ACCOUNT}:trail/x`,
    },
  },
  // AWS Config developer guide, "Permissions for the Amazon S3 bucket": aws:SourceAccount.
  {
    name: 'AWS Config checks the bucket ACL',
    principal: 'config.amazonaws.com',
    action: 's3:GetBucketAcl',
    resource: `arn:${partition}:s3:::${logBucket}`,
    resourcePolicy: logBucketPolicy,
    context: { 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' },
    confusedDeputy: { 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  {
    name: 'AWS Config lists the bucket',
    principal: 'config.amazonaws.com',
    action: 's3:ListBucket',
    resource: `arn:${partition}:s3:::${logBucket}`,
    resourcePolicy: logBucketPolicy,
    context: { 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' },
    confusedDeputy: { 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  {
    name: 'AWS Config delivers snapshots and history, giving the bucket owner full control',
    principal: 'config.amazonaws.com',
    action: 's3:PutObject',
    resource: `arn:${partition}:s3:::${logBucket}/AWSLogs/${account}/Config/${region}/2026/11/30/ConfigSnapshot/file.json.gz`,
    resourcePolicy: logBucketPolicy,
    context: { 'aws:SourceAccount': account, 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SecureTransport': 'true' },
    confusedDeputy: { 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  // AWS Config developer guide, "Permissions for the KMS key": aws:SourceAccount.
  {
    name: 'AWS Config encrypts deliveries with the key',
    principal: 'config.amazonaws.com',
    action: 'kms:GenerateDataKey',
    resource: logKeyArn,
    resourcePolicy: logKeyPolicy,
    context: { 'aws:SourceAccount': account },
    confusedDeputy: { 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  // CloudWatch Logs user guide, "Encrypt log data using AWS KMS": the encryption context
  // kms:EncryptionContext:aws:logs:arn names the log group.
  {
    name: 'CloudWatch Logs encrypts the trail\'s log group',
    principal: `logs.${region}.amazonaws.com`,
    action: 'kms:GenerateDataKey',
    resource: logKeyArn,
    resourcePolicy: logKeyPolicy,
    context: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn },
    confusedDeputy: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${OTHER_ACCOUNT}:log-group:x` },
  },
  // EventBridge user guide, "Amazon SNS permissions": aws:SourceArn is the rule's ARN.
  {
    name: 'EventBridge rules publish findings to the topic',
    principal: 'events.amazonaws.com',
    action: 'sns:Publish',
    resource: topicArn,
    resourcePolicy: topicPolicy,
    context: { 'aws:SourceArn': `arn:${partition}:events:${region}:${account}:rule/GuardDutyFindings`, 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' },
    confusedDeputy: { 'aws:SourceArn': `arn:${partition}:events:${region}:${OTHER_ACCOUNT}:rule/x`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  // AWS Budgets user guide, "Creating an Amazon SNS topic for budget notifications": aws:SourceArn
  // is arn:aws:budgets::<account>:*, aws:SourceAccount the account.
  {
    name: 'AWS Budgets publishes alerts to the topic',
    principal: 'budgets.amazonaws.com',
    action: 'sns:Publish',
    resource: topicArn,
    resourcePolicy: topicPolicy,
    context: { 'aws:SourceArn': `arn:${partition}:budgets::${account}:budget/monthly`, 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' },
    confusedDeputy: { 'aws:SourceArn': `arn:${partition}:budgets::${OTHER_ACCOUNT}:budget/x`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  {
    name: 'AWS Budgets encrypts alerts with the topic key',
    principal: 'budgets.amazonaws.com',
    action: 'kms:GenerateDataKey',
    resource: topicKeyArn,
    resourcePolicy: topicKeyPolicy,
    context: { 'aws:SourceArn': `arn:${partition}:budgets::${account}:budget/monthly`, 'aws:SourceAccount': account },
    confusedDeputy: { 'aws:SourceArn': `arn:${partition}:budgets::${OTHER_ACCOUNT}:budget/x`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  // Cost Management user guide, "Creating an Amazon SNS topic for anomaly notifications":
  // aws:SourceAccount is the subscription's account, aws:SourceArn the subscription.
  {
    name: 'Cost Anomaly Detection publishes anomalies to the topic',
    principal: 'costalerts.amazonaws.com',
    action: 'sns:Publish',
    resource: topicArn,
    resourcePolicy: topicPolicy,
    context: { 'aws:SourceArn': `arn:${partition}:ce::${account}:anomalysubscription/${SUBSCRIPTION_ID}`, 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' },
    confusedDeputy: { 'aws:SourceArn': `arn:${partition}:ce::${OTHER_ACCOUNT}:anomalysubscription/${SUBSCRIPTION_ID}`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  {
    name: 'Cost Anomaly Detection encrypts anomalies with the topic key',
    principal: 'costalerts.amazonaws.com',
    action: 'kms:GenerateDataKey',
    resource: topicKeyArn,
    resourcePolicy: topicKeyPolicy,
    context: { 'aws:SourceArn': `arn:${partition}:ce::${account}:anomalysubscription/${SUBSCRIPTION_ID}`, 'aws:SourceAccount': account },
    confusedDeputy: { 'aws:SourceArn': `arn:${partition}:ce::${OTHER_ACCOUNT}:anomalysubscription/${SUBSCRIPTION_ID}`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  // CloudWatch user guide, "Using Amazon CloudWatch alarms" (encrypted SNS topics): aws:SourceArn is the alarm's ARN.
  {
    name: 'CloudWatch alarms publish to the topic',
    principal: 'cloudwatch.amazonaws.com',
    action: 'sns:Publish',
    resource: topicArn,
    resourcePolicy: topicPolicy,
    context: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:RootAccountUsage`, 'aws:SourceAccount': account, 'aws:SecureTransport': 'true' },
    confusedDeputy: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${OTHER_ACCOUNT}:alarm:x`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
  {
    name: 'CloudWatch alarms encrypt with the topic key',
    principal: 'cloudwatch.amazonaws.com',
    action: 'kms:GenerateDataKey',
    resource: topicKeyArn,
    resourcePolicy: topicKeyPolicy,
    context: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:RootAccountUsage`, 'aws:SourceAccount': account },
    confusedDeputy: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${OTHER_ACCOUNT}:alarm:x`, 'aws:SourceAccount': OTHER_ACCOUNT },
  },
];

/**
 * iam-simulate 0.1.173 drops context keys of the form `kms:EncryptionContext:<key>` before it
 * evaluates (it recognizes variable keys only after a '/'). So such a key is renamed, in the request
 * and in the policy's conditions alike, to one it keeps (`aws:RequestTag/<the same name>`); the
 * operators and values are untouched, so the evaluation is the same.
 */
const ENCRYPTION_CONTEXT = /kms:EncryptionContext:/g;
const STAND_IN = 'aws:RequestTag/kms-encryption-context:';

function withStandInKeys<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replace(ENCRYPTION_CONTEXT, STAND_IN));
}

async function decision(delivery: Delivery, context: Record<string, string>): Promise<string> {
  const result = await runSimulation({
    identityPolicies: [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: withStandInKeys(delivery.resourcePolicy),
    request: {
      action: delivery.action,
      principal: delivery.principal,
      resource: { resource: delivery.resource, accountId: account },
      contextVariables: withStandInKeys(context),
    },
  }, {});
  if (result.resultType === 'error') {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.overallResult;
}

describe.each(DELIVERIES.map(d => [d.name, d] as const))('%s', (_name, delivery) => {
  test('is allowed by the resource policy as synthesized', async () => {
    expect(await decision(delivery, delivery.context)).toBe('Allowed');
  });

  test('is denied on behalf of another account\'s resource (confused deputy)', async () => {
    expect(await decision(delivery, { ...delivery.context, ...delivery.confusedDeputy })).not.toBe('Allowed');
  });
});

test('log files written without bucket-owner-full-control are denied', async () => {
  const write = DELIVERIES.find(d => d.name.startsWith('CloudTrail writes'))!;
  expect(await decision(write, { ...write.context, 's3:x-amz-acl': 'private' })).not.toBe('Allowed');
});

test('deliveries without TLS are denied by the bucket and the topic', async () => {
  for (const delivery of DELIVERIES.filter(d => d.action.startsWith('s3:') || d.action === 'sns:Publish')) {
    expect([delivery.name, await decision(delivery, { ...delivery.context, 'aws:SecureTransport': 'false' })]).toEqual([delivery.name, 'ExplicitlyDenied']);
  }
});
