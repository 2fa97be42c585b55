import { describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { Random } from '../../src/bench/prng.js';

/**
 * SearchIndex.withholding: the documents of files found changed at start are never found while
 * the rebuild runs, and the others rank exactly as before (the postings skip the withheld
 * passages inside their top k, rather than filtering a top k that may then come up short).
 */

function documents(count: number): CorpusDocument[] {
  const random = new Random(7);
  const word = () => `word${Math.floor(60 * random.next() ** 2)}`;
  return Array.from({ length: count }, (_, doc) => {
    const passages = Array.from({ length: 1 + (doc % 3) }, () => `${Array.from({ length: 12 }, word).join(' ')}.`).map((text, i) => ({
      paragraph: i + 1,
      start: 0,
      end: text.length,
      text,
    }));
    return { id: `doc-${doc}`, file: `doc-${doc}.txt`, title: `Title ${doc}`, languages: ['en'], passages } as unknown as CorpusDocument;
  });
}

describe('SearchIndex.withholding', () => {
  const index = SearchIndex.build(documents(40));
  const terms = ['word1', 'word2', 'word3', 'word5', 'word8'];
  const boosts = { text: 1, title: 0.5 };

  it('finds no passage of a withheld document, and the best of the others in the same order', () => {
    const all = index.search(terms, boosts, index.passageCount);
    const withheldDocs = [0, 3, 4, 17];
    const view = index.withholding(withheldDocs);
    const docOf = (passage: number) => index.passage(passage)!.doc;
    const expected = all.filter((hit) => !withheldDocs.includes(docOf(hit.passage)));
    for (const limit of [1, 5, 10, expected.length]) expect(view.search(terms, boosts, limit)).toEqual(expected.slice(0, limit));
    expect(view.searchGroups([['word1', 'word2'], ['word3']], boosts, 50).every((hit) => !withheldDocs.includes(docOf(hit.passage)))).toBe(true);
    // The index it was made from is left as it was.
    expect(index.search(terms, boosts, index.passageCount)).toEqual(all);
  });

  it('leaves withheld documents out of quotableDocuments, and adds up when withheld again', () => {
    expect(index.quotableDocuments).toBe(index.documents);
    const view = index.withholding([1]).withholding([2, 1]);
    expect(view.isWithheld(1) && view.isWithheld(2) && !view.isWithheld(3)).toBe(true);
    expect(view.quotableDocuments.map((document) => document.id)).toEqual(index.documents.filter((_, doc) => doc !== 1 && doc !== 2).map((d) => d.id));
    expect(view.documents).toBe(index.documents);
  });
});
