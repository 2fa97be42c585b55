/**
 * Term → passage postings in flat typed arrays, ranked with BM25+.
 *
 * The ranking is MiniSearch's (`k` 1.2, `b` 0.7, `d` 0.5; a passage's field length is its number of
 * distinct terms; per-field IDF over all passages; field boosts; the summed score multiplied by the
 * number of distinct query terms matched), so answers are the same as with a MiniSearch index over
 * the same fields. What differs is the layout: one sorted vocabulary and, per field, compressed
 * sparse rows (for term t, passages `passages[start[t]..start[t+1])` with their counts). Walking a
 * posting list is then a loop over two arrays instead of a Map of Maps, loading an index is wrapping
 * buffers instead of rebuilding millions of objects, and a build process can hand a built index over
 * as a file that is read in place.
 */

import { CHUNK_MASK, CHUNK_SHIFT, type GrowingArray, growingU8, growingU32 } from './GrowingArray.js';
import { bm25Idf } from './bm25Idf.js';
import { indexInSorted } from './indexInSorted.js';
import { SortedStringHash } from './SortedStringHash.js';
import type { Steps } from './steps.js';
import { StringTable } from './StringTable.js';

export interface FieldPostings {
  /** `start[t]..start[t + 1]` is term t's slice of `passages` and `counts`. */
  readonly start: Uint32Array;
  /** Passage ids, ascending within each term. */
  readonly passages: Uint32Array;
  /** Occurrences of the term in the passage, capped at 255 (BM25 has long saturated by then). */
  readonly counts: Uint8Array;
  /** Distinct terms of each passage in this field. */
  readonly lengths: Uint32Array;
}

/**
 * One alternative of a pseudo-term: an index term, or a weighted one — `terms` all in the passage
 * (a name written out, "government nation accord" for GNA: the passage holds all its words, its
 * count the least of theirs) or a single term counted at `weight` (a spelling variant).
 */
export type Alternative = string | { readonly terms: readonly string[]; readonly weight: number };

export interface ScoredPassage {
  readonly passage: number;
  readonly score: number;
}

const K = 1.2;
const B = 0.7;
const D = 0.5;

export class InvertedIndex {
  /** Per-query scratch (see Scratch). */
  private scratch: Scratch | undefined;
  /** Mean field lengths, worked out at the first search rather than when a refreshed index is swapped in. */
  private averageLengths: readonly number[] | undefined;
  /** A pseudo-term's postings as merged so far and the next merge (see unionOf), reused from group to group. */
  private unions: [Union, Union] | undefined;
  /** One bit per passage, for unionSize. */
  private unionBits: Uint32Array | undefined;
  /** Exact term lookups by hash once built (prepareLookup); until then a binary search, with the same answers. */
  private lookup: SortedStringHash | undefined;

  constructor(
    /** Sorted (by UTF-16 code units), without duplicates. */
    readonly vocabulary: readonly string[],
    readonly fields: readonly FieldPostings[],
    readonly passageCount: number,
  ) {
    for (const field of fields) {
      if (field.start.length !== vocabulary.length + 1 || field.lengths.length !== passageCount) {
        throw new Error('postings do not match the vocabulary or the passages');
      }
      const total = field.start[vocabulary.length]!;
      if (field.passages.length !== total || field.counts.length !== total) throw new Error('postings are cut short');
      for (let t = 0; t < vocabulary.length; t++) if (field.start[t]! > field.start[t + 1]!) throw new Error('postings are out of order');
      // Each posting's passage id is checked where it is read (search), not here: walking millions
      // of postings would hold up the thread that swaps a refreshed index in.
    }
  }

  /** The term's id, or -1 when no passage holds it in any field. */
  termId(term: string): number {
    return this.lookup !== undefined ? this.lookup.indexOf(term) : indexInSorted(this.vocabulary, term);
  }

  get lookupPrepared(): boolean {
    return this.lookup !== undefined;
  }

