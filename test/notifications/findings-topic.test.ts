import { App, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FindingsTopic, FindingsTopicProps } from '../../src/notifications/findings-topic';
import { keyStatements, logicalId, NO_VIOLATIONS, violationsOf } from '../helpers';

const IMPORTED_KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/11111111-2222-3333-4444-555555555555';
const SLACK = { slackWorkspaceId: 'T0123456789', slackChannelId: 'C0123456789' };

function synth(props?: FindingsTopicProps): { stack: Stack; template: Template; findings: FindingsTopic } {
  const stack = new Stack(new App(), 'TestStack');
  const findings = new FindingsTopic(stack, 'Findings', props);
  return { stack, template: Template.fromStack(stack), findings };
}

function topicPolicyStatements(template: Template): any[] {
  const policies = template.findResources('AWS::SNS::TopicPolicy');
  expect(Object.keys(policies)).toHaveLength(1);
  return Object.values(policies)[0].Properties.PolicyDocument.Statement;
}

const partition = { Ref: 'AWS::Partition' };
const region = { Ref: 'AWS::Region' };
const account = { Ref: 'AWS::AccountId' };
const thisAccount = { 'aws:SourceAccount': account };
const budgetsArn = { 'Fn::Join': ['', ['arn:', partition, ':budgets::', account, ':*']] };
const alarmsArn = { 'Fn::Join': ['', ['arn:', partition, ':cloudwatch:', region, ':', account, ':alarm:*']] };
const anomalySubscriptionsArn = { 'Fn::Join': ['', ['arn:', partition, ':ce::', account, ':anomalysubscription/*']] };
const rulesArn = { 'Fn::Join': ['', ['arn:', partition, ':events:', region, ':', account, ':rule/*']] };
const KEY_ACTIONS = ['kms:GenerateDataKey*', 'kms:Decrypt'];

describe('FindingsTopic topic', () => {
  test('creates one standard topic whose construct id is Resource and exposes it', () => {
    const { template, findings } = synth();
    template.resourceCountIs('AWS::SNS::Topic', 1);
    const resource = findings.node.findChild('Resource');
    expect(resource).toBeInstanceOf(sns.Topic);
    expect(findings.node.defaultChild === resource).toBe(true);
    expect(findings.topic === resource).toBe(true);
  });

  test('has no hard-coded topic name and is not FIFO', () => {
    const topic = Object.values(synth().template.findResources('AWS::SNS::Topic'))[0];
    expect(topic.Properties.TopicName).toBeUndefined();
    expect(topic.Properties.FifoTopic).toBeUndefined();
  });

  test('is encrypted with the key it exposes', () => {
    const { template, findings } = synth();
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(findings.encryptionKey), 'Arn'] },
    });
  });

  test('denies publishing without TLS', () => {
    const { template, findings } = synth();
    expect(topicPolicyStatements(template)).toContainEqual({
      Sid: 'AllowPublishThroughSSLOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: { Ref: logicalId(findings.topic as sns.Topic) },
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  test('lets only EventBridge rules of this account and Region publish', () => {
    const { template, findings } = synth();
    expect(topicPolicyStatements(template)).toContainEqual({
      Sid: 'AllowEventBridgeRulesToPublish',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: logicalId(findings.topic as sns.Topic) },
      Condition: { StringEquals: thisAccount, ArnLike: { 'aws:SourceArn': rulesArn } },
    });
  });

  test('lets only budgets of this account publish', () => {
    const { template, findings } = synth();
    expect(topicPolicyStatements(template)).toContainEqual({
      Sid: 'AllowBudgetsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'budgets.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: logicalId(findings.topic as sns.Topic) },
      Condition: { StringEquals: thisAccount, ArnLike: { 'aws:SourceArn': budgetsArn } },
    });
  });

  test('lets only CloudWatch alarms of this account and Region publish', () => {
    const { template, findings } = synth();
    expect(topicPolicyStatements(template)).toContainEqual({
      Sid: 'AllowCloudWatchAlarmsToPublish',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: logicalId(findings.topic as sns.Topic) },
      Condition: { StringEquals: thisAccount, ArnLike: { 'aws:SourceArn': alarmsArn } },
    });
  });

  test('lets only Cost Anomaly Detection subscriptions of this account publish', () => {
    const { template, findings } = synth();
    expect(topicPolicyStatements(template)).toContainEqual({
      Sid: 'AllowCostAnomalyDetectionToPublish',
      Effect: 'Allow',
      Principal: { Service: 'costalerts.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: logicalId(findings.topic as sns.Topic) },
      Condition: { StringEquals: thisAccount, ArnLike: { 'aws:SourceArn': anomalySubscriptionsArn } },
    });
  });

  test('the topic policy has exactly the TLS deny and the four conditioned publishers', () => {
    const statements = topicPolicyStatements(synth().template);
    expect(statements.map((s) => s.Sid)).toEqual([
      'AllowPublishThroughSSLOnly', 'AllowEventBridgeRulesToPublish', 'AllowBudgetsToPublish', 'AllowCloudWatchAlarmsToPublish',
      'AllowCostAnomalyDetectionToPublish',
    ]);
    for (const statement of statements.filter((s) => s.Effect === 'Allow')) {
      expect(statement.Condition.StringEquals).toEqual(thisAccount);
      expect(statement.Condition.ArnLike['aws:SourceArn']).toBeDefined();
    }
  });
});

