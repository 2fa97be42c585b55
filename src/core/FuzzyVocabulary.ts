import SearchableMap from 'minisearch/SearchableMap';
import { drain, type Steps } from './steps.js';
import { consonantSkeleton } from './transliterate.js';

/**
 * Spelling variants of a question term among the corpus's terms: a transliterated name written
 * another way (Gadhafi / Gaddafi / Qaddafi, Misurata / Misrata) or a misspelt word (annouced).
 * The lookup is MiniSearch's fuzzy search — its radix tree (`SearchableMap`, the structure
 * MiniSearch's own index is) walked within a Levenshtein bound — over the index vocabulary, each
 * term a key with its passage frequency as value.
 *
 * Only rare long terms are looked up, and only variants the corpus backs are given (FUZZY):
 * - the term is in no passage, or in at most `rareFrequency` and the variant in many times more;
 * - five letters or more; one edit, two from eight letters (names from seven);
 * - an ordinary word's variant must be a word the corpus uses (`wordMinFrequency` passages): a
 *   misspelling is of a common word, and a rare term one letter away is most often another word
 *   ("recieved" is not "relieved");
 * - a name's variant must sound alike: consonant skeletons (see transliterate.ts) one class apart
 *   at most, three consonants or more ("Qaddafi" kdf ~ "Gaddafi" gdf; "Russia" is not "Prussia").
 * The nearest variants are kept, the most frequent few.
 */

export const FUZZY = {
  minLength: 5,
  /** Term lengths from which two edits are allowed, for names and for other words. */
  twoEditsFrom: { name: 7, word: 8 },
  rareFrequency: 2,
  rareRatio: 5,
  wordMinFrequency: 2,
  /** Variants kept at most, and the least frequency relative to the most frequent kept. */
  maxVariants: 2,
  minShareOfBest: 0.2,
} as const;

const LETTERS = /^(?:[a-z]+|[\u0621-\u064A]+)$/;
/** Terms gone through between two yields of a stepwise build: a few milliseconds' work. */
const SLICE = 2_000;

type Script = 'latin' | 'arabic';

/** The script of a term of LETTERS: all its letters are of one. */
function scriptOfTerm(term: string): Script {
  return term.charCodeAt(0) < 0x80 ? 'latin' : 'arabic';
}

/** A term a lookup may find: letters of one script, not much shorter than the shortest term looked up. */
function searchable(term: string): boolean {
  return term.length >= FUZZY.minLength - 2 && LETTERS.test(term);
}

/** Passages a term is in from which it is kept in a tree (see FuzzyVocabulary.common). */
const COMMON_FROM = FUZZY.wordMinFrequency;

/** A script's terms by consonant skeleton (NameMatcher.termsNear): those within one class of a word's. */
export type SoundingNear = (term: string) => readonly string[];

export class FuzzyVocabulary {
  /**
   * The terms in at least `wordMinFrequency` passages. Those in fewer (most of a news vocabulary)
   * can pass the rules only as the variant of a name the corpus lacks, and such a variant must
   * sound alike anyway: they are looked up by skeleton (`near`) instead, without a tree of their
   * own (~45 MB of MiniSearch's at 150k passages, and half a second to build inside a question).
   */
  private common: Record<Script, SearchableMap<number>> = { latin: new SearchableMap(), arabic: new SearchableMap() };

  constructor(
    vocabulary: readonly string[],
    private readonly frequency: (term: string) => number,
    /** The vocabulary's terms of the term's script within one consonant class of it. */
    private readonly near: SoundingNear,
  ) {
    drain(this.fill(vocabulary));
  }

  /** The same vocabulary's tree built a slice at a time (see steps.ts), ahead of the first question that needs it. */
  static *stepwise(vocabulary: readonly string[], frequency: (term: string) => number, near: SoundingNear): Steps<FuzzyVocabulary> {
    const fuzzy = new FuzzyVocabulary([], frequency, near);
    yield* fuzzy.fill(vocabulary);
    return fuzzy;
  }

