import { describe, expect, it } from 'vitest';
import { StringTable } from '../../src/core/StringTable.js';

describe('StringTable', () => {
  it('numbers strings as added and finds each again by its text, through many regrowths, as a Map would', () => {
    const table = new StringTable();
    const reference = new Map<string, number>();
    const scripts = ['', 'ال', 'Ma', 'ma', '٣', 'é', '😀'];
    for (let i = 0; i < 50_000; i++) {
      const text = `${scripts[i % scripts.length]}${(i * 7919).toString(36)}${i % 3 === 0 ? 'ة' : ''}`;
      const found = table.idOf(text);
      expect(found).toBe(reference.get(text) ?? -1);
      if (found === -1) {
        expect(table.add(text)).toBe(reference.size);
        reference.set(text, reference.size);
      }
    }
    expect(table.size).toBe(reference.size);
    for (const [text, id] of reference) {
      if (table.idOf(text) !== id || table.text(id) !== text) throw new Error(`${text} is not ${id}`);
    }
  });

  it('tells apart strings of the same length and of the same prefix, and the empty string', () => {
    const table = new StringTable();
    const words = ['ab', 'ba', 'abc', 'a', '', 'الحكومة', 'الحكومه', 'Manning', 'manning'];
    for (const word of words) table.add(word);
    words.forEach((word, id) => expect(table.idOf(word)).toBe(id));
    expect(table.idOf('abcd')).toBe(-1);
    expect(table.idOf('MANNING')).toBe(-1);
    expect(words.map((_, id) => table.text(id))).toEqual(words);
  });

  it('is empty once released, and can be filled again', () => {
    const table = new StringTable();
    for (let i = 0; i < 5000; i++) table.add(`w${i}`);
    table.release();
    expect(table.size).toBe(0);
    expect(table.idOf('w1')).toBe(-1);
    for (let i = 0; i < 3000; i++) expect(table.add(`v${i}`)).toBe(i);
    for (let i = 0; i < 3000; i++) expect(table.idOf(`v${i}`)).toBe(i);
  });
});
