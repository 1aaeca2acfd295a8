import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { validateNumberInRange } from '../private/validation';

/**
 * GuardDuty severities run from 1.0 to 10.0: LOW 1.0-3.9, MEDIUM 4.0-6.9, HIGH 7.0-8.9,
 * CRITICAL 9.0-10.0.
 */
const GUARDDUTY_MIN_SEVERITY = 1;
const GUARDDUTY_MAX_SEVERITY = 10;
const GUARDDUTY_HIGH = 7;

/**
 * The CloudTrail API calls that stop, remove or narrow what a trail records.
 */
const CLOUDTRAIL_TAMPERING_EVENTS = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'];

/**
 * Which security events `SecurityEventRules` notifies.
 */
export interface SecurityEventRulesOptions {
  /**
   * Whether to notify GuardDuty findings at or above `guardDutyMinimumSeverity`.
   *
   * @default true
   */
  readonly guardDutyFindings?: boolean;

  /**
   * The lowest GuardDuty severity that is notified, from 1 to 10 (LOW is 1.0-3.9, MEDIUM 4.0-6.9,
   * HIGH 7.0-8.9, CRITICAL 9.0-10.0).
   *
   * @default 7 - HIGH and CRITICAL findings
   */
  readonly guardDutyMinimumSeverity?: number;

  /**
   * Whether to notify new, active, failed Security Hub control findings of HIGH or CRITICAL severity.
   * Findings that GuardDuty, Inspector or Access Analyzer send to Security Hub carry no compliance
   * status, so they are not notified twice.
   *
   * @default true
   */
  readonly securityHubFindings?: boolean;

  /**
   * Whether to notify active IAM Access Analyzer findings (a resource shared outside the zone of trust).
   *
   * @default true
   */
  readonly accessAnalyzerFindings?: boolean;

  /**
   * Whether to notify active Amazon Inspector findings of CRITICAL severity.
   *
   * @default true
   */
  readonly inspectorFindings?: boolean;

  /**
   * Whether to notify root user sign-ins and API calls. Console sign-in events are delivered to
   * the Region of the sign-in endpoint, which is us-east-1 for most sign-ins, so deploy this in
   * us-east-1 (too) to see them.
   *
   * @default true
   */
  readonly rootUserActivity?: boolean;

  /**
   * Whether to notify calls that stop, delete or change a CloudTrail trail (StopLogging,
   * DeleteTrail, UpdateTrail, PutEventSelectors, PutInsightSelectors).
   *
   * @default true
   */
  readonly cloudTrailChanges?: boolean;
}

/**
 * Properties for `SecurityEventRules`.
 */
export interface SecurityEventRulesProps extends SecurityEventRulesOptions {
  /**
   * The topic that receives the notifications. Its policy must already let EventBridge rules of
   * this account publish (a `FindingsTopic` does); these rules add no statement to it.
   */
  readonly topic: sns.ITopic;
}

/**
 * EventBridge rules on the default event bus that send readable notifications of security findings
 * and suspicious account activity to an SNS topic.
 *
 * EventBridge delivers AWS service events only to the Region they happen in, so deploy these rules
 * in every Region the baseline covers.
 */
export class SecurityEventRules extends Construct {
  /** The rules, in the order of the props. */
  public readonly rules: events.IRule[];

  constructor(scope: Construct, id: string, props: SecurityEventRulesProps) {
    super(scope, id);
    validateProps(props);
    const rules: events.IRule[] = [];
    const add = (ruleId: string, description: string, eventPattern: events.EventPattern, message: string): void => {
      const rule = new events.Rule(this, ruleId, { description, eventPattern });
      rule.addTarget(new TopicTarget(props.topic, events.RuleTargetInput.fromMultilineText(message)));
      rules.push(rule);
    };

    if (props.guardDutyFindings ?? true) {
      const minimum = props.guardDutyMinimumSeverity ?? GUARDDUTY_HIGH;
      add('GuardDutyFindings', `GuardDuty findings of severity ${minimum} or higher`, {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', minimum] }] },
      }, guardDutyMessage());
    }
    if (props.securityHubFindings ?? true) {
      add('SecurityHubFindings', 'New, active, failed Security Hub control findings of HIGH or CRITICAL severity', {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        detail: {
          findings: {
            Compliance: { Status: ['FAILED'] },
            Workflow: { Status: ['NEW'] },
            RecordState: ['ACTIVE'],
            Severity: { Label: ['HIGH', 'CRITICAL'] },
          },
        },
      }, securityHubMessage());
    }
    if (props.accessAnalyzerFindings ?? true) {
      add('AccessAnalyzerFindings', 'Active IAM Access Analyzer findings', {
        source: ['aws.access-analyzer'],
        detailType: ['Access Analyzer Finding'],
        detail: { status: ['ACTIVE'] },
      }, accessAnalyzerMessage());
    }
    if (props.inspectorFindings ?? true) {
      add('InspectorFindings', 'Active Amazon Inspector findings of CRITICAL severity', {
        source: ['aws.inspector2'],
        detailType: ['Inspector2 Finding'],
        detail: { severity: ['CRITICAL'], status: ['ACTIVE'] },
      }, inspectorMessage());
    }
    if (props.rootUserActivity ?? true) {
      add('RootUserActivity', 'Root user console sign-ins and API calls', {
        detailType: ['AWS Console Sign In via CloudTrail', 'AWS API Call via CloudTrail'],
        // Like the CIS root-usage filter: calls an AWS service makes on the root user's behalf
        // (invokedBy) are not the root user acting.
        detail: { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] } },
      }, rootUserMessage());
    }
    if (props.cloudTrailChanges ?? true) {
      add('CloudTrailChanges', 'CloudTrail trails stopped, deleted or changed', {
        source: ['aws.cloudtrail'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['cloudtrail.amazonaws.com'], eventName: CLOUDTRAIL_TAMPERING_EVENTS },
      }, cloudTrailMessage());
    }
    this.rules = rules;
  }
}

