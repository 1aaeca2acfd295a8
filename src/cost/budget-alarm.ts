import { Annotations, Aws, CfnCondition, Duration, Fn, Stack, Token } from 'aws-cdk-lib';
import * as budgets from 'aws-cdk-lib/aws-budgets';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { deploymentRegionsLacking } from '../private/region-capabilities';
import { validateEmailList, validateUnique } from '../private/validation';

/**
 * AWS Budgets limits, from the `Notification` and `NotificationWithSubscribers` data types of the
 * Budgets API reference: a budget has at most ten notifications, and a notification at most one SNS
 * subscriber and ten email subscribers. The single SNS subscriber is guaranteed by the `topic` prop.
 */
const MAX_NOTIFICATIONS_PER_BUDGET = 10;
const MAX_EMAIL_SUBSCRIBERS_PER_NOTIFICATION = 10;

/**
 * The Budgets API documents "the maximum limit for your threshold is 1,000,000%"; anything above
 * it is rejected at deploy, so it is caught at synth instead.
 */
const MAX_THRESHOLD_PERCENT = 1_000_000;

/** Billing metrics are published only in this Region, for the charges of every Region. */
const BILLING_METRICS_REGION = 'us-east-1';

/**
 * Properties for a `BudgetAlarm`.
 */
export interface BudgetAlarmProps {
  /**
   * The monthly cost budget in US dollars. Alerts and the billing alarm are measured against it.
   */
  readonly monthlyLimitUsd: number;

  /**
   * Percentages of the limit at which actual spend sends an alert. Each becomes one notification,
   * and a budget holds at most ten notifications (actual and forecasted together).
   *
   * @default [80, 100]
   */
  readonly actualThresholds?: number[];

  /**
   * Percentages of the limit at which forecasted spend for the month sends an alert. Each becomes
   * one notification, and a budget holds at most ten notifications (actual and forecasted together).
   *
   * @default [100]
   */
  readonly forecastedThresholds?: number[];

  /**
   * Email addresses that receive every budget alert; at most ten, each listed once.
   *
   * @default - no email subscribers
   */
  readonly emails?: string[];

  /**
   * SNS topic that receives every budget alert and, when `billingAlarm` is true, the billing alarm.
   * The topic's owner must allow `budgets.amazonaws.com` (and, for the billing alarm,
   * `cloudwatch.amazonaws.com`) to publish, including `kms:GenerateDataKey*` and `kms:Decrypt` on its
   * key when it is encrypted; this construct does not change the topic's policies. The library's
   * `FindingsTopic` already grants both services.
   *
   * @default - no SNS subscriber
   */
  readonly topic?: sns.ITopic;

  /**
   * Whether to add a CloudWatch alarm on the account's estimated charges (`AWS/Billing
   * EstimatedCharges`) at `monthlyLimitUsd`, notifying `topic`, which is then required.
   *
   * Billing metrics exist only in us-east-1, and only after "Receive CloudWatch billing alerts" is
   * turned on in the Billing and Cost Management preferences (once per account, by the payer
   * account for consolidated billing). In a stack whose Region is known and is not us-east-1 no
   * alarm is created and a warning is reported; in an environment-agnostic stack the alarm carries
   * a condition so that it exists only when deployed in us-east-1.
   *
   * @default false
   */
  readonly billingAlarm?: boolean;
}

/**
 * A monthly AWS cost budget that alerts email addresses and an SNS topic when actual or forecasted
 * spend crosses percentages of the limit, with an optional CloudWatch billing alarm.
 *
 * Budgets that only notify are free of charge. Budget names are unique per account, so the name is
 * left to CloudFormation.
 */
export class BudgetAlarm extends Construct {
  /**
   * The name of the budget.
   *
   * @attribute
   */
  public readonly budgetName: string;

