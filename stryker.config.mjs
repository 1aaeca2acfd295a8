// Mutation testing: Stryker changes the code one small way at a time (a condition flipped, a call
// dropped, a string emptied) and runs the tests that cover that spot; a mutant no test notices is a
// behaviour nothing protects. `npx projen mutation` runs it folder by folder (MUTATION_FOLDER picks
// one); see docs/mutation-testing.md for the scores and the mutants judged equivalent.
//
// Tests run against the TypeScript sources, never against the esbuild bundles under assets/: the one
// test that runs a bundle (test/cli/package.test.ts, the packed `verify` binary) is left out, as it
// checks the packaging, and a mutant in cli/ would otherwise need the bundle rebuilt for every run.
// The synth tests still read assets/handler as the Lambda's code directory, so the task bundles first.
// Every mocked SDK request is checked against botocore's models in .venv (test/api-model): the task runs
// setup:python first, and the tests read the project's own .venv (BOTOCORE_VENV), which is not copied
// into the sandbox (its lib64 is a symlink to a folder, which Stryker's copy refuses).

import * as fs from 'node:fs';
import * as path from 'node:path';

/** Each folder with the tests that exercise it (the rest of the suite never reaches its code). */
export const FOLDERS = {
  handler: {
    mutate: ['handler/**/*.ts'],
    // The handler's behaviour is tested against mocked AWS clients here; the synth tests elsewhere
    // only read its constants, and would make the initial run several times longer.
    tests: ['test/handler/**/*.test.ts'],
    ignoreStatic: true,
  },
  cli: {
    mutate: ['cli/**/*.ts'],
    tests: ['test/cli/**/*.test.ts', '!test/cli/package.test.ts'],
    // 1,233 mutants, most of them texts in the module-level check tables.
    ignoreStatic: true,
  },
  nag: {
    mutate: ['src/nag/**/*.ts'],
    tests: ['test/nag/**/*.test.ts', 'test/phase1/**/*.test.ts'],
    ignoreStatic: false,
  },
  private: {
    mutate: ['src/private/**/*.ts'],
    tests: ['test/**/*.test.ts', '!test/cli/package.test.ts'],
    ignoreStatic: true,
  },
};

const folder = process.env.MUTATION_FOLDER ?? 'handler';
const chosen = FOLDERS[folder];
if (!chosen) {
  throw new Error(`MUTATION_FOLDER is '${folder}'; expected one of ${Object.keys(FOLDERS).join(', ')}`);
}
const reportDir = `reports/mutation/${folder}`;
// The TypeScript checker type-checks each mutant in a program; tsconfig.dev.json's is the whole
// repository (≈7,000 files, aws-cdk-lib included). The folder's sources and tests, the jest setup
// file and what they import are all ts-jest compiles, and half the files or fewer (the CLI's 11.7 s
// against 29 s for a full check). Written at the root, so that Stryker copies it into its sandbox (git-ignored).
const CHECKER_TSCONFIG = '.stryker-tsconfig.json';
fs.writeFileSync(CHECKER_TSCONFIG, JSON.stringify({
  extends: './tsconfig.dev.json',
  // The mutated files are listed too: the checker watches only the files a program is given.
  include: [...chosen.mutate, ...chosen.tests.filter((t) => !t.startsWith('!')), 'test/api-model/*.ts'],
}, undefined, 2) + '\n');
process.env.BOTOCORE_VENV ??= path.resolve('.venv');
// test/cli/read-only.test.ts reads the CLI's source text, which the sandbox holds rewritten.
process.env.MUTATION_ORIGINAL_ROOT ??= path.resolve('.');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  mutate: chosen.mutate,
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    enableFindRelatedTests: false,
    config: {
      testMatch: chosen.tests.filter((t) => !t.startsWith('!')).map((t) => `<rootDir>/${t}`),
      testPathIgnorePatterns: ['/node_modules/', ...chosen.tests.filter((t) => t.startsWith('!')).map((t) => t.slice(1))],
      collectCoverage: false,
      maxWorkers: 1,
      // Loads only the test files that hold a mutant's tests (scripts/mutation-test-sequencer.cjs): 4 to 6
      // times faster per mutant in test/handler, where every file loads the handler and its SDK clients.
      testSequencer: path.resolve('scripts/mutation-test-sequencer.cjs'),
    },
  },
  // Only the tests that reach a mutant run for it. A static mutant (a module-level constant, evaluated
  // once on import) needs the module loaded again and the folder's whole selection run: affordable
  // for nag (81 static mutants, 79% of its run), not for the handler's, the CLI's or the whole suite. Skipping
  // them is not enough either: with jest, Stryker tests a module-level constant that a test also reaches
  // as a runtime mutant, which the loaded module never sees, and reports it as a survivor.
  coverageAnalysis: 'perTest',
  ignoreStatic: chosen.ignoreStatic,
  checkers: ['typescript'],
  tsconfigFile: CHECKER_TSCONFIG,
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  // Two cores are the norm here: one test process (set MUTATION_CONCURRENCY=2 on an idle machine).
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 20000,
  // The initial run (every selected test, with coverage per test) is slow on a busy two-core machine.
  dryRunTimeoutMinutes: 30,
  timeoutFactor: 3,
  // Re-runs test only the mutants whose code or covering tests changed since the last run.
  incremental: true,
  incrementalFile: `${reportDir}/stryker-incremental.json`,
  // event-recorder writes each mutant's result as it is tested (reports/mutation/<folder>/events), so an
  // interrupted run still tells which mutants survived; html and json are written at the end only.
  reporters: ['html', 'json', 'clear-text', 'progress-append-only', 'event-recorder'],
  eventReporter: { baseDir: `${reportDir}/events` },
  htmlReporter: { fileName: `${reportDir}/index.html` },
  jsonReporter: { fileName: `${reportDir}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['/.venv/', '/reports/', '/cdk.out*', '/.venv-*', '/dist/', '/lib/', '/coverage/', '/test-reports/', '/.maven-repo/', '/smoke/java/target/'],
  cleanTempDir: 'always',
};
