import { App, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { FindingsTopic } from '../../src/notifications/findings-topic';
import { SecurityEventRules, SecurityEventRulesProps } from '../../src/notifications/security-event-rules';
import { NO_VIOLATIONS, violationsOf } from '../helpers';

const TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:findings';

type OptionalProps = Omit<SecurityEventRulesProps, 'topic'>;

function synth(props: OptionalProps = {}): { stack: Stack; template: Template; construct: SecurityEventRules } {
  const stack = new Stack(new App(), 'TestStack');
  const topic = sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN);
  const construct = new SecurityEventRules(stack, 'Rules', { topic, ...props });
  return { stack, template: Template.fromStack(stack), construct };
}

/** The rule created under the construct with the given id. */
function rule(template: Template, construct: SecurityEventRules, id: string): any {
  const child = construct.node.findChild(id) as events.Rule;
  const logicalId = Stack.of(child).getLogicalId(child.node.defaultChild as events.CfnRule);
  return template.toJSON().Resources[logicalId];
}

function target(template: Template, construct: SecurityEventRules, id: string): any {
  const targets = rule(template, construct, id).Properties.Targets;
  expect(targets).toHaveLength(1);
  return targets[0];
}

function lines(...texts: string[]): string {
  return texts.map((text) => JSON.stringify(text)).join('\n');
}

const RULE_IDS = [
  'GuardDutyFindings', 'SecurityHubFindings', 'AccessAnalyzerFindings', 'InspectorFindings', 'MacieFindings', 'TrustedAdvisorChecks',
  'RootUserActivity', 'CloudTrailChanges',
];

describe('SecurityEventRules defaults', () => {
  test('creates the eight rules, in the order of the props, and exposes them', () => {
    const { template, construct } = synth();
    template.resourceCountIs('AWS::Events::Rule', 8);
    expect(construct.rules).toHaveLength(8);
    expect(construct.rules.map((r) => r.node.id)).toEqual(RULE_IDS);
  });

  test('every rule is enabled, on the default bus and unnamed', () => {
    const { template, construct } = synth();
    for (const id of RULE_IDS) {
      const properties = rule(template, construct, id).Properties;
      expect(properties.State).toBe('ENABLED');
      expect(properties.EventBusName).toBeUndefined();
      expect(properties.Name).toBeUndefined();
    }
  });

  test('every rule has one target: the topic, with an input transformer and no role', () => {
    const { template, construct } = synth();
    for (const id of RULE_IDS) {
      const t = target(template, construct, id);
      expect(t.Arn).toBe(TOPIC_ARN);
      expect(t.RoleArn).toBeUndefined();
      expect(t.InputTransformer.InputTemplate).toEqual(expect.any(String));
    }
  });

  test('adds no statement to the topic policy (the topic must carry its own conditioned one)', () => {
    const stack = new Stack(new App(), 'TestStack');
    const topic = new sns.Topic(stack, 'Topic');
    new SecurityEventRules(stack, 'Rules', { topic });
    Template.fromStack(stack).resourceCountIs('AWS::SNS::TopicPolicy', 0);
  });

  test('with a FindingsTopic, the topic policy keeps only the FindingsTopic statements', () => {
    const stack = new Stack(new App(), 'TestStack');
    const findings = new FindingsTopic(stack, 'Findings');
    new SecurityEventRules(stack, 'Rules', { topic: findings.topic });
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::SNS::TopicPolicy'))[0];
    expect(policy.Properties.PolicyDocument.Statement.map((s: any) => s.Sid)).toEqual([
      'AllowPublishThroughSSLOnly', 'AllowEventBridgeRulesToPublish', 'AllowBudgetsToPublish', 'AllowCloudWatchAlarmsToPublish',
      'AllowCostAnomalyDetectionToPublish',
    ]);
  });
});

