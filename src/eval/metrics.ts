import { answer, type AnswerOptions } from '../core/answer.js';
import type { SearchIndex } from '../core/SearchIndex.js';
import type { Answer } from '../core/types.js';
import type { EvalQuestion } from './evalSets.js';

export type { EvalQuestion };

/** The comparison the eval README prescribes: NFC, lower case, no tatweel or harakat, one space. */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFC')
    .toLowerCase()
    .replace(/[\u0640\u064B-\u0652]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

export interface Outcome {
  readonly question: EvalQuestion;
  readonly answer: Answer;
  /** 1-based rank of the first extract holding an expected string, or undefined. */
  readonly rank: number | undefined;
  readonly tookMs: number;
}

/** Each question answered as the CLI and the bot answer it, with the rank of its first hit. */
export function runQuestions(index: SearchIndex, questions: readonly EvalQuestion[], options: AnswerOptions = {}): Outcome[] {
  return questions.map((question) => {
    const started = performance.now();
    const result = answer(index, question.question, { limit: 10, ...options });
    const tookMs = performance.now() - started;
    return { question, answer: result, rank: rankOfHit(question, result), tookMs };
  });
}

/** Whether the question has an answer in the corpus (so counts toward hit@k rather than abstain). */
export const isAnswerable = (question: EvalQuestion): boolean => question.category !== 'unanswerable';

export function rankOfHit(question: EvalQuestion, result: Answer): number | undefined {
  if (result.kind !== 'answer' || question.expect.length === 0) return undefined;
  const expected = question.expect.map(normalizeForMatch);
  const index = result.extracts.findIndex((extract) => {
    const quote = normalizeForMatch(extract.quote);
    return expected.some((wanted) => quote.includes(wanted));
  });
  return index === -1 ? undefined : index + 1;
}

export interface Metrics {
  readonly count: number;
  /** Answerable and cross-lingual questions: what hit@k and MRR are shares of. */
  readonly answerable: number;
  /** Questions the corpus cannot answer: what `abstain` is a share of. */
  readonly unanswerable: number;
  readonly hits1: number;
  readonly hits3: number;
  /** Over the answerable questions; undefined when there are none. */
  readonly hit1: number | undefined;
  readonly hit3: number | undefined;
  readonly mrr10: number | undefined;
  /** Share of the unanswerable questions given no extract (the right reply); undefined when there are none. */
  readonly abstain: number | undefined;
  /** Share of the answerable questions given no extract (a refusal that should not be). */
  readonly abstainAnswerable: number | undefined;
  /** Median length in characters of the first extract, over questions that got one. */
  readonly medianFirstLength: number | undefined;
  readonly medianMs: number | undefined;
}

const noExtract = (outcome: Outcome) => outcome.answer.kind === 'no-answer' || outcome.answer.extracts.length === 0;

export function summarize(outcomes: readonly Outcome[]): Metrics {
  const answerable = outcomes.filter((outcome) => isAnswerable(outcome.question));
  const unanswerable = outcomes.filter((outcome) => !isAnswerable(outcome.question));
  const share = (list: readonly Outcome[], predicate: (outcome: Outcome) => boolean) =>
    list.length === 0 ? undefined : list.filter(predicate).length / list.length;
  const hits = (k: number) => answerable.filter((outcome) => outcome.rank !== undefined && outcome.rank <= k).length;
  const firstLengths = outcomes.flatMap((outcome) =>
    outcome.answer.kind === 'answer' && outcome.answer.extracts[0] ? [outcome.answer.extracts[0].quote.length] : [],
  );
  const ofAnswerable = (n: number) => (answerable.length === 0 ? undefined : n / answerable.length);
  return {
    count: outcomes.length,
    answerable: answerable.length,
    unanswerable: unanswerable.length,
    hits1: hits(1),
    hits3: hits(3),
    hit1: ofAnswerable(hits(1)),
    hit3: ofAnswerable(hits(3)),
    mrr10: ofAnswerable(answerable.reduce((sum, outcome) => sum + (outcome.rank !== undefined && outcome.rank <= 10 ? 1 / outcome.rank : 0), 0)),
    abstain: share(unanswerable, noExtract),
    abstainAnswerable: share(answerable, noExtract),
    medianFirstLength: median(firstLengths),
    medianMs: median(outcomes.map((outcome) => outcome.tookMs)),
  };
}

/** Outcomes by `category/lang`, in order of first appearance. */
export function byGroup(outcomes: readonly Outcome[]): Map<string, Outcome[]> {
  const groups = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    const key = `${outcome.question.category}/${outcome.question.lang}`;
    groups.set(key, [...(groups.get(key) ?? []), outcome]);
  }
  return groups;
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
