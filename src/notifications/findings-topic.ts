import { ArnFormat, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as chatbot from 'aws-cdk-lib/aws-chatbot';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { createBaselineKey } from '../private/baseline-key';
import { validateEmailList, validatePattern } from '../private/validation';

/**
 * AWS Chatbot's limits for Slack ids, from the `SlackChannelConfiguration` API reference.
 */
const SLACK_WORKSPACE_ID_PATTERN = /^[0-9A-Z]{1,255}$/;
const SLACK_CHANNEL_ID_PATTERN = /^[A-Za-z0-9]{1,255}$/;

/**
 * AWS Chatbot's limit on the length of a configuration name.
 */
const CHATBOT_CONFIGURATION_NAME_MAX_LENGTH = 128;

/**
 * A Slack channel that receives the findings through AWS Chatbot.
 *
 * The workspace must already be authorized in the AWS Chatbot console (a one-time OAuth step
 * that no template can do); the channel must be public, or AWS Chatbot must be invited to it.
 */
export interface SlackChannel {
  /**
   * The Slack workspace id (team id), as shown in the AWS Chatbot console after the workspace
   * was authorized, e.g. 'T0123456789'.
   */
  readonly slackWorkspaceId: string;

  /**
   * The Slack channel id, the last part of the channel's link, e.g. 'C0123456789'.
   */
  readonly slackChannelId: string;
}

/**
 * Properties for a `FindingsTopic`.
 */
export interface FindingsTopicProps {
  /**
   * Customer managed key that encrypts the topic's messages. A key given here is used as is: its
   * policy must already let `events.amazonaws.com`, `budgets.amazonaws.com`,
   * `cloudwatch.amazonaws.com` and `costalerts.amazonaws.com` call `kms:GenerateDataKey*` and
   * `kms:Decrypt`, or their notifications are dropped silently.
   *
   * @default - a new key with rotation on, whose policy admits those four services
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Email addresses that receive every message. Each address gets a confirmation email from
   * Amazon SNS and receives nothing until the link in it is followed.
   *
   * @default - no email subscriptions
   */
  readonly emails?: string[];

  /**
   * A Slack channel that receives every message through AWS Chatbot.
   *
   * @default - no Slack channel
   */
  readonly slackChannel?: SlackChannel;

  /**
   * What happens to the key created here when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An SNS topic for the baseline's security findings, CIS alarms, budget alerts and cost anomalies,
 * encrypted with a customer managed key, reachable only over TLS, and publishable only by
 * EventBridge rules, AWS Budgets, CloudWatch alarms and Cost Anomaly Detection of this account.
 */
export class FindingsTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.ITopic;
  /** The key that encrypts the topic. */
  public readonly encryptionKey: kms.IKey;
  /**
   * The AWS Chatbot configuration that forwards the topic to Slack.
   *
   * @default - none when `slackChannel` is not given
   */
  public readonly slackChannelConfiguration?: chatbot.ISlackChannelConfiguration;

  constructor(scope: Construct, id: string, props: FindingsTopicProps = {}) {
    super(scope, id);
    const emails = props.emails ?? [];
    validateProps(props, emails);

    if (props.encryptionKey) {
      this.encryptionKey = props.encryptionKey;
    } else {
      const key = createBaselineKey(this, 'Key', {
        description: 'Encrypts the security findings topic',
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
      this.allowPublishersToUseKey(key);
      this.encryptionKey = key;
    }

    const topic = new sns.Topic(this, 'Resource', {
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });
    this.topic = topic;
    this.allowPublishersToPublish(topic);

    for (const [index, email] of emails.entries()) {
      // Ids follow the address, not its position, so removing one address does not replace the
      // others' subscriptions (a replaced subscription must be confirmed again).
      const subscriptionId = Token.isUnresolved(email) ? `Email${index}` : `Email-${email.toLowerCase()}`;
      new sns.Subscription(this, subscriptionId, {
        topic,
        protocol: sns.SubscriptionProtocol.EMAIL,
        endpoint: email,
      });
    }

    if (props.slackChannel) {
      this.slackChannelConfiguration = new chatbot.SlackChannelConfiguration(this, 'SlackChannel', {
        slackChannelConfigurationName: Names.uniqueResourceName(this, { maxLength: CHATBOT_CONFIGURATION_NAME_MAX_LENGTH }),
        slackWorkspaceId: props.slackChannel.slackWorkspaceId,
        slackChannelId: props.slackChannel.slackChannelId,
        notificationTopics: [topic],
        // The channel only relays notifications, so nobody in it needs to run AWS commands. Without
        // guardrails AWS Chatbot applies AdministratorAccess; AWSDenyAll caps every channel member
        // and the channel role at nothing.
        guardrailPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSDenyAll')],
      });
    }
  }

  /**
   * SNS encrypts each message with a data key generated for the publishing service, so each
   * publisher needs the key; see "Enable compatibility between event sources from AWS services and
   * encrypted topics" in the Amazon SNS Developer Guide.
   */
  private allowPublishersToUseKey(key: kms.Key): void {
    const account = Stack.of(this).account;
    const actions = ['kms:GenerateDataKey*', 'kms:Decrypt'];
    // No aws:SourceAccount or aws:SourceArn here: the SNS Developer Guide states that they are not
    // supported in a KMS key policy for EventBridge-to-encrypted-topic delivery, and with them every
    // event would be dropped. Only this account's rules can publish anyway: the topic policy
    // conditions sns:Publish on the rule's account and ARN, and the key serves only this topic.
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowEventBridgeToEncryptFindings',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions,
      resources: ['*'],
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowBudgetsToEncryptAlerts',
      principals: [new iam.ServicePrincipal('budgets.amazonaws.com')],
      actions,
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': this.budgetsArn() },
      },
    }));
    // Only aws:SourceAccount: it is the condition the Cost Management user guide documents for Cost
    // Anomaly Detection ("Creating an Amazon SNS topic for anomaly notifications"); the topic policy
    // narrows the publisher further to this account's anomaly subscriptions.
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCostAnomalyDetectionToEncryptAlerts',
      principals: [new iam.ServicePrincipal('costalerts.amazonaws.com')],
      actions,
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': account } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToEncryptAlerts',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions,
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': account },
        ArnLike: { 'aws:SourceArn': this.alarmsArn() },
      },
    }));
  }

  /**
   * Each statement names the publishing service and is conditioned on this account and the
   * publisher's ARN, so that no other account can use these services to publish here
   * (the confused deputy problem).
   */
  private allowPublishersToPublish(topic: sns.Topic): void {
    const stack = Stack.of(this);
    const publishers: Array<{ sid: string; service: string; sourceArn: string }> = [
      {
        sid: 'AllowEventBridgeRulesToPublish',
        service: 'events.amazonaws.com',
        sourceArn: stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*' }),
      },
      { sid: 'AllowBudgetsToPublish', service: 'budgets.amazonaws.com', sourceArn: this.budgetsArn() },
      { sid: 'AllowCloudWatchAlarmsToPublish', service: 'cloudwatch.amazonaws.com', sourceArn: this.alarmsArn() },
      // The subscription's account and ARN: the Cost Management user guide, "Creating an Amazon SNS
      // topic for anomaly notifications".
      { sid: 'AllowCostAnomalyDetectionToPublish', service: 'costalerts.amazonaws.com', sourceArn: this.anomalySubscriptionsArn() },
    ];
    for (const publisher of publishers) {
      topic.addToResourcePolicy(new iam.PolicyStatement({
        sid: publisher.sid,
        principals: [new iam.ServicePrincipal(publisher.service)],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': publisher.sourceArn },
        },
      }));
    }
  }

  /** Every budget of this account; budgets are global, so the ARN has no Region. */
  private budgetsArn(): string {
    return Stack.of(this).formatArn({ service: 'budgets', region: '', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME });
  }

  /** Every Cost Anomaly Detection subscription of this account; Cost Explorer is global, so the ARN has no Region. */
  private anomalySubscriptionsArn(): string {
    return Stack.of(this).formatArn({ service: 'ce', region: '', resource: 'anomalysubscription', resourceName: '*' });
  }

  /** Every CloudWatch alarm of this account in this Region. */
  private alarmsArn(): string {
    return Stack.of(this).formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }
}

function validateProps(props: FindingsTopicProps, emails: string[]): void {
  validateEmailList('FindingsTopicProps.emails', emails);
  if (props.slackChannel) {
    validatePattern('FindingsTopicProps.slackChannel.slackWorkspaceId', props.slackChannel.slackWorkspaceId, SLACK_WORKSPACE_ID_PATTERN,
      "1 to 255 uppercase letters or digits, the workspace id shown in the AWS Chatbot console, e.g. 'T0123456789'");
    validatePattern('FindingsTopicProps.slackChannel.slackChannelId', props.slackChannel.slackChannelId, SLACK_CHANNEL_ID_PATTERN,
      "1 to 255 letters or digits, the id at the end of the channel's link, e.g. 'C0123456789'");
  }
}
