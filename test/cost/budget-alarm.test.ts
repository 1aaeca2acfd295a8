import { App, CfnParameter, Stack, StackProps, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { BudgetAlarm, BudgetAlarmProps } from '../../src/cost/budget-alarm';
import { NO_VIOLATIONS, violationsOf } from '../helpers';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:findings';

interface Synth {
  stack: Stack;
  template: Template;
  budget: BudgetAlarm;
}

function synth(props: Partial<BudgetAlarmProps> = {}, stackProps?: StackProps): Synth {
  const stack = new Stack(new App(), 'TestStack', stackProps);
  const budget = new BudgetAlarm(stack, 'Budget', { monthlyLimitUsd: 100, emails: ['ops@example.com'], ...props });
  return { stack, template: Template.fromStack(stack), budget };
}

/** A stack with an imported topic, so that only this construct's resources are in the template. */
function synthWithTopic(props: Partial<BudgetAlarmProps> = {}, stackProps?: StackProps): Synth {
  const stack = new Stack(new App(), 'TestStack', stackProps);
  const topic = sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN);
  const budget = new BudgetAlarm(stack, 'Budget', { monthlyLimitUsd: 100, topic, ...props });
  return { stack, template: Template.fromStack(stack), budget };
}

function notification(type: string, threshold: number, subscribers: object[]) {
  return {
    Notification: {
      NotificationType: type,
      ComparisonOperator: 'GREATER_THAN',
      Threshold: threshold,
      ThresholdType: 'PERCENTAGE',
    },
    Subscribers: subscribers,
  };
}

const OPS = { SubscriptionType: 'EMAIL', Address: 'ops@example.com' };
const SNS_SUBSCRIBER = { SubscriptionType: 'SNS', Address: TOPIC_ARN };
const US_EAST_1 = { env: { account: '123456789012', region: 'us-east-1' } };
const EU_WEST_1 = { env: { account: '123456789012', region: 'eu-west-1' } };

