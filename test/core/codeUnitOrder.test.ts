import { describe, expect, it } from 'vitest';
import { codeUnitOrder } from '../../src/core/codeUnitOrder.js';
import { Random } from '../../src/bench/prng.js';

/** The build stores folded words in this order and looks them up by binary search with `<`: it must be exactly the string sort's. */

function random(seed: number): () => number {
  const generator = new Random(seed);
  return () => generator.next();
}

function expectSortOrder(words: string[]): void {
  const distinct = [...new Set(words)];
  const order = codeUnitOrder(distinct);
  expect(Array.from(order, (i) => distinct[i])).toEqual(distinct.slice().sort());
}

function wordsOf(alphabet: string, count: number, maxLength: number, next: () => number, prefix = ''): string[] {
  return Array.from({ length: count }, () => {
    let word = prefix;
    const length = Math.floor(next() * (maxLength + 1));
    for (let i = 0; i < length; i++) word += alphabet[Math.floor(next() * alphabet.length)];
    return word;
  });
}

describe('codeUnitOrder', () => {
  it('orders words as the string sort does: empty, prefixes of each other, both languages', () => {
    expectSortOrder([]);
    expectSortOrder(['b']);
    expectSortOrder(['', 'a', 'ab', 'abc', 'abd', 'b', 'B', 'ba', 'الامم', 'الام', 'ال', 'a\u0301', 'á', '2024', '1,000', 'z'.repeat(40), 'z'.repeat(41)]);
  });

  it('orders tens of thousands of words with long shared prefixes, few or many code units', () => {
    const next = random(5);
    expectSortOrder(wordsOf('abc', 20_000, 12, next));
    expectSortOrder(wordsOf('abcdefghijklmnopqrstuvwxyz0123456789', 30_000, 9, next));
    expectSortOrder(wordsOf('ابتثجحخدذرزسشصضطظعغفقكلمنهوي', 30_000, 8, next, 'ال'));
    // Every code unit in use: ranks of 17 bits, a single unit per round.
    const wide = Array.from({ length: 0x10000 }, (_, u) => String.fromCharCode(u));
    expectSortOrder([...wide, ...wordsOf(wide.join(''), 20_000, 5, next)]);
    // Ties deeper than the numeric rounds go (a shared prefix of 300 code units).
    expectSortOrder(wordsOf('xy', 2_000, 20, next, 'q'.repeat(300)));
  });
});
