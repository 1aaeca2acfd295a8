import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  AnomalyMonitorScope, AnomalySummaryFrequency, AnomalyThresholdMatch, CostAnomalyDetection, CostAnomalyDetectionProps,
} from '../../src/cost/cost-anomaly-detection';
import { NO_VIOLATIONS, providerStatements, violationsOf } from '../helpers';

const TOPIC_ARN = 'arn:aws:sns:eu-west-1:123456789012:findings';
const SERVICE_TOKEN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^CustomSecureBaselineProvider'), 'Arn'] };
const MONITOR_ARN = { 'Fn::GetAtt': [Match.stringLikeRegexp('^DetectionMonitor'), 'MonitorArn'] };
const MONITORS = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ce::123456789012:anomalymonitor/*']] };

interface Synth {
  stack: Stack;
  template: Template;
  detection: CostAnomalyDetection;
}

/** A stack with an imported topic, so that only this construct's resources are in the template. */
function synth(props: CostAnomalyDetectionProps = {}): Synth {
  const stack = new Stack(new App(), 'TestStack', { env: { account: '123456789012', region: 'eu-west-1' } });
  const topic = sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN);
  const detection = new CostAnomalyDetection(stack, 'Detection', { topic, ...props });
  return { stack, template: Template.fromStack(stack), detection };
}

function impact(key: string, value: string) {
  return { Dimensions: { Key: key, MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [value] } };
}

function thresholdOf(template: Template, subscriptionId = 'Immediate'): unknown {
  const [subscription] = Object.entries<any>(template.findResources('AWS::CE::AnomalySubscription'))
    .filter(([id]) => id.startsWith(`Detection${subscriptionId}`))
    .map(([, resource]) => resource);
  return JSON.parse(subscription.Properties.ThresholdExpression);
}

describe('CostAnomalyDetection defaults', () => {
  test('the AWS services monitor is adopted or created by the provider, never as an AWS::CE::AnomalyMonitor', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::CE::AnomalyMonitor', 0);
    template.hasResourceProperties('Custom::AnomalyMonitor', {
      ServiceToken: SERVICE_TOKEN,
      Kind: 'AnomalyMonitor',
      MonitorName: Match.stringLikeRegexp('^TestStackDetection'),
      MonitorDimension: 'SERVICE',
      DisableOnDelete: false,
    });
  });

  test('the provider may list and create monitors, and not delete them', () => {
    expect(providerStatements(synth().template)).toEqual([
      { Effect: 'Allow', Action: 'ce:GetAnomalyMonitors', Resource: MONITORS },
      { Effect: 'Allow', Action: 'ce:CreateAnomalyMonitor', Resource: '*' },
    ]);
  });

  test('one IMMEDIATE subscription sends anomalies of 100 USD or more to the topic, after the topic exists', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::CE::AnomalySubscription', 1);
    template.hasResourceProperties('AWS::CE::AnomalySubscription', {
      Frequency: 'IMMEDIATE',
      MonitorArnList: [MONITOR_ARN],
      Subscribers: [{ Type: 'SNS', Address: TOPIC_ARN }],
      SubscriptionName: Match.stringLikeRegexp('^TestStackDetection.*Immediate$'),
      Threshold: Match.absent(),
    });
    expect(thresholdOf(template)).toEqual(impact('ANOMALY_TOTAL_IMPACT_ABSOLUTE', '100'));
  });

  test('monitorArn is the provider\'s MonitorArn attribute', () => {
    const { stack, detection } = synth();
    expect(stack.resolve(detection.monitorArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DetectionMonitor/), 'MonitorArn'] });
    expect(detection.summarySubscription).toBeUndefined();
  });

  test('passes the four cdk-nag packs', () => {
    expect(violationsOf(synth().stack)).toEqual(NO_VIOLATIONS);
  });
});

describe('CostAnomalyDetection thresholds', () => {
  test('a percentage alone is added to the default 100 USD, not put in its place', () => {
    expect(thresholdOf(synth({ thresholdPercent: 40 }).template)).toEqual({
      And: [impact('ANOMALY_TOTAL_IMPACT_ABSOLUTE', '100'), impact('ANOMALY_TOTAL_IMPACT_PERCENTAGE', '40')],
    });
  });

  test('a percentage alone with AnomalyThresholdMatch.ANY alerts at either it or the default 100 USD', () => {
    expect(thresholdOf(synth({ thresholdPercent: 40, thresholdMatch: AnomalyThresholdMatch.ANY }).template)).toEqual({
      Or: [impact('ANOMALY_TOTAL_IMPACT_ABSOLUTE', '100'), impact('ANOMALY_TOTAL_IMPACT_PERCENTAGE', '40')],
    });
  });

  test('both thresholds must be reached by default', () => {
    expect(thresholdOf(synth({ thresholdUsd: 25.5, thresholdPercent: 40 }).template)).toEqual({
      And: [impact('ANOMALY_TOTAL_IMPACT_ABSOLUTE', '25.5'), impact('ANOMALY_TOTAL_IMPACT_PERCENTAGE', '40')],
    });
  });

  test('AnomalyThresholdMatch.ANY alerts when either is reached', () => {
    expect(thresholdOf(synth({ thresholdUsd: 50, thresholdPercent: 40, thresholdMatch: AnomalyThresholdMatch.ANY }).template)).toEqual({
      Or: [impact('ANOMALY_TOTAL_IMPACT_ABSOLUTE', '50'), impact('ANOMALY_TOTAL_IMPACT_PERCENTAGE', '40')],
    });
  });

  test('a threshold from a parameter is passed through', () => {
    const stack = new Stack(new App(), 'TestStack');
    const threshold = new CfnParameter(stack, 'Threshold', { type: 'Number' }).valueAsNumber;
    new CostAnomalyDetection(stack, 'Detection', { topic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN), thresholdUsd: threshold });
    const [subscription] = Object.values<any>(Template.fromStack(stack).findResources('AWS::CE::AnomalySubscription'));
    expect(JSON.stringify(subscription.Properties.ThresholdExpression)).toContain('{"Ref":"Threshold"}');
  });
});

