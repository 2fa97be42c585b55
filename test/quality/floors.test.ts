import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { Lexicon } from '../../src/core/Lexicon.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { parseQuestionsFile, type EvalQuestion } from '../../src/eval/evalSets.js';
import { runQuestions, summarize, type Metrics, type Outcome } from '../../src/eval/metrics.js';
import { shippedLexicon } from '../support/fixtures.js';
import { readCorpusFiles, verbatimViolations } from '../support/verbatimViolations.js';

/**
 * Quality floors on the in-repo fixtures, so that a ranking regression fails CI instead of waiting
 * for someone to run `npm run eval`. The figures are computed by the evaluation's own code
 * (src/eval/metrics.ts) over the same `answer()` the CLI and the bot use, and on these fixtures
 * they are the `npm run eval` figures of the sets of the same name.
 *
 * The engine is deterministic, so the figures do not drift from run to run: each floor sits just
 * under today's exact figure (under a point: four or five of 612 questions, one of 127), so that a
 * change trading a question or two passes but a real regression fails. Checked: setting any of
 * copiedWeight, passageWeight, answerTypeBonus, contextWeight or abstainBelow to 0 in RANKING fails
 * at least one floor; weights worth fewer questions than that slack (phraseWeight, localWeight,
 * proximityWeight) do not. When a change raises a figure for good, raise its floor with it.
 */

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const xquad = (file: string) => `${fixtures}xquad-dev/${file}`;

