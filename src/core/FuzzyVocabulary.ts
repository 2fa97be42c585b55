import { consonantSkeleton } from './transliterate.js';

/**
 * Spelling variants of a question term among the corpus's terms: a transliterated name written
 * another way (Gadhafi / Gaddafi / Qaddafi, Misurata / Misrata) or a misspelt word (annouced).
 * The lookup is MiniSearch's fuzzy search (`SearchableMap.fuzzyGet`: a prefix tree walked within
 * a Levenshtein bound, rows of the distance matrix added as it goes deeper), over the index
 * vocabulary with each term's passage frequency. The tree is not built: the sorted vocabulary is
 * one already, a prefix being a contiguous range of it. MiniSearch's radix tree of the 300 k
 * terms of a news corpus held ~77 MB of Maps; the terms themselves are the index's strings, so
 * this costs a reference and a frequency per term.
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

export class FuzzyVocabulary {
  /** The terms looked among, sorted (by UTF-16 code units), and each one's passage frequency. */
  private readonly terms: readonly string[];
  private readonly frequencies: Uint32Array;

  constructor(vocabulary: readonly string[], frequency: (term: string) => number) {
    const terms: string[] = [];
    const frequencies: number[] = [];
    let sorted = true;
    for (const term of vocabulary) {
      if (term.length < FUZZY.minLength - 2 || !LETTERS.test(term)) continue;
      const df = frequency(term);
      if (df <= 0) continue;
      if (terms.length > 0 && !(terms[terms.length - 1]! < term)) sorted = false;
      terms.push(term);
      frequencies.push(df);
    }
    if (sorted) {
      this.terms = terms;
      this.frequencies = Uint32Array.from(frequencies);
    } else {
      // An index's vocabulary is sorted already; any other list is sorted here, a repeat kept once
      // with its last frequency (as a map's set would).
      const byTerm = new Map<string, number>();
      terms.forEach((term, i) => byTerm.set(term, frequencies[i]!));
      this.terms = [...byTerm.keys()].sort();
      this.frequencies = Uint32Array.from(this.terms, (term) => byTerm.get(term)!);
    }
  }

  /** Terms in the tree, for reports. */
  get size(): number {
    return this.terms.length;
  }

  /** Every term within `maxDistance` edits (Levenshtein, in UTF-16 code units) of `query`, with its frequency and distance. */
  within(query: string, maxDistance: number): Map<string, [number, number]> {
    const found = new Map<string, [number, number]>();
    const n = query.length + 1;
    // Row d is the distances of the terms' first d code units to each prefix of the query, as
    // MiniSearch keeps them: only within `maxDistance` of the diagonal, the rest held above the
    // bound. No term longer than the query by more than the bound can match.
    const rows = query.length + maxDistance + 1;
    const matrix = new Uint8Array(rows * n).fill(maxDistance + 1);
    for (let j = 0; j < n; j++) matrix[j] = j;
    for (let i = 1; i < rows; i++) matrix[i * n] = i;
    this.walk(0, this.terms.length, 0, { query, maxDistance, matrix, rows, n, found });
    return found;
  }

  /**
   * `terms[from..to)` all start with the same `depth` code units, whose distance row is row
   * `depth`: each distinct next code unit is a child, entered while its row can still end within
   * the bound (a row's least value never decreases further down).
   */
  private walk(from: number, to: number, depth: number, search: FuzzySearch): void {
    const { terms } = this;
    const { matrix, n, maxDistance } = search;
    let at = from;
    // The prefix itself, if it is a term, sorts before every longer term that starts with it.
    if (at < to && terms[at]!.length === depth) {
      const distance = matrix[depth * n + n - 1]!;
      if (distance <= maxDistance) search.found.set(terms[at]!, [this.frequencies[at]!, distance]);
      at++;
    }
    if (depth + 1 >= search.rows) return;
    while (at < to) {
      if (to - at === 1) {
        this.single(at, depth, search);
        return;
      }
      const unit = terms[at]!.charCodeAt(depth);
      // The end of the run sharing this code unit: the terms left are sorted and all longer than `depth`.
      let low = at + 1;
      let high = to;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (terms[middle]!.charCodeAt(depth) === unit) low = middle + 1;
        else high = middle;
      }
      if (this.row(depth + 1, unit, search) <= maxDistance) this.walk(at, low, depth + 1, search);
      at = low;
    }
  }

  /** A range of one term: the rest of its code units, row after row, with no children to look for. */
  private single(at: number, depth: number, search: FuzzySearch): void {
    const term = this.terms[at]!;
    const { matrix, n, maxDistance } = search;
    if (term.length >= search.rows) return;
    for (let i = depth; i < term.length; i++) if (this.row(i + 1, term.charCodeAt(i), search) > maxDistance) return;
    const distance = matrix[term.length * n + n - 1]!;
    if (distance <= maxDistance) search.found.set(term, [this.frequencies[at]!, distance]);
  }

  /** Fills row `i` (a term's code unit `unit` at i - 1) from row i - 1; returns its least value. */
  private row(i: number, unit: number, search: FuzzySearch): number {
    const { matrix, n, maxDistance, query } = search;
    const row = n * i;
    const previous = row - n;
    let least = matrix[row]!;
    const jmin = Math.max(0, i - maxDistance - 1);
    const jmax = Math.min(n - 1, i + maxDistance);
    for (let j = jmin; j < jmax; j++) {
      const replace = matrix[previous + j]! + (query.charCodeAt(j) === unit ? 0 : 1);
      const remove = matrix[previous + j + 1]! + 1;
      const insert = matrix[row + j]! + 1;
      const distance = Math.min(replace, remove, insert);
      matrix[row + j + 1] = distance;
      if (distance < least) least = distance;
    }
    return least;
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
    const found: { term: string; df: number; distance: number }[] = [];
    for (const [candidate, [df, distance]] of this.within(term, maxDistance)) {
      if (candidate === term || df < Math.max(1, frequency * FUZZY.rareRatio)) continue;
      if (kind === 'word' && df < FUZZY.wordMinFrequency) continue;
      // Same script only: a fuzzy match never crosses from Latin to Arabic letters.
      if (/[a-z]/.test(candidate) !== /[a-z]/.test(term)) continue;
      if (kind === 'name' && !withinOneClass(skeleton, consonantSkeleton(candidate))) continue;
      found.push({ term: candidate, df, distance });
    }
    if (found.length === 0) return [];
    const nearest = Math.min(...found.map((entry) => entry.distance));
    const kept = found.filter((entry) => entry.distance === nearest).sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : 1));
    const best = kept[0]!.df;
    return kept
      .filter((entry) => entry.df >= best * FUZZY.minShareOfBest)
      .slice(0, FUZZY.maxVariants)
      .map((entry) => entry.term);
  }
}

interface FuzzySearch {
  readonly query: string;
  readonly maxDistance: number;
  readonly matrix: Uint8Array;
  readonly rows: number;
  readonly n: number;
  readonly found: Map<string, [number, number]>;
}

/** Equal, or one consonant class inserted, deleted or replaced. */
function withinOneClass(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 3 || b.length < 3 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
