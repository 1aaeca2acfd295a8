import { Duration, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { CfnAnalyzer } from 'aws-cdk-lib/aws-accessanalyzer';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ServiceDeployment } from './service-deployment';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { AccessAnalyzerProperties } from '../private/custom-resource-contract';
import { createServiceLinkedRoleStatement } from '../private/service-linked-role';

/** Limits of UnusedAccessConfiguration.UnusedAccessAge in the CloudFormation resource spec. */
const MIN_UNUSED_ACCESS_DAYS = 1;
const MAX_UNUSED_ACCESS_DAYS = 365;

/**
 * Which accounts an analyzer covers; its zone of trust.
 */
export enum AnalyzerScope {
  /** The current account. */
  ACCOUNT = 'ACCOUNT',
  /**
   * Every account of the organization. Deploy from the management account or a
   * delegated administrator for IAM Access Analyzer.
   */
  ORGANIZATION = 'ORGANIZATION',
}

/**
 * Properties for `AccessAnalyzer`.
 */
export interface AccessAnalyzerProps {
  /**
   * The zone of trust for the analyzers.
   *
   * @default AnalyzerScope.ACCOUNT
   */
  readonly scope?: AnalyzerScope;

  /**
   * Also create an unused access analyzer, which reports unused roles, users,
   * access keys, passwords and permissions. Opt-in because it is charged per IAM
   * role and user analyzed each month.
   *
   * @default false
   */
  readonly unusedAccess?: boolean;

  /**
   * How long access must go unused before the unused access analyzer reports it.
   * Whole days from 1 to 365. Only valid with `unusedAccess: true`.
   *
   * @default Duration.days(90)
   */
  readonly unusedAccessAge?: Duration;

  /**
   * How the analyzers are deployed. With `ADOPT_OR_CREATE` an active analyzer of the same type
   * that already exists in the account and Region is adopted (and, for unused access, its age
   * converged); with `CLOUDFORMATION` each analyzer is an `AWS::AccessAnalyzer::Analyzer`, which
   * fails where an analyzer of its type already exists.
   *
   * @default ServiceDeployment.ADOPT_OR_CREATE
   */
  readonly deployment?: ServiceDeployment;

  /**
   * Whether deleting the stack (or removing this construct) deletes the analyzers. Only an
   * analyzer that the stack created is ever deleted: an adopted one is left as it is. When false,
   * the analyzers stay after the stack is gone (with `CLOUDFORMATION`, through a `Retain`
   * deletion policy).
   *
   * @default false
   */
  readonly disableOnDelete?: boolean;
}

/**
 * IAM Access Analyzer for this Region: an external access analyzer, and
 * optionally an unused access analyzer.
 *
 * Only one analyzer of each type may exist per account and Region. By default
 * (`ServiceDeployment.ADOPT_OR_CREATE`) the baseline provider adopts an active analyzer of the
 * type if there is one, whatever its name, or creates one with a name generated from the
 * construct path; the unused access age is converged on every deployment. With
 * `ServiceDeployment.CLOUDFORMATION` each analyzer is an `AWS::AccessAnalyzer::Analyzer` left
 * unnamed so CloudFormation generates a unique name; deploying it where an analyzer of the type
 * already exists fails.
 *
 * Deleting the stack leaves the analyzers in place unless `disableOnDelete` is true.
 */
export class AccessAnalyzer extends Construct {
  /**
   * The ARN of the external access analyzer.
   *
   * @attribute
   */
  public readonly analyzerArn: string;

  /**
   * The ARN of the unused access analyzer.
   *
   * @default - none unless `unusedAccess` is true
   */
  public readonly unusedAccessAnalyzerArn?: string;