describe('SecurityEventRules GuardDuty', () => {
  test('matches GuardDuty findings of severity 7 or more by default (HIGH and CRITICAL)', () => {
    const { template, construct } = synth();
    expect(rule(template, construct, 'GuardDutyFindings').Properties).toMatchObject({
      Description: 'GuardDuty findings of severity 7 or higher',
      EventPattern: {
        'source': ['aws.guardduty'],
        'detail-type': ['GuardDuty Finding'],
        'detail': { severity: [{ numeric: ['>=', 7] }] },
      },
    });
  });

  test('the event pattern has nothing else', () => {
    const { template, construct } = synth();
    expect(rule(template, construct, 'GuardDutyFindings').Properties.EventPattern).toEqual({
      'source': ['aws.guardduty'],
      'detail-type': ['GuardDuty Finding'],
      'detail': { severity: [{ numeric: ['>=', 7] }] },
    });
  });

  test.each([1, 4, 8.5, 10])('guardDutyMinimumSeverity %p sets the numeric match', (minimum) => {
    const { template, construct } = synth({ guardDutyMinimumSeverity: minimum });
    const properties = rule(template, construct, 'GuardDutyFindings').Properties;
    expect(properties.EventPattern.detail).toEqual({ severity: [{ numeric: ['>=', minimum] }] });
    expect(properties.Description).toBe(`GuardDuty findings of severity ${minimum} or higher`);
  });

  test('the message names the finding, severity, account, region, resource and a console link', () => {
    const { template, construct } = synth();
    expect(target(template, construct, 'GuardDutyFindings').InputTransformer).toEqual({
      InputPathsMap: {
        'detail-title': '$.detail.title',
        'detail-severity': '$.detail.severity',
        'detail-type': '$.detail.type',
        'account': '$.account',
        'region': '$.region',
        'detail-resource-resourceType': '$.detail.resource.resourceType',
        'detail-id': '$.detail.id',
      },
      InputTemplate: lines(
        'GuardDuty finding: <detail-title>',
        'Severity: <detail-severity> (<detail-type>)',
        'Account: <account>  Region: <region>',
        'Resource type: <detail-resource-resourceType>',
        'Finding id: <detail-id>',
        'Console: https://console.aws.amazon.com/guardduty/home?region=<region>#/findings?macros=current&fId=<detail-id>',
      ),
    });
  });

  test('rejects severity 0', () => {
    expect(() => synth({ guardDutyMinimumSeverity: 0 })).toThrow(
      'SecurityEventRulesProps.guardDutyMinimumSeverity: received 0; expected a number from 1 to 10');
  });

  test('rejects severity 11', () => {
    expect(() => synth({ guardDutyMinimumSeverity: 11 })).toThrow(
      'SecurityEventRulesProps.guardDutyMinimumSeverity: received 11; expected a number from 1 to 10');
  });

  test('rejects severity NaN', () => {
    expect(() => synth({ guardDutyMinimumSeverity: NaN })).toThrow(
      'SecurityEventRulesProps.guardDutyMinimumSeverity: received NaN; expected a number from 1 to 10');
  });

  test('rejects severity Infinity', () => {
    expect(() => synth({ guardDutyMinimumSeverity: Infinity })).toThrow(
      'SecurityEventRulesProps.guardDutyMinimumSeverity: received Infinity; expected a number from 1 to 10');
  });

  test('rejects a minimum severity when the GuardDuty rule is switched off', () => {
    expect(() => synth({ guardDutyFindings: false, guardDutyMinimumSeverity: 5 })).toThrow(
      'SecurityEventRulesProps.guardDutyMinimumSeverity: received 5 but guardDutyFindings is false; remove guardDutyMinimumSeverity, or set guardDutyFindings: true');
  });

  test('does not validate an unresolved severity', () => {
    const severity = Token.asNumber({ resolve: () => 6 });
    const { template, construct } = synth({ guardDutyMinimumSeverity: severity });
    expect(rule(template, construct, 'GuardDutyFindings').Properties.EventPattern.detail).toEqual({ severity: [{ numeric: ['>=', 6] }] });
  });
});

describe('SecurityEventRules Security Hub', () => {
  test('matches new, active, failed control findings of HIGH or CRITICAL severity', () => {
    const { template, construct } = synth();
    const properties = rule(template, construct, 'SecurityHubFindings').Properties;
    expect(properties.Description).toBe('New, active, failed Security Hub control findings of HIGH or CRITICAL severity');
    expect(properties.EventPattern).toEqual({
      'source': ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      'detail': {
        findings: {
          Compliance: { Status: ['FAILED'] },
          Workflow: { Status: ['NEW'] },
          RecordState: ['ACTIVE'],
          Severity: { Label: ['HIGH', 'CRITICAL'] },
        },
      },
    });
  });

  test('the message names the finding, severity, account, region, resource, remediation and a console link', () => {
    const { template, construct } = synth();
    expect(target(template, construct, 'SecurityHubFindings').InputTransformer).toEqual({
      InputPathsMap: {
        'detail-findings-0--Title': '$.detail.findings[0].Title',
        'detail-findings-0--Severity-Label': '$.detail.findings[0].Severity.Label',
        'detail-findings-0--AwsAccountId': '$.detail.findings[0].AwsAccountId',
        'detail-findings-0--Region': '$.detail.findings[0].Region',
        'detail-findings-0--Resources-0--Id': '$.detail.findings[0].Resources[0].Id',
        'detail-findings-0--Remediation-Recommendation-Url': '$.detail.findings[0].Remediation.Recommendation.Url',
        'region': '$.region',
      },
      InputTemplate: lines(
        'Security Hub finding: <detail-findings-0--Title>',
        'Severity: <detail-findings-0--Severity-Label>',
        'Account: <detail-findings-0--AwsAccountId>  Region: <detail-findings-0--Region>',
        'Resource: <detail-findings-0--Resources-0--Id>',
        'What to do: <detail-findings-0--Remediation-Recommendation-Url>',
        'Console: https://console.aws.amazon.com/securityhub/home?region=<region>#/findings',
      ),
    });
  });
});

