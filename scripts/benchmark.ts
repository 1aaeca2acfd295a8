// Synth benchmark: `npx projen benchmark` (compiles the library to lib/ first).
//
// Every figure is a ratio to an app with one empty stack, measured in the same run: each scenario
// runs as a fresh `node` process on the compiled library (module loading included, as a user's
// `cdk synth` pays it), and the scenarios are interleaved round after round (the order rotating
// each round) so that the noise of a shared machine hits them all alike. A ratio is computed per
// round and the median over the rounds is printed, with the spread of the rounds as the noise.
// Wall time counts what a user waits; the process's CPU time (user + system, its own report at exit)
// is far less disturbed by other work on the machine, so both are printed.
//
// BENCHMARK_ROUNDS sets the number of rounds (default 7). BENCHMARK_SOURCE=ts runs the TypeScript
// sources through ts-node (transpile only) instead of lib/, as the tests and the examples do.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readTemplates } from './template-stats';

const ROUNDS = Number(process.env.BENCHMARK_ROUNDS ?? 7);
const root = path.join(__dirname, '..');
const fromSource = process.env.BENCHMARK_SOURCE === 'ts';
const library = JSON.stringify(path.join(root, fromSource ? 'src' : 'lib'));
const nodeOptions = fromSource ? ['-r', 'ts-node/register/transpile-only'] : [];

/** The 17 regions that every account has (MultiRegionBaseline.defaultEnabledRegions()), home first. */
const REGIONS_17 = `(() => {
  const all = lib.MultiRegionBaseline.defaultEnabledRegions();
  return ['us-east-1', ...all.filter(region => region !== 'us-east-1')];
})()`;

function multiRegion(regionCount: string): string {
  return `const lib = require(${library});
    const regions = ${REGIONS_17}.slice(0, ${regionCount});
    new lib.MultiRegionBaseline(app, 'Baseline', { homeRegion: 'us-east-1', regions, account: '111111111111' });`;
}

/** What each scenario's app does between `new App()` and `app.synth()`. */
const SCENARIOS: Record<string, string> = {
  'empty stack': 'new cdk.Stack(app, \'Empty\');',
  'library import only': `const started = process.hrtime.bigint(); require(${library});
    console.log(JSON.stringify({ importMs: Number(process.hrtime.bigint() - started) / 1e6 }));`,
  'default baseline': `new (require(${library}).SecureBaseline)(app, 'Baseline');`,
  'nagPacks: []': `new (require(${library}).SecureBaseline)(app, 'Baseline', { nagPacks: [] });`,
  'MultiRegionBaseline, 1 region': multiRegion('1'),
  'MultiRegionBaseline, 17 regions': multiRegion('17'),
};

interface Run {
  /** Wall time of the process, start to exit. */
  readonly ms: number;
  /** CPU time of the process (user + system), as it reports at exit. */
  readonly cpuMs: number;
  readonly importMs?: number;
}

function runScenario(body: string, outdir: string): Run {
  const program = `const cdk = require('aws-cdk-lib');
    const app = new cdk.App({ outdir: ${JSON.stringify(outdir)} });
    ${body}
    app.synth();
    const cpu = process.cpuUsage();
    console.log(JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000 }));`;
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [...nodeOptions, '-e', program], {
    cwd: root,
    env: { ...process.env, AWS_REGION: 'us-east-1' },
    encoding: 'utf8',
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`scenario failed:\n${body}\n${result.stderr}`);
  }
  const reported = result.stdout.split('\n').filter(line => line.startsWith('{')).map(line => JSON.parse(line));
  const field = (name: string) => reported.find(report => report[name] !== undefined)?.[name];
  return { ms, cpuMs: field('cpuMs'), importMs: field('importMs') };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function spread(values: number[], digits: number): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

function main(): void {
  if (!fromSource && !fs.existsSync(path.join(root, 'lib', 'index.js'))) {
    throw new Error('lib/index.js is missing: run `npx projen compile` (the benchmark task does)');
  }
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-bench-'));
  const names = Object.keys(SCENARIOS);
  const runs: Record<string, Run[]> = Object.fromEntries(names.map(name => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so that no scenario always follows the same one.
    const order = names.map((_, index) => names[(index + round) % names.length]);
    for (const name of order) {
      runs[name].push(runScenario(SCENARIOS[name], path.join(workdir, name.replace(/\W+/g, '-'))));
    }
  }

  const perRound = (measure: keyof Run, name: string, against: string) =>
    runs[name].map((run, round) => (run[measure] as number) / (runs[against][round][measure] as number));
  const ratios = (label: string, name: string, against: string) => {
    const wall = perRound('ms', name, against);
    const cpu = perRound('cpuMs', name, against);
    console.log(`  ${label.padEnd(44)} wall ${median(wall).toFixed(2)}× (rounds ${spread(wall, 2)})`
      + `   cpu ${median(cpu).toFixed(2)}× (rounds ${spread(cpu, 2)})`);
  };

  console.log(`Synth benchmark (${fromSource ? 'src/ through ts-node' : 'compiled lib/'}): ${ROUNDS} interleaved rounds of fresh processes, node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  for (const name of names) {
    const ms = runs[name].map(run => run.ms);
    const cpuMs = runs[name].map(run => run.cpuMs);
    console.log(`  ${name.padEnd(34)} wall median ${median(ms).toFixed(0).padStart(5)} ms (${spread(ms, 0)})`
      + `   cpu median ${median(cpuMs).toFixed(0).padStart(5)} ms (${spread(cpuMs, 0)})`);
  }
  console.log('Ratios (per round, median over the rounds):');
  ratios('default baseline / empty stack', 'default baseline', 'empty stack');
  ratios('nagPacks: [] / empty stack', 'nagPacks: []', 'empty stack');
  ratios('library import only / empty stack', 'library import only', 'empty stack');
  ratios('MultiRegionBaseline, 17 regions / 1 region', 'MultiRegionBaseline, 17 regions', 'MultiRegionBaseline, 1 region');
  const importMs = runs['library import only'].map(run => run.importMs!);
  console.log(`  require() of the library, in process:        median ${median(importMs).toFixed(0)} ms  (${spread(importMs, 0)})`);

  const [baseline] = readTemplates(path.join(workdir, 'default-baseline'));
  const many = readTemplates(path.join(workdir, 'MultiRegionBaseline-17-regions'));
  const resources = (stacks: typeof many) => stacks.reduce((sum, stack) => sum + Object.keys(stack.resources).length, 0);
  console.log(`Default baseline: ${Object.keys(baseline.resources).length} resources, ${(baseline.templateBytes / 1024).toFixed(1)} KiB;`
    + ` 17 regions: ${many.length} stacks, ${resources(many)} resources`);
  fs.rmSync(workdir, { recursive: true, force: true });
}

main();
