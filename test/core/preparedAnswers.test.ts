import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, isPrepared, prepareIndex } from '../../src/core/answer.js';
import type { Lexicon } from '../../src/core/Lexicon.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { drain } from '../../src/core/steps.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { bilingualXquadDocuments, shippedLexicon, xquadFixture } from '../support/fixtures.js';

/**
 * What prepareIndex builds ahead (term hashes, loose keys and the terms of each, the fuzzy index,
 * the name matchers) only saves time: a question asked of a prepared index gets exactly the answer
 * it gets from the same index unprepared, in either language, through the lexicon or not.
 */

const questionsOf = (file: string, count: number) =>
  readFileSync(xquadFixture(file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(0, count)
    .map((line) => (JSON.parse(line) as { question: string }).question);

let lexicon: Lexicon;
let documents: CorpusDocument[];

beforeAll(async () => {
  lexicon = await shippedLexicon();
  documents = await bilingualXquadDocuments();
});

describe('a prepared index', () => {
  it('answers as the same index unprepared', () => {
    const questions = [
      ...questionsOf('xquad-dev-en/questions.jsonl', 60),
      ...questionsOf('xquad-dev-ar/questions.jsonl', 60),
      ...questionsOf('xquad-dev-ooc-en/questions.jsonl', 30),
      ...questionsOf('xquad-dev-ooc-ar/questions.jsonl', 30),
    ];
    // Two builds of one corpus: a question asked of the first prepares nothing the second has.
    const plain = SearchIndex.build(documents);
    const prepared = SearchIndex.build(documents);
    drain(prepareIndex(prepared));
    expect(isPrepared(prepared)).toBe(true);
    let answered = 0;
    for (const question of questions) {
      for (const options of [{ lexicon }, {}]) {
        const expected = answer(plain, question, options);
        expect(answer(prepared, question, options), question).toEqual(expected);
        if (expected.kind === 'answer') answered++;
      }
    }
    expect(isPrepared(plain)).toBe(false);
    expect(answered).toBeGreaterThan(100);
  });
});
