import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { AccountBlockPublicAccess } from './account/account-block-public-access';
import { AlternateContacts } from './account/alternate-contacts';
import { EbsDefaultEncryption } from './account/ebs-default-encryption';
import { AccountPasswordPolicy } from './account/password-policy';
import { RestrictDefaultSecurityGroup } from './account/restrict-default-security-group';
import { SupportRole } from './account/support-role';
import { VpcFlowLogs } from './account/vpc-flow-logs';
import { BudgetAlarm } from './cost/budget-alarm';
import { CostAnomalyDetection } from './cost/cost-anomaly-detection';
import { AccessAnalyzer } from './detection/access-analyzer';
import { ConfigRecorder } from './detection/config-recorder';
import { DetectiveGraph } from './detection/detective';
import { GuardDutyDetector } from './detection/guardduty-detector';
import { InspectorScanning } from './detection/inspector';
import { MacieSession } from './detection/macie';
import { SecurityHub } from './detection/security-hub';
import { SecurityHubFindingAggregator } from './detection/security-hub-finding-aggregator';
import { AuditTrail } from './logging/audit-trail';
import { LogArchive } from './logging/log-archive';
import { SecurityEventForwarding } from './multi-region/security-event-forwarding';
import { enforceBaselinePacks } from './nag/default-packs';
import { CisAlarm, CisAlarms } from './notifications/cis-alarms';
import { FindingsTopic } from './notifications/findings-topic';
import { SecurityEventRules } from './notifications/security-event-rules';
import { attachCoverageReport } from './phase1/coverage-synthesis';
import { admitsFlowLogDelivery } from './private/flow-log-delivery';
import { inUserTerms, PropPaths } from './private/prop-path';
import { validateRegionName } from './private/region';
import {
  configRecordsGlobalIamTypes, COST_ANOMALY_PART, deploymentRegionsLacking, DETECTIVE_PART, globalIamTypesGap, MACIE_PART, requirePartOffered,
  warnUnknownRegions,
} from './private/region-capabilities';
import { validateAccountId, validateEmailList, validateSwitchedOffPart, validateUnique } from './private/validation';
import { ConfigOptions, SecureBaselineProps } from './secure-baseline-props';

const DESCRIPTION = 'Security baseline: AWS Security Maturity Model Phase 1 (cdk-secure-baseline)';

