import { foldDigits } from './analyze.js';
import { FNV_OFFSET, FNV_PRIME, spreadHash } from './fnv1a.js';

/**
 * `tokenize`'s tokens found by walking a text's code units, for the index build: the build meets
 * every token of the corpus (millions, most of them words it has seen before), and cutting each
 * out as a string by the word pattern, then hashing that string for a Map, was most of its time.
 * The scanner finds the same bounds with a table of each code unit's class (made from the same
 * Unicode properties the pattern uses) and hashes a token's code units on the way, so that a
 * `SurfaceTable` finds a word already seen without any string being made.
 *
 * Only the Basic Multilingual Plane is in the table: a text holding any surrogate (an emoji, an
 * astral letter or digit) is left to `tokenize` (`scan` returns -1). The bounds follow the word
 * pattern (analyze.ts) alternative by alternative, in its order: dotted acronyms, then numbers
 * with their separators, then words with their apostrophes.
 */
export class TokenScanner {
  /** Token i is `text.slice(start[i], end[i])` with its digits folded (see foldDigits). */
  start = new Int32Array(256);
  end = new Int32Array(256);
  /** `hashUnits` of token i's folded code units. */
  hash = new Int32Array(256);
  /** The folded code units of the text's tokens, where the tokens are (what lies between them is left as it was). */
  units = new Uint16Array(1024);

  /** Fills `start`, `end` and `hash` with the tokens of `text`; returns their number, or -1 when `text` holds a surrogate. */
  scan(text: string): number {
    if (SURROGATE.test(text)) return -1;
    const { classes, folds } = unitTables();
    const n = text.length;
    if (n > this.units.length) this.units = new Uint16Array(Math.max(n, 2 * this.units.length));
    const { units } = this;
    let count = 0;
    let p = 0;
    while (p < n) {
      const kind = classes[text.charCodeAt(p)]!;
      if ((kind & (LETTER | NUMBER)) === 0) {
        p++;
        continue;
      }
      const from = p;
      if (
        (kind & UPPER) !== 0 &&
        p + 3 < n &&
        text.charCodeAt(p + 1) === DOT &&
        (classes[text.charCodeAt(p + 2)]! & UPPER) !== 0 &&
        text.charCodeAt(p + 3) === DOT
      ) {
        // (?:\p{Lu}\.){2,}
        p += 4;
        while (p + 1 < n && (classes[text.charCodeAt(p)]! & UPPER) !== 0 && text.charCodeAt(p + 1) === DOT) p += 2;
      } else if ((kind & NUMBER) !== 0) {
        // \p{N}+(?:[.,:\u066B\u066C]\p{N}+)*
        p++;
        for (;;) {
          while (p < n && (classes[text.charCodeAt(p)]! & NUMBER) !== 0) p++;
          if (p + 1 < n && (classes[text.charCodeAt(p)]! & NUMBER_SEPARATOR) !== 0 && (classes[text.charCodeAt(p + 1)]! & NUMBER) !== 0) p += 2;
          else break;
        }
      } else {
        // [\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['\u2019\uFF07][\p{L}\p{M}\p{N}]+)*
        p++;
        for (;;) {
          while (p < n && (classes[text.charCodeAt(p)]! & WORD_PART) !== 0) p++;
          if (p + 1 < n && (classes[text.charCodeAt(p)]! & APOSTROPHE) !== 0 && (classes[text.charCodeAt(p + 1)]! & WORD_PART) !== 0) p += 2;
          else break;
        }
      }
      if (count === this.start.length) this.grow();
      let h = HASH_SEED;
      for (let i = from; i < p; i++) {
        const unit = folds[text.charCodeAt(i)]!;
        units[i] = unit;
        h = Math.imul(h ^ unit, FNV_PRIME);
      }
      this.start[count] = from;
      this.end[count] = p;
      this.hash[count] = h;
      count++;
    }
    return count;
  }

  grow(): void {
    const size = 2 * this.start.length;
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    const hash = new Int32Array(size);
    start.set(this.start);
    end.set(this.end);
    hash.set(this.hash);
    this.start = start;
    this.end = end;
    this.hash = hash;
  }
}

/** The hash `scan` gives a token: FNV-1a over its folded code units `units[from..to)`. */
export function hashUnits(units: Uint16Array, from: number, to: number): number {
  let h = HASH_SEED;
  for (let i = from; i < to; i++) h = Math.imul(h ^ units[i]!, FNV_PRIME);
  return h;
}

/** The code units of `text` with its digits folded as foldDigits folds them (BMP digits), in `into` or a larger array. */
export function foldedUnits(text: string, into: Uint16Array): Uint16Array {
  const { folds } = unitTables();
  const units = text.length > into.length ? new Uint16Array(Math.max(text.length, 2 * into.length)) : into;
  for (let i = 0; i < text.length; i++) units[i] = folds[text.charCodeAt(i)]!;
  return units;
}

/**
 * Distinct tokens ("surfaces") numbered from 0 as first added, looked up by their folded code units
 * (as TokenScanner leaves them, or foldedUnits of a token's string) and their `hashUnits`: open
 * addressing over the surfaces' code units, kept one after another in one array.
 */
