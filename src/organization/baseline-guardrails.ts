import { Annotations, Aspects, Names, Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { validateRegionList } from '../private/region';
import { BASELINE_ROLE_PATH } from '../private/role-path';
import { validatePattern, validateUnique } from '../private/validation';
import { SecureBaseline } from '../secure-baseline';
import { BaselineStackSet } from './baseline-stack-set';
import { GUARDRAIL_PROTECTIONS, ProtectionScope, STACK_NAME_TAG } from './guardrail-protections';

/**
 * Properties for `BaselineGuardrails`.
 */
export interface BaselineGuardrailsProps {
  /**
   * Where the SCPs are attached: the organization root (`r-xxxx`), OUs (`ou-xxxx-xxxxxxxx`) or member
   * accounts (12 digits). SCPs never restrict the management account, even when attached to the root.
   */
  readonly targetIds: string[];

  /**
   * The baseline whose resources are protected, e.g. `stackSet.baseline` of a `BaselineStackSet`: its trail's
   * name (the same in every account) narrows the CloudTrail denies to that trail.
   *
   * @default - every trail of the accounts is protected
   */
  readonly baseline?: SecureBaseline;

  /**
   * The StackSet that deploys the baseline: its trail is protected like `baseline`'s, and its stacks
   * (`StackSet-<StackSet name>-*`) and every resource they create, by the `aws:cloudformation:stack-name` tag
   * CloudFormation puts on them (the provider function, the KMS keys, the log group, the alarms, the topic,
   * the rules). Implies `baseline: stackSet.baseline`.
   *
   * @default - the stacks are known from `baseline` (its stack name) or `baselineStackNames`
   */
  readonly stackSet?: BaselineStackSet;

  /**
   * Names of the stacks that deploy the baseline in the member accounts, `*` and `?` matching any characters:
   * the stacks and every resource they create (by their `aws:cloudformation:stack-name` tag) are protected.
   * Give them for baselines deployed otherwise than by `stackSet` or `baseline`, e.g. the member Region stacks
   * of a `MultiRegionBaseline`.
   *
   * @default - `StackSet-<name>-*` of `stackSet`, else the stack name of `baseline`, else none (a warning says
   * what is then left unprotected)
   */
  readonly baselineStackNames?: string[];

  /**
   * The accounts are governed by AWS Control Tower. Its Region deny control already restricts Regions with
   * exemptions for Control Tower's own roles, which Control Tower maintains; `allowedRegions` is then refused.
   *
   * @default false
   */
  readonly controlTower?: boolean;

  /**
   * Names of the log buckets to protect from deletion, policy, lifecycle, versioning and encryption changes
   * and object deletion. `*` and `?` match any characters, e.g. `stackset-baseline-*-logarchive*`.
   *
   * The baseline's bucket names are generated per account (CloudFormation names a StackSet's bucket after
   * the stack, lower-case, and truncates the stack name to fit the logical id), and S3 evaluates the stack-name
   * tag only on buckets with ABAC on, so the guardrails cannot derive them: list the buckets' names (or a
   * pattern that you checked matches them and nothing else).
   *
   * @default - no bucket is protected
   */
  readonly logBucketNames?: string[];

  /**
   * The roles that deploy the baseline in member accounts and so must be allowed to change it: the
   * execution roles of CloudFormation StackSets. Service-managed StackSets (`BaselineStackSet`) assume
   * `stacksets-exec-*` roles that Organizations creates in each member account; AWS Control Tower uses
   * `AWSControlTowerExecution`; self-managed StackSets `AWSCloudFormationStackSetExecutionRole` by default.
   * Role names, with an optional path (`path/name`); `*` and `?` match any characters.
   *
   * @default ['stacksets-exec-*', 'AWSControlTowerExecution']
   */
  readonly stackSetExecutionRoleNames?: string[];

  /**
   * Roles a person assumes in an emergency to change the baseline in a member account. Role names with an
   * optional path, e.g. `BreakGlass` or `aws-reserved/sso.amazonaws.com/*AWSReservedSSO_BreakGlass_*` for an
   * IAM Identity Center permission set.
   *
   * @default - none
   */
  readonly breakGlassRoleNames?: string[];

  /**
   * Qualifiers of CDK bootstrap environments whose roles (`cdk-<qualifier>-*`) deploy the baseline with
   * `cdk deploy`. Use a qualifier of its own for the baseline (`cdk bootstrap --qualifier`), not the
   * default `hnb659fds` every other CDK app uses: every role of that bootstrap is exempt. These roles are
   * then protected like the others, so bootstrapping that qualifier again needs a break-glass role.
   *
   * @default - none
   */
  readonly cdkBootstrapQualifiers?: string[];

  /**
   * Deny requests to any Region but these (`aws:RequestedRegion`), except the global services' actions in
   * `regionExemptActions`. The exempt principals above are not restricted.
   *
   * @default - no Region restriction
   */
  readonly allowedRegions?: string[];

  /**
   * The actions the Region restriction never denies: global services, whose requests go to us-east-1 (or
   * another single Region) whatever Region a user works in.
   *
   * @default BaselineGuardrails.GLOBAL_SERVICE_ACTIONS
   */
  readonly regionExemptActions?: string[];

  /**
   * Deny `organizations:LeaveOrganization` to every principal of the member accounts, exempt ones included:
   * an account that leaves the organization leaves every SCP behind. The management account can still
   * remove an account.
   *
   * @default true
   */
  readonly denyLeaveOrganization?: boolean;
}

/**
 * One deny statement of the guardrails. `Sid` names it in messages; the size limit applies to each policy.
 */
interface Statement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action?: string[];
  readonly NotAction?: string[];
  readonly Resource: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/*
 * Design notes.
 *
 * Grammar: only Action or NotAction with wildcards at the end, Resource (never NotResource) and Deny
 * statements with conditions. Those were the only forms the Organizations user guide (SCP syntax) accepted
 * for years; newer SCPs accept the full IAM language, but nothing here needs it.
 *
 * ARNs use `*` for the partition so that one policy text serves every partition without tokens: the size
 * check then measures exactly what Organizations stores.
 *
 * Resources: an action with a resource type in the Service Authorization Reference is scoped to the
 * baseline's resource where the baseline can have several (trails, buckets, roles). GuardDuty detectors,
 * Security Hub hubs and Config recorders exist once per account and Region, and the baseline adopts
 * whichever is there (an analyzer too, whatever its name), so those statements use "*".
 */

/** SCPs, resource control policies: 5,120 characters, white space included (Organizations quotas). */
const MAX_POLICY_SIZE = 5120;
/** 5 SCPs per root, OU or account; FullAWSAccess usually takes one (Organizations quotas). */
const POLICIES_PER_TARGET = 4;
const TARGET_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/;
/** IAM role names (64 characters of `[\w+=,.@-]`) with an optional path, plus the ARN wildcards. */
const ROLE_NAME = /^([\w+=,.@*?-]+\/)*[\w+=,.@*?-]{1,64}$/;
/** `cdk bootstrap --qualifier`: letters, digits, '-' and '_', 10 at most. */
const CDK_QUALIFIER = /^[A-Za-z0-9_-]{1,10}$/;
/** S3 bucket names (3 to 63 lower-case letters, digits, '.', '-') with wildcards. */
const BUCKET_NAME = /^[a-z0-9.*?-]{1,63}$/;
/** CloudFormation stack names: a letter, then letters, digits and hyphens, 128 at most; plus the wildcards. */
const STACK_NAME = /^[A-Za-z*?][A-Za-z0-9*?-]{0,127}$/;
const PROPS = 'BaselineGuardrailsProps';

/**
 * Service control policies that keep the baseline on in member accounts: no principal of an account the
 * policies are attached to can stop or delete the trail, the Config recorder, its rules and remediations, GuardDuty,
 * Security Hub, Access Analyzer or Inspector, suppress or archive their findings, switch off EBS encryption by default,
 * account-level S3 Block Public Access or the password policy, touch the baseline's roles, delete or update its stacks,
 * invoke, change or re-permission its provider function, disable its KMS keys, change its log group, alarms, topic or
 * event rules (found by the `aws:cloudformation:stack-name` tag CloudFormation puts on them), touch the named log
 * buckets, or leave the organization. The roles that deploy the baseline (StackSet execution roles, the baseline's own
 * provider function, optionally CDK bootstrap roles) and named break-glass roles are exempt. Optionally, requests
 * outside the allowed Regions are denied too. What each statement denies, and the routes it leaves open, are listed
 * in the README (generated from `guardrail-protections.ts` and the tests' tamper matrix).
 *
 * Deploy it in the organization's management account or in a delegated administrator for Organizations
 * policies, with the SCP policy type enabled on the root. SCPs cost nothing.
 *
 * @example
 * import { App, Stack } from 'aws-cdk-lib';
 * import { BaselineGuardrails } from 'cdk-secure-baseline';
 *
 * const app = new App();
 * const management = new Stack(app, 'Guardrails', { env: { account: '111111111111', region: 'us-east-1' } });
 * new BaselineGuardrails(management, 'Guardrails', {
 *   targetIds: ['ou-ab12-cdef3456'],
 *   breakGlassRoleNames: ['BreakGlass'],
 * });
 */
export class BaselineGuardrails extends Construct {
  /**
   * The global services' actions that the Organizations user guide's example "Deny access to AWS based on
   * the requested AWS Region" exempts from a Region restriction (their endpoints are in us-east-1).
   * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples_general.html
   */
  public static readonly GLOBAL_SERVICE_ACTIONS: string[] = [
    'a4b:*', 'acm:*', 'aws-marketplace-management:*', 'aws-marketplace:*', 'aws-portal:*', 'budgets:*', 'ce:*',
    'chime:*', 'cloudfront:*', 'config:*', 'cur:*', 'directconnect:*', 'ec2:DescribeRegions',
    'ec2:DescribeTransitGateways', 'ec2:DescribeVpnGateways', 'fms:*', 'globalaccelerator:*', 'health:*', 'iam:*',
    'importexport:*', 'kms:*', 'mobileanalytics:*', 'networkmanager:*', 'organizations:*', 'pricing:*', 'route53:*',
    'route53domains:*', 'route53-recovery-cluster:*', 'route53-recovery-control-config:*',
    'route53-recovery-readiness:*', 's3:GetAccountPublic*', 's3:ListAllMyBuckets', 's3:ListMultiRegionAccessPoints',
    's3:PutAccountPublic*', 'shield:*', 'sts:*', 'support:*', 'trustedadvisor:*', 'waf-regional:*', 'waf:*', 'wafv2:*',
    'wellarchitected:*',
  ];

  /** The SCPs, in order; each is attached to every target. */
  public readonly policies: organizations.CfnPolicy[];
  /** The `aws:PrincipalArn` patterns the guardrails exempt. */
  public readonly exemptPrincipalArns: string[];
  /**
   * The Regions the guardrails allow.
   *
   * @default - no Region restriction
   */
  public readonly allowedRegions?: string[];
  /** The roots, OUs or accounts the SCPs are attached to. */
  public readonly targetIds: string[];
  /** The names of the baseline's stacks (patterns) whose resources are protected; empty when none is known. */
  public readonly baselineStackNames: string[];
  /** The size of each policy in characters, as Organizations counts them (at most 5,120 each). */
  public readonly policySizes: number[];

  constructor(scope: Construct, id: string, props: BaselineGuardrailsProps) {
    super(scope, id);
    validateProps(this, props);
    this.allowedRegions = props.allowedRegions;
    this.targetIds = props.targetIds;
    // StackSets may be created after the guardrails: compared once the app is complete.
    Aspects.of(this).add({
      visit: node => {
        if (node === this) {
          this.warnOnDeniedStackSetRegions();
        }
      },
    });

    this.exemptPrincipalArns = [
      ...(props.stackSetExecutionRoleNames ?? ['stacksets-exec-*', 'AWSControlTowerExecution']),
      `${BASELINE_ROLE_PATH.slice(1)}*`,
      ...(props.cdkBootstrapQualifiers ?? []).map(q => `cdk-${q}-*`),
      ...(props.breakGlassRoleNames ?? []),
    ].map(roleArn);
    this.baselineStackNames = baselineStackNamesOf(this, props);

    const statements = guardrailStatements(this, props, this.exemptPrincipalArns, this.baselineStackNames);
    const { documents, leftOut } = packStatements(statements);
    if (leftOut.length > 0) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:guardrailsPolicyCount',
        `The guardrails leave out ${leftOut.map(l => `${l.Sid} (${policySize({ Version: '2012-10-17', Statement: [l] })} characters)`).join(', ')}: `
        + `the other statements fill ${POLICIES_PER_TARGET} SCPs of ${MAX_POLICY_SIZE} characters, and a target takes 5 SCPs, FullAWSAccess usually `
        + 'holding one of them. Shorten the lists the statements are built from (role names, bucket names, Regions, regionExemptActions) '
        + 'or attach the Region restriction elsewhere');
    }
    this.policySizes = documents.map(policySize);
    const baseName = Names.uniqueResourceName(this, { maxLength: 120, separator: '-' });
    this.policies = documents.map((document, i) => new organizations.CfnPolicy(this, i === 0 ? 'Resource' : `Resource${i + 1}`, {
      name: `${baseName}-${i + 1}`,
      type: 'SERVICE_CONTROL_POLICY',
      description: `cdk-secure-baseline guardrails ${i + 1}/${documents.length}: ${document.Statement.map(s => s.Sid).join(', ')}`.slice(0, 512),
      content: document,
      targetIds: props.targetIds,
    }));
  }

  /**
   * A Region a StackSet of the same app deploys to that these guardrails deny is most often a typo in
   * one of the two lists; the warning sits on the StackSet, where a baseline kept on purpose in a
   * denied Region acknowledges it.
   */
  private warnOnDeniedStackSetRegions(): void {
    const allowed = this.allowedRegions;
    if (allowed === undefined) {
      return;
    }
    const stackSets = this.node.root.node.findAll().filter((c): c is BaselineStackSet => c instanceof BaselineStackSet);
    for (const stackSet of stackSets) {
      const denied = stackSet.regionGroups.flatMap(group => group.regions).filter(region => !allowed.includes(region));
      if (denied.length > 0) {
        Annotations.of(stackSet).addWarningV2('cdk-secure-baseline:stackSetRegionDeniedByGuardrails',
          `BaselineStackSetProps.regions: ${denied.join(', ')} not in the allowedRegions [${allowed.join(', ')}] of the BaselineGuardrails `
          + `${this.node.path}; where its targets (${this.targetIds.join(', ')}) hold accounts of the StackSet's organizational units, `
          + 'its SCP denies everyone but the exempt roles there: add the Region to allowedRegions, or remove it from regions');
      }
    }
  }
}

