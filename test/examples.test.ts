import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');

/** Runs an example app as `npx projen example` does, into a temporary cloud assembly, and reads the template of `stackName`. */
function synthesizeExample(app: string, stackName: string) {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-'));
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', app], {
    cwd: ROOT,
    env: { ...process.env, CDK_OUTDIR: outdir },
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const template = JSON.parse(fs.readFileSync(path.join(outdir, `${stackName}.template.json`), 'utf8'));
  const types: string[] = Object.values<any>(template.Resources).map(r => r.Type);
  return { outdir, stdout: result.stdout, types, cleanUp: () => fs.rmSync(outdir, { recursive: true, force: true }) };
}

// The README's first command runs this app; it must synthesize with all four nag packs enforced.
test('the example app synthesizes the baseline with the four nag packs', () => {
  const { outdir, stdout, types, cleanUp } = synthesizeExample('examples/app.ts', 'SecureBaseline');
  expect(stdout).toContain('found no unacknowledged finding');
  expect(types).toEqual(expect.arrayContaining(['AWS::CloudTrail::Trail', 'Custom::ConfigRecorder',
    'Custom::GuardDutyDetector', 'Custom::SecurityHub', 'Custom::AccessAnalyzer', 'Custom::Inspector', 'AWS::Budgets::Budget']));
  // The coverage report lands next to the template; `npx projen example` prints its summary (scripts/summarize.ts).
  const coverage = JSON.parse(fs.readFileSync(path.join(outdir, 'SecureBaseline.coverage.json'), 'utf8'));
  expect(coverage.summary).toEqual({ SATISFIED: expect.any(Number), DETECTED: expect.any(Number), MANUAL: expect.any(Number), OFF: 7 });
  // What the example leaves off: password expiry (NIST SP 800-63B) and the options charged per event or object.
  expect(coverage.entries.filter((e: { status: string }) => e.status === 'OFF').map((e: { id: string }) => e.id).sort())
    .toEqual(['IAM.17', 'Macie.1', 'Macie.2', 'S3.22', 'S3.23', 'detective', 'macie']);
  const summary = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', 'scripts/summarize.ts', outdir], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(summary.stdout).toMatch(/Coverage \(.*SecureBaseline\.coverage\.json, and \.md\): \d+ SATISFIED, \d+ DETECTED, \d+ MANUAL, 7 OFF/);
  expect(summary.stdout).toContain('OFF      IAM.17: set passwordPolicy.maxPasswordAge');
  cleanUp();
}, 60_000);

// The README's first command also runs the example workload; it must pass Phase1Checks and the four packs.
test('the example workload synthesizes a web service behind an ALB with the web ACL, all five packs passing', () => {
  const { stdout, types, cleanUp } = synthesizeExample('examples/workload.ts', 'Workload');
  expect(stdout).toContain('Phase1, AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 found no unacknowledged finding');
  expect(types).toEqual(expect.arrayContaining(['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::Lambda::Function',
    'AWS::WAFv2::WebACL', 'AWS::WAFv2::WebACLAssociation', 'AWS::WAFv2::LoggingConfiguration']));
  cleanUp();
}, 60_000);

// The README's first command also runs the organization app: the StackSet and the guardrail SCPs.
test('the example organization app synthesizes the StackSet and the guardrail SCPs, the four packs passing', () => {
  const { stdout, types, cleanUp } = synthesizeExample('examples/organization.ts', 'OrganizationBaseline');
  expect(stdout).toContain('found no unacknowledged finding in the organization app');
  expect(types).toEqual(expect.arrayContaining(['AWS::CloudFormation::StackSet', 'AWS::Organizations::Policy']));
  cleanUp();
}, 60_000);
