import { Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LogArchive } from './log-archive';
import { createBaselineKey } from '../private/baseline-key';
import { allowCloudWatchLogsToUseKey } from '../private/log-group-key';
import { BASELINE_ROLE_PATH } from '../private/role-path';
import { validateUnique } from '../private/validation';

/**
 * Which S3 object-level operations (CloudTrail data events) the trail logs, for every current and
 * future bucket of the account: Security Hub S3.22 (writes) and S3.23 (reads), CIS 3.8 and 3.9.
 * Data events cost $0.10 per 100,000 events delivered (CloudTrail pricing page), and a busy bucket
 * makes millions a day: reads usually far outnumber writes.
 */
export enum S3DataEvents {
  /** No S3 data events. */
  NONE = 'NONE',
  /** Object writes only (PutObject, DeleteObject, CopyObject, ...): satisfies S3.22. */
  WRITE_ONLY = 'WRITE_ONLY',
  /** Object reads and writes (also GetObject, HeadObject, ...): satisfies S3.22 and S3.23. */
  READ_AND_WRITE = 'READ_AND_WRITE',
}

/**
 * A kind of CloudTrail Insights event: unusual activity the trail's management events show.
 */
export enum TrailInsightType {
  /** Unusual rates of write management API calls. */
  API_CALL_RATE = 'ApiCallRateInsight',
  /** Unusual rates of management API calls that end in an error. */
  API_ERROR_RATE = 'ApiErrorRateInsight',
}

/**
 * Properties for an `AuditTrail`.
 */
export interface AuditTrailProps {
  /**
   * Bucket that receives the trail's log files. The trail adds its statements to the bucket policy;
   * an imported bucket's policy must already allow CloudTrail.
   *
   * @default - a new `LogArchive` (log bucket, access logs bucket and key)
   */
  readonly bucket?: s3.IBucket;

  /**
   * Customer managed key that encrypts the log files and the CloudWatch Logs group (SSE-KMS, CloudTrail.2).
   *
   * @default - the `LogArchive`'s key when no bucket is given, otherwise a new key with rotation on
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Name of the trail.
   *
   * @default - a name unique to this construct's path
   */
  readonly trailName?: string;

  /**
   * Whether the trail also sends events to a CloudWatch Logs group (CloudTrail.5), which the
   * CIS metric filters and alarms need.
   *
   * @default true
   */
  readonly sendToCloudWatchLogs?: boolean;

  /**
   * How long the CloudWatch Logs group keeps events.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly cloudWatchLogsRetention?: logs.RetentionDays;

  /**
   * Whether to log data events: every S3 object operation (except on the trail's own bucket) and
   * every Lambda invocation. Data events are charged at $0.10 per 100,000 events.
   *
   * @default false
   */
  readonly dataEvents?: boolean;

  /**
   * S3 object-level data events for every current and future bucket (Security Hub S3.22 for writes,
   * S3.23 for reads). AWS Config's checks behind those controls require all buckets, so the trail's
   * own bucket is included: CloudTrail's own deliveries to it add one event per log file, which
   * lands in a later log file, a bounded trickle rather than a loop. $0.10 per 100,000 events.
   * Cannot be combined with `dataEvents`, which already logs S3 objects (except the trail's bucket).
   *
   * @default S3DataEvents.NONE
   */
  readonly s3DataEvents?: S3DataEvents;

  /**
   * CloudTrail Insights: the trail analyses its write management events (and their errors) and
   * records an Insights event when their rate departs from the account's baseline. $0.35 per
   * 100,000 events analysed, for each insight type. Pass an empty list to leave Insights off.
   *
   * @default - no Insights
   */
  readonly insightTypes?: TrailInsightType[];

  /**
   * Whether the trail logs events of every account in the AWS Organization. Deploy it from the
   * management account or a delegated administrator.
   *
   * @default false
   */
  readonly isOrganizationTrail?: boolean;

  /**
   * The AWS Organizations id (`o-...`), needed for an organization trail's bucket policy.
   *
   * @default - none; required when `isOrganizationTrail` is true
   */
  readonly organizationId?: string;