describe('FindingsTopic key', () => {
  test('creates one key with rotation, retained by default', () => {
    const { template, findings } = synth();
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(findings.encryptionKey).toBe(findings.node.findChild('Key'));
    template.hasResource('AWS::KMS::Key', {
      Properties: { EnableKeyRotation: true, Description: 'Encrypts the security findings topic' },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('removalPolicy applies to the key', () => {
    synth({ removalPolicy: RemovalPolicy.DESTROY }).template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Delete',
      UpdateReplacePolicy: 'Delete',
    });
  });

  test('lets EventBridge generate data keys and decrypt, without source conditions (unsupported for EventBridge to encrypted topics)', () => {
    const { template, findings } = synth();
    expect(keyStatements(template, findings.encryptionKey)).toContainEqual({
      Sid: 'AllowEventBridgeToEncryptFindings',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: KEY_ACTIONS,
      Resource: '*',
    });
  });

  test('lets AWS Budgets of this account use the key', () => {
    const { template, findings } = synth();
    expect(keyStatements(template, findings.encryptionKey)).toContainEqual({
      Sid: 'AllowBudgetsToEncryptAlerts',
      Effect: 'Allow',
      Principal: { Service: 'budgets.amazonaws.com' },
      Action: KEY_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: thisAccount, ArnLike: { 'aws:SourceArn': budgetsArn } },
    });
  });

  test('lets CloudWatch alarms of this account and Region use the key', () => {
    const { template, findings } = synth();
    expect(keyStatements(template, findings.encryptionKey)).toContainEqual({
      Sid: 'AllowCloudWatchAlarmsToEncryptAlerts',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: KEY_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: thisAccount, ArnLike: { 'aws:SourceArn': alarmsArn } },
    });
  });

  test('lets Cost Anomaly Detection of this account use the key', () => {
    const { template, findings } = synth();
    expect(keyStatements(template, findings.encryptionKey)).toContainEqual({
      Sid: 'AllowCostAnomalyDetectionToEncryptAlerts',
      Effect: 'Allow',
      Principal: { Service: 'costalerts.amazonaws.com' },
      Action: KEY_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: thisAccount },
    });
  });

  test('the key policy has the account root statement, the grant guard and the four publishers only', () => {
    const { template, findings } = synth();
    const statements = keyStatements(template, findings.encryptionKey);
    expect(statements).toHaveLength(6);
    expect(statements[1].Sid).toBe('DenyGrantsExceptForAwsServices');
    expect(statements[0]).toEqual({
      Effect: 'Allow',
      Action: 'kms:*',
      Principal: { AWS: { 'Fn::Join': ['', ['arn:', partition, ':iam::', account, ':root']] } },
      Resource: '*',
    });
  });

  test('a given imported key is used and no key is created', () => {
    const stack = new Stack(new App(), 'TestStack');
    const key = kms.Key.fromKeyArn(stack, 'Imported', IMPORTED_KEY_ARN);
    const findings = new FindingsTopic(stack, 'Findings', { encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 0);
    expect(findings.encryptionKey).toBe(key);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: IMPORTED_KEY_ARN });
  });

  test('a given key in the same stack is used as is: its policy is not changed', () => {
    const stack = new Stack(new App(), 'TestStack');
    const key = new kms.Key(stack, 'OwnKey', { enableKeyRotation: true });
    new FindingsTopic(stack, 'Findings', { encryptionKey: key });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 1);
    expect(keyStatements(template, key)).toHaveLength(1);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(key), 'Arn'] } });
  });
});

