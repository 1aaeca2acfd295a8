import { Annotations, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as ce from 'aws-cdk-lib/aws-ce';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { deploymentRegionsLacking } from '../private/region-capabilities';
import { validateAccountId, validateEmailList, validateUnique } from '../private/validation';

/**
 * Cost Anomaly Detection limits, from its FAQ: a subscription has at most ten email recipients (or
 * one SNS topic), and a linked account monitor tracks at most ten linked accounts.
 */
const MAX_SUMMARY_EMAILS = 10;
const MAX_LINKED_ACCOUNTS = 10;

/** The absolute impact that alerts by default, in US dollars. */
const DEFAULT_THRESHOLD_USD = 100;

/** Cost Explorer's name lengths (`MonitorName`, `SubscriptionName`: at most 1,024 characters). */
const MAX_NAME_LENGTH = 1024;

/**
 * What a Cost Anomaly Detection monitor watches.
 */
export class AnomalyMonitorScope {
  /**
   * Each AWS service's spend, evaluated separately: the AWS services monitor that AWS recommends. An
   * account has one at most, and AWS sets one up by itself in many accounts, so an existing one is
   * adopted (whatever its name) rather than created a second time. In an organization member account
   * it watches that account's spend.
   */
  public static awsServices(): AnomalyMonitorScope {
    return new AnomalyMonitorScope('SERVICE');
  }

  /**
   * The spend of every account of the organization, each evaluated separately, including accounts
   * that join later (an AWS managed monitor of the LINKED_ACCOUNT dimension). Deploy it in the
   * management account: Cost Anomaly Detection creates monitors of linked accounts only there. An
   * account has one at most; an existing one is adopted.
   */
  public static allLinkedAccounts(): AnomalyMonitorScope {
    return new AnomalyMonitorScope('LINKED_ACCOUNT');
  }

  /**
   * The total spend of up to ten linked accounts, evaluated together (a customer managed monitor).
   * Deploy it in the management account.
   *
   * @param accountIds the 12-digit ids of one to ten linked accounts
   */
  public static linkedAccounts(accountIds: string[]): AnomalyMonitorScope {
    const prop = 'AnomalyMonitorScope.linkedAccounts';
    if (accountIds.length === 0 || accountIds.length > MAX_LINKED_ACCOUNTS) {
      throw new Error(`${prop}: received ${accountIds.length} account ids; expected 1 to ${MAX_LINKED_ACCOUNTS}, the number of linked accounts one Cost Anomaly Detection monitor can track`);
    }
    accountIds.forEach(id => validateAccountId(prop, id));
    validateUnique(prop, accountIds, id => id);
    return new AnomalyMonitorScope(undefined, { Dimensions: { Key: 'LINKED_ACCOUNT', Values: accountIds } });
  }

  /**
   * The spend of resources that carry a cost allocation tag with one of the given values (a
   * customer managed monitor). The tag must be activated as a cost allocation tag in the Billing
   * console. Deploy it in the management account, or in an account outside an organization.
   *
   * @param key the tag key, e.g. 'team'
   * @param values the tag values whose spend is watched together, at least one
   */
  public static costAllocationTag(key: string, values: string[]): AnomalyMonitorScope {
    const prop = 'AnomalyMonitorScope.costAllocationTag';
    if (!Token.isUnresolved(key) && key.trim() === '') {
      throw new Error(`${prop}: received an empty tag key; expected the key of an activated cost allocation tag, e.g. 'team'`);
    }
    if (values.length === 0) {
      throw new Error(`${prop}: received no values for tag '${key}'; expected at least one tag value to watch`);
    }
    validateUnique(`${prop} values`, values, value => value);
    return new AnomalyMonitorScope(undefined, { Tags: { Key: key, Values: values } });
  }

  private constructor(
    /** The dimension of an AWS managed monitor; undefined for a customer managed one. */
    private readonly managedDimension?: string,
    /** The specification of a customer managed monitor. */
    private readonly specification?: Record<string, unknown>,
  ) {}

  /** @internal */
  public _bind(scope: CostAnomalyDetection, name: string, disableOnDelete: boolean): string {
    if (this.managedDimension !== undefined) {
      return new BaselineCustomResource(scope, 'Monitor', {
        kind: 'AnomalyMonitor',
        properties: { MonitorName: name, MonitorDimension: this.managedDimension, DisableOnDelete: disableOnDelete },
        policyStatements: managedMonitorStatements(Stack.of(scope), disableOnDelete),
      }).resource.getAttString('MonitorArn');
    }
    const monitor = new ce.CfnAnomalyMonitor(scope, 'Monitor', {
      monitorName: name,
      monitorType: 'CUSTOM',
      monitorSpecification: Stack.of(scope).toJsonString(this.specification),
    });
    monitor.applyRemovalPolicy(disableOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);
    return monitor.attrMonitorArn;
  }
}

/**
 * How often the summary of anomalies is emailed.
 */
export enum AnomalySummaryFrequency {
  /** Once a day. */
  DAILY = 'DAILY',
  /** Once a week. */
  WEEKLY = 'WEEKLY',
}

/**
 * How `thresholdUsd` and `thresholdPercent` combine when both are given.
 */
export enum AnomalyThresholdMatch {
  /** An anomaly alerts when its impact reaches both thresholds. */
  ALL = 'ALL',
  /** An anomaly alerts when its impact reaches either threshold. */
  ANY = 'ANY',
}

/**
 * Properties for `CostAnomalyDetection`.
 */
export interface CostAnomalyDetectionProps {
  /**
   * What the monitor watches. Linked account, organization-wide and cost allocation tag monitors
   * belong in the management account.
   *
   * @default AnomalyMonitorScope.awsServices()
   */
  readonly monitor?: AnomalyMonitorScope;

  /**
   * An anomaly alerts when its total impact (actual minus expected spend) reaches this many US
   * dollars. Anomalies below the thresholds are still shown in the console.
   *
   * @default 100 (also when `thresholdPercent` is given: a percentage is added to it, not put in its place)
   */
  readonly thresholdUsd?: number;

  /**
   * An anomaly alerts when its total impact reaches this percentage of the expected spend, combined
   * with `thresholdUsd` (or its default of 100 USD) as `thresholdMatch` says: with the default
   * `ALL`, a percentage silences large but routine swings of big services without letting small
   * ones through.
   *
   * @default - no percentage threshold
   */
  readonly thresholdPercent?: number;

  /**
   * How `thresholdUsd` (or its default) and `thresholdPercent` combine.
   *
   * @default AnomalyThresholdMatch.ALL
   */
  readonly thresholdMatch?: AnomalyThresholdMatch;

  /**
   * The SNS topic that receives each anomaly as soon as it is detected (an IMMEDIATE subscription:
   * Cost Anomaly Detection sends immediate alerts only to SNS). The topic must be a standard topic
   * whose policy lets `costalerts.amazonaws.com` publish, and whose key, when it is encrypted, lets
   * it call `kms:GenerateDataKey*` and `kms:Decrypt`; `FindingsTopic` grants both.
   *
   * @default - no immediate alerts
   */
  readonly topic?: sns.ITopic;

  /**
   * Email addresses that receive a summary of the anomalies above the thresholds, at most ten.
   *
   * @default - no summary emails
   */
  readonly summaryEmails?: string[];

  /**
   * How often the summary is emailed to `summaryEmails`. Immediate alerts go to `topic` only.
   *
   * @default AnomalySummaryFrequency.DAILY
   */
  readonly summaryFrequency?: AnomalySummaryFrequency;

  /**
   * Whether deleting the stack (or removing this construct) deletes the monitor. An adopted AWS
   * managed monitor is never deleted. The subscriptions are always deleted with the stack.
   *
   * @default false
   */
  readonly disableOnDelete?: boolean;
}

/**
 * AWS Cost Anomaly Detection for the account: a monitor that learns the account's spend patterns
 * and subscriptions that alert when an anomaly's impact crosses a threshold. A compromised account
 * usually shows first as a cost spike (crypto-mining, data transfer), long before a monthly budget
 * is crossed. The service is free.
 *
 * Cost Anomaly Detection is global: deploy this once per account (the baseline does so in its home
 * region), in a Region whose CloudFormation has the AWS::CE resource types (not ap-east-2,
 * ap-southeast-5 to 7, mx-central-1 or GovCloud). A new monitor needs about 24 hours, and a service
 * 10 days of history, before anomalies are detected.
 */
export class CostAnomalyDetection extends Construct {
  /**
   * The ARN of the monitor: the one created, or the AWS managed monitor that already existed.
   *
   * @attribute
   */
  public readonly monitorArn: string;

  /**
   * The subscription that sends each anomaly to `topic` as soon as it is detected.
   *
   * @default - none without a topic
   */
  public readonly immediateSubscription?: ce.CfnAnomalySubscription;

  /**
   * The subscription that emails the summary of anomalies.
   *
   * @default - none without summary emails
   */
  public readonly summarySubscription?: ce.CfnAnomalySubscription;

  constructor(scope: Construct, id: string, props: CostAnomalyDetectionProps = {}) {
    super(scope, id);
    const summaryEmails = props.summaryEmails ?? [];
    validateProps(props, summaryEmails);
    const lacking = [...new Set(['AWS::CE::AnomalyMonitor', 'AWS::CE::AnomalySubscription'].flatMap(type => deploymentRegionsLacking(this, type)))];
    if (lacking.length > 0) {
      throw new Error(`CostAnomalyDetection: the stack deploys to ${lacking.join(', ')}, whose CloudFormation lacks the AWS::CE::AnomalyMonitor and AWS::CE::AnomalySubscription resource types; `
        + 'Cost Anomaly Detection is global, so create this construct in a stack of another Region of the account, e.g. us-east-1');
    }

    const name = Names.uniqueResourceName(this, { maxLength: MAX_NAME_LENGTH - 'Summary'.length });
    this.monitorArn = (props.monitor ?? AnomalyMonitorScope.awsServices())._bind(this, name, props.disableOnDelete ?? false);

    const thresholdExpression = this.thresholdExpression(props);
    const subscription = (subscriptionId: string, frequency: string, subscribers: ce.CfnAnomalySubscription.SubscriberProperty[]) =>
      new ce.CfnAnomalySubscription(this, subscriptionId, {
        subscriptionName: `${name}${subscriptionId}`,
        monitorArnList: [this.monitorArn],
        frequency,
        subscribers,
        thresholdExpression,
      });

    if (props.topic) {
      this.immediateSubscription = subscription('Immediate', 'IMMEDIATE', [{ type: 'SNS', address: props.topic.topicArn }]);
      // The topic's policy and key must admit Cost Anomaly Detection before it sends the first alert.
      this.immediateSubscription.node.addDependency(props.topic);
    }
    if (summaryEmails.length > 0) {
      this.summarySubscription = subscription('Summary', props.summaryFrequency ?? AnomalySummaryFrequency.DAILY,
        summaryEmails.map(address => ({ type: 'EMAIL', address })));
    }
    if (!props.topic && summaryEmails.length === 0) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:anomalyDetectionWithoutSubscribers',
        'CostAnomalyDetection has no topic and no summaryEmails, so anomalies are only shown in the console; set topic or summaryEmails to be alerted');
    }
  }

  /**
   * A `ThresholdExpression` (the `Threshold` property is deprecated): the impact keys are
   * ANOMALY_TOTAL_IMPACT_ABSOLUTE (US dollars) and ANOMALY_TOTAL_IMPACT_PERCENTAGE, matched with
   * GREATER_THAN_OR_EQUAL (Cost Explorer API reference, `AnomalySubscription.ThresholdExpression`).
   */
  private thresholdExpression(props: CostAnomalyDetectionProps): string {
    const usd = props.thresholdUsd ?? DEFAULT_THRESHOLD_USD;
    const impact = (key: string, value: number) => ({
      Dimensions: { Key: key, MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [Token.isUnresolved(value) ? Token.asString(value) : String(value)] },
    });
    const conditions = [
      impact('ANOMALY_TOTAL_IMPACT_ABSOLUTE', usd),
      ...(props.thresholdPercent !== undefined ? [impact('ANOMALY_TOTAL_IMPACT_PERCENTAGE', props.thresholdPercent)] : []),
    ];
    const expression = conditions.length === 1 ? conditions[0]
      : { [(props.thresholdMatch ?? AnomalyThresholdMatch.ALL) === AnomalyThresholdMatch.ALL ? 'And' : 'Or']: conditions };
    return Stack.of(this).toJsonString(expression);
  }
}

