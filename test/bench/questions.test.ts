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

  it('leave out the questions of another set (the steady warm-up holds none of the timed set)', () => {
    const evalQuestions: EvalQuestions = {
      answerable: Array.from({ length: 40 }, (_, i) => ({ question: `Which answerable question number ${i}?`, language: 'en' as const })),
      unanswerable: Array.from({ length: 40 }, (_, i) => ({ question: `Which unanswerable question number ${i}?`, language: 'en' as const })),
      files: [],
    };
    const timed = generateQuestions({ passages }, { count: 100, seed: 3, evalQuestions });
    const exclude = new Set(timed.map((q) => q.question));
    const steady = generateQuestions({ passages }, { count: 300, seed: 4, evalQuestions, exclude });
    expect(steady.length).toBeGreaterThan(250);
    for (const q of steady) expect(exclude.has(q.question), q.question).toBe(false);
    // Without the exclusion the two seeds share questions: the pools of eval questions are small.
    const unexcluded = generateQuestions({ passages }, { count: 300, seed: 4, evalQuestions });
    expect(unexcluded.some((q) => exclude.has(q.question))).toBe(true);
  });
});
