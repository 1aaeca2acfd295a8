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
import { createBaselineKey } from '../private/baseline-key';
import { allowCloudWatchLogsToUseKey } from '../private/log-group-key';
import { validateIntegerRange, validateUnique } from '../private/validation';

/**
 * Where a web ACL protects resources.
 */
export enum WebAclScope {
  /** Application Load Balancers, API Gateway REST API stages, AppSync APIs and Cognito user pools of the stack's region. */
  REGIONAL = 'REGIONAL',
  /** CloudFront distributions; the web ACL must be created in us-east-1. */
  CLOUDFRONT = 'CLOUDFRONT',
}

/**
 * The action a single rule of a managed rule group takes instead of its own.
 */
export enum ManagedRuleAction {
  /** Let matching requests through. */
  ALLOW = 'ALLOW',
  /** Block matching requests. */
  BLOCK = 'BLOCK',
  /** Only count (and log) matching requests: the way to switch off a rule that blocks legitimate traffic. */
  COUNT = 'COUNT',
  /** Ask the client to solve a CAPTCHA. */
  CAPTCHA = 'CAPTCHA',
  /** Run a silent browser challenge. */
  CHALLENGE = 'CHALLENGE',
}

/**
 * An AWS WAF managed rule group and the web ACL capacity units (WCUs) it uses.
 *
 * The capacities are those AWS publishes in the AWS WAF Developer Guide ("AWS Managed Rules rule
 * groups list"); a rule group's capacity is fixed by its owner, so they hold for every version.
 */
export class ManagedRuleGroup {
  /** Core rule set (CRS): OWASP Top 10 style exploits in any web application. 700 WCU. */
  public static readonly COMMON_RULE_SET = new ManagedRuleGroup('AWS', 'AWSManagedRulesCommonRuleSet', 700);
  /** Known bad inputs: request patterns known to be invalid or to exploit vulnerabilities (Log4j, Java deserialization). 200 WCU. */
  public static readonly KNOWN_BAD_INPUTS = new ManagedRuleGroup('AWS', 'AWSManagedRulesKnownBadInputsRuleSet', 200);
  /** Amazon IP reputation list: addresses Amazon threat intelligence saw in malicious activity. 25 WCU. */
  public static readonly AMAZON_IP_REPUTATION = new ManagedRuleGroup('AWS', 'AWSManagedRulesAmazonIpReputationList', 25);
  /** Anonymous IP list: VPNs, proxies, Tor nodes and hosting providers that hide a viewer's identity. 50 WCU. */
  public static readonly ANONYMOUS_IP = new ManagedRuleGroup('AWS', 'AWSManagedRulesAnonymousIpList', 50);
  /** SQL database: SQL injection in query strings, bodies, cookies and the URI. 200 WCU. */
  public static readonly SQL_DATABASE = new ManagedRuleGroup('AWS', 'AWSManagedRulesSQLiRuleSet', 200);
  /** Linux operating system: local file inclusion of Linux-specific files. 200 WCU. */
  public static readonly LINUX = new ManagedRuleGroup('AWS', 'AWSManagedRulesLinuxRuleSet', 200);
  /** POSIX operating system (Unix): command injection and file inclusion on POSIX systems. 100 WCU. */
  public static readonly UNIX = new ManagedRuleGroup('AWS', 'AWSManagedRulesUnixRuleSet', 100);
  /** Windows operating system: PowerShell and Windows command injection. 200 WCU. */
  public static readonly WINDOWS = new ManagedRuleGroup('AWS', 'AWSManagedRulesWindowsRuleSet', 200);
  /** PHP application: PHP function injection and unsafe PHP variables. 100 WCU. */
  public static readonly PHP = new ManagedRuleGroup('AWS', 'AWSManagedRulesPHPRuleSet', 100);
  /** WordPress application: WordPress-specific exploits (add `PHP` too). 100 WCU. */
  public static readonly WORDPRESS = new ManagedRuleGroup('AWS', 'AWSManagedRulesWordPressRuleSet', 100);
  /**
   * Bot Control at the common inspection level: self-identifying bots (scrapers, search engines,
   * automated browsers). 50 WCU. Charged on top of AWS WAF's own fees: a monthly subscription and a
   * fee per million requests it inspects (see AWS WAF pricing).
   */
  public static readonly BOT_CONTROL_COMMON = new ManagedRuleGroup('AWS', 'AWSManagedRulesBotControlRuleSet', 50, 'COMMON');
  /**
   * Bot Control at the targeted inspection level: adds sophisticated bots that do not identify
   * themselves (browser interrogation, fingerprinting, CAPTCHA and challenges). 50 WCU. Charged
   * on top of AWS WAF's own fees at a higher per-request price than the common level.
   */
  public static readonly BOT_CONTROL_TARGETED = new ManagedRuleGroup('AWS', 'AWSManagedRulesBotControlRuleSet', 50, 'TARGETED');