  /** Builds the hash of the vocabulary that termId then uses, a slice at a time (see steps.ts). */
  *prepareLookup(): Steps<void> {
    if (this.lookup !== undefined) return;
    const lookup = yield* SortedStringHash.stepwise(this.vocabulary);
    this.lookup ??= lookup;
  }

  /** How many passages hold the term in this field. */
  frequency(term: string, field = 0): number {
    const id = this.termId(term);
    if (id < 0) return 0;
    const { start } = this.fields[field]!;
    return start[id + 1]! - start[id]!;
  }

  /**
   * The `limit` best passages for any of the terms (OR), best first; equal scores in passage order.
   * `boosts[f]` weighs field f; a passage `p` with `skip[p] === 1` is never among them.
   */
  search(terms: readonly string[], boosts: readonly number[], limit: number, skip?: Uint8Array): ScoredPassage[] {
    if (!(limit >= 1)) return [];
    const scratch = this.takeScratch(terms.length);
    const queryStart = scratch.epoch;
    scratch.touchedCount = 0;
    for (const term of new Set(terms)) {
      const id = this.termId(term);
      if (id < 0) continue;
      const epoch = ++scratch.epoch;
      for (let f = 0; f < this.fields.length; f++) {
        const field = this.fields[f]!;
        const boost = boosts[f] ?? 0;
        const from = field.start[id]!;
        const to = field.start[id + 1]!;
        if (boost === 0 || from === to) continue;
        const n = this.passageCount;
        const df = to - from;
        const idf = bm25Idf(n, df);
        const average = (this.averageLengths ??= this.fields.map(averageLength))[f]!;
        const { passages, counts, lengths } = field;
        for (let i = from; i < to; i++) {
          const p = passages[i]!;
          // Only a damaged index could name a passage past the end; it is skipped, never indexed.
          if (p >= n) continue;
          addGain(scratch, p, bm25Gain(counts[i]!, lengths[p]!, average, idf, boost), epoch, queryStart);
        }
      }
    }
    return topPassages(scratch, limit, skip);
  }

  /**
   * Like `search`, for structured queries (Pirkola): each group is the alternatives one source word
   * translates to, scored as ONE pseudo-term — its count in a passage is the sum of its alternatives'
   * counts, its document frequency the number of passages holding any of them (the union of their
   * postings). Splitting the weight 1/k instead would let a word with many translations count less
   * than one with a single translation, and a rare translation inherit the rarity of the whole word.
   */
  searchGroups(groups: readonly (readonly Alternative[])[], boosts: readonly number[], limit: number, skip?: Uint8Array): ScoredPassage[] {
    if (!(limit >= 1)) return [];
    const scratch = this.takeScratch(groups.length);
    const queryStart = scratch.epoch;
    scratch.touchedCount = 0;
    const n = this.passageCount;
    for (const alternatives of groups) {
      const resolved = this.resolve(alternatives);
      if (resolved.length === 0) continue;
      const epoch = ++scratch.epoch;
      for (let f = 0; f < this.fields.length; f++) {
        const field = this.fields[f]!;
        const boost = boosts[f] ?? 0;
        if (boost === 0) continue;
        const average = (this.averageLengths ??= this.fields.map(averageLength))[f]!;
        const { lengths } = field;
        const only = resolved.length === 1 && resolved[0]!.ids.length === 1 ? resolved[0]! : undefined;
        if (only !== undefined) {
          // The common case, one term: its postings are the group's, walked in place.
          const id = only.ids[0]!;
          const { passages, counts } = field;
          const from = field.start[id]!;
          const to = field.start[id + 1]!;
          const held = heldIn(passages, from, to, n);
          if (held === 0) continue;
          const idf = bm25Idf(n, held);
          const { weight } = only;
          for (let i = from; i < to; i++) {
            const p = passages[i]!;
            if (p >= n) continue;
            addGain(scratch, p, bm25Gain(Math.min(weight * counts[i]!, 255), lengths[p]!, average, idf, boost), epoch, queryStart);
          }
          continue;
        }
        const { union, held } = unionOf(field, resolved, n, this.takeUnions());
        if (held === 0) continue;
        const idf = bm25Idf(n, held);
        const { passages, tf } = union;
        for (let k = 0; k < held; k++) {
          const p = passages[k]!;
          addGain(scratch, p, bm25Gain(Math.min(tf[k]!, 255), lengths[p]!, average, idf, boost), epoch, queryStart);
        }
      }
    }
    return topPassages(scratch, limit, skip);
  }

