import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Steps } from '../core/steps.js';

/**
 * Runs a stepwise computation, letting the event loop run between its steps, so that the bot
 * keeps acknowledging interactions meanwhile. With `abandoned`, asked between steps, it stops
 * early (returning undefined) once the result is no longer wanted.
 */
export async function inTurns<T>(steps: Steps<T>): Promise<T>;
export async function inTurns<T>(steps: Steps<T>, abandoned: () => boolean): Promise<T | undefined>;
export async function inTurns<T>(steps: Steps<T>, abandoned?: () => boolean): Promise<T | undefined> {
  for (;;) {
    const next = steps.next();
    if (next.done === true) return next.value;
    await nextTurn();
    // Left unfinished: its generator holds nothing to release.
    if (abandoned?.() === true) return undefined;
  }
}
