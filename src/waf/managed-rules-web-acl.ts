import { Annotations, Aws, Duration, Names, RemovalPolicy, Resource, Stack, Token } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import {
  ManagedRuleAction, ManagedRuleGroup, ManagedRuleGroupConfig, ManagedRulesWebAclProps, MAX_WCU, RateLimitOptions, WebAclLoggingOptions, WebAclScope,
} from './managed-rules-web-acl-props';
import { createBaselineKey } from '../private/baseline-key';
import { allowCloudWatchLogsToUseKey } from '../private/log-group-key';
import { validateIntegerRange, validateUnique } from '../private/validation';

/** The capacity AWS WAF's web ACL price covers (MAX_WCU is its limit). */
const DEFAULT_WCU_LIMIT = 1_500;
/** A rate-based rule's base cost without a scope-down statement (AWS WAF Developer Guide, "Rate-based rule statement"). */
const RATE_BASED_RULE_WCU = 2;
const LOG_NAME_PREFIX = 'aws-waf-logs-';
const EVALUATION_WINDOWS_SECONDS = [60, 120, 300, 600];

/**
 * An AWS WAF web ACL built from AWS managed rule groups, with logging, for what a workload exposes
 * to the internet (AWS Security Maturity Model Phase 1, "WAF with managed rules").
 *
 * Requests that no rule blocks are allowed. The capacity (WCUs) is computed from each group's
 * published figure and checked against `capacityLimit` at synth.
 */
export class ManagedRulesWebAcl extends Resource {
  /** The web ACL's ARN: also what a CloudFront distribution takes as `webAclId`. */
  public readonly webAclArn: string;
  /** The web ACL's id. */
  public readonly webAclId: string;
  /** The web ACL capacity units (WCUs) the rules use. */
  public readonly capacity: number;
  /** The scope of the web ACL. */
  public readonly scope: WebAclScope;
  /** The log group the web ACL logs to, if it logs to one. */
  public readonly logGroup?: logs.ILogGroup;

