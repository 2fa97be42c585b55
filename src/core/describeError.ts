/**
 * A thrown value as one log line's text: an Error's stack (which starts with its message) when it
 * has one and `stack` is asked for, its message otherwise; anything else thrown as a string.
 */
export function describeError(error: unknown, { stack = true }: { readonly stack?: boolean } = {}): string {
  if (!(error instanceof Error)) return String(error);
  return stack ? (error.stack ?? error.message) : error.message;
}
