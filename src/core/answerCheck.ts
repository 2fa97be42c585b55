import { analyzeToken, tokenize } from './analyze.js';
import { scriptOf } from './detectLanguage.js';
import { HOW_QUANTITY_WORDS } from './questionCues.js';
import type { Language } from './types.js';

/**
 * The answer check: before an extract is quoted, the question's focus — the names, numbers and
 * rare words that say what it is about — must be found in the extract or right beside it. Ranking
 * rewards a sentence for sharing many of the question's words; the check asks whether the words it
 * shares are the ones that matter. "Did the hospital reopen?" shares "hospital" with a sentence on
 * the wounded and "reopen" with one on the harbour; neither answers it.
 *
 * Pure: answer() gathers the evidence (where each term stands relative to the run, from what
 * ranking already computed) and this module decides.
 */

/** Where a question term was found for the run about to be quoted. */
export type Support =
  /** In the run itself, as the same term. */
  | 'extract'
  /** In the run only under the looser Arabic key (a clitic or affix apart, or the same consonants), one letter apart, or written as two words. */
  | 'loose'
  /** In the sentence before or after the run, or in the article's title. */
  | 'context'
  /** Not beside the run at all. */
  | 'none';

export type FocusKind = 'name' | 'number' | 'word';

export interface TermEvidence extends QuestionWord {
  /** Corpus IDF as a share of the highest IDF the corpus can give (a term no passage holds). */
  readonly rarity: number;
  /**
   * Whether the corpus holds the term: exactly, or (among the candidate passages) under its loose
   * key, unaccented or one letter apart, or as two words joined.
   */
  readonly inCorpus: boolean;
  readonly support: Support;
}

export interface CheckWeights {
  /**
   * Refuse when the question's terms found in the run or beside it hold less than this share of
   * the question's rarity mass (each term weighted by its rarity; a term the corpus lacks counts as
   * found nowhere). By the language of the run's passage: Arabic words are also found by their
   * consonants, which finds more of any sentence.
   */
  readonly minSupport: Readonly<Record<Language, number>>;
  /**
   * Between minSupport and this, support is weak: the run is quoted only if ranking also scores it
   * at least `weakMinScore` (the copied phrases, answer type and passage score it earned).
   */
  readonly weakSupport: Readonly<Record<Language, number>>;
  readonly weakMinScore: Readonly<Record<Language, number>>;
  /**
   * A question naming something no passage holds, even one letter apart ("Russia"), is refused.
   * Numbers and acronyms of two letters are refused so only below this support: they are often
   * written otherwise in the article ("80s" for "1980s", "SP" for "Scottish Parliament").
   */
  readonly unknownNameSupport: number;
  /** A name of at least this many letters that no passage holds is refused whatever the support. */
  readonly unknownNameMinLength: number;
  /**
   * Refuse when one term carrying at least this share of the question's rarity mass is held by the
   * corpus but not in the run or beside it ("capital of France" answered from a sentence on France):
   * the question's focus is elsewhere.
   */
  readonly focusElsewhere: number;
  /**
   * Refuse when one term carrying at least this share is in no passage at all ("Who is the UN envoy
   * to Libya?" with no envoy in the corpus). Higher than focusElsewhere: a word the corpus lacks is
   * often the asker's paraphrase of one it holds ("beat" for "defeated").
   */
  readonly focusAbsent: Readonly<Record<Language, number>>;
  /**
   * Refuse when the terms no passage holds carry together at least this share: the question is
   * mostly about what the corpus never mentions, whatever the few words it shares.
   */
  readonly absentTogether: Readonly<Record<Language, number>>;
  /** Credit of a term found only in the neighbouring sentence or the title. */
  readonly contextCredit: number;
  /** Credit of a term found in the run only under the loose Arabic key or one letter apart. */
  readonly looseCredit: number;
}

