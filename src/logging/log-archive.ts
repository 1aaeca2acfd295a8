import { Duration, RemovalPolicy, Resource, Stack, Token, Validations } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { DEFAULT_NONCURRENT_EXPIRATION, DEFAULT_TRANSITION, LogObjectLock, SecureLogBucket, validateObjectLock } from './secure-log-bucket';
import { createBaselineKey } from '../private/baseline-key';
import { validateLogLifecycle } from '../private/validation';

const COMPLIANCE_PACKS = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];
const REPLICATION_REASON = 'Cross-region replication belongs to a Phase 2 log archive account; versioning, CloudTrail log file '
  + 'validation and retention protect these logs in place.';

/**
 * Properties for a `LogArchive`.
 */
export interface LogArchiveProps {
  /**
   * Customer managed key that encrypts the log bucket. A key you bring must already allow the
   * services that write to it (see the README); statements cannot be added to an imported key.
   *
   * @default - a new key with annual rotation
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Age at which log objects move to S3 Glacier Instant Retrieval.
   *
   * @default Duration.days(90)
   */
  readonly transitionToGlacierAfter?: Duration;

  /**
   * Age at which log objects are deleted.
   *
   * @default - log objects are kept until you delete them
   */
  readonly expiration?: Duration;

  /**
   * Gives CloudTrail a bucket of its own (`trailBucket`) with S3 Object Lock, so that no one can delete
   * or overwrite the trail's log files before the retention ends. The shared log bucket stays without
   * Object Lock, because AWS Config cannot deliver to a bucket that has it. Off by default: a bucket
   * keeps Object Lock for good, and compliance mode cannot be undone.
   *
   * Turning it on for a deployed archive adds the new bucket; the trail's earlier log files stay in
   * the shared log bucket.
   *
   * @default - no Object Lock; the trail delivers to the shared log bucket
   */
  readonly trailObjectLock?: LogObjectLock;

  /**
   * What happens to the buckets and the key when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Where the baseline's logs live: a customer managed KMS key, a log bucket encrypted with it, a
 * second bucket for the log bucket's server access logs and, with `trailObjectLock`, a third bucket
 * for CloudTrail with S3 Object Lock.
 */
export class LogArchive extends Construct {
  /** The customer managed key that encrypts the log bucket. */
  public readonly encryptionKey: kms.IKey;
  /** The bucket that receives AWS Config's logs, and CloudTrail's unless `trailObjectLock` is set. */
  public readonly bucket: s3.IBucket;
  /** The bucket that receives the log bucket's server access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /**
   * The bucket for CloudTrail's log files: a bucket of its own with Object Lock when
   * `trailObjectLock` is set, otherwise the shared `bucket`.
   */
  public readonly trailBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: LogArchiveProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    // Checked here too so that a message names the props the values were given in.
    validateLogLifecycle('LogArchiveProps', props.transitionToGlacierAfter ?? DEFAULT_TRANSITION, DEFAULT_NONCURRENT_EXPIRATION, props.expiration);
    if (props.trailObjectLock) {
      validateObjectLock('LogArchiveProps.trailObjectLock', props.trailObjectLock);
    }

    this.encryptionKey = props.encryptionKey ?? createBaselineKey(this, 'Key', {
      description: 'Encrypts the security baseline logs: CloudTrail, AWS Config and their CloudWatch Logs group',
      removalPolicy,
    });

    const accessLogsBucket = new SecureLogBucket(this, 'AccessLogsBucket', {
      transitionToGlacierAfter: props.transitionToGlacierAfter,
      expiration: props.expiration,
      removalPolicy,
    });
    // cdk-nag already counts a bucket that receives access logs as logged (S1, S3BucketLoggingEnabled),
    // so only the encryption and replication rules need a word.
    Validations.of(accessLogsBucket).acknowledge(
      ...COMPLIANCE_PACKS.flatMap(pack => [
        { id: `${pack}-S3DefaultEncryptionKMS`, reason: 'S3 server access log delivery supports only SSE-S3 on the target bucket; SSE-KMS would make delivery fail.' },
        { id: `${pack}-S3BucketReplicationEnabled`, reason: REPLICATION_REASON },
      ]),
    );
    this.accessLogsBucket = accessLogsBucket;

    const logBucket = (bucketId: string, serverAccessLogsPrefix: string, objectLock?: LogObjectLock) => {
      const bucket = new SecureLogBucket(this, bucketId, {
        encryptionKey: this.encryptionKey,
        serverAccessLogsBucket: accessLogsBucket,
        serverAccessLogsPrefix,
        transitionToGlacierAfter: props.transitionToGlacierAfter,
        expiration: props.expiration,
        objectLock,
        removalPolicy,
      });
      Validations.of(bucket).acknowledge(
        ...COMPLIANCE_PACKS.map(pack => ({ id: `${pack}-S3BucketReplicationEnabled`, reason: REPLICATION_REASON })),
      );
      return bucket;
    };
    const bucket = logBucket('Bucket', 'log-bucket/');
    // Only the shared bucket is ever referred to from another Region (member Regions' AWS Config).
    nameFromTheStart(bucket);
    this.bucket = bucket;
    this.trailBucket = props.trailObjectLock ? logBucket('TrailBucket', 'trail-bucket/', props.trailObjectLock) : this.bucket;
  }
}

/**
 * Gives the log bucket, now, the physical name that `PhysicalName.GENERATE_IF_NEEDED` would give it
 * only once a stack in another Region refers to it (a member Region's AWS Config delivering here).
 * Named on first use only, a baseline that grows from one Region to several would replace its log
 * bucket (a new name is a new bucket; the retained old one would keep half the logs). The generated
 * name depends only on the stack name, the construct path, the account and the Region, none of which
 * adding Regions changes, and it is the name earlier multi-Region deployments already have.
 *
 * An environment-agnostic stack keeps the name CloudFormation generates: no other Region can refer
 * to its bucket, and a name needs a known account and Region.
 */
function nameFromTheStart(bucket: Resource): void {
  const stack = Stack.of(bucket);
  if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
    return;
  }
  // `_enableCrossEnvironment` is what a cross-environment reference calls to generate the name; it is
  // marked internal in aws-cdk-lib, so its absence fails loudly rather than leaving the bucket unnamed.
  const generate = (bucket as unknown as { _enableCrossEnvironment?: () => void })._enableCrossEnvironment;
  if (typeof generate !== 'function') {
    throw new Error(`LogArchive: this aws-cdk-lib version cannot name ${bucket.node.path} from the start; please report it to cdk-secure-baseline`);
  }
  generate.call(bucket);
}
