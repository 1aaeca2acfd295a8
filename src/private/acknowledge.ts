import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
// One function of cdk-nag's (no imports of its own): its AwsSolutions-IAM5 rule names a wildcard
// resource by this rendering, so the ids below are the ones it reports, without loading a pack.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
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

/**
 * The wildcards of a policy's Allow statements as AwsSolutions-IAM5 names its findings, read from the
 * statements the library wrote: `Action::<action>` for an action with `*`, `Resource::<resource>`
 * for a resource with `*` (intrinsics rendered as cdk-nag renders them, `<AWS::Region>`).
 */
export function policyWildcards(policy: iam.ManagedPolicy): string[] {
  const document = Stack.of(policy).resolve(policy.document.toJSON()) as { Statement?: any[] } | undefined;
  const wildcards = new Set<string>();
  for (const statement of document?.Statement ?? []) {
    if (statement.Effect !== 'Allow') {
      continue;
    }
    listOf(statement.Action).filter(action => action.includes('*')).forEach(action => wildcards.add(`Action::${action}`));
    listOf(statement.Resource).map(flattenCfnReference).filter(resource => resource.includes('*'))
      .forEach(resource => wildcards.add(`Resource::${resource}`));
  }
  return [...wildcards];
}

function listOf(value: unknown): any[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
