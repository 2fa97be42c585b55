import type { Answer } from '../core/types.js';

/** One evaluation question, as in `../shared/eval/*.jsonl`. */
export interface EvalQuestion {
  readonly id: string;
  readonly lang: string;
  readonly category: string;
  readonly question: string;
  readonly expect: readonly string[];
}

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

export function rankOfHit(question: EvalQuestion, answer: Answer): number | undefined {
  if (answer.kind !== 'answer' || question.expect.length === 0) return undefined;
  const expected = question.expect.map(normalizeForMatch);
  const index = answer.extracts.findIndex((extract) => {
    const quote = normalizeForMatch(extract.quote);
    return expected.some((wanted) => quote.includes(wanted));
  });
  return index === -1 ? undefined : index + 1;
}

export interface Metrics {
  readonly count: number;
  readonly hit1: number;
  readonly hit3: number;
  readonly mrr10: number;
  readonly abstain: number;
  /** Median length in characters of the first extract, over questions that got one. */
  readonly medianFirstLength: number | undefined;
  readonly medianMs: number | undefined;
}

export function summarize(outcomes: readonly Outcome[]): Metrics {
  const count = outcomes.length;
  const share = (predicate: (outcome: Outcome) => boolean) =>
    count === 0 ? 0 : outcomes.filter(predicate).length / count;
  const firstLengths = outcomes.flatMap((outcome) =>
    outcome.answer.kind === 'answer' && outcome.answer.extracts[0] ? [outcome.answer.extracts[0].quote.length] : [],
  );
  return {
    count,
    hit1: share((outcome) => outcome.rank === 1),
    hit3: share((outcome) => outcome.rank !== undefined && outcome.rank <= 3),
    mrr10:
      count === 0
        ? 0
        : outcomes.reduce((sum, outcome) => sum + (outcome.rank !== undefined && outcome.rank <= 10 ? 1 / outcome.rank : 0), 0) / count,
    abstain: share((outcome) => outcome.answer.kind === 'no-answer' || outcome.answer.extracts.length === 0),
    medianFirstLength: median(firstLengths),
    medianMs: median(outcomes.map((outcome) => outcome.tookMs)),
  };
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
