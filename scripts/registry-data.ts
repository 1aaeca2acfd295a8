// Reads the CloudFormation registry's per-region resource type lists as cfn-lint ships them
// (cfnlint/data/schemas/providers/<region>.json: resource type -> schema hash), from the cfn-lint that
// `npx projen setup:python` installs in .venv. Shared by the generator of
// src/private/region-availability.generated.ts, its drift test and the region matrix.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.join(__dirname, '..');
export const PYTHON = path.join(REPO_ROOT, '.venv', 'bin', 'python');

export interface RegistryData {
  /** e.g. 'cfn-lint 1.58.0'. */
  readonly source: string;
  /** Every region the data has a resource type list for. */
  readonly regions: string[];
  /** Whether the region's CloudFormation registry has the type. */
  has(region: string, type: string): boolean;
}

/** The installed cfn-lint's data; throws, saying how to install it, when .venv has no cfn-lint. */
export function readRegistryData(): RegistryData {
  if (!fs.existsSync(PYTHON)) {
    throw new Error(`${PYTHON} is missing: run \`npx projen setup:python\` to install cfn-lint (requirements-dev.txt)`);
  }
  const [dir, version] = execFileSync(PYTHON, ['-c',
    'import cfnlint, os, importlib.metadata as m; print(os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas", "providers")); print(m.version("cfn-lint"))'], { encoding: 'utf8' }).trim().split('\n');
  const types = new Map<string, Set<string>>();
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.json')).sort()) {
    const region = file.slice(0, -'.json'.length);
    // sam.json is the SAM transform's types, not a region.
    if (/^[a-z]{2,4}(-[a-z]+)?-[a-z]+-\d+$/.test(region)) {
      types.set(region, new Set(Object.keys(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')))));
    }
  }
  return {
    source: `cfn-lint ${version}`,
    regions: [...types.keys()],
    has: (region, type) => types.get(region)?.has(type) ?? false,
  };
}
