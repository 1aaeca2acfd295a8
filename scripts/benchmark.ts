// Benchmark of the example baseline: `npx projen benchmark`.
// Synth time is measured in fresh processes (module loading included, as a user's `cdk synth` pays
// it), alternating the baseline app with an empty-stack app so that machine noise hits both alike.
// The multi-region figures compare a MultiRegionBaseline over the 17 default-enabled regions with one
// over a single region, also in alternating fresh processes: this script is then its own app (run
// with BENCHMARK_MULTI_REGION=<number of regions>).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { countOf, readTemplates, TemplateStats } from './template-stats';
import { MultiRegionBaseline } from '../src';

const RUNS = Number(process.env.BENCHMARK_RUNS ?? 7);
const root = path.join(__dirname, '..');

function synthOnce(app: string, outdir: string, extraEnv: Record<string, string> = {}): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', app], {
    cwd: root,
    env: { ...process.env, CDK_OUTDIR: outdir, ...extraEnv },
    encoding: 'utf8',
  });
  const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${app} failed:\n${result.stderr}`);
  }
  return elapsedMs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The baseline app of examples/app.ts, over `regionCount` of the default-enabled regions, home us-east-1. */
function synthMultiRegionApp(regionCount: number): void {
  const regions = ['us-east-1', ...MultiRegionBaseline.defaultEnabledRegions().filter(region => region !== 'us-east-1')].slice(0, regionCount);
  const app = new App({ outdir: process.env.CDK_OUTDIR });
  new MultiRegionBaseline(app, 'Baseline', {
    homeRegion: 'us-east-1',
    regions,
    account: '111111111111',
    baseline: {
      notificationEmails: ['security@example.com'],
      securityContact: { name: 'Security team', email: 'security@example.com', phone: '+1 555 0100' },
      budget: { monthlyLimitUsd: 500 },
      nagPacks: [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks(), new PCIDSS321Checks()],
    },
  });
  app.synth();
}

function resourceCount(stats: TemplateStats[]): number {
  return stats.reduce((sum, stack) => sum + Object.keys(stack.resources).length, 0);
}

function main(): void {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-bench-'));
  const baselineOut = path.join(workdir, 'baseline');
  const emptyOut = path.join(workdir, 'empty');
  const baselineMs: number[] = [];
  const emptyMs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    baselineMs.push(synthOnce('examples/app.ts', baselineOut));
    emptyMs.push(synthOnce('examples/empty-app.ts', emptyOut));
  }

  const [stats] = readTemplates(baselineOut);
  const baselineMedian = median(baselineMs);
  const emptyMedian = median(emptyMs);
  console.log(`Example baseline (${RUNS} alternating fresh-process runs each, node ${process.version}, ${os.cpus().length} cores)`);
  console.log(`  synth, baseline app (4 nag packs):  median ${baselineMedian.toFixed(0)} ms  [${baselineMs.map(ms => ms.toFixed(0)).join(', ')}]`);
  console.log(`  synth, empty stack app:             median ${emptyMedian.toFixed(0)} ms  [${emptyMs.map(ms => ms.toFixed(0)).join(', ')}]`);
  console.log(`  ratio baseline / empty:             ${(baselineMedian / emptyMedian).toFixed(2)}`);
  console.log(`  CloudFormation resources:           ${Object.keys(stats.resources).length}`);
  console.log(`  Lambda functions:                   ${countOf(stats, 'AWS::Lambda::Function')}`);
  console.log(`  template size:                      ${stats.templateBytes} bytes (${(stats.templateBytes / 1024).toFixed(1)} KiB; CloudFormation limit 1 MiB)`);

  // Many regions, one account: 17 default-enabled regions against one.
  const single = path.join(workdir, 'single-region');
  const many = path.join(workdir, 'many-regions');
  const singleMs: number[] = [];
  const manyMs: number[] = [];
  const manyCount = MultiRegionBaseline.defaultEnabledRegions().length;
  for (let run = 0; run < RUNS; run++) {
    singleMs.push(synthOnce('scripts/benchmark.ts', single, { BENCHMARK_MULTI_REGION: '1' }));
    manyMs.push(synthOnce('scripts/benchmark.ts', many, { BENCHMARK_MULTI_REGION: String(manyCount) }));
  }
  const singleStats = readTemplates(single);
  const manyStats = readTemplates(many);
  const home = manyStats.find(stack => stack.stackName.endsWith('us-east-1'))!;
  const member = manyStats.find(stack => !stack.stackName.endsWith('us-east-1'))!;
  console.log(`MultiRegionBaseline, ${manyCount} regions against 1 (${RUNS} alternating fresh-process runs each, 4 nag packs per stack)`);
  console.log(`  synth, 1 region:                    median ${median(singleMs).toFixed(0)} ms  [${singleMs.map(ms => ms.toFixed(0)).join(', ')}]`);
  console.log(`  synth, ${manyCount} regions:                  median ${median(manyMs).toFixed(0)} ms  [${manyMs.map(ms => ms.toFixed(0)).join(', ')}]`);
  console.log(`  ratio ${manyCount} regions / 1:               ${(median(manyMs) / median(singleMs)).toFixed(2)}`);
  console.log(`  stacks:                             ${singleStats.length} / ${manyStats.length}`);
  console.log(`  CloudFormation resources, total:    ${resourceCount(singleStats)} / ${resourceCount(manyStats)}`);
  console.log(`  resources, home / each member:      ${Object.keys(home.resources).length} / ${Object.keys(member.resources).length}`);
  console.log(`  template size, home / each member:  ${(home.templateBytes / 1024).toFixed(1)} KiB / ${(member.templateBytes / 1024).toFixed(1)} KiB`);
  fs.rmSync(workdir, { recursive: true, force: true });
}

if (process.env.BENCHMARK_MULTI_REGION) {
  synthMultiRegionApp(Number(process.env.BENCHMARK_MULTI_REGION));
} else {
  main();
}
