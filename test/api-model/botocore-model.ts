/**
 * Every AWS service's published API model, as botocore (PyPI) ships it: the operations, and for
 * each request member its type, whether it is required, its enum, numeric range, length and
 * pattern. The handler tests record what the provider would send; this checks that AWS would
 * accept it, which neither the mocked clients nor the IAM proof can tell.
 *
 * botocore is installed into .venv by `npx projen setup:python` (requirements-dev.txt), which the
 * test task runs first. It is a test tool only: nothing here is bundled or shipped.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import type { AwsStub } from 'aws-sdk-client-mock';

/** A shape of a botocore service model (`service-2.json`), with the members this check reads. */
interface Shape {
  readonly type: 'structure' | 'list' | 'map' | 'string' | 'integer' | 'long' | 'float' | 'double' | 'boolean' | 'timestamp' | 'blob';
  readonly members?: Record<string, { readonly shape: string; readonly idempotencyToken?: boolean }>;
  readonly required?: string[];
  readonly member?: { readonly shape: string };
  readonly key?: { readonly shape: string };
  readonly value?: { readonly shape: string };
  readonly enum?: string[];
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
}

interface ServiceModel {
  readonly metadata: { readonly serviceId: string; readonly signingName?: string; readonly endpointPrefix: string };
  readonly operations: Record<string, { readonly input?: { readonly shape: string } }>;
  readonly shapes: Record<string, Shape>;
}

// Stryker runs the tests from a copy of the project that leaves .venv out (it cannot copy the venv's
// lib64 symlink); stryker.config.mjs points BOTOCORE_VENV at the original.
const VENV = process.env.BOTOCORE_VENV ?? path.join(__dirname, '..', '..', '.venv');

/** botocore's data folder in the project's virtual environment; an absent one fails loudly, never skips. */
export function botocoreDataDirectory(venv: string = VENV): string {
  const lib = path.join(venv, 'lib');
  const python = fs.existsSync(lib) ? fs.readdirSync(lib).find(dir => dir.startsWith('python')) : undefined;
  const data = python && path.join(lib, python, 'site-packages', 'botocore', 'data');
  if (!data || !fs.existsSync(data)) {
    throw new Error(`botocore's API models are not installed in ${venv}: run \`npx projen setup:python\` (requirements-dev.txt pins botocore)`);
  }
  return data;
}

function readModelFile(file: string): ServiceModel {
  const bytes = fs.readFileSync(file);
  return JSON.parse((file.endsWith('.gz') ? zlib.gunzipSync(bytes) : bytes).toString('utf8'));
}

/** The newest model file of one botocore service folder. */
function newestModelFile(serviceDirectory: string): string | undefined {
  const versions = fs.readdirSync(serviceDirectory).sort().reverse();
  for (const version of versions) {
    for (const name of ['service-2.json.gz', 'service-2.json']) {
      const file = path.join(serviceDirectory, version, name);
      if (fs.existsSync(file)) {
        return file;
      }
    }
  }
  return undefined;
}

/**
 * The API models, found by the `serviceId` an SDK v3 client reports in its config (`EC2`,
 * `Config Service`, `S3 Control`): the same id botocore writes in each model's metadata. The
 * folder names differ from it for some services (`config`, `ce`, `s3control`), so the index is
 * read from the data rather than kept by hand.
 */
export class ApiModels {
  private index?: Map<string, string>;
  private readonly models = new Map<string, ServiceModel>();

  constructor(private readonly dataDirectory: string = botocoreDataDirectory()) {}

  public model(serviceId: string): ServiceModel {
    let model = this.models.get(serviceId);
    if (!model) {
      const file = this.serviceIndex().get(serviceId);
      if (!file) {
        throw new Error(`botocore has no API model whose serviceId is '${serviceId}'`);
      }
      model = readModelFile(file);
      this.models.set(serviceId, model);
    }
    return model;
  }

  private serviceIndex(): Map<string, string> {
    if (!this.index) {
      this.index = new Map();
      for (const service of fs.readdirSync(this.dataDirectory)) {
        const directory = path.join(this.dataDirectory, service);
        const file = fs.statSync(directory).isDirectory() ? newestModelFile(directory) : undefined;
        if (file) {
          // The metadata comes first in every model file: reading its start is enough.
          const head = (file.endsWith('.gz') ? zlib.gunzipSync(fs.readFileSync(file)) : fs.readFileSync(file)).subarray(0, 4096).toString('utf8');
          const serviceId = /"serviceId"\s*:\s*"([^"]+)"/.exec(head)?.[1];
          if (serviceId) {
            this.index.set(serviceId, file);
          }
        }
      }
    }
    return this.index;
  }
}

/**
 * The requests the given mocked clients received that their service's model refuses, one line
 * each (`<serviceId>:<Operation> <member path>: <rule>`). Commands in `seen` are skipped, and
 * every command checked is added to it, so that each request is judged once.
 */
export function refusedRequests(stubs: AwsStub<any, any, any>[], models: ApiModels, seen: WeakSet<object>): string[] {
  const problems = new Set<string>();
  for (const stub of stubs) {
    for (const call of stub.calls()) {
      const command = call.args[0] as { constructor: { name: string }; input: unknown };
      if (seen.has(command)) {
        continue;
      }
      seen.add(command);
      const serviceId: string | undefined = (call.thisValue as any)?.config?.serviceId;
      if (!serviceId) {
        problems.add(`${command.constructor.name} was sent through a client without a serviceId in its config`);
        continue;
      }
      const operation = command.constructor.name.replace(/Command$/, '');
      for (const violation of validateRequest(models.model(serviceId), operation, command.input)) {
        problems.add(`${serviceId}:${operation} ${violation.path}: ${violation.rule}`);
      }
    }
  }
  return [...problems];
}

