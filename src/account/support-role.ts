import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { acknowledgeExactly } from '../private/acknowledge';

/**
 * Properties for a `SupportRole`.
 */
export interface SupportRoleProps {
  /**
   * Who may assume the role. Besides this trust, an IAM principal of the account also needs an
   * identity policy that allows `sts:AssumeRole` on the role.
   *
   * @default - the account (`AccountRootPrincipal`): only IAM users and roles of this account whose own
   * policies allow them to assume it
   */
  readonly assumedBy?: iam.IPrincipal;

  /**
   * Whether assuming the role requires MFA (`aws:MultiFactorAuthPresent`). The key is true only for
   * temporary credentials obtained with MFA by an IAM user (IAM User Guide, "AWS global condition
   * context keys"); sessions of IAM Identity Center or another identity provider do not carry it, so
   * turn this off when the role is assumed from such a session and MFA is enforced at sign-in there.
   *
   * @default true
   */
  readonly requireMfa?: boolean;

  /**
   * The longest session the role grants, from 1 to 12 hours.
   *
   * @default Duration.hours(1)
   */
  readonly maxSessionDuration?: Duration;
}

/**
 * An IAM role with the AWS managed policy `AWSSupportAccess`, so that incidents can be raised and
 * followed with AWS Support without the root user or broad permissions (Security Hub IAM.18,
 * CIS AWS Foundations Benchmark 1.17). The policy allows only the AWS Support API (`support:*`).
 */
export class SupportRole extends Construct {
  /** The role. */
  public readonly role: iam.IRole;

  constructor(scope: Construct, id: string, props: SupportRoleProps = {}) {
    super(scope, id);
    const hours = props.maxSessionDuration?.toHours({ integral: false });
    if (hours !== undefined && (hours < 1 || hours > 12)) {
      throw new Error(`SupportRoleProps.maxSessionDuration: received ${props.maxSessionDuration!.toHumanString()}; expected 1 to 12 hours (IAM MaxSessionDuration)`);
    }
    let principal: iam.IPrincipal = props.assumedBy ?? new iam.AccountRootPrincipal();
    if (props.requireMfa ?? true) {
      principal = new iam.PrincipalWithConditions(principal, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } });
    }
    // Not under the baseline's role path (private/role-path.ts), on purpose: people assume this role, and
    // BaselineGuardrails exempts sessions of roles under that path.
    const role = new iam.Role(this, 'Resource', {
      assumedBy: principal,
      description: `Opens and manages AWS Support cases for account ${Stack.of(this).account} (Security Hub IAM.18)`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSSupportAccess')],
      maxSessionDuration: props.maxSessionDuration ?? Duration.hours(1),
    });
    // The finding is named after the policy, so only this policy is acknowledged: another managed
    // policy added to the role later is still reported.
    acknowledgeExactly(role, ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSSupportAccess]'],
      'IAM.18 (CIS 1.17) checks for the AWS managed policy AWSSupportAccess by name; it allows only the AWS Support API.');
    this.role = role;
  }
}