describe('BudgetAlarm defaults', () => {
  test('creates one monthly USD cost budget with id Resource and no physical name', () => {
    const { stack, template } = synth();
    template.resourceCountIs('AWS::Budgets::Budget', 1);
    template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: {
        BudgetType: 'COST',
        TimeUnit: 'MONTHLY',
        BudgetLimit: { Amount: 100, Unit: 'USD' },
        BudgetName: Match.absent(),
      },
    });
    expect(stack.node.findChild('Budget').node.findChild('Resource')).toBeDefined();
  });

  test('alerts at 80% and 100% actual and 100% forecasted spend, in that order', () => {
    synth().template.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: [
        notification('ACTUAL', 80, [OPS]),
        notification('ACTUAL', 100, [OPS]),
        notification('FORECASTED', 100, [OPS]),
      ],
    });
  });

  test('creates no billing alarm and exposes none', () => {
    const { template, budget } = synth();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(budget.billingAlarm).toBeUndefined();
  });

  test('budgetName is the Ref of the budget', () => {
    const { stack, template, budget } = synth();
    const logicalId = Object.keys(template.findResources('AWS::Budgets::Budget'))[0];
    expect(Token.isUnresolved(budget.budgetName)).toBe(true);
    expect(stack.resolve(budget.budgetName)).toEqual({ Ref: logicalId });
  });

  test('with subscribers there is no warning', () => {
    const { stack } = synth();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('BudgetAlarm options', () => {
  test('monthlyLimitUsd is the budget limit, fractions included', () => {
    synth({ monthlyLimitUsd: 1234.5 }).template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetLimit: { Amount: 1234.5, Unit: 'USD' } },
    });
  });

  test('custom actual and forecasted thresholds each become one notification', () => {
    synth({ actualThresholds: [50, 90, 150], forecastedThresholds: [80, 120] })
      .template.hasResourceProperties('AWS::Budgets::Budget', {
        NotificationsWithSubscribers: [
          notification('ACTUAL', 50, [OPS]),
          notification('ACTUAL', 90, [OPS]),
          notification('ACTUAL', 150, [OPS]),
          notification('FORECASTED', 80, [OPS]),
          notification('FORECASTED', 120, [OPS]),
        ],
      });
  });

  test('empty forecastedThresholds leaves only actual alerts', () => {
    synth({ forecastedThresholds: [] }).template.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: [notification('ACTUAL', 80, [OPS]), notification('ACTUAL', 100, [OPS])],
    });
  });

  test('the same percentage may be used once for actual and once for forecasted spend', () => {
    synth({ actualThresholds: [100], forecastedThresholds: [100] }).template.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: [notification('ACTUAL', 100, [OPS]), notification('FORECASTED', 100, [OPS])],
    });
  });

  test('every email is an EMAIL subscriber of every notification', () => {
    const second = { SubscriptionType: 'EMAIL', Address: 'finance@example.com' };
    synth({ emails: ['ops@example.com', 'finance@example.com'] }).template.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: [
        notification('ACTUAL', 80, [OPS, second]),
        notification('ACTUAL', 100, [OPS, second]),
        notification('FORECASTED', 100, [OPS, second]),
      ],
    });
  });

  test('the topic is an SNS subscriber of every notification, after the emails', () => {
    synthWithTopic({ emails: ['ops@example.com'] }).template.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: [
        notification('ACTUAL', 80, [OPS, SNS_SUBSCRIBER]),
        notification('ACTUAL', 100, [OPS, SNS_SUBSCRIBER]),
        notification('FORECASTED', 100, [OPS, SNS_SUBSCRIBER]),
      ],
    });
  });

  test('a topic alone is enough, and a topic in the stack is referenced by its ARN', () => {
    const stack = new Stack(new App(), 'TestStack');
    const topic = new sns.Topic(stack, 'Topic');
    new BudgetAlarm(stack, 'Budget', { monthlyLimitUsd: 10, topic });
    const topicId = Object.keys(Template.fromStack(stack).findResources('AWS::SNS::Topic'))[0];
    const sub = { SubscriptionType: 'SNS', Address: { Ref: topicId } };
    Template.fromStack(stack).hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: [
        notification('ACTUAL', 80, [sub]),
        notification('ACTUAL', 100, [sub]),
        notification('FORECASTED', 100, [sub]),
      ],
    });
  });

  test('the budget waits for the topic and its resource policy: AWS Budgets checks at creation that it may publish', () => {
    const stack = new Stack(new App(), 'TestStack');
    const topic = new sns.Topic(stack, 'Topic');
    topic.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['sns:Publish'], principals: [new iam.ServicePrincipal('budgets.amazonaws.com')], resources: [topic.topicArn],
    }));
    new BudgetAlarm(stack, 'Budget', { monthlyLimitUsd: 10, topic });
    const template = Template.fromStack(stack);
    const [policyId] = Object.keys(template.findResources('AWS::SNS::TopicPolicy'));
    template.hasResource('AWS::Budgets::Budget', { DependsOn: Match.arrayWith([policyId]) });
  });

  test('ten notifications and ten emails (the AWS Budgets limits) are accepted', () => {
    const emails = Array.from({ length: 10 }, (_, i) => `user${i}@example.com`);
    const { template } = synthWithTopic({ actualThresholds: [10, 20, 30, 40, 50, 60, 70], forecastedThresholds: [80, 90, 100], emails });
    const budget = Object.values(template.findResources('AWS::Budgets::Budget'))[0];
    expect(budget.Properties.NotificationsWithSubscribers).toHaveLength(10);
    expect(budget.Properties.NotificationsWithSubscribers[0].Subscribers).toHaveLength(11);
  });

  test('the maximum threshold of 1,000,000% is accepted', () => {
    synth({ actualThresholds: [1_000_000], forecastedThresholds: [] }).template.hasResourceProperties('AWS::Budgets::Budget', {
      NotificationsWithSubscribers: [notification('ACTUAL', 1_000_000, [OPS])],
    });
  });

  test('unresolved values are passed through without validation', () => {
    const stack = new Stack(new App(), 'TestStack');
    const limit = new CfnParameter(stack, 'Limit', { type: 'Number' }).valueAsNumber;
    const threshold = new CfnParameter(stack, 'Threshold', { type: 'Number' }).valueAsNumber;
    const email = new CfnParameter(stack, 'Email').valueAsString;
    new BudgetAlarm(stack, 'Budget', { monthlyLimitUsd: limit, actualThresholds: [threshold, threshold], forecastedThresholds: [], emails: [email] });
    Template.fromStack(stack).hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetLimit: { Amount: { Ref: 'Limit' } } },
      NotificationsWithSubscribers: [
        notification('ACTUAL', { Ref: 'Threshold' } as any, [{ SubscriptionType: 'EMAIL', Address: { Ref: 'Email' } }]),
        notification('ACTUAL', { Ref: 'Threshold' } as any, [{ SubscriptionType: 'EMAIL', Address: { Ref: 'Email' } }]),
      ],
    });
  });
});

