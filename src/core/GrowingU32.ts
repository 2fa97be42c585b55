/**
 * An append-only list of 32-bit unsigned integers that doubles its buffer: millions of postings or
 * token ids held in a number[] would be boxed and take twice the memory.
 */
export class GrowingU32 {
  private buffer = new Uint32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const larger = new Uint32Array(this.buffer.length * 2);
      larger.set(this.buffer);
      this.buffer = larger;
    }
    this.buffer[this.length++] = value;
  }

  at(i: number): number {
    return this.buffer[i]!;
  }

  /** The values so far, without a copy: valid until the next push. */
  view(): Uint32Array {
    return this.buffer.subarray(0, this.length);
  }

  /** The values so far in an array of their own, the doubled buffer's spare room left behind. */
  toArray(): Uint32Array {
    return this.buffer.slice(0, this.length);
  }
}