/**
 * Calibrated with `npm run eval` on the same-domain refusal sets (xquad-dev-ooc-*, 127 questions
 * each) against the answerable ones (xquad-dev-*, 612 each). Questions refused / hit@1 counts, each
 * row adding to the one above unless it says otherwise:
 *
 *   setting                                              | ooc-en | xq-en | ooc-ar | xq-ar
 *   no check (before)                                    |   80   |  491  |   75   |  443
 *   support < 0.20 only                                  |   81   |  491  |   81   |  443
 *   support < 0.25 only                                  |   95   |  490  |   94   |  435
 *   support < 0.30 only                                  |  105   |  482  |  105   |  426
 *   support < 0.40 only                                  |  119   |  474  |  119   |  391
 *   0.22, unknown name below 0.35                        |  101   |  490  |   87   |  442
 *   weak band en 0.35 → 0.60, ar 0.40 → 0.55             |  102   |  490  |   90   |  442
 *   (weak band ar 0.35 → 0.60 instead)                   |  102   |  490  |   95   |  437
 *   dominant term elsewhere ≥ 0.45, absent ≥ 0.55        |  105   |  490  |   90   |  441
 *   (absent ≥ 0.45 instead)                              |  105   |  488  |   90   |  439
 *   unknown name or number below 0.50                    |  106   |  490  |   90   |  441
 *   (any unknown name or number, whatever the support)   |  107   |  488  |   90   |  440
 *   names of 3+ letters whatever the support (chosen)    |  107   |  490  |   90   |  441
 *   (+ known terms elsewhere holding ≥ 0.55 together)    |  111   |  477  |   98   |  418
 *   absent terms together ≥ 0.65 en, 0.60 ar (chosen)    |  107   |  490  |   93   |  441
 *   (≥ 0.60 in English too)                              |  107   |  489  |   93   |  441
 *   (≥ 0.50 both)                                        |  107   |  487  |   95   |  434
 *   irregular English forms analysed ("saw" is "see")    |  106   |  492  |   93   |  441
 *   one absent term ≥ 0.45 refuses in English            |  106   |  490  |   93   |  441
 *   (≥ 0.50 in Arabic too)                               |  106   |  490  |   93   |  440
 *   one absent term ≥ 0.41 in English (chosen)           |  108   |  490  |   93   |  441
 *   (≥ 0.40)                                             |  109   |  488  |   93   |  441
 *   Arabic loose key by consonants (looseArabicKey)      |  108   |  490  |   91   |  445
 *   … and worth 0.4 in ranking (RANKING.looseCredit)     |  108   |  490  |   89   |  447
 *   Arabic support floor 0.27 (chosen; by the passage's  |  108   |  490  |  102   |  442
 *   language: xling en→ar 417 → 412 hit@3, ar→en 369 kept; |        |       |        |
 *   the two XQuAD corpora together, ooc-en 102 kept)       |        |       |        |
 *   (0.26 / 0.28 instead)                                |  108   |  490  | 98/103 |442/440
 *   the consonant key without a tenth form's س ت          |  108   |  490  |  102   |  444
 *
 * Past this every step costs answerable questions one for one: the ones lost are paraphrases
 * ("beat" for "defeated", "mistaken" for "incorrect") whose words the article does not share.
 * Arabic has a lower score in the weak band: its inflections (verb persons, broken plurals) leave
 * question words unmatched although the article holds them, so weak support says less there.
 * Matching those by their consonants gave the answerable questions the support they lacked, and
 * the unrelated sentences little: so Arabic could then ask for more support than English. Arabic names cannot be told without capitals; Latin names and
 * numbers inside an Arabic question are. seed-ontopic-dev (unanswerable, 11 en / 6 ar) goes from
 * 4 / 1 refused to 5 / 2, to 5 / 3 with the rule on absent terms together and the cross-language
 * runs checked, and to 8 / 3 with one absent term ≥ 0.45 refusing in English ("When was Khalifa
 * Haftar born?": the corpus never says "born"); in Arabic 0.50 would make it 8 / 4 for one answer
 * of 612 above, which the ≥ 0.72 floor of issue 13 does not allow. At 0.41 in English, one word of
 * a three-word question with two common words is enough ("What language is spoken in Misrata?",
 * "How much did the US spend on the strikes in Syria?"): 10 / 3, and 284 of the 300 off-topic.
 */
