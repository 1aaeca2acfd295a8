import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { awsError, Mocks, mockAll } from './accounts';
import { AWS_REGIONS, didYouMean, packageVersion } from '../../cli/args';
import { listed } from '../../cli/check';
import { EXIT, main, makeClients } from '../../cli/main';

let mocks: Mocks;
beforeEach(() => {
  mocks = mockAll();
});
afterEach(() => Object.values(mocks).forEach(mock => mock.restore()));

async function run(argv: string[], env: Record<string, string | undefined> = {}) {
  let stdout = '';
  let stderr = '';
  const saved = { ...process.env };
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) {
      delete process.env[name];
    } else {
      process.env[name] = value;
    }
  }
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
  [['verify', '--profile'], '--profile needs a value, e.g. --profile <name>'],
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

test.each<[string[], number, 'stdout' | 'stderr']>([
  [[], EXIT.USAGE, 'stderr'],
  [['help'], EXIT.OK, 'stdout'],
  [['-h'], EXIT.OK, 'stdout'],
  [['verify', '--help'], EXIT.OK, 'stdout'],
])('%j prints the usage (asked for: to stdout, exit 0; no command: to stderr, exit 2)', async (argv, code, stream) => {
  const result = await run(argv);
  expect(result.code).toBe(code);
  expect(result[stream]).toMatch(/^Usage: cdk-secure-baseline verify \[options\]/);
  expect(result[stream === 'stdout' ? 'stderr' : 'stdout']).toBe('');
});

test.each([
  [['verify', '--fail-under', 'x50'], "--fail-under must be a percentage from 0 to 100, got 'x50'"],
  [['verify', '--fail-under', '50x'], "--fail-under must be a percentage from 0 to 100, got '50x'"],
  [['verify', '--json=yes'], "Option '--json' does not take an argument"],
])('%j is a usage error that says what is wrong (exit 2)', async (argv, message) => {
  const { code, stderr } = await run(argv);
  expect(code).toBe(EXIT.USAGE);
  expect(stderr).toContain(`cdk-secure-baseline: ${message}`);
});

test('no region from --region, the environment or the profile exits 2 and says where a region comes from', async () => {
  const { code, stdout, stderr } = await run(['verify'], {
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_CONFIG_FILE: path.join(os.tmpdir(), 'no-such-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'no-such-aws-credentials'),
  });
  expect({ code, stdout, stderr }).toEqual({
    code: EXIT.USAGE, stdout: '', stderr: 'cdk-secure-baseline verify: no AWS region: pass --region, set AWS_REGION, or set a region in the profile\n',
  });
});

test.each([
  [['--profile', 'audit'], 'CredentialsProviderError', 'Could not load credentials from any providers',
    "no AWS credentials found for profile 'audit': set AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
    + "or sign in with 'aws sso login' (Could not load credentials from any providers)"],
  [[], 'CredentialsProviderError', 'Could not load credentials from any providers', 'no AWS credentials found: set AWS_PROFILE'],
  [[], 'InternalFailure', 'try again', 'could not reach AWS STS with these credentials (InternalFailure): try again'],
])('%j, STS answering %s: exit 2, saying why', async (extra, name, awsMessage, message) => {
  mocks.sts.on(GetCallerIdentityCommand).rejects(awsError(name, awsMessage));
  const { code, stderr } = await run(['verify', '--region', 'eu-west-1', ...extra]);
  expect(code).toBe(EXIT.USAGE);
  expect(stderr).toContain(`cdk-secure-baseline verify: ${message}`);
});

test('the clients are made for the region and profile asked for, us-east-1 for the APIs served only there, with one attempt each', async () => {
  const clients = makeClients('eu-west-1', 'audit');
  for (const [name, client] of Object.entries(clients)) {
    const config = (client as any).config;
    expect([name, await config.region(), await config.maxAttempts(), config.profile])
      .toEqual([name, name.endsWith('UsEast1') ? 'us-east-1' : 'eu-west-1', 1, 'audit']);
  }
});