describe('BudgetAlarm without subscribers', () => {
  test('creates the budget without notifications, which AWS Budgets would reject without subscribers', () => {
    synth({ emails: [] }).template.hasResourceProperties('AWS::Budgets::Budget', {
      Budget: { BudgetLimit: { Amount: 100, Unit: 'USD' } },
      NotificationsWithSubscribers: Match.absent(),
    });
  });

  test('warns with a stable id instead of failing', () => {
    const { stack } = synth({ emails: undefined });
    Annotations.fromStack(stack).hasWarning('/TestStack/Budget',
      Match.stringLikeRegexp('BudgetAlarm has no emails and no topic.*cdk-secure-baseline:budgetWithoutSubscribers'));
  });
});

describe('BudgetAlarm billing alarm', () => {
  const ALARM_PROPERTIES = {
    Namespace: 'AWS/Billing',
    MetricName: 'EstimatedCharges',
    Dimensions: [{ Name: 'Currency', Value: 'USD' }],
    Statistic: 'Maximum',
    Period: 21600,
    EvaluationPeriods: 1,
    Threshold: 100,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    AlarmActions: [TOPIC_ARN],
    AlarmName: Match.absent(),
  };

  test('in us-east-1: alarm on estimated charges at the monthly limit, notifying the topic, without a condition', () => {
    const { template, budget } = synthWithTopic({ billingAlarm: true }, US_EAST_1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 1);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', ALARM_PROPERTIES);
    template.hasResource('AWS::CloudWatch::Alarm', { Condition: Match.absent() });
    expect(template.toJSON().Conditions).toBeUndefined();
    expect(budget.billingAlarm).toBeDefined();
  });

  test('the alarm description says billing alerts must be enabled', () => {
    synthWithTopic({ billingAlarm: true }, US_EAST_1).template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: Match.stringLikeRegexp('Receive CloudWatch billing alerts'),
    });
  });

  test('the alarm threshold follows monthlyLimitUsd', () => {
    synthWithTopic({ billingAlarm: true, monthlyLimitUsd: 250 }, US_EAST_1).template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 250,
    });
  });

  test('in an environment-agnostic stack: the alarm exists only when deployed in us-east-1', () => {
    const { template, budget } = synthWithTopic({ billingAlarm: true });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', ALARM_PROPERTIES);
    const conditions = template.findConditions('*', {
      'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'],
    });
    const conditionIds = Object.keys(conditions);
    expect(conditionIds).toHaveLength(1);
    template.hasResource('AWS::CloudWatch::Alarm', { Condition: conditionIds[0] });
    template.hasResource('AWS::Budgets::Budget', { Condition: Match.absent() });
    expect(budget.billingAlarm).toBeDefined();
  });

  test('in eu-west-1: no alarm and a warning with a stable id', () => {
    const { stack, template, budget } = synthWithTopic({ billingAlarm: true }, EU_WEST_1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::Budgets::Budget', 1);
    expect(budget.billingAlarm).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('/TestStack/Budget',
      Match.stringLikeRegexp('deploys to eu-west-1; billing metrics exist only in us-east-1.*cdk-secure-baseline:billingAlarmOutsideUsEast1'));
  });

  test('billingAlarm: false is the same as the default', () => {
    expect(synthWithTopic({ billingAlarm: false }).template.toJSON()).toEqual(synthWithTopic().template.toJSON());
  });
});