  /** How many passages hold any of the terms in this field: the document frequency of a pseudo-term. */
  frequencyOfAny(terms: readonly Alternative[], field = 0): number {
    const resolved = this.resolve(terms);
    if (resolved.length === 0) return 0;
    const postings = this.fields[field]!;
    if (resolved.length === 1 && resolved[0]!.ids.length === 1) {
      const id = resolved[0]!.ids[0]!;
      // As `frequency` counts a term: damaged postings are only found where a search reads them.
      return postings.start[id + 1]! - postings.start[id]!;
    }
    return unionSize(postings, resolved, this.passageCount, (this.unionBits ??= new Uint32Array((this.passageCount + 31) >>> 5)));
  }

  /**
   * Alternatives as term ids with their weights; repeats, and alternatives naming a term no passage
   * holds (a name's word that is nowhere, so no passage holds the whole name), are left out.
   */
  private resolve(alternatives: readonly Alternative[]): { readonly ids: readonly number[]; readonly weight: number }[] {
    const resolved: { ids: number[]; weight: number }[] = [];
    const seen = new Set<string>();
    for (const alternative of alternatives) {
      const terms = typeof alternative === 'string' ? [alternative] : [...new Set(alternative.terms)];
      const key = terms.join('\u0000');
      if (terms.length === 0 || seen.has(key)) continue;
      seen.add(key);
      const ids = terms.map((term) => this.termId(term));
      if (ids.some((id) => id < 0)) continue;
      resolved.push({ ids, weight: typeof alternative === 'string' ? 1 : alternative.weight });
    }
    return resolved;
  }

  private takeUnions(): [Union, Union] {
    const n = this.passageCount;
    const union = () => ({ passages: new Uint32Array(n), tf: new Float64Array(n) });
    return (this.unions ??= [union(), union()]);
  }

  private takeScratch(terms: number): Scratch {
    if (this.scratch === undefined) {
      const n = this.passageCount;
      this.scratch = {
        score: new Float64Array(n),
        matched: new Uint16Array(n),
        stamp: new Uint32Array(n),
        epoch: 0,
        touched: new Uint32Array(n),
        touchedCount: 0,
      };
    }
    // Epochs tell this query's marks from older ones without clearing the arrays; start over well
    // before they could wrap.
    if (this.scratch.epoch + terms + 1 >= 0xffff_fff0) {
      this.scratch.stamp.fill(0);
      this.scratch.epoch = 0;
    }
    return this.scratch;
  }
}

/** The postings of a pseudo-term in one field: its passages, ascending, and its summed count in each. */
interface Union {
  readonly passages: Uint32Array;
  readonly tf: Float64Array;
}

/** Postings `from..to` naming a passage there is (a damaged index could name one past the end). */
function heldIn(passages: Uint32Array, from: number, to: number, n: number): number {
  let held = 0;
  for (let i = from; i < to; i++) if (passages[i]! < n) held++;
  return held;
}

/** One alternative's postings in a field: passages ascending, their counts, and its weight. */
interface List {
  readonly passages: Uint32Array;
  readonly counts: Uint8Array;
  readonly from: number;
  readonly to: number;
  readonly weight: number;
}

function listsOf(field: FieldPostings, resolved: readonly { readonly ids: readonly number[]; readonly weight: number }[]): List[] {
  return resolved.map(({ ids, weight }) => {
    if (ids.length === 1) return { passages: field.passages, counts: field.counts, from: field.start[ids[0]!]!, to: field.start[ids[0]! + 1]!, weight };
    const passages: number[] = [];
    const counts: number[] = [];
    forEachCommon(field, ids, (p, common) => {
      passages.push(p);
      counts.push(common);
    });
    return { passages: Uint32Array.from(passages), counts: Uint8Array.from(counts), from: 0, to: passages.length, weight };
  });
}

