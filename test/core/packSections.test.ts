import { describe, expect, it } from 'vitest';
import { packSections, type SectionValue, unpackSections } from '../../src/core/packSections.js';

/** The container's directory is read back from bytes: a kind it does not know is refused by name, never misread. */
describe('packSections', () => {
  it('round-trips bytes, 32-bit numbers and text', () => {
    const packed = packSections({ v: 1 }, { a: new Uint8Array([1, 2, 3]), b: new Uint32Array([7, 2 ** 32 - 1]), c: 'نص' });
    const sections = unpackSections(packed);
    expect(sections.meta).toEqual({ v: 1 });
    expect([...sections.u8('a')]).toEqual([1, 2, 3]);
    expect([...sections.u32('b')]).toEqual([7, 2 ** 32 - 1]);
    expect(sections.text('c')).toBe('نص');
  });

  it('refuses to store an array of another width rather than label it as one it is not', () => {
    expect(() => packSections({}, { a: new Uint16Array([1, 2, 3]) as unknown as SectionValue })).toThrow(/unsupported type: \[object Uint16Array\]/);
  });

  it('refuses a directory naming a kind of section it does not read, saying where', () => {
    const packed = Buffer.from(packSections({}, { a: new Uint8Array(4), b: new Uint32Array([1, 2]) }));
    const at = packed.indexOf('"kind":"u32"');
    expect(at).toBeGreaterThan(0);
    packed.write('"kind":"u16"', at);
    expect(() => unpackSections(packed)).toThrow(/^index directory is malformed \(sections\[1\]\.kind /);
  });

  it('refuses a directory that is not JSON', () => {
    const packed = Buffer.from(packSections({}, { a: new Uint8Array(4) }));
    packed.write('[', 8);
    expect(() => unpackSections(packed)).toThrow(/^index directory is not JSON/);
  });
});
