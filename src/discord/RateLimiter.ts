/**
 * Per-user sliding-window limit on questions: at most `max` in any `windowMs`. A refusal tells how
 * long until the next question is accepted.
 */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the attempt when allowed; otherwise returns the seconds to wait. */
  take(userId: string): { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number } {
    const now = this.now();
    const times = (this.recent.get(userId) ?? []).filter((time) => now - time < this.windowMs);
    if (times.length >= this.max) {
      this.recent.set(userId, times);
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0]! + this.windowMs - now) / 1000)) };
    }
    times.push(now);
    this.recent.set(userId, times);
    // Forget idle users so the map does not grow without bound.
    if (this.recent.size > 10_000) {
      for (const [id, list] of this.recent) if (list.every((time) => now - time >= this.windowMs)) this.recent.delete(id);
    }
    return { allowed: true };
  }
}
