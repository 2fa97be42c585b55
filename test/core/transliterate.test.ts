import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ARABIC_CLASSES,
  LATIN_CLASSES,
  LATIN_DIGRAPHS,
  NameMatcher,
  consonantSkeleton,
  oneEditAway,
  soundDistance,
  soundOf,
} from '../../src/core/transliterate.js';

const SEEDS = fileURLToPath(new URL('../../corpus/', import.meta.url));
import { drainCounting } from '../support/drainCounting.js';

/** A reproducible stream of sound strings: consonant classes and vowels ('v'), some ending in s. */
function sounds(count: number, seed: number): string[] {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const letters = 'btdgzhklmnrsfv';
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(next() * 9);
    let sound = '';
    for (let i = 0; i < length; i++) sound += letters[Math.floor(next() * letters.length)];
    return sound;
  });
}

describe('soundDistance with a bound', () => {
  it('is exact up to the bound and above it beyond, as without one', () => {
    const list = sounds(400, 7);
    let exact = 0;
    let beyond = 0;
    for (let i = 0; i + 1 < list.length; i++) {
      const a = list[i]!;
      const b = list[i + 1]!;
      const full = soundDistance(a, b);
      for (const bound of [0, 0.3, 0.6, 1, 1.3, 2, 3.3]) {
        const bounded = soundDistance(a, b, bound);
        if (full <= bound) {
          expect(bounded, `${a} ${b} ≤ ${bound}`).toBe(full);
          exact++;
        } else {
          expect(bounded, `${a} ${b} > ${bound}`).toBeGreaterThan(bound);
          beyond++;
        }
      }
    }
    expect(exact).toBeGreaterThan(100);
    expect(beyond).toBeGreaterThan(100);
  });
});

describe('NameMatcher', () => {
  it('matches as it did before distances were bounded', () => {
    // Many words share the skeleton of "Misrata" (m s r t); what each name matches was read from
    // the matcher before soundDistance took a bound.
    const vocabulary = ['مصراته', 'مصراتة', 'مسراته', 'مصيراتي', 'مسرتان', 'ماسورتي', 'مصرت', 'مسرات', 'ميسرات'];
    const frequency = new Map(vocabulary.map((term, i) => [term, i + 1]));
    const matcher = new NameMatcher(vocabulary, 'ar', (term) => frequency.get(term) ?? 0);
    expect(matcher.match('Misrata')).toEqual(['ميسرات', 'مصراتة']);
    expect(matcher.match('Misratas')).toEqual(['ميسرات', 'مصراتة']);
    expect(matcher.match('Misrata', 0)).toEqual([]);
    expect(matcher.match('Masourty')).toEqual(['ماسورتي']);
    expect(matcher.match('Musurtan', 0.1)).toEqual(['مسرتان']);
  });
});

describe('NameMatcher.match, against every entry', () => {
  it('finds the nearest-sounding terms of a skeleton, ties in the order added, as comparing each entry would', () => {
    // One skeleton (m r t: three classes, so no groups one edit away) held by many words, most of
    // them sounding alike: the matcher orders a group by sound and works each sound out once. What
    // it returns must be what working every entry out, in the order added, gives.
    let state = 11;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const vowel = () => 'aeiou'[Math.floor(next() * 5)]!;
    const vowels = () => ['', vowel(), vowel() + vowel()][Math.floor(next() * 3)]!;
    const made = new Set<string>();
    // Of 31 ** 4 words that can be made.
    while (made.size < 300) made.add(`${vowels()}m${vowels()}r${vowels()}t${vowels()}`);
    const vocabulary = [...made].sort();
    // Ties of frequency, for the order added to decide.
    const frequency = new Map(vocabulary.map((term) => [term, 1 + Math.floor(next() * 3)]));
    const frequencyOf = (term: string) => frequency.get(term) ?? 0;
    // Some terms also written another way, as a corpus's inflected forms are.
    const written = vocabulary.filter(() => next() < 0.3).map((term) => [`${term}o`, term] as const);
    const matcher = new NameMatcher(vocabulary, 'en', frequencyOf, written);
    const entries = [...vocabulary.map((term) => [term, term] as const), ...written];
    const reference = (name: string) => {
      const sound = soundOf(name);
      const distances = entries.map(([form]) => soundDistance(sound, soundOf(form)));
      const best = Math.min(...distances);
      if (best > 0.34 * Math.max(sound.length, 1)) return [];
      const nearest = new Set(entries.filter((_, i) => distances[i]! <= best + 1e-9).map(([, term]) => term));
      return [...nearest].sort((a, b) => frequencyOf(b) - frequencyOf(a)).slice(0, 3);
    };
    let matched = 0;
    for (const name of ['murat', 'mrt', 'amarata', 'merito', 'omarti', 'mauritau', 'مراتي', 'عمرت', 'ميريت', 'muroot']) {
      const found = matcher.match(name);
      expect(found, name).toEqual(reference(name));
      if (found.length > 0) matched++;
    }
    expect(matched).toBeGreaterThan(5);
  });
});