describe('SecurityEventRules forwardingRegions', () => {
  const FINDINGS = {
    Compliance: { Status: ['FAILED'] },
    Workflow: { Status: ['NEW'] },
    RecordState: ['ACTIVE'],
    Severity: { Label: ['HIGH', 'CRITICAL'] },
  };

  test('Security Hub findings of the forwarding Regions match only as forwarded; others as they come', () => {
    const { template, construct } = synth({ forwardingRegions: ['eu-central-1', 'us-east-1'] });
    expect(rule(template, construct, 'SecurityHubFindings').Properties.EventPattern).toEqual({
      'source': ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Imported'],
      '$or': [
        // Forwarded: the event names the Region that raised the finding.
        { region: ['eu-central-1', 'us-east-1'], detail: { findings: FINDINGS } },
        // Raised here, or a copy that an aggregator here receives from a Region that does not forward.
        { detail: { findings: { ...FINDINGS, Region: [{ 'anything-but': ['eu-central-1', 'us-east-1'] }] } } },
      ],
    });
  });

  test('the other rules are the same with or without forwardingRegions', () => {
    const plain = synth();
    const forwarded = synth({ forwardingRegions: ['eu-central-1'] });
    for (const id of RULE_IDS.filter(ruleId => ruleId !== 'SecurityHubFindings')) {
      expect(rule(forwarded.template, forwarded.construct, id)).toEqual(rule(plain.template, plain.construct, id));
    }
  });

  test.each([
    [['eu-central'], "SecurityEventRulesProps.forwardingRegions[0]: received 'eu-central'; expected a region name such as 'eu-west-1'"],
    [['eu-central-1', 'eu-central-1'], "SecurityEventRulesProps.forwardingRegions: 'eu-central-1' is listed twice; list each value once"],
    [['us-east-1'], "SecurityEventRulesProps.forwardingRegions[0]: received 'us-east-1', which is this stack's own region; list only the Regions that forward to it"],
    [[Token.asString({ Ref: 'Region' })], "SecurityEventRulesProps.forwardingRegions[0]: received an unresolved token; expected a region name such as 'eu-west-1', known at synth"],
  ])('%j throws', (forwardingRegions, message) => {
    const stack = new Stack(new App(), 'TestStack', { env: { account: '111111111111', region: 'us-east-1' } });
    expect(() => new SecurityEventRules(stack, 'Rules', { topic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC_ARN), forwardingRegions }))
      .toThrow(message);
  });
});

describe('SecurityEventRules IAM Access Analyzer', () => {
  test('matches active findings', () => {
    const { template, construct } = synth();
    const properties = rule(template, construct, 'AccessAnalyzerFindings').Properties;
    expect(properties.Description).toBe('Active IAM Access Analyzer findings');
    expect(properties.EventPattern).toEqual({
      'source': ['aws.access-analyzer'],
      'detail-type': ['Access Analyzer Finding'],
      'detail': { status: ['ACTIVE'] },
    });
  });

  test('the message names the resource, account, region and a console link', () => {
    const { template, construct } = synth();
    expect(target(template, construct, 'AccessAnalyzerFindings').InputTransformer).toEqual({
      InputPathsMap: {
        'detail-resourceType': '$.detail.resourceType',
        'detail-isPublic': '$.detail.isPublic',
        'account': '$.account',
        'region': '$.region',
        'detail-resource': '$.detail.resource',
        'detail-id': '$.detail.id',
      },
      InputTemplate: lines(
        'IAM Access Analyzer finding: <detail-resourceType> is shared outside the account',
        'Public: <detail-isPublic>',
        'Account: <account>  Region: <region>',
        'Resource: <detail-resource>',
        'Finding id: <detail-id>',
        'Console: https://console.aws.amazon.com/access-analyzer/home?region=<region>#/findings',
      ),
    });
  });
});

