import { Annotations, Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { Construct } from 'constructs';
import { AccountBlockPublicAccess } from './account/account-block-public-access';
import { AlternateContacts, ContactDetails } from './account/alternate-contacts';
import { EbsDefaultEncryption, EbsDefaultEncryptionProps } from './account/ebs-default-encryption';
import { AccountPasswordPolicy, AccountPasswordPolicyProps } from './account/password-policy';
import { RestrictDefaultSecurityGroup } from './account/restrict-default-security-group';
import { BudgetAlarm, BudgetAlarmProps } from './cost/budget-alarm';
import { AccessAnalyzer, AccessAnalyzerProps } from './detection/access-analyzer';
import { ConfigRecorder, ConfigRecorderProps } from './detection/config-recorder';
import { GuardDutyDetector, GuardDutyDetectorProps } from './detection/guardduty-detector';
import { InspectorScanning, InspectorScanningProps } from './detection/inspector';
import { SecurityHub, SecurityHubProps } from './detection/security-hub';
import { AuditTrail, AuditTrailProps } from './logging/audit-trail';
import { LogArchive, LogArchiveProps } from './logging/log-archive';
import { NagEnforcement } from './nag/nag-enforcement';
import { CisAlarm, CisAlarms } from './notifications/cis-alarms';
import { FindingsTopic, SlackChannel } from './notifications/findings-topic';
import { SecurityEventRules, SecurityEventRulesOptions } from './notifications/security-event-rules';

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
   * Customer managed key for the topic. A key you bring must already admit EventBridge, AWS Budgets
   * and CloudWatch (see `FindingsTopic`).
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
   * Analyzer and Inspector CRITICAL findings, root user activity and CloudTrail changes
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
   * @default - all supported resource types, global types included, recorded continuously
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
   * Removing the rules of the default VPC's default security group (EC2.2). This breaks a workload
   * that relies on those rules: turn it off in an account where one runs in the default VPC's
   * default security group.
   *
   * @default - on
   */
  readonly defaultSecurityGroup?: ToggleOptions;

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
}

/**
 * An AWS account baseline that meets the AWS Security Maturity Model's Phase 1 quick wins:
 * CloudTrail, AWS Config, GuardDuty, Security Hub and IAM Access Analyzer, with cdk-nag rules
 * enforced at synth.
 *
 * @example
 * import { App } from 'aws-cdk-lib';
 * import { SecureBaseline } from 'cdk-secure-baseline';
 *
 * const app = new App();
 * new SecureBaseline(app);
 */
export class SecureBaseline extends Stack {
  /** The key, log bucket and access logs bucket that the trail and the Config recorder share. */
  public readonly logArchive: LogArchive;
  /** The customer managed key that encrypts the baseline's logs. */
  public readonly encryptionKey: kms.IKey;
  /** The bucket that receives CloudTrail and AWS Config logs. */
  public readonly logBucket: s3.IBucket;
  /**
   * The CloudTrail trail.
   *
   * @default - none when `cloudTrail.enabled` is false
   */
  public readonly auditTrail?: AuditTrail;
  /**
   * The AWS Config recorder.
   *
   * @default - none when `config.enabled` is false
   */
  public readonly configRecorder?: ConfigRecorder;
  /**
   * The GuardDuty detector.
   *
   * @default - none when `guardDuty.enabled` is false
   */
  public readonly guardDutyDetector?: GuardDutyDetector;
  /**
   * Security Hub.
   *
   * @default - none when `securityHub.enabled` is false
   */
  public readonly securityHub?: SecurityHub;
  /**
   * IAM Access Analyzer.
   *
   * @default - none when `accessAnalyzer.enabled` is false
   */
  public readonly accessAnalyzer?: AccessAnalyzer;
  /**
   * The topic that receives findings, alarms and budget alerts.
   *
   * @default - none when `notifications.enabled` is false
   */
  public readonly findingsTopic?: sns.ITopic;
  /**
   * The monthly cost budget.
   *
   * @default - none when no `budget` is given
   */
  public readonly budget?: BudgetAlarm;