/**
 * The passages holding any of the alternatives, ascending, with each one's count: the sum of the
 * alternatives' weighted counts, added in the alternatives' order. Returns the union holding them
 * (one of `buffers`) and their number. The alternatives' postings are merged one after the other
 * into the union so far, front to back, where marking each posting's passage in arrays over every
 * passage was a read and a write at random for every posting, out of the cache by the time a
 * question comes to them.
 */
function unionOf(
  field: FieldPostings,
  resolved: readonly { readonly ids: readonly number[]; readonly weight: number }[],
  n: number,
  buffers: readonly [Union, Union],
): { union: Union; held: number } {
  let union = buffers[0];
  let spare = buffers[1];
  let held = 0;
  for (const list of listsOf(field, resolved)) {
    held = mergeInto(union, held, list, n, spare);
    [union, spare] = [spare, union];
  }
  return { union, held };
}

/** `union`'s first `held` passages merged with the list's into `out` (see unionOf); how many there are. */
function mergeInto(union: Union, held: number, list: List, n: number, out: Union): number {
  const { passages, counts, weight, to } = list;
  const from = union.passages;
  const tf = union.tf;
  let i = 0;
  let j = list.from;
  let k = 0;
  while (i < held && j < to) {
    const x = from[i]!;
    const y = passages[j]!;
    if (x < y) {
      out.passages[k] = x;
      out.tf[k++] = tf[i++]!;
    } else if (x === y) {
      out.passages[k] = x;
      out.tf[k++] = tf[i++]! + weight * counts[j++]!;
    } else {
      if (y < n) {
        out.passages[k] = y;
        out.tf[k++] = 0 + weight * counts[j]!;
      }
      j++;
    }
  }
  while (i < held) {
    out.passages[k] = from[i]!;
    out.tf[k++] = tf[i++]!;
  }
  for (; j < to; j++) {
    const y = passages[j]!;
    if (y < n) {
      out.passages[k] = y;
      out.tf[k++] = 0 + weight * counts[j]!;
    }
  }
  return k;
}

/** How many passages hold any of the alternatives: their marks in one bit per passage, which stays in the cache. */
function unionSize(
  field: FieldPostings,
  resolved: readonly { readonly ids: readonly number[]; readonly weight: number }[],
  n: number,
  bits: Uint32Array,
): number {
  bits.fill(0);
  let held = 0;
  for (const { passages, from, to } of listsOf(field, resolved))
    for (let i = from; i < to; i++) {
      const p = passages[i]!;
      if (p >= n) continue;
      const word = p >>> 5;
      const bit = 1 << (p & 31);
      if ((bits[word]! & bit) === 0) {
        bits[word] = bits[word]! | bit;
        held++;
      }
    }
  return held;
}

/**
 * Calls `visit` for each passage (ascending) whose field holds every one of the terms, with the least
 * of their counts there. Walks the rarest term's postings and looks the passage up in the others
 * (binary search: each term's passages are ascending).
 */
function forEachCommon(field: FieldPostings, ids: readonly number[], visit: (passage: number, tf: number) => void): void {
  const { start, passages, counts } = field;
  const sorted = [...ids].sort((a, b) => start[a + 1]! - start[a]! - (start[b + 1]! - start[b]!));
  const rarest = sorted[0]!;
  const cursors = sorted.map((id) => start[id]!);
  for (let i = start[rarest]!; i < start[rarest + 1]!; i++) {
    const p = passages[i]!;
    let tf = counts[i]!;
    let all = true;
    for (let k = 1; k < sorted.length && all; k++) {
      const id = sorted[k]!;
      let low = cursors[k]!;
      let high = start[id + 1]!;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (passages[middle]! < p) low = middle + 1;
        else high = middle;
      }
      cursors[k] = low;
      if (low < start[id + 1]! && passages[low] === p) tf = Math.min(tf, counts[low]!);
      else all = false;
    }
    if (all) visit(p, tf);
  }
}

