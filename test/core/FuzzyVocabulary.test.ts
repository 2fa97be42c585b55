import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import SearchableMap from 'minisearch/SearchableMap';
import { describe, expect, it } from 'vitest';
import { FuzzyVocabulary } from '../../src/core/FuzzyVocabulary.js';

/** A small deterministic generator (LCG), so that the vocabularies are the same at every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

const LATIN = 'abcdefghijklmnopqrstuvwxyz';
const ARABIC = 'ابتثجحخدذرزسشصضطظعغفقكلمنهوي';

/** Words that share prefixes and letters as a language's do: a few frequent letters, lengths 3–12. */
function vocabularyOf(count: number, seed: number): string[] {
  const next = random(seed);
  const words = new Set<string>();
  while (words.size < count) {
    const letters = next() < 0.4 ? ARABIC : LATIN;
    const length = 3 + Math.floor(next() * next() * 10);
    let word = '';
    for (let i = 0; i < length; i++) word += letters[Math.floor(next() * next() * letters.length)];
    words.add(word);
  }
  return [...words];
}

/** A word of the list with up to two letters changed, dropped or added. */
function misspellings(words: readonly string[], count: number, seed: number): string[] {
  const next = random(seed);
  return Array.from({ length: count }, () => {
    let word = words[Math.floor(next() * words.length)]!;
    const edits = Math.floor(next() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(next() * word.length);
      const letter = word[Math.floor(next() * word.length)] ?? 'a';
      const kind = Math.floor(next() * 3);
      word =
        kind === 0
          ? word.slice(0, at) + word.slice(at + 1)
          : kind === 1
            ? word.slice(0, at) + letter + word.slice(at)
            : word.slice(0, at) + letter + word.slice(at + 1);
    }
    return word;
  });
}

describe('FuzzyVocabulary', () => {
  it("finds exactly the terms, frequencies and distances MiniSearch's radix tree finds", () => {
    const words = vocabularyOf(20_000, 11);
    const frequency = (term: string) => (term.charCodeAt(0) * 7 + term.length) % 13;
    // The index's vocabulary is sorted; an unsorted list is sorted by the constructor.
    for (const vocabulary of [[...words].sort(), words]) {
      const fuzzy = new FuzzyVocabulary(vocabulary, frequency);
      const tree = new SearchableMap<number>();
      for (const term of vocabulary) if (term.length >= 3 && frequency(term) > 0) tree.set(term, frequency(term));
      expect(fuzzy.size).toBe(tree.size);
      for (const query of misspellings(words, 200, 5)) {
        for (const distance of [1, 2]) {
          const sorted = (found: Map<string, [number, number]>) => [...found].sort((a, b) => (a[0] < b[0] ? -1 : 1));
          expect(sorted(fuzzy.within(query, distance)), `${query} within ${distance}`).toEqual(sorted(tree.fuzzyGet(query, distance)));
        }
      }
    }
  });

  it('holds a term in a few bytes beside the vocabulary it is given, not a tree of Maps', () => {
    // The radix tree of a 150k-passage news corpus's 300 k terms held ~77 MB (~250 bytes a term).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const vocabulary = vocabularyOf(100_000, 3).sort();
    gc();
    const before = process.memoryUsage().heapUsed;
    const fuzzy = new FuzzyVocabulary(vocabulary, () => 1);
    gc();
    const perTerm = (process.memoryUsage().heapUsed - before) / fuzzy.size;
    expect(fuzzy.size).toBeGreaterThan(90_000);
    expect(perTerm).toBeLessThan(40);
  });
});