describe('FindingsTopic email subscriptions', () => {
  test('subscribes nobody by default', () => {
    synth().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('subscribes each address by email to the topic', () => {
    const { template, findings } = synth({ emails: ['security@example.com', 'Ops.Team@example.org'] });
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    for (const endpoint of ['security@example.com', 'Ops.Team@example.org']) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: endpoint,
        TopicArn: { Ref: logicalId(findings.topic as sns.Topic) },
      });
    }
  });

  test('subscription ids follow the address, so removing one address keeps the others', () => {
    const { findings } = synth({ emails: ['security@example.com', 'Ops.Team@example.org'] });
    expect(findings.node.tryFindChild('Email-security@example.com')).toBeInstanceOf(sns.Subscription);
    expect(findings.node.tryFindChild('Email-ops.team@example.org')).toBeInstanceOf(sns.Subscription);
    const before = logicalId(findings.node.findChild('Email-ops.team@example.org'));
    const after = synth({ emails: ['Ops.Team@example.org'] }).findings.node.findChild('Email-ops.team@example.org');
    expect(logicalId(after)).toBe(before);
  });

  test('an unresolved address is not validated and gets a positional id', () => {
    const email = Lazy.string({ produce: () => 'late@example.com' });
    const { template, findings } = synth({ emails: [email] });
    expect(findings.node.tryFindChild('Email0')).toBeInstanceOf(sns.Subscription);
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'late@example.com' });
  });

  test('rejects a malformed address', () => {
    expect(() => synth({ emails: ['not-an-email'] })).toThrow(
      "FindingsTopicProps.emails: received 'not-an-email'; expected a single email address such as 'security@example.com'");
  });

  test('rejects two addresses in one string', () => {
    expect(() => synth({ emails: ['a@example.com b@example.com'] })).toThrow(
      "FindingsTopicProps.emails: received 'a@example.com b@example.com'; expected a single email address such as 'security@example.com'");
  });

  test('rejects an address listed twice, ignoring case', () => {
    expect(() => synth({ emails: ['security@example.com', 'Security@Example.com'] })).toThrow(
      "FindingsTopicProps.emails: 'security@example.com' is listed twice; list each value once");
  });
});

