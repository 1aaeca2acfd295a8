// `npx projen mutation`: runs Stryker on each folder in turn (stryker.config.mjs, MUTATION_FOLDER), then
// prints each folder's mutation score from its JSON report. MUTATION_FOLDERS=handler,cli picks folders;
// MUTATION_CONCURRENCY=2 runs two test processes (one by default: two cores are the norm here);
// MUTATION_REPORT_ONLY=1 prints the scores of the last reports without running Stryker.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

const root = path.join(__dirname, '..');

/** Stryker's mutant statuses, grouped as its own score counts them (compile errors and ignored mutants do not count). */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

interface Mutant {
  readonly status: string;
  readonly static?: boolean;
}

interface Score {
  readonly detected: number;
  readonly undetected: number;
  /** Static mutants of a folder run with `ignoreStatic`: Stryker reports them as survivors without ever loading them. */
  readonly staticNotRun: number;
}

/**
 * A folder's score. Where the folder is run with `ignoreStatic`, Stryker's jest runner still tests a
 * module-level mutant that a test reaches, but only switched on after the module has loaded, so it
 * can only survive: those are counted apart, as not measured, rather than as survivors.
 */
function scoreOf(reportFile: string, ignoreStatic: boolean): Score {
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { files: Record<string, { mutants: Mutant[] }> };
  const mutants = Object.values(report.files).flatMap(file => file.mutants);
  const notRun = (mutant: Mutant) => ignoreStatic && mutant.static === true && !DETECTED.has(mutant.status);
  return {
    detected: mutants.filter(mutant => DETECTED.has(mutant.status)).length,
    undetected: mutants.filter(mutant => UNDETECTED.has(mutant.status) && !notRun(mutant)).length,
    staticNotRun: mutants.filter(notRun).length,
  };
}

async function main(): Promise<void> {
  // stryker.config.mjs is an ES module; `import()` written out here stays an import under ts-node's CommonJS.
  const load = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<{ FOLDERS: Record<string, { ignoreStatic: boolean }> }>;
  const { FOLDERS } = await load(pathToFileURL(path.join(root, 'stryker.config.mjs')).href);
  const all = Object.keys(FOLDERS);
  const folders = (process.env.MUTATION_FOLDERS ?? all.join(',')).split(',').map(folder => folder.trim()).filter(Boolean);
  const unknown = folders.filter(folder => !all.includes(folder));
  if (unknown.length > 0) {
    throw new Error(`MUTATION_FOLDERS names ${unknown.join(', ')}; expected some of ${all.join(', ')}`);
  }

  const lines: string[] = [];
  for (const folder of folders) {
    const started = Date.now();
    if (process.env.MUTATION_REPORT_ONLY !== '1') {
      const run = spawnSync('npx', ['stryker', 'run'], { cwd: root, stdio: 'inherit', env: { ...process.env, MUTATION_FOLDER: folder } });
      if (run.status !== 0) {
        throw new Error(`Stryker failed on ${folder} (exit ${run.status}); see its output above`);
      }
    }
    const minutes = ((Date.now() - started) / 60_000).toFixed(1);
    const { detected, undetected, staticNotRun } = scoreOf(path.join(root, 'reports', 'mutation', folder, 'mutation.json'), FOLDERS[folder].ignoreStatic);
    const total = detected + undetected;
    const percent = total === 0 ? 100 : (100 * detected) / total;
    lines.push(`${folder.padEnd(8)} ${percent.toFixed(1).padStart(5)}% killed (${detected} of ${total}), ${undetected} survived`
      + `${staticNotRun > 0 ? `, ${staticNotRun} static not run` : ''}, ${minutes} min; report: reports/mutation/${folder}/index.html`);
  }
  console.log(['', 'Mutation score per folder:', ...lines].join('\n'));
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
