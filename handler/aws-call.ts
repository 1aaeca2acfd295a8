import { sleepWithinDeadline } from './deadline';

/** Errors that mean "slow down": retried with exponential backoff and jitter. */
const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded',
  'ThrottledException', 'SlowDown', 'RequestThrottled', 'RequestThrottledException', 'ProvisionedThroughputExceededException',
]);

/** Errors that mean the provider's role lacks a permission (or an SCP denies it). */
const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'AuthorizationError']);

export interface RetryOptions {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Delay before the first retry; doubled each time, with full jitter. */
  readonly baseDelayMs: number;
}

/** The defaults; tests shorten the delay. */
export const retryOptions: { attempts: number; baseDelayMs: number } = { attempts: 6, baseDelayMs: 500 };

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
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const name = errorName(error);
      if (ACCESS_DENIED.has(name)) {
        throw new Error(`${iamAction} was denied (${name}): allow '${iamAction}' for the baseline's custom resource role `
          + `and make sure no service control policy or permissions boundary denies it. AWS said: ${(error as Error).message}`);
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

/** SDK client settings shared by every handler: retries are awsCall's job. */
export const clientConfig = { maxAttempts: 1 };
