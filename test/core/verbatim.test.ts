import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { tokenize } from '../../src/core/analyze.js';
import { answer } from '../../src/core/answer.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { Answer } from '../../src/core/types.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { readCorpusFiles, verbatimViolations } from '../support/verbatimViolations.js';
import { Random } from '../../src/bench/prng.js';

/**
 * The promise isnad makes: every extract is a verbatim, correctly cited slice of a corpus file,
 * whatever the question. Checked on every development question and on thousands of generated ones.
 */

const seedCorpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));
const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));

interface Question {
  readonly id: string;
  readonly question: string;
}

interface TestCorpus {
  readonly name: string;
  readonly dir: string;
  readonly index: SearchIndex;
  /** Original text of each file (BOM removed), by path relative to the corpus folder. */
  readonly files: ReadonlyMap<string, string>;
  /** Words as written in the corpus, for generated questions. */
  readonly words: readonly string[];
  readonly questions: readonly Question[];
}

function readQuestions(file: string): Question[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Question);
}

async function openCorpus(name: string, dir: string, questionsFile: string): Promise<TestCorpus> {
  const corpus = await loadCorpus(dir);
  expect(corpus.skipped).toEqual([]);
  expect(corpus.documents.length).toBeGreaterThan(0);
  const files = readCorpusFiles(
    dir,
    corpus.files.map(({ file }) => file),
  );
  const words = new Set<string>();
  for (const document of corpus.documents) {
    for (const passage of document.passages) for (const token of tokenize(passage.text)) words.add(passage.text.slice(token.start, token.end));
  }
  return { name, dir, index: SearchIndex.build(corpus.documents), files, words: [...words].sort(), questions: readQuestions(questionsFile) };
}

/** Asks every question; collects violations and exceptions instead of stopping at the first. */
function check(corpus: TestCorpus, questions: readonly string[], limit: number): { problems: string[]; extracts: number } {
  const problems: string[] = [];
  let extracts = 0;
  for (const question of questions) {
    let result: Answer;
    try {
      result = answer(corpus.index, question, { limit });
    } catch (error) {
      problems.push(`${corpus.name} ${JSON.stringify(question.slice(0, 80))}: threw ${String(error)}`);
      continue;
    }
    if (result.kind === 'answer') extracts += result.extracts.length;
    problems.push(...verbatimViolations(corpus, question, result, limit));
  }
  return { problems, extracts };
}

/** mulberry32: a small seeded PRNG, so generated questions are the same on every run. */
function prng(seed: number): () => number {
  const generator = new Random(seed);
  return () => generator.next();
}

const PUNCTUATION = ['?', '؟', '.', ',', '،', '!', '"', '“', '”', '(', ')', '-', "'", '’', '…', ':'];
const ODD_SPACES = [' ', ' ', ' ', '\t', '\n', '\u00a0', '\u2003', '\u200b', '\u200f'];
const EXTRAS = ['❤️', '👍🏽', '🇱🇾', '\u064B', 'ـ', '٢٠١٩', '5,000', '13.00', 'U.S.', "Sarraj's", 'al-', 'the', 'في', 'who', 'من'];

/** Questions made of words sampled from `pools`, with odd spacing, punctuation and noise. */
function generateQuestions(seed: number, count: number, pools: readonly (readonly string[])[]): string[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const questions: string[] = [];
  for (let n = 0; n < count; n++) {
    const length = 1 + Math.floor(random() * (random() < 0.1 ? 40 : 9));
    let question = '';
    for (let i = 0; i < length; i++) {
      const roll = random();
      const word = roll < 0.85 ? pick(pick(pools)) : roll < 0.95 ? pick(EXTRAS) : pick(PUNCTUATION);
      question += (i === 0 ? '' : pick(ODD_SPACES)) + word;
    }
    if (random() < 0.5) question += pick(['?', '؟', '', ' ?', '...']);
    questions.push(question);
  }
  return questions;
}

