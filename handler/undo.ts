import { errorName } from './aws-call';

/** One step that switches off what a failed Create switched on. */
export interface UndoStep {
  /** What the step switches off, as the error message names it, e.g. 'Security Hub (DisableSecurityHub)'. */
  readonly what: string;
  readonly run: () => Promise<unknown>;
}

/**
 * Undoes, best effort and in order, what a Create switched on before it failed, then fails with the
 * original error and what was or could not be undone. Without this, the next deployment would find
 * the service on, adopt it, and `disableOnDelete` could never switch it off.
 */
export async function undoAndFail(error: unknown, steps: UndoStep[]): Promise<never> {
  if (steps.length === 0) {
    throw error;
  }
  const undone: string[] = [];
  const notUndone: string[] = [];
  for (const step of steps) {
    try {
      await step.run();
      undone.push(step.what);
    } catch (undoError) {
      notUndone.push(`${step.what}: ${(undoError as Error).message}`);
    }
  }
  let message = (error as Error).message;
  if (undone.length > 0) {
    message += `. Undone, so that the next deployment starts afresh: ${undone.join('; ')}`;
  }
  if (notUndone.length > 0) {
    message += `. Could NOT be undone, switch it off by hand before deploying again (or the next deployment adopts it): ${notUndone.join('; ')}`;
  }
  throw Object.assign(new Error(message), { name: errorName(error) || 'Error' });
}
