import { Duration, PhysicalName, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { validateLogLifecycle, validateWholeDays } from '../private/validation';

/** @internal */
export const DEFAULT_TRANSITION = Duration.days(90);
/** @internal */
export const DEFAULT_NONCURRENT_EXPIRATION = Duration.days(365);

/** S3 accepts default retention periods of whole days; 100 years is the most aws-cdk-lib lets through. */
const MAX_OBJECT_LOCK_DAYS = 36_500;

/**
 * S3 Object Lock for log objects: each new object version is kept from deletion and overwrite for a
 * fixed time (write once, read many).
 *
 * A bucket gets Object Lock only when it is created, and keeps it for good (with versioning on).
 * Two kinds of bucket cannot have it: one that receives S3 server access logs, and one that AWS
 * Config delivers to ("AWS Config does not support the delivery channel to an Amazon S3 bucket where
 * object lock is enabled", AWS::Config::DeliveryChannel in the CloudFormation reference).
 */
export interface LogObjectLock {
  /**
   * `GOVERNANCE` lets principals with `s3:BypassGovernanceRetention` still delete a locked version or
   * shorten its retention; `COMPLIANCE` lets nobody, the root user included, do either until the
   * retention ends, and a compliance-mode object cannot be unlocked: choose it only when a regulation
   * requires it.
   *
   * @default s3.ObjectLockMode.GOVERNANCE
   */
  readonly mode?: s3.ObjectLockMode;

  /**
   * How long each object version is locked after it is written: a whole number of days, from 1 day
   * to 100 years (36,500 days). Lifecycle rules do not delete a version before its lock ends.
   */
  readonly retention: Duration;
}

/**
 * Properties for a `SecureLogBucket`.
 */
export interface SecureLogBucketProps {
  /**
   * Customer managed key for default encryption (SSE-KMS with an S3 Bucket Key, which cuts KMS request cost).
   *
   * Leave it out only for a bucket that receives S3 server access logs: log delivery to a target
   * bucket supports SSE-S3 and nothing else.
   *
   * @default - SSE-S3 (Amazon S3 managed keys)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket that receives this bucket's server access logs.
   *
   * @default - no server access logging
   */
  readonly serverAccessLogsBucket?: s3.IBucket;

  /**
   * Key prefix for this bucket's server access logs in `serverAccessLogsBucket`.
   *
   * @default - no prefix
   */
  readonly serverAccessLogsPrefix?: string;

  /**
   * Age at which objects move to S3 Glacier Instant Retrieval. Objects under 128 KiB stay in
   * S3 Standard, as S3 lifecycle rules skip them by default.
   *
   * @default Duration.days(90)
   */
  readonly transitionToGlacierAfter?: Duration;

  /**
   * Age at which current objects are deleted.
   *
   * @default - objects are kept until you delete them
   */
  readonly expiration?: Duration;

  /**
   * Age at which noncurrent (overwritten or deleted) object versions are deleted.
   *
   * @default Duration.days(365)
   */
  readonly noncurrentVersionExpiration?: Duration;

  /**
   * S3 Object Lock on every new object version. Object Lock can only be set when the bucket is
   * created: adding it to an existing `SecureLogBucket` replaces the bucket.
   *
   * @default - no Object Lock
   */
  readonly objectLock?: LogObjectLock;

  /**
   * What happens to the bucket when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An S3 bucket for logs with the secure defaults that every bucket in this library shares:
 * all Block Public Access settings, TLS-only access, ACLs disabled, versioning, default encryption,
 * lifecycle transitions to cheaper storage, object events sent to Amazon EventBridge, optional
 * server access logs, optional Object Lock and retention on delete.
 *
 * The EventBridge notification is set on the bucket resource itself (`NotificationConfiguration`),
 * not through `addEventNotification`, which would add a custom resource Lambda function to the stack;
 * a notification added later with `addEventNotification` manages the bucket's whole notification
 * configuration, so call `enableEventBridgeNotification()` then as well.
 */
export class SecureLogBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: SecureLogBucketProps = {}) {
    const transitionAfter = props.transitionToGlacierAfter ?? DEFAULT_TRANSITION;
    const noncurrentExpiration = props.noncurrentVersionExpiration ?? DEFAULT_NONCURRENT_EXPIRATION;
    validateLogLifecycle('SecureLogBucketProps', transitionAfter, noncurrentExpiration, props.expiration);
    if (props.objectLock) {
      validateObjectLock('SecureLogBucketProps.objectLock', props.objectLock);
    }

    super(scope, id, {
      // No name unless a stack in another region or account refers to the bucket: CDK then generates
      // one at synth. `LogArchive` has its log bucket named from the start (see there).
      bucketName: PhysicalName.GENERATE_IF_NEEDED,
      encryption: props.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      bucketKeyEnabled: props.encryptionKey ? true : undefined,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      versioned: true,
      objectLockEnabled: props.objectLock ? true : undefined,
      objectLockDefaultRetention: props.objectLock ? objectLockRetention(props.objectLock) : undefined,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          id: 'log-retention',
          transitions: [{ storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter }],
          expiration: props.expiration,
          noncurrentVersionExpiration: noncurrentExpiration,
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
    });

    // Object-level events (log files delivered, objects deleted) for the security team's rules, and
    // what AWS Control Tower's proactive control CT.S3.PR.4 asks of every bucket. S3 charges nothing
    // for sending them, but EventBridge's pricing page counts them as "AWS opt-in data events", which
    // are billed per event, unlike the free AWS management events: one per log object delivered.
    const cfnBucket = this.node.defaultChild as s3.CfnBucket;
    cfnBucket.notificationConfiguration = { eventBridgeConfiguration: { eventBridgeEnabled: true } };

    if (props.serverAccessLogsBucket) {
      this.logAccessTo(props.serverAccessLogsBucket, props.serverAccessLogsPrefix);
    }
  }

  /**
   * Wire server access logging by hand rather than through `Bucket`'s own prop: the latter grants
   * the log delivery group an ACL unless the app sets a feature flag, and a library cannot rely
   * on its users' feature flags. The policy below is the same whatever the flags say.
   */
  private logAccessTo(target: s3.IBucket, prefix?: string): void {
    const cfnBucket = this.node.defaultChild as s3.CfnBucket;
    cfnBucket.loggingConfiguration = { destinationBucketName: target.bucketName, logFilePrefix: prefix };
    target.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowServerAccessLogDelivery',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [target.arnForObjects(`${prefix ?? ''}*`)],
      conditions: {
        ArnLike: { 'aws:SourceArn': this.bucketArn },
        StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
      },
    }));
  }
}

/**
 * Throws unless the lock's retention is a whole number of days S3 accepts. Also used by the
 * constructs that pass a lock on, so that the message names the prop the user wrote.
 *
 * @internal
 */
export function validateObjectLock(prop: string, lock: LogObjectLock): void {
  validateWholeDays(`${prop}.retention`, lock.retention, 1, `from 1 to ${MAX_OBJECT_LOCK_DAYS} (100 years)`, MAX_OBJECT_LOCK_DAYS);
}

function objectLockRetention(lock: LogObjectLock): s3.ObjectLockRetention {
  return lock.mode === s3.ObjectLockMode.COMPLIANCE
    ? s3.ObjectLockRetention.compliance(lock.retention)
    : s3.ObjectLockRetention.governance(lock.retention);
}
