import { Stack, Token } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { AccountBlockPublicAccess } from '../account/account-block-public-access';
import { AlternateContacts } from '../account/alternate-contacts';
import { EbsDefaultEncryption } from '../account/ebs-default-encryption';
import { AccountPasswordPolicy } from '../account/password-policy';
import { RestrictDefaultSecurityGroup } from '../account/restrict-default-security-group';
import { SupportRole } from '../account/support-role';
import { VpcFlowLogs } from '../account/vpc-flow-logs';
import { BudgetAlarm } from '../cost/budget-alarm';
import { CostAnomalyDetection } from '../cost/cost-anomaly-detection';
import { AccessAnalyzer } from '../detection/access-analyzer';
import { ConfigRecorder } from '../detection/config-recorder';
import { DetectiveGraph } from '../detection/detective';
import { GuardDutyDetector } from '../detection/guardduty-detector';
import { InspectorScanning } from '../detection/inspector';
import { MacieSession } from '../detection/macie';
import { SecurityHub } from '../detection/security-hub';
import { AuditTrail } from '../logging/audit-trail';
import { LogArchive } from '../logging/log-archive';
import { SecurityEventForwarding } from '../multi-region/security-event-forwarding';
import { CisAlarm, CisAlarms } from '../notifications/cis-alarms';
import { FindingsTopic } from '../notifications/findings-topic';
import { SecurityEventRules } from '../notifications/security-event-rules';
import type { SecureBaselineProps } from '../secure-baseline-props';

/**
 * The props each baseline was built with; a stack in this map is a `SecureBaseline`. The baseline
 * hands its description (its stack and props) over; the report never needs the class itself.
 */
const BASELINE_PROPS = new WeakMap<IConstruct, SecureBaselineProps>();

/**
 * The baselines of each app, in the order they were made. Finding a home region's baseline or its
 * member regions reads this list instead of walking the whole construct tree: an app of 17 region
 * stacks asked that once per stack, a few percent of its synth.
 */
const BASELINES_OF_APP = new WeakMap<IConstruct, Stack[]>();

/** Called by `SecureBaseline`'s constructor, so that its coverage can be assessed under exactly its props. */
export function registerBaseline(baseline: Stack, props: SecureBaselineProps): void {
  BASELINE_PROPS.set(baseline, props);
  const app = baseline.node.root;
  BASELINES_OF_APP.set(app, [...BASELINES_OF_APP.get(app) ?? [], baseline]);
}

type ConstructType<T> = abstract new (...args: any[]) => T;

/**
 * What a `SecureBaseline` resolved to: which of the library's constructs exist in it, with the props
 * it was given. The coverage catalogue decides every status from this, never from the template.
 */
export class ResolvedBaseline {
  public static of(baseline: IConstruct): ResolvedBaseline {
    const props = BASELINE_PROPS.get(baseline);
    if (!props) {
      throw new Error(`CoverageReport.of: '${baseline.node.path}' is not a SecureBaseline`);
    }
    return new ResolvedBaseline(Stack.of(baseline), props);
  }

  /** The home region when this stack is a member region. */
  public readonly homeRegion?: string;
  private homeLookedUp = false;
  private homeBaseline?: ResolvedBaseline;

  private constructor(public readonly stack: Stack, public readonly props: SecureBaselineProps) {
    const home = props.homeRegion;
    this.homeRegion = home !== undefined && home !== stack.region ? home : undefined;
  }

  public get memberRegion(): boolean {
    return this.homeRegion !== undefined;
  }

  /**
   * The home region's baseline of a member-region stack: the `SecureBaseline` of the same app and
   * account in `homeRegion` (the one `MultiRegionBaseline` made, or one made by hand).
   */
  public get home(): ResolvedBaseline | undefined {
    if (!this.homeLookedUp) {
      this.homeLookedUp = true;
      const candidate = this.otherBaselines().find(c => c.region === this.homeRegion
        && sameAccount(c.account, this.stack.account) && !ResolvedBaseline.of(c).memberRegion);
      this.homeBaseline = candidate ? ResolvedBaseline.of(candidate) : undefined;
    }
    return this.homeBaseline;
  }

