import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foldMarks } from '../../src/core/foldMarks.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';

/** foldMarks as first written: NFD, marks dropped, for any text. */
const reference = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');

describe('foldMarks', () => {
  it('drops accents and harakat, and folds the hamza-carrying letters to their base', () => {
    expect(foldMarks('Maizière')).toBe('Maiziere');
    expect(foldMarks('مُحَمَّد')).toBe('محمد');
    expect(foldMarks('أحمد')).toBe('احمد');
    expect(foldMarks('مسؤول')).toBe('مسوول');
    expect(foldMarks('Misrata')).toBe('Misrata');
  });

  it('gives what NFD without marks gives for every term and word of a bilingual corpus, and every Arabic code unit', async () => {
    const texts: string[] = [];
    for (const dir of ['../fixtures/xquad-dev/xquad-dev-ar/corpus/', '../fixtures/xquad-dev/xquad-dev-en/corpus/']) {
      const index = SearchIndex.build((await loadCorpus(fileURLToPath(new URL(dir, import.meta.url)))).documents);
      texts.push(...index.vocabulary);
      for (const document of index.documents) for (const passage of document.passages) texts.push(...passage.text.split(/\s+/));
    }
    for (let unit = 0x0600; unit <= 0x06ff; unit++) texts.push(`ب${String.fromCharCode(unit)}ت`);
    let folded = 0;
    for (const text of texts) {
      expect(foldMarks(text), text).toBe(reference(text));
      if (reference(text) !== text) folded++;
    }
    expect(folded).toBeGreaterThan(100);
  });
});