describe('FindingsTopic Slack channel', () => {
  test('creates no AWS Chatbot configuration by default', () => {
    const { template, findings } = synth();
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
    expect(findings.slackChannelConfiguration).toBeUndefined();
  });

  test('forwards the topic to the Slack channel', () => {
    const { template, findings } = synth({ slackChannel: SLACK });
    template.resourceCountIs('AWS::Chatbot::SlackChannelConfiguration', 1);
    expect(findings.slackChannelConfiguration).toBeInstanceOf(chatbot.SlackChannelConfiguration);
    template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123456789',
      SlackChannelId: 'C0123456789',
      SnsTopicArns: [{ Ref: logicalId(findings.topic as sns.Topic) }],
    });
  });

  test('caps the channel at AWSDenyAll instead of the AdministratorAccess default', () => {
    synth({ slackChannel: SLACK }).template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      GuardrailPolicies: [{ 'Fn::Join': ['', ['arn:', partition, ':iam::aws:policy/AWSDenyAll']] }],
    });
  });

  test('the channel role can be assumed by AWS Chatbot and has no permissions', () => {
    const { template } = synth({ slackChannel: SLACK });
    template.resourceCountIs('AWS::IAM::Role', 1);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    template.resourceCountIs('AWS::IAM::ManagedPolicy', 0);
    const role = Object.values(template.findResources('AWS::IAM::Role'))[0];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' } },
    ]);
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.Policies).toBeUndefined();
  });

  test('the configuration name is generated, unique to the construct path and valid for AWS Chatbot', () => {
    const { template } = synth({ slackChannel: SLACK });
    const name = Object.values(template.findResources('AWS::Chatbot::SlackChannelConfiguration'))[0].Properties.ConfigurationName;
    expect(name).toMatch(/^[A-Za-z0-9-_]{1,128}$/);
    expect(name).toContain('Findings');
  });

  test('a long construct path still gives a name of at most 128 characters', () => {
    const stack = new Stack(new App(), 'A'.repeat(120));
    new FindingsTopic(stack, 'B'.repeat(120), { slackChannel: SLACK });
    const name = Object.values(Template.fromStack(stack).findResources('AWS::Chatbot::SlackChannelConfiguration'))[0].Properties.ConfigurationName;
    expect(name.length).toBeLessThanOrEqual(128);
  });

  test('rejects a workspace id that is not uppercase letters and digits', () => {
    expect(() => synth({ slackChannel: { ...SLACK, slackWorkspaceId: 't0123456789' } })).toThrow(
      "FindingsTopicProps.slackChannel.slackWorkspaceId: received 't0123456789'; expected 1 to 255 uppercase letters or digits, the workspace id shown in the AWS Chatbot console, e.g. 'T0123456789'");
  });

  test('rejects an empty workspace id', () => {
    expect(() => synth({ slackChannel: { ...SLACK, slackWorkspaceId: '' } })).toThrow(
      "FindingsTopicProps.slackChannel.slackWorkspaceId: received ''; expected 1 to 255 uppercase letters or digits, the workspace id shown in the AWS Chatbot console, e.g. 'T0123456789'");
  });

  test('rejects a channel id with other characters than letters and digits', () => {
    expect(() => synth({ slackChannel: { ...SLACK, slackChannelId: '#security' } })).toThrow(
      "FindingsTopicProps.slackChannel.slackChannelId: received '#security'; expected 1 to 255 letters or digits, the id at the end of the channel's link, e.g. 'C0123456789'");
  });

  test('rejects an empty channel id', () => {
    expect(() => synth({ slackChannel: { ...SLACK, slackChannelId: '' } })).toThrow(
      "FindingsTopicProps.slackChannel.slackChannelId: received ''; expected 1 to 255 letters or digits, the id at the end of the channel's link, e.g. 'C0123456789'");
  });

  test('does not validate unresolved Slack ids', () => {
    const slackChannel = {
      slackWorkspaceId: Lazy.string({ produce: () => 'T0123456789' }),
      slackChannelId: Lazy.string({ produce: () => 'C0123456789' }),
    };
    synth({ slackChannel }).template.hasResourceProperties('AWS::Chatbot::SlackChannelConfiguration', {
      SlackWorkspaceId: 'T0123456789',
      SlackChannelId: 'C0123456789',
    });
  });
});

describe('FindingsTopic cdk-nag', () => {
  test('the defaults pass all four packs', () => {
    expect(violationsOf(synth().stack)).toEqual(NO_VIOLATIONS);
  });

  test('emails and a Slack channel pass all four packs', () => {
    expect(violationsOf(synth({ emails: ['security@example.com'], slackChannel: SLACK }).stack)).toEqual(NO_VIOLATIONS);
  });

  test('an imported key passes all four packs', () => {
    const stack = new Stack(new App(), 'TestStack');
    new FindingsTopic(stack, 'Findings', { encryptionKey: kms.Key.fromKeyArn(stack, 'Imported', IMPORTED_KEY_ARN) });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
