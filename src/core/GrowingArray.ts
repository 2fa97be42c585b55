type Growable = Uint8Array | Uint32Array;

/**
 * An append-only typed array that doubles its buffer: millions of postings or token ids held in a
 * number[] would be boxed and take twice the memory, and counts below 256 take a byte each.
 */
export class GrowingArray<A extends Growable> {
  private buffer: A;
  length = 0;

  constructor(private readonly allocate: (length: number) => A) {
    this.buffer = allocate(1024);
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const larger = this.allocate(this.buffer.length * 2);
      larger.set(this.buffer);
      this.buffer = larger;
    }
    this.buffer[this.length++] = value;
  }

  at(i: number): number {
    return this.buffer[i]!;
  }

  /** The values so far, without a copy: valid until the next push. */
  view(): A {
    return this.buffer.subarray(0, this.length) as A;
  }

  /** The values so far in an array of their own, the doubled buffer's spare room left behind. */
  toArray(): A {
    return this.buffer.slice(0, this.length) as A;
  }
}

export const growingU32 = (): GrowingArray<Uint32Array> => new GrowingArray((length) => new Uint32Array(length));
export const growingU8 = (): GrowingArray<Uint8Array> => new GrowingArray((length) => new Uint8Array(length));