/** BM25+ gain of one term (or pseudo-term) in one passage, as MiniSearch computes it. */
function bm25Gain(tf: number, length: number, average: number, idf: number, boost: number): number {
  return boost * idf * (D + (tf * (K + 1)) / (tf + K * (1 - B + (B * length) / average)));
}

/**
 * Per-query scores, reused: a question touches a few thousand passages of possibly millions. The
 * passages it touched are listed in `touched` (the first `touchedCount`), a typed array rather
 * than an array grown per query: common terms touch tens of thousands.
 */
interface Scratch {
  readonly score: Float64Array;
  readonly matched: Uint16Array;
  readonly stamp: Uint32Array;
  epoch: number;
  readonly touched: Uint32Array;
  touchedCount: number;
}

/**
 * Adds a term's gain to a passage's score for this query. A passage first touched by this query
 * (its stamp older than the query) starts afresh; `matched` counts each term once per passage.
 */
function addGain(scratch: Scratch, p: number, gain: number, epoch: number, queryStart: number): void {
  const { score, matched, stamp } = scratch;
  const seen = stamp[p]!;
  if (seen <= queryStart) {
    scratch.touched[scratch.touchedCount++] = p;
    score[p] = gain;
    matched[p] = 1;
  } else {
    score[p] = score[p]! + gain;
    if (seen !== epoch) matched[p] = matched[p]! + 1;
  }
  stamp[p] = epoch;
}

function averageLength(field: FieldPostings): number {
  let sum = 0;
  for (const length of field.lengths) sum += length;
  return field.lengths.length === 0 ? 0 : sum / field.lengths.length;
}

function topPassages(scratch: Scratch, limit: number, skip?: Uint8Array): ScoredPassage[] {
  const { touched, touchedCount, score, matched } = scratch;
  // A bounded insertion list: most passages fall below the current k-th score and cost one compare.
  const best: ScoredPassage[] = [];
  for (let k = 0; k < touchedCount; k++) {
    const p = touched[k]!;
    if (skip !== undefined && skip[p] === 1) continue;
    const value = score[p]! * matched[p]!;
    if (best.length === limit && !ranksBefore(value, p, best[limit - 1]!)) continue;
    let i = best.length < limit ? best.length : limit - 1;
    while (i > 0 && ranksBefore(value, p, best[i - 1]!)) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = { passage: p, score: value };
  }
  return best;
}

function ranksBefore(value: number, passage: number, other: ScoredPassage): boolean {
  return value > other.score || (value === other.score && passage < other.passage);
}

/**
 * Collects postings passage by passage, then lays them out term by term. Passages must be added in
 * id order (0, 1, 2…), each with its terms per field.
 *
 * Terms are numbered as first met (`termNumber`), and a passage may be added by those numbers
 * (`addNumbers`): the index build gives each distinct token its term's number once, so that its
 * millions of tokens are counted as integers rather than looked up as strings again. A passage's
 * entries are one run, in no particular order (the layout is by term, then passage).
 */
export class InvertedIndexBuilder {
  /** The terms by number; a table rather than a Map and an array of strings, for the reason StringTable gives. */
  private readonly terms = new StringTable();
  /**
   * Per field, each passage's distinct terms (by number, as variable-length integers: most are
   * common terms with small numbers, and nine million entries at 150k passages took 36 MB as u32)
   * and their counts, and the passage's number of distinct terms.
   */
  private readonly entries: { term: GrowingArray<Uint8Array>; count: GrowingArray<Uint8Array>; lengths: GrowingArray<Uint32Array> }[];
  /** Where each passage's run of entries starts (in entries, not bytes), per field; one more entry for the end. */
  private readonly runStart: GrowingArray<Uint32Array>[];
  private passages = 0;
  /** Per-passage counting scratch, indexed by term number; `seen` tells this passage's counts from older ones. */
  private tally = new Uint32Array(1024);
  private seen = new Uint32Array(1024);
  /** The current passage's distinct term numbers, in the order first met. */
  private distinct = new Uint32Array(1024);
  private epoch = 0;
  /** A builder builds once: building lets go of what it collected. */
  private built = false;
  private rankedTerms: { vocabulary: string[]; rank: Int32Array } | undefined;

