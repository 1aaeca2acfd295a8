// Jest test sequencer for Stryker's runs (stryker.config.mjs), not for `npx projen test`.
//
// Stryker's jest runner picks the tests that reach a mutant by name (`testNamePattern`) but hands jest
// every test file of the folder's selection, and jest loads each file to find out that none of its
// tests match. In test/handler that is 16 files, each loading the handler and its AWS SDK clients:
// about 12 s a mutant, against 1 to 2 s for the one or two files that hold its tests. The initial run
// (no pattern) records which file holds each test; a mutant's run then keeps only the files with a
// test its pattern matches. The same tests run either way; only the loading of the others is saved.

const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

// Written into the sandbox Stryker runs in (its test runners' working directory), so a runner
// started after a timeout, which does not repeat the initial run, reads what the first one wrote.
const TEST_FILES = path.resolve('.stryker-test-files.json');

class MutantTestFileSequencer extends Sequencer {
  constructor(options) {
    super(options);
    this.testNamePattern = options.globalConfig.testNamePattern;
  }

  async sort(tests) {
    const sorted = await super.sort(tests);
    if (!this.testNamePattern || !fs.existsSync(TEST_FILES)) {
      return sorted;
    }
    // Jest matches the pattern the same way, case-insensitively against each test's full name.
    const matches = new RegExp(this.testNamePattern, 'i');
    const filesByTest = JSON.parse(fs.readFileSync(TEST_FILES, 'utf8'));
    const wanted = new Set(Object.entries(filesByTest).filter(([name]) => matches.test(name)).flatMap(([, files]) => files));
    const kept = sorted.filter(test => wanted.has(test.path));
    // No recorded test matches (a test added since the initial run cannot be): run them all, as without this sequencer.
    return kept.length > 0 ? kept : sorted;
  }

  cacheResults(tests, results) {
    super.cacheResults(tests, results);
    // Only the initial run sees every test: later runs stop at the first failure (bail), or select by name.
    if (this.testNamePattern || fs.existsSync(TEST_FILES)) {
      return;
    }
    const filesByTest = {};
    for (const file of results.testResults) {
      for (const test of file.testResults) {
        (filesByTest[test.fullName] ??= []).push(file.testFilePath);
      }
    }
    fs.writeFileSync(TEST_FILES, JSON.stringify(filesByTest));
  }
}

module.exports = MutantTestFileSequencer;
