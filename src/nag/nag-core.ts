// cdk-nag's core, without its packs. `from 'cdk-nag'` loads every pack and every rule (about 270
// files, and through the rules some 55 aws-cdk-lib service modules) whether or not a pack runs; the
// library's own rules and its Phase1Checks pack need only the base class and the rule helpers, and
// the AwsSolutions pack is loaded where a baseline enforces it (default-packs.ts). Same files as
// cdk-nag's index re-exports, so `instanceof` and the enums agree with a user's `from 'cdk-nag'`.
export { NagPack } from 'cdk-nag/lib/nag-pack';
export type { NagPackProps } from 'cdk-nag/lib/nag-pack';
export { NagMessageLevel, NagRuleCompliance, NagRules } from 'cdk-nag/lib/nag-rules';
