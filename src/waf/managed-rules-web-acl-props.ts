import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { validateIntegerRange } from '../private/validation';

/** AWS WAF's web ACL capacity limit; the price covers DEFAULT_WCU_LIMIT (managed-rules-web-acl.ts). */
export const MAX_WCU = 5_000;

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