  /**
   * What happens to the resources that hold data (bucket, key, log group) when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A multi-region CloudTrail trail with log file validation and global service events, encrypted
 * with a customer managed key and delivered to a secure bucket and to CloudWatch Logs.
 *
 * Satisfies Security Hub CloudTrail.1, CloudTrail.2, CloudTrail.4 and CloudTrail.5.
 */
export class AuditTrail extends Construct {
  /** The trail's ARN. */
  public readonly trailArn: string;
  /** The trail's name. */
  public readonly trailName: string;
  /** The bucket that receives the log files. */
  public readonly bucket: s3.IBucket;
  /** The key that encrypts the log files. */
  public readonly encryptionKey: kms.IKey;
  /**
   * The CloudWatch Logs group that receives the events.
   *
   * @default - none when `sendToCloudWatchLogs` is false
   */
  public readonly logGroup?: logs.ILogGroup;
  /** The S3 object operations the trail logs in every bucket. */
  public readonly s3DataEvents: S3DataEvents;

  constructor(scope: Construct, id: string, props: AuditTrailProps = {}) {
    super(scope, id);
    validateProps(props);
    this.s3DataEvents = props.s3DataEvents ?? S3DataEvents.NONE;
    const stack = Stack.of(this);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    if (props.bucket) {
      this.bucket = props.bucket;
      this.encryptionKey = props.encryptionKey ?? createBaselineKey(this, 'Key', {
        description: 'Encrypts CloudTrail log files',
        removalPolicy,
      });
    } else {
      const archive = new LogArchive(this, 'LogArchive', { encryptionKey: props.encryptionKey, removalPolicy });
      this.bucket = archive.trailBucket;
      this.encryptionKey = archive.encryptionKey;
    }

    // The ARN is built from the name, not read from the trail, so that the bucket and key policies
    // can name it without waiting for the trail, which itself must wait for those policies.
    this.trailName = props.trailName ?? Names.uniqueResourceName(this, { maxLength: 128 });
    this.trailArn = stack.formatArn({ service: 'cloudtrail', resource: 'trail', resourceName: this.trailName });

    this.allowCloudTrailToWriteBucket(props);
    this.allowCloudTrailToUseKey();

    let cloudWatchLogsRole: iam.Role | undefined;
    let cloudWatchLogsPolicy: iam.ManagedPolicy | undefined;
    if (props.sendToCloudWatchLogs ?? true) {
      const logGroup = new logs.LogGroup(this, 'LogGroup', {
        encryptionKey: this.encryptionKey,
        retention: props.cloudWatchLogsRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy,
      });
      allowCloudWatchLogsToUseKey(this.encryptionKey);
      cloudWatchLogsRole = new iam.Role(this, 'CloudWatchLogsRole', {
        assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com'),
        description: 'Lets CloudTrail deliver events to its CloudWatch Logs group',
        path: BASELINE_ROLE_PATH,
      });
      // A managed policy, not the role's default inline policy: NIST 800-53, HIPAA and PCI DSS
      // packs reject inline policies (AC-6, least privilege that can be reviewed on its own).
      cloudWatchLogsPolicy = new iam.ManagedPolicy(this, 'CloudWatchLogsPolicy', {
        description: 'Lets CloudTrail create log streams and put events in its own log group',
        roles: [cloudWatchLogsRole],
        statements: [new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn],
        })],
      });
      this.logGroup = logGroup;
    }

    const trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: this.trailName,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      isOrganizationTrail: props.isOrganizationTrail ?? false,
      s3BucketName: this.bucket.bucketName,
      kmsKeyId: this.encryptionKey.keyArn,
      cloudWatchLogsLogGroupArn: this.logGroup?.logGroupArn,
      cloudWatchLogsRoleArn: cloudWatchLogsRole?.roleArn,
      advancedEventSelectors: this.eventSelectors(props),
      insightSelectors: props.insightTypes?.length ? props.insightTypes.map(insightType => ({ insightType })) : undefined,
    });

    // CloudTrail checks its permissions when the trail is created.
    if (this.bucket.policy) {
      trail.node.addDependency(this.bucket.policy);
    }
    if (cloudWatchLogsPolicy) {
      trail.node.addDependency(cloudWatchLogsPolicy);
    }
  }

  private allowCloudTrailToWriteBucket(props: AuditTrailProps): void {
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const fromThisTrail = { 'aws:SourceArn': this.trailArn };
    const account = Stack.of(this).account;
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSCloudTrailAclCheck',
      principals: [cloudTrail],
      actions: ['s3:GetBucketAcl'],
      resources: [this.bucket.bucketArn],
      conditions: { StringEquals: fromThisTrail },
    }));
    const logPrefixes = [`AWSLogs/${account}/*`];
    if (props.isOrganizationTrail) {
      logPrefixes.push(`AWSLogs/${props.organizationId}/*`);
    }
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSCloudTrailWrite',
      principals: [cloudTrail],
      actions: ['s3:PutObject'],
      resources: logPrefixes.map(prefix => this.bucket.arnForObjects(prefix)),
      conditions: { StringEquals: { ...fromThisTrail, 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
  }

  private allowCloudTrailToUseKey(): void {
    const cloudTrail = new iam.ServicePrincipal('cloudtrail.amazonaws.com');
    const fromThisTrail = { 'aws:SourceArn': this.trailArn };
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailToEncryptLogs',
      principals: [cloudTrail],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: {
        StringEquals: fromThisTrail,
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': Stack.of(this).formatArn({
            service: 'cloudtrail', region: '*', resource: 'trail', resourceName: '*',
          }),
        },
      },
    }));
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailToDescribeKey',
      principals: [cloudTrail],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { StringEquals: fromThisTrail },
    }));
  }

  /**
   * Management events always; data events as asked. Undefined (management events only, without
   * selectors) when no data events are asked for.
   */
  private eventSelectors(props: AuditTrailProps): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] | undefined {
    const s3Events = this.s3DataEvents;
    if (props.dataEvents) {
      return [MANAGEMENT_EVENTS, ...this.dataEventSelectors()];
    }
    if (s3Events === S3DataEvents.NONE) {
      return undefined;
    }
    // No resources.ARN field: AWS Config's cloudtrail-all-write-s3-data-event-check and
    // cloudtrail-all-read-s3-data-event-check (S3.22, S3.23) ask for "all current and future S3 buckets".
    const fieldSelectors: cloudtrail.CfnTrail.AdvancedFieldSelectorProperty[] = [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
    ];
    if (s3Events === S3DataEvents.WRITE_ONLY) {
      fieldSelectors.push({ field: 'readOnly', equalTo: ['false'] });
    }
    const name = s3Events === S3DataEvents.WRITE_ONLY ? 'S3 object writes in every bucket' : 'S3 object reads and writes in every bucket';
    return [MANAGEMENT_EVENTS, { name, fieldSelectors }];
  }

  /**
   * All S3 object-level and Lambda invocation events, except the trail's own deliveries to its bucket.
   */
  private dataEventSelectors(): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
    const partition = Stack.of(this).partition;
    return [
      {
        name: 'S3 object events outside the trail bucket',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'resources.ARN', notStartsWith: [`${this.bucket.bucketArn}/`] },
        ],
      },
      {
        name: 'Lambda invocations',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::Lambda::Function'] },
          { field: 'resources.ARN', startsWith: [`arn:${partition}:lambda`] },
        ],
      },
    ];
  }
}

