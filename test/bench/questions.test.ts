import { describe, expect, it } from 'vitest';
import { analyzeToken } from '../../src/core/analyze.js';
import { generateQuestions, type EvalQuestions } from '../../src/bench/questions.js';

const NO_EVAL: EvalQuestions = { answerable: [], unanswerable: [], files: [] };

// Each passage one sentence of nine content words, one of them found in that passage only.
const passages = Array.from({ length: 400 }, (_, i) => `Bravo charlie delta echo foxtrot hotel juliet kilo zulu${'q'.repeat(1 + (i % 7))}x${i}.`);
const rare = (question: string) => /zuluq+x\d+/.test(question);

describe('bench questions', () => {
  it('with document frequencies, take the rarest words of their sentence (what people ask about)', () => {
    const documentFrequency = new Map<string, number>();
    for (const word of ['bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'hotel', 'juliet', 'kilo']) documentFrequency.set(analyzeToken(word)!, passages.length);
    for (let i = 0; i < passages.length; i++) documentFrequency.set(analyzeToken(`zulu${'q'.repeat(1 + (i % 7))}x${i}`)!, 1);
    const questions = generateQuestions({ passages }, { count: 100, seed: 3, evalQuestions: NO_EVAL, documentFrequency }).filter((q) => q.kind === 'corpus');
    expect(questions.length).toBeGreaterThan(50);
    for (const q of questions) expect(rare(q.question), q.question).toBe(true);
  });

  it('without them, draw the words at random as the first generator did', () => {
    const questions = generateQuestions({ passages }, { count: 100, seed: 3, evalQuestions: NO_EVAL }).filter((q) => q.kind === 'corpus');
    expect(questions.some((q) => !rare(q.question))).toBe(true);
  });
});