/** One way a request breaks its service's model: where, and which rule. */
export interface ModelViolation {
  readonly path: string;
  readonly rule: string;
}

/**
 * Checks one request against the model of its operation and lists every violation: a missing
 * required member, a member the model does not have (the SDK would drop it without a word), a
 * wrong type, a value outside the enum, a number outside its range, a string or list of the wrong
 * length, a string that does not match its pattern.
 */
export function validateRequest(model: ServiceModel, operation: string, input: unknown): ModelViolation[] {
  const op = model.operations[operation];
  if (!op) {
    return [{ path: operation, rule: `${model.metadata.serviceId} has no operation '${operation}'` }];
  }
  const violations: ModelViolation[] = [];
  if (op.input) {
    checkValue(model, op.input.shape, input ?? {}, 'input', violations);
  }
  return violations;
}

function checkValue(model: ServiceModel, shapeName: string, value: unknown, at: string, out: ModelViolation[]): void {
  const shape = model.shapes[shapeName];
  const fail = (rule: string): void => {
    out.push({ path: at, rule });
  };
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail(`expected a structure (${shapeName}), received ${describe(value)}`);
      }
      const given = value as Record<string, unknown>;
      const members = shape.members ?? {};
      for (const name of shape.required ?? []) {
        // The SDK fills an idempotency token itself when the caller leaves it out.
        if (given[name] === undefined && !members[name]?.idempotencyToken) {
          fail(`required member '${name}' is missing`);
        }
      }
      for (const [name, member] of Object.entries(given)) {
        if (member === undefined) {
          continue;
        }
        if (!members[name]) {
          fail(`member '${name}' is not in ${shapeName} (the SDK would drop it); the model has ${Object.keys(members).join(', ')}`);
          continue;
        }
        checkValue(model, members[name].shape, member, `${at}.${name}`, out);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) {
        return fail(`expected a list (${shapeName}), received ${describe(value)}`);
      }
      checkRange(shape, value.length, 'list size', fail);
      value.forEach((item, i) => checkValue(model, shape.member!.shape, item, `${at}[${i}]`, out));
      return;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail(`expected a map (${shapeName}), received ${describe(value)}`);
      }
      const entries = Object.entries(value as Record<string, unknown>);
      checkRange(shape, entries.length, 'map size', fail);
      for (const [key, item] of entries) {
        checkValue(model, shape.key!.shape, key, `${at}{key ${key}}`, out);
        checkValue(model, shape.value!.shape, item, `${at}.${key}`, out);
      }
      return;
    }
    case 'string': {
      if (typeof value !== 'string') {
        return fail(`expected a string (${shapeName}), received ${describe(value)}`);
      }
      if (shape.enum && !shape.enum.includes(value)) {
        return fail(`'${value}' is not one of ${shape.enum.join(', ')}`);
      }
      checkRange(shape, [...value].length, 'length', fail);
      if (shape.pattern && !patternOf(shape.pattern).test(value)) {
        fail(`'${value}' does not match the pattern ${shape.pattern}`);
      }
      return;
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      if (typeof value !== 'number' || !Number.isFinite(value) || (shape.type === 'integer' || shape.type === 'long') && !Number.isInteger(value)) {
        return fail(`expected ${shape.type === 'integer' || shape.type === 'long' ? 'an integer' : 'a number'} (${shapeName}), received ${describe(value)}`);
      }
      checkRange(shape, value, 'value', fail);
      return;
    }
    case 'boolean':
      if (typeof value !== 'boolean') {
        fail(`expected a boolean (${shapeName}), received ${describe(value)}`);
      }
      return;
    case 'timestamp':
      if (!(value instanceof Date) && typeof value !== 'number' && typeof value !== 'string') {
        fail(`expected a timestamp (${shapeName}), received ${describe(value)}`);
      }
      return;
    case 'blob':
      if (!(value instanceof Uint8Array) && typeof value !== 'string') {
        fail(`expected a blob (${shapeName}), received ${describe(value)}`);
      }
      return;
  }
}

function checkRange(shape: Shape, measured: number, what: string, fail: (rule: string) => void): void {
  if (shape.min !== undefined && measured < shape.min) {
    fail(`${what} ${measured} is below the minimum ${shape.min}`);
  }
  if (shape.max !== undefined && measured > shape.max) {
    fail(`${what} ${measured} is above the maximum ${shape.max}`);
  }
}

const patterns = new Map<string, RegExp>();

/**
 * A model pattern as a JavaScript regular expression. Smithy patterns are ECMA 262 and not
 * anchored; a few use Unicode property classes (`\p{L}`), which need the `u` flag, and a few
 * escape characters the `u` flag refuses, so the plain form is the fallback. Some older models
 * carry Java's inline `(?i)`, which JavaScript lacks: it becomes the `i` flag for the whole
 * pattern, which can only accept more than AWS does, never refuse a request AWS would take.
 */
function patternOf(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    const caseInsensitive = source.includes('(?i)');
    const body = source.split('(?i)').join('');
    const flags = caseInsensitive ? 'i' : '';
    try {
      pattern = new RegExp(body, `u${flags}`);
    } catch {
      pattern = new RegExp(body, flags);
    }
    patterns.set(source, pattern);
  }
  return pattern;
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'a list' : `${typeof value} ${JSON.stringify(value)}`;
}