  constructor(readonly fieldCount: number) {
    this.entries = Array.from({ length: fieldCount }, () => ({ term: growingU8(), count: growingU8(), lengths: growingU32() }));
    this.runStart = Array.from({ length: fieldCount }, () => {
      const start = growingU32();
      start.push(0);
      return start;
    });
  }

  /** The number of a term (numbered as first met), given one if it has none yet. */
  termNumber(term: string): number {
    let id = this.terms.idOf(term);
    if (id === -1) {
      if (this.rankedTerms !== undefined) throw new Error('a term numbered in postings already ranked');
      id = this.terms.add(term);
    }
    return id;
  }

  /** The term numbered `number` (until buildRanked). */
  termOf(number: number): string {
    return this.terms.text(number);
  }

  /** `fieldTerms[f]`: the passage's terms in field f, in any order, repeats counted. */
  add(fieldTerms: readonly (readonly string[])[]): void {
    this.addNumbers(Array.from({ length: this.fieldCount }, (_, f) => (fieldTerms[f] ?? []).map((term) => this.termNumber(term))));
  }

  /** Like `add`, with each term given by its `termNumber`. */
  addNumbers(fieldNumbers: readonly ArrayLike<number>[]): void {
    if (this.rankedTerms !== undefined) throw new Error('a passage added to postings already ranked');
    this.passages++;
    if (this.terms.size > this.tally.length) {
      const size = Math.max(this.terms.size, 2 * this.tally.length);
      this.tally = new Uint32Array(size);
      this.seen = new Uint32Array(size);
      this.epoch = 0;
    }
    const { tally, seen } = this;
    for (let f = 0; f < this.fieldCount; f++) {
      const entries = this.entries[f]!;
      const numbers = fieldNumbers[f] ?? [];
      const epoch = ++this.epoch;
      if (numbers.length > this.distinct.length) this.distinct = new Uint32Array(Math.max(numbers.length, 2 * this.distinct.length));
      const { distinct } = this;
      let n = 0;
      for (let i = 0; i < numbers.length; i++) {
        const id = numbers[i]!;
        if (seen[id] !== epoch) {
          seen[id] = epoch;
          tally[id] = 1;
          distinct[n++] = id;
        } else {
          tally[id]!++;
        }
      }
      for (let k = 0; k < n; k++) {
        let value = distinct[k]!;
        entries.count.push(Math.min(tally[value]!, 255));
        while (value >= 0x80) {
          entries.term.push((value & 0x7f) | 0x80);
          value >>>= 7;
        }
        entries.term.push(value);
      }
      entries.lengths.push(n);
      this.runStart[f]!.push(entries.count.length);
    }
    if (this.epoch >= 0xffff_fff0) {
      seen.fill(0);
      this.epoch = 0;
    }
  }

  build(): InvertedIndex {
    return this.buildRanked().index;
  }

  /**
   * The vocabulary the index will have and `rank` (see buildRanked), before the postings are laid
   * out: the index build settles the sentence tokens' ids first, so that their tables are let go
   * before the postings' arrays are made. No term can be numbered after this.
   */
  ranked(): { vocabulary: string[]; rank: Int32Array } {
    if (this.rankedTerms !== undefined) return this.rankedTerms;
    const numbered = this.terms.size;
    const posted = new Uint8Array(numbered);
    for (const entries of this.entries) {
      const terms = new VarintReader(entries.term.chunks());
      for (let n = terms.read(); n > 0; n = terms.read()) for (let i = 0; i < n; i++) posted[terms.values[i]!] = 1;
    }
    const vocabulary: string[] = [];
    for (let id = 0; id < numbered; id++) if (posted[id] === 1) vocabulary.push(this.terms.text(id));
    vocabulary.sort();
    const rank = new Int32Array(numbered).fill(-1);
    vocabulary.forEach((term, i) => {
      rank[this.terms.idOf(term)] = i;
    });
    this.rankedTerms = { vocabulary, rank };
    return this.rankedTerms;
  }

