import { analyze } from '../core/analyze.js';

/**
 * How many passages hold each term after isnad's analysis (text only, as the postings count it),
 * in one pass over the corpus: the vocabulary size the report shows for any corpus, generated or
 * real, and the rarity by which questions pick their words.
 */
export interface TermStatistics {
  readonly documentFrequency: ReadonlyMap<string, number>;
  readonly passages: number;
}

export function termStatistics(passages: Iterable<string>): TermStatistics {
  const documentFrequency = new Map<string, number>();
  let count = 0;
  for (const text of passages) {
    count++;
    for (const term of new Set(analyze(text))) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  }
  return { documentFrequency, passages: count };
}
