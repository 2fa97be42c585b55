import { describe, expect, it } from 'vitest';
import { growingU8, growingU32 } from '../../src/core/GrowingArray.js';

describe('GrowingArray', () => {
  it('gives back every value pushed, in order, by index, by chunk and as one array, across many chunks', () => {
    const values = growingU32();
    const count = 5 * 65_536 + 123;
    for (let i = 0; i < count; i++) values.push((i * 2_654_435_761) >>> 0);
    expect(values.length).toBe(count);
    const whole = values.toArray();
    expect(whole.length).toBe(count);
    const chunked = values.chunks();
    expect(chunked.reduce((sum, chunk) => sum + chunk.length, 0)).toBe(count);
    let i = 0;
    for (const chunk of chunked) {
      for (const value of chunk) {
        const expected = (i * 2_654_435_761) >>> 0;
        if (value !== expected || whole[i] !== expected || values.at(i) !== expected) throw new Error(`value ${i} is ${value}, not ${expected}`);
        i++;
      }
    }
  });

  it('holds no more than one chunk of room it does not use, however long it grows', () => {
    // A doubling buffer holds up to twice what it uses: at 2^20 + 1 values, 2^21.
    for (const count of [1, 1000, 70_000, (1 << 20) + 1, 3_000_000]) {
      const values = growingU32();
      for (let i = 0; i < count; i++) values.push(i);
      expect(values.reservedBytes).toBeLessThanOrEqual(4 * (count + 65_536));
    }
  });

  it('lets its buffers go when released, and can be filled again', () => {
    const values = growingU8();
    for (let i = 0; i < 200_000; i++) values.push(i & 0xff);
    values.release();
    expect(values.length).toBe(0);
    expect(values.reservedBytes).toBe(0);
    expect(values.toArray()).toEqual(new Uint8Array(0));
    for (let i = 0; i < 3000; i++) values.push(7);
    expect(values.toArray()).toEqual(new Uint8Array(3000).fill(7));
  });

  it('hands over its chunks or one array of them and is left empty (take, takeArray)', () => {
    const count = 3 * 65_536 + 7;
    const values = growingU32();
    for (let i = 0; i < count; i++) values.push(i ^ 0x5a5a);
    const expected = values.toArray();
    const taken = values.take();
    expect(values.length).toBe(0);
    expect(values.reservedBytes).toBe(0);
    const joined = new Uint32Array(count);
    let at = 0;
    for (const chunk of taken) {
      joined.set(chunk!, at);
      at += chunk!.length;
    }
    expect(at).toBe(count);
    expect(joined).toEqual(expected);
    for (let i = 0; i < count; i++) values.push(i ^ 0x5a5a);
    expect(values.takeArray()).toEqual(expected);
    expect(values.length).toBe(0);
    expect(values.reservedBytes).toBe(0);
  });
});
