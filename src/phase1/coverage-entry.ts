/**
 * How a baseline stack covers one Phase 1 item or Security Hub control, under exactly its props.
 */
export enum CoverageStatus {
  /** A construct of the baseline does it (`satisfiedBy` names the construct paths). */
  SATISFIED = 'SATISFIED',
  /** No template can do it, but a Security Hub control or CIS alarm of the baseline reports it (`detectedBy`). */
  DETECTED = 'DETECTED',
  /** Left to the account owner (`manualStep`), and nothing in the baseline reports it. */
  MANUAL = 'MANUAL',
  /** The baseline could do it, but a prop turned it off (`offProp`). */
  OFF = 'OFF',
}

/**
 * What a coverage entry is about.
 */
export enum CoverageKind {
  /** An item of Phase 1 ("quick wins") of the AWS Security Maturity Model. */
  PHASE1_ITEM = 'PHASE1_ITEM',
  /** A Security Hub control (security control id, e.g. CloudTrail.1). */
  SECURITY_HUB_CONTROL = 'SECURITY_HUB_CONTROL',
}

/**
 * One line of a coverage report.
 */
export interface CoverageEntry {
  /** Phase 1 item or Security Hub control. */
  readonly kind: CoverageKind;
  /** The Phase 1 item id (e.g. 'guardduty') or the security control id (e.g. 'GuardDuty.1'). */
  readonly id: string;
  /** The item's heading or the control's title. */
  readonly title: string;
  /** Whether the maturity model makes the item optional (always false for controls). */
  readonly optional: boolean;
  /**
   * The Security Hub standards the control belongs to, among FSBP v1.0.0, CIS v3.0.0, v1.4.0 and v1.2.0
   * (empty for Phase 1 items).
   */
  readonly standards: string[];
  /**
   * Whether a standard this stack's Security Hub enables evaluates the control (always false for
   * Phase 1 items, and without Security Hub).
   */
  readonly evaluated: boolean;
  /** The status under the stack's props. */
  readonly status: CoverageStatus;
  /** One sentence saying why. */
  readonly detail: string;
  /** Construct paths that satisfy it (possibly in the home region's stack). */
  readonly satisfiedBy: string[];
  /** Security Hub controls and CIS alarms of the baseline that report it. */
  readonly detectedBy: string[];
  /**
   * The `SecureBaselineProps` path that turned it off, e.g. 'guardDuty.enabled'.
   *
   * @default - not turned off
   */
  readonly offProp?: string;
  /**
   * What the account owner does.
   *
   * @default - nothing to do by hand
   */
  readonly manualStep?: string;
}