describe('SecurityEventRules Inspector', () => {
  test('matches active CRITICAL findings', () => {
    const { template, construct } = synth();
    const properties = rule(template, construct, 'InspectorFindings').Properties;
    expect(properties.Description).toBe('Active Amazon Inspector findings of CRITICAL severity');
    expect(properties.EventPattern).toEqual({
      'source': ['aws.inspector2'],
      'detail-type': ['Inspector2 Finding'],
      'detail': { severity: ['CRITICAL'], status: ['ACTIVE'] },
    });
  });

  test('the message names the finding, severity, account, region, resource and a console link', () => {
    const { template, construct } = synth();
    expect(target(template, construct, 'InspectorFindings').InputTransformer).toEqual({
      InputPathsMap: {
        'detail-title': '$.detail.title',
        'detail-severity': '$.detail.severity',
        'detail-awsAccountId': '$.detail.awsAccountId',
        'region': '$.region',
        'detail-resources-0--id': '$.detail.resources[0].id',
        'detail-findingArn': '$.detail.findingArn',
      },
      InputTemplate: lines(
        'Inspector finding: <detail-title>',
        'Severity: <detail-severity>',
        'Account: <detail-awsAccountId>  Region: <region>',
        'Resource: <detail-resources-0--id>',
        'Finding: <detail-findingArn>',
        'Console: https://console.aws.amazon.com/inspector/v2/home?region=<region>#/findings',
      ),
    });
  });
});

describe('SecurityEventRules Macie', () => {
  test('matches findings of High severity (Macie severities are Low, Medium and High)', () => {
    const { template, construct } = synth();
    const properties = rule(template, construct, 'MacieFindings').Properties;
    expect(properties.Description).toBe('Amazon Macie findings of High severity');
    expect(properties.EventPattern).toEqual({
      'source': ['aws.macie'],
      'detail-type': ['Macie Finding'],
      'detail': { severity: { description: ['High'] } },
    });
  });

  test('the message names the finding, severity, account, region, bucket and a console link', () => {
    const { template, construct } = synth();
    expect(target(template, construct, 'MacieFindings').InputTransformer).toEqual({
      InputPathsMap: {
        'detail-title': '$.detail.title',
        'detail-severity-description': '$.detail.severity.description',
        'detail-type': '$.detail.type',
        'detail-accountId': '$.detail.accountId',
        'region': '$.region',
        'detail-resourcesAffected-s3Bucket-name': '$.detail.resourcesAffected.s3Bucket.name',
        'detail-id': '$.detail.id',
      },
      InputTemplate: lines(
        'Macie finding: <detail-title>',
        'Severity: <detail-severity-description> (<detail-type>)',
        'Account: <detail-accountId>  Region: <region>',
        'Bucket: <detail-resourcesAffected-s3Bucket-name>',
        'Finding id: <detail-id>',
        'Console: https://console.aws.amazon.com/macie/home?region=<region>#findings',
      ),
    });
  });
});

describe('SecurityEventRules Trusted Advisor', () => {
  test('matches checks whose status turned red', () => {
    const { template, construct } = synth();
    const properties = rule(template, construct, 'TrustedAdvisorChecks').Properties;
    expect(properties.Description).toBe('Trusted Advisor checks whose status turned red (action recommended)');
    expect(properties.EventPattern).toEqual({
      'source': ['aws.trustedadvisor'],
      'detail-type': ['Trusted Advisor Check Item Refresh Notification'],
      'detail': { status: ['ERROR'] },
    });
  });

  test('the message names the check, status, account, resource and a console link', () => {
    const { template, construct } = synth();
    expect(target(template, construct, 'TrustedAdvisorChecks').InputTransformer).toEqual({
      InputPathsMap: {
        'detail-check-name': '$.detail.check-name',
        'detail-status': '$.detail.status',
        'account': '$.account',
        'detail-resource_id': '$.detail.resource_id',
      },
      InputTemplate: lines(
        'Trusted Advisor check: <detail-check-name>',
        'Status: <detail-status> - action recommended',
        'Account: <account>',
        'Resource: <detail-resource_id>',
        'Console: https://console.aws.amazon.com/trustedadvisor/home#/dashboard',
      ),
    });
  });
});

