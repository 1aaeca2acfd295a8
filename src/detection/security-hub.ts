import { Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnHub, CfnStandard } from 'aws-cdk-lib/aws-securityhub';
import { Construct } from 'constructs';
import { ServiceDeployment } from './service-deployment';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { createServiceLinkedRoleStatement } from '../private/service-linked-role';

const STANDARD_PATH_PATTERN = /^standards\/[a-z0-9][a-z0-9-]*\/v\/[0-9]+(\.[0-9]+)*$/;
const CONTROL_ID_PATTERN = /^[A-Za-z0-9.\-]+$/;
/** CloudFormation's limit on DisabledStandardsControls per AWS::SecurityHub::Standard. */
const MAX_DISABLED_CONTROLS_PER_STANDARD = 100;
/** One finding per control across standards instead of one per standard. */
const CONTROL_FINDING_GENERATOR = 'SECURITY_CONTROL';
const UNRESOLVED_STANDARD_PATH = 'SecurityHubProps.standards: a standard path is an unresolved token; use a literal path such as \'standards/pci-dss/v/4.0.1\'';

/**
 * A Security Hub security standard, identified by the resource part of its ARN.
 *
 * The set is open, so standards not listed here can be named with `SecurityHubStandard.of()`.
 */
export class SecurityHubStandard {
  /** AWS Foundational Security Best Practices v1.0.0. */
  public static readonly AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES = new SecurityHubStandard(
    'standards/aws-foundational-security-best-practices/v/1.0.0');
  /** CIS AWS Foundations Benchmark v3.0.0. */
  public static readonly CIS_AWS_FOUNDATIONS_BENCHMARK_V3 = new SecurityHubStandard(
    'standards/cis-aws-foundations-benchmark/v/3.0.0');
  /** NIST SP 800-53 Revision 5. */
  public static readonly NIST_800_53_REV5 = new SecurityHubStandard('standards/nist-800-53/v/5.0.0');

  /**
   * A standard by the resource part of its ARN, as `DescribeStandards` returns it.
   *
   * @param standardPath e.g. 'standards/pci-dss/v/4.0.1'
   */
  public static of(standardPath: string): SecurityHubStandard {
    if (!Token.isUnresolved(standardPath) && !STANDARD_PATH_PATTERN.test(standardPath)) {
      throw new Error(`SecurityHubStandard.of: '${standardPath}' is not a standard path; use the resource part of a regional standard ARN such as 'standards/pci-dss/v/4.0.1'`);
    }
    return new SecurityHubStandard(standardPath);
  }

  /**
   * The resource part of the standard's ARN, e.g. 'standards/nist-800-53/v/5.0.0'.
   */
  public readonly standardPath: string;

  private constructor(standardPath: string) {
    this.standardPath = standardPath;
  }

  /**
   * The standard's ARN in the deploying stack's partition and Region.
   */
  public standardsArn(): string {
    return Fn.sub(`arn:\${AWS::Partition}:securityhub:\${AWS::Region}::${this.standardPath}`);
  }