export const CHECK: CheckWeights = {
  minSupport: { en: 0.22, ar: 0.27 },
  weakSupport: { en: 0.35, ar: 0.4 },
  weakMinScore: { en: 0.6, ar: 0.55 },
  unknownNameSupport: 0.5,
  unknownNameMinLength: 3,
  focusElsewhere: 0.45,
  focusAbsent: { en: 0.41, ar: 0.55 },
  absentTogether: { en: 0.65, ar: 0.6 },
  contextCredit: 0.5,
  looseCredit: 0.5,
};

/**
 * A run found through the translated question is judged by the same rules on its translated words,
 * with these changes. A name the other language's articles do not hold is often one the skeleton
 * match missed (an unusual transliteration), not one the corpus lacks: it is refused only when
 * little else of the question is there. Support is not weighed against the ranking score — a
 * translated match scores lower for a paraphrase the dictionary did not cover — and a known word
 * missing from the run does not refuse it alone: a dictionary sense that is not this one
 * (live → بشكل مباشر) is not the question's focus. Measured on the dev sets, hit@3 / refused:
 *
 *   cross-language runs                          | xling en→ar | xling ar→en | out-of-corpus-dev
 *   not checked                                  |     380     |     353     |       277
 *   checked like the asker's language            |     314     |     341     |       283
 *   these weights (chosen)                       |     370     |     350     |       278
 *   (+ any weak support below 0.35 refused)      |     345     |     342     |       283
 *   chosen, with the nearest-name matching and     |     395     |     355     |       283
 *   unused translations tried as names (answer.ts) |             |             |
 */
export const CROSS_CHECK: Partial<CheckWeights> = {
  weakSupport: { en: 0, ar: 0 },
  focusAbsent: { en: 0.55, ar: 0.55 },
  unknownNameMinLength: Number.POSITIVE_INFINITY,
  unknownNameSupport: 0.3,
  focusElsewhere: Number.POSITIVE_INFINITY,
};

export type CheckVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly why: 'unknown-focus' | 'unsupported-focus';
      /** The question's words that no passage of the corpus holds, as the user wrote them. */
      readonly absent: readonly string[];
    };

export interface QuestionWord {
  readonly term: string;
  readonly word: string;
  readonly kind: FocusKind;
  /** For a name: which run of capitalised words it belongs to ("Graham Twigg" is one name). */
  readonly nameGroup?: number;
}

/**
 * The question's analysed terms with the word each came from and what kind of focus it can be. A
 * capitalised word is a name unless it opens the question or a sentence of it (English; Arabic has
 * no capitals, so its names are left to rarity). Latin words inside an Arabic question are names or
 * acronyms as they stand.
 */
export function questionWords(question: string): QuestionWord[] {
  const words = new Map<string, QuestionWord>();
  const arabic = tokenize(question).some((token) => scriptOf(token.text) === 'arabic');
  let sentenceStart = true;
  let previousEnd = 0;
  let group = 0;
  let previous = '';
  for (const token of tokenize(question)) {
    // "How long", "how old", "how far": the word asks for a measure, it is not what the question is about.
    const asksMeasure = previous === 'how' && HOW_MEASURES.has(token.text.toLowerCase());
    previous = token.text.toLowerCase();
    if (asksMeasure) {
      previousEnd = token.end;
      sentenceStart = false;
      continue;
    }
    const gap = question.slice(previousEnd, token.start);
    if (/[.!?؟:;]/u.test(gap)) sentenceStart = true;
    if (!/^\p{Lu}/u.test(token.text) || /[^\s]/u.test(gap)) group++;
    previousEnd = token.end;
    const term = analyzeToken(token.text);
    const atStart = sentenceStart;
    sentenceStart = false;
    if (term === null || words.has(term)) continue;
    const latin = scriptOf(token.text) !== 'arabic';
    const kind: FocusKind = /\d/u.test(token.text)
      ? 'number'
      : latin && /^\p{Lu}/u.test(token.text) && (!atStart || arabic || /^\p{Lu}{2,}/u.test(token.text))
        ? 'name'
        : 'word';
    words.set(term, { term, word: token.text, kind, ...(kind === 'name' ? { nameGroup: group } : {}) });
  }
  return [...words.values()];
}

