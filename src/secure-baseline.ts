import { Annotations, Stack, StackProps, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { Construct } from 'constructs';
import { AccountBlockPublicAccess } from './account/account-block-public-access';
import { AlternateContacts, ContactDetails } from './account/alternate-contacts';
import { EbsDefaultEncryption, EbsDefaultEncryptionProps } from './account/ebs-default-encryption';
import { AccountPasswordPolicy, AccountPasswordPolicyProps } from './account/password-policy';
import { RestrictDefaultSecurityGroup } from './account/restrict-default-security-group';
import { SupportRole, SupportRoleProps } from './account/support-role';
import { VpcFlowLogs } from './account/vpc-flow-logs';
import { BudgetAlarm, BudgetAlarmProps } from './cost/budget-alarm';
import { CostAnomalyDetection, CostAnomalyDetectionProps } from './cost/cost-anomaly-detection';
import { AccessAnalyzer, AccessAnalyzerProps } from './detection/access-analyzer';
import { ConfigRecorder, ConfigRecorderProps } from './detection/config-recorder';
import { DetectiveGraph, DetectiveGraphProps } from './detection/detective';
import { GuardDutyDetector, GuardDutyDetectorProps } from './detection/guardduty-detector';
import { InspectorScanning, InspectorScanningProps } from './detection/inspector';
import { MacieSession, MacieSessionProps } from './detection/macie';
import { SecurityHub, SecurityHubProps } from './detection/security-hub';
import { SecurityHubFindingAggregator } from './detection/security-hub-finding-aggregator';
import { AuditTrail, AuditTrailProps } from './logging/audit-trail';
import { LogArchive, LogArchiveProps } from './logging/log-archive';
import { SecurityEventForwarding } from './multi-region/security-event-forwarding';
import { NagEnforcement } from './nag/nag-enforcement';
import { CisAlarm, CisAlarms } from './notifications/cis-alarms';
import { FindingsTopic, SlackChannel } from './notifications/findings-topic';
import { SecurityEventRules, SecurityEventRulesOptions } from './notifications/security-event-rules';
import { attachCoverageReport } from './phase1/coverage-synthesis';
import { validateRegionName } from './private/region';
import { configRecordsGlobalIamTypes, COST_ANOMALY_RESOURCE_GAP, costAnomalyResourcesMissingIn, globalIamTypesGap } from './private/region-capabilities';
import { validateAccountId, validateEmailList, validateUnique } from './private/validation';

const DESCRIPTION = 'Security baseline: AWS Security Maturity Model Phase 1 (cdk-secure-baseline)';

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
   * (`SecureBaselineProps.memberRegions`) through a finding aggregator (`SecurityHubFindingAggregator`).
   * An account has one aggregator at most: one that exists is adopted as it is, and in a Security Hub
   * member account aggregation is left to the administrator. Turned off, the member regions forward
   * their Security Hub findings to the home region over EventBridge instead, so that they are still
   * notified.
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
   * The member regions of this home-region baseline. Security Hub here aggregates their findings (an
   * `AWS::SecurityHub::FindingAggregator` linking exactly these regions), so that failed controls of
   * every region reach this region's event rules and topic. Only for the home region.
   *
   * @default - none: Security Hub findings are not aggregated across regions
   */
  readonly memberRegions?: string[];
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
  /**
   * The key, log bucket and access logs bucket that the trail and the Config recorder share.
   *
   * @default - none in a member region: the home region's log archive serves it
   */
  public readonly logArchive?: LogArchive;
  /**
   * The customer managed key that encrypts the baseline's logs.
   *
   * @default - none in a member region
   */
  public readonly encryptionKey?: kms.IKey;
  /**
   * The bucket that receives CloudTrail and AWS Config logs.
   *
   * @default - none in a member region (its AWS Config delivers to the home region's bucket)
   */
  public readonly logBucket?: s3.IBucket;
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
   * Amazon Macie.
   *
   * @default - none unless `macie.enabled` is true
   */
  public readonly macie?: MacieSession;
  /**
   * Amazon Detective's behavior graph.
   *
   * @default - none unless `detective.enabled` is true
   */
  public readonly detective?: DetectiveGraph;
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
  /**
   * AWS Cost Anomaly Detection.
   *
   * @default - none in a member region, or when `costAnomalyDetection.enabled` is false
   */
  public readonly costAnomalyDetection?: CostAnomalyDetection;
  /**
   * The ARN of the Security Hub finding aggregator that links the member regions: the one the
   * baseline created or adopted, or an empty string in a member account whose Security Hub
   * administrator owns aggregation.
   *
   * @default - none unless this is a home region with `memberRegions`
   */
  public readonly findingAggregatorArn?: string;
  /**
   * The role with AWSSupportAccess (IAM.18).
   *
   * @default - none in a member region, or when `supportRole.enabled` is false
   */
  public readonly supportRole?: iam.IRole;
  /**
   * The rules that forward this member region's security events to the home region.
   *
   * @default - none in the home region, or when `notifications.enabled` is false
   */
  public readonly eventForwarding?: SecurityEventForwarding;

  constructor(scope: Construct, id: string = 'SecureBaseline', props: SecureBaselineProps = {}) {
    super(scope, id, {
      description: DESCRIPTION,
      ...props,
    });
    // The custom resources pass the account to the services' APIs: a malformed one would fail only at deploy.
    validateAccountId('SecureBaselineProps.env.account', props.env?.account);
    validateKeyRegion('SecureBaselineProps.ebsEncryption.encryptionKey', props.ebsEncryption?.encryptionKey, this.region);
    // Checked here as well as in the topic and the budget, so that the message names this prop.
    validateEmailList('SecureBaselineProps.notificationEmails', props.notificationEmails ?? []);
    validateTrailObjectLock(props);
    // A member region deploys only the regional parts; the home region deploys everything.
    const homeRegion = this.memberRegionOf(props);
    const memberRegion = homeRegion !== undefined;
    if (memberRegion && props.description === undefined) {
      this.templateOptions.description = `${DESCRIPTION}, member region of ${homeRegion}`;
    }

    let shared: ConfigOptions = {};
    if (!memberRegion) {
      this.logArchive = new LogArchive(this, 'LogArchive', props.logArchive);
      this.encryptionKey = this.logArchive.encryptionKey;
      this.logBucket = this.logArchive.bucket;
      shared = { bucket: this.logBucket, encryptionKey: this.encryptionKey };
      if (props.cloudTrail?.enabled ?? true) {
        this.auditTrail = new AuditTrail(this, 'AuditTrail', { ...shared, bucket: this.logArchive.trailBucket, ...props.cloudTrail });
      }
    }
    if (props.config?.enabled ?? true) {
      const recordGlobalResourceTypes = this.recordsGlobalIamTypes(props, memberRegion);
      this.configRecorder = new ConfigRecorder(this, 'ConfigRecorder',
        { ...(memberRegion ? this.memberConfig(props, homeRegion) : { ...shared, ...props.config }), recordGlobalResourceTypes });
    }
    if (props.guardDuty?.enabled ?? true) {
      this.guardDutyDetector = new GuardDutyDetector(this, 'GuardDuty', props.guardDuty);
    }
    if (props.securityHub?.enabled ?? true) {
      this.securityHub = new SecurityHub(this, 'SecurityHub', props.securityHub);
    }
    if (props.accessAnalyzer?.enabled ?? true) {
      // Unused access analyses IAM, which is global, and is charged per analyzer: only the home region has it.
      this.accessAnalyzer = new AccessAnalyzer(this, 'AccessAnalyzer',
        memberRegion ? { ...props.accessAnalyzer, unusedAccess: false, unusedAccessAge: undefined } : props.accessAnalyzer);
    }
    if (props.inspector?.enabled ?? true) {
      new InspectorScanning(this, 'Inspector', props.inspector);
    }
    this.macie = optionalPartEnabled('macie', props.macie) ? new MacieSession(this, 'Macie', props.macie) : undefined;
    this.detective = this.addDetective(props);
    this.findingAggregatorArn = this.aggregateFindings(props);

    this.applySettings(props, memberRegion);
    this.keepFlowLogsOn(props, homeRegion);
    if (!memberRegion && (props.supportRole?.enabled ?? true)) {
      this.supportRole = new SupportRole(this, 'SupportRole', props.supportRole).role;
    }
    if (memberRegion) {
      this.eventForwarding = this.forwardEvents(props, homeRegion);
    } else {
      this.findingsTopic = this.notifyFindings(props);
      this.budget = this.addBudget(props, this.findingsTopic);
      this.costAnomalyDetection = this.detectCostAnomalies(props, this.findingsTopic);
    }

    NagEnforcement.enforce(this, props.nagPacks ?? [new AwsSolutionsChecks()]);
    attachCoverageReport(this, props);
  }

  /**
   * The home region when this stack is a member region, undefined when it is the home region.
   * Validates `homeRegion` and `memberRegions`.
   */
  private memberRegionOf(props: SecureBaselineProps): string | undefined {
    const home = props.homeRegion;
    if (home !== undefined) {
      validateRegionName('SecureBaselineProps.homeRegion', home);
      if (Token.isUnresolved(this.region)) {
        throw new Error(`SecureBaselineProps.homeRegion: received '${home}' but this stack's region is unresolved (an environment-agnostic stack); `
          + 'a member-region baseline needs an explicit env.region, e.g. env: { account: \'111111111111\', region: \'eu-central-1\' }');
      }
    }
    const isMember = home !== undefined && home !== this.region;
    const members = props.memberRegions ?? [];
    if (members.length > 0 && isMember) {
      throw new Error(`SecureBaselineProps.memberRegions: received [${members.join(', ')}] but this stack (region ${this.region}) is a member region of homeRegion ${home}; `
        + 'only the home region\'s baseline lists member regions');
    }
    members.forEach((region, index) => {
      validateRegionName(`SecureBaselineProps.memberRegions[${index}]`, region);
      if (region === this.region) {
        throw new Error(`SecureBaselineProps.memberRegions[${index}]: received '${region}', which is this stack's own region (the home region); list only the other regions`);
      }
    });
    validateUnique('SecureBaselineProps.memberRegions', members, region => region);
    return isMember ? home : undefined;
  }

  /** The member region's recorder props: the home region's bucket, no global resource types. */
  private memberConfig(props: SecureBaselineProps, homeRegion: string): ConfigOptions {
    const homeBucket = props.config?.bucket;
    if (!homeBucket) {
      throw new Error(`SecureBaselineProps.config.bucket: not given, but a member-region baseline (region ${this.region}, homeRegion ${homeRegion}) `
        + 'delivers AWS Config to the home region\'s log bucket; pass the home baseline\'s logBucket as config.bucket, or set config.enabled: false');
    }
    validateKeyRegion('SecureBaselineProps.config.encryptionKey', props.config?.encryptionKey, homeRegion);
    // Imported afresh so that the recorder adds nothing to the home stack's bucket policy (which
    // already admits AWS Config from every region of the account). Resolved here, the home bucket's
    // name is its physical name, generated at synth when the bucket lives in another region.
    const bucket = s3.Bucket.fromBucketAttributes(this, 'HomeLogBucket', { bucketName: homeBucket.bucketName, region: homeRegion });
    return { ...props.config, bucket };
  }

  /**
   * Whether this Region's recorder records the global IAM resource types: by default the home Region
   * does if AWS Config can record them there, a member Region does not (`MultiRegionBaseline` asks
   * one Region of its list to). Where AWS Config cannot (a Region it supports since February 2022)
   * asking for them fails the synth, and leaving them out by default warns, since then nothing
   * records IAM users, roles, groups and policies.
   */
  private recordsGlobalIamTypes(props: SecureBaselineProps, memberRegion: boolean): boolean {
    const asked = props.config?.recordGlobalResourceTypes;
    const able = configRecordsGlobalIamTypes(this.region);
    if (asked === true && !able) {
      throw new Error(`SecureBaselineProps.config.recordGlobalResourceTypes: received true, but AWS Config cannot record the global IAM resource types in ${this.region}, `
        + 'a Region it supports only since February 2022; record them in another Region of the account (MultiRegionBaseline picks one), or leave this out');
    }
    if (asked !== undefined) {
      return asked;
    }
    if (!memberRegion && !able) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:globalIamTypesNotRecorded', globalIamTypesGap(this.region));
    }
    return !memberRegion && able;
  }

  /** EventBridge rules that send this member region's security events to the home region's bus. */
  private forwardEvents(props: SecureBaselineProps, homeRegion: string): SecurityEventForwarding | undefined {
    const options = props.notifications ?? {};
    if (!(options.enabled ?? true)) {
      return undefined;
    }
    const partition = RegionInfo.get(homeRegion).partition;
    if (partition !== undefined && partition !== 'aws') {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:noCrossRegionEvents',
        `EventBridge routes events between Regions only in the aws partition, not in ${partition}; this region's security events are not forwarded to ${homeRegion}`);
      return undefined;
    }
    const aggregated = props.securityHub?.aggregateFindings ?? true;
    return new SecurityEventForwarding(this, 'SecurityEventForwarding', {
      ...options.eventRules,
      homeRegion,
      // Aggregated Security Hub findings already reach the home bus; forward them only when the home
      // region does not aggregate, so that each is notified once.
      securityHubFindings: !aggregated && (options.eventRules?.securityHubFindings ?? true),
    });
  }

  /**
   * Detective builds its graph from GuardDuty findings and is refused until GuardDuty has been on for
   * 48 hours (Detective API reference, CreateGraph). Without the baseline's detector GuardDuty may
   * still be on (another tool, an organization's administrator), so that is a warning, not an error.
   */
  private addDetective(props: SecureBaselineProps): DetectiveGraph | undefined {
    if (!optionalPartEnabled('detective', props.detective)) {
      return undefined;
    }
    if (!this.guardDutyDetector) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:detectiveWithoutGuardDuty',
        'detective.enabled is true but guardDuty.enabled is false: Detective needs GuardDuty on in this account and Region for at least 48 hours '
        + 'before it can be enabled; enable GuardDuty here or make sure another tool keeps it on');
    }
    const detective = new DetectiveGraph(this, 'Detective', props.detective);
    if (this.guardDutyDetector) {
      detective.node.addDependency(this.guardDutyDetector);
    }
    return detective;
  }

  /** The home region's Security Hub aggregates the member regions' findings, where the account may. */
  private aggregateFindings(props: SecureBaselineProps): string | undefined {
    const members = props.memberRegions ?? [];
    if (members.length === 0 || !this.securityHub || !(props.securityHub?.aggregateFindings ?? true)) {
      return undefined;
    }
    // Decided at deploy time: created, adopted, or left to a Security Hub administrator.
    const aggregator = new SecurityHubFindingAggregator(this, 'SecurityHubFindingAggregator', { regions: members });
    // Security Hub must be on in the home region before it can aggregate.
    aggregator.node.addDependency(this.securityHub);
    return aggregator.findingAggregatorArn;
  }

  /**
   * EBS encryption and the default security group are regional; S3 Block Public Access, the password
   * policy and the contacts are account-wide, so a member region leaves them to the home region.
   */
  private applySettings(props: SecureBaselineProps, memberRegion: boolean): void {
    if (props.ebsEncryption?.enabled ?? true) {
      new EbsDefaultEncryption(this, 'EbsEncryption', props.ebsEncryption);
    }
    if (!memberRegion && (props.s3BlockPublicAccess?.enabled ?? true)) {
      new AccountBlockPublicAccess(this, 'S3BlockPublicAccess');
    }
    if (!memberRegion && (props.passwordPolicy?.enabled ?? true)) {
      new AccountPasswordPolicy(this, 'PasswordPolicy', props.passwordPolicy);
    }
    if (props.defaultSecurityGroup?.enabled ?? true) {
      const restrict = new RestrictDefaultSecurityGroup(this, 'DefaultSecurityGroup');
      // NoAvailableConfigurationRecorderException otherwise (DESIGN §3). Without the baseline's
      // recorder (config.enabled: false) the region's existing recorder serves the rule.
      if (this.configRecorder) {
        restrict.rule.node.addDependency(this.configRecorder);
      }
    }
    if (memberRegion) {
      return;
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

  /**
   * Flow logs go to the log bucket here, or in a member region to the home region's bucket, whose
   * policy (made by the home region's flow logs) admits every region of the account.
   */
  private keepFlowLogsOn(props: SecureBaselineProps, homeRegion: string | undefined): void {
    if (!(props.vpcFlowLogs?.enabled ?? true)) {
      return;
    }
    const memberRegion = homeRegion !== undefined;
    const bucket = memberRegion ? props.config?.bucket : this.logBucket;
    if (!bucket) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:vpcFlowLogsWithoutBucket',
        'VPC flow logs (EC2.6) are left out of this member region: they go to the home region\'s log bucket, which config.bucket names; '
        + 'set config.bucket, or vpcFlowLogs.enabled: false');
      return;
    }
    const flowLogs = new VpcFlowLogs(this, 'VpcFlowLogs', {
      // Imported afresh, like AWS Config's, so that nothing is added to the home stack's bucket policy.
      bucket: memberRegion ? s3.Bucket.fromBucketAttributes(this, 'FlowLogsBucket', { bucketName: bucket.bucketName, region: homeRegion }) : bucket,
      encryptionKey: memberRegion ? undefined : this.encryptionKey,
      trafficType: props.vpcFlowLogs?.trafficType,
    });
    // NoAvailableConfigurationRecorderException otherwise, as for the default security group's rule.
    if (this.configRecorder) {
      flowLogs.rule.node.addDependency(this.configRecorder);
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

  private detectCostAnomalies(props: SecureBaselineProps, topic: sns.ITopic | undefined): CostAnomalyDetection | undefined {
    if (!(props.costAnomalyDetection?.enabled ?? true)) {
      return undefined;
    }
    if (costAnomalyResourcesMissingIn(this.region)) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:costAnomalyDetectionUnavailable',
        `Cost anomaly detection is left out: the home region ${this.region}'s CloudFormation lacks ${COST_ANOMALY_RESOURCE_GAP.feature}; `
        + 'Cost Anomaly Detection is global, so add a CostAnomalyDetection to a stack in another Region of the account (e.g. us-east-1), or set costAnomalyDetection.enabled: false');
      return undefined;
    }
    return new CostAnomalyDetection(this, 'CostAnomalyDetection', { topic, ...props.costAnomalyDetection });
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

/**
 * Whether an optional part (off by default) is on. Options given while it is off are a mistake that
 * would otherwise pass silently: they fail the synth.
 */
function optionalPartEnabled(prop: 'macie' | 'detective', options: { readonly enabled?: boolean } | undefined): boolean {
  if (options?.enabled === true) {
    return true;
  }
  const given = Object.entries(options ?? {}).filter(([key, value]) => key !== 'enabled' && value !== undefined).map(([key]) => key);
  if (given.length > 0) {
    throw new Error(`SecureBaselineProps.${prop}: received ${given.join(', ')} but ${prop}.enabled is ${options?.enabled ?? 'not set'}; `
      + `${prop} is off by default: set ${prop}.enabled: true, or remove the other options`);
  }
  return false;
}

/**
 * The trail's Object Lock bucket is made for the trail only (AWS Config cannot deliver to it), so it
 * must have a trail to serve, and it cannot lock a bucket the user brings.
 */
function validateTrailObjectLock(props: SecureBaselineProps): void {
  if (!props.logArchive?.trailObjectLock) {
    return;
  }
  if (props.cloudTrail?.enabled === false) {
    throw new Error('SecureBaselineProps.logArchive.trailObjectLock: set, but cloudTrail.enabled is false; '
      + 'the Object Lock bucket would receive no logs: remove trailObjectLock or enable the trail');
  }
  if (props.cloudTrail?.bucket) {
    throw new Error('SecureBaselineProps.logArchive.trailObjectLock: set together with cloudTrail.bucket; '
      + 'the trail would deliver to cloudTrail.bucket, not to the Object Lock bucket: give one of the two');
  }
}

/**
 * Throws when a KMS key's region is known and differs from `region` (both known): KMS keys are regional.
 */
function validateKeyRegion(prop: string, key: kms.IKey | undefined, region: string): void {
  if (!key) {
    return;
  }
  const keyRegion = key.env.region;
  if (Token.isUnresolved(keyRegion) || Token.isUnresolved(region) || keyRegion === region) {
    return;
  }
  throw new Error(`${prop}: received a key in region '${keyRegion}' but it is used in '${region}'; a KMS key works only in its own region: give a key of '${region}', or leave the key out`);
}
