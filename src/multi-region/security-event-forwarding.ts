import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { validateRegionName } from '../private/region';
import { BASELINE_ROLE_PATH } from '../private/role-path';
import { emitsTrustedAdvisorEvents, securityEventDefinitions, validateSecurityEventSelection } from '../private/security-event-patterns';

/**
 * Properties for `SecurityEventForwarding`. The event toggles are those of `SecurityEventRulesOptions`,
 * with the same defaults.
 */
export interface SecurityEventForwardingProps {
  /**
   * The region whose default event bus receives the events (the home region, where
   * `SecurityEventRules` notify). It must differ from this stack's region.
   */
  readonly homeRegion: string;

  /**
   * Whether to forward GuardDuty findings at or above `guardDutyMinimumSeverity`.
   *
   * @default true
   */
  readonly guardDutyFindings?: boolean;

  /**
   * The lowest GuardDuty severity that is forwarded, from 1 to 10.
   *
   * @default 7 - HIGH and CRITICAL findings
   */
  readonly guardDutyMinimumSeverity?: number;

  /**
   * Whether to forward new, active, failed HIGH and CRITICAL Security Hub control findings raised in
   * this region. Only the findings raised here are forwarded, not the copies a finding aggregator in
   * this region receives from other Regions. Whether the home region aggregates this region is
   * decided at deploy time (a Security Hub member account may create no aggregator; an adopted one
   * may live elsewhere or link other Regions), so the findings are forwarded in any case; the home
   * region's `SecurityEventRules`, given this region in `forwardingRegions`, notify them only as
   * forwarded, once.
   *
   * @default true
   */
  readonly securityHubFindings?: boolean;

  /**
   * Whether to forward active IAM Access Analyzer findings.
   *
   * @default true
   */
  readonly accessAnalyzerFindings?: boolean;

  /**
   * Whether to forward active Amazon Inspector findings of CRITICAL severity.
   *
   * @default true
   */
  readonly inspectorFindings?: boolean;

  /**
   * Whether to forward Amazon Macie findings of High severity.
   *
   * @default true
   */
  readonly macieFindings?: boolean;

  /**
   * Whether to forward Trusted Advisor checks that turned red. Trusted Advisor publishes its events in
   * us-east-1 only, so the rule is made only where this stack's region is us-east-1.
   *
   * @default true
   */
  readonly trustedAdvisorChecks?: boolean;

  /**
   * Whether to forward root user sign-ins and API calls made in this region.
   *
   * @default true
   */
  readonly rootUserActivity?: boolean;

  /**
   * Whether to forward calls that stop, delete or change a CloudTrail trail made in this region.
   *
   * @default true
   */
  readonly cloudTrailChanges?: boolean;
}

/**
 * EventBridge rules that forward this region's security events to the home region's default event
 * bus, where `SecurityEventRules` turn them into notifications.
 *
 * AWS services publish their events only in the region where they happen. Each rule here uses the
 * same event pattern as the home region's rule of the same id, and sends the matching events as they
 * are (their `region` field still names this region) to
 * `arn:<partition>:events:<homeRegion>:<account>:event-bus/default` with one role that may only
 * `events:PutEvents` on that bus. The home bus needs no resource policy: an event bus accepts events
 * from its own account. The Security Hub rule differs from the home region's in one point: it takes
 * only the findings raised in this region; list this region in the home `SecurityEventRules`'
 * `forwardingRegions` so that they are notified once (`MultiRegionBaseline` does).
 */
export class SecurityEventForwarding extends Construct {
  /** The forwarding rules, in the order of the props. */
  public readonly rules: events.IRule[];
  /** The home region's default event bus, the rules' target. */
  public readonly homeEventBus: events.IEventBus;
  /** The role EventBridge assumes to put events on the home bus. */
  public readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: SecurityEventForwardingProps) {
    super(scope, id);
    validateSecurityEventSelection('SecurityEventForwardingProps', props);
    validateRegionName(this, 'SecurityEventForwardingProps.homeRegion', props.homeRegion);
    const stack = Stack.of(this);
    if (props.homeRegion === stack.region) {
      throw new Error(`SecurityEventForwardingProps.homeRegion: received '${props.homeRegion}', which is this stack's own region; forward only from another region`);
    }

    const busArn = stack.formatArn({ service: 'events', region: props.homeRegion, resource: 'event-bus', resourceName: 'default' });
    this.homeEventBus = events.EventBus.fromEventBusArn(this, 'HomeEventBus', busArn);
    // One role for every rule (aws-cdk-lib would otherwise make one per rule), whose only permission
    // is events:PutEvents on the home default bus. It is a managed policy, not the inline policy the
    // EventBus target would add: the NIST 800-53, HIPAA and PCI DSS packs reject inline policies.
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `Lets EventBridge forward security events to the default event bus in ${props.homeRegion}`,
      path: BASELINE_ROLE_PATH,
    });
    new iam.ManagedPolicy(this, 'PutEventsPolicy', {
      description: `Lets EventBridge put events on the default event bus in ${props.homeRegion}`,
      roles: [role],
      statements: [new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [busArn] })],
    });
    this.role = role;

    const target = new targets.EventBus(this.homeEventBus, { role: role.withoutPolicyUpdates() });
    this.rules = securityEventDefinitions({
      ...props,
      // Elsewhere the rule would never match: Trusted Advisor events exist in us-east-1 only.
      trustedAdvisorChecks: (props.trustedAdvisorChecks ?? true) && emitsTrustedAdvisorEvents(stack.region),
    }, { raisedIn: stack.region }).map(definition => {
      const rule = new events.Rule(this, definition.id, {
        description: `Forwards to ${props.homeRegion}: ${definition.description}`,
        eventPattern: definition.eventPattern,
      });
      rule.addTarget(target);
      return rule;
    });
  }
}
