import { analyze, analyzeToken, tokenize } from './analyze.js';
import { looseArabicKey } from './arabicAnalyzer.js';
import { answerTypeOf, hasAnswerOfType, questionLanguage, type AnswerType } from './questionCues.js';
import type { IndexedPassage, SearchIndex } from './SearchIndex.js';
import type { Span } from './splitSentences.js';
import type { Answer, Extract } from './types.js';

export interface AnswerOptions {
  /** How many extracts to return at most. */
  readonly limit?: number;
  /** Return the best extracts even when they match too little of the question (evaluation only). */
  readonly abstain?: boolean;
  /** Overrides of the ranking weights, for tuning experiments. */
  readonly ranking?: Partial<RankingWeights>;
}

/**
 * Scoring weights. Each is a share of the question's total IDF mass, so they compare across
 * questions of any length. Tuned on the development sets (see README, "How answers are chosen").
 */
export interface RankingWeights {
  readonly candidatePassages: number;
  readonly contextWeight: number;
  readonly passageWeight: number;
  readonly answerTypeBonus: number;
  readonly proximityWeight: number;
  readonly phraseWeight: number;
  readonly idfExponent: number;
  readonly looseCredit: number;
  readonly runPenalty: number;
  readonly lengthPenalty: number;
  readonly preferredLength: number;
  readonly maxRunLength: number;
  readonly abstainBelow: number;
}

export const RANKING: RankingWeights = {
  /** Passages retrieved by MiniSearch before sentences are scored. */
  candidatePassages: 30,
  /** Credit for a question term found next to the sentence (neighbour sentence or title). */
  contextWeight: 0.35,
  /** Weight of the passage's own BM25 score, normalised by the best passage's. */
  passageWeight: 0.25,
  /** Bonus when the sentence holds the kind of thing the question asks for. */
  answerTypeBonus: 0.15,
  /** Bonus for question terms close together, at most this much. */
  proximityWeight: 0.1,
  /** Bonus for the question's word pairs found together, at most this much. */
  phraseWeight: 0.1,
  /** Term weight is IDF raised to this power: above 1, rare words (names) count for more. */
  idfExponent: 1,
  /** Share of a term's weight earned by a near-miss Arabic match (one proclitic apart). */
  looseCredit: 0.6,
  /** Cost of quoting two sentences instead of one: the second must bring more of the question. */
  runPenalty: 0.05,
  /** Penalty per character beyond `preferredLength`, discouraging long runs. */
  lengthPenalty: 0.0004,
  preferredLength: 200,
  /** Adjacent sentences are joined only while the run stays this short. */
  maxRunLength: 300,
  /** Below this share of the question's IDF mass matched, the corpus is taken not to answer. */
  abstainBelow: 0.3,
};

interface QuestionTerms {
  readonly terms: readonly string[];
  readonly idf: ReadonlyMap<string, number>;
  readonly totalIdf: number;
  readonly type: AnswerType;
  readonly words: ReadonlySet<string>;
  readonly weights: RankingWeights;
  /** Adjacent analysed terms of the question, in order, for phrase matching. */
  readonly pairs: readonly (readonly [string, string])[];
  readonly loose: ReadonlyMap<string, string>;
}

interface Candidate {
  readonly passage: IndexedPassage;
  readonly from: number;
  /** Inclusive index of the last sentence of the run. */
  readonly to: number;
  readonly score: number;
  readonly coverage: number;
}

