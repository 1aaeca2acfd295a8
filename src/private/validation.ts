import { Duration, Token } from 'aws-cdk-lib';

/**
 * Throws unless `value` is a whole number of days no smaller than `minDays`.
 * Unresolved tokens are skipped: their value is known only at deploy time.
 */
export function validateWholeDays(prop: string, value: Duration, minDays: number, allowed?: string): void {
  if (value.isUnresolved()) {
    return;
  }
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < minDays) {
    throw new Error(`${prop}: received ${value.toHumanString()}; expected a whole number of days, ${allowed ?? `at least ${minDays}`}`);
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
