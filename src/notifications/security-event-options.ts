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
   * Whether to notify Amazon Macie findings of High severity (sensitive data found in an S3 object, or
   * a bucket that became public or unencrypted). Free while Macie is off: the rule matches nothing.
   *
   * @default true
   */
  readonly macieFindings?: boolean;

  /**
   * Whether to notify Trusted Advisor checks whose status turned red (ERROR, action recommended).
   * Trusted Advisor publishes these events in us-east-1 only, so the rule sees them only where this
   * region is us-east-1 or us-east-1 forwards its events here (`MultiRegionBaseline` with us-east-1
   * among its regions). Every support plan gets the core checks (the basic security checks and
   * service quotas); Business, Enterprise On-Ramp and Enterprise support get all checks.
   *
   * @default true
   */
  readonly trustedAdvisorChecks?: boolean;

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
