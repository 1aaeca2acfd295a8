import { ACCESS_DENIED, errorName, THROTTLING } from '../handler/aws-call';

/**
 * The verbs `verify` may call. Every AWS call goes through `read`, which refuses any other action,
 * so the command can never change the account it looks at (test/cli/read-only.test.ts checks the
 * source as well).
 */
export const READ_VERBS = ['Describe', 'Get', 'List', 'BatchGet'];

/** An IAM action that is a read, e.g. 'guardduty:ListDetectors' (budgets:ViewBudget is Budgets' read). */
export function isReadAction(action: string): boolean {
  const name = action.split(':')[1] ?? '';
  return READ_VERBS.some(verb => name.startsWith(verb)) || action === 'budgets:ViewBudget';
}

/** The caller lacks an IAM action (or an SCP or boundary denies it): that one check is unknown. */
export class NeedsPermission extends Error {
  constructor(readonly action: string, readonly awsError: string, readonly awsMessage: string) {
    super(`needs ${action}`);
  }
}

/** Retries of throttled calls; tests shorten the delay. */
export const readRetry = { attempts: 6, baseDelayMs: 400 };

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * One read-only AWS call. Throttling is retried with exponential backoff and full jitter (the SDK
 * clients are built with one attempt, so that retries are counted here and testable with mocks);
 * access denied becomes `NeedsPermission` naming the action.
 *
 * @param action the IAM action the call needs, e.g. 'iam:GetAccountSummary'
 */
export async function read<T>(action: string, call: () => Promise<T>): Promise<T> {
  if (!isReadAction(action)) {
    throw new Error(`verify only reads, and ${action} is not a read`);
  }
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const name = errorName(error);
      if (ACCESS_DENIED.has(name)) {
        throw new NeedsPermission(action, name, (error as Error).message ?? '');
      }
      if (!THROTTLING.has(name) || attempt >= readRetry.attempts) {
        throw error;
      }
      await sleep(Math.random() * readRetry.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}

/** Follows a paginated list call to the end (or to `maxPages`), collecting its items. */
export async function readAll<P, I>(
  action: string,
  page: (token: string | undefined) => Promise<P>,
  items: (page: P) => I[] | undefined,
  nextToken: (page: P) => string | undefined,
  maxPages = 100,
): Promise<{ items: I[]; truncated: boolean }> {
  const all: I[] = [];
  let token: string | undefined;
  for (let pages = 0; pages < maxPages; pages++) {
    const result = await read(action, () => page(token));
    all.push(...items(result) ?? []);
    token = nextToken(result);
    if (!token) {
      return { items: all, truncated: false };
    }
  }
  return { items: all, truncated: true };
}
