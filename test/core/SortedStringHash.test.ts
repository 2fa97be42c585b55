import { describe, expect, it } from 'vitest';
import { indexInSorted } from '../../src/core/indexInSorted.js';
import { SortedStringHash } from '../../src/core/SortedStringHash.js';
import { drain } from '../../src/core/steps.js';

/** The hash must answer exactly what a binary search over the same sorted strings answers. */
describe('SortedStringHash', () => {
  it('finds every string at its position and nothing else, across scripts and collisions', () => {
    const words = new Set<string>(['', 'a', 'ab', 'ba', 'الجنود', 'جنديا', '\u0001key', 'Zürich', '😀x']);
    // Enough strings that slots collide and probe runs wrap round the table.
    for (let i = 0; i < 5000; i++) words.add(`w${(i * 7919) % 100_003}`);
    const sorted = [...words].sort();
    const table = drain(SortedStringHash.stepwise(sorted));
    for (const [i, word] of sorted.entries()) expect(table.indexOf(word)).toBe(i);
    for (const absent of ['abc', 'w100004', 'الجند', 'zürich', '😀', ' a']) {
      expect(indexInSorted(sorted, absent)).toBe(-1);
      expect(table.indexOf(absent)).toBe(-1);
    }
  });

  it('works on an empty vocabulary', () => {
    expect(drain(SortedStringHash.stepwise([])).indexOf('x')).toBe(-1);
  });

  it('yields while it builds, so that a serving thread keeps serving', () => {
    const sorted = Array.from({ length: 50_000 }, (_, i) => `t${i}`).sort();
    const steps = SortedStringHash.stepwise(sorted);
    let yields = 0;
    while (steps.next().done !== true) yields++;
    expect(yields).toBeGreaterThan(1);
  });
});
