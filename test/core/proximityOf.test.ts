import { describe, expect, it } from 'vitest';
import { proximityOf } from '../../src/core/proximityOf.js';

/** The definition: matched terms over the width of the narrowest window of positions holding each of them. */
function plainProximity(positions: readonly (readonly number[])[]): number {
  if (positions.length < 2) return 0;
  const all = [...new Set(positions.flat())].sort((a, b) => a - b);
  let narrowest = Infinity;
  for (const from of all) {
    for (const to of all) {
      if (to < from) continue;
      if (positions.every((list) => list.some((position) => position >= from && position <= to))) narrowest = Math.min(narrowest, to - from + 1);
    }
  }
  return positions.length / narrowest;
}

/** A small deterministic generator (mulberry32), so a failure names its case. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('proximityOf', () => {
  it('is 1 for matched terms side by side and falls as they spread out', () => {
    expect(proximityOf([[3], [4]])).toBe(1);
    expect(proximityOf([[3], [5]])).toBeCloseTo(2 / 3, 12);
    expect(proximityOf([[0, 40], [9, 42], [41]])).toBe(1);
  });

  it('is 0 with fewer than two matched terms', () => {
    expect(proximityOf([])).toBe(0);
    expect(proximityOf([[1, 2, 3]])).toBe(0);
  });

  it('equals the narrowest window by its definition, with terms at one position and positions repeated', () => {
    const next = random(11);
    for (let round = 0; round < 400; round++) {
      const terms = 2 + Math.floor(next() * 5);
      const span = 1 + Math.floor(next() * 30);
      const positions = Array.from({ length: terms }, () =>
        Array.from({ length: 1 + Math.floor(next() * 4) }, () => Math.floor(next() * span)).sort((a, b) => a - b),
      );
      expect(proximityOf(positions), JSON.stringify(positions)).toBe(plainProximity(positions));
    }
  });

  it('holds for runs longer than its buffer and positions far into a long passage', () => {
    const next = random(5);
    const positions = Array.from({ length: 7 }, () => Array.from({ length: 40 }, () => 100_000 + Math.floor(next() * 5_000)).sort((a, b) => a - b));
    expect(proximityOf(positions)).toBe(plainProximity(positions));
  });
});