export function answer(index: SearchIndex, question: string, options: AnswerOptions = {}): Answer {
  const limit = options.limit ?? 5;
  const language = questionLanguage(question);
  const sequence = analyze(question);
  const terms = [...new Set(sequence)];
  if (terms.length === 0) return { kind: 'no-answer', question, language, reason: 'empty-question' };

  const weights = { ...RANKING, ...options.ranking };
  const idf = new Map(terms.map((term) => [term, index.idf(term) ** weights.idfExponent]));
  const q: QuestionTerms = {
    terms,
    idf,
    totalIdf: [...idf.values()].reduce((sum, value) => sum + value, 0),
    type: answerTypeOf(question, language),
    words: new Set(tokenize(question).map((token) => token.text.toLowerCase())),
    weights,
    pairs: sequence.slice(1).map((term, i) => [sequence[i]!, term] as const),
    loose: new Map(terms.map((term) => [term, looseArabicKey(term)])),
  };

  const hits = index.miniSearch.search(terms.join(' '), {
    combineWith: 'OR',
    boost: { terms: 1, title: 0.5 },
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
  });
  const top = hits.slice(0, q.weights.candidatePassages);
  const best = top[0]?.score ?? 0;

  const candidates: Candidate[] = [];
  for (const hit of top) {
    const passage = index.passages[hit.id as number]!;
    candidates.push(...scorePassage(index, passage, q, hit.score / best));
  }
  candidates.sort((a, b) => b.score - a.score);

  const first = candidates[0];
  if (first === undefined || (options.abstain !== false && first.coverage < q.weights.abstainBelow)) {
    return { kind: 'no-answer', question, language, reason: 'not-in-corpus' };
  }

  const extracts: Extract[] = [];
  const seenQuotes = new Set<string>();
  const usedSentences = new Set<string>();
  for (const candidate of candidates) {
    if (extracts.length >= limit) break;
    const keys = [];
    for (let s = candidate.from; s <= candidate.to; s++) keys.push(`${candidate.passage.doc}:${candidate.passage.index}:${s}`);
    if (keys.some((key) => usedSentences.has(key))) continue;
    const extract = toExtract(index, candidate);
    // Repeated captions and articles syndicated into two files carry the same words: quote once.
    const fingerprint = extract.quote.toLowerCase().replace(/\s+/gu, ' ');
    if (seenQuotes.has(fingerprint)) continue;
    seenQuotes.add(fingerprint);
    for (const key of keys) usedSentences.add(key);
    extracts.push(extract);
  }
  return { kind: 'answer', question, language, extracts };
}

interface SentenceFeatures {
  readonly span: Span;
  /** Positions of each term among the sentence's analysed terms (stop words removed). */
  readonly positions: ReadonlyMap<string, readonly number[]>;
  /** The same positions under each Arabic term's loose key (see looseArabicKey). */
  readonly loose: ReadonlyMap<string, readonly number[]>;
  readonly termCount: number;
  readonly hasType: boolean;
}

function scorePassage(index: SearchIndex, passage: IndexedPassage, q: QuestionTerms, passageScore: number): Candidate[] {
  const text = index.passageText(passage);
  const document = index.documents[passage.doc]!;
  const titleTerms = new Set(analyze(document.title));
  const sentences: SentenceFeatures[] = passage.sentences.map((span) => {
    const positions = new Map<string, number[]>();
    const slice = text.slice(span.start, span.end);
    let position = 0;
    for (const token of tokenize(slice)) {
      const term = analyzeToken(token.text);
      if (term === null) continue;
      const list = positions.get(term);
      if (list) list.push(position);
      else positions.set(term, [position]);
      position++;
    }
    const loose = new Map<string, number[]>();
    for (const [term, list] of positions) {
      const key = looseArabicKey(term);
      loose.set(key, [...(loose.get(key) ?? []), ...list]);
    }
    return { span, positions, loose, termCount: position, hasType: hasAnswerOfType(slice, q.type, q.words) };
  });

  const candidates: Candidate[] = [];
  for (let from = 0; from < sentences.length; from++) {
    for (let to = from; to < sentences.length && to <= from + 1; to++) {
      const length = sentences[to]!.span.end - sentences[from]!.span.start;
      if (to > from && length > q.weights.maxRunLength) break;
      candidates.push(scoreRun(sentences, from, to, titleTerms, q, passageScore, length, passage));
    }
  }
  return candidates;
}

