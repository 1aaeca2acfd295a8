import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { AuditTrail } from '../../src/logging/audit-trail';
import { CisAlarm, CisAlarms, CisAlarmsProps } from '../../src/notifications/cis-alarms';
import { FindingsTopic } from '../../src/notifications/findings-topic';
import { NO_VIOLATIONS, violationsOf } from '../helpers';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:findings';
const LOG_GROUP = 'aws-cloudtrail-logs';

/**
 * The filter patterns of the Security Hub controls CloudWatch.1 to CloudWatch.14, copied from the
 * Security Hub user guide (awsdocs/aws-security-hub-user-guide, doc_source/cloudwatch-controls.md).
 */
const EXPECTED: Array<[string, string, string]> = [
  ['CloudWatch.1', 'RootUserActivity', '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}'],
  ['CloudWatch.2', 'UnauthorizedApiCalls', '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'],
  ['CloudWatch.3', 'ConsoleSignInWithoutMfa', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'],
  ['CloudWatch.4', 'IamPolicyChanges', '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}'],
  ['CloudWatch.5', 'CloudTrailChanges', '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}'],
  ['CloudWatch.6', 'ConsoleAuthenticationFailures', '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}'],
  ['CloudWatch.7', 'CustomerManagedKeyDisabledOrDeleted', '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}'],
  ['CloudWatch.8', 'S3BucketPolicyChanges', '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}'],
  ['CloudWatch.9', 'ConfigChanges', '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}'],
  ['CloudWatch.10', 'SecurityGroupChanges', '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}'],
  ['CloudWatch.11', 'NetworkAclChanges', '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}'],
  ['CloudWatch.12', 'NetworkGatewayChanges', '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}'],
  ['CloudWatch.13', 'RouteTableChanges', '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}'],
  ['CloudWatch.14', 'VpcChanges', '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}'],
];

/** The CIS recommendation each control's description must cite. */
const CIS_IDS: Record<string, string> = {
  'CloudWatch.1': 'CIS 4.3',
  'CloudWatch.2': 'CIS 3.1',
  'CloudWatch.3': 'CIS 3.2',
  'CloudWatch.4': 'CIS 4.4',
  'CloudWatch.5': 'CIS 4.5',
  'CloudWatch.6': 'CIS 4.6',
  'CloudWatch.7': 'CIS 4.7',
  'CloudWatch.8': 'CIS 4.8',
  'CloudWatch.9': 'CIS 4.9',
  'CloudWatch.10': 'CIS 4.10',
  'CloudWatch.11': 'CIS 4.11',
  'CloudWatch.12': 'CIS 4.12',
  'CloudWatch.13': 'CIS 4.13',
  'CloudWatch.14': 'CIS 4.14',
};

function synth(props: Partial<CisAlarmsProps> = {}, withTopic = true): { stack: Stack; template: Template; construct: CisAlarms } {
  const stack = new Stack(new App(), 'TestStack');
  const logGroup = logs.LogGroup.fromLogGroupName(stack, 'LogGroup', LOG_GROUP);
  const topic = withTopic ? sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN) : undefined;
  const construct = new CisAlarms(stack, 'Cis', { logGroup, topic, ...props });
  return { stack, template: Template.fromStack(stack), construct };
}

function resourceOf(template: Template, construct: IConstruct): any {
  const cfn = construct.node.defaultChild as any;
  return template.toJSON().Resources[Stack.of(construct).getLogicalId(cfn)];
}