  private *fill(vocabulary: readonly string[]): Steps<void> {
    // A tree per script: a variant is never of the other script, and a walk within two edits of
    // a Latin term went down every pair of Arabic letters too (three to four times the time).
    const common: Record<Script, SearchableMap<number>> = { latin: new SearchableMap(), arabic: new SearchableMap() };
    let seen = 0;
    for (const term of vocabulary) {
      if (++seen % SLICE === 0) yield;
      if (!searchable(term)) continue;
      const df = this.frequency(term);
      if (df >= COMMON_FROM) common[scriptOfTerm(term)].set(term, df);
    }
    this.common = common;
  }

  /**
   * The corpus terms `term` (an analysed question term, in `frequency` passages) may be a variant
   * of; empty when it is common enough to stand for itself, short, or has no variant the rules allow.
   */
  variants(term: string, frequency: number, kind: 'name' | 'word'): string[] {
    if (term.length < FUZZY.minLength || !LETTERS.test(term) || frequency > FUZZY.rareFrequency) return [];
    const maxDistance = term.length >= FUZZY.twoEditsFrom[kind] ? 2 : 1;
    const skeleton = kind === 'name' ? consonantSkeleton(term) : '';
    if (kind === 'name' && skeleton.length < 3) return [];
    // Only the nearest variants are kept: when one edit finds some, two would find only farther ones
    // besides them. A walk of the tree within two edits costs many times one within one.
    let found = this.within(term, frequency, kind, skeleton, 1);
    if (found.length === 0 && maxDistance === 2) found = this.within(term, frequency, kind, skeleton, 2);
    if (found.length === 0) return [];
    const nearest = Math.min(...found.map((entry) => entry.distance));
    const kept = found.filter((entry) => entry.distance === nearest).sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : 1));
    const best = kept[0]!.df;
    return kept
      .filter((entry) => entry.df >= best * FUZZY.minShareOfBest)
      .slice(0, FUZZY.maxVariants)
      .map((entry) => entry.term);
  }

  /** The candidates within `maxDistance` edits of `term` that the rules allow, with their distances. */
  private within(
    term: string,
    frequency: number,
    kind: 'name' | 'word',
    skeleton: string,
    maxDistance: number,
  ): { term: string; df: number; distance: number }[] {
    const candidates: [string, number, number][] = [];
    for (const [candidate, [df, distance]] of this.common[scriptOfTerm(term)].fuzzyGet(term, maxDistance)) candidates.push([candidate, df, distance]);
    // A term in fewer than COMMON_FROM passages passes the frequency rules below only as the
    // variant of a name in no passage (a word's variant must be in wordMinFrequency = COMMON_FROM
    // passages): those sounding near it, within the same edit distance as the tree's.
    if (kind === 'name' && Math.max(1, frequency * FUZZY.rareRatio) < COMMON_FROM) {
      for (const candidate of this.near(term)) {
        // Most terms of a short skeleton's groups are too long or too short to be near: told by their length first.
        if (Math.abs(candidate.length - term.length) > maxDistance) continue;
        const df = this.frequency(candidate);
        if (df < 1 || df >= COMMON_FROM || !searchable(candidate)) continue;
        const distance = levenshtein(term, candidate, maxDistance);
        if (distance <= maxDistance) candidates.push([candidate, df, distance]);
      }
    }
    const found: { term: string; df: number; distance: number }[] = [];
    // What is kept is sorted by frequency and spelling, whatever the order found in.
    for (const [candidate, df, distance] of candidates) {
      if (candidate === term || df < Math.max(1, frequency * FUZZY.rareRatio)) continue;
      if (kind === 'word' && df < FUZZY.wordMinFrequency) continue;
      // Same script only: a fuzzy match never crosses from Latin to Arabic letters.
      if (/[a-z]/.test(candidate) !== /[a-z]/.test(term)) continue;
      if (kind === 'name' && !withinOneClass(skeleton, consonantSkeleton(candidate))) continue;
      found.push({ term: candidate, df, distance });
    }
    return found;
  }
}

/**
 * Levenshtein distance over UTF-16 code units, as MiniSearch's fuzzy search counts it; any number
 * above `max` when the distance is (the band of the table beyond it is never filled in).
 */
function levenshtein(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let least = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      current.push(value);
      if (value < least) least = value;
    }
    if (least > max) return max + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/** Equal, or one consonant class inserted, deleted or replaced. */
export function withinOneClass(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 3 || b.length < 3 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