describe('CostAnomalyDetection summary emails', () => {
  test('a DAILY summary by default, with the same threshold', () => {
    const { template, detection } = synth({ summaryEmails: ['finance@example.com', 'ops@example.com'] });
    template.resourceCountIs('AWS::CE::AnomalySubscription', 2);
    template.hasResourceProperties('AWS::CE::AnomalySubscription', {
      Frequency: 'DAILY',
      MonitorArnList: [MONITOR_ARN],
      Subscribers: [{ Type: 'EMAIL', Address: 'finance@example.com' }, { Type: 'EMAIL', Address: 'ops@example.com' }],
      SubscriptionName: Match.stringLikeRegexp('Summary$'),
    });
    expect(thresholdOf(template, 'Summary')).toEqual(impact('ANOMALY_TOTAL_IMPACT_ABSOLUTE', '100'));
    expect(detection.summarySubscription).toBeDefined();
  });

  test('WEEKLY on request', () => {
    synth({ summaryEmails: ['finance@example.com'], summaryFrequency: AnomalySummaryFrequency.WEEKLY })
      .template.hasResourceProperties('AWS::CE::AnomalySubscription', { Frequency: 'WEEKLY' });
  });

  test('without a topic only the summary is sent', () => {
    const stack = new Stack(new App(), 'TestStack');
    new CostAnomalyDetection(stack, 'Detection', { summaryEmails: ['finance@example.com'] });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CE::AnomalySubscription', 1);
    template.hasResourceProperties('AWS::CE::AnomalySubscription', { Frequency: 'DAILY' });
  });

  test('without a topic or summary emails a warning says nobody is alerted', () => {
    const stack = new Stack(new App(), 'TestStack');
    new CostAnomalyDetection(stack, 'Detection');
    Template.fromStack(stack).resourceCountIs('AWS::CE::AnomalySubscription', 0);
    Annotations.fromStack(stack).hasWarning('/TestStack/Detection', Match.stringLikeRegexp('no topic and no summaryEmails'));
  });
});

describe('CostAnomalyDetection monitors', () => {
  test('allLinkedAccounts adopts or creates the LINKED_ACCOUNT AWS managed monitor', () => {
    synth({ monitor: AnomalyMonitorScope.allLinkedAccounts() })
      .template.hasResourceProperties('Custom::AnomalyMonitor', { MonitorDimension: 'LINKED_ACCOUNT' });
  });

  test('linkedAccounts is a CUSTOM monitor of those accounts, retained by default', () => {
    const { template } = synth({ monitor: AnomalyMonitorScope.linkedAccounts(['111111111111', '222222222222']) });
    template.resourceCountIs('Custom::AnomalyMonitor', 0);
    template.hasResource('AWS::CE::AnomalyMonitor', {
      Properties: {
        MonitorType: 'CUSTOM',
        MonitorName: Match.stringLikeRegexp('^TestStackDetection'),
        MonitorSpecification: JSON.stringify({ Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['111111111111', '222222222222'] } }),
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::CE::AnomalySubscription', {
      MonitorArnList: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^DetectionMonitor'), 'MonitorArn'] }],
    });
  });

  test('costAllocationTag is a CUSTOM monitor of the tag values, deleted with disableOnDelete', () => {
    const { template } = synth({ monitor: AnomalyMonitorScope.costAllocationTag('team', ['payments', 'search']), disableOnDelete: true });
    template.hasResource('AWS::CE::AnomalyMonitor', {
      Properties: { MonitorType: 'CUSTOM', MonitorSpecification: JSON.stringify({ Tags: { Key: 'team', Values: ['payments', 'search'] } }) },
      DeletionPolicy: 'Delete',
    });
  });

  test('disableOnDelete lets the provider delete monitors (the handler deletes only one it created)', () => {
    const { template } = synth({ disableOnDelete: true });
    template.hasResourceProperties('Custom::AnomalyMonitor', { DisableOnDelete: true });
    expect(providerStatements(template)[0]).toEqual({
      Effect: 'Allow', Action: ['ce:GetAnomalyMonitors', 'ce:DeleteAnomalyMonitor'], Resource: MONITORS,
    });
  });
});