describe('SecurityEventRules root user', () => {
  test('matches root console sign-ins and API calls, except calls a service makes for root', () => {
    const { template, construct } = synth();
    const properties = rule(template, construct, 'RootUserActivity').Properties;
    expect(properties.Description).toBe('Root user console sign-ins and API calls');
    expect(properties.EventPattern).toEqual({
      'detail-type': ['AWS Console Sign In via CloudTrail', 'AWS API Call via CloudTrail'],
      'detail': { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] } },
    });
  });

  test('the message names the call, account, region, source IP and a console link', () => {
    const { template, construct } = synth();
    expect(target(template, construct, 'RootUserActivity').InputTransformer).toEqual({
      InputPathsMap: {
        'detail-eventName': '$.detail.eventName',
        'detail-eventSource': '$.detail.eventSource',
        'account': '$.account',
        'region': '$.region',
        'detail-sourceIPAddress': '$.detail.sourceIPAddress',
        'detail-eventID': '$.detail.eventID',
      },
      InputTemplate: lines(
        'Root user activity: <detail-eventName> (<detail-eventSource>)',
        'Severity: HIGH - the root user should be used only for the few tasks that require it',
        'Account: <account>  Region: <region>',
        'Source IP: <detail-sourceIPAddress>',
        'Event id: <detail-eventID>',
        'Console: https://console.aws.amazon.com/cloudtrail/home?region=<region>#/events',
      ),
    });
  });
});

describe('SecurityEventRules CloudTrail', () => {
  test('matches calls that stop, delete or change a trail', () => {
    const { template, construct } = synth();
    const properties = rule(template, construct, 'CloudTrailChanges').Properties;
    expect(properties.Description).toBe('CloudTrail trails stopped, deleted or changed');
    expect(properties.EventPattern).toEqual({
      'source': ['aws.cloudtrail'],
      'detail-type': ['AWS API Call via CloudTrail'],
      'detail': {
        eventSource: ['cloudtrail.amazonaws.com'],
        eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'],
      },
    });
  });

  test('the message names the call, trail, account, region, caller and a console link', () => {
    const { template, construct } = synth();
    expect(target(template, construct, 'CloudTrailChanges').InputTransformer).toEqual({
      InputPathsMap: {
        'detail-eventName': '$.detail.eventName',
        'detail-requestParameters-name': '$.detail.requestParameters.name',
        'account': '$.account',
        'region': '$.region',
        'detail-userIdentity-arn': '$.detail.userIdentity.arn',
        'detail-eventID': '$.detail.eventID',
      },
      InputTemplate: lines(
        'CloudTrail changed: <detail-eventName> on trail <detail-requestParameters-name>',
        'Severity: HIGH - audit logging may be stopped or narrowed',
        'Account: <account>  Region: <region>',
        'Caller: <detail-userIdentity-arn>',
        'Event id: <detail-eventID>',
        'Console: https://console.aws.amazon.com/cloudtrail/home?region=<region>#/trails',
      ),
    });
  });
});

describe('SecurityEventRules switches', () => {
  const switches: Array<[keyof OptionalProps, string]> = [
    ['guardDutyFindings', 'GuardDutyFindings'],
    ['securityHubFindings', 'SecurityHubFindings'],
    ['accessAnalyzerFindings', 'AccessAnalyzerFindings'],
    ['inspectorFindings', 'InspectorFindings'],
    ['macieFindings', 'MacieFindings'],
    ['trustedAdvisorChecks', 'TrustedAdvisorChecks'],
    ['rootUserActivity', 'RootUserActivity'],
    ['cloudTrailChanges', 'CloudTrailChanges'],
  ];

  test.each(switches)('%s: false leaves out only the %s rule', (prop, id) => {
    const { template, construct } = synth({ [prop]: false });
    template.resourceCountIs('AWS::Events::Rule', 7);
    expect(construct.node.tryFindChild(id)).toBeUndefined();
    expect(construct.rules.map((r) => r.node.id)).toEqual(RULE_IDS.filter((ruleId) => ruleId !== id));
  });

  test.each(switches)('%s: true keeps the %s rule', (prop, id) => {
    const { construct } = synth({ [prop]: true });
    expect(construct.node.tryFindChild(id)).toBeInstanceOf(events.Rule);
  });

  test('all switched off creates no rule', () => {
    const { template, construct } = synth(Object.fromEntries(switches.map(([prop]) => [prop, false])));
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(construct.rules).toEqual([]);
  });
});

describe('SecurityEventRules cdk-nag', () => {
  test('the defaults pass all four packs', () => {
    expect(violationsOf(synth().stack)).toEqual(NO_VIOLATIONS);
  });

  test('with a FindingsTopic, the whole passes all four packs', () => {
    const stack = new Stack(new App(), 'TestStack');
    const findings = new FindingsTopic(stack, 'Findings', { emails: ['security@example.com'] });
    new SecurityEventRules(stack, 'Rules', { topic: findings.topic, guardDutyMinimumSeverity: 4 });
    expect(violationsOf(stack)).toEqual(NO_VIOLATIONS);
  });
});
