import { Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { validateNumberInRange } from './validation';
// The toggles are declared once, on the public options, in a file of their own below both this
// module and the rules that use it.
import type { SecurityEventRulesOptions } from '../notifications/security-event-options';

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

/** The only region whose event bus receives Trusted Advisor's check events. */
const TRUSTED_ADVISOR_EVENTS_REGION = 'us-east-1';

/**
 * One kind of security event: the rule id, its description, the EventBridge pattern and the
 * readable message the home region's rule sends. Defined once, used by the notifying rules
 * (`SecurityEventRules`) and by the rules that forward events from member regions
 * (`SecurityEventForwarding`), so that both match exactly the same events.
 */
export interface SecurityEventDefinition {
  readonly id: string;
  readonly description: string;
  readonly eventPattern: events.EventPattern;
  readonly message: () => string;
}

/**
 * Which copies of a Security Hub finding a rule takes.
 *
 * Security Hub is the one source whose events reach more than one Region's bus: with cross-Region
 * aggregation, "in an aggregation Region, the event feed includes events for findings from the
 * aggregation Region and the linked Regions" (Security Hub user guide, "Security Hub event types in
 * EventBridge"), while the linked Region still gets its own. The copy is an event of the
 * aggregation Region whose finding keeps the `Region` that raised it (ASFF `Region`, set by Security
 * Hub and never updated); a forwarded event keeps the `region` of the Region it was raised in.
 *
 * Whether the home region aggregates a member region is decided at deploy time (no aggregator in a
 * Security Hub member account; an adopted one may live elsewhere or link other Regions), so the
 * notification path does not depend on it: each member region always forwards the findings raised
 * in it, and the home region's rule takes a finding of a member region only as forwarded, never as
 * an aggregated copy. Each finding is then notified exactly once in every shape of aggregation.
 */
export interface SecurityHubRouting {
  /**
   * A member region's forwarding rule: the Region it runs in. It takes only the findings raised there,
   * not the copies an aggregator in that Region receives from others (the home region gets those
   * from their own Regions).
   */
  readonly raisedIn?: string;

  /**
   * The home region's notifying rule: the member regions that forward their findings to it. It takes
   * their findings only as forwarded (the event's `region` is theirs), and every other finding on its
   * bus as it comes: its own Region's, and the copies an aggregator here receives from Regions that
   * do not forward.
   */
  readonly forwardingRegions?: string[];
}

/**
 * The selected security events, in a fixed order (GuardDuty, Security Hub, Access Analyzer,
 * Inspector, Macie, Trusted Advisor, root user activity, CloudTrail changes). Every toggle defaults to on.
 * The other sources publish their events only in the Region they happen in, so their patterns do not
 * depend on `routing`.
 */
export function securityEventDefinitions(selection: SecurityEventRulesOptions, routing: SecurityHubRouting = {}): SecurityEventDefinition[] {
  const definitions: SecurityEventDefinition[] = [];
  if (selection.guardDutyFindings ?? true) {
    const minimum = selection.guardDutyMinimumSeverity ?? GUARDDUTY_HIGH;
    definitions.push({
      id: 'GuardDutyFindings',
      description: `GuardDuty findings of severity ${minimum} or higher`,
      eventPattern: {
        source: ['aws.guardduty'],
        detailType: ['GuardDuty Finding'],
        detail: { severity: [{ numeric: ['>=', minimum] }] },
      },
      message: guardDutyMessage,
    });
  }
  if (selection.securityHubFindings ?? true) {
    definitions.push({
      id: 'SecurityHubFindings',
      description: 'New, active, failed Security Hub control findings of HIGH or CRITICAL severity',
      eventPattern: {
        source: ['aws.securityhub'],
        detailType: ['Security Hub Findings - Imported'],
        ...securityHubFindingsOf(routing, {
          Compliance: { Status: ['FAILED'] },
          Workflow: { Status: ['NEW'] },
          RecordState: ['ACTIVE'],
          Severity: { Label: ['HIGH', 'CRITICAL'] },
        }),
      },
      message: securityHubMessage,
    });
  }
  if (selection.accessAnalyzerFindings ?? true) {
    definitions.push({
      id: 'AccessAnalyzerFindings',
      description: 'Active IAM Access Analyzer findings',
      eventPattern: {
        source: ['aws.access-analyzer'],
        detailType: ['Access Analyzer Finding'],
        detail: { status: ['ACTIVE'] },
      },
      message: accessAnalyzerMessage,
    });
  }
  if (selection.inspectorFindings ?? true) {
    definitions.push({
      id: 'InspectorFindings',
      description: 'Active Amazon Inspector findings of CRITICAL severity',
      eventPattern: {
        source: ['aws.inspector2'],
        detailType: ['Inspector2 Finding'],
        detail: { severity: ['CRITICAL'], status: ['ACTIVE'] },
      },
      message: inspectorMessage,
    });
  }
  if (selection.macieFindings ?? true) {
    definitions.push({
      id: 'MacieFindings',
      description: 'Amazon Macie findings of High severity',
      eventPattern: {
        source: ['aws.macie'],
        detailType: ['Macie Finding'],
        detail: { severity: { description: ['High'] } },
      },
      message: macieMessage,
    });
  }
  if (selection.trustedAdvisorChecks ?? true) {
    definitions.push({
      id: 'TrustedAdvisorChecks',
      description: 'Trusted Advisor checks whose status turned red (action recommended)',
      eventPattern: {
        source: ['aws.trustedadvisor'],
        detailType: ['Trusted Advisor Check Item Refresh Notification'],
        detail: { status: ['ERROR'] },
      },
      message: trustedAdvisorMessage,
    });
  }
  if (selection.rootUserActivity ?? true) {
    definitions.push({
      id: 'RootUserActivity',
      description: 'Root user console sign-ins and API calls',
      eventPattern: {
        detailType: ['AWS Console Sign In via CloudTrail', 'AWS API Call via CloudTrail'],
        // Like the CIS root-usage filter: calls an AWS service makes on the root user's behalf
        // (invokedBy) are not the root user acting.
        detail: { userIdentity: { type: ['Root'], invokedBy: [{ exists: false }] } },
      },
      message: rootUserMessage,
    });
  }
  if (selection.cloudTrailChanges ?? true) {
    definitions.push({
      id: 'CloudTrailChanges',
      description: 'CloudTrail trails stopped, deleted or changed',
      eventPattern: {
        source: ['aws.cloudtrail'],
        detailType: ['AWS API Call via CloudTrail'],
        detail: { eventSource: ['cloudtrail.amazonaws.com'], eventName: CLOUDTRAIL_TAMPERING_EVENTS },
      },
      message: cloudTrailMessage,
    });
  }
  return definitions;
}

/**
 * The part of the Security Hub pattern that picks the copies of a finding `routing` asks for (see
 * `SecurityHubRouting`), `findings` being the filter on the finding itself.
 */
function securityHubFindingsOf(routing: SecurityHubRouting, findings: Record<string, unknown>): events.EventPattern {
  if (routing.raisedIn !== undefined) {
    return { detail: { findings: { ...findings, Region: [routing.raisedIn] } } };
  }
  const forwarding = routing.forwardingRegions ?? [];
  if (forwarding.length === 0) {
    return { detail: { findings } };
  }
  // aws-cdk-lib's EventPattern has no `$or`, but renders the keys it does not know as they are (only
  // the top-level detailType is renamed, so the alternatives use region and detail only).
  return {
    $or: [
      { region: forwarding, detail: { findings } },
      { detail: { findings: { ...findings, Region: [{ 'anything-but': forwarding }] } } },
    ],
  } as events.EventPattern;
}

/**
 * Whether Trusted Advisor publishes its check events in `region`: only in us-east-1 (Trusted Advisor
 * user guide, "Monitoring AWS Trusted Advisor check results with Amazon EventBridge"). An unresolved
 * region may be us-east-1.
 */
export function emitsTrustedAdvisorEvents(region: string): boolean {
  return Token.isUnresolved(region) || region === TRUSTED_ADVISOR_EVENTS_REGION;
}

/**
 * Throws when the GuardDuty severity is out of range or given while GuardDuty findings are off.
 * `propsName` names the props struct in the message (e.g. 'SecurityEventRulesProps').
 */
export function validateSecurityEventSelection(propsName: string, selection: SecurityEventRulesOptions): void {
  if (selection.guardDutyMinimumSeverity === undefined) {
    return;
  }
  validateNumberInRange(`${propsName}.guardDutyMinimumSeverity`, selection.guardDutyMinimumSeverity, GUARDDUTY_MIN_SEVERITY, GUARDDUTY_MAX_SEVERITY);
  if (selection.guardDutyFindings === false) {
    throw new Error(`${propsName}.guardDutyMinimumSeverity: received ${selection.guardDutyMinimumSeverity} but guardDutyFindings is false; remove guardDutyMinimumSeverity, or set guardDutyFindings: true`);
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

function macieMessage(): string {
  return [
    `Macie finding: ${field('$.detail.title')}`,
    `Severity: ${field('$.detail.severity.description')} (${field('$.detail.type')})`,
    `Account: ${field('$.detail.accountId')}  Region: ${events.EventField.region}`,
    `Bucket: ${field('$.detail.resourcesAffected.s3Bucket.name')}`,
    `Finding id: ${field('$.detail.id')}`,
    `Console: https://console.aws.amazon.com/macie/home?region=${events.EventField.region}#findings`,
  ].join('\n');
}

function trustedAdvisorMessage(): string {
  return [
    `Trusted Advisor check: ${field('$.detail.check-name')}`,
    `Status: ${field('$.detail.status')} - action recommended`,
    `Account: ${events.EventField.account}`,
    `Resource: ${field('$.detail.resource_id')}`,
    'Console: https://console.aws.amazon.com/trustedadvisor/home#/dashboard',
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
