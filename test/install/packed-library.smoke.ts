// The README's "Install" and "Deploy it", followed as a user would with the packed library: a new
// `cdk init` app, the tarball and cdk-nag installed by npm (peer dependencies resolved by npm, so
// aws-cdk-lib is the newest release the app's range allows), the README's app as the bin file, then
// `cdk synth` and `cdk ls` with the aws-cdk CLI and no AWS credentials.
//
// Not part of `npx projen test` (it needs the jsii build in lib/ and the npm registry, or a warm npm
// cache): `npx projen test:install` runs it after a compile, `npx projen test:all` after the language
// packages, and every release build (`npx projen release`, the release workflow's dry run included)
// after packaging. About a minute with a warm npm cache.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readmeSnippets } from '../docs/readme-snippets';

const ROOT = path.join(__dirname, '..', '..');
const APP = 'my-baseline';

/** The newest modification time under `dir`, for the files `include` accepts. */
function newest(dir: string, include: (file: string) => boolean): number {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter(entry => entry.isFile() && include(entry.name))
    .reduce((latest, entry) => Math.max(latest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs), 0);
}

let work: string;
let app: string;
/** No credentials and no instance metadata: whatever runs here must not need an AWS account. */
let env: NodeJS.ProcessEnv;

function run(command: string, args: string[], cwd = app) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 240_000 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

beforeAll(() => {
  const jsii = path.join(ROOT, '.jsii');
  if (!fs.existsSync(jsii) || fs.statSync(jsii).mtimeMs < newest(path.join(ROOT, 'src'), file => file.endsWith('.ts'))) {
    throw new Error('lib/ is missing or older than src/: run `npx projen compile` (npx projen test:install does)');
  }
  if (!fs.existsSync(path.join(ROOT, 'assets', 'handler', 'index', 'index.js'))) {
    throw new Error('assets/ is missing: run `npx projen bundle` (npx projen test:install does)');
  }
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-secure-baseline-install-'));
  env = {
    PATH: process.env.PATH,
    HOME: work,
    AWS_EC2_METADATA_DISABLED: 'true',
    // The npm cache of the machine: a warm cache (CI's `npm ci`) makes the install quick.
    npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), '.npm'),
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: process.env.JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION,
  };
  const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: ROOT, encoding: 'utf8' }));
  app = path.join(work, APP);
  fs.mkdirSync(app);
  // The README's first commands: `npx aws-cdk@2 init app --language typescript`, then `npm install
  // cdk-secure-baseline cdk-nag`. The template is written offline by this repository's CLI; the app then
  // gets the newest 2.x CLI, as `npx aws-cdk@2 init` would have pinned it (an older CLI cannot read the
  // cloud assembly of the newest aws-cdk-lib, which the template's `^` range installs).
  run(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['init', 'app', '--language', 'typescript', '--generate-only']);
  run('npm', ['install', path.join(work, filename), 'cdk-nag', 'aws-cdk@2']);
  // The README's bin file, exactly as written there.
  const bin = readmeSnippets().find(snippet => snippet.language === 'ts' && snippet.code.startsWith('#!/usr/bin/env node'));
  if (!bin) {
    throw new Error('README.md: the "Deploy it" bin file (a ts block starting with #!/usr/bin/env node) is missing');
  }
  fs.writeFileSync(path.join(app, 'bin', `${APP}.ts`), bin.code);
}, 300_000);
afterAll(() => work && fs.rmSync(work, { recursive: true, force: true }));

test('npm installed the tarball with its peer dependencies in their ranges', () => {
  const installed = (name: string) => JSON.parse(fs.readFileSync(path.join(app, 'node_modules', name, 'package.json'), 'utf8')).version;
  const { peerDependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(Object.keys(peerDependencies).sort()).toEqual(['aws-cdk-lib', 'cdk-nag', 'constructs']);
  const [major, minor] = installed('aws-cdk-lib').split('.').map(Number);
  expect(major).toBe(2);
  expect(minor).toBeGreaterThanOrEqual(Number(peerDependencies['aws-cdk-lib'].split('.')[1]));
  expect(installed('cdk-nag')).toMatch(/^3\./);
  expect(installed('constructs')).toMatch(/^10\./);
  const ls = spawnSync('npm', ['ls', '--json'], { cwd: app, env, encoding: 'utf8' });
  expect(ls.status).toBe(0); // npm ls exits 1 on an unmet or invalid peer dependency
});

test('`cdk synth` writes the baseline template and its coverage report, cdk-nag enforced, without AWS credentials', () => {
  const { stderr } = run(path.join(app, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--no-notices']);
  const template = JSON.parse(fs.readFileSync(path.join(app, 'cdk.out', 'SecureBaseline.template.json'), 'utf8'));
  const types = new Set(Object.values<{ Type: string }>(template.Resources).map(resource => resource.Type));
  for (const type of ['AWS::CloudTrail::Trail', 'Custom::ConfigRecorder', 'Custom::GuardDutyDetector', 'Custom::SecurityHub', 'AWS::SNS::Subscription', 'AWS::Budgets::Budget']) {
    expect(types).toContain(type);
  }
  const coverage = JSON.parse(fs.readFileSync(path.join(app, 'cdk.out', 'SecureBaseline.coverage.json'), 'utf8'));
  expect(coverage).toMatchObject({ schemaVersion: 1, stackName: 'SecureBaseline' });
  // The library adds nothing to the CLI's output that the user could not act on.
  expect(stderr).not.toMatch(/deprecated|NodeVersionSupportWarning/i);
}, 240_000);

test('`cdk ls` lists the baseline stack', () => {
  // From the cloud assembly `cdk synth` wrote: the app itself was run (and type-checked) once, above.
  const { stdout } = run(path.join(app, 'node_modules', '.bin', 'cdk'), ['ls', '--no-notices', '--app', 'cdk.out']);
  expect(stdout.trim()).toBe('SecureBaseline');
}, 240_000);

// The README: both acknowledgement APIs silence the library's warnings on aws-cdk-lib releases after 2.257.
test('on the aws-cdk-lib npm installed, Annotations.acknowledgeWarning and Validations.acknowledge silence a baseline warning', () => {
  const script = `
    const { Annotations: A, App, Validations } = require('aws-cdk-lib');
    const { Annotations, Match } = require('aws-cdk-lib/assertions');
    const { SecureBaseline } = require('cdk-secure-baseline');
    const ID = 'cdk-secure-baseline:noSecurityContact';
    const counts = {};
    for (const [how, acknowledge] of Object.entries({
      none: () => {},
      annotations: b => A.of(b).acknowledgeWarning(ID, 'set by the organization'),
      validations: b => Validations.of(b).acknowledge({ id: ID, reason: 'set by the organization' }),
    })) {
      const baseline = new SecureBaseline(new App());
      acknowledge(baseline);
      counts[how] = Annotations.fromStack(baseline).findWarning('*', Match.stringLikeRegexp(ID)).length;
    }
    console.log(JSON.stringify({ version: require('aws-cdk-lib/package.json').version, counts }));`;
  const { stdout } = run(process.execPath, ['-e', script]);
  const { version, counts } = JSON.parse(stdout);
  expect(version).not.toBe('2.257.0');
  expect(counts).toEqual({ none: 1, annotations: 0, validations: 0 });
}, 120_000);
