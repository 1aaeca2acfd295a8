/**
 * Every wait in the provider is measured against one deadline per invocation, so that the function
 * always has time left to undo a failed Create and to answer CloudFormation before Lambda stops it
 * (a function stopped by its timeout never answers, and CloudFormation then waits an hour).
 */

/** The provider function's timeout, as src/private/baseline-custom-resource.ts sets it (5 minutes). */
export const FUNCTION_TIMEOUT_MS = 5 * 60_000;

/**
 * Kept free at the end of an invocation: undoing a failed Create takes a few calls (each retried
 * when throttled) and the response is one HTTPS PUT.
 */
export const RESERVED_MS = 45_000;

/** Time and sleep, replaceable in tests so that waits run in virtual time. */
export const clock = {
  now: (): number => Date.now(),
  sleep: (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms)),
};

let deadlineAt = clock.now() + FUNCTION_TIMEOUT_MS - RESERVED_MS;

/**
 * Starts the clock of one invocation.
 *
 * @param timeLeftMs the time Lambda gives the invocation (`context.getRemainingTimeInMillis()`),
 * or the function's timeout when the caller does not know it
 */
export function startInvocation(timeLeftMs: number = FUNCTION_TIMEOUT_MS): void {
  deadlineAt = clock.now() + timeLeftMs - RESERVED_MS;
}

/** Milliseconds left before the deadline; negative once it has passed. */
function remainingMs(): number {
  return deadlineAt - clock.now();
}

/** Sleeps `ms` when that still ends before the deadline and returns true; otherwise returns false at once. */
export async function sleepWithinDeadline(ms: number): Promise<boolean> {
  if (ms > remainingMs()) {
    return false;
  }
  await clock.sleep(ms);
  return true;
}