describe('BudgetAlarm validation', () => {
  const limitMessage = (v: string) => `BudgetAlarmProps.monthlyLimitUsd: received ${v}; expected a finite number greater than 0`;
  test.each([
    [0, '0'],
    [-1, '-1'],
    [-5, '-5'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
  ])('monthlyLimitUsd %p is rejected', (value, shown) => {
    expect(() => synth({ monthlyLimitUsd: value })).toThrow(limitMessage(shown));
  });

  const thresholdMessage = (prop: string, v: string) =>
    `BudgetAlarmProps.${prop}: received ${v}; expected a percentage of the limit greater than 0 and at most 1000000`;
  test.each([
    [0, '0'],
    [-5, '-5'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [1_000_001, '1000001'],
  ])('actual threshold %p is rejected', (value, shown) => {
    expect(() => synth({ actualThresholds: [80, value] })).toThrow(thresholdMessage('actualThresholds', shown));
  });

  test.each([
    [0, '0'],
    [-5, '-5'],
    [NaN, 'NaN'],
    [1_000_001, '1000001'],
  ])('forecasted threshold %p is rejected', (value, shown) => {
    expect(() => synth({ forecastedThresholds: [value] })).toThrow(thresholdMessage('forecastedThresholds', shown));
  });

  test('duplicate actual thresholds are rejected', () => {
    expect(() => synth({ actualThresholds: [80, 100, 80] }))
      .toThrow("BudgetAlarmProps.actualThresholds: '80' is listed twice; list each value once");
  });

  test('duplicate forecasted thresholds are rejected', () => {
    expect(() => synth({ forecastedThresholds: [100, 100] }))
      .toThrow("BudgetAlarmProps.forecastedThresholds: '100' is listed twice; list each value once");
  });

  test('more than ten notifications in total are rejected', () => {
    expect(() => synth({ actualThresholds: [10, 20, 30, 40, 50, 60, 70, 80], forecastedThresholds: [90, 100, 110] }))
      .toThrow('BudgetAlarmProps.actualThresholds and forecastedThresholds: received 8 + 3 = 11 thresholds; expected at most 10 in total, because each threshold is one notification and AWS Budgets allows 10 per budget');
  });

  test.each([
    ['not-an-email'],
    ['ops@example'],
    ['ops@@example.com'],
    ['ops example@example.com'],
    ['a@example.com,b@example.com'],
    [''],
  ])('malformed email %p is rejected', (email) => {
    expect(() => synth({ emails: [email] }))
      .toThrow(`BudgetAlarmProps.emails: received '${email}'; expected a single email address such as 'security@example.com'`);
  });

  test('the same email twice, in any case, is rejected', () => {
    expect(() => synth({ emails: ['Ops@Example.com', 'ops@example.com'] }))
      .toThrow("BudgetAlarmProps.emails: 'ops@example.com' is listed twice; list each value once");
  });

  test('more than ten emails are rejected', () => {
    const emails = Array.from({ length: 11 }, (_, i) => `user${i}@example.com`);
    expect(() => synth({ emails }))
      .toThrow('BudgetAlarmProps.emails: received 11 addresses; expected at most 10, the AWS Budgets limit of email subscribers per notification (use a topic to reach more people)');
  });

  test('billingAlarm without a topic is rejected', () => {
    expect(() => synth({ billingAlarm: true }, US_EAST_1))
      .toThrow('BudgetAlarmProps.billingAlarm: received true without a topic; expected a topic for the alarm to notify, because an alarm without an action alerts nobody');
  });
});

describe('BudgetAlarm and cdk-nag', () => {
  test.each([
    ['defaults', () => synth()],
    ['no subscribers', () => synth({ emails: [] })],
    ['topic and emails', () => synthWithTopic({ emails: ['ops@example.com'] })],
    ['billing alarm in us-east-1', () => synthWithTopic({ billingAlarm: true }, US_EAST_1)],
    ['billing alarm env-agnostic', () => synthWithTopic({ billingAlarm: true })],
    ['billing alarm in eu-west-1', () => synthWithTopic({ billingAlarm: true }, EU_WEST_1)],
  ])('no pack reports a violation (%s)', (_name, make: () => Synth) => {
    const { stack } = make();
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
