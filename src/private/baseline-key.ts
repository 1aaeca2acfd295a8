import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * Properties of a key that `createBaselineKey` makes.
 */
export interface BaselineKeyProps {
  /** What the key encrypts, for whoever finds it in the KMS console. */
  readonly description: string;
  /** What happens to the key when it leaves the stack. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A customer managed key as every key of the library is made: annual rotation (KMS.4 in CIS), and a
 * key policy that lets only AWS services create grants on it.
 *
 * Grants are how integrated AWS services (EBS, RDS, ...) use a key on a user's behalf; a principal
 * that can create a grant for itself can hand out the key's permissions outside the key policy. The
 * Deny below leaves grants that an AWS service creates (`kms:GrantIsForAWSResource`, "Controlling
 * access to grants" in the AWS KMS Developer Guide) or that a service principal creates
 * (`aws:PrincipalIsAWSService`), and the key administrators keep every other permission. None of the
 * services that use the library's keys (CloudTrail, AWS Config, CloudWatch Logs, SNS with
 * EventBridge, AWS Budgets and CloudWatch alarms) create grants: they call `kms:GenerateDataKey*`
 * and `kms:Decrypt` as the key policy allows them.
 *
 * This is the exact statement AWS Control Tower's proactive control CT.KMS.PR.3 looks for
 * (`Principal` AWS `*`, `Resource` `*`, both condition keys `false` under `BoolIfExists`), so keys
 * made here deploy where that control's CloudFormation hook is on.
 */
export function createBaselineKey(scope: Construct, id: string, props: BaselineKeyProps): kms.Key {
  const key = new kms.Key(scope, id, {
    description: props.description,
    enableKeyRotation: true,
    removalPolicy: props.removalPolicy,
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsExceptForAwsServices',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: {
      BoolIfExists: {
        'kms:GrantIsForAWSResource': 'false',
        'aws:PrincipalIsAWSService': 'false',
      },
    },
  }));
  return key;
}
