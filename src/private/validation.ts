import { Duration, Token } from 'aws-cdk-lib';

/**
 * Throws unless `value` is a whole number of days no smaller than `minDays`.
 * Unresolved tokens are skipped: their value is known only at deploy time.
 */
export function validateWholeDays(prop: string, value: Duration, minDays: number, allowed?: string, maxDays: number = Infinity): void {
  if (value.isUnresolved()) {
    return;
  }
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < minDays || days > maxDays) {
    throw new Error(`${prop}: received ${value.toHumanString()}; expected a whole number of days, ${allowed ?? `at least ${minDays}`}`);
  }
}

/**
 * Throws unless `value` is an integer from `min` to `max`. Unresolved tokens are skipped.
 */
export function validateIntegerRange(prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${prop}: received ${value}; expected a whole number from ${min} to ${max}`);
  }
}

/**
 * Throws when a list holds the same key twice; `describe` names an element in the message.
 */
export function validateUnique<T>(prop: string, values: T[], key: (value: T) => string): void {
  const seen = new Set<string>();
  for (const value of values) {
    const k = key(value);
    if (Token.isUnresolved(k)) {
      continue;
    }
    if (seen.has(k)) {
      throw new Error(`${prop}: '${k}' is listed twice; list each value once`);
    }
    seen.add(k);
  }
}

/**
 * Deliberately loose (one '@', no whitespace, a dot in the domain): the receiving service decides
 * deliverability; this only catches typos such as a missing '@' or several addresses in one string.
 */
const EMAIL_ADDRESS_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/;

/**
 * Throws unless `value` looks like a single email address. Unresolved tokens are skipped.
 */
export function validateEmailAddress(prop: string, value: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (!EMAIL_ADDRESS_PATTERN.test(value)) {
    throw new Error(`${prop}: received '${value}'; expected a single email address such as 'security@example.com'`);
  }
}

/**
 * Throws unless `value` is a finite number from `min` to `max`, inclusive. Unresolved tokens are skipped.
 */
export function validateNumberInRange(prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${prop}: received ${value}; expected a number from ${min} to ${max}`);
  }
}

/**
 * Throws unless `value` matches `pattern`; `expected` says in words what is allowed.
 * Unresolved tokens are skipped.
 */
export function validatePattern(prop: string, value: string, pattern: RegExp, expected: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (!pattern.test(value)) {
    throw new Error(`${prop}: received '${value}'; expected ${expected}`);
  }
}

/** An AWS account id: twelve digits (the message names the prop, e.g. a stack's `env.account`). */
export function validateAccountId(prop: string, value: string | undefined): void {
  if (value !== undefined) {
    validatePattern(prop, value, /^\d{12}$/, 'a 12-digit AWS account id such as 111111111111');
  }
}

/**
 * The lifecycle of a log bucket: whole days, at least one, and deletion after the move to Glacier.
 * `owner` names the props interface the values were given in, e.g. 'LogArchiveProps'.
 */
export function validateLogLifecycle(
  owner: string, transitionToGlacierAfter: Duration, noncurrentVersionExpiration: Duration, expiration?: Duration,
): void {
  validateWholeDays(`${owner}.transitionToGlacierAfter`, transitionToGlacierAfter, 1);
  validateWholeDays(`${owner}.noncurrentVersionExpiration`, noncurrentVersionExpiration, 1);
  if (expiration && !transitionToGlacierAfter.isUnresolved()) {
    const transitionDays = transitionToGlacierAfter.toDays();
    validateWholeDays(`${owner}.expiration`, expiration, transitionDays + 1, `greater than transitionToGlacierAfter (${transitionDays} days)`);
  }
}

/**
 * A list of email addresses: each well formed and each once, whatever its case (two subscriptions
 * to one mailbox would deliver every message twice).
 */
export function validateEmailList(prop: string, emails: string[]): void {
  for (const email of emails) {
    validateEmailAddress(prop, email);
  }
  validateUnique(prop, emails, (email) => email.toLowerCase());
}

/**
 * Throws when a part that is switched off (`enabled: false`, or unset where the part is off by
 * default) is given other options: they would be ignored without a word. `stillUsed` lists the
 * options that serve something else while the part is off.
 */
export function validateSwitchedOffPart(
  prop: string, options: { readonly enabled?: boolean } | undefined, onByDefault: boolean, stillUsed: string[] = [],
): void {
  if (options?.enabled ?? onByDefault) {
    return;
  }
  const given = Object.entries(options ?? {})
    .filter(([key, value]) => key !== 'enabled' && value !== undefined && !stillUsed.includes(key))
    .map(([key]) => key);
  if (given.length === 0) {
    return;
  }
  const part = prop.slice(prop.lastIndexOf('.') + 1);
  throw new Error(`${prop}: received ${given.join(', ')} but ${part}.enabled is ${options?.enabled ?? 'not set'}; `
    + (onByDefault ? 'options of a switched-off part would be ignored' : `${part} is off by default`)
    + `: set ${part}.enabled: true, or remove the other options`);
}