  constructor(scope: Construct, id: string = 'SecureBaseline', props: SecureBaselineProps = {}) {
    super(scope, id, {
      description: 'Security baseline: AWS Security Maturity Model Phase 1 (cdk-secure-baseline)',
      ...props,
    });

    this.logArchive = new LogArchive(this, 'LogArchive', props.logArchive);
    this.encryptionKey = this.logArchive.encryptionKey;
    this.logBucket = this.logArchive.bucket;
    const shared = { bucket: this.logBucket, encryptionKey: this.encryptionKey };

    if (props.cloudTrail?.enabled ?? true) {
      this.auditTrail = new AuditTrail(this, 'AuditTrail', { ...shared, ...props.cloudTrail });
    }
    if (props.config?.enabled ?? true) {
      this.configRecorder = new ConfigRecorder(this, 'ConfigRecorder', { ...shared, ...props.config });
    }
    if (props.guardDuty?.enabled ?? true) {
      this.guardDutyDetector = new GuardDutyDetector(this, 'GuardDuty', props.guardDuty);
    }
    if (props.securityHub?.enabled ?? true) {
      this.securityHub = new SecurityHub(this, 'SecurityHub', props.securityHub);
    }
    if (props.accessAnalyzer?.enabled ?? true) {
      this.accessAnalyzer = new AccessAnalyzer(this, 'AccessAnalyzer', props.accessAnalyzer);
    }
    if (props.inspector?.enabled ?? true) {
      new InspectorScanning(this, 'Inspector', props.inspector);
    }

    this.applyAccountSettings(props);
    this.findingsTopic = this.notifyFindings(props);
    this.budget = this.addBudget(props, this.findingsTopic);

    NagEnforcement.enforce(this, props.nagPacks ?? [new AwsSolutionsChecks()]);
  }

  private applyAccountSettings(props: SecureBaselineProps): void {
    if (props.ebsEncryption?.enabled ?? true) {
      new EbsDefaultEncryption(this, 'EbsEncryption', props.ebsEncryption);
    }
    if (props.s3BlockPublicAccess?.enabled ?? true) {
      new AccountBlockPublicAccess(this, 'S3BlockPublicAccess');
    }
    if (props.passwordPolicy?.enabled ?? true) {
      new AccountPasswordPolicy(this, 'PasswordPolicy', props.passwordPolicy);
    }
    if (props.defaultSecurityGroup?.enabled ?? true) {
      new RestrictDefaultSecurityGroup(this, 'DefaultSecurityGroup');
    }
    if (props.securityContact || props.billingContact || props.operationsContact) {
      new AlternateContacts(this, 'AlternateContacts', {
        security: props.securityContact,
        billing: props.billingContact,
        operations: props.operationsContact,
      });
    }
    if (!props.securityContact) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:noSecurityContact',
        'No securityContact is set, so the account keeps whatever security contact it has and Security Hub Account.1 may fail; set securityContact');
    }
  }

  private notifyFindings(props: SecureBaselineProps): sns.ITopic | undefined {
    const options = props.notifications ?? {};
    if (!(options.enabled ?? true)) {
      return undefined;
    }
    if (!props.notificationEmails?.length && !options.slackChannel) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:noNotificationSubscribers',
        'No notificationEmails or slackChannel is set, so findings and alarms reach a topic nobody is subscribed to; set notificationEmails');
    }
    const topic = new FindingsTopic(this, 'FindingsTopic', {
      emails: props.notificationEmails,
      encryptionKey: options.encryptionKey,
      slackChannel: options.slackChannel,
    }).topic;
    new SecurityEventRules(this, 'SecurityEventRules', { ...options.eventRules, topic });

    const cisAlarms = options.cisAlarms ?? CisAlarm.all();
    if (cisAlarms.length > 0) {
      if (this.auditTrail?.logGroup) {
        new CisAlarms(this, 'CisAlarms', { logGroup: this.auditTrail.logGroup, topic, alarms: cisAlarms });
      } else {
        Annotations.of(this).addWarningV2('cdk-secure-baseline:cisAlarmsWithoutLogGroup',
          'The CIS alarms need the trail and its CloudWatch Logs group; they are left out because cloudTrail.enabled or cloudTrail.sendToCloudWatchLogs is false');
      }
    }
    return topic;
  }

  private addBudget(props: SecureBaselineProps, topic: sns.ITopic | undefined): BudgetAlarm | undefined {
    if (!props.budget) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:noBudget',
        'No budget is set, so nobody is told when spending runs away; set budget: { monthlyLimitUsd: ... }');
      return undefined;
    }
    if (!(props.budget.enabled ?? true)) {
      return undefined;
    }
    return new BudgetAlarm(this, 'Budget', {
      emails: props.notificationEmails,
      topic,
      ...props.budget,
    });
  }
}