/**
 * Publishes to the topic with the rule's input and adds no policy statement.
 *
 * aws-cdk-lib's `targets.SnsTopic` calls `topic.grantPublish(events.amazonaws.com)`, which adds an
 * unconditioned Allow to the topic policy: any account's rule could then publish (the confused
 * deputy problem). The topic is expected to carry its own statement conditioned on this account's
 * rules, as `FindingsTopic` does.
 */
class TopicTarget implements events.IRuleTarget {
  constructor(private readonly topic: sns.ITopic, private readonly input: events.RuleTargetInput) {}

  public bind(_rule: IConstruct, _id?: string): events.RuleTargetConfig {
    return { arn: this.topic.topicArn, input: this.input, targetResource: this.topic };
  }
}

const field = events.EventField.fromPath;

// Console links use the commercial partition's console; accounts in other partitions get the
// identifiers in the message to search for.
function guardDutyMessage(): string {
  return [
    `GuardDuty finding: ${field('$.detail.title')}`,
    `Severity: ${field('$.detail.severity')} (${field('$.detail.type')})`,
    `Account: ${events.EventField.account}  Region: ${events.EventField.region}`,
    `Resource type: ${field('$.detail.resource.resourceType')}`,
    `Finding id: ${field('$.detail.id')}`,
    `Console: https://console.aws.amazon.com/guardduty/home?region=${events.EventField.region}#/findings?macros=current&fId=${field('$.detail.id')}`,
  ].join('\n');
}

function securityHubMessage(): string {
  return [
    `Security Hub finding: ${field('$.detail.findings[0].Title')}`,
    `Severity: ${field('$.detail.findings[0].Severity.Label')}`,
    `Account: ${field('$.detail.findings[0].AwsAccountId')}  Region: ${field('$.detail.findings[0].Region')}`,
    `Resource: ${field('$.detail.findings[0].Resources[0].Id')}`,
    `What to do: ${field('$.detail.findings[0].Remediation.Recommendation.Url')}`,
    `Console: https://console.aws.amazon.com/securityhub/home?region=${events.EventField.region}#/findings`,
  ].join('\n');
}

function accessAnalyzerMessage(): string {
  return [
    `IAM Access Analyzer finding: ${field('$.detail.resourceType')} is shared outside the account`,
    `Public: ${field('$.detail.isPublic')}`,
    `Account: ${events.EventField.account}  Region: ${events.EventField.region}`,
    `Resource: ${field('$.detail.resource')}`,
    `Finding id: ${field('$.detail.id')}`,
    `Console: https://console.aws.amazon.com/access-analyzer/home?region=${events.EventField.region}#/findings`,
  ].join('\n');
}

function inspectorMessage(): string {
  return [
    `Inspector finding: ${field('$.detail.title')}`,
    `Severity: ${field('$.detail.severity')}`,
    `Account: ${field('$.detail.awsAccountId')}  Region: ${events.EventField.region}`,
    `Resource: ${field('$.detail.resources[0].id')}`,
    `Finding: ${field('$.detail.findingArn')}`,
    `Console: https://console.aws.amazon.com/inspector/v2/home?region=${events.EventField.region}#/findings`,
  ].join('\n');
}

function rootUserMessage(): string {
  return [
    `Root user activity: ${field('$.detail.eventName')} (${field('$.detail.eventSource')})`,
    'Severity: HIGH - the root user should be used only for the few tasks that require it',
    `Account: ${events.EventField.account}  Region: ${events.EventField.region}`,
    `Source IP: ${field('$.detail.sourceIPAddress')}`,
    `Event id: ${field('$.detail.eventID')}`,
    `Console: https://console.aws.amazon.com/cloudtrail/home?region=${events.EventField.region}#/events`,
  ].join('\n');
}

function cloudTrailMessage(): string {
  return [
    `CloudTrail changed: ${field('$.detail.eventName')} on trail ${field('$.detail.requestParameters.name')}`,
    'Severity: HIGH - audit logging may be stopped or narrowed',
    `Account: ${events.EventField.account}  Region: ${events.EventField.region}`,
    `Caller: ${field('$.detail.userIdentity.arn')}`,
    `Event id: ${field('$.detail.eventID')}`,
    `Console: https://console.aws.amazon.com/cloudtrail/home?region=${events.EventField.region}#/trails`,
  ].join('\n');
}

function validateProps(props: SecurityEventRulesProps): void {
  if (props.guardDutyMinimumSeverity === undefined) {
    return;
  }
  validateNumberInRange('SecurityEventRulesProps.guardDutyMinimumSeverity', props.guardDutyMinimumSeverity, GUARDDUTY_MIN_SEVERITY, GUARDDUTY_MAX_SEVERITY);
  if (props.guardDutyFindings === false) {
    throw new Error(`SecurityEventRulesProps.guardDutyMinimumSeverity: received ${props.guardDutyMinimumSeverity} but guardDutyFindings is false; remove guardDutyMinimumSeverity, or set guardDutyFindings: true`);
  }
}