function readQuestions(file: string): readonly EvalQuestion[] {
  const parsed = parseQuestionsFile(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}

async function indexOf(dir: string): Promise<SearchIndex> {
  const corpus = await loadCorpus(dir);
  expect(corpus.skipped).toEqual([]);
  return SearchIndex.build(corpus.documents);
}

// Each corpus indexed once for the whole file (built directly, no snapshot on disk).
const indexes = new Map<string, SearchIndex>();
const corpusDirs = new Map<string, string>();
let lexicon: Lexicon;
beforeAll(async () => {
  lexicon = await shippedLexicon();
  for (const [name, dir] of [
    ['xquad-en', xquad('xquad-dev-en/corpus')],
    ['xquad-ar', xquad('xquad-dev-ar/corpus')],
    ['ooc-en', xquad('xquad-dev-ooc-en/corpus')],
    ['ooc-ar', xquad('xquad-dev-ooc-ar/corpus')],
    ['seed', fileURLToPath(new URL('../../corpus/', import.meta.url))],
  ] as const) {
    indexes.set(name, await indexOf(dir));
    corpusDirs.set(name, dir);
  }
});

// Each set answered once: its floor and the verbatim check below read the same answers.
const answered = new Map<string, readonly Outcome[]>();
function outcomesOf(corpus: string, questionsFile: string, options: { lexicon?: boolean } = {}): readonly Outcome[] {
  const key = JSON.stringify([corpus, questionsFile, options.lexicon === true]);
  let outcomes = answered.get(key);
  if (outcomes === undefined) {
    outcomes = runQuestions(indexes.get(corpus)!, readQuestions(questionsFile), options.lexicon === true ? { lexicon } : {});
    answered.set(key, outcomes);
  }
  return outcomes;
}

function measure(corpus: string, questionsFile: string, options: { lexicon?: boolean } = {}): Metrics {
  return summarize(outcomesOf(corpus, questionsFile, options));
}

/** Every figure of the set, for the failure message. */
const figures = (metrics: Metrics) => JSON.stringify(metrics);

describe('monolingual answers: hit@1 on the XQuAD fixtures', () => {
  // 491 of 612 before the answer check, 490 (0.801) with it; the floor allows 3 fewer (issue 13 must keep ≥ 0.80).
  it('xquad-dev-en hit@1 ≥ 0.795', () => {
    const metrics = measure('xquad-en', xquad('xquad-dev-en/questions.jsonl'));
    expect(metrics.answerable).toBe(612);
    expect(metrics.hit1, figures(metrics)).toBeGreaterThanOrEqual(0.795);
  });

  // 443 of 612 before the answer check, 441 (0.721) with it; 444 (0.725) with the consonant loose key
  // and the stricter Arabic support floor. The floor allows 3 fewer (issue 13 must keep ≥ 0.72).
  it('xquad-dev-ar hit@1 ≥ 0.72', () => {
    const metrics = measure('xquad-ar', xquad('xquad-dev-ar/questions.jsonl'));
    expect(metrics.answerable).toBe(612);
    expect(metrics.hit1, figures(metrics)).toBeGreaterThanOrEqual(0.72);
  });
});

describe('refusals: abstain on questions the corpus cannot answer', () => {
  // Same-domain: questions on the 12 XQuAD articles the ooc corpus lacks. Before the answer check
  // (src/core/answerCheck.ts) 80 and 75 of 127 were refused; with it 107 (0.843) and 90 (0.709);
  // refusing questions mostly made of words no passage holds, 107 and 93 (0.732); with irregular
  // English forms analysed ("saw" is "see", two more answers above) 106 (0.835) and 93; one
  // absent English word holding 0.41 of the question refusing it, 108 (0.850); Arabic forms matched
  // by their consonants (looseArabicKey) and an Arabic support floor of 0.27, 102 (0.803).
  // The floors are those exact counts: issue 13 asks ≥ 0.80 in both.
  it('xquad-dev-ooc-en abstain ≥ 108 of 127', () => {
    const metrics = measure('ooc-en', xquad('xquad-dev-ooc-en/questions.jsonl'));
    expect(metrics.unanswerable).toBe(127);
    expect(metrics.abstain! * 127, figures(metrics)).toBeGreaterThanOrEqual(108 - 1e-9);
  });

  it('xquad-dev-ooc-ar abstain ≥ 102 of 127', () => {
    const metrics = measure('ooc-ar', xquad('xquad-dev-ooc-ar/questions.jsonl'));
    expect(metrics.unanswerable).toBe(127);
    expect(metrics.abstain! * 127, figures(metrics)).toBeGreaterThanOrEqual(102 - 1e-9);
  });

  // Off-topic questions on the seed corpus (the in-repo copy of seed-dev): all four refused today.
  it('seed-dev unanswerable abstain = 1', () => {
    const metrics = measure('seed', `${fixtures}seed-questions.jsonl`);
    expect(metrics.unanswerable).toBe(4);
    expect(metrics.abstain, figures(metrics)).toBe(1);
  });
});

describe('cross-language answers: hit@3 on the XQuAD fixtures', () => {
  // With the lexicon (structured query translation, name skeletons): 380 of 612 = 0.621 and 353 of
  // 612 = 0.577, from 10 and 6 without it. Checking cross-language runs too (CROSS_CHECK) costs
  // 13 and 10 of them for 6 more refusals of 300 off-topic questions: 367 (0.600) and 343 (0.560);
  // the nearest name only, and words whose translations the corpus lacks tried as names: 395
  // (0.645) and 355 (0.580); names matched by how the article writes them as well as by their
  // stems (Manning, not man): 405 (0.662) and 360 (0.588); Arabic words looked up with the ة or ى
  // a suffix rewrote (مسيرته, دعواها) and without the accusative alef: 369 (0.603) from Arabic;
  // Arabic forms matched by their consonants (looseArabicKey), with the Arabic support floor: 414
  // (0.676) into Arabic. The floors allow five fewer each.
  it('xquad-dev-xling-en-ar (English questions, Arabic corpus) hit@3 ≥ 409 of 612', () => {
    const metrics = measure('xquad-ar', xquad('xquad-dev-xling-en-ar.jsonl'), { lexicon: true });
    expect(metrics.answerable).toBe(612);
    expect(metrics.hits3, figures(metrics)).toBeGreaterThanOrEqual(409);
  });

  it('xquad-dev-xling-ar-en (Arabic questions, English corpus) hit@3 ≥ 364 of 612', () => {
    const metrics = measure('xquad-en', xquad('xquad-dev-xling-ar-en.jsonl'), { lexicon: true });
    expect(metrics.answerable).toBe(612);
    expect(metrics.hits3, figures(metrics)).toBeGreaterThanOrEqual(364);
  });
});

// The promise isnad makes (see test/core/verbatim.test.ts), on the development sets' own answers:
// every extract is a verbatim, correctly cited slice of its file. runQuestions answers with limit 10.
describe('every extract of the development sets is a verbatim, correctly cited slice', () => {
  for (const [corpus, questionsFile, options] of [
    ['xquad-en', xquad('xquad-dev-en/questions.jsonl'), {}],
    ['xquad-ar', xquad('xquad-dev-ar/questions.jsonl'), {}],
    ['xquad-ar', xquad('xquad-dev-xling-en-ar.jsonl'), { lexicon: true }],
    ['xquad-en', xquad('xquad-dev-xling-ar-en.jsonl'), { lexicon: true }],
  ] as const) {
    it(`${questionsFile.slice(questionsFile.lastIndexOf('xquad-dev'))} on ${corpus}`, () => {
      const index = indexes.get(corpus)!;
      const checked = { name: corpus, index, files: readCorpusFiles(corpusDirs.get(corpus)!, new Set(index.documents.map((d) => d.file))) };
      const outcomes = outcomesOf(corpus, questionsFile, options);
      expect(outcomes.length).toBeGreaterThan(30);
      const problems = outcomes.flatMap((outcome) => verbatimViolations(checked, outcome.question.question, outcome.answer, 10));
      expect(problems.slice(0, 20)).toEqual([]);
      // The check has something to check: most questions get extracts.
      const extracts = outcomes.reduce((sum, outcome) => sum + (outcome.answer.kind === 'answer' ? outcome.answer.extracts.length : 0), 0);
      expect(extracts).toBeGreaterThan(outcomes.length);
    });
  }
});
