// Benchmark of the example baseline: `npx projen benchmark`.
// Synth time is measured in fresh processes (module loading included, as a user's `cdk synth` pays
// it), alternating the baseline app with an empty-stack app so that machine noise hits both alike.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { countOf, readTemplates } from './template-stats';

const RUNS = Number(process.env.BENCHMARK_RUNS ?? 7);
const root = path.join(__dirname, '..');

function synthOnce(app: string, outdir: string): number {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', app], {
    cwd: root,
    env: { ...process.env, CDK_OUTDIR: outdir },
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
fs.rmSync(workdir, { recursive: true, force: true });
