import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Mocks, mockAll } from './accounts';
import { AWS_REGIONS, didYouMean, packageVersion } from '../../cli/args';
import { listed } from '../../cli/check';
import { EXIT, main } from '../../cli/main';

let mocks: Mocks;
beforeEach(() => {
  mocks = mockAll();
});
afterEach(() => Object.values(mocks).forEach(mock => mock.restore()));

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(argv, {
      stdout: { write: (text: string) => { stdout += text; } },
      stderr: { write: (text: string) => { stderr += text; } },
    });
    return { code, stdout, stderr };
  } finally {
    process.env = saved;
  }
}

test('--version prints the version of the package and exits 0, before anything else', async () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
  expect(packageVersion()).toBe(version);
  const { code, stdout, stderr } = await run(['verify', '--version']);
  expect({ code, stdout, stderr }).toEqual({ code: EXIT.OK, stdout: `${version}\n`, stderr: '' });
  expect(mocks.sts.calls()).toHaveLength(0);
});

test.each([
  [['verify', '--regoin', 'eu-west-1'], "Unknown option '--regoin'; did you mean '--region'? (the options are --region, --profile, --json, --fail-under, --version, --help)"],
  [['verify', '--colour'], "Unknown option '--colour' (the options are --region, --profile, --json, --fail-under, --version, --help)"],
  [['verify', '--fail-undr=80'], "Unknown option '--fail-undr'; did you mean '--fail-under'?"],
  [['verify', '--region'], '--region needs a value, e.g. --region eu-west-1'],
  [['verify', '--fail-under'], '--fail-under needs a value, e.g. --fail-under 80'],
])('%j names the option in the command\'s own terms, not parseArgs\' (exit 2)', async (argv, message) => {
  const { code, stdout, stderr } = await run(argv);
  expect(code).toBe(EXIT.USAGE);
  expect(stdout).toBe('');
  expect(stderr).toContain(`cdk-secure-baseline: ${message}`);
  expect(stderr).not.toContain('positional argument');
  expect(stderr).toContain('Usage: cdk-secure-baseline verify [options]');
});

test.each([
  [['verify', '--region', 'eu-westt-1'], {}, "--region 'eu-westt-1' is not an AWS Region; did you mean 'eu-west-1'?"],
  [['verify', '--region', 'us-east-7'], {}, "--region 'us-east-7' is not an AWS Region; did you mean 'us-east-1'?"],
  [['verify', '--region', 'moon-base-1'], {}, "--region 'moon-base-1' is not an AWS Region (verify reads the aws partition: af-south-1, "],
  [['verify'], { AWS_REGION: 'eu-wets-1' }, "the region 'eu-wets-1' (from AWS_REGION or the profile) is not an AWS Region; did you mean 'eu-west-1'?"],
])('%j %j: the region is checked locally, before any call to AWS (exit 2)', async (argv, env, message) => {
  const { code, stdout, stderr } = await run(argv, env);
  expect(code).toBe(EXIT.USAGE);
  expect(stdout).toBe('');
  expect(stderr).toContain(`cdk-secure-baseline verify: ${message}`);
  expect(mocks.sts.calls()).toHaveLength(0);
});

test('every region of the aws partition that aws-cdk-lib knows is a region verify accepts', () => {
  const known = RegionInfo.regions.filter(region => region.partition === 'aws').map(region => region.name);
  expect(known.filter(region => !AWS_REGIONS.includes(region))).toEqual([]);
  expect(AWS_REGIONS.filter(region => !known.includes(region))).toEqual([]);
});

test('a suggestion names the nearest candidate, not the first one within two edits', () => {
  expect(didYouMean('ab', ['abcd', 'abc'])).toBe("; did you mean 'abc'?");
  expect(didYouMean('ab', ['wxyz'])).toBe('');
});

test.each([
  [[], ''],
  [['a'], 'a'],
  [['a', 'b'], 'a and b'],
  [['a', 'b', 'c', 'd', 'e'], 'a, b, c, d and e'],
  [['a', 'b', 'c', 'd', 'e', 'f', 'g'], 'a, b, c, d, e and 2 more'],
])('evidence lists %j as "%s": five names at most, then how many more', (values, text) => {
  expect(listed(values)).toBe(text);
});

describe('the version --version prints', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-version-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('is that of the nearest package.json named cdk-secure-baseline, passing over the packages nested in it', () => {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'cdk-secure-baseline', version: '9.8.7' }));
    fs.mkdirSync(path.join(dir, 'node_modules', 'other', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'other', 'package.json'), JSON.stringify({ name: 'other', version: '1.0.0' }));
    expect(packageVersion(path.join(dir, 'node_modules', 'other', 'lib'))).toBe('9.8.7');
  });

  test('is "unknown" when no such package.json is found up to the root of the file system', () => {
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'other', version: '1.0.0' }));
    expect(packageVersion(dir)).toBe('unknown');
  });
});
