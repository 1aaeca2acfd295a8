import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LogArchive } from '../logging/log-archive';
import { ServiceLinkedRole } from '../private/service-linked-role';

/**
 * How often AWS Config records a change to a resource.
 */
export enum RecordingFrequency {
  /** Every change, as it happens. */
  CONTINUOUS = 'CONTINUOUS',
  /** At most one configuration item per resource per day, and only if it changed: cheaper for busy accounts. */
  DAILY = 'DAILY',
}

/**
 * How often AWS Config delivers a configuration snapshot to the bucket.
 */
export enum SnapshotDeliveryFrequency {
  /** Every hour. */
  ONE_HOUR = 'One_Hour',
  /** Every three hours. */
  THREE_HOURS = 'Three_Hours',
  /** Every six hours. */
  SIX_HOURS = 'Six_Hours',
  /** Every twelve hours. */
  TWELVE_HOURS = 'Twelve_Hours',
  /** Once a day. */
  TWENTY_FOUR_HOURS = 'TwentyFour_Hours',
}

/**
 * Properties for a `ConfigRecorder`.
 */
export interface ConfigRecorderProps {
  /**
   * Whether this region records global resource types (IAM users, roles, groups, policies).
   * Record them in one region only (the home region): recording them everywhere charges for the
   * same configuration items once per region.
   *
   * @default true
   */
  readonly recordGlobalResourceTypes?: boolean;

  /**
   * How often AWS Config records changes.
   *
   * @default RecordingFrequency.CONTINUOUS
   */
  readonly recordingFrequency?: RecordingFrequency;

  /**
   * How often AWS Config delivers a configuration snapshot to the bucket.
   *
   * @default SnapshotDeliveryFrequency.TWENTY_FOUR_HOURS
   */
  readonly snapshotDeliveryFrequency?: SnapshotDeliveryFrequency;

  /**
   * Bucket that receives configuration history and snapshots. The recorder adds the AWS Config
   * statements to its policy; an imported bucket's policy must already allow AWS Config. A bucket
   * with S3 Object Lock is rejected by AWS Config.
   *
   * @default - a new `LogArchive` (log bucket, access logs bucket and key)
   */
  readonly bucket?: s3.IBucket;

  /**
   * Customer managed key with which AWS Config encrypts what it delivers.
   *
   * @default - the `LogArchive`'s key when no bucket is given, otherwise the bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * What happens to the bucket and key this construct creates when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An AWS Config recorder for all supported resource types and its delivery channel.
 *
 * The recorder uses the service-linked role `AWSServiceRoleForConfig`, which Security Hub
 * control Config.1 requires; the role is created if it does not exist yet.
 */
export class ConfigRecorder extends Construct {
  /** Name of the configuration recorder. */
  public readonly recorderName: string;
  /** The bucket that receives configuration history and snapshots. */
  public readonly bucket: s3.IBucket;
  /**
   * The key with which AWS Config encrypts what it delivers.
   *
   * @default - none when a bucket was given without a key
   */
  public readonly encryptionKey?: kms.IKey;

  constructor(scope: Construct, id: string, props: ConfigRecorderProps = {}) {
    super(scope, id);

    if (props.bucket) {
      this.bucket = props.bucket;
      this.encryptionKey = props.encryptionKey;
    } else {
      const archive = new LogArchive(this, 'LogArchive', { encryptionKey: props.encryptionKey, removalPolicy: props.removalPolicy });
      this.bucket = archive.bucket;
      this.encryptionKey = archive.encryptionKey;
    }

    const role = new ServiceLinkedRole(this, 'ServiceLinkedRole', {
      awsServiceName: 'config.amazonaws.com',
      roleName: 'AWSServiceRoleForConfig',
    });

    const recorder = new config.CfnConfigurationRecorder(this, 'Resource', {
      roleArn: role.roleArn,
      recordingGroup: {
        allSupported: true,
        includeGlobalResourceTypes: props.recordGlobalResourceTypes ?? true,
      },
      recordingMode: { recordingFrequency: props.recordingFrequency ?? RecordingFrequency.CONTINUOUS },
    });
    recorder.node.addDependency(role);
    this.recorderName = recorder.ref;

    this.allowConfigToDeliver();

    // The channel and the recorder must not depend on each other: with a DependsOn either way the
    // recorder starts (or waits) without a channel and the deployment fails or hangs. The channel
    // must wait for the bucket policy, or AWS Config answers "Insufficient delivery policy".
    const channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: this.bucket.bucketName,
      s3KmsKeyArn: this.encryptionKey?.keyArn,
      configSnapshotDeliveryProperties: {
        deliveryFrequency: props.snapshotDeliveryFrequency ?? SnapshotDeliveryFrequency.TWENTY_FOUR_HOURS,
      },
    });
    if (this.bucket.policy) {
      channel.node.addDependency(this.bucket.policy);
    }
  }

  private allowConfigToDeliver(): void {
    const configService = new iam.ServicePrincipal('config.amazonaws.com');
    const account = Stack.of(this).account;
    const fromThisAccount = { 'aws:SourceAccount': account };
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSConfigBucketPermissionsCheck',
      principals: [configService],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [this.bucket.bucketArn],
      conditions: { StringEquals: fromThisAccount },
    }));
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSConfigBucketDelivery',
      principals: [configService],
      actions: ['s3:PutObject'],
      resources: [this.bucket.arnForObjects(`AWSLogs/${account}/Config/*`)],
      conditions: { StringEquals: { ...fromThisAccount, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
    this.encryptionKey?.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowConfigToEncryptDeliveries',
      principals: [configService],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: fromThisAccount },
    }));
  }
}
