import { beforeAll, describe, expect, it } from 'vitest';
import { answer, prepareIndex } from '../../src/core/answer.js';
import type { Lexicon } from '../../src/core/Lexicon.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { drain } from '../../src/core/steps.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { warmUp, warmUpQuestions } from '../../src/core/warmUp.js';
import { bilingualXquadDocuments, shippedLexicon } from '../support/fixtures.js';

/**
 * The bot's start-up warm-up (core/warmUp.ts): questions made from its own corpus, in both of its
 * languages and of every kind, answered to itself before its members' first questions — and
 * leaving no trace in their answers.
 */

let lexicon: Lexicon;
let documents: CorpusDocument[];

beforeAll(async () => {
  lexicon = await shippedLexicon();
  documents = await bilingualXquadDocuments();
});

describe('warmUpQuestions', () => {
  it('draws the same questions from the same corpus, spread over both languages and every kind', () => {
    const index = SearchIndex.build(documents);
    const questions = warmUpQuestions(index, 120);
    expect(questions).toHaveLength(120);
    expect(warmUpQuestions(SearchIndex.build(documents), 120)).toEqual(questions);
    expect(new Set(questions).size).toBe(120);
    const arabic = questions.filter((q) => /\p{Script=Arabic}/u.test(q));
    // The fixture is about as much Arabic as English; the golden-ratio walk keeps that mix.
    expect(arabic.length).toBeGreaterThan(30);
    expect(questions.length - arabic.length).toBeGreaterThan(30);
    // A third as typed keywords, the rest questions ending in the language's mark, each question word used.
    expect(questions.filter((q) => !/[?؟]$/u.test(q))).toHaveLength(40);
    for (const asking of ['Who ', 'When ', 'Where ', 'How many ', 'What ', 'Why ', 'من ', 'متى ', 'أين ', 'كم ', 'ما ', 'لماذا '])
      expect(
        questions.some((q) => q.startsWith(asking)),
        asking,
      ).toBe(true);
  });

  it("takes a sentence's words as written, all but the first word of every third question, which is misspelt", () => {
    const index = SearchIndex.build(documents);
    const texts = documents.flatMap((document) => document.passages.map((passage) => passage.text)).join('\n');
    const questions = warmUpQuestions(index, 90);
    questions.forEach((question, i) => {
      const words = question
        .replace(/[?؟]$/u, '')
        .split(' ')
        .slice(i % 3 === 0 ? 0 : 1);
      // "How many" is two words of the question's own.
      if (words[0] === 'many') words.shift();
      expect(words.length, question).toBeGreaterThanOrEqual(3);
      const fromCorpus = words.filter((word) => texts.includes(word));
      expect(fromCorpus.length, question).toBeGreaterThanOrEqual(words.length - (i % 3 === 2 ? 1 : 0));
    });
    expect(questions.filter((question, i) => i % 3 === 2 && !texts.includes(question.split(' ')[1]!)).length).toBeGreaterThan(20);
  });

  it('gives fewer questions, or none, when the corpus has too few sentences', () => {
    expect(warmUpQuestions(SearchIndex.build([]), 50)).toEqual([]);
    const one = SearchIndex.build(documents.slice(0, 1));
    expect(one.passageCount).toBeLessThan(30);
    expect(warmUpQuestions(one, 1000).length).toBeLessThan(1000);
    expect(warmUpQuestions(one, 0)).toEqual([]);
  });
});

describe('warmUp', () => {
  it('answers one question a step and leaves the answers to later questions as they were', () => {
    const questions = [...warmUpQuestions(SearchIndex.build(documents), 400)].reverse().slice(0, 80);
    const cold = SearchIndex.build(documents);
    const warmed = SearchIndex.build(documents);
    drain(prepareIndex(cold));
    drain(prepareIndex(warmed));
    const steps = warmUp(warmed, 300, lexicon);
    let yielded = 0;
    let next = steps.next();
    for (; next.done !== true; next = steps.next()) yielded++;
    expect(next.value.questions).toBe(300);
    expect(yielded).toBe(300);
    expect(next.value.tookMs).toBeGreaterThan(0);
    let answered = 0;
    for (const question of [...questions, 'Who founded the Huguenot church in Berlin?', 'ما هي عاصمة ألمانيا؟']) {
      const expected = answer(cold, question, { lexicon });
      expect(answer(warmed, question, { lexicon }), question).toEqual(expected);
      if (expected.kind === 'answer') answered++;
    }
    expect(answered).toBeGreaterThan(20);
  });
});