  /**
   * Another managed rule group (a newer AWS group, or an AWS Marketplace group you subscribed to).
   *
   * @param vendorName the vendor, e.g. 'AWS'
   * @param name the rule group's name
   * @param capacity the WCUs the vendor publishes for it (DescribeManagedRuleGroup returns it)
   */
  public static of(vendorName: string, name: string, capacity: number): ManagedRuleGroup {
    validateIntegerRange(`ManagedRuleGroup.of('${vendorName}', '${name}').capacity`, capacity, 1, MAX_WCU);
    return new ManagedRuleGroup(vendorName, name, capacity);
  }

  private constructor(
    /** The rule group's vendor. */
    public readonly vendorName: string,
    /** The rule group's name. */
    public readonly name: string,
    /** The web ACL capacity units (WCUs) the rule group uses. */
    public readonly capacity: number,
    /** The Bot Control inspection level, for Bot Control only. */
    public readonly inspectionLevel?: string,
  ) {}
}

/**
 * A managed rule group in the web ACL and how it runs.
 */
export interface ManagedRuleGroupConfig {
  /** The managed rule group. */
  readonly group: ManagedRuleGroup;

  /**
   * Count matching requests instead of acting on them, for the whole group: the safe way to roll a
   * group out, read its logs and metrics, then switch it to its own actions.
   *
   * @default false
   */
  readonly countOnly?: boolean;

  /**
   * Rules of the group, by name, that only count (their block is switched off), e.g.
   * `['SizeRestrictions_BODY']` for an application that takes large uploads.
   *
   * @default - none
   */
  readonly excludedRules?: string[];

  /**
   * Rules of the group, by name, that take another action than their own.
   *
   * @default - none
   */
  readonly ruleOverrides?: ManagedRuleOverride[];
}

/**
 * A rule of a managed rule group that takes another action than its own.
 */
export interface ManagedRuleOverride {
  /** The rule's name, as the rule group's documentation lists it. */
  readonly name: string;
  /** The action the rule takes instead. */
  readonly action: ManagedRuleAction;
}

/**
 * A rate-based rule: blocks a client IP address that sends more than `limit` requests in the
 * evaluation window, until its rate falls below the limit again.
 */
export interface RateLimitOptions {
  /**
   * Requests per client IP address in the evaluation window; from 10 to 2,000,000,000.
   */
  readonly limit: number;

  /**
   * The window AWS WAF counts requests in: 1, 2, 5 or 10 minutes.
   *
   * @default Duration.minutes(5)
   */
  readonly evaluationWindow?: Duration;

  /**
   * Count instead of block.
   *
   * @default false
   */
  readonly countOnly?: boolean;
}

/**
 * Where and how the web ACL logs the requests it inspects.
 */
export interface WebAclLoggingOptions {
  /**
   * Whether to log.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * An existing CloudWatch Logs log group; its name must start with `aws-waf-logs-`.
   *
   * @default - a new log group named `aws-waf-logs-<unique id>`, encrypted with a new customer managed key
   */
  readonly logGroup?: logs.ILogGroup;

  /**
   * An S3 bucket instead of a log group; its name must start with `aws-waf-logs-`. The construct
   * adds the bucket policy (and, for a bucket encrypted with a customer managed key, the key policy
   * statement) that the log delivery service needs when the bucket is in this app.
   *
   * @default - logs go to a log group
   */
  readonly bucket?: s3.IBucket;

  /**
   * Request headers whose values are replaced by `REDACTED` in the logs, lower case.
   *
   * @default ['authorization', 'cookie']
   */
  readonly redactedHeaders?: string[];

  /**
   * How long the log group that this construct creates keeps the logs.
   *
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;

  /**
   * What happens to the log group and its key that this construct creates when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Properties of a `ManagedRulesWebAcl`.
 */
export interface ManagedRulesWebAclProps {
  /**
   * REGIONAL for load balancers, API Gateway, AppSync and Cognito; CLOUDFRONT for distributions
   * (then the stack must be in us-east-1).
   *
   * @default WebAclScope.REGIONAL
   */
  readonly scope?: WebAclScope;

  /**
   * The managed rule groups, evaluated in this order. Replaces the default list: keep
   * `ManagedRuleGroup.COMMON_RULE_SET` in it, as the AWS Security Maturity Model asks.
   *
   * @default - the core rule set, known bad inputs and the Amazon IP reputation list (925 WCU)
   */
  readonly managedRuleGroups?: ManagedRuleGroupConfig[];

  /**
   * A rate-based rule per client IP address, evaluated before the managed rule groups.
   *
   * @default - no rate-based rule
   */
  readonly rateLimit?: RateLimitOptions;

  /**
   * The most web ACL capacity units (WCUs) the web ACL may use. AWS WAF's price covers 1,500 WCUs;
   * up to 5,000 are allowed, each further 500 WCUs charged per million requests (AWS WAF pricing).
   * Raising it is how you accept that charge.
   *
   * @default 1500
   */
  readonly capacityLimit?: number;

  /**
   * Logging of the inspected requests.
   *
   * @default - logged to a new encrypted log group, with the authorization and cookie headers redacted
   */
  readonly logging?: WebAclLoggingOptions;
}

/** AWS WAF's web ACL capacity limit; the price covers DEFAULT_WCU_LIMIT. */
const MAX_WCU = 5_000;
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
