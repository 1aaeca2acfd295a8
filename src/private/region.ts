import { Token } from 'aws-cdk-lib';
import { Fact } from 'aws-cdk-lib/region-info';
import { IConstruct } from 'constructs';
import { editDistance } from './edit-distance';
import { validatePattern, validateUnique } from './validation';

/**
 * The context key that lists Regions newer than the installed aws-cdk-lib, which every Region prop of
 * the library then accepts, e.g. in cdk.json: `"context": { "cdk-secure-baseline:additionalRegions": ["xx-east-1"] }`.
 */
export const ADDITIONAL_REGIONS_CONTEXT = 'cdk-secure-baseline:additionalRegions';

/** A Region name such as 'eu-west-1', 'us-gov-west-1' or 'eusc-de-east-1'. */
const REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d{1,2}$/;
const REGION_EXAMPLE = "a region name such as 'eu-west-1'";

/**
 * Throws unless `value` is a Region name known at synth: one of the installed aws-cdk-lib's region
 * information (opt-in Regions, other partitions and `Fact.register`ed Regions included) or of the
 * `cdk-secure-baseline:additionalRegions` context. A token is rejected too, because which parts a
 * stack deploys (or where events go) is decided at synth.
 */
export function validateRegionName(scope: IConstruct, prop: string, value: string): void {
  if (Token.isUnresolved(value)) {
    throw new Error(`${prop}: received an unresolved token; expected ${REGION_EXAMPLE}, known at synth`);
  }
  validatePattern(prop, value, REGION_PATTERN, REGION_EXAMPLE);
  const known = knownRegions(scope);
  if (known.includes(value)) {
    return;
  }
  const nearest = nearestNames(value, known);
  throw new Error(`${prop}: received '${value}', which is not a Region in aws-cdk-lib's region information`
    + (nearest.length > 0 ? ` (did you mean ${nearest.map(name => `'${name}'`).join(' or ')}?)` : '')
    + `; for a Region newer than the installed aws-cdk-lib, list it in the context key '${ADDITIONAL_REGIONS_CONTEXT}' (cdk.json "context", or cdk synth -c), or upgrade aws-cdk-lib`);
}

/** Each Region of a list known, and each once; the prop path of an element ends in its index. */
export function validateRegionList(scope: IConstruct, prop: string, regions: string[]): void {
  regions.forEach((region, index) => validateRegionName(scope, `${prop}[${index}]`, region));
  validateUnique(prop, regions, region => region);
}

/** The Regions aws-cdk-lib's region information knows, and those of the escape-hatch context. */
function knownRegions(scope: IConstruct): string[] {
  return [...Fact.regions, ...additionalRegions(scope)];
}

/** The context may be a list (cdk.json, `new App({ context })`) or a comma-separated string (`-c key=a,b`). */
function additionalRegions(scope: IConstruct): string[] {
  const value: unknown = scope.node.tryGetContext(ADDITIONAL_REGIONS_CONTEXT);
  if (value === undefined) {
    return [];
  }
  const regions = typeof value === 'string' ? value.split(',').map(region => region.trim()) : value;
  if (!Array.isArray(regions) || !regions.every(region => typeof region === 'string')) {
    throw new Error(`context '${ADDITIONAL_REGIONS_CONTEXT}': received ${JSON.stringify(value)}; expected a list of Region names such as ["xx-east-1"]`);
  }
  for (const region of regions) {
    validatePattern(`context '${ADDITIONAL_REGIONS_CONTEXT}'`, region, REGION_PATTERN, REGION_EXAMPLE);
  }
  return regions;
}

/** The known names at the smallest edit distance from `value`, if that distance is one or two. */
function nearestNames(value: string, known: string[]): string[] {
  const scored = known.map(name => ({ name, distance: editDistance(value, name) }));
  const best = Math.min(...scored.map(entry => entry.distance));
  return best > 2 ? [] : scored.filter(entry => entry.distance === best).map(entry => entry.name).sort();
}
