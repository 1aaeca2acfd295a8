import { Stack, Token } from 'aws-cdk-lib';
import * as config from 'aws-cdk-lib/aws-config';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { acknowledgeReviewedWildcards, automaticRemediation, automationRemediationRole } from '../private/config-remediation';
import { admitFlowLogDelivery } from '../private/flow-log-delivery';

/** The key prefix of flow log files in the bucket; S3 adds `AWSLogs/<account>/vpcflowlogs/<region>/...` below it. */
const DEFAULT_PREFIX = 'vpc-flow-logs';

/**
 * Properties for `VpcFlowLogs`.
 */
export interface VpcFlowLogsProps {
  /**
   * The bucket that receives the flow logs. The construct adds the statements that the log delivery
   * service (`delivery.logs.amazonaws.com`) needs to the policy of a bucket of this stack; an imported
   * bucket's policy must already allow it (the home region's log bucket does, for every region of the
   * account).
   */
  readonly bucket: s3.IBucket;

  /**
   * The customer managed key of the bucket's default encryption. The construct lets the log delivery
   * service use it for this account's deliveries (a key of this stack; an imported key's policy must
   * already allow it).
   *
   * @default - the bucket is not encrypted with a customer managed key
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Which traffic the flow logs record. REJECT is what the CIS AWS Foundations Benchmark asks for and
   * keeps the volume (and cost) small; ALL also records accepted traffic, which investigations of a
   * compromised instance need, at many times the volume.
   *
   * @default ec2.FlowLogTrafficType.REJECT
   */
  readonly trafficType?: ec2.FlowLogTrafficType;

  /**
   * The key prefix of the flow log files in the bucket: 1 to 100 letters, digits, `-`, `_` or `/`,
   * not starting or ending with `/`.
   *
   * @default 'vpc-flow-logs'
   */
  readonly prefix?: string;
}

/**
 * VPC flow logs in every VPC of the region, those that exist and those created later (Security Hub
 * EC2.6, CIS 3.7), delivered to an S3 bucket:
 *
 * - the AWS Config managed rule `VPC_FLOW_LOGS_ENABLED` finds every VPC without a flow log
 *   (periodically, once a day), and a NON_COMPLIANT VPC is remediated automatically by a Systems
 *   Manager Automation document of this stack that calls EC2 `CreateFlowLogs` for it;
 * - the document runs as a role that only Systems Manager automations of this account and region may
 *   assume, allowed to create flow logs for this account's VPCs and the log delivery that S3 needs.
 *
 * A VPC that already has a flow log (to any destination) is compliant and left alone. Flow logs are
 * never deleted, also not when the stack is. The rule needs a configuration recorder in the region.
 */
export class VpcFlowLogs extends Construct {
  /** The AWS Config rule that finds VPCs without flow logs. */
  public readonly rule: config.IRule;
  /** The role that Systems Manager Automation assumes to create the flow logs. */
  public readonly remediationRole: iam.IRole;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    const prefix = props.prefix ?? DEFAULT_PREFIX;
    validatePrefix(prefix);
    const stack = Stack.of(this);
    this.allowLogDelivery(props.bucket, prefix, props.encryptionKey);

    const document = new ssm.CfnDocument(this, 'Document', {
      documentType: 'Automation',
      documentFormat: 'JSON',
      content: {
        schemaVersion: '0.3',
        description: 'Creates a VPC flow log to the security baseline\'s log bucket (Security Hub EC2.6). Run by AWS Config remediation.',
        assumeRole: '{{ AutomationAssumeRole }}',
        parameters: {
          AutomationAssumeRole: { type: 'String', description: 'The role the automation runs as.' },
          VpcId: { type: 'String', description: 'The VPC without a flow log.', allowedPattern: '^vpc-[0-9a-f]{8,17}$' },
        },
        mainSteps: [{
          name: 'CreateFlowLog',
          action: 'aws:executeAwsApi',
          inputs: {
            Service: 'ec2',
            Api: 'CreateFlowLogs',
            ResourceIds: ['{{ VpcId }}'],
            ResourceType: 'VPC',
            TrafficType: props.trafficType ?? ec2.FlowLogTrafficType.REJECT,
            LogDestinationType: 's3',
            LogDestination: `${props.bucket.bucketArn}/${prefix}/`,
          },
          // CreateFlowLogs answers HTTP 200 also when it made no flow log, with the reason per resource in
          // `Unsuccessful` (EC2 API reference): kept in the execution's outputs, so that the failure the
          // next step reports can be explained.
          outputs: [{ Name: 'Unsuccessful', Selector: '$.Unsuccessful', Type: 'MapList' }],
        }, {
          // The remediation succeeds only if the VPC has a flow log now: otherwise the step fails the
          // execution, AWS Config records the remediation as failed and tries again (automaticRemediation).
          name: 'AssertFlowLog',
          action: 'aws:assertAwsResourceProperty',
          isEnd: true,
          inputs: {
            Service: 'ec2',
            Api: 'DescribeFlowLogs',
            Filter: [{ Name: 'resource-id', Values: ['{{ VpcId }}'] }],
            PropertySelector: '$.FlowLogs[0].ResourceId',
            DesiredValues: ['{{ VpcId }}'],
          },
        }],
      },
    });

