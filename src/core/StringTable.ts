import { FNV_OFFSET, FNV_PRIME, fnv1a, spreadHash } from './fnv1a.js';
import type { CodeUnitWords } from './codeUnitOrder.js';
import { grownTo } from './GrowingArray.js';
/**
 * Distinct strings numbered as added (0, 1, 2…), found again by their text: the index build's
 * surfaces (every distinct token as written, 660k at 150k news passages).
 *
 * Held as UTF-16 code units in one buffer with an open-addressing table of ids, not as strings in
 * a Map: a Map's table and 660k small strings were a third of the build's heap, and V8 lets garbage
 * gather to two or three times what the heap holds before it collects, so each of those megabytes
 * cost two or three at the peak. Typed arrays are outside the heap and hold only what they store.
 */
export class StringTable {
  private units = new Uint16Array(4096);
  private used = 0;
  /** String `id` is `units[starts[id]..starts[id + 1])`. */
  private starts = new Uint32Array(1024);
  /**
   * Ids (plus one; 0 is an empty slot), placed by hash, linear probing; at most 70 % full. No
   * hashes are kept: a length and a first unit or two tell most strings apart as fast.
   */
  private slots = new Uint32Array(2048);
  size = 0;

  /** The id of `text`, or -1 when it was never added. */
  idOf(text: string): number {
    const hash = hashOf(text);
    const { slots, starts, units } = this;
    const mask = slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = slots[slot]!;
      if (entry === 0) return -1;
      const id = entry - 1;
      const from = starts[id]!;
      if (starts[id + 1]! - from !== text.length) continue;
      let same = true;
      for (let i = 0; i < text.length; i++) {
        if (units[from + i] !== text.charCodeAt(i)) {
          same = false;
          break;
        }
      }
      if (same) return id;
    }
  }

  /** Adds `text`, which must not be in the table yet; returns its id. */
  add(text: string): number {
    const id = this.size;
    if (id + 2 > this.starts.length) this.starts = grownTo(this.starts, new Uint32Array(Math.max(1024, larger(this.starts.length))));
    if (id + 1 > MAX_LOAD * this.slots.length) this.rehash(2 * this.slots.length);
    if (this.used + text.length > this.units.length) {
      this.units = grownTo(this.units, new Uint16Array(Math.max(larger(this.units.length), this.used + text.length)));
    }
    for (let i = 0; i < text.length; i++) this.units[this.used + i] = text.charCodeAt(i);
    this.used += text.length;
    this.starts[id + 1] = this.used;
    this.place(id, hashOf(text));
    this.size++;
    return id;
  }

  /** The string with this id. */
  text(id: number): string {
    return String.fromCharCode(...this.units.subarray(this.starts[id]!, this.starts[id + 1]!));
  }

  /** The strings as their code units, in the order added (views of the table's buffers: valid until the next `add` or `release`). */
  codeUnits(): CodeUnitWords {
    return { units: this.units.subarray(0, this.used), starts: this.starts.subarray(0, this.size + 1), count: this.size };
  }

  /** Lets the buffers go; the table is empty after. */
  release(): void {
    this.units = new Uint16Array(0);
    this.used = 0;
    this.starts = new Uint32Array(1);
    this.slots = new Uint32Array(2);
    this.size = 0;
  }

  private place(id: number, hash: number): void {
    const { slots } = this;
    const mask = slots.length - 1;
    let slot = hash & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }

  private rehash(length: number): void {
    this.slots = new Uint32Array(length);
    const { starts, units } = this;
    for (let id = 0; id < this.size; id++) {
      let hash = FNV_OFFSET;
      for (let i = starts[id]!; i < starts[id + 1]!; i++) hash = Math.imul(hash ^ units[i]!, FNV_PRIME);
      this.place(id, spreadHash(hash));
    }
  }
}

/**
 * A quarter more, not twice: what a buffer holds beyond its use is held at the build's peak, and
 * copying a quarter more at a time copies each unit four times in all, which costs nothing here.
 */
export function larger(length: number): number {
  return Math.ceil(1.25 * length);
}

/** FNV-1a over the code units, spread so that linear probing sees varied low bits. */
function hashOf(text: string): number {
  return spreadHash(fnv1a(text));
}

const MAX_LOAD = 0.7;
