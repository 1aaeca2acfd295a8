/**
 * The parts of a `SecureBaseline` validate their own props and name them as a standalone user
 * writes them (`BudgetAlarmProps.monthlyLimitUsd`). A `SecureBaseline` user wrote something else
 * (`budget.monthlyLimitUsd`), so the baseline rewords a part's error in the user's terms: one table
 * of paths, applied where the parts are built, instead of a prefix threaded through every construct.
 */
export type PropPaths = ReadonlyArray<readonly [internal: string, user: string]>;

/** `error` with each internal prop path of `paths` replaced by the path the user wrote; anything else as it is. */
export function inUserTerms(error: unknown, paths: PropPaths): unknown {
  if (!(error instanceof Error)) {
    return error;
  }
  const reword = (text: string) => paths.reduce(
    (result, [internal, user]) => result.replace(new RegExp(`\\b${internal.replace(/\./g, '\\.')}(?=[.:\\[ ]|$)`, 'g'), user), text);
  const message = reword(error.message);
  if (message !== error.message) {
    // The stack's first line repeats the message, and Node prints the stack of an uncaught error.
    error.stack = error.stack?.replace(error.message, message);
    error.message = message;
  }
  return error;
}
