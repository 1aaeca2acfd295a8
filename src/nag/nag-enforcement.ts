import { Validations } from 'aws-cdk-lib';
import type { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';

/**
 * Fails synthesis when cdk-nag packs find an unacknowledged violation under a construct.
 *
 * cdk-nag v3 packs are policy-validation plugins. Registered on the app they need
 * aws-cdk-lib 2.258 or later; this runs them as a construct validation instead, which works on
 * every aws-cdk-lib this library supports and fails `cdk synth` the same way.
 * Acknowledge a finding with `Validations.of(construct).acknowledge({ id, reason })` on the
 * narrowest construct that explains it.
 */
export class NagEnforcement {
  /**
   * Enforce `packs` on `scope` and everything under it at synth time.
   *
   * @param scope the construct whose subtree the packs check (a Stack, usually)
   * @param packs the cdk-nag packs to enforce; an empty list enforces nothing
   */
  public static enforce(scope: IConstruct, packs: NagPack[]): void {
    if (packs.length === 0) {
      return;
    }
    scope.node.addValidation({ validate: () => NagEnforcement.violations(scope, packs) });
  }

  /**
   * The unacknowledged violations that `packs` find under `scope`, one line per rule and resource.
   *
   * @param scope the construct whose subtree the packs check
   * @param packs the cdk-nag packs to run
   */
  public static violations(scope: IConstruct, packs: NagPack[]): string[] {
    return [
      ...unexplainedAcknowledgements(scope),
      ...packs.flatMap(pack => pack.validateScope(scope).violations.flatMap(violation =>
        violation.violatingResources.map(resource =>
          `[${violation.ruleName}] ${resource.constructPath}: ${violation.description}`))),
    ];
  }
}

/**
 * Acknowledgements under `scope` whose reason is empty or blank. aws-cdk-lib records them and the
 * packs honour them, but an acknowledgement is a reviewer's decision: without its reason nobody can
 * tell later why the finding was accepted, so it fails like the finding it hides.
 */
function unexplainedAcknowledgements(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap(construct => construct.node.metadata
    .filter(entry => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(entry => Object.entries(entry.data as Record<string, unknown>))
    .filter(([, reason]) => typeof reason !== 'string' || reason.trim() === '')
    .map(([id]) => `[acknowledgement] ${construct.node.path}: ${id.replace(/^annotation::/, '')} is acknowledged with an empty reason; `
      + 'give the reason a reviewer would accept: Validations.of(construct).acknowledge({ id, reason })'));
}
