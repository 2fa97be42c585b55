import { describe, expect, it } from 'vitest';
import { TitleIndex } from '../../src/core/TitleIndex.js';
import type { CorpusDocument } from '../../src/core/types.js';

function doc(id: string, title: string): CorpusDocument {
  return { id, title, file: `${id}.txt`, languages: ['en'], passages: [{ paragraph: 1, start: 0, end: 1, text: 'x' }] };
}

const documents = [
  doc('cafe', 'Café owners in Benghazi reopen'),
  doc('misrata', 'Misrata militias mobilise for Sarraj'),
  doc('sirte-ar', 'إسرائيل وأمريكا تبحثان الوضع في سرت'),
  doc('tripoli', 'Ceasefire holds in Tripoli'),
];
const titles = new TitleIndex(documents);
const ids = (found: readonly CorpusDocument[]) => found.map((document) => document.id);

describe('/source autocomplete over the titles (MiniSearch)', () => {
  it('completes the word being typed', () => {
    expect(ids(titles.suggest('misr', 25))).toEqual(['misrata']);
    expect(ids(titles.suggest('ceasefire hol', 25))).toEqual(['tripoli']);
  });

  it('forgives one wrong letter in a longer word, typed as people type names', () => {
    expect(ids(titles.suggest('Bengazi', 25))).toEqual(['cafe']);
    expect(ids(titles.suggest('Misurata', 25))).toEqual(['misrata']);
    expect(ids(titles.suggest('اسرائيل', 25))).toEqual(['sirte-ar']);
  });

  it('lists nothing for words no title holds, and the first articles for nothing typed', () => {
    expect(titles.suggest('zzzz no such words', 25)).toEqual([]);
    expect(ids(titles.suggest('', 2))).toEqual(['cafe', 'misrata']);
  });

  it('resolves a value to one article only for certain: no fuzziness there', () => {
    expect(titles.resolve('Bengazi')).toBeUndefined();
    expect(titles.resolve('benghazi')?.id).toBe('cafe');
    expect(titles.resolve('in')).toBeUndefined();
  });
});
