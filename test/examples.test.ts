import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The README's first command runs this app; it must synthesize with all four nag packs enforced.
test('the example app synthesizes the baseline with the four nag packs', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'examples/app.ts'], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, CDK_OUTDIR: outdir },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('found no unacknowledged finding');
  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'SecureBaseline.template.json'), 'utf8'));
  const types = Object.values<any>(template.Resources).map(r => r.Type);
  expect(types).toEqual(expect.arrayContaining(['AWS::CloudTrail::Trail', 'Custom::ConfigRecorder',
    'Custom::GuardDutyDetector', 'Custom::SecurityHub', 'Custom::AccessAnalyzer', 'Custom::Inspector', 'AWS::Budgets::Budget']));
  // The coverage report lands next to the template; `npx projen example` prints its summary (scripts/summarize.ts).
  const coverage = JSON.parse(fs.readFileSync(path.join(outdir, 'SecureBaseline.coverage.json'), 'utf8'));
  expect(coverage.summary).toEqual({ SATISFIED: expect.any(Number), DETECTED: expect.any(Number), MANUAL: expect.any(Number), OFF: 6 });
  // What the example leaves off: password expiry (NIST SP 800-63B) and the options charged per event or object.
  expect(coverage.entries.filter((e: { status: string }) => e.status === 'OFF').map((e: { id: string }) => e.id).sort())
    .toEqual(['IAM.17', 'Macie.1', 'Macie.2', 'S3.22', 'S3.23', 'macie']);
  const summary = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/summarize.ts', outdir], {
    cwd: path.join(__dirname, '..'),
    encoding: 'utf8',
  });
  expect(summary.stdout).toMatch(/Coverage \(.*SecureBaseline\.coverage\.json, and \.md\): \d+ SATISFIED, \d+ DETECTED, \d+ MANUAL, 6 OFF/);
  expect(summary.stdout).toContain('OFF      IAM.17: set passwordPolicy.maxPasswordAge');
  fs.rmSync(outdir, { recursive: true, force: true });
}, 60_000);

// The README's first command also runs the example workload; it must pass Phase1Checks and the four packs.
test('the example workload synthesizes a web service behind an ALB with the web ACL, all five packs passing', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'workload-'));
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'examples/workload.ts'], {
    cwd: path.join(__dirname, '..'),
    env: { ...process.env, CDK_OUTDIR: outdir },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('Phase1, AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 found no unacknowledged finding');
  const template = JSON.parse(fs.readFileSync(path.join(outdir, 'Workload.template.json'), 'utf8'));
  const types = Object.values<any>(template.Resources).map(r => r.Type);
  expect(types).toEqual(expect.arrayContaining(['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::Lambda::Function',
    'AWS::WAFv2::WebACL', 'AWS::WAFv2::WebACLAssociation', 'AWS::WAFv2::LoggingConfiguration']));
  fs.rmSync(outdir, { recursive: true, force: true });
}, 60_000);