function scoreRun(
  sentences: readonly SentenceFeatures[],
  from: number,
  to: number,
  titleTerms: ReadonlySet<string>,
  q: QuestionTerms,
  passageScore: number,
  length: number,
  passage: IndexedPassage,
): Candidate {
  const w = q.weights;
  // The run's terms as one sequence, so proximity and phrases work across a sentence boundary.
  const positions = new Map<string, number[]>();
  const loose = new Map<string, number[]>();
  let offset = 0;
  for (let s = from; s <= to; s++) {
    const sentence = sentences[s]!;
    mergeShifted(positions, sentence.positions, offset);
    mergeShifted(loose, sentence.loose, offset);
    offset += sentence.termCount + 1;
  }
  const before = sentences[from - 1];
  const after = sentences[to + 1];
  let matched = 0;
  let context = 0;
  const matchedPositions: (readonly number[])[] = [];
  for (const term of q.terms) {
    const weight = q.idf.get(term)!;
    const found = positions.get(term);
    const nearMiss = found ? undefined : loose.get(q.loose.get(term)!);
    if (found) {
      matched += weight;
      matchedPositions.push(found);
    } else if (nearMiss) {
      matched += w.looseCredit * weight;
      matchedPositions.push(nearMiss);
    } else if (before?.positions.has(term) || after?.positions.has(term) || titleTerms.has(term)) {
      context += weight;
    }
  }
  const coverage = (matched + w.contextWeight * context) / q.totalIdf;
  let hasType = false;
  for (let s = from; s <= to; s++) hasType ||= sentences[s]!.hasType;
  const score =
    coverage +
    w.passageWeight * passageScore +
    (hasType ? w.answerTypeBonus : 0) +
    w.proximityWeight * proximityOf(matchedPositions) +
    w.phraseWeight * phraseShare(q, positions) -
    (to > from ? w.runPenalty : 0) -
    w.lengthPenalty * Math.max(0, length - w.preferredLength);
  return { passage, from, to, score, coverage };
}

function mergeShifted(into: Map<string, number[]>, from: ReadonlyMap<string, readonly number[]>, offset: number): void {
  for (const [term, list] of from) {
    const merged = into.get(term) ?? [];
    for (const position of list) merged.push(position + offset);
    into.set(term, merged);
  }
}

/** Share of the question's adjacent term pairs that also stand together (within one word) here. */
function phraseShare(q: QuestionTerms, positions: ReadonlyMap<string, readonly number[]>): number {
  if (q.pairs.length === 0) return 0;
  let found = 0;
  for (const [first, second] of q.pairs) {
    const a = positions.get(first);
    const b = positions.get(second);
    if (a && b && a.some((i) => b.some((j) => j - i >= 1 && j - i <= 2))) found++;
  }
  return found / q.pairs.length;
}

/** 1 when the matched terms sit side by side, falling towards 0 as they spread out. */
function proximityOf(positions: readonly (readonly number[])[]): number {
  if (positions.length < 2) return 0;
  // Smallest window holding one occurrence of each matched term (merge over sorted positions).
  const events = positions.flatMap((list, term) => list.map((position) => [position, term] as const)).sort((a, b) => a[0] - b[0]);
  const counts = new Array<number>(positions.length).fill(0);
  let covered = 0;
  let left = 0;
  let bestWidth = Infinity;
  for (const [position, term] of events) {
    if (counts[term]!++ === 0) covered++;
    while (covered === positions.length) {
      const [leftPosition, leftTerm] = events[left]!;
      bestWidth = Math.min(bestWidth, position - leftPosition + 1);
      if (--counts[leftTerm]! === 0) covered--;
      left++;
    }
  }
  return positions.length / bestWidth;
}

function toExtract(index: SearchIndex, candidate: Candidate): Extract {
  const document = index.documents[candidate.passage.doc]!;
  const passage = document.passages[candidate.passage.index]!;
  const start = candidate.passage.sentences[candidate.from]!.start;
  const end = candidate.passage.sentences[candidate.to]!.end;
  return {
    quote: passage.text.slice(start, end),
    score: Math.round(candidate.score * 1000) / 1000,
    citation: {
      documentId: document.id,
      title: document.title,
      ...(document.source !== undefined ? { source: document.source } : {}),
      ...(document.url !== undefined ? { url: document.url } : {}),
      file: document.file,
      paragraph: passage.paragraph,
      start: passage.start + start,
      end: passage.start + end,
    },
  };
}
