/**
 * Robertson–Spärck Jones IDF as BM25 (and MiniSearch) uses it: `n` units, `df` of them holding the
 * term. The `1 +` keeps it positive for a term in more than half the units, so a common word still
 * adds a little instead of subtracting. One function so that the index, the ranking of candidates
 * and the per-sentence weights cannot drift apart.
 */
export function bm25Idf(n: number, df: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}
