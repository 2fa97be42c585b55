type Growable = Uint8Array | Uint32Array;

/** Values a chunk holds once an array has outgrown its first one (2^16: 256 KB of u32). */
export const CHUNK_SHIFT = 16;
export const CHUNK_LENGTH = 1 << CHUNK_SHIFT;
export const CHUNK_MASK = CHUNK_LENGTH - 1;
const FIRST_LENGTH = 1024;

/**
 * An append-only typed array: millions of postings or token ids held in a number[] would be boxed
 * and take twice the memory, and counts below 256 take a byte each.
 *
 * Small, it doubles; past CHUNK_LENGTH values it grows a chunk at a time, never copying what it
 * holds: a doubling buffer of 12 million token ids held up to twice the room they need, and at each
 * doubling the old buffer and the new one (three times) at once, which was the peak of a build.
 * Chunk k holds values k * CHUNK_LENGTH onwards, so that `at` is a shift and a mask.
 */
export class GrowingArray<A extends Growable> {
  private readonly sealed: A[] = [];
  private current: A;
  private used = 0;
  length = 0;

  constructor(private readonly allocate: (length: number) => A) {
    this.current = allocate(FIRST_LENGTH);
  }

  push(value: number): void {
    if (this.used === this.current.length) this.grow();
    this.current[this.used++] = value;
    this.length++;
  }

  private grow(): void {
    if (this.current.length < CHUNK_LENGTH) {
      const larger = this.allocate(Math.min(Math.max(this.current.length * 2, FIRST_LENGTH), CHUNK_LENGTH));
      larger.set(this.current);
      this.current = larger;
    } else {
      this.sealed.push(this.current);
      this.current = this.allocate(CHUNK_LENGTH);
      this.used = 0;
    }
  }

  at(i: number): number {
    const chunk = i >>> CHUNK_SHIFT;
    return (chunk < this.sealed.length ? this.sealed[chunk]! : this.current)[i & CHUNK_MASK]!;
  }

  /**
   * The values so far, in order, as views of the chunks (each CHUNK_LENGTH long but the last):
   * walked in place, without a copy. Valid until the next push or `release`.
   */
  chunks(): A[] {
    return [...this.sealed, this.current.subarray(0, this.used) as A];
  }

  /**
   * The values as `chunks()` gives them, and the array emptied (as by `release`): the caller holds
   * the only references, so that a walk that drops each chunk once read (`chunks[i] = undefined`)
   * never holds the whole of them beside what it makes of them.
   */
  take(): (A | undefined)[] {
    const taken: (A | undefined)[] = this.chunks();
    this.release();
    return taken;
  }

  /** The values so far in one array of their own, as long as they are. */
  toArray(): A {
    const whole = this.allocate(this.length);
    let at = 0;
    for (const chunk of this.chunks()) {
      whole.set(chunk, at);
      at += chunk.length;
    }
    return whole;
  }

  /** `toArray()`, and the array emptied as by `take`, each chunk let go once copied. */
  takeArray(): A {
    const whole = this.allocate(this.length);
    const chunks = this.take();
    let at = 0;
    for (let i = 0; i < chunks.length; i++) {
      whole.set(chunks[i]!, at);
      at += chunks[i]!.length;
      chunks[i] = undefined;
    }
    return whole;
  }

  /** Bytes held by the buffers, used or not. */
  get reservedBytes(): number {
    let bytes = this.current.byteLength;
    for (const chunk of this.sealed) bytes += chunk.byteLength;
    return bytes;
  }

  /** Lets the buffers go (a build's are dropped as soon as what it made of them exists); the array is empty after. */
  release(): void {
    this.sealed.length = 0;
    this.current = this.allocate(0);
    this.used = 0;
    this.length = 0;
  }
}

export const growingU32 = (): GrowingArray<Uint32Array> => new GrowingArray((length) => new Uint32Array(length));
export const growingU8 = (): GrowingArray<Uint8Array> => new GrowingArray((length) => new Uint8Array(length));

/** `into` (a larger typed array of the same kind) holding `from`'s values at its start: a table grown by hand. */
export function grownTo<A extends Uint8Array | Uint16Array | Int32Array | Uint32Array>(from: A, into: A): A {
  into.set(from);
  return into;
}
