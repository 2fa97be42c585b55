import type { Steps } from '../../src/core/steps.js';

/** Runs a stepwise computation to its end; its result and how many times it yielded on the way. */
export function drainCounting<T>(steps: Steps<T>): { readonly value: T; readonly yields: number } {
  let yields = 0;
  for (;;) {
    const next = steps.next();
    if (next.done === true) return { value: next.value, yields };
    yields++;
  }
}
