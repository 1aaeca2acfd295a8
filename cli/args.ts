// What `verify` can check about its arguments before it talks to AWS: option names, the region name
// and its own version. Messages name what the user typed and what would have been accepted.
import * as fs from 'fs';
import * as path from 'path';
import { editDistance } from '../src/private/edit-distance';

/**
 * The commercial partition's regions (`verify` reads the aws partition only: its us-east-1 clients
 * serve Trusted Advisor and CloudFront web ACLs, which other partitions do not reach that way).
 * Kept as a list, not read from aws-cdk-lib's region-info (1.5 MB in the bundle for a list of names);
 * test/cli/args.test.ts fails when aws-cdk-lib knows a region of the aws partition missing here.
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1',
  'ap-south-2', 'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5',
  'ap-southeast-6', 'ap-southeast-7', 'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1',
  'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1',
  'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];

/** `; did you mean 'x'?` for the nearest candidate two edits away at most, else nothing. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const [nearest] = candidates
    .map(candidate => ({ candidate, distance: editDistance(value, candidate) }))
    .filter(({ distance }) => distance <= 2)
    .sort((a, b) => a.distance - b.distance);
  return nearest ? `; did you mean '${nearest.candidate}'?` : '';
}

/** Why `region` cannot be checked, naming where it came from, or undefined for a known region. */
export function unknownRegion(region: string, fromFlag: boolean): string | undefined {
  if (AWS_REGIONS.includes(region)) {
    return undefined;
  }
  const named = fromFlag ? `--region '${region}'` : `the region '${region}' (from AWS_REGION or the profile)`;
  return `${named} is not an AWS Region${didYouMean(region, AWS_REGIONS)} `
    + `(verify reads the aws partition: ${AWS_REGIONS.join(', ')}; a region launched after this version needs a newer cdk-secure-baseline)`;
}

/** The version of the installed package: the nearest package.json named cdk-secure-baseline above this file. */
export function packageVersion(from: string = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const { name, version } = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (name === 'cdk-secure-baseline') {
        return version;
      }
    }
    if (path.dirname(dir) === dir) {
      return 'unknown';
    }
  }
}
