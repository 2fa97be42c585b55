import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { looseArabicKey } from '../../src/core/arabicAnalyzer.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { NOT_A_TERM, TermIds } from '../../src/core/TermIds.js';
import { MAX_SENTENCE_LENGTH } from '../../src/core/splitSentences.js';
import { drain } from '../../src/core/steps.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { parseArticleFile } from '../../src/corpus/parseArticleFile.js';

/**
 * The scorer tells a question's terms from a sentence's by id (TermIds) rather than by string: the
 * ids must be exactly the strings' — every term found at its own id, extra terms (no passage holds
 * them whole) included, and every term's loose key the term it names or, when it is none, the key itself.
 */

function idsOf(index: SearchIndex): TermIds {
  return new TermIds(index.sentenceTokens, (term) => index.termId(term), index.vocabulary.length);
}

function expectIdsMatchStrings(index: SearchIndex): void {
  const tokens = index.sentenceTokens;
  const ids = idsOf(index);
  const byString = new Map<string, number>();
  for (let id = 0; id < tokens.termCount; id++) byString.set(tokens.term(id), id);
  for (let id = 0; id < tokens.termCount; id++) {
    const term = tokens.term(id);
    expect(ids.idOf(term)).toBe(id);
    const key = looseArabicKey(term);
    expect(ids.looseIdOf(id), term).toBe(byString.get(key) ?? NOT_A_TERM);
    expect(ids.looseKeyOf(id), term).toBe(key);
  }
  expect(ids.idOf('\u0001not a term')).toBe(NOT_A_TERM);
}

/** The same, once term lookups go by hash (prepareLookup), as a prepared index's do. */
function expectIdsMatchStringsBothWays(index: SearchIndex): void {
  expectIdsMatchStrings(index);
  drain(index.prepareLookup());
  expectIdsMatchStrings(index);
}

describe('TermIds', () => {
  it('numbers every term and loose key of a bilingual corpus as SentenceTokens does', async () => {
    const corpus = fileURLToPath(new URL('../fixtures/xquad-dev/xquad-dev-ar/corpus/', import.meta.url));
    const index = SearchIndex.build((await loadCorpus(corpus)).documents);
    expectIdsMatchStringsBothWays(index);
    // Arabic clitics make loose keys that are other terms, and keys that are no term at all.
    let other = 0;
    let none = 0;
    const ids = idsOf(index);
    for (let id = 0; id < index.sentenceTokens.termCount; id++) {
      const loose = ids.looseIdOf(id);
      if (loose === NOT_A_TERM) none++;
      else if (loose !== id) other++;
    }
    expect(other).toBeGreaterThan(0);
    expect(none).toBeGreaterThan(0);
  });

  it('finds the extra terms a sentence cut inside a word makes', () => {
    const unbroken = 'x'.repeat(MAX_SENTENCE_LENGTH + 300);
    const index = SearchIndex.build(parseArticleFile('cut.txt', ['Cut', '', `${unbroken} and then it ends.`].join('\n')));
    expect(index.sentenceTokens.termCount).toBeGreaterThan(index.vocabulary.length);
    expectIdsMatchStringsBothWays(index);
  });

  it('lists the terms of each loose key once prepared, as asking each term its key would', async () => {
    const corpus = fileURLToPath(new URL('../fixtures/xquad-dev/xquad-dev-ar/corpus/', import.meta.url));
    const index = SearchIndex.build((await loadCorpus(corpus)).documents);
    const ids = idsOf(index);
    const tokens = index.sentenceTokens;
    expect(ids.listed).toBe(false);
    expect(ids.withLooseKey(looseArabicKey(tokens.term(0)))).toBeUndefined();
    drain(ids.prepare());
    expect(ids.listed).toBe(true);
    const byKey = new Map<string, number[]>();
    for (let id = 0; id < tokens.termCount; id++) {
      const key = looseArabicKey(tokens.term(id));
      byKey.set(key, [...(byKey.get(key) ?? []), id]);
    }
    let shared = 0;
    for (const [key, members] of byKey) {
      expect([...ids.withLooseKey(key)!], key).toEqual(members);
      const id = ids.idOf(key);
      if (id !== NOT_A_TERM) expect([...ids.withLooseId(id)!], key).toEqual(members);
      if (members.length > 1) shared++;
    }
    // Keys many terms share (clitics and affixes apart) are what the lists are for.
    expect(shared).toBeGreaterThan(100);
    expect([...ids.withLooseKey('\u0001no such key')!]).toEqual([]);
  });
});
