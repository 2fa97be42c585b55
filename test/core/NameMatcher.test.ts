import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { consonantSkeleton, NameMatcher, oneEditAway, soundDistance, soundOf } from '../../src/core/transliterate.js';

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

  it('finds the nearest-sounding terms of every skeleton near the name, as comparing each of them in full does', () => {
    // The matcher compares a run of one sound only as far as it could still be among the nearest,
    // skips those whose length alone puts them too far and stops once no match could be close
    // enough: none of that may change what it finds. Distinct frequencies make the order one.
    const vocabulary = words(6_000, 21);
    const frequencyOf = new Map(vocabulary.map((term, i) => [term, 1 + ((i * 7919) % 100_003)]));
    const frequency = (term: string) => frequencyOf.get(term) ?? 0;
    const matcher = new NameMatcher(vocabulary, 'en', frequency);
    const reference = (name: string, maxDistance: number): string[] => {
      const skeleton = consonantSkeleton(name);
      if (skeleton.length < 3) return [];
      const skeletons = new Set([skeleton]);
      if (/[sz]$/.test(skeleton) && skeleton.length > 3) skeletons.add(skeleton.slice(0, -1));
      if (skeleton.length >= 4) for (const other of oneEditAway(skeleton)) skeletons.add(other);
      const sound = soundOf(name);
      const found = vocabulary
        .filter((term) => skeletons.has(consonantSkeleton(term)))
        .map((term) => ({ term, distance: soundDistance(sound, soundOf(term)) }));
      const best = Math.min(...found.map(({ distance }) => distance));
      if (!(best <= maxDistance * Math.max(sound.length, 1))) return [];
      return found
        .filter(({ distance }) => distance <= best + 1e-9)
        .map(({ term }) => term)
        .sort((a, b) => frequency(b) - frequency(a))
        .slice(0, 3);
    };
    // Names the vocabulary holds, a letter or two changed, and unrelated words.
    const names = [...vocabulary.filter((_, i) => i % 40 === 0), ...words(150, 77)];
    const edited = names.map((name, i) => (i % 3 === 0 ? name : `${name.slice(0, i % name.length)}${'aeks'[i % 4]}${name.slice((i % name.length) + 1)}`));
    let matched = 0;
    for (const name of [...names, ...edited]) {
      for (const maxDistance of [0.34, 0.15]) {
        const got = matcher.match(name, maxDistance);
        expect(got, `${name} within ${maxDistance}`).toEqual(reference(name, maxDistance));
        if (got.length > 0) matched++;
      }
    }
    // Not a test of empty lists only.
    expect(matched).toBeGreaterThan(200);
  });
});