/**
 * What the provider needs to adopt or create an AWS managed monitor (Service Authorization
 * Reference, AWS Cost Explorer Service): GetAnomalyMonitors and DeleteAnomalyMonitor are authorized
 * against the monitors (the Cost Management user guide asks for the anomalymonitor/* form for the
 * Get), CreateAnomalyMonitor has no resource type.
 */
function managedMonitorStatements(stack: Stack, disableOnDelete: boolean): iam.PolicyStatement[] {
  const monitors = stack.formatArn({ service: 'ce', region: '', resource: 'anomalymonitor', resourceName: '*' });
  return [
    new iam.PolicyStatement({ actions: ['ce:GetAnomalyMonitors', ...(disableOnDelete ? ['ce:DeleteAnomalyMonitor'] : [])], resources: [monitors] }),
    new iam.PolicyStatement({ actions: ['ce:CreateAnomalyMonitor'], resources: ['*'] }),
  ];
}

function validateProps(props: CostAnomalyDetectionProps, summaryEmails: string[]): void {
  validatePositive('CostAnomalyDetectionProps.thresholdUsd', props.thresholdUsd, 'US dollars of total impact');
  validatePositive('CostAnomalyDetectionProps.thresholdPercent', props.thresholdPercent, 'percent of the expected spend');
  if (props.thresholdMatch !== undefined && props.thresholdPercent === undefined) {
    throw new Error(`CostAnomalyDetectionProps.thresholdMatch: received ${props.thresholdMatch} but thresholdPercent is not set; it combines thresholdUsd (default 100) with thresholdPercent, so set thresholdPercent or remove thresholdMatch`);
  }

  validateEmailList('CostAnomalyDetectionProps.summaryEmails', summaryEmails);
  if (summaryEmails.length > MAX_SUMMARY_EMAILS) {
    throw new Error(`CostAnomalyDetectionProps.summaryEmails: received ${summaryEmails.length} addresses; expected at most ${MAX_SUMMARY_EMAILS}, the Cost Anomaly Detection limit of email recipients per subscription (use topic to reach more people)`);
  }

  const frequency = props.summaryFrequency;
  if (frequency === undefined) {
    return;
  }
  const allowed: string[] = Object.values(AnomalySummaryFrequency);
  if ((frequency as string) === 'IMMEDIATE') {
    throw new Error('CostAnomalyDetectionProps.summaryFrequency: received IMMEDIATE; Cost Anomaly Detection sends immediate alerts only to an SNS topic, never to email: '
      + 'set topic for immediate alerts, and DAILY or WEEKLY for the summary emails');
  }
  if (!allowed.includes(frequency)) {
    throw new Error(`CostAnomalyDetectionProps.summaryFrequency: received '${frequency}'; expected one of ${allowed.join(', ')}`);
  }
  if (summaryEmails.length === 0) {
    throw new Error(`CostAnomalyDetectionProps.summaryFrequency: received ${frequency} without summaryEmails; the summary is emailed, so set summaryEmails or remove summaryFrequency`);
  }
}

function validatePositive(prop: string, value: number | undefined, unit: string): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(`${prop}: received ${value}; expected a number greater than 0 (${unit})`);
  }
}