describe('CisAlarm', () => {
  test('all() lists CloudWatch.1 to CloudWatch.14 in order', () => {
    expect(CisAlarm.all().map((alarm) => alarm.controlId)).toEqual(EXPECTED.map(([controlId]) => controlId));
  });

  test.each(EXPECTED)('%s has metric %s and exactly the CIS filter pattern', (controlId, metricName, pattern) => {
    const alarm = CisAlarm.all().find((a) => a.controlId === controlId)!;
    expect(alarm.metricName).toBe(metricName);
    expect(alarm.filterPattern).toBe(pattern);
  });

  test.each(EXPECTED)('%s describes itself with its CIS and Security Hub ids and what to do', (controlId) => {
    const alarm = CisAlarm.all().find((a) => a.controlId === controlId)!;
    expect(alarm.description).toMatch(new RegExp(`^[A-Z][^(]+ \\(${CIS_IDS[controlId]} / Security Hub ${controlId.replace('.', '\\.')}\\): `));
    expect(alarm.description).toContain('What to do: ');
    expect(alarm.description.length).toBeLessThanOrEqual(1024);
  });

  test('all() returns a new list each time, so callers cannot change the default', () => {
    const first = CisAlarm.all();
    first.pop();
    expect(CisAlarm.all()).toHaveLength(14);
  });

  test('the named instances are the ones all() returns', () => {
    expect(CisAlarm.all()[0]).toBe(CisAlarm.ROOT_USER_ACTIVITY);
    expect(CisAlarm.all()[13]).toBe(CisAlarm.VPC_CHANGES);
  });
});