function roleArn(nameWithPath: string): string {
  return `arn:*:iam::*:role/${nameWithPath}`;
}

function validateProps(scope: Construct, props: BaselineGuardrailsProps): void {
  if (props.targetIds.length === 0) {
    throw new Error(`${PROPS}.targetIds: received an empty list; give the root id (r-xxxx), OU ids (ou-xxxx-xxxxxxxx) or account ids (12 digits)`);
  }
  for (const target of props.targetIds) {
    validatePattern(`${PROPS}.targetIds`, target, TARGET_ID, 'a root id such as r-ab12, an OU id such as ou-ab12-cdef3456 or a 12-digit account id');
  }
  validateUnique(`${PROPS}.targetIds`, props.targetIds, t => t);
  const roleNames: Array<[string, string[] | undefined]> = [
    ['stackSetExecutionRoleNames', props.stackSetExecutionRoleNames], ['breakGlassRoleNames', props.breakGlassRoleNames],
  ];
  for (const [prop, names] of roleNames) {
    for (const name of names ?? []) {
      validatePattern(`${PROPS}.${prop}`, name, ROLE_NAME, "a role name with an optional path, such as 'BreakGlass' or 'admin/BreakGlass' (letters, digits, +=,.@_-, and * or ? as wildcards)");
      if (!Token.isUnresolved(name) && /^[*?/]+$/.test(name)) {
        throw new Error(`${PROPS}.${prop}: received '${name}', which matches every role and would exempt every principal; name the roles`);
      }
    }
    validateUnique(`${PROPS}.${prop}`, names ?? [], n => n);
  }
  for (const qualifier of props.cdkBootstrapQualifiers ?? []) {
    validatePattern(`${PROPS}.cdkBootstrapQualifiers`, qualifier, CDK_QUALIFIER, "a CDK bootstrap qualifier: 1 to 10 letters, digits, '-' or '_', such as 'baseline'");
  }
  validateUnique(`${PROPS}.cdkBootstrapQualifiers`, props.cdkBootstrapQualifiers ?? [], q => q);
  for (const bucket of props.logBucketNames ?? []) {
    validatePattern(`${PROPS}.logBucketNames`, bucket, BUCKET_NAME, "an S3 bucket name (lower-case letters, digits, '.' and '-'), with * or ? as wildcards");
  }
  for (const name of props.baselineStackNames ?? []) {
    validatePattern(`${PROPS}.baselineStackNames`, name, STACK_NAME, 'a stack name (a letter, then letters, digits and hyphens), with * or ? as wildcards');
    if (!Token.isUnresolved(name) && /^[*?]+$/.test(name)) {
      throw new Error(`${PROPS}.baselineStackNames: received '${name}', which matches every stack and would lock every stack and resource of the accounts; name the baseline's stacks`);
    }
  }
  validateUnique(`${PROPS}.baselineStackNames`, props.baselineStackNames ?? [], n => n);
  if (props.stackSet !== undefined && props.baseline !== undefined && props.baseline !== props.stackSet.baseline) {
    throw new Error(`${PROPS}.baseline: a different baseline than stackSet.baseline was given with stackSet; give one of them`);
  }
  if (props.controlTower && props.allowedRegions !== undefined) {
    throw new Error(`${PROPS}.allowedRegions: received [${props.allowedRegions.join(', ')}] with controlTower: true. AWS Control Tower's Region deny `
      + 'control restricts Regions and exempts the roles Control Tower needs (it maintains that list with each landing zone version), and a second '
      + 'Region deny conflicts with it: remove allowedRegions and use the landing zone Region deny setting, or the OU Region deny control '
      + 'CT.MULTISERVICE.PV.1 (parameters AllowedRegions, ExemptedPrincipalArns, ExemptedActions)');
  }
  if (props.allowedRegions !== undefined) {
    if (props.allowedRegions.length === 0) {
      throw new Error(`${PROPS}.allowedRegions: received an empty list, which would deny every Region; list the Regions to allow or leave it unset`);
    }
    validateRegionList(scope, `${PROPS}.allowedRegions`, props.allowedRegions);
  } else if (props.regionExemptActions !== undefined) {
    throw new Error(`${PROPS}.regionExemptActions: given without allowedRegions; they only apply to the Region restriction`);
  }
  for (const action of props.regionExemptActions ?? []) {
    // SCPs take a wildcard in an action only alone or at the end of the string.
    validatePattern(`${PROPS}.regionExemptActions`, action, /^[a-z0-9-]+:[A-Za-z0-9]*\*?$/, "a service prefix and action such as 'iam:*' or 's3:GetAccountPublic*' (a wildcard only at the end)");
  }
}