  /**
   * The index, and `rank`: each term number's id in its vocabulary, or -1 for a term numbered but
   * never added to a passage (the vocabulary holds only terms some passage holds).
   */
  buildRanked(): { index: InvertedIndex; rank: Int32Array } {
    const { vocabulary, rank } = this.ranked();
    if (this.built) throw new Error('postings built twice');
    this.built = true;
    // The terms' table (termOf) is let go before the postings are laid out, as is each field's
    // collected entries once its postings are (see GrowingArray.release), so that no two
    // generations of the biggest arrays are held at once.
    this.terms.release();
    this.tally = new Uint32Array(0);
    this.seen = new Uint32Array(0);
    const fields = this.entries.map((entries, f): FieldPostings => {
      const runs = this.runStart[f]!.toArray();
      const total = entries.count.length;
      const start = new Uint32Array(vocabulary.length + 1);
      const counting = new VarintReader(entries.term.chunks());
      for (let n = counting.read(); n > 0; n = counting.read()) for (let i = 0; i < n; i++) start[rank[counting.values[i]!]! + 1]!++;
      for (let t = 0; t < vocabulary.length; t++) start[t + 1]! += start[t]!;
      const next = start.slice(0, vocabulary.length);
      const passages = new Uint32Array(total);
      const counts = new Uint8Array(total);
      // Runs are walked in passage order, so each term's passages come out ascending. What was
      // collected is let go a chunk at a time as it is laid out (GrowingArray.take).
      let p = 0;
      let i = 0;
      const countChunks = entries.count.take();
      let countChunk = countChunks[0]!;
      const terms = new VarintReader(entries.term.take(), true);
      for (let n = terms.read(); n > 0; n = terms.read()) {
        const { values } = terms;
        for (let j = 0; j < n; j++, i++) {
          while (i >= runs[p + 1]!) p++;
          const slot = next[rank[values[j]!]!]!++;
          passages[slot] = p;
          if ((i & CHUNK_MASK) === 0 && i > 0) {
            countChunks[(i >>> CHUNK_SHIFT) - 1] = undefined;
            countChunk = countChunks[i >>> CHUNK_SHIFT]!;
          }
          counts[slot] = countChunk[i & CHUNK_MASK]!;
        }
      }
      const lengths = entries.lengths.takeArray();
      this.runStart[f]!.release();
      return { start, passages, counts, lengths };
    });
    return { index: new InvertedIndex(vocabulary, fields, this.passages), rank };
  }
}

/**
 * Reads variable-length integers (7 bits a byte, the high bit set on all but the last byte of a
 * number) from chunks of bytes, a chunk at a time: `read()` puts the numbers that end in the next
 * chunk into `values` and returns how many (0 at the end). A number may start in one chunk and
 * end in the next.
 */
class VarintReader {
  values = new Uint32Array(0);
  private next = 0;
  private value = 0;
  private shift = 0;

  /** `drop`: each chunk is let go (its slot in `chunks` emptied) once read. */
  constructor(
    private readonly chunks: (Uint8Array | undefined)[],
    private readonly drop = false,
  ) {}

  read(): number {
    while (this.next < this.chunks.length) {
      const chunk = this.chunks[this.next]!;
      if (this.drop) this.chunks[this.next] = undefined;
      this.next++;
      if (this.values.length < chunk.length) this.values = new Uint32Array(chunk.length);
      const { values } = this;
      let { value, shift } = this;
      let n = 0;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i]!;
        value = (value | ((byte & 0x7f) << shift)) >>> 0;
        if (byte < 0x80) {
          values[n++] = value;
          value = 0;
          shift = 0;
        } else shift += 7;
      }
      this.value = value;
      this.shift = shift;
      if (n > 0) return n;
    }
    return 0;
  }
}
