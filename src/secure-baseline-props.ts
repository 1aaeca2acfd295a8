import { StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { NagPack } from 'cdk-nag';
import { ContactDetails } from './account/alternate-contacts';
import { EbsDefaultEncryptionProps } from './account/ebs-default-encryption';
import { AccountPasswordPolicyProps } from './account/password-policy';
import { SupportRoleProps } from './account/support-role';
import { BudgetAlarmProps } from './cost/budget-alarm';
import { CostAnomalyDetectionProps } from './cost/cost-anomaly-detection';
import { AccessAnalyzerProps } from './detection/access-analyzer';
import { ConfigRecorderProps } from './detection/config-recorder';
import { DetectiveGraphProps } from './detection/detective';
import { GuardDutyDetectorProps } from './detection/guardduty-detector';
import { InspectorScanningProps } from './detection/inspector';
import { MacieSessionProps } from './detection/macie';
import { SecurityHubProps } from './detection/security-hub';
import { AuditTrailProps } from './logging/audit-trail';
import { LogArchiveProps } from './logging/log-archive';
import { CisAlarm } from './notifications/cis-alarms';
import { SlackChannel } from './notifications/findings-topic';
import { SecurityEventRulesOptions } from './notifications/security-event-options';

/**
 * Options for the baseline's CloudTrail trail.
 */
export interface CloudTrailOptions extends AuditTrailProps {
  /**
   * Whether the baseline creates the trail.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's AWS Config recorder.
 */
export interface ConfigOptions extends ConfigRecorderProps {
  /**
   * Whether the baseline creates the recorder. Turn it off where another tool (Control Tower,
   * an existing recorder) already records: a region has one recorder at most.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's GuardDuty detector.
 */
export interface GuardDutyOptions extends GuardDutyDetectorProps {
  /**
   * Whether the baseline creates the detector.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's Security Hub.
 */
export interface SecurityHubOptions extends SecurityHubProps {
  /**
   * Whether the baseline enables Security Hub.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Whether Security Hub in the home region aggregates the findings of the member regions
   * (`SecureBaselineProps.memberRegions`) through a finding aggregator (`SecurityHubFindingAggregator`),
   * so that the home region's Security Hub console shows them all. An account has one aggregator at
   * most: one that exists is adopted as it is, and in a Security Hub member account aggregation is
   * left to the administrator. Notifications do not depend on it: the member regions forward their
   * failed controls to the home region's event rules in any case, and those take a member region's
   * findings only as forwarded, so that each is notified once with or without aggregation.
   *
   * @default true
   */
  readonly aggregateFindings?: boolean;
}

/**
 * Options for the baseline's IAM Access Analyzer.
 */
export interface AccessAnalyzerOptions extends AccessAnalyzerProps {
  /**
   * Whether the baseline creates the analyzer.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's Amazon Inspector scanning.
 */
export interface InspectorOptions extends InspectorScanningProps {
  /**
   * Whether the baseline turns Inspector on.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's Amazon Macie, an optional Phase 1 item (off by default for its cost).
 */
export interface MacieOptions extends MacieSessionProps {
  /**
   * Whether the baseline enables Macie. The other options need it to be true.
   *
   * @default false
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's Amazon Detective, a Phase 2 item (off by default for its cost).
 */
export interface DetectiveOptions extends DetectiveGraphProps {
  /**
   * Whether the baseline enables Detective. Detective needs GuardDuty, on for at least 48 hours
   * before Detective is enabled. The other options need it to be true.
   *
   * @default false
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's EBS encryption by default.
 */
export interface EbsEncryptionOptions extends EbsDefaultEncryptionProps {
  /**
   * Whether the baseline turns EBS encryption by default on.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's account password policy.
 */
export interface PasswordPolicyOptions extends AccountPasswordPolicyProps {
  /**
   * Whether the baseline sets the account password policy.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for a setting that is either on or off.
 */
export interface ToggleOptions {
  /**
   * Whether the baseline applies the setting.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's AWS Support role (Security Hub IAM.18).
 */
export interface SupportRoleOptions extends SupportRoleProps {
  /**
   * Whether the baseline creates the role.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's VPC flow logs (Security Hub EC2.6).
 */
export interface VpcFlowLogsOptions {
  /**
   * Whether the baseline keeps flow logs on in every VPC of the region.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Which traffic the flow logs record (see `VpcFlowLogsProps.trafficType`).
   *
   * @default ec2.FlowLogTrafficType.REJECT
   */
  readonly trafficType?: ec2.FlowLogTrafficType;
}

/**
 * Options for the baseline's findings notifications.
 */
export interface NotificationsOptions {
  /**
   * Whether the baseline creates the findings topic, its event rules and the CIS alarms.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Customer managed key for the topic. A key you bring must already admit EventBridge, AWS Budgets,
   * CloudWatch and Cost Anomaly Detection (see `FindingsTopic`).
   *
   * @default - a new key with rotation, whose policy admits those services
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * A Slack channel (through AWS Chatbot) that receives the notifications too.
   *
   * @default - no Slack channel
   */
  readonly slackChannel?: SlackChannel;

  /**
   * Which security events reach the topic.
   *
   * @default - GuardDuty HIGH and CRITICAL, failed Security Hub HIGH and CRITICAL controls, Access
   * Analyzer and Inspector CRITICAL findings, Macie High findings, red Trusted Advisor checks (from
   * us-east-1), root user activity and CloudTrail changes
   */
  readonly eventRules?: SecurityEventRulesOptions;

  /**
   * The CIS metric filters and alarms on the trail's log group (CloudWatch.1 to CloudWatch.14).
   * Pass an empty list to leave them out.
   *
   * @default CisAlarm.all()
   */
  readonly cisAlarms?: CisAlarm[];
}

/**
 * Options for the baseline's budget.
 */
export interface BudgetOptions extends BudgetAlarmProps {
  /**
   * Whether the baseline creates the budget.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Options for the baseline's AWS Cost Anomaly Detection.
 */
export interface CostAnomalyDetectionOptions extends CostAnomalyDetectionProps {
  /**
   * Whether the baseline sets up Cost Anomaly Detection.
   *
   * @default true
   */
  readonly enabled?: boolean;
}

/**
 * Properties for a `SecureBaseline`.
 */
export interface SecureBaselineProps extends StackProps {
  /**
   * Who receives security findings, alarms and budget alerts (email subscriptions to the findings
   * topic, and budget subscribers). AWS sends each address a confirmation email first.
   *
   * @default - nobody is subscribed (a synth warning says so)
   */
  readonly notificationEmails?: string[];

  /**
   * The account's security contact (Security Hub Account.1).
   *
   * @default - the security contact is left as it is (a synth warning says so)
   */
  readonly securityContact?: ContactDetails;

  /**
   * The account's billing contact.
   *
   * @default - the billing contact is left as it is
   */
  readonly billingContact?: ContactDetails;

  /**
   * The account's operations contact.
   *
   * @default - the operations contact is left as it is
   */
  readonly operationsContact?: ContactDetails;

  /**
   * A monthly cost budget with alerts to `notificationEmails` and the findings topic. Its
   * `emails` and `topic` default to those.
   *
   * @default - no budget (a synth warning says so)
   */
  readonly budget?: BudgetOptions;

  /**
   * AWS Cost Anomaly Detection: a monitor of the account's spend and alerts on anomalies above a
   * threshold, sent as they are detected to the findings topic (`topic` defaults to it). Global, so
   * only the home region sets it up.
   *
   * @default - an AWS services monitor (an existing one is adopted) alerting the findings topic of
   * anomalies with a total impact of 100 USD or more
   */
  readonly costAnomalyDetection?: CostAnomalyDetectionOptions;

  /**
   * The key, log bucket and access logs bucket that the trail and the Config recorder share.
   *
   * @default - a new key with rotation and two buckets, retained on delete
   */
  readonly logArchive?: LogArchiveProps;

  /**
   * The CloudTrail trail. Its `bucket` and `encryptionKey` default to the log archive's.
   *
   * @default - a multi-region trail with log file validation, SSE-KMS and CloudWatch Logs
   */
  readonly cloudTrail?: CloudTrailOptions;

  /**
   * The AWS Config recorder. Its `bucket` and `encryptionKey` default to the log archive's.
   *
   * In a member region (see `homeRegion`) `bucket` is required: the home region's log bucket (AWS
   * Config delivers across regions, and the home bucket's policy already admits every region of the
   * account). `encryptionKey`, if given, must be a key of the bucket's region; left out, the bucket's
   * default encryption applies. A member region records the global IAM resource types only when
   * `recordGlobalResourceTypes` is true (`MultiRegionBaseline` sets it where the home region cannot).
   *
   * @default - all supported resource types, recorded continuously, with the global IAM resource types
   * where AWS Config can record them (a home region where AWS Config existed before February 2022)
   */
  readonly config?: ConfigOptions;

  /**
   * The GuardDuty detector.
   *
   * @default - every protection feature that needs no agent, findings published every 15 minutes
   */
  readonly guardDuty?: GuardDutyOptions;

  /**
   * Security Hub.
   *
   * @default - AWS Foundational Security Best Practices v1.0.0 with consolidated control findings
   */
  readonly securityHub?: SecurityHubOptions;

  /**
   * IAM Access Analyzer.
   *
   * @default - an account analyzer for external access
   */
  readonly accessAnalyzer?: AccessAnalyzerOptions;

  /**
   * Amazon Inspector scanning of EC2, ECR, Lambda and Lambda code.
   *
   * @default - all four scan types
   */
  readonly inspector?: InspectorOptions;

  /**
   * Amazon Macie: the S3 bucket inventory and policy findings, and optionally automated sensitive
   * data discovery. Charged per bucket evaluated, per object monitored and per GB inspected.
   *
   * @default - off
   */
  readonly macie?: MacieOptions;

  /**
   * Amazon Detective's behavior graph. Charged per GB ingested after a 30-day free trial. Needs
   * GuardDuty on for 48 hours first: in a new account, enable it in a later deployment.
   *
   * @default - off
   */
  readonly detective?: DetectiveOptions;

  /**
   * EBS encryption by default in the region.
   *
   * @default - on, with the AWS managed key
   */
  readonly ebsEncryption?: EbsEncryptionOptions;

  /**
   * S3 Block Public Access for the whole account.
   *
   * @default - on
   */
  readonly s3BlockPublicAccess?: ToggleOptions;

  /**
   * The IAM account password policy.
   *
   * @default - length 14, every character class, 24 remembered passwords, no expiry
   */
  readonly passwordPolicy?: PasswordPolicyOptions;

  /**
   * Keeping the default security group of every VPC closed (EC2.2): the AWS Config rule
   * `VPC_DEFAULT_SECURITY_GROUP_CLOSED` with automatic remediation that removes every rule of a
   * default group, in VPCs that exist and VPCs created later, and the default VPC's group closed at
   * deployment. This breaks a workload that relies on those rules: turn it off in an account where one
   * runs in a default security group. The rule needs a configuration recorder in the region (the
   * baseline's, or with `config.enabled: false` one that already exists).
   *
   * @default - on
   */
  readonly defaultSecurityGroup?: ToggleOptions;

  /**
   * An IAM role with the AWS managed policy `AWSSupportAccess` (Security Hub IAM.18, CIS 1.17), assumable
   * with MFA by the IAM principals of this account that are allowed `sts:AssumeRole` on it. Only in the
   * home region (IAM is global).
   *
   * @default - on, trusting this account, MFA required
   */
  readonly supportRole?: SupportRoleOptions;

  /**
   * VPC flow logs in every VPC of the region, now and later (Security Hub EC2.6): the AWS Config rule
   * `VPC_FLOW_LOGS_ENABLED` with automatic remediation that creates a flow log to the log bucket
   * (under `vpc-flow-logs/`) for any VPC without one. The rule needs a configuration recorder in the
   * region. In a member region the flow logs go to the home region's log bucket (`config.bucket`).
   *
   * @default - on, rejected traffic
   */
  readonly vpcFlowLogs?: VpcFlowLogsOptions;

  /**
   * The findings topic, the EventBridge rules that feed it and the CIS alarms.
   *
   * @default - all of them
   */
  readonly notifications?: NotificationsOptions;

  /**
   * cdk-nag packs enforced on this stack at synth time: an unacknowledged finding fails `cdk synth`.
   * Pass an empty list to enforce nothing.
   *
   * @default - [new AwsSolutionsChecks()]
   */
  readonly nagPacks?: NagPack[];

  /**
   * The home region of a baseline that covers several regions of the account. When this stack's
   * region differs from it, the stack is a member-region baseline and deploys only the regional
   * parts: GuardDuty, Security Hub, the AWS Config recorder (without global resource types, which the
   * home region records once), IAM Access Analyzer (without unused access, which is account-wide),
   * Inspector, EBS encryption by default, the default security group, and EventBridge rules that
   * forward security events to the home region's default event bus. The trail (multi-region), the
   * log archive, password policy, alternate contacts, account S3 Block Public Access, budget, cost
   * anomaly detection, findings topic and CIS alarms stay in the home region, and their props are
   * ignored here.
   *
   * A member-region stack needs an explicit `env.region` and `config.bucket` (the home baseline's
   * `logBucket`). `MultiRegionBaseline` sets all of this up.
   *
   * @default - this stack is the home region: it deploys the global and the regional parts
   */
  readonly homeRegion?: string;

  /**
   * The member regions of this home-region baseline, each deployed as a baseline with this region as
   * its `homeRegion`. Their security events, failed Security Hub controls included, are forwarded to
   * this region's event rules and notified on its topic exactly once, whatever the account's Security
   * Hub aggregation turns out to be at deploy time (created here, adopted elsewhere or linking other
   * regions, or none in a Security Hub member account): the rules here take a member region's
   * Security Hub findings only as that region forwards them, never as an aggregator's copy (in the
   * aws partition; elsewhere EventBridge cannot forward between regions and the copies aggregated
   * here are notified). Security Hub here also aggregates their findings for the console
   * (`securityHub.aggregateFindings`). Only for the home region.
   *
   * @default - none: no region forwards to this one, and Security Hub findings are not aggregated across regions
   */
  readonly memberRegions?: string[];
}
