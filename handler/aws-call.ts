import { clock, sleepWithinDeadline } from './deadline';

/** Errors that mean "slow down": retried with exponential backoff and jitter. */
export const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded',
  'ThrottledException', 'SlowDown', 'RequestThrottled', 'RequestThrottledException', 'ProvisionedThroughputExceededException',
]);

/** Errors that mean the provider's role lacks a permission (or an SCP denies it). */
export const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError']);

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Delay before the first retry; doubled each time, with full jitter. */
  readonly baseDelayMs: number;
}

/** The defaults; tests shorten the delay. */
export const retryOptions: { attempts: number; baseDelayMs: number } = { attempts: 6, baseDelayMs: 500 };

/**
 * IAM is eventually consistent. Each custom resource's permissions are a role policy that
 * CloudFormation puts just before the resource's Create or Update, and for a few seconds after that
 * the role can still be refused. Until the first call of a request succeeds, AccessDenied is retried
 * for this long; after it (and for Deletes, whose policy has existed since the last deploy) a denial
 * is final at once.
 */
export const permissionPropagation = { windowMs: 30_000, delayMs: 3_000 };

let retryDeniedUntil = 0;

/** Called at the start of a Create or Update: its role policy may have been put a moment ago. */
export function expectNewPermissions(): void {
  retryDeniedUntil = clock.now() + permissionPropagation.windowMs;
}

/** Called at the start of a Delete: its permissions are old, so a denial is real. */
export function expectSettledPermissions(): void {
  retryDeniedUntil = 0;
}

/**
 * Runs before every call. request-check.ts installs the check that CloudFormation really sent the
 * event being handled; a hook, so that this module needs nothing from that one.
 */
export const beforeEveryCall: { check: (iamAction: string) => Promise<void> } = { check: async () => undefined };

export function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? '';
}

/**
 * Runs one AWS API call. Throttling is retried (the SDK clients are built with one attempt so that
 * retries happen here, where they can be counted and tested); access denied becomes an error that
 * names the IAM action to grant, the usual cause being a service control policy.
 *
 * @param iamAction the IAM action the call needs, e.g. 'ec2:EnableEbsEncryptionByDefault'
 */
export async function awsCall<T>(iamAction: string, call: () => Promise<T>, options: RetryOptions = retryOptions): Promise<T> {
  await beforeEveryCall.check(iamAction);
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await call();
      retryDeniedUntil = 0;
      return result;
    } catch (error) {
      const name = errorName(error);
      if (ACCESS_DENIED.has(name) && clock.now() + permissionPropagation.delayMs < retryDeniedUntil
        && await sleepWithinDeadline(permissionPropagation.delayMs)) {
        attempt--; // waiting for IAM is not a throttling retry
        continue;
      }
      if (ACCESS_DENIED.has(name)) {
        throw new Error(`${iamAction} was denied (${name}). The baseline grants it to its custom resource role, so look for what `
          + `overrides that grant: a service control policy, a permissions boundary or a resource policy. AWS said: ${(error as Error).message}`);
      }
      if (!THROTTLING.has(name)) {
        throw error;
      }
      const delay = Math.random() * options.baseDelayMs * 2 ** (attempt - 1);
      // A backoff that would outlast the invocation's deadline ends the retries early.
      if (attempt >= options.attempts || !await sleepWithinDeadline(delay)) {
        throw new Error(`${iamAction} was still throttled (${name}) after ${attempt} attempts; deploy again later. AWS said: ${(error as Error).message}`);
      }
    }
  }
}

/**
 * Every item of a paged list, each page read through awsCall. The SDK's paginators would send the
 * pages outside it, so one throttled page would end the listing.
 */
export async function awsCallAll<P, I>(
  iamAction: string,
  page: (token: string | undefined) => Promise<P>,
  items: (page: P) => I[] | undefined,
  nextToken: (page: P) => string | undefined,
): Promise<I[]> {
  const all: I[] = [];
  let token: string | undefined;
  do {
    const result = await awsCall(iamAction, () => page(token));
    all.push(...items(result) ?? []);
    token = nextToken(result);
  } while (token);
  return all;
}

/** SDK client settings shared by every handler: retries are awsCall's job. */
export const clientConfig = { maxAttempts: 1 };
