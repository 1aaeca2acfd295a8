import { Token } from 'aws-cdk-lib';
import { validatePattern } from './validation';

/** A region name such as 'eu-west-1' or 'us-gov-west-1'. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/**
 * Throws unless `value` is a region name known at synth: a token is rejected too, because which
 * parts a stack deploys (or where events go) is decided at synth.
 */
export function validateRegionName(prop: string, value: string): void {
  if (Token.isUnresolved(value)) {
    throw new Error(`${prop}: received an unresolved token; expected a region name such as 'eu-west-1', known at synth`);
  }
  validatePattern(prop, value, REGION_PATTERN, "a region name such as 'eu-west-1'");
}
