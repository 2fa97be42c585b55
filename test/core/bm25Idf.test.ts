import { describe, expect, it } from 'vitest';
import { bm25Idf } from '../../src/core/bm25Idf.js';

describe('bm25Idf', () => {
  it('is the Robertson–Spärck Jones IDF with the 1 + of BM25+ (MiniSearch gives the same figures)', () => {
    expect(bm25Idf(10, 1)).toBeCloseTo(Math.log(1 + 9.5 / 1.5), 12);
    expect(bm25Idf(1000, 0)).toBeCloseTo(Math.log(2002), 12);
  });

  it('stays positive for a term in every unit, so a common word never lowers a score', () => {
    expect(bm25Idf(10, 10)).toBeGreaterThan(0);
    expect(bm25Idf(10, 10)).toBeLessThan(bm25Idf(10, 5));
  });

  it('is highest for a term no unit holds (the ceiling the per-sentence weights divide by)', () => {
    for (let df = 1; df <= 20; df++) expect(bm25Idf(20, df)).toBeLessThan(bm25Idf(20, 0));
  });
});