describe('CisAlarms defaults', () => {
  test('creates a metric filter and an alarm for each of the 14 controls and exposes the alarms', () => {
    const { template, construct } = synth();
    template.resourceCountIs('AWS::Logs::MetricFilter', 14);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 14);
    expect(construct.alarms).toHaveLength(14);
    expect(construct.alarms.map((a) => a.node.id)).toEqual(EXPECTED.map(([, metricName]) => `${metricName}Alarm`));
  });

  test.each(EXPECTED)('%s: the filter counts %s in SecureBaseline/CIS with the CIS pattern on the log group', (_controlId, metricName, pattern) => {
    const { template, construct } = synth();
    expect(resourceOf(template, construct.node.findChild(`${metricName}Filter`)).Properties).toEqual({
      LogGroupName: LOG_GROUP,
      FilterPattern: pattern,
      MetricTransformations: [{ MetricNamespace: 'SecureBaseline/CIS', MetricName: metricName, MetricValue: '1' }],
    });
  });

  test.each(EXPECTED)('%s: the alarm fires on a 5-minute sum of 1 or more and notifies the topic', (controlId, metricName) => {
    const { template, construct } = synth();
    const description = CisAlarm.all().find((a) => a.controlId === controlId)!.description;
    expect(resourceOf(template, construct.node.findChild(`${metricName}Alarm`)).Properties).toEqual({
      AlarmDescription: description,
      Namespace: 'SecureBaseline/CIS',
      MetricName: metricName,
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      EvaluationPeriods: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [TOPIC_ARN],
    });
  });

  test('alarms and filters have no hard-coded names', () => {
    const { template } = synth();
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmName).toBeUndefined();
    }
    for (const filter of Object.values(template.findResources('AWS::Logs::MetricFilter'))) {
      expect(filter.Properties.FilterName).toBeUndefined();
    }
  });

  test('exposes the metric namespace', () => {
    expect(CisAlarms.METRIC_NAMESPACE).toBe('SecureBaseline/CIS');
  });

  test('adds no statement to the topic policy', () => {
    const stack = new Stack(new App(), 'TestStack');
    new CisAlarms(stack, 'Cis', { logGroup: logs.LogGroup.fromLogGroupName(stack, 'LogGroup', LOG_GROUP), topic: new sns.Topic(stack, 'Topic') });
    Template.fromStack(stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });

  test('emits no warning when a topic is given', () => {
    const { stack } = synth();
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('CisAlarms options', () => {
  test('alarms selects which controls get a filter and an alarm, in the given order', () => {
    const { template, construct } = synth({ alarms: [CisAlarm.VPC_CHANGES, CisAlarm.ROOT_USER_ACTIVITY] });
    template.resourceCountIs('AWS::Logs::MetricFilter', 2);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    expect(construct.alarms.map((a) => a.node.id)).toEqual(['VpcChangesAlarm', 'RootUserActivityAlarm']);
  });

  test('an empty list creates nothing', () => {
    const { template, construct } = synth({ alarms: [] });
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(construct.alarms).toEqual([]);
  });

  test('rejects a control listed twice', () => {
    expect(() => synth({ alarms: [CisAlarm.ROOT_USER_ACTIVITY, CisAlarm.VPC_CHANGES, CisAlarm.ROOT_USER_ACTIVITY] })).toThrow(
      "CisAlarmsProps.alarms: 'CloudWatch.1' is listed twice; list each value once");
  });

  test('without a topic the alarms have no action', () => {
    const { template } = synth({}, false);
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
    }
  });

  test('without a topic a synth warning says that nobody is notified', () => {
    const { stack } = synth({}, false);
    Annotations.fromStack(stack).hasWarning('/TestStack/Cis',
      'CisAlarms has no topic, so the alarms notify nobody and Security Hub reports CloudWatch.1 to CloudWatch.14 as FAILED; set topic to be notified [ack: cdk-secure-baseline:cisAlarmsWithoutTopic]');
  });

  test('without a topic and without alarms there is no warning', () => {
    const { stack } = synth({ alarms: [] }, false);
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('works on the log group of an AuditTrail and a FindingsTopic', () => {
    const stack = new Stack(new App(), 'TestStack');
    const trail = new AuditTrail(stack, 'Trail');
    const findings = new FindingsTopic(stack, 'Findings');
    const cis = new CisAlarms(stack, 'Cis', { logGroup: trail.logGroup!, topic: findings.topic });
    const template = Template.fromStack(stack);
    const logGroupRef = { Ref: Stack.of(stack).getLogicalId(trail.logGroup!.node.defaultChild as logs.CfnLogGroup) };
    const topicRef = { Ref: Stack.of(stack).getLogicalId((findings.topic as sns.Topic).node.defaultChild as sns.CfnTopic) };
    expect(resourceOf(template, cis.node.findChild('RootUserActivityFilter')).Properties.LogGroupName).toEqual(logGroupRef);
    expect(resourceOf(template, cis.node.findChild('RootUserActivityAlarm')).Properties.AlarmActions).toEqual([topicRef]);
    expect(cis.alarms[0]).toBeInstanceOf(cloudwatch.Alarm);
  });
});

describe('CisAlarms cdk-nag', () => {
  test('with a topic, all four packs pass', () => {
    expect(violationsOf(synth().stack)).toEqual(NO_VIOLATIONS);
  });

  test('without a topic, all four packs pass: the missing alarm action is acknowledged on each alarm', () => {
    expect(violationsOf(synth({}, false).stack)).toEqual(NO_VIOLATIONS);
  });

  test('without a topic, the missing action is a real finding before acknowledgement', () => {
    // The acknowledgement must not hide anything but CloudWatchAlarmAction: checking the same
    // alarms outside CisAlarms shows what the packs would report.
    const stack = new Stack(new App(), 'TestStack');
    new cloudwatch.Alarm(stack, 'Bare', {
      metric: new cloudwatch.Metric({ namespace: 'SecureBaseline/CIS', metricName: 'RootUserActivity' }),
      threshold: 1,
      evaluationPeriods: 1,
    });
    expect(violationsOf(stack).nist.map((v: any) => v.ruleName)).toEqual(['NIST.800.53.R5-CloudWatchAlarmAction']);
    expect(violationsOf(stack).hipaa.map((v: any) => v.ruleName)).toEqual(['HIPAA.Security-CloudWatchAlarmAction']);
  });

  test('the whole notification set on an AuditTrail passes all four packs', () => {
    const stack = new Stack(new App(), 'TestStack');
    const trail = new AuditTrail(stack, 'Trail');
    const findings = new FindingsTopic(stack, 'Findings', { emails: ['security@example.com'] });
    new CisAlarms(stack, 'Cis', { logGroup: trail.logGroup!, topic: findings.topic });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