  constructor(scope: Construct, id: string, props: ManagedRulesWebAclProps = {}) {
    super(scope, id);
    this.scope = props.scope ?? WebAclScope.REGIONAL;
    const groups = props.managedRuleGroups ?? [
      { group: ManagedRuleGroup.COMMON_RULE_SET },
      { group: ManagedRuleGroup.KNOWN_BAD_INPUTS },
      { group: ManagedRuleGroup.AMAZON_IP_REPUTATION },
    ];
    this.validateScope();
    validateGroups(groups);
    if (props.rateLimit) {
      validateRateLimit(props.rateLimit);
    }

    this.capacity = groups.reduce((sum, config) => sum + config.group.capacity, props.rateLimit ? RATE_BASED_RULE_WCU : 0);
    const capacityLimit = props.capacityLimit ?? DEFAULT_WCU_LIMIT;
    validateIntegerRange('ManagedRulesWebAclProps.capacityLimit', capacityLimit, 1, MAX_WCU);
    if (this.capacity > capacityLimit) {
      throw new Error(`ManagedRulesWebAclProps.managedRuleGroups: the rules need ${this.capacity} WCUs (${describeCapacity(groups, props.rateLimit)}), over the capacityLimit of ${capacityLimit}; `
        + `remove a group, or raise capacityLimit (up to ${MAX_WCU}: AWS WAF charges for each 500 WCUs above ${DEFAULT_WCU_LIMIT})`);
    }
    if (!groups.some(config => config.group === ManagedRuleGroup.COMMON_RULE_SET)) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:webAclWithoutCoreRuleSet',
        'The web ACL has no AWSManagedRulesCommonRuleSet: the AWS Security Maturity Model asks for the core rule set in front of every internet-facing application');
    }

    const rules: wafv2.CfnWebACL.RuleProperty[] = [];
    if (props.rateLimit) {
      rules.push(rateBasedRule(props.rateLimit));
    }
    groups.forEach(config => rules.push(managedGroupRule(config, rules.length)));

    const metricName = Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    const webAcl = new wafv2.CfnWebACL(this, 'Resource', {
      scope: this.scope,
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName },
      rules,
    });
    this.webAclArn = webAcl.attrArn;
    this.webAclId = webAcl.attrId;

    const logging = props.logging ?? {};
    if (logging.enabled ?? true) {
      const destination = this.logDestination(logging);
      this.logGroup = destination.logGroup;
      new wafv2.CfnLoggingConfiguration(this, 'Logging', {
        resourceArn: webAcl.attrArn,
        logDestinationConfigs: [destination.arn],
        redactedFields: redactedHeaders(logging.redactedHeaders).map(name => ({ singleHeader: { Name: name } })),
      });
    }
  }

  /**
   * Protect an Application Load Balancer with this web ACL.
   */
  public associateLoadBalancer(loadBalancer: elbv2.IApplicationLoadBalancer): void {
    this.associate('LoadBalancer', loadBalancer, loadBalancer.loadBalancerArn);
  }

  /**
   * Protect a stage of an API Gateway REST API with this web ACL.
   */
  public associateRestApiStage(stage: apigateway.IStage): void {
    const arn = `arn:${Aws.PARTITION}:apigateway:${Stack.of(this).region}::/restapis/${stage.restApi.restApiId}/stages/${stage.stageName}`;
    this.associate('RestApiStage', stage, arn);
  }

  /**
   * Protect an AWS AppSync GraphQL API with this web ACL.
   */
  public associateGraphqlApi(api: appsync.IGraphqlApi): void {
    this.associate('GraphqlApi', api, api.arn);
  }

  /**
   * Protect an Amazon Cognito user pool with this web ACL.
   */
  public associateUserPool(userPool: cognito.IUserPool): void {
    this.associate('UserPool', userPool, userPool.userPoolArn);
  }

  private associate(kind: string, target: Construct, resourceArn: string): void {
    if (this.scope !== WebAclScope.REGIONAL) {
      throw new Error(`ManagedRulesWebAcl.associate${kind}: received ${target.node.path} for a ${this.scope} web ACL; `
        + 'only a REGIONAL web ACL can be associated with it (a CloudFront distribution takes a CLOUDFRONT web ACL\'s webAclArn as its webAclId)');
    }
    new wafv2.CfnWebACLAssociation(this, `Association${Names.uniqueId(target)}`, {
      webAclArn: this.webAclArn,
      resourceArn,
    });
  }

  private validateScope(): void {
    if (this.scope !== WebAclScope.CLOUDFRONT) {
      return;
    }
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:cloudFrontWebAclRegionUnknown',
        'A CLOUDFRONT web ACL deploys only in us-east-1 and this stack\'s region is not known at synth: deploy it to us-east-1');
      return;
    }
    if (region !== 'us-east-1') {
      throw new Error(`ManagedRulesWebAclProps.scope: received CLOUDFRONT in a stack in ${region}; a CLOUDFRONT web ACL must be created in us-east-1 (put it in a us-east-1 stack, or use REGIONAL)`);
    }
  }

  private logDestination(logging: WebAclLoggingOptions): { arn: string; logGroup?: logs.ILogGroup } {
    if (logging.logGroup && logging.bucket) {
      throw new Error('ManagedRulesWebAclProps.logging: received both logGroup and bucket; AWS WAF logs to one destination, give one of them');
    }
    const stack = Stack.of(this);
    if (logging.bucket) {
      validateLogName('ManagedRulesWebAclProps.logging.bucket', logging.bucket, logging.bucket.bucketName, (logging.bucket.node.defaultChild as s3.CfnBucket | undefined)?.bucketName);
      allowLogDeliveryToBucket(logging.bucket);
      return { arn: logging.bucket.bucketArn };
    }
    if (logging.logGroup) {
      validateLogName('ManagedRulesWebAclProps.logging.logGroup', logging.logGroup, logging.logGroup.logGroupName,
        (logging.logGroup.node.defaultChild as logs.CfnLogGroup | undefined)?.logGroupName);
      return { arn: logGroupArn(stack, logging.logGroup.logGroupName), logGroup: logging.logGroup };
    }
    const removalPolicy = logging.removalPolicy ?? RemovalPolicy.RETAIN;
    const key = createBaselineKey(this, 'LogKey', { description: `Encrypts the AWS WAF logs of ${this.node.path}`, removalPolicy });
    allowCloudWatchLogsToUseKey(key);
    const logGroupName = LOG_NAME_PREFIX + Names.uniqueResourceName(this, { maxLength: 512 - LOG_NAME_PREFIX.length, separator: '-' });
    const logGroup = new logs.LogGroup(this, 'LogGroup', {
      logGroupName,
      encryptionKey: key,
      retention: logging.retention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    return { arn: logGroupArn(stack, logGroup.logGroupName), logGroup };
  }
}

/**
 * The log group's ARN in the form the AWS WAF Developer Guide shows (no `:*` suffix, which the
 * log group's `Arn` attribute has: aws-cdk issue 18253), built on the group's `Ref` so that the
 * logging configuration waits for the group.
 */
function logGroupArn(stack: Stack, logGroupName: string): string {
  return `arn:${Aws.PARTITION}:logs:${stack.region}:${stack.account}:log-group:${logGroupName}`;
}

/**
 * AWS WAF accepts only destinations whose name starts with `aws-waf-logs-` ("AWS WAF logging
 * destinations" in the AWS WAF Developer Guide). A name CloudFormation generates never does, so an
 * in-app bucket or log group without a name is rejected too.
 */
function validateLogName(prop: string, destination: Construct, name: string, declaredName: unknown): void {
  if (!Token.isUnresolved(name)) {
    if (!name.startsWith(LOG_NAME_PREFIX)) {
      throw new Error(`${prop}: received '${name}'; AWS WAF logs only to a destination whose name starts with '${LOG_NAME_PREFIX}'`);
    }
    return;
  }
  const isInApp = destination.node.defaultChild !== undefined;
  // An L2 resource declares its name lazily: resolved, a name nobody gave is undefined.
  declaredName = Stack.of(destination).resolve(declaredName);
  if (isInApp && declaredName === undefined) {
    throw new Error(`${prop}: received ${destination.node.path} without a name, so CloudFormation would generate one; AWS WAF logs only to a destination whose name starts with '${LOG_NAME_PREFIX}': give it such a name`);
  }
  if (typeof declaredName === 'string' && !Token.isUnresolved(declaredName) && !declaredName.startsWith(LOG_NAME_PREFIX)) {
    throw new Error(`${prop}: received '${declaredName}'; AWS WAF logs only to a destination whose name starts with '${LOG_NAME_PREFIX}'`);
  }
}

/**
 * The bucket and key policies the log delivery service needs ("Logs sent to Amazon S3" in the
 * Amazon CloudWatch Logs User Guide): GetBucketAcl and PutObject under AWSLogs/<account>/, and, for a
 * customer managed key, the key. Each is limited to this account's log deliveries (confused deputy).
 * For an imported bucket or key these calls change nothing: its owner must add them.
 */
function allowLogDeliveryToBucket(bucket: s3.IBucket): void {
  const stack = Stack.of(bucket);
  const principal = new iam.ServicePrincipal('delivery.logs.amazonaws.com');
  const sourceConditions = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': `arn:${Aws.PARTITION}:logs:${stack.region}:${stack.account}:*` },
  };
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AWSLogDeliveryAclCheck',
    principals: [principal],
    actions: ['s3:GetBucketAcl'],
    resources: [bucket.bucketArn],
    conditions: sourceConditions,
  }));
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AWSLogDeliveryWrite',
    principals: [principal],
    actions: ['s3:PutObject'],
    resources: [bucket.arnForObjects(`AWSLogs/${stack.account}/*`)],
    conditions: {
      StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceAccount': stack.account },
      ArnLike: sourceConditions.ArnLike,
    },
  }));
  bucket.encryptionKey?.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowLogDeliveryToUseKey',
    principals: [principal],
    actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
    resources: ['*'],
    conditions: sourceConditions,
  }));
}

