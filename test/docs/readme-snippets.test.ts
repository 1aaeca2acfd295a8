import * as path from 'path';
import { App } from 'aws-cdk-lib';
import * as ts from 'typescript';
import { readmeSnippets, Snippet } from './readme-snippets';

const SRC = path.join(__dirname, '..', '..', 'src');
const snippets = readmeSnippets();
const typescript = snippets.filter(snippet => snippet.language === 'ts');

/**
 * Runs a TypeScript snippet as the app it shows, with `cdk-secure-baseline` resolved to this
 * library, and returns its `app`. jsii-rosetta (`npx projen rosetta`) type-checks the same
 * snippets; this runs them, so a snippet that compiles but fails at synth cannot land.
 */
function run(snippet: Snippet): App {
  // A script's `#!` line (the README's bin file has one) is for the shell, not the module body.
  const { outputText } = ts.transpileModule(`${snippet.code.replace(/^#!.*\n/, '')}\nexports.__app = app;\n`, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const exports: { __app?: App } = {};
  const load = (name: string) => require(name === 'cdk-secure-baseline' ? SRC : name); // eslint-disable-line @typescript-eslint/no-require-imports
  new Function('require', 'exports', outputText)(load, exports);
  return exports.__app!;
}

test('the README has TypeScript examples, each followed by its Python twin', () => {
  expect(typescript.length).toBeGreaterThanOrEqual(15);
  const apps = snippets.filter(snippet => snippet.language === 'ts' || snippet.language === 'python');
  const order = apps.map(snippet => `${snippet.language}@${snippet.line}`);
  // TypeScript first, then Python, for every example.
  apps.forEach((snippet, index) => {
    expect(`${snippet.language}@${snippet.line}`).toBe(`${index % 2 === 0 ? 'ts' : 'python'}@${snippet.line}`);
  });
  expect(order.length % 2).toBe(0);
});

describe.each(typescript.map(snippet => [`README.md line ${snippet.line}`, snippet] as const))('the TypeScript example at %s', (_, snippet) => {
  test('synthesizes: every stack, with the cdk-nag validations it sets up', () => {
    const app = run(snippet);
    expect(app).toBeInstanceOf(App);
    const assembly = app.synth();
    expect(assembly.stacks.length).toBeGreaterThan(0);
  });
});