    this.rule = new config.ManagedRule(this, 'Rule', {
      identifier: config.ManagedRuleIdentifiers.VPC_FLOW_LOGS_ENABLED,
      description: 'Security Hub EC2.6: every VPC has a flow log',
    });

    const vpcs = stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: '*' });
    const flowLogs = stack.formatArn({ service: 'ec2', resource: 'vpc-flow-log', resourceName: '*' });
    const [role, policy] = automationRemediationRole(this, {
      role: 'Lets Systems Manager Automation create a flow log for a VPC that has none (Security Hub EC2.6)',
      policy: 'Creating flow logs for this account\'s VPCs, delivered to S3',
    }, [
      new iam.PolicyStatement({ actions: ['ec2:CreateFlowLogs'], resources: [vpcs, flowLogs] }),
      // The Amazon VPC User Guide ("Create a flow log that publishes to Amazon S3") lists these for the
      // caller; they have no resource-level permissions, nor has DescribeFlowLogs, which checks the result.
      new iam.PolicyStatement({ actions: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'ec2:DescribeFlowLogs'], resources: ['*'] }),
    ]);
    acknowledgeReviewedWildcards(policy, 'VpcFlowLogs', [/^Resource::\*$/, /:vpc\/\*$/, /:vpc-flow-log\/\*$/],
      'The document acts on whichever VPC AWS Config finds without a flow log, known only at run time: the statements name this '
      + 'account\'s and region\'s VPCs and flow logs; logs:CreateLogDelivery, logs:DeleteLogDelivery and ec2:DescribeFlowLogs have no resource-level permissions.');
    this.remediationRole = role;

    // The NON_COMPLIANT resource is the VPC.
    automaticRemediation(this, this.rule, document.ref, 'VpcId', [role, policy]);
  }

  /**
   * The bucket and key policy statements of the Amazon VPC User Guide ("Amazon S3 bucket permissions
   * for flow logs", "Required key policy for use with SSE-KMS"), with the confused-deputy conditions it
   * recommends. Any region of this account may deliver, so that member regions can use the same bucket.
   */
  private allowLogDelivery(bucket: s3.IBucket, prefix: string, key?: kms.IKey): void {
    const stack = Stack.of(this);
    const delivery = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
    const fromThisAccount = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'logs', region: '*', resource: '*' }) },
    };
    const aclCheck = bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryAclCheck',
      principals: [delivery],
      actions: ['s3:GetBucketAcl', 's3:ListBucket'],
      resources: [bucket.bucketArn],
      conditions: fromThisAccount,
    }));
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AWSLogDeliveryWrite',
      principals: [delivery],
      actions: ['s3:PutObject'],
      resources: [bucket.arnForObjects(`${prefix}/AWSLogs/${stack.account}/*`)],
      conditions: {
        ...fromThisAccount,
        StringEquals: { ...fromThisAccount.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' },
      },
    }));
    key?.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowLogDeliveryToEncryptFlowLogs',
      principals: [delivery],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: fromThisAccount,
    }));
    // An imported bucket's policy is not the app's to change: only a bucket of the app counts as admitting delivery.
    if (aclCheck.statementAdded) {
      admitFlowLogDelivery(bucket);
    }
  }
}

function validatePrefix(prefix: string): void {
  if (Token.isUnresolved(prefix)) {
    return;
  }
  if (!/^[A-Za-z0-9_-]([A-Za-z0-9_/-]{0,98}[A-Za-z0-9_-])?$/.test(prefix) || prefix.includes('//') || /^AWSLogs(\/|$)/.test(prefix)) {
    throw new Error(`VpcFlowLogsProps.prefix: received '${prefix}'; expected 1 to 100 letters, digits, '-', '_' or '/', `
      + 'not starting or ending with \'/\', without \'//\', and not starting with \'AWSLogs\' (S3 adds AWSLogs/<account>/ below the prefix)');
  }
}