function redactedHeaders(headers: string[] | undefined): string[] {
  const names = headers ?? ['authorization', 'cookie'];
  validateUnique('ManagedRulesWebAclProps.logging.redactedHeaders', names, name => name);
  for (const name of names) {
    if (!Token.isUnresolved(name) && !/^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(name)) {
      throw new Error(`ManagedRulesWebAclProps.logging.redactedHeaders: received '${name}'; expected a lower-case HTTP header name of 1 to 64 characters, e.g. 'authorization'`);
    }
  }
  return names;
}

function validateGroups(groups: ManagedRuleGroupConfig[]): void {
  if (groups.length === 0) {
    throw new Error('ManagedRulesWebAclProps.managedRuleGroups: received an empty list; list at least ManagedRuleGroup.COMMON_RULE_SET');
  }
  validateUnique('ManagedRulesWebAclProps.managedRuleGroups', groups, config => `${config.group.vendorName}:${config.group.name}`);
  for (const config of groups) {
    const prop = `ManagedRulesWebAclProps.managedRuleGroups[${config.group.name}]`;
    const names = [...(config.excludedRules ?? []), ...(config.ruleOverrides ?? []).map(override => override.name)];
    validateUnique(`${prop}.excludedRules and ruleOverrides`, names, name => name);
    for (const name of names) {
      if (!Token.isUnresolved(name) && !/^[\w-]{1,128}$/.test(name)) {
        throw new Error(`${prop}: received the rule name '${name}'; expected a rule name of the group, such as 'SizeRestrictions_BODY'`);
      }
    }
  }
}