describe('CostAnomalyDetection bad input', () => {
  test.each([
    [{ thresholdUsd: 0 }, 'CostAnomalyDetectionProps.thresholdUsd: received 0; expected a number greater than 0 (US dollars of total impact)'],
    [{ thresholdUsd: -5 }, 'CostAnomalyDetectionProps.thresholdUsd: received -5; expected a number greater than 0 (US dollars of total impact)'],
    [{ thresholdUsd: Number.NaN }, 'CostAnomalyDetectionProps.thresholdUsd: received NaN; expected a number greater than 0 (US dollars of total impact)'],
    [{ thresholdPercent: 0 }, 'CostAnomalyDetectionProps.thresholdPercent: received 0; expected a number greater than 0 (percent of the expected spend)'],
    [{ thresholdPercent: -10 }, 'CostAnomalyDetectionProps.thresholdPercent: received -10; expected a number greater than 0 (percent of the expected spend)'],
    [{ thresholdUsd: 10, thresholdMatch: AnomalyThresholdMatch.ANY },
      'CostAnomalyDetectionProps.thresholdMatch: received ANY but thresholdPercent is not set; it combines thresholdUsd (default 100) with thresholdPercent, so set thresholdPercent or remove thresholdMatch'],
    [{ summaryEmails: ['finance@example.com'], summaryFrequency: 'IMMEDIATE' as AnomalySummaryFrequency },
      'CostAnomalyDetectionProps.summaryFrequency: received IMMEDIATE; Cost Anomaly Detection sends immediate alerts only to an SNS topic, never to email: set topic for immediate alerts, and DAILY or WEEKLY for the summary emails'],
    [{ summaryEmails: ['finance@example.com'], summaryFrequency: 'MONTHLY' as AnomalySummaryFrequency },
      "CostAnomalyDetectionProps.summaryFrequency: received 'MONTHLY'; expected one of DAILY, WEEKLY"],
    [{ summaryFrequency: AnomalySummaryFrequency.WEEKLY },
      'CostAnomalyDetectionProps.summaryFrequency: received WEEKLY without summaryEmails; the summary is emailed, so set summaryEmails or remove summaryFrequency'],
    [{ summaryEmails: ['not-an-address'] }, "CostAnomalyDetectionProps.summaryEmails: received 'not-an-address'; expected a single email address such as 'security@example.com'"],
    [{ summaryEmails: Array.from({ length: 11 }, (_, i) => `user${i}@example.com`) },
      'CostAnomalyDetectionProps.summaryEmails: received 11 addresses; expected at most 10, the Cost Anomaly Detection limit of email recipients per subscription (use topic to reach more people)'],
  ])('%j fails at synth', (props, message) => {
    expect(() => synth(props)).toThrow(message);
  });

  test('a stack in a Region whose CloudFormation lacks the AWS::CE types fails at synth', () => {
    const stack = new Stack(new App(), 'TestStack', { env: { region: 'mx-central-1' } });
    expect(() => new CostAnomalyDetection(stack, 'Detection')).toThrow(
      'CostAnomalyDetection: the stack deploys to mx-central-1, whose CloudFormation lacks the AWS::CE::AnomalyMonitor and AWS::CE::AnomalySubscription resource types; '
      + 'Cost Anomaly Detection is global, so create this construct in a stack of another Region of the account, e.g. us-east-1');
  });

  test('duplicate summary emails fail at synth', () => {
    expect(() => synth({ summaryEmails: ['ops@example.com', 'OPS@example.com'] })).toThrow(/^CostAnomalyDetectionProps\.summaryEmails: /);
  });

  test.each([
    [() => AnomalyMonitorScope.linkedAccounts([]),
      'AnomalyMonitorScope.linkedAccounts: received 0 account ids; expected 1 to 10, the number of linked accounts one Cost Anomaly Detection monitor can track'],
    [() => AnomalyMonitorScope.linkedAccounts(Array.from({ length: 11 }, (_, i) => `${100000000000 + i}`)),
      'AnomalyMonitorScope.linkedAccounts: received 11 account ids; expected 1 to 10, the number of linked accounts one Cost Anomaly Detection monitor can track'],
    [() => AnomalyMonitorScope.linkedAccounts(['12345']),
      "AnomalyMonitorScope.linkedAccounts: received '12345'; expected a 12-digit AWS account id such as 111111111111"],
    [() => AnomalyMonitorScope.costAllocationTag(' ', ['a']),
      "AnomalyMonitorScope.costAllocationTag: received an empty tag key; expected the key of an activated cost allocation tag, e.g. 'team'"],
    [() => AnomalyMonitorScope.costAllocationTag('team', []),
      "AnomalyMonitorScope.costAllocationTag: received no values for tag 'team'; expected at least one tag value to watch"],
  ])('an invalid monitor scope fails (%#)', (scope, message) => {
    expect(scope).toThrow(message);
  });
});
