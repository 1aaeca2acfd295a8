import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag findings by their exact (granular) ids, e.g.
 * `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSSupportAccess]`: a bare rule id
 * does not match them, and `Validations.acknowledge` rejects ids with more than one `::` (cdk-nag
 * issue 2351), so the acknowledgement is written as the same metadata entry it would write.
 */
export function acknowledgeExactly(scope: IConstruct, ids: string[], reason: string): void {
  scope.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, Object.fromEntries(ids.map(id => [id, reason])));
}