  /**
   * The CloudWatch alarm on estimated charges. In an environment-agnostic stack it exists only when
   * the stack is deployed in us-east-1, so refer to it only from resources with the same condition.
   *
   * @default - none when `billingAlarm` is false or the stack's Region is not us-east-1
   */
  public readonly billingAlarm?: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: BudgetAlarmProps) {
    super(scope, id);

    const actualThresholds = props.actualThresholds ?? [80, 100];
    const forecastedThresholds = props.forecastedThresholds ?? [100];
    const emails = props.emails ?? [];
    validateProps(props, actualThresholds, forecastedThresholds, emails);
    const lacking = deploymentRegionsLacking(this, 'AWS::Budgets::Budget');
    if (lacking.length > 0) {
      throw new Error(`BudgetAlarm: the stack deploys to ${lacking.join(', ')}, whose CloudFormation has no AWS::Budgets::Budget; `
        + 'AWS Budgets is global (one budget covers every region of the account), so create this construct in a stack of a region that has the type, e.g. us-east-1');
    }

    const subscribers: budgets.CfnBudget.SubscriberProperty[] = [
      ...emails.map((address) => ({ subscriptionType: 'EMAIL', address })),
      ...(props.topic ? [{ subscriptionType: 'SNS', address: props.topic.topicArn }] : []),
    ];

    // Budgets rejects a notification without subscribers, so without any the budget is still
    // created (it shows in the console) but without notifications.
    let notificationsWithSubscribers: budgets.CfnBudget.NotificationWithSubscribersProperty[] | undefined;
    if (subscribers.length === 0) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:budgetWithoutSubscribers',
        'BudgetAlarm has no emails and no topic, so the budget sends no alerts; set emails or topic to be notified');
    } else {
      const notification = (notificationType: string, threshold: number) => ({
        notification: {
          notificationType,
          comparisonOperator: 'GREATER_THAN',
          threshold,
          thresholdType: 'PERCENTAGE',
        },
        subscribers,
      });
      notificationsWithSubscribers = [
        ...actualThresholds.map((threshold) => notification('ACTUAL', threshold)),
        ...forecastedThresholds.map((threshold) => notification('FORECASTED', threshold)),
      ];
    }

    const resource = new budgets.CfnBudget(this, 'Resource', {
      budget: {
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyLimitUsd, unit: 'USD' },
      },
      notificationsWithSubscribers,
    });
    this.budgetName = resource.ref;
    if (props.topic) {
      // AWS Budgets checks that it may publish when the budget is created: wait for the topic's
      // resource policy and key (children of, or dependencies of, the topic construct).
      resource.node.addDependency(props.topic);
    }

    if (props.billingAlarm === true) {
      this.billingAlarm = this.createBillingAlarm(props.monthlyLimitUsd, props.topic!);
    }
  }

  private createBillingAlarm(monthlyLimitUsd: number, topic: sns.ITopic): cloudwatch.IAlarm | undefined {
    const region = Stack.of(this).region;
    if (!Token.isUnresolved(region) && region !== BILLING_METRICS_REGION) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:billingAlarmOutsideUsEast1',
        `BudgetAlarm: billingAlarm is true but the stack deploys to ${region}; billing metrics exist only in ${BILLING_METRICS_REGION}, so no billing alarm was created. Deploy a BudgetAlarm with billingAlarm: true in a ${BILLING_METRICS_REGION} stack, or rely on the budget alerts`);
      return undefined;
    }

    const alarm = new cloudwatch.Alarm(this, 'BillingAlarm', {
      alarmDescription: `Estimated charges for the month reached the budget of ${monthlyLimitUsd} USD. Needs "Receive CloudWatch billing alerts" turned on in the Billing preferences.`,
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Billing',
        metricName: 'EstimatedCharges',
        dimensionsMap: { Currency: 'USD' },
        statistic: cloudwatch.Stats.MAXIMUM,
        // Estimated charges are published only a few times a day.
        period: Duration.hours(6),
      }),
      threshold: monthlyLimitUsd,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(topic));

    if (Token.isUnresolved(region)) {
      // An environment-agnostic stack may be deployed anywhere; elsewhere the alarm would sit in
      // INSUFFICIENT_DATA forever and look like protection that is not there.
      const inBillingRegion = new CfnCondition(this, 'BillingAlarmRegionCondition', {
        expression: Fn.conditionEquals(Aws.REGION, BILLING_METRICS_REGION),
      });
      (alarm.node.defaultChild as cloudwatch.CfnAlarm).cfnOptions.condition = inBillingRegion;
    }
    return alarm;
  }
}

function validateProps(props: BudgetAlarmProps, actualThresholds: number[], forecastedThresholds: number[], emails: string[]): void {
  const limit = props.monthlyLimitUsd;
  if (!Token.isUnresolved(limit) && !(Number.isFinite(limit) && limit > 0)) {
    throw new Error(`BudgetAlarmProps.monthlyLimitUsd: received ${limit}; expected a finite number greater than 0`);
  }

  validateThresholds('BudgetAlarmProps.actualThresholds', actualThresholds);
  validateThresholds('BudgetAlarmProps.forecastedThresholds', forecastedThresholds);
  const notifications = actualThresholds.length + forecastedThresholds.length;
  if (notifications > MAX_NOTIFICATIONS_PER_BUDGET) {
    throw new Error(`BudgetAlarmProps.actualThresholds and forecastedThresholds: received ${actualThresholds.length} + ${forecastedThresholds.length} = ${notifications} thresholds; expected at most ${MAX_NOTIFICATIONS_PER_BUDGET} in total, because each threshold is one notification and AWS Budgets allows ${MAX_NOTIFICATIONS_PER_BUDGET} per budget`);
  }

  validateEmailList('BudgetAlarmProps.emails', emails);
  if (emails.length > MAX_EMAIL_SUBSCRIBERS_PER_NOTIFICATION) {
    throw new Error(`BudgetAlarmProps.emails: received ${emails.length} addresses; expected at most ${MAX_EMAIL_SUBSCRIBERS_PER_NOTIFICATION}, the AWS Budgets limit of email subscribers per notification (use a topic to reach more people)`);
  }

  if (props.billingAlarm === true && !props.topic) {
    throw new Error('BudgetAlarmProps.billingAlarm: received true without a topic; expected a topic for the alarm to notify, because an alarm without an action alerts nobody');
  }
}

function validateThresholds(prop: string, thresholds: number[]): void {
  for (const threshold of thresholds) {
    if (Token.isUnresolved(threshold)) {
      continue;
    }
    if (!Number.isFinite(threshold) || threshold <= 0 || threshold > MAX_THRESHOLD_PERCENT) {
      throw new Error(`${prop}: received ${threshold}; expected a percentage of the limit greater than 0 and at most ${MAX_THRESHOLD_PERCENT}`);
    }
  }
  validateUnique(prop, thresholds, (threshold) => (Token.isUnresolved(threshold) ? Token.asString(threshold) : String(threshold)));
}
