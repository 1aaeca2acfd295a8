import { Duration, PhysicalName, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { validateLogLifecycle } from '../private/validation';

/** @internal */
export const DEFAULT_TRANSITION = Duration.days(90);
/** @internal */
export const DEFAULT_NONCURRENT_EXPIRATION = Duration.days(365);

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
   * What happens to the bucket when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An S3 bucket for logs with the secure defaults that every bucket in this library shares:
 * all Block Public Access settings, TLS-only access, ACLs disabled, versioning, default encryption,
 * lifecycle transitions to cheaper storage, optional server access logs and retention on delete.
 */
export class SecureLogBucket extends s3.Bucket {
  constructor(scope: Construct, id: string, props: SecureLogBucketProps = {}) {
    const transitionAfter = props.transitionToGlacierAfter ?? DEFAULT_TRANSITION;
    const noncurrentExpiration = props.noncurrentVersionExpiration ?? DEFAULT_NONCURRENT_EXPIRATION;
    validateLogLifecycle('SecureLogBucketProps', transitionAfter, noncurrentExpiration, props.expiration);

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
