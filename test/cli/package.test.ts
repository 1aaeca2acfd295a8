import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EXIT } from '../../cli/main';

const ROOT = path.join(__dirname, '..', '..');
const BIN = 'assets/cli/cdk-secure-baseline/index.js';

/**
 * The npm tarball as a user gets it: packed, installed into an empty folder, and run with `npx`.
 * Peer dependencies are skipped (`--legacy-peer-deps`): the command needs none of them, and the
 * install then reads nothing from the registry. About 20 s on a busy two-core machine.
 */
describe('the npm package', () => {
  let work: string;
  let project: string;
  beforeAll(() => {
    if (!fs.existsSync(path.join(ROOT, BIN))) {
      throw new Error(`${BIN} is missing: run 'npx projen bundle' first (npx projen test does)`);
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-secure-baseline-pack-'));
    const [{ filename, files }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
    expect(files.map((file: { path: string }) => file.path)).toContain(BIN);
    expect(files.some((file: { path: string }) => file.path.startsWith('cli/'))).toBe(false);
    project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'verify-smoke', version: '1.0.0', private: true }));
    execFileSync('npm', ['install', '--legacy-peer-deps', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', path.join(work, filename)],
      { cwd: project, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  /** `npx cdk-secure-baseline ...` with no credentials in AWS_* variables and a HOME without ~/.aws. */
  function npx(...args: string[]) {
    const home = fs.mkdtempSync(path.join(work, 'home-'));
    // npm_config_yes=false: never fetch the command from the registry, only run the installed one.
    // AWS_EC2_METADATA_DISABLED: on an EC2 instance (a CI runner, say) the chain would otherwise find the
    // instance role's credentials, and the test would depend on where it runs.
    const env = {
      PATH: process.env.PATH!,
      HOME: home,
      AWS_EC2_METADATA_DISABLED: 'true',
      npm_config_cache: path.join(work, 'npm-cache'),
      npm_config_yes: 'false',
    };
    return spawnSync('npx', ['cdk-secure-baseline', ...args], { cwd: project, env, encoding: 'utf8', timeout: 60_000 });
  }

  test('npx cdk-secure-baseline --help prints the usage', () => {
    const result = npx('--help');
    expect(result.status).toBe(EXIT.OK);
    expect(result.stdout).toContain('Usage: cdk-secure-baseline verify [options]');
  });

  test('npx cdk-secure-baseline --version prints the packed version', () => {
    const result = npx('--version');
    expect(result.status).toBe(EXIT.OK);
    expect(result.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
  });

  test('verify --json without credentials says so and exits 2, printing no JSON', () => {
    const result = npx('verify', '--json', '--region', 'us-east-1');
    expect(result.status).toBe(EXIT.USAGE);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('cdk-secure-baseline verify: no AWS credentials found: set AWS_PROFILE or --profile');
    // The bundled SDK's Node.js support notice is about the package's next build, not the user's setup (the README states the versions).
    expect(result.stderr).not.toContain('NodeVersionSupportWarning');
  });

  test('verify without a region says so and exits 2', () => {
    const result = npx('verify');
    expect(result.status).toBe(EXIT.USAGE);
    expect(result.stderr).toContain('cdk-secure-baseline verify: no AWS region: pass --region, set AWS_REGION, or set a region in the profile');
  });
});