const ODD_INPUTS: readonly string[] = [
  '',
  ' ',
  '\t\n\r ',
  '\u00a0\u2003\u3000',
  '?',
  '؟',
  '?!.,;:()[]{}"\'“”«»…',
  '...',
  '-',
  '🙂',
  '❤️',
  '👨‍👩‍👧 🇱🇾 1️⃣',
  '\u200b\u200c\u200d\u2060\ufeff',
  '\u200e\u200f',
  '\u064B\u064C\u0651',
  'ـــ',
  '\u0000\u0001\u001f',
  '\ud800',
  '\udc00 Sirte \ud83d',
  'the who did a of',
  'في من أن على',
  'x'.repeat(5000),
  'ق'.repeat(5000),
  'Sirte '.repeat(834),
  'سرت '.repeat(1250),
  `${'Who brokered the ceasefire in Tripoli? '.repeat(128)}`.slice(0, 5000),
  'ISIS داعش Sirte سرت 2019 ٢٠١٩ U.S. الولايات المتحدة',
  'ISISداعش',
  'Sirteسرت٢٠١٩',
  '<script>alert(1)</script>',
  '{"id": 1, "question": "x"}',
  '.*+?^${}()|[]\\',
  '5,000',
  '13.00',
  '١٣٫٠٠',
  "Sarraj's",
  'SARRAJ',
  'al-Sarraj’s',
  'Ŝirte Ṫripoli',
  'Tripoli\u0301',
  'Τρίπολη',
  'Триполи',
  '的黎波里',
];

const corpora: TestCorpus[] = [];

beforeAll(async () => {
  corpora.push(
    await openCorpus('seed', seedCorpusDir, path.join(fixturesDir, 'seed-questions.jsonl')),
    await openCorpus('xquad-en', path.join(fixturesDir, 'xquad-dev/xquad-dev-en/corpus'), path.join(fixturesDir, 'xquad-dev/xquad-dev-en/questions.jsonl')),
    await openCorpus('xquad-ar', path.join(fixturesDir, 'xquad-dev/xquad-dev-ar/corpus'), path.join(fixturesDir, 'xquad-dev/xquad-dev-ar/questions.jsonl')),
  );
});

function corpus(name: string): TestCorpus {
  return corpora.find((c) => c.name === name)!;
}

describe('every extract is a verbatim, correctly cited slice', () => {
  // The XQuAD development questions (xquad-dev-en, xquad-dev-ar) are checked in
  // test/quality/floors.test.ts, on the very answers their floors are computed from.
  for (const name of ['seed']) {
    it(`for every development question on ${name}`, () => {
      const c = corpus(name);
      expect(c.questions.length).toBeGreaterThan(30);
      const { problems, extracts } = check(
        c,
        c.questions.map((q) => q.question),
        10,
      );
      expect(problems.slice(0, 20)).toEqual([]);
      // The check has something to check: most questions get extracts.
      expect(extracts).toBeGreaterThan(c.questions.length);
    });
  }

  it('for thousands of generated questions on the seed corpus', () => {
    const c = corpus('seed');
    const pools = corpora.map((other) => other.words);
    const questions = [...generateQuestions(1, 2000, [c.words]), ...generateQuestions(2, 500, pools)];
    const { problems, extracts } = check(c, questions, 10);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(extracts).toBeGreaterThan(1000);
  });

  for (const name of ['xquad-en', 'xquad-ar']) {
    it(`for generated questions on ${name}`, () => {
      const c = corpus(name);
      const { problems, extracts } = check(c, generateQuestions(name === 'xquad-en' ? 3 : 4, 400, [c.words]), 10);
      expect(problems.slice(0, 20)).toEqual([]);
      expect(extracts).toBeGreaterThan(200);
    });
  }

  it('for odd inputs, which never throw', () => {
    for (const c of corpora) {
      for (const limit of [1, 5, 100]) {
        const { problems } = check(c, ODD_INPUTS, limit);
        expect(problems.slice(0, 20)).toEqual([]);
      }
    }
  });

  it('answers a question with no searchable word as an empty question', () => {
    const c = corpus('seed');
    for (const question of ['', ' ', '\t\n', '?', '؟', '...', '-', '🙂', '❤️', '👨‍👩‍👧 🇱🇾', '\u200b\u200f', '\u064B', 'ـــ', 'the who did', 'في من أن']) {
      const result = answer(c.index, question);
      expect(result.kind === 'no-answer' ? result.reason : result.kind, JSON.stringify(question)).toBe('empty-question');
    }
  });

  it('gives the same answer to the same question every time', () => {
    for (const c of corpora) {
      for (const { question } of c.questions.slice(0, 20)) {
        expect(answer(c.index, question, { limit: 10 })).toEqual(answer(c.index, question, { limit: 10 }));
      }
    }
  });
});
