import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { NameMatcher } from '../../src/core/transliterate.js';

/** Deterministic words of Latin letters, 4–10 long, and written forms of some of them. */
function words(count: number, seed: number): string[] {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const out = new Set<string>();
  while (out.size < count) {
    const length = 4 + Math.floor(next() * 7);
    let word = '';
    for (let i = 0; i < length; i++) word += 'abcdefghijklmnoprstuvwy'[Math.floor(next() * 23)];
    out.add(word);
  }
  return [...out].sort();
}

describe('NameMatcher', () => {
  it('holds an entry in a few dozen bytes, not an object and an array slot each', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const vocabulary = [...words(100_000, 9), 'misrata'].sort();
    // Each term also written another way, as a corpus's inflected forms are.
    const written = vocabulary.map((term) => [`${term}s`, term] as const);
    // What is alive, not what the build left for later: some of its garbage goes only at a later
    // collection, with the event loop turned between them (seen: 89 bytes an entry after one
    // collection in some runs, 62 in others; ~62 every time after three; the same objects alive
    // in a heap snapshot either way).
    const settled = async () => {
      for (let i = 0; i < 3; i++) {
        gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
      return process.memoryUsage();
    };
    const before = await settled();
    const matcher = new NameMatcher(vocabulary, 'en', () => 1, written);
    const after = await settled();
    const perEntry = (after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers) / (2 * vocabulary.length);
    // With the skeletons (most of these are distinct), the written forms' characters, each
    // group's runs of one sound and the skeletons' bits: ~62 bytes; an object per entry and an
    // array per skeleton took ~120.
    expect(perEntry).toBeLessThan(80);
    // Still matching: a name written another way, by its skeleton and sound.
    expect(matcher.match('مصراتة')).toContain('misrata');
  });
});
