import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { ServiceDeployment } from './service-deployment';
import { LogArchive } from '../logging/log-archive';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
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

  /**
   * How the recorder and delivery channel are deployed: adopted if the region already has them
   * (whatever their names), or as `AWS::Config::ConfigurationRecorder` and
   * `AWS::Config::DeliveryChannel` resources.
   *
   * @default ServiceDeployment.ADOPT_OR_CREATE
   */
  readonly deployment?: ServiceDeployment;

  /**
   * Whether deleting the stack stops recording and deletes the recorder and channel. A recorder
   * that existed before the stack is never removed.
   *
   * @default false
   */
  readonly disableOnDelete?: boolean;
}

/**
 * An AWS Config recorder for all supported resource types and its delivery channel.
 *
 * The recorder uses the service-linked role `AWSServiceRoleForConfig`, which Security Hub
 * control Config.1 requires; the role is created if it does not exist yet.
 *
 * A region has one recorder and one delivery channel at most. By default
 * (`ServiceDeployment.ADOPT_OR_CREATE`) the baseline provider adopts the ones that exist, whatever
 * their names, or makes them, converges their settings and starts recording. With
 * `ServiceDeployment.CLOUDFORMATION` they are CloudFormation resources, and the deployment fails with
 * `MaxNumberOfConfigurationRecordersExceededException` where a recorder already exists.
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

    this.allowConfigToDeliver();
    const settings: RecorderSettings = {
      roleArn: role.roleArn,
      recordGlobalResourceTypes: props.recordGlobalResourceTypes ?? true,
      recordingFrequency: props.recordingFrequency ?? RecordingFrequency.CONTINUOUS,
      snapshotDeliveryFrequency: props.snapshotDeliveryFrequency ?? SnapshotDeliveryFrequency.TWENTY_FOUR_HOURS,
      disableOnDelete: props.disableOnDelete ?? false,
    };
    const recorder = (props.deployment ?? ServiceDeployment.ADOPT_OR_CREATE) === ServiceDeployment.ADOPT_OR_CREATE
      ? this.adoptOrCreate(settings)
      : this.createWithCloudFormation(settings);
    recorder.resource.node.addDependency(role);
    this.recorderName = recorder.recorderName;
  }

  /** One custom resource puts the recorder and the channel in the order AWS Config needs, then starts recording. */
  private adoptOrCreate(settings: RecorderSettings): DeployedRecorder {
    const resource = new BaselineCustomResource(this, 'Resource', {
      kind: 'ConfigRecorder',
      properties: {
        RoleArn: settings.roleArn,
        IncludeGlobalResourceTypes: settings.recordGlobalResourceTypes,
        RecordingFrequency: settings.recordingFrequency,
        BucketName: this.bucket.bucketName,
        KmsKeyArn: this.encryptionKey?.keyArn,
        DeliveryFrequency: settings.snapshotDeliveryFrequency,
        DisableOnDelete: settings.disableOnDelete,
      },
      policyStatements: [
        new iam.PolicyStatement({
          // AWS Config's recorder and channel actions support no resource-level permissions. Deleting
          // the channel and the recorder undoes a Create that fails after putting them (the recorder
          // never started, so nothing is stopped); stopping is needed only by a Delete that
          // disableOnDelete asks for.
          actions: [
            'config:DescribeConfigurationRecorders', 'config:DescribeDeliveryChannels',
            'config:PutConfigurationRecorder', 'config:PutDeliveryChannel', 'config:StartConfigurationRecorder',
            'config:DeleteDeliveryChannel', 'config:DeleteConfigurationRecorder',
            ...(settings.disableOnDelete ? ['config:StopConfigurationRecorder'] : []),
          ],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          actions: ['iam:PassRole'],
          resources: [settings.roleArn],
          conditions: { StringEquals: { 'iam:PassedToService': 'config.amazonaws.com' } },
        }),
      ],
    });
    // AWS Config checks the bucket policy when the channel is put ("Insufficient delivery policy").
    if (this.bucket.policy) {
      resource.node.addDependency(this.bucket.policy);
    }
    return { resource, recorderName: resource.resource.getAttString('RecorderName') };
  }

  private createWithCloudFormation(settings: RecorderSettings): DeployedRecorder {
    // Retained by default so that deleting the stack does not silently stop recording.
    const removalPolicy = settings.disableOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const recorder = new config.CfnConfigurationRecorder(this, 'Resource', {
      roleArn: settings.roleArn,
      recordingGroup: {
        allSupported: true,
        includeGlobalResourceTypes: settings.recordGlobalResourceTypes,
      },
      recordingMode: { recordingFrequency: settings.recordingFrequency },
    });
    recorder.applyRemovalPolicy(removalPolicy);

    // The channel and the recorder must not depend on each other: with a DependsOn either way the
    // recorder starts (or waits) without a channel and the deployment fails or hangs. The channel
    // must wait for the bucket policy, or AWS Config answers "Insufficient delivery policy".
    const channel = new config.CfnDeliveryChannel(this, 'DeliveryChannel', {
      s3BucketName: this.bucket.bucketName,
      s3KmsKeyArn: this.encryptionKey?.keyArn,
      configSnapshotDeliveryProperties: { deliveryFrequency: settings.snapshotDeliveryFrequency },
    });
    channel.applyRemovalPolicy(removalPolicy);
    if (this.bucket.policy) {
      channel.node.addDependency(this.bucket.policy);
    }
    return { resource: recorder, recorderName: recorder.ref };
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

interface RecorderSettings {
  readonly roleArn: string;
  readonly recordGlobalResourceTypes: boolean;
  readonly recordingFrequency: RecordingFrequency;
  readonly snapshotDeliveryFrequency: SnapshotDeliveryFrequency;
  readonly disableOnDelete: boolean;
}

interface DeployedRecorder {
  readonly resource: Construct;
  readonly recorderName: string;
}