/** The words after "how" that ask for a measure: the quantity cues, and a few more (how deep, wide, heavy, soon). */
const HOW_MEASURES: ReadonlySet<string> = new Set([...HOW_QUANTITY_WORDS, 'deep', 'wide', 'heavy', 'soon']);

export interface CheckInput {
  readonly evidence: readonly TermEvidence[];
  readonly language: Language;
  /** The language of the run's passage, when the question was translated into it. */
  readonly passageLanguage?: Language;
  /** The run's ranking score (a sum of shares, comparable across questions). */
  readonly score: number;
}

/** Is the run about to be quoted about what the question asks? */
export function checkAnswer(input: CheckInput, weights: CheckWeights = CHECK): CheckVerdict {
  const { evidence, language } = input;
  const absent = evidence.filter((term) => !term.inCorpus).map((term) => term.word);
  const refuse = (): CheckVerdict => ({ ok: false, why: absent.length > 0 ? 'unknown-focus' : 'unsupported-focus', absent });
  const support = supportOf(evidence, weights);
  if (support < weights.minSupport[input.passageLanguage ?? language]) return refuse();
  if (support < weights.weakSupport[language] && input.score < weights.weakMinScore[language]) return refuse();
  for (const term of evidence) {
    if (
      unknownName(term, evidence) &&
      (support < weights.unknownNameSupport || (term.kind === 'name' && [...term.word].length >= weights.unknownNameMinLength))
    )
      return refuse();
  }
  const mass = evidence.reduce((total, term) => total + term.rarity, 0);
  const absentMass = evidence.reduce((total, term) => total + (term.inCorpus ? 0 : term.rarity), 0);
  if (mass > 0 && absentMass / mass >= weights.absentTogether[language]) return refuse();
  for (const term of evidence) {
    const share = term.rarity / mass;
    if (term.inCorpus ? term.support === 'none' && share >= weights.focusElsewhere : share >= weights.focusAbsent[language]) return refuse();
  }
  return { ok: true };
}

/** Share of the question's rarity mass found in the run or beside it; 1 for a question of no terms. */
export function supportOf(evidence: readonly TermEvidence[], weights: CheckWeights = CHECK): number {
  let mass = 0;
  let supported = 0;
  for (const term of evidence) {
    mass += term.rarity;
    if (term.inCorpus) supported += term.rarity * creditOf(term.support, weights);
  }
  return mass === 0 ? 1 : supported / mass;
}

/**
 * A name or number no passage holds, even one letter apart — unless it is part of a longer name
 * whose other words the run holds ("Graham Twigg" where the article says only "Twigg").
 */
function unknownName(term: TermEvidence, evidence: readonly TermEvidence[]): boolean {
  if (term.kind === 'word' || term.inCorpus) return false;
  return !evidence.some(
    (other) => other !== term && other.nameGroup !== undefined && other.nameGroup === term.nameGroup && other.inCorpus && other.support !== 'none',
  );
}

function creditOf(support: Support, weights: CheckWeights): number {
  switch (support) {
    case 'extract':
      return 1;
    case 'loose':
      return weights.looseCredit;
    case 'context':
      return weights.contextCredit;
    case 'none':
      return 0;
  }
}