/** Each part's own props, as a `SecureBaseline` user names them (see private/prop-path.ts). */
const PART_PROP_PATHS: PropPaths = [
  ['LogArchiveProps', 'SecureBaselineProps.logArchive'],
  ['AuditTrailProps', 'SecureBaselineProps.cloudTrail'],
  ['ConfigRecorderProps', 'SecureBaselineProps.config'],
  ['GuardDutyDetectorProps', 'SecureBaselineProps.guardDuty'],
  ['SecurityHubProps', 'SecureBaselineProps.securityHub'],
  ['AccessAnalyzerProps', 'SecureBaselineProps.accessAnalyzer'],
  ['InspectorScanningProps', 'SecureBaselineProps.inspector'],
  ['MacieSessionProps', 'SecureBaselineProps.macie'],
  ['DetectiveGraphProps', 'SecureBaselineProps.detective'],
  ['EbsDefaultEncryptionProps', 'SecureBaselineProps.ebsEncryption'],
  ['AccountPasswordPolicyProps', 'SecureBaselineProps.passwordPolicy'],
  ['SupportRoleProps', 'SecureBaselineProps.supportRole'],
  ['VpcFlowLogsProps', 'SecureBaselineProps.vpcFlowLogs'],
  ['CisAlarmsProps.alarms', 'SecureBaselineProps.notifications.cisAlarms'],
  ['BudgetAlarmProps', 'SecureBaselineProps.budget'],
  ['CostAnomalyDetectionProps', 'SecureBaselineProps.costAnomalyDetection'],
  ['AlternateContactsProps.security', 'SecureBaselineProps.securityContact'],
  ['AlternateContactsProps.billing', 'SecureBaselineProps.billingContact'],
  ['AlternateContactsProps.operations', 'SecureBaselineProps.operationsContact'],
];

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
   * The ARN of the account's Security Hub finding aggregator: the one the baseline created (linking
   * the member regions) or adopted as it is (it may live in another region or link others), or an
   * empty string in a member account whose Security Hub administrator owns aggregation.
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
    try {
      // The custom resources pass the account to the services' APIs: a malformed one would fail only at deploy.
      validateAccountId('SecureBaselineProps.env.account', props.env?.account);
      // Every regional decision below (capabilities, partition, forwarding) reads this name.
      if (!Token.isUnresolved(this.region)) {
        validateRegionName(this, 'SecureBaselineProps.env.region', this.region);
      }
      validateKeyRegion('SecureBaselineProps.ebsEncryption.encryptionKey', props.ebsEncryption?.encryptionKey, this.region);
      // Checked here as well as in the topic and the budget, so that the message names this prop.
      validateEmailList('SecureBaselineProps.notificationEmails', props.notificationEmails ?? []);
      validateTrailObjectLock(props);
      warnUnknownRegions(this);
      validateSwitchedOffParts(props);
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
      this.macie = this.addMacie(props);
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

      enforceBaselinePacks(this, props.nagPacks);
      attachCoverageReport(this, props);
    } catch (error) {
      throw inUserTerms(error, PART_PROP_PATHS);
    }
  }

  /**
   * The home region when this stack is a member region, undefined when it is the home region.
   * Validates `homeRegion` and `memberRegions`.
   */
  private memberRegionOf(props: SecureBaselineProps): string | undefined {
    const home = props.homeRegion;
    if (home !== undefined) {
      validateRegionName(this, 'SecureBaselineProps.homeRegion', home);
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
      validateRegionName(this, `SecureBaselineProps.memberRegions[${index}]`, region);
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
    if (!this.forwardsAcrossRegions(homeRegion)) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:noCrossRegionEvents',
        `EventBridge routes events between Regions only in the aws partition, not in ${RegionInfo.get(homeRegion).partition}; this region's security events are not forwarded to ${homeRegion}`);
      return undefined;
    }
    // Security Hub findings too: whether the home region aggregates this one is known only at deploy
    // time, and the home region's rules take them only as forwarded (see SecurityHubRouting).
    return new SecurityEventForwarding(this, 'SecurityEventForwarding', { ...options.eventRules, homeRegion });
  }

  /** Whether EventBridge routes events between Regions where `region` is: in the aws partition only. */
  private forwardsAcrossRegions(region: string): boolean {
    // An environment-agnostic stack's region is a token, and no partition can be looked up for it;
    // skipping the lookup also spares its synth loading aws-cdk-lib's whole region fact table.
    if (Token.isUnresolved(region)) {
      return true;
    }
    const partition = RegionInfo.get(region).partition;
    return partition === undefined || partition === 'aws';
  }

  private addMacie(props: SecureBaselineProps): MacieSession | undefined {
    if (!optionalPartEnabled(props.macie)) {
      return undefined;
    }
    requirePartOffered(this, 'SecureBaselineProps.macie.enabled', MACIE_PART);
    return new MacieSession(this, 'Macie', props.macie);
  }

  /**
   * Detective builds its graph from GuardDuty findings and is refused until GuardDuty has been on for
   * 48 hours (Detective API reference, CreateGraph). Without the baseline's detector GuardDuty may
   * still be on (another tool, an organization's administrator), so that is a warning, not an error.
   */
  private addDetective(props: SecureBaselineProps): DetectiveGraph | undefined {
    if (!optionalPartEnabled(props.detective)) {
      return undefined;
    }
    requirePartOffered(this, 'SecureBaselineProps.detective.enabled', DETECTIVE_PART);
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
    if (memberRegion) {
      this.checkHomeAdmitsFlowLogs(bucket);
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

  /**
   * A member region's flow logs add nothing to the home region's bucket and key policies: they rely on
   * the statements the home region's VpcFlowLogs adds there. A home baseline without flow logs fails the
   * synth; a bucket this app cannot see into is named in a warning.
   */
  private checkHomeAdmitsFlowLogs(bucket: s3.IBucket): void {
    if (admitsFlowLogDelivery(bucket)) {
      return;
    }
    const home = Stack.of(bucket);
    if (home instanceof SecureBaseline && home.logBucket === bucket) {
      throw new Error(`SecureBaselineProps.vpcFlowLogs.enabled: true in this member region (${this.region}), but the home region's baseline `
        + `'${home.node.id}' has vpcFlowLogs.enabled: false, so its log bucket (this region's config.bucket) and key admit no flow log delivery: `
        + 'the home region\'s VpcFlowLogs adds the statements that every region\'s flow logs need. '
        + 'Set vpcFlowLogs.enabled: true in the home region, or vpcFlowLogs.enabled: false here');
    }
    Annotations.of(this).addWarningV2('cdk-secure-baseline:vpcFlowLogsBucketUnchecked',
      `VPC flow logs of this member region go to config.bucket ${bucket.node.path}, whose policy no VpcFlowLogs of this app made admit them: `
      + 'it must let delivery.logs.amazonaws.com s3:GetBucketAcl, s3:ListBucket and s3:PutObject under vpc-flow-logs/AWSLogs/<account>/ '
      + '(and use its key, if the bucket has one) for this account; or set vpcFlowLogs.enabled: false');
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
    // Member regions forward their Security Hub findings whether or not this region aggregates them
    // (decided at deploy time), so the rules here take those findings only as forwarded: once.
    const forwardingRegions = this.forwardsAcrossRegions(this.region) ? props.memberRegions : undefined;
    new SecurityEventRules(this, 'SecurityEventRules', { ...options.eventRules, topic, forwardingRegions });

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
    if (props.costAnomalyDetection?.enabled === true) {
      requirePartOffered(this, 'SecureBaselineProps.costAnomalyDetection.enabled', COST_ANOMALY_PART);
    }
    const lacking = deploymentRegionsLacking(this, COST_ANOMALY_PART.resourceType);
    if (lacking.length > 0) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:costAnomalyDetectionUnavailable',
        `Cost anomaly detection is left out: CloudFormation in ${lacking.join(', ')} lacks ${COST_ANOMALY_PART.resourceType}; `
        + 'Cost Anomaly Detection is global, so add a CostAnomalyDetection to a stack in another Region of the account (e.g. us-east-1), or set costAnomalyDetection.enabled: false');
      return undefined;
    }
    return new CostAnomalyDetection(this, 'CostAnomalyDetection', { topic, ...props.costAnomalyDetection });
  }

  private addBudget(props: SecureBaselineProps, topic: sns.ITopic | undefined): BudgetAlarm | undefined {
    const lacking = deploymentRegionsLacking(this, 'AWS::Budgets::Budget');
    if (!props.budget) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:noBudget', 'No budget is set, so nobody is told when spending runs away; '
        + (lacking.length === 0 ? 'set budget: { monthlyLimitUsd: ... }' : `${lacking.join(', ')} has no AWS::Budgets::Budget, so ${BUDGET_ELSEWHERE}`));
      return undefined;
    }
    if (!(props.budget.enabled ?? true)) {
      return undefined;
    }
    if (lacking.length > 0) {
      throw new Error(`SecureBaselineProps.budget: received a budget, but CloudFormation in ${lacking.join(', ')} has no AWS::Budgets::Budget, so it would fail the deploy; `
        + `AWS Budgets is global (one budget covers every region of the account): remove budget here and ${BUDGET_ELSEWHERE}`);
    }
    return new BudgetAlarm(this, 'Budget', {
      emails: props.notificationEmails,
      topic,
      ...props.budget,
    });
  }
}

