import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BaselineCustomResource } from '../private/baseline-custom-resource';
import { validateIntegerRange, validateWholeDays } from '../private/validation';

/**
 * Properties for `AccountPasswordPolicy`.
 */
export interface AccountPasswordPolicyProps {
  /**
   * Minimum number of characters, 6 to 128. CIS (Security Hub IAM.15) asks for 14 or more.
   *
   * @default 14
   */
  readonly minimumLength?: number;

  /**
   * Whether a password needs at least one symbol, one digit, one uppercase and one lowercase letter
   * (Security Hub IAM.7, CIS IAM.11 to IAM.14).
   *
   * @default true
   */
  readonly requireAllCharacterClasses?: boolean;

  /**
   * How many previous passwords a user cannot reuse, 1 to 24. CIS (IAM.16) asks for 24.
   *
   * @default 24
   */
  readonly passwordReusePrevention?: number;

  /**
   * How long a password stays valid, 1 to 1095 days. Off by default: NIST SP 800-63B advises
   * against forced periodic changes, which push users to predictable passwords; CIS 1.2 (IAM.17)
   * still asks for 90 days or less, so set it if you report against that version.
   *
   * @default - passwords do not expire
   */
  readonly maxPasswordAge?: Duration;

  /**
   * Whether users need an administrator to reset an expired password.
   *
   * @default false
   */
  readonly hardExpiry?: boolean;
}

/**
 * The IAM account password policy, for the IAM users that remain in an account.
 * Applied through `UpdateAccountPasswordPolicy`, which replaces the whole policy on every change;
 * it is kept when the stack is deleted.
 */
export class AccountPasswordPolicy extends Construct {
  /** The minimum password length the policy sets. */
  public readonly minimumLength: number;
  /** Whether the policy requires every character class (uppercase, lowercase, number, symbol). */
  public readonly requireAllCharacterClasses: boolean;
  /** How many previous passwords the policy keeps users from reusing. */
  public readonly passwordReusePrevention: number;
  /**
   * How long a password lasts.
   *
   * @default - passwords do not expire
   */
  public readonly maxPasswordAge?: Duration;

  constructor(scope: Construct, id: string, props: AccountPasswordPolicyProps = {}) {
    super(scope, id);
    const minimumLength = props.minimumLength ?? 14;
    const reusePrevention = props.passwordReusePrevention ?? 24;
    validateIntegerRange('AccountPasswordPolicyProps.minimumLength', minimumLength, 6, 128);
    validateIntegerRange('AccountPasswordPolicyProps.passwordReusePrevention', reusePrevention, 1, 24);
    if (props.maxPasswordAge) {
      validateWholeDays('AccountPasswordPolicyProps.maxPasswordAge', props.maxPasswordAge, 1, 'from 1 to 1095', 1095);
    }
    if (!Token.isUnresolved(minimumLength) && minimumLength < 14) {
      Annotations.of(this).addWarningV2('cdk-secure-baseline:passwordShorterThanCis',
        `minimumLength is ${minimumLength}: CIS (Security Hub IAM.15) asks for 14 or more`);
    }
    const allClasses = props.requireAllCharacterClasses ?? true;
    this.minimumLength = minimumLength;
    this.requireAllCharacterClasses = allClasses;
    this.passwordReusePrevention = reusePrevention;
    this.maxPasswordAge = props.maxPasswordAge;

    new BaselineCustomResource(this, 'Resource', {
      kind: 'PasswordPolicy',
      properties: {
        MinimumPasswordLength: minimumLength,
        RequireSymbols: allClasses,
        RequireNumbers: allClasses,
        RequireUppercaseCharacters: allClasses,
        RequireLowercaseCharacters: allClasses,
        AllowUsersToChangePassword: true,
        PasswordReusePrevention: reusePrevention,
        MaxPasswordAge: props.maxPasswordAge?.toDays(),
        HardExpiry: props.hardExpiry ?? false,
      },
      policyStatements: [new iam.PolicyStatement({
        // The account password policy supports no resource-level permissions.
        actions: ['iam:UpdateAccountPasswordPolicy'],
        resources: ['*'],
      })],
    });
  }
}
