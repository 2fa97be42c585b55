import { looseArabicKey } from './arabicAnalyzer.js';
import type { SentenceTokens } from './SentenceTokens.js';
import { groupedBy } from './groupedBy.js';
import type { Steps } from './steps.js';

/** No term of the index is this string. */
export const NOT_A_TERM = -1;
const UNKNOWN = -2;
/** In `loose`, `KEY_BASE - k` is the k-th of the loose keys that are no term (TermIds.keys). */
const KEY_BASE = -3;
/** Terms whose loose keys are worked out between two yields of `prepare`: a few milliseconds' work. */
const SLICE = 5_000;
const EMPTY_IDS = new Uint32Array(0);

/**
 * Term ids (SentenceTokens' numbering) of strings, and of each term's loose key (looseArabicKey),
 * so that a question can say once which ids it looks for and then read a candidate sentence's
 * terms as integers: telling whether each of a passage's terms is one of the question's by its
 * string (a hash of a string scattered in a heap of 300,000) was a tenth of a question's time.
 *
 * A term's loose key is worked out when a question first meets the term, or ahead of questions
 * (prepare), and kept per index as the id of the term it is (an Int32Array over the terms).
 */
export class TermIds {
  private extras: Map<string, number> | undefined;
  /** Per term id: UNKNOWN, the id of the term its loose key is, or KEY_BASE - k for the k-th of `keys`. */
  private readonly loose: Int32Array;
  /**
   * The loose keys that are no term of the index, each once, and their numbers: read by position
   * (a term's key as a string is asked for each new term a question meets), not by a Map over ids.
   */
  private readonly keys: string[] = [];
  private readonly keyNumbers = new Map<string, number>();

  constructor(
    private readonly tokens: SentenceTokens,
    /** The postings' term ids: a position in their vocabulary, or -1. */
    private readonly termId: (term: string) => number,
    /** How many terms the postings' vocabulary has: the extra terms are numbered after them. */
    private readonly vocabularySize: number,
  ) {
    this.loose = new Int32Array(tokens.termCount).fill(UNKNOWN);
  }

  /** The id of the term `term`, or NOT_A_TERM. */
  idOf(term: string): number {
    const found = this.termId(term);
    if (found !== -1) return found;
    if (this.extras === undefined) {
      // The few terms no passage holds whole (SentenceTokens' extraTerms), numbered after the vocabulary.
      this.extras = new Map();
      for (let id = this.vocabularySize; id < this.tokens.termCount; id++) this.extras.set(this.tokens.term(id), id);
    }
    return this.extras.get(term) ?? NOT_A_TERM;
  }

  /** The id of the term that term `id`'s loose key is, or NOT_A_TERM (then see looseKeyOf). */
  looseIdOf(id: number): number {
    const known = this.looseOf(id);
    return known >= 0 ? known : NOT_A_TERM;
  }

  private looseOf(id: number): number {
    let known = this.loose[id]!;
    if (known !== UNKNOWN) return known;
    const term = this.tokens.term(id);
    const key = looseArabicKey(term);
    known = key === term ? id : this.idOf(key);
    if (known === NOT_A_TERM) {
      let k = this.keyNumbers.get(key);
      if (k === undefined) {
        k = this.keys.length;
        this.keys.push(key);
        this.keyNumbers.set(key, k);
      }
      known = KEY_BASE - k;
    }
    this.loose[id] = known;
    return known;
  }

  /**
   * Works out every term's loose key ahead of the questions, a slice at a time (see steps.ts): a
   * new question meets thousands of terms no earlier one did, and each costs a looseArabicKey and
   * a lookup the first time.
   */
  *prepare(): Steps<void> {
    for (let id = 0; id < this.loose.length; id++) {
      if (id % SLICE === SLICE - 1) yield;
      this.looseIdOf(id);
    }
    if (this.members !== undefined) return;
    // The terms of each loose key: a question then marks the few terms its keys stand for ahead of
    // reading its candidates, instead of asking of each of the thousands of terms they hold which
    // key it has. A key that is a term is listed at its id, the k-th of the others after the terms.
    const { loose } = this;
    const keys = this.keys.length;
    yield;
    const { start, members } = groupedBy(loose.length, loose.length + keys, (id) => {
      const known = loose[id]!;
      return known >= 0 ? known : loose.length + (KEY_BASE - known);
    });
    // A key met after this (by a question before prepare finished) has no members listed: the
    // lists hold the keys numbered so far only, and `withLooseKey` answers for those alone.
    this.members = { start, members, keys };
  }

  /**
   * The ids of the terms whose loose key is `key`, ascending; undefined until `prepare` has run (or
   * for a key numbered since), when the caller must ask looseIdOf of each term it meets instead.
   */
  withLooseKey(key: string): Uint32Array | undefined {
    const id = this.idOf(key);
    if (id !== NOT_A_TERM) return this.withLooseId(id);
    const lists = this.members;
    if (lists === undefined) return undefined;
    const k = this.keyNumbers.get(key);
    if (k === undefined) return EMPTY_IDS;
    if (k >= lists.keys) return undefined;
    const at = this.loose.length + k;
    return lists.members.subarray(lists.start[at], lists.start[at + 1]);
  }

  /** withLooseKey of the key that is term `id`. */
  withLooseId(id: number): Uint32Array | undefined {
    const lists = this.members;
    if (lists === undefined) return undefined;
    return lists.members.subarray(lists.start[id], lists.start[id + 1]);
  }

  /** Whether withLooseKey can answer: every term's loose key is known and listed. */
  get listed(): boolean {
    return this.members !== undefined;
  }

  private members: { readonly start: Uint32Array; readonly members: Uint32Array; readonly keys: number } | undefined;

  /** Term `id`'s loose key, as a string. */
  looseKeyOf(id: number): string {
    const known = this.looseOf(id);
    return known >= 0 ? this.tokens.term(known) : this.keys[KEY_BASE - known]!;
  }
}

const termIds = new WeakMap<SentenceTokens, TermIds>();

/** The TermIds of an index's sentence tokens, one per index. */
export function termIdsOf(tokens: SentenceTokens, index: { termId(term: string): number; readonly vocabulary: readonly string[] }): TermIds {
  let ids = termIds.get(tokens);
  if (ids === undefined) {
    ids = new TermIds(tokens, (term) => index.termId(term), index.vocabulary.length);
    termIds.set(tokens, ids);
  }
  return ids;
}
