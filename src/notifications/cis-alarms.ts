import { Annotations, Duration, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { validateUnique } from '../private/validation';

/**
 * A CIS AWS Foundations Benchmark metric filter and alarm on the CloudTrail log group, as checked
 * by the Security Hub controls CloudWatch.1 to CloudWatch.14.
 *
 * Security Hub passes a control only when the filter pattern is exactly the one CIS prescribes,
 * so the patterns cannot be changed; the set is closed.
 */
export class CisAlarm {
  /** Root user activity (Security Hub CloudWatch.1, CIS 1.4.0 4.3). */
  public static readonly ROOT_USER_ACTIVITY = new CisAlarm('CloudWatch.1', 'RootUserActivity',
    'Root user activity (CIS 4.3 / Security Hub CloudWatch.1): the root user signed in or called an API. '
    + 'What to do: confirm who used the root user and why; if nobody can explain it, change the root password, '
    + 'check its MFA device and review what the session did in CloudTrail.',
    '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}');

  /** Unauthorized API calls (Security Hub CloudWatch.2, CIS 1.2.0 3.1). */
  public static readonly UNAUTHORIZED_API_CALLS = new CisAlarm('CloudWatch.2', 'UnauthorizedApiCalls',
    'Unauthorized API calls (CIS 3.1 / Security Hub CloudWatch.2): an API call was denied. '
    + 'What to do: find the caller in CloudTrail (errorCode AccessDenied or UnauthorizedOperation); a broken '
    + 'deployment explains most, repeated denials from one identity can mean stolen credentials probing for access.',
    '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}');

  /** Console sign-in without MFA (Security Hub CloudWatch.3, CIS 1.2.0 3.2). */
  public static readonly CONSOLE_SIGN_IN_WITHOUT_MFA = new CisAlarm('CloudWatch.3', 'ConsoleSignInWithoutMfa',
    'Console sign-in without MFA (CIS 3.2 / Security Hub CloudWatch.3): an IAM user signed in to the console without MFA. '
    + 'What to do: find the user in CloudTrail (ConsoleLogin); require MFA for that user, or replace the IAM user '
    + 'with IAM Identity Center.',
    '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }');

  /** IAM policy changes (Security Hub CloudWatch.4, CIS 1.4.0 4.4). */
  public static readonly IAM_POLICY_CHANGES = new CisAlarm('CloudWatch.4', 'IamPolicyChanges',
    'IAM policy changes (CIS 4.4 / Security Hub CloudWatch.4): an IAM policy was created, changed, attached or detached. '
    + 'What to do: check in CloudTrail that the change was planned; an unexpected grant can be privilege escalation.',
    '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}');

  /** CloudTrail configuration changes (Security Hub CloudWatch.5, CIS 1.4.0 4.5). */
  public static readonly CLOUDTRAIL_CHANGES = new CisAlarm('CloudWatch.5', 'CloudTrailChanges',
    'CloudTrail configuration changes (CIS 4.5 / Security Hub CloudWatch.5): a trail was created, updated, deleted, started or stopped. '
    + 'What to do: check in CloudTrail who changed the trail; restart logging at once if it was stopped without a reason.',
    '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}');

  /** Console authentication failures (Security Hub CloudWatch.6, CIS 1.4.0 4.6). */
  public static readonly CONSOLE_AUTHENTICATION_FAILURES = new CisAlarm('CloudWatch.6', 'ConsoleAuthenticationFailures',
    'Console authentication failures (CIS 4.6 / Security Hub CloudWatch.6): a console sign-in failed. '
    + 'What to do: look at the user name and source IP in CloudTrail (ConsoleLogin); many failures from one place '
    + 'suggest password guessing.',
    '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}');

  /** Disabling or scheduled deletion of customer managed keys (Security Hub CloudWatch.7, CIS 1.4.0 4.7). */
  public static readonly CUSTOMER_MANAGED_KEY_DISABLED_OR_DELETED = new CisAlarm('CloudWatch.7', 'CustomerManagedKeyDisabledOrDeleted',
    'Customer managed key disabled or scheduled for deletion (CIS 4.7 / Security Hub CloudWatch.7): data encrypted with the key '
    + 'becomes unreadable. What to do: if unplanned, cancel the deletion (CancelKeyDeletion) or enable the key again '
    + 'within the waiting period, then find out who did it.',
    '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}');

  /** S3 bucket policy changes (Security Hub CloudWatch.8, CIS 1.4.0 4.8). */
  public static readonly S3_BUCKET_POLICY_CHANGES = new CisAlarm('CloudWatch.8', 'S3BucketPolicyChanges',
    'S3 bucket policy changes (CIS 4.8 / Security Hub CloudWatch.8): a bucket policy, ACL, CORS, lifecycle or replication '
    + 'configuration changed. What to do: check in CloudTrail that the change was planned and does not open the bucket to others.',
    '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}');

  /** AWS Config changes (Security Hub CloudWatch.9, CIS 1.4.0 4.9). */
  public static readonly CONFIG_CHANGES = new CisAlarm('CloudWatch.9', 'ConfigChanges',
    'AWS Config changes (CIS 4.9 / Security Hub CloudWatch.9): the configuration recorder or delivery channel was stopped, '
    + 'changed or deleted. What to do: check in CloudTrail who did it; restart the recorder if it was stopped without a reason.',
    '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}');

  /** Security group changes (Security Hub CloudWatch.10, CIS 1.4.0 4.10). */
  public static readonly SECURITY_GROUP_CHANGES = new CisAlarm('CloudWatch.10', 'SecurityGroupChanges',
    'Security group changes (CIS 4.10 / Security Hub CloudWatch.10): a security group or one of its rules was created, '
    + 'changed or deleted. What to do: check in CloudTrail that no rule opens a port to the internet (0.0.0.0/0 or ::/0) '
    + 'without a reason.',
    '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}');

  /** Network ACL changes (Security Hub CloudWatch.11, CIS 1.4.0 4.11). */
  public static readonly NETWORK_ACL_CHANGES = new CisAlarm('CloudWatch.11', 'NetworkAclChanges',
    'Network ACL changes (CIS 4.11 / Security Hub CloudWatch.11): a network ACL or one of its entries changed. '
    + 'What to do: check in CloudTrail that the change was planned and does not open a subnet to unexpected traffic.',
    '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}');

  /** Network gateway changes (Security Hub CloudWatch.12, CIS 1.4.0 4.12). */
  public static readonly NETWORK_GATEWAY_CHANGES = new CisAlarm('CloudWatch.12', 'NetworkGatewayChanges',
    'Network gateway changes (CIS 4.12 / Security Hub CloudWatch.12): an internet or customer gateway was created, '
    + 'attached, detached or deleted. What to do: check in CloudTrail that the change was planned; a new internet '
    + 'gateway can expose a private network.',
    '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}');

  /** Route table changes (Security Hub CloudWatch.13, CIS 1.4.0 4.13). */
  public static readonly ROUTE_TABLE_CHANGES = new CisAlarm('CloudWatch.13', 'RouteTableChanges',
    'Route table changes (CIS 4.13 / Security Hub CloudWatch.13): a route or route table changed. '
    + 'What to do: check in CloudTrail that the change was planned and that traffic still flows through the expected path.',
    '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}');

  /** VPC changes (Security Hub CloudWatch.14, CIS 1.4.0 4.14). */
  public static readonly VPC_CHANGES = new CisAlarm('CloudWatch.14', 'VpcChanges',
    'VPC changes (CIS 4.14 / Security Hub CloudWatch.14): a VPC, VPC attribute or peering connection changed. '
    + 'What to do: check in CloudTrail that the change was planned; an unexpected peering connection can join networks '
    + 'that should stay apart.',
    '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}');

  /**
   * Every CIS alarm, in control order (CloudWatch.1 to CloudWatch.14).
   */
  public static all(): CisAlarm[] {
    return [
      CisAlarm.ROOT_USER_ACTIVITY,
      CisAlarm.UNAUTHORIZED_API_CALLS,
      CisAlarm.CONSOLE_SIGN_IN_WITHOUT_MFA,
      CisAlarm.IAM_POLICY_CHANGES,
      CisAlarm.CLOUDTRAIL_CHANGES,
      CisAlarm.CONSOLE_AUTHENTICATION_FAILURES,
      CisAlarm.CUSTOMER_MANAGED_KEY_DISABLED_OR_DELETED,
      CisAlarm.S3_BUCKET_POLICY_CHANGES,
      CisAlarm.CONFIG_CHANGES,
      CisAlarm.SECURITY_GROUP_CHANGES,
      CisAlarm.NETWORK_ACL_CHANGES,
      CisAlarm.NETWORK_GATEWAY_CHANGES,
      CisAlarm.ROUTE_TABLE_CHANGES,
      CisAlarm.VPC_CHANGES,
    ];
  }

  /** The Security Hub control that checks this alarm, e.g. 'CloudWatch.1'. */
  public readonly controlId: string;
  /** The name of the metric in the `CisAlarms.METRIC_NAMESPACE` namespace; also names the constructs. */
  public readonly metricName: string;
  /** What the alarm means and what to do about it; the alarm's description. */
  public readonly description: string;
  /** The CloudWatch Logs filter pattern, exactly as CIS prescribes it. */
  public readonly filterPattern: string;

  private constructor(controlId: string, metricName: string, description: string, filterPattern: string) {
    this.controlId = controlId;
    this.metricName = metricName;
    this.description = description;
    this.filterPattern = filterPattern;
  }
}

/**
 * Properties for `CisAlarms`.
 */
export interface CisAlarmsProps {
  /**
   * The CloudWatch Logs group that receives the multi-Region CloudTrail trail's events
   * (e.g. `AuditTrail.logGroup`).
   */
  readonly logGroup: logs.ILogGroup;

  /**
   * The topic that every alarm notifies. Security Hub passes CloudWatch.1 to CloudWatch.14 only when
   * the alarm notifies a topic that has at least one subscriber. The topic's policy must let
   * CloudWatch alarms of this account publish (a `FindingsTopic` does); no statement is added here.
   *
   * @default - the alarms have no action: they change state but nobody is told
   */
  readonly topic?: sns.ITopic;

  /**
   * The alarms to create.
   *
   * @default CisAlarm.all() - every alarm, CloudWatch.1 to CloudWatch.14
   */
  readonly alarms?: CisAlarm[];
}

/**
 * The CIS AWS Foundations Benchmark metric filters and alarms on the CloudTrail log group
 * (Security Hub controls CloudWatch.1 to CloudWatch.14).
 *
 * Each alarm goes off when its metric sums to 1 or more in 5 minutes. Missing data (no matching
 * event) is treated as not breaching, so an idle account stays OK.
 */
export class CisAlarms extends Construct {
  /** The CloudWatch namespace of every CIS metric. */
  public static readonly METRIC_NAMESPACE = 'SecureBaseline/CIS';

  /** The alarms, in the order of `CisAlarmsProps.alarms`. */
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: CisAlarmsProps) {
    super(scope, id);
    const chosen = props.alarms ?? CisAlarm.all();
    validateUnique('CisAlarmsProps.alarms', chosen, (alarm) => alarm.controlId);
    if (!props.topic && chosen.length > 0) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:cisAlarmsWithoutTopic',
        'CisAlarms has no topic, so the alarms notify nobody and Security Hub reports CloudWatch.1 to CloudWatch.14 as FAILED; set topic to be notified');
    }

    this.alarms = chosen.map((cisAlarm) => {
      const filter = new logs.MetricFilter(this, `${cisAlarm.metricName}Filter`, {
        logGroup: props.logGroup,
        filterPattern: logs.FilterPattern.literal(cisAlarm.filterPattern),
        metricNamespace: CisAlarms.METRIC_NAMESPACE,
        metricName: cisAlarm.metricName,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${cisAlarm.metricName}Alarm`, {
        alarmDescription: cisAlarm.description,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      if (props.topic) {
        alarm.addAlarmAction(new cloudwatchActions.SnsAction(props.topic));
      } else {
        // Acknowledged rather than hidden: the caller chose not to give a topic, the synth warning
        // above says so, and Security Hub keeps reporting the control as FAILED until an action exists.
        const reason = 'CisAlarmsProps.topic was not given, so the alarm has no action by the caller\'s choice; '
          + 'a synth warning (cdk-secure-baseline:cisAlarmsWithoutTopic) and the FAILED Security Hub CloudWatch control keep the gap visible.';
        Validations.of(alarm).acknowledge(
          { id: 'NIST.800.53.R5-CloudWatchAlarmAction', reason },
          { id: 'HIPAA.Security-CloudWatchAlarmAction', reason },
        );
      }
      return alarm;
    });
  }
}