/**
 * The stacks that deploy the baseline: a StackSet names each account's stack `StackSet-<StackSet name>-<id>`
 * (CloudFormation StackSets user guide); a stack deployed otherwise has the name it was given.
 */
function baselineStackNamesOf(scope: Construct, props: BaselineGuardrailsProps): string[] {
  if (props.baselineStackNames !== undefined) {
    return props.baselineStackNames;
  }
  const name = props.stackSet ? `StackSet-${props.stackSet.stackSetName}-*` : props.baseline?.stackName;
  if (name !== undefined && !Token.isUnresolved(name)) {
    return [name];
  }
  Annotations.of(scope).addWarningV2('cdk-secure-baseline:guardrailsBaselineStacksUnknown',
    'The guardrails do not know the stacks that deploy the baseline, so its stacks, provider function, KMS keys, log group, alarms, topic '
    + 'and event rules are not protected, and the provider function can be invoked by any principal allowed lambda:InvokeFunction: give '
    + 'stackSet, baseline (with a stack name that is not a token) or baselineStackNames');
  return [];
}

function guardrailStatements(scope: Construct, props: BaselineGuardrailsProps, exempt: string[], stackNames: string[]): Statement[] {
  const unlessExempt = { ArnNotLike: { 'aws:PrincipalArn': exempt } };
  const baseline = props.stackSet?.baseline ?? props.baseline;
  const trailName = baseline?.auditTrail?.trailName;
  const trails = trailName !== undefined && !Token.isUnresolved(trailName) ? `arn:*:cloudtrail:*:*:trail/${trailName}` : '*';
  const buckets = props.logBucketNames ?? [];
  if (buckets.length === 0 && baseline?.logBucket !== undefined) {
    Annotations.of(scope).addWarningV2('cdk-secure-baseline:guardrailsLogBucketUnnamed',
      'The baseline\'s log bucket has a name generated per account (CloudFormation truncates the stack name in it), and S3 evaluates '
      + 'the stack-name tag only on buckets with ABAC enabled, so the guardrails protect its objects and settings only by the names in '
      + 'logBucketNames: list the buckets\' names (or a pattern that matches them and nothing else); its KMS key is protected by tag');
  }

  const statements: Statement[] = [];
  for (const protection of GUARDRAIL_PROTECTIONS) {
    const deny = (Resource: string | string[], condition: Statement['Condition'] = {}): Statement => ({
      Sid: protection.sid, Effect: 'Deny', Action: protection.actions, Resource, Condition: { ...condition, ...unlessExempt },
    });
    switch (protection.scope) {
      case ProtectionScope.ROLES:
        // Protecting the exempt roles as well keeps anyone from creating a role that matches an exemption, or
        // passing one to a function of their own.
        statements.push(deny(exempt));
        break;
      case ProtectionScope.STACK_RESOURCES:
        if (stackNames.length > 0) {
          statements.push(deny('*', { StringLike: { [`aws:ResourceTag/${STACK_NAME_TAG}`]: stackNames } }));
        }
        break;
      case ProtectionScope.STACK:
        if (stackNames.length > 0) {
          statements.push(deny(stackNames.map(name => `arn:*:cloudformation:*:*:stack/${name}/*`)));
        }
        break;
      case ProtectionScope.TRAIL:
        statements.push(deny(trails));
        break;
      case ProtectionScope.ACCOUNT:
        statements.push(deny('*'));
        break;
      case ProtectionScope.LOG_BUCKETS:
        if (buckets.length > 0) {
          statements.push(deny(buckets.flatMap(b => [`arn:*:s3:::${b}`, `arn:*:s3:::${b}/*`])));
        }
        break;
    }
  }

  if (props.denyLeaveOrganization ?? true) {
    statements.push({ Sid: 'DenyLeaveOrganization', Effect: 'Deny', Action: ['organizations:LeaveOrganization'], Resource: '*' });
  }
  if (props.allowedRegions !== undefined) {
    statements.push({
      Sid: 'DenyOutsideAllowedRegions',
      Effect: 'Deny',
      NotAction: props.regionExemptActions ?? BaselineGuardrails.GLOBAL_SERVICE_ACTIONS,
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': props.allowedRegions }, ...unlessExempt },
    });
  }
  return statements;
}

