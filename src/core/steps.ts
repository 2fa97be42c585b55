/**
 * A computation done a slice at a time: a generator that yields (nothing) between slices and
 * returns its result. A caller that must keep serving runs it in turns of the event loop; any
 * other caller drains it at once.
 */
export type Steps<T> = Generator<undefined, T>;

/** Runs a stepwise computation to its end at once. */
export function drain<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
  }
}
