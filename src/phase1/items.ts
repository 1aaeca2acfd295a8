/**
 * The Phase 1 ("quick wins") items of the AWS Security Maturity Model, as DESIGN.md §1 lists them,
 * plus Inspector, which the model recommends adding, the two items it makes optional, and Detective, the
 * easy first step of Phase 2 that the baseline offers as an option.
 *
 * This is the one list both the synth-time coverage report and the `verify` command work from, so
 * the ids are stable: reports, `--json` output and the README table all key on them.
 */
export interface Phase1Item {
  /** Stable kebab-case id. */
  readonly id: string;
  /** What the maturity model asks for, as a heading. */
  readonly title: string;
  /** The model treats it as optional (cost or effort). */
  readonly optional: boolean;
  /**
   * What turns it on: the `SecureBaselineProps` path (e.g. `guardDuty.enabled`) or the construct
   * a workload stack uses, when a template can do it.
   */
  readonly fixInTemplate?: string;
  /** The account owner's step, when no template can do it (or not all of it). */
  readonly manualStep?: string;
}

export const PHASE1_ITEMS: readonly Phase1Item[] = [
  {
    id: 'security-contact',
    title: 'Security alternate contact',
    optional: false,
    fixInTemplate: 'securityContact',
  },
  {
    id: 'region-restriction',
    title: 'Select the regions to use (block the others)',
    optional: true,
    fixInTemplate: 'BaselineGuardrails allowedRegions (a service control policy, in the organization management account)',
  },
  {
    id: 'security-hub',
    title: 'AWS Security Hub with AWS Foundational Security Best Practices',
    optional: false,
    fixInTemplate: 'securityHub.enabled',
  },
  {
    id: 'root-mfa',
    title: 'MFA on the root user',
    optional: false,
    manualStep: 'Sign in as the root user and assign an MFA device (IAM console, Security credentials); a hardware device for CIS IAM.6.',
  },
  {
    id: 'iam-mfa',
    title: 'MFA for IAM users with a console password',
    optional: false,
    manualStep: 'Assign an MFA device to every IAM user with a console password, or move people to IAM Identity Center.',
  },
  {
    id: 'access-analyzer',
    title: 'IAM Access Analyzer',
    optional: false,
    fixInTemplate: 'accessAnalyzer.enabled',
  },
  {
    id: 'guardduty',
    title: 'Amazon GuardDuty, and acting on its findings',
    optional: false,
    fixInTemplate: 'guardDuty.enabled',
  },
  {
    id: 'cloudtrail',
    title: 'AWS CloudTrail (multi-region, encrypted, validated)',
    optional: false,
    fixInTemplate: 'cloudTrail.enabled',
  },
  {
    id: 'config',
    title: 'AWS Config recording',
    optional: false,
    fixInTemplate: 'config.enabled',
  },
  {
    id: 'billing-alarms',
    title: 'Billing alarms for anomaly detection',
    optional: false,
    fixInTemplate: 'costAnomalyDetection.enabled (on by default) and budget',
  },
  {
    id: 'trusted-advisor',
    title: 'Trusted Advisor findings',
    optional: false,
    fixInTemplate: 'notifications.eventRules.trustedAdvisorChecks (events from us-east-1)',
    manualStep: 'Review Trusted Advisor security checks; the full set of checks needs a Business, Enterprise On-Ramp or Enterprise support plan.',
  },
  {
    id: 'security-groups',
    title: 'Limit security groups (no SSH/RDP or all ports open to the world)',
    optional: false,
    fixInTemplate: 'defaultSecurityGroup.enabled; workload stacks: the Phase1Checks cdk-nag pack',
  },
  {
    id: 's3-block-public-access',
    title: 'S3 Block Public Access (account level)',
    optional: false,
    fixInTemplate: 's3BlockPublicAccess.enabled',
  },
  {
    id: 'waf',
    title: 'AWS WAF with AWS managed rules in front of internet-facing workloads',
    optional: false,
    fixInTemplate: 'workload stacks: ManagedRulesWebAcl, with the Phase1Checks cdk-nag pack',
  },
  {
    id: 'inspector',
    title: 'Amazon Inspector vulnerability scanning',
    optional: false,
    fixInTemplate: 'inspector.enabled',
  },
  {
    id: 'ebs-encryption',
    title: 'EBS encryption by default',
    optional: false,
    fixInTemplate: 'ebsEncryption.enabled',
  },
  {
    id: 'detective',
    title: 'Amazon Detective behavior graph (a Phase 2 step, after GuardDuty)',
    optional: true,
    fixInTemplate: 'detective.enabled',
  },
  {
    id: 'macie',
    title: 'Amazon Macie sensitive data discovery',
    optional: true,
    fixInTemplate: 'macie.enabled',
  },
];
