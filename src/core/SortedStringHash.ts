import { fnv1a, spreadHash } from './fnv1a.js';
import type { Steps } from './steps.js';

/** Strings hashed between two yields of a stepwise build: a couple of milliseconds' work. */
const SLICE = 20_000;

/**
 * Exact lookups into a sorted vocabulary by hash: the position of a string, as a binary search
 * would give it. A binary search over 300,000 terms reads some 19 strings scattered in the heap,
 * each a cache miss on a term no recent question touched; a question looks up a few hundred terms
 * (its words, their translations, spelling variants, loose keys), and those misses were a tenth of
 * a new question's time. The table is open addressing over an Int32Array (4 bytes a slot, a load
 * of at most one half), so it costs a few MB where a Map of the same strings costs tens.
 */
export class SortedStringHash {
  private readonly slots: Int32Array;
  private readonly mask: number;

  private constructor(
    count: number,
    /** The string at a position; for strings kept as bytes (SentenceTokens' folded forms), decoded when asked. */
    private readonly at: (position: number) => string,
  ) {
    let size = 1024;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The table of `sorted`, built a slice at a time (see steps.ts). */
  static stepwise(sorted: readonly string[]): Steps<SortedStringHash> {
    return SortedStringHash.stepwiseOver(sorted.length, (position) => sorted[position]!);
  }

  /**
   * The table of `count` distinct strings by position, read through `at`: a lookup reads one
   * string, where a binary search over strings kept as bytes decodes some twenty.
   */
  static *stepwiseOver(count: number, at: (position: number) => string): Steps<SortedStringHash> {
    const table = new SortedStringHash(count, at);
    for (let i = 0; i < count; i++) {
      if (i % SLICE === SLICE - 1) yield;
      table.add(i);
    }
    return table;
  }

  private add(position: number): void {
    const { slots, mask } = this;
    let slot = hashOf(this.at(position)) & mask;
    while (slots[slot] !== -1) slot = (slot + 1) & mask;
    slots[slot] = position;
  }

  /** The position of `value` among the strings, or -1. */
  indexOf(value: string): number {
    const { slots, mask, at } = this;
    let slot = hashOf(value) & mask;
    for (;;) {
      const position = slots[slot]!;
      if (position === -1) return -1;
      if (at(position) === value) return position;
      slot = (slot + 1) & mask;
    }
  }
}

/** FNV-1a over UTF-16 code units, spread so that the low bits the mask keeps vary. */
function hashOf(text: string): number {
  return spreadHash(fnv1a(text));
}