const MANAGEMENT_EVENTS: cloudtrail.CfnTrail.AdvancedEventSelectorProperty = {
  name: 'Management events',
  fieldSelectors: [{ field: 'eventCategory', equalTo: ['Management'] }],
};

function validateProps(props: AuditTrailProps): void {
  if (props.dataEvents && props.s3DataEvents !== undefined && props.s3DataEvents !== S3DataEvents.NONE) {
    throw new Error(`AuditTrailProps.s3DataEvents: received ${props.s3DataEvents} together with dataEvents: true, which already logs every S3 object `
      + 'operation outside the trail\'s bucket; set one of the two (s3DataEvents alone for S3.22 and S3.23)');
  }
  validateUnique('AuditTrailProps.insightTypes', props.insightTypes ?? [], type => type);
  if (props.isOrganizationTrail && props.organizationId === undefined) {
    throw new Error('AuditTrailProps.organizationId: received undefined; an organization trail (isOrganizationTrail: true) needs the organization id, e.g. \'o-a1b2c3d4e5\'');
  }
  if (props.organizationId !== undefined && !Token.isUnresolved(props.organizationId) && !/^o-[a-z0-9]{10,32}$/.test(props.organizationId)) {
    throw new Error(`AuditTrailProps.organizationId: received '${props.organizationId}'; expected 'o-' followed by 10 to 32 lowercase letters or digits`);
  }
  if (props.trailName !== undefined && !Token.isUnresolved(props.trailName)
    && (!/^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/.test(props.trailName)
      || /[._-]{2}/.test(props.trailName) || /^\d+\.\d+\.\d+\.\d+$/.test(props.trailName))) {
    throw new Error(`AuditTrailProps.trailName: received '${props.trailName}'; expected 3 to 128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit, with no two of '.', '_' and '-' in a row, and not an IP address`);
  }
}
