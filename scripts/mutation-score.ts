// `npx projen mutation`: runs Stryker on each folder in turn (stryker.config.mjs, MUTATION_FOLDER), then
// prints each folder's mutation score from its JSON report. MUTATION_FOLDERS=handler,cli picks folders;
// MUTATION_CONCURRENCY=2 runs two test processes (one by default: two cores are the norm here).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const ALL_FOLDERS = ['handler', 'cli', 'nag', 'private'];
const root = path.join(__dirname, '..');

/** Stryker's mutant statuses, grouped as its own score counts them (compile errors and ignored mutants do not count). */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

interface Score {
  readonly detected: number;
  readonly undetected: number;
  readonly survivors: string[];
}

function scoreOf(reportFile: string): Score {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as {
    files: Record<string, { mutants: { status: string; mutatorName: string; replacement?: string; location: { start: { line: number } } }[] }>;
  };
  let detected = 0;
  let undetected = 0;
  const survivors: string[] = [];
  for (const [file, { mutants }] of Object.entries(report.files)) {
    for (const mutant of mutants) {
      if (DETECTED.has(mutant.status)) {
        detected++;
      } else if (UNDETECTED.has(mutant.status)) {
        undetected++;
        survivors.push(`${file}:${mutant.location.start.line} ${mutant.status} ${mutant.mutatorName}${mutant.replacement ? ` → ${mutant.replacement.split('\n')[0].slice(0, 60)}` : ''}`);
      }
    }
  }
  return { detected, undetected, survivors };
}

const folders = (process.env.MUTATION_FOLDERS ?? ALL_FOLDERS.join(',')).split(',').map(folder => folder.trim()).filter(Boolean);
const unknown = folders.filter(folder => !ALL_FOLDERS.includes(folder));
if (unknown.length > 0) {
  throw new Error(`MUTATION_FOLDERS names ${unknown.join(', ')}; expected some of ${ALL_FOLDERS.join(', ')}`);
}

const lines: string[] = [];
for (const folder of folders) {
  const started = Date.now();
  const run = spawnSync('npx', ['stryker', 'run'], { cwd: root, stdio: 'inherit', env: { ...process.env, MUTATION_FOLDER: folder } });
  if (run.status !== 0) {
    throw new Error(`Stryker failed on ${folder} (exit ${run.status}); see its output above`);
  }
  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  const { detected, undetected } = scoreOf(path.join(root, 'reports', 'mutation', folder, 'mutation.json'));
  const total = detected + undetected;
  const percent = total === 0 ? 100 : (100 * detected) / total;
  lines.push(`${folder.padEnd(8)} ${percent.toFixed(1).padStart(5)}% killed (${detected} of ${total}), ${undetected} survived, ${minutes} min; report: reports/mutation/${folder}/index.html`);
}
console.log(['', 'Mutation score per folder:', ...lines].join('\n'));
