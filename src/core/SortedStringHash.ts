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

  private constructor(private readonly sorted: readonly string[]) {
    let size = 1024;
    while (size < sorted.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The table of `sorted`, built a slice at a time (see steps.ts). */
  static *stepwise(sorted: readonly string[]): Steps<SortedStringHash> {
    const table = new SortedStringHash(sorted);
    for (let i = 0; i < sorted.length; i++) {
      if (i % SLICE === SLICE - 1) yield;
      table.add(i);
    }
    return table;
  }

  private add(position: number): void {
    const { slots, mask } = this;
    let slot = hashOf(this.sorted[position]!) & mask;
    while (slots[slot] !== -1) slot = (slot + 1) & mask;
    slots[slot] = position;
  }

  /** The position of `value` in the sorted strings, or -1. */
  indexOf(value: string): number {
    const { slots, mask, sorted } = this;
    let slot = hashOf(value) & mask;
    for (;;) {
      const position = slots[slot]!;
      if (position === -1) return -1;
      if (sorted[position] === value) return position;
      slot = (slot + 1) & mask;
    }
  }
}

/** FNV-1a over UTF-16 code units, spread so that the low bits the mask keeps vary. */
function hashOf(text: string): number {
  return spreadHash(fnv1a(text));
}
