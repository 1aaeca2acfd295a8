import type { NagPack } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { NagEnforcement } from './nag-enforcement';

/**
 * Enforces a baseline's `nagPacks`, or AwsSolutions when its props name none. The default pack is
 * created when the validation runs, at synth: importing the library, or a baseline with
 * `nagPacks: []`, never loads cdk-nag's packs and rules.
 */
export function enforceBaselinePacks(scope: IConstruct, packs: NagPack[] | undefined): void {
  if (packs !== undefined) {
    NagEnforcement.enforce(scope, packs);
    return;
  }
  scope.node.addValidation({ validate: () => NagEnforcement.violations(scope, [awsSolutionsChecks()]) });
}

function awsSolutionsChecks(): NagPack {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AwsSolutionsChecks } = require('cdk-nag') as typeof import('cdk-nag');
  return new AwsSolutionsChecks();
}
