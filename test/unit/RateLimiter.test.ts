import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/discord/RateLimiter.js';

/** A clock the test moves by hand. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('RateLimiter', () => {
  it('allows 5 questions, then refuses with the seconds until the oldest leaves the window', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(5, 60_000, clock.now);
    for (let i = 0; i < 5; i++) {
      expect(limiter.take('alice')).toEqual({ allowed: true });
      clock.advance(1_000);
    }
    // Questions at 0 s … 4 s; now 5 s: the first leaves the window at 60 s, 55 s from now.
    expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 55 });
    clock.advance(30_500);
    expect(limiter.take('alice')).toEqual({ allowed: false, retryAfterSeconds: 25 }); // 24.5 s, rounded up
  });

  it('never tells the user to wait 0 seconds', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(1, 60_000, clock.now);
    limiter.take('bob');
    clock.advance(59_999);
    expect(limiter.take('bob')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('accepts again when told to, and not a moment before', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, 10_000, clock.now);
    limiter.take('u');
    limiter.take('u');
    const refused = limiter.take('u');
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(refused.retryAfterSeconds).toBe(10);
    clock.advance(refused.retryAfterSeconds * 1000 - 1);
    expect(limiter.take('u').allowed).toBe(false);
    clock.advance(1);
    expect(limiter.take('u').allowed).toBe(true);
  });

  it('slides the window: each question frees its slot a window after it was asked', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(3, 60_000, clock.now);
    limiter.take('carol'); // t=0
    clock.advance(20_000);
    limiter.take('carol'); // t=20
    clock.advance(20_000);
    limiter.take('carol'); // t=40
    clock.advance(10_000); // t=50
    expect(limiter.take('carol')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    clock.advance(10_000); // t=60: the first question has left the window
    expect(limiter.take('carol')).toEqual({ allowed: true });
    // Not a fixed window: the questions at 20 s and 40 s still count.
    expect(limiter.take('carol')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    clock.advance(20_000); // t=80
    expect(limiter.take('carol')).toEqual({ allowed: true });
  });

  it('refused attempts do not count against the user', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, 60_000, clock.now);
    limiter.take('dan');
    limiter.take('dan');
    for (let i = 0; i < 50; i++) {
      clock.advance(1_000);
      expect(limiter.take('dan').allowed).toBe(false);
    }
    clock.advance(10_000); // 60 s after the two allowed questions
    expect(limiter.take('dan').allowed).toBe(true);
  });

  it('keeps users independent', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(5, 60_000, clock.now);
    for (let i = 0; i < 5; i++) limiter.take('alice');
    expect(limiter.take('alice').allowed).toBe(false);
    for (let i = 0; i < 5; i++) expect(limiter.take('bob')).toEqual({ allowed: true });
    expect(limiter.take('bob').allowed).toBe(false);
    expect(limiter.take('carol').allowed).toBe(true);
  });

  it('lets exactly `max` through a burst of 100 from one user', () => {
    for (const max of [1, 5, 7]) {
      const clock = fakeClock();
      const limiter = new RateLimiter(max, 60_000, clock.now);
      let allowed = 0;
      for (let i = 0; i < 100; i++) {
        if (limiter.take('spammer').allowed) allowed++;
        clock.advance(10); // the whole burst takes 1 s
      }
      expect(allowed).toBe(max);
    }
  });

  it('still limits each user correctly with many users', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(2, 60_000, clock.now);
    for (let u = 0; u < 10_050; u++) limiter.take(`user-${u}`);
    clock.advance(1_000);
    expect(limiter.take('user-0')).toEqual({ allowed: true });
    expect(limiter.take('user-0').allowed).toBe(false);
    expect(limiter.take('user-10049')).toEqual({ allowed: true });
    expect(limiter.take('user-10049').allowed).toBe(false);
  });

  it('uses the real clock by default', () => {
    const limiter = new RateLimiter(1, 60_000);
    expect(limiter.take('x').allowed).toBe(true);
    expect(limiter.take('x')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });
});