export class SurfaceTable {
  /**
   * Two numbers a slot: where the surface's record starts in `records`, + 1 (0 for an empty slot),
   * and the surface's hash, side by side so that a probe reads one cache line; a power of two
   * slots, never more than three quarters full (linear probing stays short there, and the table
   * takes no more memory than the Map it replaces).
   */
  private slots = new Int32Array(2 << 12);
  /**
   * Each surface's record, one after another: its length and its id (two code units each, low
   * half first), then its folded code units. A probe that matches reads only this one place: the
   * rare words that miss the cache would otherwise miss it twice.
   */
  private records = new Uint16Array(1 << 14);
  private recordsEnd = 0;
  size = 0;

  /** The id of the surface whose folded code units are `units[from..to)`, or -1 when there is none. */
  find(units: Uint16Array, from: number, to: number, hash: number): number {
    const { slots, records } = this;
    const mask = (slots.length >>> 1) - 1;
    const length = to - from;
    for (let slot = spreadHash(hash) & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[2 * slot]!;
      if (entry === 0) return -1;
      if (slots[2 * slot + 1] !== hash) continue;
      const at = entry - 1;
      if ((records[at]! | (records[at + 1]! << 16)) !== length) continue;
      const stored = at + RECORD_HEADER - from;
      let i = from;
      while (i < to && records[stored + i] === units[i]) i++;
      if (i === to) return (records[at + 2]! | (records[at + 3]! << 16)) >>> 0;
    }
  }

  /** Adds the surface `units[from..to)`, which `find` did not find; returns its id. */
  add(units: Uint16Array, from: number, to: number, hash: number): number {
    const id = this.size++;
    if (8 * this.size > 3 * this.slots.length) this.rehash();
    const length = to - from;
    const at = this.recordsEnd;
    const end = at + RECORD_HEADER + length;
    // Grown by half, not doubled: kept for the whole build, at most a third of it spare.
    if (end > this.records.length) {
      const records = new Uint16Array(Math.max(this.records.length + (this.records.length >>> 1), end));
      records.set(this.records.subarray(0, at));
      this.records = records;
    }
    const { records } = this;
    records[at] = length & 0xffff;
    records[at + 1] = length >>> 16;
    records[at + 2] = id & 0xffff;
    records[at + 3] = id >>> 16;
    records.set(units.subarray(from, to), at + RECORD_HEADER);
    this.recordsEnd = end;
    place(this.slots, at + 1, hash);
    return id;
  }

  /** Lets the buffers go (a build's surfaces are numbered for good once it ends); the table is not to be used after. */
  release(): void {
    this.slots = new Int32Array(2);
    this.records = new Uint16Array(0);
    this.recordsEnd = 0;
  }

  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    for (let slot = 0; slot < old.length; slot += 2) if (old[slot] !== 0) place(this.slots, old[slot]!, old[slot + 1]!);
  }
}

/** A record's length and id before its code units. */
const RECORD_HEADER = 4;

function place(slots: Int32Array, entry: number, hash: number): void {
  const mask = (slots.length >>> 1) - 1;
  let slot = spreadHash(hash) & mask;
  while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
  slots[2 * slot] = entry;
  slots[2 * slot + 1] = hash;
}

/** FNV's low bits are weak for a power-of-two table: the high ones are mixed in. */
const HASH_SEED = FNV_OFFSET | 0;
const DOT = 0x2e;
const SURROGATE = /[\uD800-\uDFFF]/;

const UPPER = 1;
const LETTER = 2;
const MARK = 4;
const NUMBER = 8;
const NUMBER_SEPARATOR = 16;
const APOSTROPHE = 32;
const WORD_PART = LETTER | MARK | NUMBER;

let tables: { readonly classes: Uint8Array; readonly folds: Uint16Array } | undefined;

/**
 * Per BMP code unit: its classes for the word pattern (from the same Unicode properties, so the
 * engine's Unicode version decides both alike), and the unit with its digit folded as foldDigits
 * folds it. Made on first use: only a build needs them, not a question.
 */
function unitTables(): { readonly classes: Uint8Array; readonly folds: Uint16Array } {
  if (tables !== undefined) return tables;
  const codes = new Uint16Array(0x10000);
  // Surrogates stand in as spaces: the table's surrogate entries are never read (scan gives up on them).
  for (let c = 0; c < 0x10000; c++) codes[c] = c >= 0xd800 && c <= 0xdfff ? 0x20 : c;
  let all = '';
  for (let c = 0; c < 0x10000; c += 0x1000) all += String.fromCharCode(...codes.subarray(c, c + 0x1000));
  const classes = new Uint8Array(0x10000);
  const markEach = (pattern: RegExp, flag: number) => {
    for (const match of all.matchAll(pattern)) for (let c = match.index; c < match.index + match[0].length; c++) classes[c]! |= flag;
  };
  markEach(/\p{Lu}+/gu, UPPER);
  markEach(/\p{L}+/gu, LETTER);
  markEach(/\p{M}+/gu, MARK);
  markEach(/\p{N}+/gu, NUMBER);
  markEach(/[.,:\u066B\u066C]+/gu, NUMBER_SEPARATOR);
  markEach(/['\u2019\uFF07]+/gu, APOSTROPHE);
  const folds = Uint16Array.from(codes.keys());
  for (const match of all.matchAll(/\p{Nd}/gu)) folds[match.index] = foldDigits(match[0]).charCodeAt(0);
  tables = { classes, folds };
  return tables;
}