/** The size Organizations counts: every character, so the policy is stored without white space. */
function policySize(document: unknown): number {
  return JSON.stringify(document).length;
}

type PolicyDocument = { Version: string; Statement: Statement[] };

/**
 * Packs the statements, in order of importance, into at most 4 policies of the size limit (first fit):
 * merging into policies rather than adding them, as a target takes 5 SCPs at most. A statement that fits in
 * none is left out, and returned so that the synth can say so.
 */
function packStatements(statements: Statement[]): { documents: PolicyDocument[]; leftOut: Statement[] } {
  const documents: PolicyDocument[] = [];
  const leftOut: Statement[] = [];
  for (const statement of statements) {
    const alone = { Version: '2012-10-17', Statement: [statement] };
    if (policySize(alone) > MAX_POLICY_SIZE) {
      throw new Error(`BaselineGuardrails: the statement ${statement.Sid} takes ${policySize(alone)} characters in a policy of its own, more than the `
        + `${MAX_POLICY_SIZE} an SCP may hold; shorten the lists it is built from (role names, bucket names, Regions, regionExemptActions)`);
    }
    const fits = documents.find(d => policySize({ ...d, Statement: [...d.Statement, statement] }) <= MAX_POLICY_SIZE);
    if (fits) {
      fits.Statement.push(statement);
    } else if (documents.length < POLICIES_PER_TARGET) {
      documents.push(alone);
    } else {
      leftOut.push(statement);
    }
  }
  return { documents, leftOut };
}