  constructor(scope: Construct, id: string, props: AccessAnalyzerProps = {}) {
    super(scope, id);

    const zone = props.scope ?? AnalyzerScope.ACCOUNT;

    if (props.unusedAccessAge !== undefined && props.unusedAccess !== true) {
      throw new Error(`AccessAnalyzerProps.unusedAccessAge: received ${props.unusedAccessAge.toHumanString()} but unusedAccess is not true; set unusedAccess: true, or remove unusedAccessAge`);
    }

    const unusedAccessAge = props.unusedAccess === true ? unusedAccessDays(props.unusedAccessAge ?? Duration.days(90)) : undefined;
    const disableOnDelete = props.disableOnDelete ?? false;

    if ((props.deployment ?? ServiceDeployment.ADOPT_OR_CREATE) === ServiceDeployment.CLOUDFORMATION) {
      // Deleting the stack must not lower protection unless asked to.
      const removalPolicy = disableOnDelete ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN;
      const external = new CfnAnalyzer(this, 'Resource', { type: zone });
      external.applyRemovalPolicy(removalPolicy);
      this.analyzerArn = external.attrArn;
      if (unusedAccessAge !== undefined) {
        const unused = new CfnAnalyzer(this, 'UnusedAccess', {
          type: `${zone}_UNUSED_ACCESS`,
          analyzerConfiguration: { unusedAccessConfiguration: { unusedAccessAge } },
        });
        unused.applyRemovalPolicy(removalPolicy);
        this.unusedAccessAnalyzerArn = unused.attrArn;
      }
      return;
    }

    // Names are unique per account and Region across types, so the type is part of the name:
    // changing the scope creates the new analyzer before CloudFormation deletes the old one.
    const namePrefix = analyzerNamePrefix(this);
    const stack = Stack.of(this);
    const policyStatements = analyzerStatements(stack, namePrefix, unusedAccessAge !== undefined, disableOnDelete);
    const analyzer = (constructId: string, type: string, extra: Pick<AccessAnalyzerProperties, 'UnusedAccessAge'> = {}) => new BaselineCustomResource(this, constructId, {
      kind: 'AccessAnalyzer',
      properties: { AnalyzerName: `${namePrefix}-${type}`, Type: type, ...extra, DisableOnDelete: disableOnDelete },
      policyStatements,
    }).resource;

    this.analyzerArn = analyzer('Resource', zone).getAttString('AnalyzerArn');
    if (unusedAccessAge !== undefined) {
      this.unusedAccessAnalyzerArn = analyzer('UnusedAccess', `${zone}_UNUSED_ACCESS`, { UnusedAccessAge: unusedAccessAge })
        .getAttString('AnalyzerArn');
    }
  }
}

/** Analyzer names start with a letter and hold letters, digits, '.', '_' and '-', 255 at most. */
function analyzerNamePrefix(scope: Construct): string {
  const unique = Names.uniqueResourceName(scope, { maxLength: 200 });
  return /^[A-Za-z]/.test(unique) ? unique : `Analyzer${unique}`;
}

function analyzerStatements(stack: Stack, namePrefix: string, unusedAccess: boolean, disableOnDelete: boolean): iam.PolicyStatement[] {
  const analyzers = (name: string) => stack.formatArn({ service: 'access-analyzer', resource: 'analyzer', resourceName: name });
  const statements = [
    // ListAnalyzers supports no resource-level permissions.
    new iam.PolicyStatement({ actions: ['access-analyzer:ListAnalyzers'], resources: ['*'] }),
    // An adopted analyzer can have any name.
    new iam.PolicyStatement({
      actions: ['access-analyzer:CreateAnalyzer', 'access-analyzer:GetAnalyzer', ...(unusedAccess ? ['access-analyzer:UpdateAnalyzer'] : [])],
      resources: [analyzers('*')],
    }),
    createServiceLinkedRoleStatement(stack, 'access-analyzer.amazonaws.com', 'AWSServiceRoleForAccessAnalyzer'),
  ];
  if (disableOnDelete) {
    // Only analyzers the stack created are deleted, and those carry the generated names.
    statements.push(new iam.PolicyStatement({ actions: ['access-analyzer:DeleteAnalyzer'], resources: [analyzers(`${namePrefix}-*`)] }));
  }
  return statements;
}

function unusedAccessDays(age: Duration): number {
  if (age.isUnresolved()) {
    // A token can only be converted when it was given in days; toDays() says so otherwise.
    return age.toDays();
  }
  const days = age.toDays({ integral: false });
  if (!Number.isInteger(days) || days < MIN_UNUSED_ACCESS_DAYS || days > MAX_UNUSED_ACCESS_DAYS) {
    throw new Error(`AccessAnalyzerProps.unusedAccessAge: received ${age.toHumanString()}; use a whole number of days from ${MIN_UNUSED_ACCESS_DAYS} to ${MAX_UNUSED_ACCESS_DAYS}, e.g. Duration.days(90)`);
  }
  return days;
}