function validateRateLimit(rateLimit: RateLimitOptions): void {
  validateIntegerRange('ManagedRulesWebAclProps.rateLimit.limit', rateLimit.limit, 10, 2_000_000_000);
  const window = rateLimit.evaluationWindow;
  if (window && !window.isUnresolved() && !EVALUATION_WINDOWS_SECONDS.includes(window.toSeconds({ integral: false }))) {
    throw new Error(`ManagedRulesWebAclProps.rateLimit.evaluationWindow: received ${window.toHumanString()}; expected 1, 2, 5 or 10 minutes`);
  }
}

function describeCapacity(groups: ManagedRuleGroupConfig[], rateLimit?: RateLimitOptions): string {
  const parts = groups.map(config => `${config.group.name} ${config.group.capacity}`);
  if (rateLimit) {
    parts.unshift(`rate-based rule ${RATE_BASED_RULE_WCU}`);
  }
  return parts.join(', ');
}

function rateBasedRule(rateLimit: RateLimitOptions): wafv2.CfnWebACL.RuleProperty {
  return {
    name: 'RateLimitPerIp',
    priority: 0,
    action: rateLimit.countOnly ? { count: {} } : { block: {} },
    statement: {
      rateBasedStatement: {
        aggregateKeyType: 'IP',
        limit: rateLimit.limit,
        evaluationWindowSec: (rateLimit.evaluationWindow ?? Duration.minutes(5)).toSeconds(),
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: 'RateLimitPerIp' },
  };
}

function managedGroupRule(config: ManagedRuleGroupConfig, priority: number): wafv2.CfnWebACL.RuleProperty {
  const group = config.group;
  const overrides = [
    ...(config.excludedRules ?? []).map(name => ({ name, actionToUse: ruleAction(ManagedRuleAction.COUNT) })),
    ...(config.ruleOverrides ?? []).map(override => ({ name: override.name, actionToUse: ruleAction(override.action) })),
  ];
  const name = group.vendorName === 'AWS' ? `${group.name}${group.inspectionLevel ? `-${group.inspectionLevel}` : ''}` : `${group.vendorName}-${group.name}`;
  return {
    name,
    priority,
    overrideAction: config.countOnly ? { count: {} } : { none: {} },
    statement: {
      managedRuleGroupStatement: {
        vendorName: group.vendorName,
        name: group.name,
        ruleActionOverrides: overrides.length > 0 ? overrides : undefined,
        managedRuleGroupConfigs: group.inspectionLevel
          ? [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: group.inspectionLevel } }]
          : undefined,
      },
    },
    visibilityConfig: { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: name },
  };
}

function ruleAction(action: ManagedRuleAction): wafv2.CfnWebACL.RuleActionProperty {
  switch (action) {
    case ManagedRuleAction.ALLOW: return { allow: {} };
    case ManagedRuleAction.BLOCK: return { block: {} };
    case ManagedRuleAction.COUNT: return { count: {} };
    case ManagedRuleAction.CAPTCHA: return { captcha: {} };
    case ManagedRuleAction.CHALLENGE: return { challenge: {} };
  }
}