  /** The member-region baselines of this home-region stack: same app and account, `homeRegion` this stack's region. */
  public get memberRegions(): ResolvedBaseline[] {
    return this.otherBaselines()
      .filter(c => sameAccount(c.account, this.stack.account))
      .map(c => ResolvedBaseline.of(c))
      .filter(member => member.homeRegion !== undefined && member.homeRegion === this.stack.region);
  }

  /** The app's other baselines. */
  private otherBaselines(): Stack[] {
    return (BASELINES_OF_APP.get(this.stack.node.root) ?? []).filter(baseline => baseline !== this.stack);
  }

  public get logArchive() { return this.child(LogArchive); }
  public get trail() { return this.child(AuditTrail); }
  public get configRecorder() { return this.child(ConfigRecorder); }
  public get guardDuty() { return this.child(GuardDutyDetector); }
  public get securityHub() { return this.child(SecurityHub); }
  public get accessAnalyzer() { return this.child(AccessAnalyzer); }
  public get inspector() { return this.child(InspectorScanning); }
  public get macie() { return this.child(MacieSession); }
  public get detective() { return this.child(DetectiveGraph); }
  public get ebsEncryption() { return this.child(EbsDefaultEncryption); }
  public get s3BlockPublicAccess() { return this.child(AccountBlockPublicAccess); }
  public get passwordPolicy() { return this.child(AccountPasswordPolicy); }
  public get defaultSecurityGroup() { return this.child(RestrictDefaultSecurityGroup); }
  public get vpcFlowLogs() { return this.child(VpcFlowLogs); }
  public get supportRole() { return this.child(SupportRole); }
  public get budget() { return this.child(BudgetAlarm); }
  public get costAnomalyDetection() { return this.child(CostAnomalyDetection); }
  public get findingsTopic() { return this.child(FindingsTopic); }
  public get eventRules() { return this.child(SecurityEventRules); }
  /** A member region's forwarding of security events to the home region. */
  public get eventForwarding() { return this.child(SecurityEventForwarding); }

  /** The alternate contacts construct, when it sets the security contact. */
  public get securityContact(): AlternateContacts | undefined {
    return this.props.securityContact ? this.child(AlternateContacts) : undefined;
  }

  /** The metric filter's alarm of one CIS alarm, when the baseline made it. */
  public cisAlarm(alarm: CisAlarm): IConstruct | undefined {
    return this.child(CisAlarms)?.node.tryFindChild(`${alarm.metricName}Alarm`);
  }

  /** The customer managed keys the baseline made (rotation on), and the props of the keys it was given instead. */
  public keys(): { created: kms.Key[]; given: string[] } {
    const created: kms.Key[] = [];
    const given: string[] = [];
    const sort = (key: kms.IKey | undefined, prop: string) => {
      if (key instanceof kms.Key && Stack.of(key) === this.stack) {
        created.push(key);
      } else if (key) {
        given.push(prop);
      }
    };
    sort(this.logArchive?.encryptionKey, 'logArchive.encryptionKey');
    if (this.trail && this.trail.encryptionKey !== this.logArchive?.encryptionKey) {
      sort(this.trail.encryptionKey, 'cloudTrail.encryptionKey');
    }
    sort(this.findingsTopic?.encryptionKey, 'notifications.encryptionKey');
    return { created, given };
  }

  /** The resource paths of the Security Hub standards this stack enables; none without Security Hub. */
  public get standards(): string[] {
    if (!this.securityHub) {
      return [];
    }
    return this.securityHub.standards.map(standard => standard.standardPath);
  }

  /** The one direct child of the stack of a type (the baseline makes each part once, under a fixed id). */
  private child<T>(type: ConstructType<T>): T | undefined {
    return this.stack.node.children.find(c => c instanceof type) as T | undefined;
  }
}

function sameAccount(a: string, b: string): boolean {
  return a === b || (Token.isUnresolved(a) && Token.isUnresolved(b));
}
