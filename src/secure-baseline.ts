import { Stack, StackProps } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { Construct } from 'constructs';
import { AccessAnalyzer, AccessAnalyzerProps } from './detection/access-analyzer';
import { ConfigRecorder, ConfigRecorderProps } from './detection/config-recorder';
import { GuardDutyDetector, GuardDutyDetectorProps } from './detection/guardduty-detector';
import { SecurityHub, SecurityHubProps } from './detection/security-hub';
import { AuditTrail, AuditTrailProps } from './logging/audit-trail';
import { LogArchive, LogArchiveProps } from './logging/log-archive';
import { NagEnforcement } from './nag/nag-enforcement';

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
 * Properties for a `SecureBaseline`.
 */
export interface SecureBaselineProps extends StackProps {
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

    NagEnforcement.enforce(this, props.nagPacks ?? [new AwsSolutionsChecks()]);
  }
}
