import { Duration } from 'aws-cdk-lib';
import { CfnAnalyzer } from 'aws-cdk-lib/aws-accessanalyzer';
import { Construct } from 'constructs';

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
}

/**
 * IAM Access Analyzer for this Region: an external access analyzer, and
 * optionally an unused access analyzer.
 *
 * The analyzers are left unnamed so CloudFormation generates a unique name;
 * only one analyzer of each type may exist per account and Region.
 */
export class AccessAnalyzer extends Construct {
  /**
   * The ARN of the external access analyzer.
   *
   * @attribute
   */
  public readonly analyzerArn: string;

  /**
   * The ARN of the unused access analyzer, when `unusedAccess` is true.
   */
  public readonly unusedAccessAnalyzerArn?: string;

  constructor(scope: Construct, id: string, props: AccessAnalyzerProps = {}) {
    super(scope, id);

    const zone = props.scope ?? AnalyzerScope.ACCOUNT;

    if (props.unusedAccessAge !== undefined && props.unusedAccess !== true) {
      throw new Error(`AccessAnalyzerProps.unusedAccessAge: received ${props.unusedAccessAge.toHumanString()} but unusedAccess is not true; set unusedAccess: true, or remove unusedAccessAge`);
    }

    const external = new CfnAnalyzer(this, 'Resource', { type: zone });
    this.analyzerArn = external.attrArn;

    if (props.unusedAccess === true) {
      const unused = new CfnAnalyzer(this, 'UnusedAccess', {
        type: `${zone}_UNUSED_ACCESS`,
        analyzerConfiguration: {
          unusedAccessConfiguration: {
            unusedAccessAge: unusedAccessDays(props.unusedAccessAge ?? Duration.days(90)),
          },
        },
      });
      this.unusedAccessAnalyzerArn = unused.attrArn;
    }
  }
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