describe('NameMatcher, skeletons one edit away', () => {
  // Made-up words of four to six consonant classes, many one edit from one another: the matcher
  // leaves out, by a bit per skeleton hash, the edited skeletons no term has. It must never leave
  // out one a term has.
  let state = 5;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
  const consonants = 'bdfgklmnrstz';
  const word = (length: number) =>
    Array.from({ length }, () => consonants[Math.floor(next() * consonants.length)]! + 'aeiou'[Math.floor(next() * 5)]!).join('');
  const base = Array.from({ length: 400 }, () => word(4 + Math.floor(next() * 3)));
  // Each with a neighbour one consonant off, so that edited skeletons often have terms.
  const vocabulary = [...new Set([...base, ...base.map((w) => w.slice(0, 2) + consonants[Math.floor(next() * consonants.length)]! + w.slice(3))])].sort();
  const frequency = new Map(vocabulary.map((term, i) => [term, i + 1]));
  const matcher = new NameMatcher(vocabulary, 'en', (term) => frequency.get(term) ?? 0);
  const bySkeleton = new Map<string, string[]>();
  // A skeleton of fewer than three classes is too short to tell a name by: the matcher keeps none.
  for (const term of vocabulary)
    if (consonantSkeleton(term).length >= 3) bySkeleton.set(consonantSkeleton(term), [...(bySkeleton.get(consonantSkeleton(term)) ?? []), term]);

  it("finds every term whose skeleton is the word's or one edit from it", () => {
    let found = 0;
    for (const query of [...base.slice(0, 150), ...Array.from({ length: 100 }, () => word(4 + Math.floor(next() * 3)))]) {
      const skeleton = consonantSkeleton(query);
      const expected = new Set([skeleton, ...oneEditAway(skeleton)].flatMap((other) => bySkeleton.get(other) ?? []));
      const near = matcher.termsNear(query);
      expect(new Set(near), query).toEqual(expected);
      found += near.length;
    }
    expect(found).toBeGreaterThan(300);
  });

  it('matches the nearest-sounding of them, as comparing every entry would', () => {
    // Frequencies all differ, so the order the groups are met in cannot decide what is kept.
    let matched = 0;
    for (const query of Array.from({ length: 200 }, () => word(4 + Math.floor(next() * 3)))) {
      const skeleton = consonantSkeleton(query);
      // The skeleton, without a final s, and from four classes up those one edit away.
      const others = [
        skeleton,
        ...(/[sz]$/.test(skeleton) && skeleton.length > 3 ? [skeleton.slice(0, -1)] : []),
        ...(skeleton.length >= 4 ? oneEditAway(skeleton) : []),
      ];
      const candidates = [...new Set(others.flatMap((other) => bySkeleton.get(other) ?? []))];
      const sound = soundOf(query);
      const distances = candidates.map((term) => soundDistance(sound, soundOf(term)));
      const best = Math.min(...distances);
      const expected =
        skeleton.length < 3 || candidates.length === 0 || best > 0.34 * Math.max(sound.length, 1)
          ? []
          : candidates
              .filter((_, i) => distances[i]! <= best + 1e-9)
              .sort((a, b) => frequency.get(b)! - frequency.get(a)!)
              .slice(0, 3);
      const found = matcher.match(query);
      expect(found, query).toEqual(expected);
      if (found.length > 0) matched++;
    }
    expect(matched).toBeGreaterThan(20);
  });
});

describe('NameMatcher.stepwise', () => {
  it('builds the same matcher a slice at a time, yielding between slices', () => {
    // Made-up names enough for several slices: the bot builds the matchers of a 150k-passage
    // corpus (half a million entries) in turns of its event loop, not inside one answer.
    const letters = 'bdfgklmnrstz';
    const vocabulary = Array.from({ length: 60_000 }, (_, i) => {
      let word = '';
      for (let n = i + 1; n > 0; n = Math.floor(n / letters.length)) word += `${letters[n % letters.length]}a`;
      return word;
    }).sort();
    const frequency = () => 1;
    const { value: stepwise, yields } = drainCounting(NameMatcher.stepwise(vocabulary, 'en', frequency));
    expect(yields).toBeGreaterThan(1);
    const whole = new NameMatcher(vocabulary, 'en', frequency);
    for (const name of ['بادافا', 'كاراسا', 'مانيلا', 'زاتابا']) expect(stepwise.match(name)).toEqual(whole.match(name));
  });
});

describe('letter classes from tables of code units', () => {
  // The classes as first written, with maps of one-letter strings: the tables must give the same.
  const digraphs = new Map(LATIN_DIGRAPHS);
  const letters = new Map([...Object.entries(LATIN_CLASSES), ...Object.entries(ARABIC_CLASSES)]);
  const classOf = (letter: string) => letters.get(letter);
  const reference = (word: string, vowels: boolean) => {
    let classes = '';
    let last: string | undefined;
    const lower = word.toLowerCase();
    for (let i = 0; i < lower.length; i++) {
      const digraph = i + 1 < lower.length ? digraphs.get(lower.slice(i, i + 2)) : undefined;
      let c: string | undefined;
      if (digraph !== undefined) {
        c = digraph;
        i++;
      } else c = classOf(lower[i]!) ?? (vowels && 'aeiouyاويىة'.includes(lower[i]!) ? 'v' : undefined);
      if (c !== undefined && c !== last) {
        classes += c;
        last = c;
      }
    }
    return classes;
  };

  it('reduce every word of the seed articles, and made-up ones, as the maps did', () => {
    const words = new Set<string>([
      'Shuckshur',
      'KHALIFA',
      'Gaddafi',
      'Qaddafi',
      'Misrata',
      'مصراتة',
      'أفريكوم',
      'chocolate',
      'Phthalate',
      'Ck',
      'ĠİŞ',
      'x😀y',
      'thhh',
      'aaa',
    ]);
    for (const file of readdirSync(SEEDS)) for (const word of readFileSync(path.join(SEEDS, file), 'utf8').split(/[^\p{L}\p{M}]+/u)) if (word) words.add(word);
    expect(words.size).toBeGreaterThan(500);
    for (const word of words) {
      expect(consonantSkeleton(word), word).toBe(reference(word, false));
      expect(soundOf(word), word).toBe(reference(word, true));
    }
  });
});