/** Where a budget goes when the home region's CloudFormation cannot make one. */
const BUDGET_ELSEWHERE = 'create it in a stack of a region that has the type, e.g. new BudgetAlarm(stackInUsEast1, \'Budget\', { monthlyLimitUsd: 500, emails: [...] }) '
  + 'or a SecureBaseline / MultiRegionBaseline whose home region is such a region (see the README, "Regions")';

/** Whether an optional part (off by default) is on; its other options were checked by `validateSwitchedOffParts`. */
function optionalPartEnabled(options: { readonly enabled?: boolean } | undefined): boolean {
  return options?.enabled === true;
}

/**
 * One rule for every part: options given to a part that is off fail the synth instead of being
 * ignored. `config.bucket` still serves a member Region's flow logs, and `budget.monthlyLimitUsd`
 * is required by its type.
 */
function validateSwitchedOffParts(props: SecureBaselineProps): void {
  const parts: Array<[string, { readonly enabled?: boolean } | undefined, boolean, string[]?]> = [
    ['cloudTrail', props.cloudTrail, true], ['config', props.config, true, ['bucket']], ['guardDuty', props.guardDuty, true],
    ['securityHub', props.securityHub, true], ['accessAnalyzer', props.accessAnalyzer, true], ['inspector', props.inspector, true],
    ['macie', props.macie, false], ['detective', props.detective, false], ['ebsEncryption', props.ebsEncryption, true],
    ['passwordPolicy', props.passwordPolicy, true], ['supportRole', props.supportRole, true], ['vpcFlowLogs', props.vpcFlowLogs, true],
    ['notifications', props.notifications, true], ['budget', props.budget, true, ['monthlyLimitUsd']],
    ['costAnomalyDetection', props.costAnomalyDetection, true],
  ];
  for (const [name, options, onByDefault, stillUsed] of parts) {
    validateSwitchedOffPart(`SecureBaselineProps.${name}`, options, onByDefault, stillUsed);
  }
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
