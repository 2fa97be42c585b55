/** An append-only list of bytes that doubles its buffer (GrowingU32's sibling, for values below 256). */
export class GrowingU8 {
  private buffer = new Uint8Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const larger = new Uint8Array(this.buffer.length * 2);
      larger.set(this.buffer);
      this.buffer = larger;
    }
    this.buffer[this.length++] = value;
  }

  /** The values so far, without a copy: valid until the next push. */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }
}
