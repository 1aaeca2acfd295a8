/**
 * A minimal EventBridge event pattern matcher, for the operators the baseline's rules use, with
 * EventBridge's semantics (EventBridge user guide, "Amazon EventBridge event patterns" and "Content
 * filtering"): every field of the pattern must match (AND); the values listed for one field are
 * alternatives (OR); a field matches an array in the event when any of its elements matches, and
 * arrays of objects are flattened (each leaf path is matched on its own, as EventBridge does);
 * `$or` lists alternative sub-patterns at the level where it stands. An operator it does not know
 * throws, so that a rule using one cannot pass a test unnoticed.
 */

type Json = unknown;

/** One leaf of a pattern: the path from the event's root and the alternatives for its value. */
interface Leaf {
  readonly path: string[];
  readonly matchers: Json[];
}

/** Whether `event` matches `pattern`. */
export function matchesEventPattern(pattern: Record<string, Json>, event: Record<string, Json>): boolean {
  return alternatives(pattern, []).some(conjunction => conjunction.every(leaf => leafMatches(leaf, valuesAt(event, leaf.path))));
}

/** The pattern as alternatives (`$or`), each a list of leaves that must all match. */
function alternatives(pattern: Record<string, Json>, prefix: string[]): Leaf[][] {
  let result: Leaf[][] = [[]];
  for (const [key, value] of Object.entries(pattern)) {
    let options: Leaf[][];
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) {
        throw new Error(`$or at ${prefix.join('.') || 'the root'} needs at least two sub-patterns: ${JSON.stringify(value)}`);
      }
      options = value.flatMap(branch => alternatives(asObject(branch, prefix), prefix));
    } else if (Array.isArray(value)) {
      options = [[{ path: [...prefix, key], matchers: value }]];
    } else {
      options = alternatives(asObject(value, [...prefix, key]), [...prefix, key]);
    }
    result = result.flatMap(conjunction => options.map(option => [...conjunction, ...option]));
  }
  return result;
}

function asObject(value: Json, path: string[]): Record<string, Json> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`the pattern at ${path.join('.')} must be an object or an array, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, Json>;
}

/** The leaf values at `path`, through arrays at any level (EventBridge flattens them). */
function valuesAt(event: Json, path: string[]): Json[] {
  let current: Json[] = [event];
  for (const segment of path) {
    current = flatten(current).flatMap(value => (isObject(value) && segment in value ? [value[segment]] : []));
  }
  return flatten(current).filter(value => !isObject(value));
}

function flatten(values: Json[]): Json[] {
  return values.flatMap(value => (Array.isArray(value) ? flatten(value) : [value]));
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function leafMatches(leaf: Leaf, values: Json[]): boolean {
  return leaf.matchers.some(matcher => matcherMatches(matcher, values, leaf.path));
}

function matcherMatches(matcher: Json, values: Json[], path: string[]): boolean {
  if (!isObject(matcher)) {
    return values.some(value => value === matcher);
  }
  const operators = Object.keys(matcher);
  if (operators.length !== 1) {
    throw new Error(`a matcher at ${path.join('.')} has one operator, got ${JSON.stringify(matcher)}`);
  }
  const [operator] = operators;
  const operand = matcher[operator];
  switch (operator) {
    case 'exists':
      return operand === (values.length > 0);
    case 'prefix':
      return values.some(value => typeof value === 'string' && value.startsWith(operand as string));
    case 'anything-but': {
      const excluded = Array.isArray(operand) ? operand : [operand];
      if (excluded.some(isObject)) {
        throw new Error(`anything-but with a nested operator at ${path.join('.')} is not supported here: ${JSON.stringify(operand)}`);
      }
      return values.some(value => !excluded.includes(value));
    }
    case 'numeric':
      return values.some(value => typeof value === 'number' && numericMatches(operand as Json[], value));
    default:
      throw new Error(`operator '${operator}' at ${path.join('.')} is not supported by this matcher`);
  }
}

function numericMatches(comparisons: Json[], value: number): boolean {
  for (let i = 0; i < comparisons.length; i += 2) {
    const bound = comparisons[i + 1] as number;
    const ok = {
      '=': value === bound, '>': value > bound, '>=': value >= bound, '<': value < bound, '<=': value <= bound,
    }[comparisons[i] as string];
    if (ok === undefined) {
      throw new Error(`numeric comparison '${comparisons[i]}' is not supported`);
    }
    if (!ok) {
      return false;
    }
  }
  return true;
}