  /**
   * The ARN of the deploying account's subscription to this standard.
   */
  public subscriptionArn(): string {
    // Subscription ARNs mirror the standard path with 'subscription/' in place of 'standards/'.
    const subscriptionPath = this.standardPath.replace(/^standards\//, 'subscription/');
    return Fn.sub(`arn:\${AWS::Partition}:securityhub:\${AWS::Region}:\${AWS::AccountId}:${subscriptionPath}`);
  }

  /**
   * The ARN of one of this standard's controls in the deploying account and Region,
   * as `DisabledStandardsControls` expects it.
   *
   * @param controlId the control's ID within this standard, e.g. 'IAM.1' or '1.4'
   */
  public controlArn(controlId: string): string {
    // Control ARNs mirror the standard path with 'control/' in place of 'standards/'.
    const controlPath = this.standardPath.replace(/^standards\//, 'control/');
    const prefix = `arn:\${AWS::Partition}:securityhub:\${AWS::Region}:\${AWS::AccountId}:${controlPath}/`;
    if (Token.isUnresolved(controlId)) {
      return Fn.sub(`${prefix}\${ControlId}`, { ControlId: controlId });
    }
    return Fn.sub(`${prefix}${controlId}`);
  }
}

/**
 * A control to disable in one enabled standard.
 */
export interface DisabledControl {
  /**
   * The standard the control belongs to; it must be among the enabled standards.
   */
  readonly standard: SecurityHubStandard;

  /**
   * The control's ID within that standard, e.g. 'IAM.6' for FSBP or '1.4' for CIS v3.0.0.
   */
  readonly controlId: string;

  /**
   * Why the control is disabled. Security Hub requires a reason and shows it to auditors.
   */
  readonly reason: string;
}

/**
 * Properties for `SecurityHub`.
 */
export interface SecurityHubProps {
  /**
   * The standards to enable.
   *
   * @default [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES]
   */
  readonly standards?: SecurityHubStandard[];

  /**
   * Controls to disable, each in one of the enabled standards.
   *
   * @default - no control is disabled
   */
  readonly disabledControls?: DisabledControl[];

  /**
   * How Security Hub is deployed: adopted if the account is already subscribed, or as
   * `AWS::SecurityHub::Hub` and `AWS::SecurityHub::Standard` resources.
   *
   * `CLOUDFORMATION` is for standalone and administrator accounts. It cannot find out at deploy time
   * whether an administrator manages the account, and a member account fails with it anyway: its
   * Security Hub is already on ("Account is already subscribed to Security Hub"), and
   * `ControlFindingGenerator` "can only be updated in the administrator account". The default mode
   * serves both kinds of account with the same template.
   *
   * @default ServiceDeployment.ADOPT_OR_CREATE
   */
  readonly deployment?: ServiceDeployment;

  /**
   * Whether deleting the stack turns Security Hub off. Security Hub that was on before the stack
   * is never turned off.
   *
   * @default false
   */
  readonly disableOnDelete?: boolean;
}

/**
 * Security Hub for this account and Region, with the chosen standards enabled and consolidated
 * control findings.
 *
 * By default (`ServiceDeployment.ADOPT_OR_CREATE`) the baseline provider subscribes the account
 * with default standards off, or adopts an existing subscription, converging its settings; standards
 * are added and never removed from an adopted hub. With `ServiceDeployment.CLOUDFORMATION` the hub
 * and each standard are CloudFormation resources, and deploying where Security Hub is already on
 * fails with "ResourceConflictException: Account is already subscribed to Security Hub".
 *
 * In an organization member account whose Security Hub an administrator manages, the default mode
 * leaves the administrator's settings alone (consolidated control findings, auto-enabled controls,
 * standards and controls: a member cannot tell whether central configuration applies to it) and
 * reports them in the custom resource's `ManagedBy` and `SkippedSettings` attributes and the
 * provider's log.
 */
export class SecurityHub extends Construct {
  /**
   * The ARN of the hub.
   *
   * @attribute
   */
  public readonly hubArn: string;
  /** The standards the hub enables. */
  public readonly standards: SecurityHubStandard[];

  private readonly subscriptionArns = new Map<string, string>();

  constructor(scope: Construct, id: string, props: SecurityHubProps = {}) {
    super(scope, id);

    const standards = props.standards ?? [SecurityHubStandard.AWS_FOUNDATIONAL_SECURITY_BEST_PRACTICES];
    this.standards = standards;
    if (standards.length === 0) {
      throw new Error('SecurityHubProps.standards: received an empty list; list at least one standard, or leave it unset for AWS Foundational Security Best Practices');
    }
    const paths: string[] = [];
    for (const standard of standards) {
      // Both modes need a literal path: CloudFormation mode names a construct after it, and the ARNs
      // built from it use Fn::Sub, which takes a literal string only.
      if (Token.isUnresolved(standard.standardPath)) {
        throw new Error(UNRESOLVED_STANDARD_PATH);
      }
      if (paths.includes(standard.standardPath)) {
        throw new Error(`SecurityHubProps.standards: '${standard.standardPath}' is listed twice; list each standard once`);
      }
      paths.push(standard.standardPath);
    }

    const disabledByPath = new Map<string, CfnStandard.StandardsControlProperty[]>();
    const seenControls = new Set<string>();
    for (const control of props.disabledControls ?? []) {
      const path = control.standard.standardPath;
      if (!paths.includes(path)) {
        throw new Error(`SecurityHubProps.disabledControls: control '${control.controlId}' belongs to '${path}', which is not enabled; add that standard to standards or remove the control (enabled: ${paths.map((p) => `'${p}'`).join(', ')})`);
      }
      if (!Token.isUnresolved(control.controlId)) {
        if (!CONTROL_ID_PATTERN.test(control.controlId)) {
          throw new Error(`SecurityHubProps.disabledControls: controlId '${control.controlId}' is not a control ID; use letters, digits, '.' and '-' only, e.g. 'IAM.6' or '1.4'`);
        }
        const key = `${path}/${control.controlId}`;
        if (seenControls.has(key)) {
          throw new Error(`SecurityHubProps.disabledControls: control '${control.controlId}' of '${path}' is listed twice; list each control once`);
        }
        seenControls.add(key);
      }
      if (!Token.isUnresolved(control.reason) && control.reason.trim() === '') {
        throw new Error(`SecurityHubProps.disabledControls: control '${control.controlId}' of '${path}' has an empty reason; give a non-blank reason for disabling it`);
      }
      const list = disabledByPath.get(path) ?? [];
      list.push({ standardsControlArn: control.standard.controlArn(control.controlId), reason: control.reason });
      disabledByPath.set(path, list);
    }
    for (const [path, list] of disabledByPath) {
      if (list.length > MAX_DISABLED_CONTROLS_PER_STANDARD) {
        throw new Error(`SecurityHubProps.disabledControls: ${list.length} controls are disabled in '${path}'; CloudFormation allows at most ${MAX_DISABLED_CONTROLS_PER_STANDARD} per standard`);
      }
    }

    if ((props.deployment ?? ServiceDeployment.ADOPT_OR_CREATE) === ServiceDeployment.ADOPT_OR_CREATE) {
      this.hubArn = Stack.of(this).formatArn({ service: 'securityhub', resource: 'hub', resourceName: 'default' });
      this.adoptOrCreate(standards, disabledByPath, props.disableOnDelete ?? false);
    } else {
      this.hubArn = this.createWithCloudFormation(standards, disabledByPath, props.disableOnDelete ?? false);
    }
  }

  private adoptOrCreate(
    standards: SecurityHubStandard[], disabledByPath: Map<string, CfnStandard.StandardsControlProperty[]>, disableOnDelete: boolean,
  ): void {
    const stack = Stack.of(this);
    new BaselineCustomResource(this, 'Resource', {
      kind: 'SecurityHub',
      properties: {
        AccountId: stack.account,
        ControlFindingGenerator: CONTROL_FINDING_GENERATOR,
        AutoEnableControls: true,
        StandardsArns: standards.map(standard => standard.standardsArn()),
        DisabledControls: standards.flatMap(standard => (disabledByPath.get(standard.standardPath) ?? []).map(control => ({
          StandardsArn: standard.standardsArn(),
          StandardsControlArn: control.standardsControlArn,
          Reason: control.reason,
        }))),
        DisableOnDelete: disableOnDelete,
      },
      policyStatements: [
        new iam.PolicyStatement({
          // Security Hub authorizes these account-level calls against the account's hub. The switch-off
          // actions are kept for the provider's own paths only: DisableSecurityHub undoes a Create that
          // fails after subscribing (and serves disableOnDelete), BatchDisableStandards removes standards
          // an update takes out of a hub the stack created. The handler runs either only for events
          // CloudFormation confirms (handler/request-check.ts).
          actions: [
            'securityhub:DescribeHub', 'securityhub:GetAdministratorAccount', 'securityhub:EnableSecurityHub', 'securityhub:UpdateSecurityHubConfiguration',
            'securityhub:GetEnabledStandards', 'securityhub:BatchEnableStandards', 'securityhub:BatchDisableStandards',
            'securityhub:UpdateStandardsControl', 'securityhub:DisableSecurityHub',
          ],
          resources: [this.hubArn],
        }),
        createServiceLinkedRoleStatement(stack, 'securityhub.amazonaws.com', 'AWSServiceRoleForSecurityHub'),
      ],
    });
    for (const standard of standards) {
      this.subscriptionArns.set(standard.standardPath, standard.subscriptionArn());
    }
  }

  private createWithCloudFormation(
    standards: SecurityHubStandard[], disabledByPath: Map<string, CfnStandard.StandardsControlProperty[]>, disableOnDelete: boolean,
  ): string {
    // Retained by default so that deleting the stack does not silently switch Security Hub off.
    const removalPolicy = disableOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
    const hub = new CfnHub(this, 'Resource', {
      // Off so that the enabled set is exactly the standards below and survives updates.
      enableDefaultStandards: false,
      controlFindingGenerator: CONTROL_FINDING_GENERATOR,
      autoEnableControls: true,
    });
    hub.applyRemovalPolicy(removalPolicy);

    for (const standard of standards) {
      const cfnStandard = new CfnStandard(this, standardConstructId(standard), {
        standardsArn: standard.standardsArn(),
        disabledStandardsControls: disabledByPath.get(standard.standardPath),
      });
      // Subscribing to a standard fails until the account is subscribed to Security Hub.
      cfnStandard.addDependency(hub);
      cfnStandard.applyRemovalPolicy(removalPolicy);
      this.subscriptionArns.set(standard.standardPath, cfnStandard.attrStandardsSubscriptionArn);
    }
    return hub.attrArn;
  }

  /**
   * The ARN of this account's subscription to `standard`, e.g. to query its status.
   *
   * @param standard one of the standards this hub enables
   */
  public standardSubscriptionArn(standard: SecurityHubStandard): string {
    const subscriptionArn = this.subscriptionArns.get(standard.standardPath);
    if (!subscriptionArn) {
      throw new Error(`SecurityHub.standardSubscriptionArn: '${standard.standardPath}' is not enabled on this hub (enabled: ${[...this.subscriptionArns.keys()].map(p => `'${p}'`).join(', ')})`);
    }
    return subscriptionArn;
  }
}

/**
 * The id comes from the standard itself, not its position, so reordering the
 * standards list does not replace any subscription.
 */
function standardConstructId(standard: SecurityHubStandard): string {
  if (Token.isUnresolved(standard.standardPath)) {
    throw new Error(UNRESOLVED_STANDARD_PATH);
  }
  return 'Standard-' + standard.standardPath.replace(/^standards\//, '').replace(/\//g, '-');
}
