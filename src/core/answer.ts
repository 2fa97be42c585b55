import { AliasTable } from './AliasTable.js';
import { bm25Idf } from './bm25Idf.js';
import { analyze, analyzeToken, tokenize, type Token } from './analyze.js';
import {
  CHECK,
  CROSS_CHECK,
  checkAnswer,
  questionWords,
  supportOf,
  type CheckVerdict,
  type CheckWeights,
  type QuestionWord,
  type Support,
  type TermEvidence,
} from './answerCheck.js';
import { looseArabicKey } from './arabicAnalyzer.js';
import { detectLanguage, scriptOf } from './detectLanguage.js';
import { FUZZY, FuzzyVocabulary, type SoundingNear } from './FuzzyVocabulary.js';
import { foldMarks } from './foldMarks.js';
import { acronymLetters } from './mineAliases.js';
import type { Alternative } from './InvertedIndex.js';
import { FRAME_TERMS, answerTypeOf, answerTypeStrength, questionLanguage, strengthFromCues, type AnswerType } from './questionCues.js';
import type { IndexedPassage, SearchIndex } from './SearchIndex.js';
import type { Span } from './splitSentences.js';
import { arabicProcliticVariants, type Lexicon, type TermTranslation } from './Lexicon.js';
import { NO_TERM, foldWord, type SentenceTokens } from './SentenceTokens.js';
import { NOT_A_TERM, type TermIds, termIdsOf } from './TermIds.js';
import { NameMatcher } from './transliterate.js';
import type { Answer, Extract, Language } from './types.js';
import type { Steps } from './steps.js';
import { proximityOf } from './proximityOf.js';

export interface AnswerOptions {
  /** How many extracts to return at most. */
  readonly limit?: number;
  /** Return the best extracts even when they match too little of the question (evaluation only). */
  readonly abstain?: boolean;
  /** Overrides of the ranking weights, for tuning experiments. */
  readonly ranking?: Partial<RankingWeights>;
  /**
   * The bilingual dictionary: with it, the question is also searched in the corpus's other
   * language through its translation. Without it (not loaded yet), only in its own.
   */
  readonly lexicon?: Lexicon;
  /** Overrides of the answer check's weights, for calibration experiments. */
  readonly check?: Partial<CheckWeights>;
  /** Overrides of the weights a run found through the translated question is checked by. */
  readonly crossCheck?: Partial<CheckWeights>;
  /** Called with what the answer check saw and decided for each run it judged (calibration only). */
  readonly onCheck?: (
    evidence: readonly TermEvidence[],
    verdict: CheckVerdict,
    run: { readonly score: number; readonly coverage: number; readonly crossLanguage: boolean },
  ) => void;
}

/**
 * How extracts are ranked. Scores are sums of shares (of the question's term weight, of the best
 * passage's score), so they compare across questions of any length. Tuned on the development sets
 * with `npm run eval`; see README, "How answers are chosen".
 */
export interface RankingWeights {
  /** Passages retrieved by BM25 before their sentences are scored. */
  readonly candidatePassages: number;
  /** Credit for a question term found beside the extract (neighbour sentence or title). */
  readonly contextWeight: number;
  /** Weight of the passage's BM25 score, as a share of the best passage's. */
  readonly passageWeight: number;
  /** Bonus when the extract holds the kind of thing the question asks for. */
  readonly answerTypeBonus: number;
  /** Bonus for matched question terms close together, at most this much. */
  readonly proximityWeight: number;
  /** Bonus for the question's adjacent word pairs found together, at most this much. */
  readonly phraseWeight: number;
  /** Bonus for the question's word pairs as written (stop words included) found in the sentence. */
  readonly copiedWeight: number;
  /**
   * How much a term's weight also depends on how rare it is among the candidate sentences: the
   * article's own subject ("Luther" in the Luther article) tells its sentences apart less than the
   * corpus IDF suggests. 0 ignores the candidates, 1 relies on them fully.
   */
  readonly localWeight: number;
  /** Weight of question-framing words (name, type, اسم…) relative to topic words. */
  readonly frameWeight: number;
  /** Share of a term's weight earned by a near-miss Arabic match (see looseArabicKey). */
  readonly looseCredit: number;
  /** Adjacent sentences are joined only while the run stays this short (characters). */
  readonly maxRunLength: number;
  /**
   * Abstain when the best extract, with its context, holds less than this share of the question's
   * IDF mass: the corpus is then taken not to answer the question.
   */
  readonly abstainBelow: number;
  /** A question half made of words unknown to the corpus must share at least this many with an extract. */
  readonly minMatchedTerms: number;
  /** Further extracts are listed only while they hold at least this share of the first's. */
  readonly followerShare: number;
  /** `abstainBelow` for a match found through the translated question: stricter, as it is noisier. */
  readonly crossAbstainBelow: number;
  /** Translations the lexicon is less sure of than this (a stem-tier guess, a described sense) are not searched. */
  readonly crossMinTranslationWeight: number;
  /** A cross-language match must hold at least this many of the question's words (or all, if fewer). */
  readonly crossMinMatchedTerms: number;
  /** A cross-language match's score is multiplied by this, so the asker's language wins a tie. */
  readonly crossLanguageFactor: number;
  /**
   * A word the dictionary translates only into words the corpus lacks is tried as a name, if a
   * corpus term sounds this near (edits per sound of the name; see NameMatcher.match).
   */
  readonly unusedNameDistance: number;
  /** How much a mined alias counts in retrieval, relative to the word itself: "GNA" in a passage saying "Government of National Accord". */
  readonly aliasWeight: number;
  /** How much a spelling variant counts in retrieval, relative to the word itself ("Gadhafi" in a passage saying "Gaddafi"). */
  readonly fuzzyWeight: number;
  /**
   * When both languages hold an answer the check accepts, the asker's comes first unless the
   * other's scores more than 1 / ownLanguageMargin times as high.
   */
  readonly ownLanguageMargin: number;
  /** … and unless its answer check finds this much more of the question beside it. */
  readonly ownLanguageSupportSlack: number;
}

export const RANKING: RankingWeights = {
  candidatePassages: 30,
  contextWeight: 0.2,
  passageWeight: 0.35,
  answerTypeBonus: 0.3,
  proximityWeight: 0.05,
  phraseWeight: 0.1,
  copiedWeight: 0.6,
  localWeight: 0.25,
  frameWeight: 0.25,
  looseCredit: 0.4,
  maxRunLength: 300,
  abstainBelow: 0.2,
  minMatchedTerms: 2,
  followerShare: 0.5,
  crossAbstainBelow: 0.22,
  crossMinTranslationWeight: 0.4,
  crossMinMatchedTerms: 2,
  crossLanguageFactor: 0.9,
  unusedNameDistance: 0.1,
  aliasWeight: 0.8,
  fuzzyWeight: 0.5,
  ownLanguageMargin: 0.8,
  ownLanguageSupportSlack: 0.2,
};

interface Question {
  readonly terms: readonly string[];
  /** Corpus IDF of each term: what abstention is judged on. */
  readonly idf: ReadonlyMap<string, number>;
  readonly totalIdf: number;
  /** Ranking weight of each term: IDF sharpened by rarity among the candidate sentences. */
  readonly weight: ReadonlyMap<string, number>;
  readonly totalWeight: number;
  readonly type: AnswerType;
  /** Lower-cased words of the question, so its own words never count as its answer. */
  readonly words: ReadonlySet<string>;
  /** Adjacent analysed terms of the question, in order, for phrase matching. */
  readonly pairs: readonly (readonly [string, string])[];
  readonly loose: ReadonlyMap<string, string>;
  /** Adjacent words of the question as written: phrases a reader copies from the article. */
  readonly surfaceBigrams: readonly string[];
  /** Question terms an extract must hold (or have beside it) to be quoted. */
  readonly minMatchedTerms: number;
  readonly w: RankingWeights;
  /** How many passages hold each term (for a key: any of its alternatives). */
  readonly frequency: ReadonlyMap<string, number>;
  readonly query: Query;
  /**
   * idf, weight and loose of each of `terms`, in its order: the scorer reads them for every term
   * of every candidate run, where three string lookups a term were a good part of its time.
   */
  readonly termIdf: readonly number[];
  readonly termWeight: readonly number[];
  readonly termLoose: readonly string[];
}

interface SentenceFeatures {
  readonly span: Span;
  /**
   * Positions of each of the search's keys (Question.terms) among the sentence's analysed terms
   * (stop words removed); the sentence's other keys are left out (see sentenceKeys).
   */
  readonly positions: ReadonlyMap<string, readonly number[]>;
  /** The same positions under each key's loose key (Question.loose). */
  readonly loose: ReadonlyMap<string, readonly number[]>;
  readonly termCount: number;
  readonly typeStrength: number;
  /** How many of the question's word pairs as written (see Asked.surfaceBigrams) the sentence holds. */
  readonly copied: number;
  /** Its number across the index (see SearchIndex.sentenceTokens), for its words as written when needed. */
  readonly sentence: number;
}

interface CandidatePassage {
  readonly passage: IndexedPassage;
  readonly sentences: readonly SentenceFeatures[];
  readonly titleTerms: ReadonlySet<string>;
  /** Keys of the last sentence of the previous paragraph and the first of the next. */
  readonly previous: KeySet;
  readonly next: KeySet;
  /** BM25 score as a share of the best candidate's. */
  readonly share: number;
}

interface Run {
  readonly passage: IndexedPassage;
  readonly from: number;
  /** Inclusive index of the last sentence of the run. */
  readonly to: number;
  readonly score: number;
  /** Share of the question's IDF mass found in the run or beside it. */
  readonly coverage: number;
  /** How many distinct question terms the run holds or has beside it. */
  readonly matchedTerms: number;
  /** The search that found it (own language or translated): what it is checked against. */
  readonly q: Question;
}

export function answer(index: SearchIndex, question: string, options: AnswerOptions = {}): Answer {
  const limit = options.limit ?? 5;
  const w = { ...RANKING, ...options.ranking };
  const language = questionLanguage(question);
  const sequence = analyze(question);
  const terms = [...new Set(sequence)];
  if (terms.length === 0) return { kind: 'no-answer', question, language, reason: 'empty-question' };

  const type = answerTypeOf(question, language);
  const tokens = tokenize(question);
  const surfaceBigrams = [...bigramsOf(tokens.map((token) => token.text))];
  const words = new Set(tokens.map((token) => token.text.toLowerCase()));
  const asked = { type, words, surfaceBigrams };

  const aliases = aliasTableOf(index, options.lexicon);
  const own = rankedRuns(index, monolingualQuery(index, sequence, question, language, aliases, options.lexicon, w), asked, w);
  const searches = [own];
  const runs = own.runs;
  const translated = crossLanguageQuery(index, options.lexicon, tokens, language, w, aliases);
  if (translated !== undefined) {
    // Cross-language matches are noisier (a dictionary sense that is not this one, a word with no
    // entry left out): they must hold more of the question to be quoted, and rank a little below
    // an equally good match in the asker's own language.
    const strict = { ...w, abstainBelow: w.crossAbstainBelow };
    const cross = rankedRuns(index, translated, asked, strict);
    searches.push(cross);
    for (const run of cross.runs) runs.push({ ...run, score: run.score * w.crossLanguageFactor });
  }
  // On a tie, the single sentence: a second one that adds nothing is not quoted.
  runs.sort((a, b) => b.score - a.score || a.to - a.from - (b.to - b.from));

  const weights = { ...CHECK, ...options.check };
  const check = answerChecker(index, question, language, searches, [weights, { ...weights, ...CROSS_CHECK, ...options.crossCheck }], options.onCheck);
  let quoted: readonly Run[] = runs;
  const ownBest = runs[0] !== undefined && runs[0].q !== own.q ? runs.find((run) => run.q === own.q) : undefined;
  if (
    ownBest !== undefined &&
    options.abstain !== false &&
    ownBest.score >= w.ownLanguageMargin * runs[0]!.score &&
    check.support(ownBest) >= check.support(runs[0]!) - w.ownLanguageSupportSlack &&
    supports(ownBest, check)
  ) {
    // Both languages hold an answer: the asker's comes first, the other's after it.
    quoted = [...runs.filter((run) => run.q === own.q), ...runs.filter((run) => run.q !== own.q)];
  } else if (runs[0] !== undefined && options.abstain !== false && !supports(runs[0], check)) {
    // The best match in the asker's language lacks a name only the other language's articles
    // hold: the answer, if any, is there.
    const translatedRuns = runs[0].q === own.q && check.namedElsewhere() ? runs.filter((run) => run.q !== own.q) : [];
    quoted = translatedRuns[0] !== undefined && supports(translatedRuns[0], check) ? translatedRuns : [];
  }
  if (quoted[0] === undefined) {
    const absent = check.absent();
    return { kind: 'no-answer', question, language, reason: 'not-in-corpus', ...(absent.length > 0 ? { absent } : {}) };
  }
  return { kind: 'answer', question, language, extracts: selectExtracts(index, quoted, limit, options.abstain !== false ? check : undefined, language) };
}

/** What the question asks for, in its own words, whichever language its terms are searched in. */
interface Asked {
  readonly type: AnswerType;
  readonly words: ReadonlySet<string>;
  readonly surfaceBigrams: readonly string[];
}

/**
 * The terms one search looks for. A monolingual query is the question's own analysed terms. A
 * translated query (Pirkola's structured query) has one key per source word, standing for all the
 * index terms of the other language that word translates to: a passage term is read as the key it
 * belongs to, so every translation of one word counts as the same term.
 */
interface Query {
  /** Keys in question order (repeats kept), for phrase matching. */
  readonly sequence: readonly string[];
  /** Each key's alternatives among the index terms; a key with none stands for itself. */
  readonly alternatives: ReadonlyMap<string, readonly Alternative[]>;
  /** Names written out that stand for a key (a mined alias's words, in order, in a sentence). */
  readonly phrases: readonly { readonly terms: readonly string[]; readonly key: string }[];
  /** Index terms that also stand for other keys: an acronym in a passage for each word of its name in the question. */
  readonly spread: ReadonlyMap<string, readonly string[]>;
  /** Index term → the key it counts as; a term not listed counts as itself. */
  readonly keyOf: ReadonlyMap<string, string>;
  /** Loose key of an alternative (see looseArabicKey) → the loose key of its key. */
  readonly looseKeyOf: ReadonlyMap<string, string>;
  /** Keys standing for a source word that frames the question (name, type…). */
  readonly frames: ReadonlySet<string>;
  /** Only passages of documents in this language are candidates; undefined: any. */
  readonly passageLanguage?: Language;
  /** Analysed term of a question word → the key it is searched as (absent: the term itself). */
  readonly keyOfSource: ReadonlyMap<string, string>;
  /** Keys whose alternatives came from the name skeletons (a transliterated name). */
  readonly names: ReadonlySet<string>;
  /**
   * Keys of words that neither language's articles hold in the word's own senses, found only
   * through a related headword's translations (another inflection, a shared stem): عملة is
   * "currency", and the articles have only عمل's "action".
   */
  readonly related: ReadonlySet<string>;
}

const NO_KEYS: ReadonlyMap<string, never> = new Map<string, never>();
const NO_NAMES: ReadonlySet<string> = new Set<string>();

/**
 * The question's own terms, with what the corpus teaches about them: an acronym it defines also
 * matches the name written out (and the name the acronym), a rare name or word it lacks its
 * spelling variants (FuzzyVocabulary). Both count less than the word itself in retrieval; in a
 * sentence, a name written out counts as the acronym, a spelling variant as a near miss (looseCredit).
 */
function monolingualQuery(
  index: SearchIndex,
  sequence: readonly string[],
  question: string,
  language: Language,
  aliases: AliasTable,
  lexicon: Lexicon | undefined,
  w: RankingWeights,
): Query {
  if (aliases.size === 0 && !sequence.some((term) => term.length >= FUZZY_MIN_LENGTH && index.frequency(term) <= FUZZY_RARE)) {
    return {
      sequence,
      alternatives: NO_KEYS,
      keyOf: NO_KEYS,
      looseKeyOf: NO_KEYS,
      frames: FRAME_TERMS,
      phrases: [],
      spread: NO_KEYS,
      keyOfSource: NO_KEYS,
      names: NO_NAMES,
      related: NO_NAMES,
    };
  }
  const alternatives = new Map<string, Alternative[]>();
  const looseKeyOf = new Map<string, string>();
  const phrases: { terms: readonly string[]; key: string }[] = [];
  const spread = new Map<string, string[]>();
  const add = (key: string, alternative: Alternative) => {
    const list = alternatives.get(key) ?? [key];
    list.push(alternative);
    alternatives.set(key, list);
  };
  const terms = new Set(sequence);
  const acronyms = writtenAsAcronyms(tokenize(question));
  for (const term of acronyms) {
    if (!terms.has(term)) continue;
    for (const form of aliases.acronym(term)?.forms ?? []) {
      if (form.language !== language) continue;
      add(term, { terms: form.terms, weight: w.aliasWeight });
      phrases.push({ terms: form.terms, key: term });
    }
  }
  for (const found of aliases.formsIn(sequence, language)) {
    const { acronym } = found.alias;
    if (terms.has(acronym)) continue;
    const keys = sequence.slice(found.start, found.end);
    for (const key of keys) add(key, { terms: [acronym], weight: w.aliasWeight });
    spread.set(acronym, [...new Set([...(spread.get(acronym) ?? []), ...keys])]);
  }
  const written = new Map(questionWords(question).map((word) => [word.term, word] as const));
  for (const term of terms) {
    const word = written.get(term);
    if (w.fuzzyWeight === 0 || word === undefined || word.kind === 'number' || term.length < FUZZY_MIN_LENGTH || alternatives.has(term)) continue;
    // Latin script only: Arabic words one letter apart are mostly other inflections or other words
    // (its spelling variants are met by the loose key and the clitic rules instead).
    if (scriptOf(word.word) !== 'latin') continue;
    // An ordinary word is taken for a misspelling only when the dictionary does not know it: a real
    // word the corpus lacks ("stage", "compounds") is not a typo of one it has ("state", "components").
    if (word.kind === 'word' && (lexicon === undefined || lexicon.knows(word.word, 'en'))) continue;
    const frequency = index.frequency(term);
    if (frequency > FUZZY_RARE) continue;
    const variants = fuzzyVocabularyOf(index).variants(term, frequency, word.kind === 'name' ? 'name' : 'word');
    for (const variant of variants) {
      add(term, { terms: [variant], weight: w.fuzzyWeight });
      looseKeyOf.set(looseArabicKey(variant), looseArabicKey(term));
    }
  }
  return { sequence, alternatives, keyOf: NO_KEYS, looseKeyOf, frames: FRAME_TERMS, phrases, spread, keyOfSource: NO_KEYS, names: NO_NAMES, related: NO_NAMES };
}

/** Terms of the tokens written as acronyms (GNA, U.N.): only those stand for a mined name, not "un" or "arts" as words. */
function writtenAsAcronyms(tokens: readonly Token[]): Set<string> {
  const terms = new Set<string>();
  for (const token of tokens) {
    if (acronymLetters(token.text) === undefined) continue;
    const term = analyzeToken(token.text);
    if (term !== null) terms.add(term);
  }
  return terms;
}

const FUZZY_MIN_LENGTH = FUZZY.minLength;
const FUZZY_RARE = FUZZY.rareFrequency;

const aliasTables = new WeakMap<SearchIndex, { readonly without?: AliasTable; readonly by: WeakMap<Lexicon, AliasTable> }>();

/** The index's mined aliases, settled with the lexicon when there is one; built once per index and lexicon. */
function aliasTableOf(index: SearchIndex, lexicon: Lexicon | undefined): AliasTable {
  let tables = aliasTables.get(index);
  if (tables === undefined) {
    tables = { by: new WeakMap() };
    aliasTables.set(index, tables);
  }
  if (lexicon === undefined) {
    if (tables.without === undefined) {
      tables = { ...tables, without: new AliasTable(index.aliases) };
      aliasTables.set(index, tables);
    }
    return tables.without!;
  }
  let table = tables.by.get(lexicon);
  if (table === undefined) {
    table = new AliasTable(index.aliases, lexicon);
    tables.by.set(lexicon, table);
  }
  return table;
}

/**
 * Structures built from an index's vocabulary the first time a question needs them, unless
 * prepareIndex built them ahead. Kept per SentenceTokens, which an index shares with the copies
 * `withholding` makes of it (the same vocabulary and frequencies).
 */
const fuzzyVocabularies = new WeakMap<SentenceTokens, FuzzyVocabulary>();
const nameMatchers = new WeakMap<SentenceTokens, Partial<Record<Language, NameMatcher>>>();

/** The vocabulary's fuzzy index, for the questions with a rare long term. */
function fuzzyVocabularyOf(index: SearchIndex): FuzzyVocabulary {
  let fuzzy = fuzzyVocabularies.get(index.sentenceTokens);
  if (fuzzy === undefined) {
    fuzzy = new FuzzyVocabulary(index.vocabulary, (term) => index.frequency(term), soundingNear(index));
    fuzzyVocabularies.set(index.sentenceTokens, fuzzy);
  }
  return fuzzy;
}

/** The index's terms sounding near a term, from the name matcher of the term's script. */
function soundingNear(index: SearchIndex): SoundingNear {
  return (term) => nameMatcher(index, /[a-z]/.test(term) ? 'en' : 'ar').termsNear(term);
}

/** The names of `script` in the index's vocabulary, by skeleton, for a question searched in the other language. */
function nameMatcher(index: SearchIndex, script: Language): NameMatcher {
  const matchers = matchersOf(index);
  return (matchers[script] ??= new NameMatcher(index.vocabulary, script, (term) => index.frequency(term), index.sentenceTokens.writtenForms()));
}

function matchersOf(index: SearchIndex): Partial<Record<Language, NameMatcher>> {
  let matchers = nameMatchers.get(index.sentenceTokens);
  if (matchers === undefined) {
    matchers = {};
    nameMatchers.set(index.sentenceTokens, matchers);
  }
  return matchers;
}

/** Whether the structures prepareIndex builds are there for `index` (built ahead or by a question). */
export function isPrepared(index: SearchIndex): boolean {
  const matchers = nameMatchers.get(index.sentenceTokens);
  return (
    index.lookupPrepared &&
    index.sentenceTokens.foldedLookupPrepared &&
    fuzzyVocabularies.has(index.sentenceTokens) &&
    matchers?.ar !== undefined &&
    matchers.en !== undefined
  );
}

/**
 * Builds, a slice at a time, what the first questions on `index` would otherwise build in one
 * go or do without: the hashes of its vocabulary and of its folded forms, its terms' loose keys, the fuzzy index of its vocabulary and the name matchers of both scripts — seconds at 150k
 * news passages, which a bot would spend inside one answer, serving nobody else meanwhile. One
 * already built (by a question that came first) is kept.
 */
export function* prepareIndex(index: SearchIndex): Steps<void> {
  yield* index.prepareLookup();
  yield* index.sentenceTokens.prepareFoldedLookup();
  yield* termIdsOf(index.sentenceTokens, index).prepare();
  if (!fuzzyVocabularies.has(index.sentenceTokens)) {
    const fuzzy = yield* FuzzyVocabulary.stepwise(index.vocabulary, (term) => index.frequency(term), soundingNear(index));
    if (!fuzzyVocabularies.has(index.sentenceTokens)) fuzzyVocabularies.set(index.sentenceTokens, fuzzy);
  }
  for (const script of ['ar', 'en'] as const) {
    if (matchersOf(index)[script] !== undefined) continue;
    const matcher = yield* NameMatcher.stepwise(index.vocabulary, script, (term) => index.frequency(term), index.sentenceTokens.writtenForms());
    matchersOf(index)[script] ??= matcher;
  }
}

/** Keys of translated words are kept apart from index terms by a character no term holds. */
const KEY_MARK = '\u0001';

/**
 * The question translated into the corpus's other language, when a lexicon is given and the corpus
 * holds passages in that language. Each word (or multi-word headword) becomes one pseudo-term of its
 * translations; a word the dictionary lacks — a number, a Latin name or acronym — stands as it is,
 * since such words are written the same way inside the other language's text.
 */
function crossLanguageQuery(
  index: SearchIndex,
  lexicon: Lexicon | undefined,
  tokens: readonly Token[],
  language: Language,
  w: RankingWeights,
  aliases: AliasTable,
): Query | undefined {
  if (lexicon === undefined) return undefined;
  const target: Language = language === 'en' ? 'ar' : 'en';
  if (!languagesOf(index).has(target)) return undefined;
  const words = tokens.map((token) => token.text);
  const sequence: string[] = [];
  const alternatives = new Map<string, Alternative[]>();
  const keyOf = new Map<string, string>();
  const looseKeyOf = new Map<string, string>();
  const frames = new Set<string>();
  const keyOfSource = new Map<string, string>();
  const names = new Set<string>();
  const related = new Set<string>();
  const phrases: { terms: readonly string[]; key: string }[] = [];
  // An acronym the corpus defines, or its name written out, meets its name in the other language
  // through the corpus's own pairs ("حكومة الوفاق الوطني (GNA)"), not through the dictionary.
  const regions = aliasRegions(tokens, language, target, aliases);
  let nextRegion = 0;
  const emitRegions = (before: number) => {
    for (; nextRegion < regions.length && regions[nextRegion]!.start < before; nextRegion++) {
      const { alias, forms, start, end } = regions[nextRegion]!;
      const key = `${KEY_MARK}@${alias.acronym}`;
      sequence.push(key);
      // The question's words of the acronym or name are judged as the alias they were searched as.
      for (const term of analyze(words.slice(start, end).join(' '))) if (!keyOfSource.has(term)) keyOfSource.set(term, key);
      alternatives.set(key, [alias.acronym, ...forms.map((form) => ({ terms: form.terms, weight: w.aliasWeight }))]);
      keyOf.set(alias.acronym, key);
      looseKeyOf.set(looseArabicKey(alias.acronym), `${KEY_MARK}~${key}`);
      for (const form of forms) phrases.push({ terms: form.terms, key });
    }
  };
  for (const span of lexicon.translateWords(words, language)) {
    emitRegions(span.end);
    if (regions.some((region) => span.start < region.end && region.start < span.end)) continue;
    const source = analyze(words.slice(span.start, span.end).join(' '));
    if (source.length === 0) continue;
    const translations = searchedTranslations(index, span.translations, language, w);
    // Whether the word is in neither language's articles in its own senses: only a corpus that has
    // articles in the asker's language can say the word itself is absent.
    const own = span.translations.filter((t) => t.weight >= w.crossMinTranslationWeight && t.tier !== 'variant' && t.tier !== 'stem');
    // An English translation's stem may be in the articles only as another word's ("generate" and
    // "general" both stem to "gener"): its own senses are there only if the word itself is written,
    // give or take an inflection.
    // Measured in a corpus of English articles only (Arabic questions): −4 of 369 hit@3, so there a
    // stem shared with other words still counts.
    const heldOnlyAsOthers = (t: TermTranslation) => target === 'en' && t.words !== undefined && !t.words.some((word) => writtenInflected(index, word));
    // Likewise an Arabic word whose light stem the Arabic articles hold only as other words (عملة,
    // "currency", and عمليات, "operations", both stem to عمل). Measured: seed-ontopic Arabic
    // refusals 4 → 5 of 6; the bilingual XQuAD sets unchanged. (As a rule for the Arabic articles
    // themselves, monolingual: xquad-dev-ooc-ar refusals 93 → 96 of 127 for one hit@1 of 612,
    // which the 0.72 floor does not allow.)
    // Asked last: the prefix scans of the Arabic check run only for a word whose own translations are
    // missing, not for every word of every question.
    const sourceHeld = () =>
      source.some((term) => index.frequency(term) > 0) && (language !== 'ar' || span.end - span.start > 1 || writtenArabicInflected(index, words[span.start]!));
    const onlyRelated =
      languagesOf(index).has(language) && own.length > 0 && own.every((t) => index.frequency(t.term) === 0 || heldOnlyAsOthers(t)) && !sourceHeld();
    // A word the dictionary lacks, or a capitalised one it does not know as an ordinary word, may
    // be a name: matched by its consonant skeleton against the other script's corpus terms.
    let named = false;
    if (span.end - span.start === 1 && source.length === 1) {
      const word = words[span.start]!;
      const capitalised = language === 'en' && /^\p{Lu}/u.test(word) && span.start > 0;
      // A word whose every translation the corpus lacks may be a name the dictionary also knows
      // as a word: بالسراج is "saddler" there, and Sarraj in the news. Such a name must sound
      // nearly alike (unusedNameDistance): a loose match turns an off-topic word into a name.
      const unused = translations.length > 0 && translations.every((term) => index.frequency(term) === 0);
      if (translations.length === 0 || unused || (capitalised && !lexicon.knows(word, language))) {
        const matched = nameMatcher(index, target).match(language === 'ar' ? source[0]! : word, unused && !capitalised ? w.unusedNameDistance : undefined);
        if (matched.length > 0) translations.push(...(translations.length === 0 ? [source[0]!] : []), ...matched);
        named = matched.length > 0;
      }
    }
    if (translations.length === 0) {
      // Untranslated: matched as written (numbers, Latin words inside Arabic text).
      for (const term of source) sequence.push(term);
      continue;
    }
    const key = `${KEY_MARK}${source.join(' ')}`;
    sequence.push(key);
    for (const term of source) if (!keyOfSource.has(term)) keyOfSource.set(term, key);
    if (named) names.add(key);
    else if (onlyRelated) related.add(key);
    if (source.some((term) => FRAME_TERMS.has(term))) frames.add(key);
    const list = alternatives.get(key) ?? [];
    for (const term of translations) {
      if (keyOf.has(term) && keyOf.get(term) !== key) continue;
      if (!list.includes(term)) list.push(term);
      keyOf.set(term, key);
      looseKeyOf.set(looseArabicKey(term), `${KEY_MARK}~${key}`);
    }
    alternatives.set(key, list);
  }
  emitRegions(Infinity);
  if (sequence.length === 0) return undefined;
  return { sequence, alternatives, keyOf, looseKeyOf, frames, passageLanguage: target, phrases, spread: NO_KEYS, keyOfSource, names, related };
}

/**
 * The translations of one source word that are searched. An Arabic light stem joins unrelated
 * words (عامل, factor, and عاملون, workers, stem alike), so the translations of headwords met only
 * by the stem are searched only when none of the word's own translations is in the corpus.
 * Measured: Arabic questions over the English XQuAD corpus keep hit@3 369 of 612, and refuse 91
 * of the 127 same-domain questions it cannot answer instead of 87. In English, where a stem's
 * other headwords are mostly the word's own derivations, the same rule cost 21 of 405.
 */
function searchedTranslations(index: SearchIndex, translations: readonly TermTranslation[], language: Language, w: RankingWeights): string[] {
  const usable = translations.filter((t) => t.weight >= w.crossMinTranslationWeight);
  const ownFound = language === 'ar' && usable.some((t) => t.tier !== 'stem' && t.tier !== 'variant' && index.frequency(t.term) > 0);
  return (ownFound ? usable.filter((t) => t.tier !== 'stem') : usable).map((t) => t.term);
}

/**
 * Where the question (its tokens) uses a mined alias that has a name in the target language: the
 * acronym itself, or its name written out in the question's language. Token ranges, in order.
 */
function aliasRegions(
  tokens: readonly Token[],
  language: Language,
  target: Language,
  aliases: AliasTable,
): { start: number; end: number; alias: NonNullable<ReturnType<AliasTable['acronym']>>; forms: readonly { readonly terms: readonly string[] }[] }[] {
  if (aliases.size === 0) return [];
  const terms: string[] = [];
  const tokenOf: number[] = [];
  tokens.forEach((token, i) => {
    const term = analyzeToken(token.text);
    if (term === null) return;
    terms.push(term);
    tokenOf.push(i);
  });
  const regions: ReturnType<typeof aliasRegions> = [];
  const targetForms = (alias: NonNullable<ReturnType<AliasTable['acronym']>>) => alias.forms.filter((form) => form.language === target);
  for (const found of aliases.formsIn(terms, language)) {
    const forms = targetForms(found.alias);
    if (forms.length > 0) regions.push({ start: tokenOf[found.start]!, end: tokenOf[found.end - 1]! + 1, alias: found.alias, forms });
  }
  const acronyms = writtenAsAcronyms(tokens);
  terms.forEach((term, i) => {
    const alias = acronyms.has(term) ? aliases.acronym(term) : undefined;
    if (alias === undefined) return;
    const forms = targetForms(alias);
    const at = tokenOf[i]!;
    if (forms.length > 0 && !regions.some((region) => region.start <= at && at < region.end)) regions.push({ start: at, end: at + 1, alias, forms });
  });
  return regions.sort((a, b) => a.start - b.start);
}

const corpusLanguages = new WeakMap<SearchIndex, ReadonlySet<Language>>();

function languagesOf(index: SearchIndex): ReadonlySet<Language> {
  let languages = corpusLanguages.get(index);
  if (languages === undefined) {
    languages = new Set(index.documents.flatMap((document) => document.languages));
    corpusLanguages.set(index, languages);
  }
  return languages;
}

/** The scored runs of one search: candidate passages by BM25, then their sentences. */
/** One search's runs, with the question and candidate passages they were scored against. */
interface RankedSearch {
  readonly runs: Run[];
  readonly q: Question;
  readonly candidates: readonly CandidatePassage[];
}

function rankedRuns(index: SearchIndex, query: Query, asked: Asked, w: RankingWeights): RankedSearch {
  const { type, words, surfaceBigrams } = asked;
  const { sequence, alternatives } = query;
  const terms = [...new Set(sequence)];
  const alternativesOf = (key: string) => alternatives.get(key) ?? [key];
  const frequencyOf = (key: string) => (alternatives.has(key) ? index.frequencyOfAny(alternativesOf(key)) : index.frequency(key));
  const frequency = new Map(terms.map((key) => [key, frequencyOf(key)]));
  let hits =
    alternatives.size === 0
      ? index.search(retrievalTerms(index, terms), { text: 1, title: 0.5 }, w.candidatePassages)
      : index.searchGroups(retrievalKeys(index, terms, frequency).map(alternativesOf), { text: 1, title: 0.5 }, w.candidatePassages);
  if (query.passageLanguage !== undefined) {
    const wanted = query.passageLanguage;
    hits = hits.filter((hit) => index.passageLanguage(hit.passage) === wanted);
  }
  const best = hits[0]?.score ?? 0;
  const copiedPairs = foldedPairsOf(index.sentenceTokens, asked);
  const loose = new Map(terms.map((key) => [key, key.startsWith(KEY_MARK) ? `${KEY_MARK}~${key}` : looseArabicKey(key)]));
  const roles = new TermRoles(index.sentenceTokens, query, new Set(terms), new Set(loose.values()), index);
  // Titles and neighbouring sentences are only asked whether they hold one of the search's keys.
  // Several candidates are often paragraphs of one article: its title is read once.
  const titles = new Map<number, ReadonlySet<string>>();
  const titleKeys = (doc: number) => {
    let keys = titles.get(doc);
    if (keys === undefined) {
      keys = roles.keysOfTitle(doc);
      titles.set(doc, keys);
    }
    return keys;
  };
  const scored = hits.map((hit) => {
    const passage = index.passage(hit.passage)!;
    return { hit, passage, sentences: sentenceFeatures(index, passage, type, words, query, copiedPairs, roles) };
  });
  // A neighbour that is a candidate too (paragraphs of one article often are) has its sentences'
  // keys already: those of their positions.
  const sentencesOf = new Map(scored.map(({ passage, sentences }) => [passage.id, sentences]));
  const candidates = scored.map(
    ({ hit, passage, sentences }): CandidatePassage => ({
      passage,
      sentences,
      titleTerms: titleKeys(passage.doc),
      // News paragraphs are short and run on: the sentence before a paragraph often names who
      // "he" or "it" is in the first sentence of the next.
      previous: edgeSentenceTerms(index, passage, -1, roles, sentencesOf),
      next: edgeSentenceTerms(index, passage, 1, roles, sentencesOf),
      share: hit.score / best,
    }),
  );

  const n = index.passageCount;
  const idf = new Map(
    terms.map((key) => {
      const df = frequency.get(key)!;
      return [key, bm25Idf(n, df)];
    }),
  );
  const weight = localWeights(terms, idf, candidates, w, query.frames);
  const q: Question = {
    terms,
    idf,
    totalIdf: sum(idf.values()),
    weight,
    totalWeight: sum(weight.values()),
    type,
    words,
    pairs: sequence.slice(1).map((term, i) => [sequence[i]!, term] as const),
    loose,
    surfaceBigrams,
    minMatchedTerms: Math.max(
      terms.filter((key) => frequency.get(key) === 0).length * 2 >= terms.length ? Math.min(w.minMatchedTerms, terms.length) : 1,
      // One translated word in common is too often a dictionary sense that is not this one.
      query.passageLanguage !== undefined ? Math.min(w.crossMinMatchedTerms, terms.length) : 1,
    ),
    w,
    frequency,
    query,
    termIdf: terms.map((term) => idf.get(term)!),
    termWeight: terms.map((term) => weight.get(term)!),
    termLoose: terms.map((term) => loose.get(term)!),
  };

  const runs: Run[] = [];
  // Not push(...runs): spreading a passage's runs as arguments overflows the stack once a passage
  // holds a few hundred thousand sentences.
  for (const candidate of candidates) for (const run of scoreRuns(candidate, q)) runs.push(run);
  return { runs, q, candidates };
}

/** retrievalTerms for the keys of a translated query, by the frequency of each key's union. */
function retrievalKeys(index: SearchIndex, keys: readonly string[], frequency: ReadonlyMap<string, number>): string[] {
  const cap = Math.max(RETRIEVAL_MIN_CAP, index.passageCount * RETRIEVAL_SHARE);
  const byRarity = [...keys].sort((a, b) => frequency.get(a)! - frequency.get(b)!);
  return byRarity.filter((key, i) => i < RETRIEVAL_ALWAYS || frequency.get(key)! <= cap);
}

/**
 * Does this run support an answer? It must hold enough of the question's IDF mass, and when half
 * the question's words are unknown to the corpus, more than one of them: a single rare word in
 * common ("best" in a question about chocolate cake recipes) is then a coincidence. And it must
 * pass the answer check (see answerCheck.ts): what the question is about is in the run or beside it.
 */
/** Enough of its own search's question in the run (see rankedRuns), and the answer check agrees. */
function supports(run: Run, check: AnswerChecker): boolean {
  return run.coverage >= run.q.w.abstainBelow && run.matchedTerms >= run.q.minMatchedTerms && check.verdict(run).ok;
}

interface AnswerChecker {
  readonly verdict: (run: Run) => CheckVerdict;
  /** The question's words no passage holds, as written. */
  readonly absent: () => string[];
  /** Whether a word of the question is a name only the other language's articles hold (see namesFromTheOtherScript). */
  readonly namedElsewhere: () => boolean;
  /** Share of the question's rarity mass the run holds or has beside it (see supportOf). */
  readonly support: (run: Run) => number;
}

/**
 * The answer check over what ranking already computed: where each question term stands relative to
 * a run (in it, beside it, nowhere), how rare it is, and whether the corpus holds it at all. Each
 * search is judged on its own terms: a run found through the translated question by the keys its
 * words were searched as (all translations of a word count as that word).
 */
function answerChecker(
  index: SearchIndex,
  question: string,
  language: Language,
  searches: readonly RankedSearch[],
  [weights, crossWeights]: readonly [own: CheckWeights, crossLanguage: CheckWeights],
  onCheck: AnswerOptions['onCheck'],
): AnswerChecker {
  const own = searches[0]!;
  // With articles in the asker's language beside the other's, a word missing from both is not a
  // dictionary gap to forgive (CROSS_CHECK): a translated match is checked as strictly as one in
  // the asker's language.
  const bilingual = languagesOf(index).has(language) && languagesOf(index).size > 1;
  const written = questionWords(question);
  const ownWritten = namesFromTheOtherScript(index, written, searches[1]);
  const judges = new Map<Question, SearchJudge>();
  const judgeOf = (search: RankedSearch) => {
    let judge = judges.get(search.q);
    if (judge === undefined) {
      judge = searchJudge(index, search === own ? ownWritten : written, search, search === own);
      judges.set(search.q, judge);
    }
    return judge;
  };
  // A run is judged once: ranking asks about the first run, then the extract selection and the
  // choice between languages ask again.
  const evidenceOf = new WeakMap<Run, readonly TermEvidence[]>();
  const verdicts = new WeakMap<Run, CheckVerdict>();
  const judged = (run: Run) => {
    const search = searches.find((candidate) => candidate.q === run.q);
    if (search === undefined) return undefined;
    let evidence = evidenceOf.get(run);
    if (evidence === undefined) {
      evidence = judgeOf(search).evidence(run);
      evidenceOf.set(run, evidence);
    }
    return { evidence, weights: search === own || bilingual ? weights : crossWeights };
  };
  return {
    verdict: (run) => {
      const known = verdicts.get(run);
      if (known !== undefined) return known;
      const search = searches.find((candidate) => candidate.q === run.q);
      // A passage in the other language found by the question's own words (numbers, Latin names)
      // says too little to check it by: its words were never looked for in that language.
      if (search === undefined || (search === own && runLanguage(index, run) !== language)) return { ok: true };
      const { evidence, weights: chosen } = judged(run)!;
      const verdict = checkAnswer({ evidence, language, passageLanguage: search.q.query.passageLanguage ?? language, score: run.score }, chosen);
      verdicts.set(run, verdict);
      onCheck?.(evidence, verdict, { score: run.score, coverage: run.coverage, crossLanguage: search !== own });
      return verdict;
    },
    absent: () => judgeOf(own).absent(),
    namedElsewhere: () => ownWritten !== written && ownWritten.some((word, i) => word !== written[i]),
    support: (run) => {
      const found = judged(run);
      return found === undefined ? 0 : supportOf(found.evidence, found.weights);
    },
  };
}

/**
 * Arabic writes no capitals, so a name in an Arabic question is told by what the corpus holds: a
 * word no Arabic passage has and the dictionary lacks, which sounds like a name the English
 * articles hold (أفريكوم, AFRICOM), is that name. A sentence of the asker's language without it
 * does not answer the question, however many of its other words it shares ("the spokesman of …").
 */
function namesFromTheOtherScript(index: SearchIndex, written: readonly QuestionWord[], translated: RankedSearch | undefined): readonly QuestionWord[] {
  if (translated === undefined) return written;
  const { keyOfSource, names } = translated.q.query;
  return written.map((word, i) => {
    const key = keyOfSource.get(word.term);
    if (word.kind !== 'word' || key === undefined || !names.has(key) || index.frequency(word.term) > 0) return word;
    return { ...word, kind: 'name', nameGroup: -1 - written.length - i };
  });
}

interface SearchJudge {
  readonly evidence: (run: Run) => TermEvidence[];
  /** The question's words this search found in no passage, as written. */
  readonly absent: () => string[];
}

function searchJudge(index: SearchIndex, written: readonly QuestionWord[], search: RankedSearch, monolingual: boolean): SearchJudge {
  const { q, candidates } = search;
  const byPassage = new Map(candidates.map((candidate) => [candidate.passage.id, candidate]));
  const highest = index.idf('\u0000');
  // Each question word as the key it was searched as; words of one multi-word headword share a key.
  const seen = new Set<string>();
  const words: QuestionWord[] = [];
  for (const word of written) {
    const key = q.query.keyOfSource.get(word.term) ?? word.term;
    if (!q.idf.has(key) || seen.has(key)) continue;
    seen.add(key);
    words.push({ ...word, term: key, ...(q.query.names.has(key) && word.kind === 'word' ? { kind: 'name' as const, nameGroup: -1 - words.length } : {}) });
  }
  // A term no passage holds as such may still be there a clitic or affix apart (بمصراتة, مصراتة),
  // or one letter apart (a misspelt name, another inflection): such near terms are looked for
  // among the candidates' words, which is where an answer would be quoted from.
  // A word written as two ("Superbowl", "Super Bowl") is found by joining the candidates' word pairs.
  // Each candidate term with its folded spelling and loose key, computed once for all absent words.
  // Built only when a question word is not in the index — most questions have none, and folding
  // every candidate term costs more than the rest of the check. A translated word has no such
  // spellings: its translations were already looked up under their looser keys.
  // Kept as three parallel lists (a term may come twice, through a spread key: the near terms are
  // only asked whether there are any and whether a sentence holds one).
  let vocabulary: CandidateWords | undefined;
  const candidateWords = () => {
    if (vocabulary === undefined) {
      const words: CandidateWords = { terms: [], folded: [], keys: [] };
      vocabulary = words;
      // A term's loose key as the index keeps it (TermIds), rather than worked out per question.
      const ids = termIdsOf(index.sentenceTokens, index);
      const add = (term: string, looseKey: string) => {
        words.terms.push(term);
        words.folded.push(foldMarks(term));
        words.keys.push(looseKey);
      };
      const addKey = (term: string) => {
        const id = ids.idOf(term);
        add(term, id === NOT_A_TERM ? looseArabicKey(term) : ids.looseKeyOf(id));
      };
      const { keyOf, spread, phrases } = q.query;
      if (keyOf.size > 0 || phrases.length > 0) {
        const seen = new Set<string>();
        for (const candidate of candidates)
          for (const sentence of candidate.sentences)
            for (const term of sentenceKeys(index, q.query, sentence)) {
              if (seen.has(term)) continue;
              seen.add(term);
              addKey(term);
            }
      } else {
        // The same keys as sentenceKeys gives (with no key of its own and no phrase, a sentence's
        // keys are its terms and what they spread to), each distinct term met once by id: a
        // string for each of the thousands of tokens of the candidates was most of the check.
        const tokens = index.sentenceTokens;
        const stamps = vocabularyStampsOf(tokens);
        const pass = stamps.next();
        const { stamp } = stamps;
        for (const candidate of candidates) {
          for (const sentence of candidate.sentences) {
            const count = tokens.surfacesInto(sentence.sentence, decoded);
            const surfaces = decoded.ids;
            for (let t = 0; t < count; t++) {
              const id = tokens.termIdOf(surfaces[t]!);
              if (id === NO_TERM || stamp[id] === pass) continue;
              stamp[id] = pass;
              const term = tokens.term(id);
              add(term, ids.looseKeyOf(id));
              for (const key of spread.get(term) ?? NO_SPREAD) addKey(key);
            }
          }
        }
      }
    }
    return vocabulary;
  };
  // Each folded form's text with its marks folded, decoded once per check.
  const foldings = new Map<number, string>();
  const joinedIn = (sentence: SentenceFeatures, word: string) => joinsInto(index.sentenceTokens, sentence.sentence, word, foldings);
  const joinedHolds = (word: string) => candidates.some((candidate) => candidate.sentences.some((sentence) => joinedIn(sentence, word)));
  // A translation is there too when a candidate holds it a clitic or affix apart (مقاتل, مقاتلا):
  // its loose key, which every alternative of the word shares.
  const looselyHeld = (term: string) => {
    const key = q.loose.get(term)!;
    return candidates.some((candidate) => candidate.sentences.some((sentence) => sentence.loose.has(key)));
  };
  const heldAsTerm = (term: string) => q.frequency.get(term)! > 0 || (!monolingual && looselyHeld(term));
  const stemOnly = new Set(
    words
      .filter(
        (word) => monolingual && word.kind === 'name' && /^\p{Script=Latin}+$/u.test(word.word) && heldAsTerm(word.term) && !writtenInCorpus(index, word.word),
      )
      .map((word) => word.term),
  );
  const held = (term: string) => heldAsTerm(term) && !stemOnly.has(term) && !q.query.related.has(term);
  const near = new Map(
    words.map((word) => {
      const key = q.loose.get(word.term)!;
      if (!monolingual || held(word.term)) return [word.term, [] as string[]] as const;
      const folded = foldMarks(word.term);
      const { terms, folded: foldedTerms, keys } = candidateWords();
      const found: string[] = [];
      for (let i = 0; i < terms.length; i++) {
        const term = terms[i]!;
        if ((keys[i] === key || withinOneEdit(folded, foldedTerms[i]!)) && !stemOnly.has(term)) found.push(term);
      }
      return [word.term, found] as const;
    }),
  );
  const inCorpus = new Map(
    words.map(
      (word) => [word.term, held(word.term) || near.get(word.term)!.length > 0 || (monolingual && joinedHolds(foldMarks(word.word.toLowerCase())))] as const,
    ),
  );
  const supportIn = (run: Run, word: QuestionWord): Support => {
    const { term } = word;
    const candidate = byPassage.get(run.passage.id)!;
    const key = q.loose.get(term)!;
    const nearTerms = near.get(term) ?? [];
    const writtenAs = foldMarks(word.word.toLowerCase());
    const absent = monolingual && !held(term);
    let loose = false;
    for (let s = run.from; s <= run.to; s++) {
      const sentence = candidate.sentences[s]!;
      if (sentence.positions.has(term)) return 'extract';
      if (sentence.loose.has(key) || nearTerms.some((other) => sentenceKeys(index, q.query, sentence).has(other)) || (absent && joinedIn(sentence, writtenAs)))
        loose = true;
    }
    if (loose) return 'loose';
    const before = candidate.sentences[run.from - 1]?.positions ?? candidate.previous;
    const after = candidate.sentences[run.to + 1]?.positions ?? candidate.next;
    return before.has(term) || after.has(term) || candidate.titleTerms.has(term) ? 'context' : 'none';
  };
  return {
    evidence: (run) =>
      words
        .filter((word) => !FRAME_TERMS.has(word.term) && !q.query.frames.has(word.term))
        .map((word) => ({
          ...word,
          rarity: q.idf.get(word.term)! / highest,
          inCorpus: inCorpus.get(word.term)!,
          support: supportIn(run, word),
        })),
    absent: () => words.filter((word) => !inCorpus.get(word.term)).map((word) => word.word),
  };
}

/** The answer check's candidate terms (see searchJudge): each with its marks folded and its loose key, by place. */
interface CandidateWords {
  readonly terms: string[];
  readonly folded: string[];
  readonly keys: string[];
}

/**
 * Whether some sentence or title writes this name as the question does, or with an English plural
 * or possessive ending more or less: the stem alone is not enough for a name ("Liber" stems as
 * "liberation" does, and no article names a Liber).
 */
function writtenInCorpus(index: SearchIndex, name: string): boolean {
  const folded = foldWord(foldMarks(name));
  const forms = [folded, `${folded}s`, `${folded}es`, `${folded}'s`, `${folded}\u2019s`];
  for (const ending of ['es', 's']) if (folded.endsWith(ending) && folded.length > ending.length + 2) forms.push(folded.slice(0, -ending.length));
  return forms.some((form) => index.sentenceTokens.foldedId(form) >= 0);
}

/** Whether the English word `word` (lower case) is written in some sentence, as it is or inflected. */
function writtenInflected(index: SearchIndex, word: string): boolean {
  const bare = word.endsWith('e') ? word.slice(0, -1) : word;
  const forms = [word, `${word}s`, `${word}es`, `${bare}ed`, `${bare}ing`, `${word}d`, `${word}'s`, `${word}\u2019s`];
  if (word.endsWith('y')) forms.push(`${word.slice(0, -1)}ies`, `${word.slice(0, -1)}ied`);
  // A final consonant doubled before -ed and -ing ("stopped", "planning").
  if (/[^aeiou][aeiou][bdglmnprt]$/.test(word)) forms.push(`${word}${word.at(-1)}ed`, `${word}${word.at(-1)}ing`);
  return forms.some((form) => index.sentenceTokens.foldedId(form) >= 0);
}

const ARABIC_PROCLITICS = ['', 'ال', 'و', 'وال', 'ف', 'فال', 'ب', 'بال', 'وب', 'وبال', 'ل', 'لل', 'ول', 'ولل', 'ك', 'كال'] as const;
/** Endings that inflect a word without making another: pronouns, the sound plurals and dual, the accusative alef. */
const ARABIC_INFLECTIONS = ['', 'ه', 'ها', 'هم', 'هما', 'هن', 'ي', 'نا', 'ك', 'كم', 'ون', 'ين', 'ان', 'ات', 'ا', 'وا'] as const;
/** After a feminine ة: itself (folded ه), or ت before a pronoun, or the plural and dual. */
const ARABIC_FEMININE_INFLECTIONS = ['ه', 'ته', 'تها', 'تهم', 'تهما', 'تي', 'تنا', 'تك', 'تكم', 'ات', 'تين', 'تان', 'تا'] as const;

/**
 * Whether the Arabic word `word` (as the question writes it) is written in some sentence, as it is
 * or with other clitics, a pronoun suffix, a sound plural or dual ending: عملة is not written where
 * the articles say only عمليات or عمل, though all three stem to عمل; المجريون is written as
 * المجريين. A broken plural or another verb form is a different word here.
 */
function writtenArabicInflected(index: SearchIndex, word: string): boolean {
  const feminine = /\u0629[\u064B-\u0652]*$/u.test(word);
  const normalized = foldWord(word);
  const bare = [normalized, ...arabicProcliticVariants(normalized)].reduce((shortest, c) => (c.length < shortest.length ? c : shortest));
  let base = bare;
  let endings: readonly string[] = ARABIC_INFLECTIONS;
  if (feminine && bare.length >= 4) {
    base = bare.slice(0, -1);
    endings = ARABIC_FEMININE_INFLECTIONS;
  } else {
    // The longest inflection it has, when a word of three letters is left.
    for (const ending of ARABIC_INFLECTIONS)
      if (ending.length > bare.length - base.length && bare.endsWith(ending) && bare.length - ending.length >= 3)
        base = bare.slice(0, bare.length - ending.length);
  }
  const allowed = new Set<string>(endings);
  for (const proclitic of ARABIC_PROCLITICS) {
    for (const form of index.sentenceTokens.foldedStartingWith(proclitic + base)) {
      if (allowed.has(form.slice(proclitic.length + base.length))) return true;
    }
  }
  return false;
}

function runLanguage(index: SearchIndex, run: Run): Language | undefined {
  // The sentences' letters tell most runs' language without reading the passage.
  const told = index.languageOfSentences(run.passage.id, run.from, run.to);
  if (told !== 'counted') return told;
  const text = index.passageText(run.passage);
  return detectLanguage(text.slice(run.passage.sentences[run.from]!.start, run.passage.sentences[run.to]!.end));
}

/**
 * One insertion, deletion, substitution or swap of neighbours apart, for terms of four letters or
 * more (shorter ones are too often other words one letter apart).
 */
function withinOneEdit(a: string, b: string): boolean {
  if (a.length < 4 || b.length < 4 || Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

/**
 * The terms that look for candidate passages. A term found in a large share of a large corpus
 * ("said", "government" in news) cannot tell candidates apart, yet walking its postings dominates
 * the cost of a search; such terms still count when sentences are scored. The rarest terms are
 * always kept, so a question of common words still finds passages.
 */
export function retrievalTerms(index: SearchIndex, terms: readonly string[]): string[] {
  const cap = Math.max(RETRIEVAL_MIN_CAP, index.passageCount * RETRIEVAL_SHARE);
  const byRarity = [...terms].sort((a, b) => index.frequency(a) - index.frequency(b));
  return byRarity.filter((term, i) => i < RETRIEVAL_ALWAYS || index.frequency(term) <= cap);
}

/** Terms in more passages than this share of the corpus (and than RETRIEVAL_MIN_CAP) only score. */
const RETRIEVAL_SHARE = 0.02;
const RETRIEVAL_MIN_CAP = 500;
const RETRIEVAL_ALWAYS = 3;

/**
 * Distinct extracts, best first. Overlapping runs are skipped (a sentence is quoted once), and so
 * are repeats of a quote already given (captions repeated by a page, an article in two files).
 */
function selectExtracts(index: SearchIndex, runs: readonly Run[], limit: number, check: AnswerChecker | undefined, language: Language): Extract[] {
  const extracts: Extract[] = [];
  const seenQuotes = new Set<string>();
  const usedSentences = new Set<string>();
  const first = runs[0]!;
  for (const run of runs) {
    if (extracts.length >= limit) break;
    // Past the first, an extract must still match the question well: no filler to reach the limit.
    if (check !== undefined && (!supports(run, check) || run.score < run.q.w.followerShare * first.score)) break;
    const keys: string[] = [];
    for (let s = run.from; s <= run.to; s++) keys.push(`${run.passage.doc}:${run.passage.index}:${s}`);
    if (keys.some((key) => usedSentences.has(key))) continue;
    const extract = toExtract(index, run, language);
    const fingerprint = extract.quote.toLowerCase().replace(/\s+/gu, ' ');
    if (seenQuotes.has(fingerprint)) continue;
    seenQuotes.add(fingerprint);
    for (const key of keys) usedSentences.add(key);
    extracts.push(extract);
  }
  return extracts;
}

/**
 * Each sentence of the passage as the scorer sees it, from the tokens the index analysed at build
 * time (SentenceTokens): the same terms, loose keys and word pairs as analysing its text here would
 * give, without tokenising or stemming anything per question. Only the positions of the keys the
 * scorer looks up (`roles`) are kept: a news sentence holds twenty terms, a question four, and
 * mapping every term of 30 passages was most of a question's time; sentenceKeys gives the rest
 * when the answer check needs them.
 */
function sentenceFeatures(
  index: SearchIndex,
  passage: IndexedPassage,
  type: AnswerType,
  words: ReadonlySet<string>,
  query: Query,
  copiedPairs: readonly (readonly [number, number])[],
  roles: TermRoles,
): SentenceFeatures[] {
  const tokens = index.sentenceTokens;
  // Read only for a sentence whose strength the index's cues leave open: most of a typed
  // question's candidates are told from them, and reading a passage is a read of the snapshot file.
  let text: string | undefined;
  const phrases = query.phrases.length > 0;
  return passage.sentences.map((span, i) => {
    const sentence = passage.firstSentence + i;
    const count = tokens.surfacesInto(sentence, decoded);
    const { terms: termIds, folded } = sentenceIdsOf(tokens, decoded.ids, count);
    // Most sentences hold none of the question's keys: their maps are the shared empty one.
    let positions: Map<string, number[]> | undefined;
    let loose: Map<string, number[]> | undefined;
    const sequence: string[] = phrases ? [] : NO_SEQUENCE;
    let position = 0;
    for (let t = 0; t < count; t++) {
      const id = termIds[t]!;
      if (id === NO_TERM) continue;
      const role = roles.of(id);
      if (role !== null) {
        if (role.key !== undefined) push((positions ??= new Map()), role.key, position);
        for (const key of role.spread) push((positions ??= new Map()), key, position);
        if (role.loose !== undefined) push((loose ??= new Map()), role.loose, position);
      }
      if (phrases) sequence.push(tokens.term(id));
      position++;
    }
    for (const { terms, key } of query.phrases)
      if (roles.wanted.has(key)) for (const at of occurrences(sequence, terms)) push((positions ??= new Map()), key, at);
    return {
      span,
      positions: positions ?? NO_POSITIONS,
      loose: loose ?? NO_POSITIONS,
      termCount: position,
      typeStrength:
        strengthFromCues(index.answerCuesOf(sentence), type) ??
        answerTypeStrength((text ??= index.passageText(passage)).slice(span.start, span.end), type, words),
      copied: copiedPairsIn(folded, count, copiedPairs),
      sentence,
    };
  });
}

/** The terms in order of a sentence sentenceFeatures reads for no phrase: never read, never added to. */
const NO_SEQUENCE: string[] = [];

/**
 * Surface ids of the sentence or title being read (SentenceTokens.surfacesInto, titleSurfacesInto),
 * one buffer for all of them; read `decoded.ids` after the decode, which may replace it with a longer one.
 */
const decoded = { ids: new Uint32Array(256) };

/** What a term (by id) counts as in one search, for the keys the scorer looks up; null: nothing. */
interface TermRole {
  readonly key: string | undefined;
  readonly spread: readonly string[];
  readonly loose: string | undefined;
}

/** The roles of the terms one search meets, each worked out once per question. */
class TermRoles {
  private readonly roles: (TermRole | null)[] = [];
  private readonly slots: RoleSlots;
  private readonly generation: number;
  private readonly ids: TermIds;
  /**
   * What `find` asks, by term id: which ids count as which wanted key, which loose keys (by the
   * id of the term the key is, or as a string when it is none) as which wanted loose key, and
   * which ids spread to wanted keys. Worked out from the query's few strings here, so that the
   * thousands of terms a search meets are told apart without touching their strings.
   */
  private readonly keyById = new Map<number, string>();
  private readonly looseById = new Map<number, string>();
  private readonly looseByKey = new Map<string, string>();
  private readonly spreadById = new Map<number, readonly string[]>();

  constructor(
    private readonly tokens: SentenceTokens,
    private readonly query: Query,
    /** The search's keys (Question.terms). */
    readonly wanted: ReadonlySet<string>,
    /** Their loose keys (Question.loose values). */
    wantedLoose: ReadonlySet<string>,
    index: SearchIndex,
  ) {
    this.slots = roleSlotsOf(tokens);
    this.generation = this.slots.next();
    const ids = (this.ids = termIdsOf(tokens, index));
    const { keyOf, looseKeyOf, spread } = query;
    // A term counts as keyOf's key for it, else as itself.
    const keyed = (term: string, key: string) => {
      const id = ids.idOf(term);
      if (id !== NOT_A_TERM) this.keyById.set(id, key);
    };
    for (const [term, key] of keyOf) if (wanted.has(key)) keyed(term, key);
    for (const key of wanted) if (!keyOf.has(key)) keyed(key, key);
    // Likewise a loose key counts as looseKeyOf's for it, else as itself.
    const loosened = (looseKey: string, wantedKey: string) => {
      const id = ids.idOf(looseKey);
      if (id !== NOT_A_TERM) this.looseById.set(id, wantedKey);
      else this.looseByKey.set(looseKey, wantedKey);
    };
    for (const [looseKey, of] of looseKeyOf) if (wantedLoose.has(of)) loosened(looseKey, of);
    for (const looseKey of wantedLoose) if (!looseKeyOf.has(looseKey)) loosened(looseKey, looseKey);
    for (const [term, keys] of spread) {
      const id = ids.idOf(term);
      const spreadKeys = keys.filter((other) => wanted.has(other));
      if (id !== NOT_A_TERM && spreadKeys.length > 0) this.spreadById.set(id, spreadKeys);
    }
    // Once the index lists each loose key's terms (TermIds.prepare), the terms with a role are
    // known ahead: those of keyById and spreadById, and those whose loose key is wanted. They are
    // worked out now, and every other term a search meets is none of the question's at one read.
    const loosely = [...this.looseById.keys()].map((looseId) => ids.withLooseId(looseId));
    for (const looseKey of this.looseByKey.keys()) loosely.push(ids.withLooseKey(looseKey));
    if (ids.listed && loosely.every((members) => members !== undefined)) {
      const withRole = this.slots.takeWithRole(this.generation);
      const mark = (id: number) => {
        if (this.roleOf(id) !== null) this.slots.markWithRole(id);
      };
      for (const id of this.keyById.keys()) mark(id);
      for (const id of this.spreadById.keys()) mark(id);
      for (const members of loosely) for (const id of members!) mark(id);
      this.withRole = withRole;
    }
  }

  /** Once every term with a role is known (see the constructor): RoleSlots.withRole, while this search holds it. */
  private readonly withRole: Uint32Array | undefined;

  of(id: number): TermRole | null {
    const { withRole } = this;
    if (withRole !== undefined && this.slots.withRoleOwner === this.generation && (withRole[id >>> 5]! & (1 << (id & 31))) === 0) return null;
    return this.roleOf(id);
  }

  /** The role as worked out for this search, or worked out now (again when a later search has taken the slots over: see RoleSlots). */
  private roleOf(id: number): TermRole | null {
    const { stamp, slot } = this.slots;
    return stamp[id] === this.generation ? this.roles[slot[id]!]! : this.find(id);
  }

  /** keysIn of sentence `s`. */
  keysOfSentence(s: number): ReadonlySet<string> {
    return this.keysOfDecoded(this.tokens.surfacesInto(s, decoded));
  }

  /** keysIn of document `doc`'s title. */
  keysOfTitle(doc: number): ReadonlySet<string> {
    return this.keysOfDecoded(this.tokens.titleSurfacesInto(doc, decoded));
  }

  /**
   * keysIn of the `count` surfaces just decoded into `decoded`: its buffer is read here, after the
   * decode, which may have replaced it with a longer one (read before, a long title's words went
   * uncounted by the first question to meet it).
   */
  private keysOfDecoded(count: number): ReadonlySet<string> {
    return this.keysIn(decoded.ids, count);
  }

  /** The search's keys among the first `count` surfaces' terms: keysOf their terms, of those in `wanted` only. */
  keysIn(surfaces: Uint32Array, count = surfaces.length): ReadonlySet<string> {
    // Most titles and edge sentences hold none of the keys: they share one empty set.
    let keys: Set<string> | undefined;
    for (let t = 0; t < count; t++) {
      const id = this.tokens.termIdOf(surfaces[t]!);
      if (id === NO_TERM) continue;
      const role = this.of(id);
      if (role === null) continue;
      if (role.key !== undefined) (keys ??= new Set()).add(role.key);
      for (const key of role.spread) (keys ??= new Set()).add(key);
    }
    const phrases = (this.wantedPhrases ??= this.query.phrases.filter(({ key }) => this.wanted.has(key)));
    if (phrases.length > 0) {
      const terms: string[] = [];
      for (let t = 0; t < count; t++) {
        const id = this.tokens.termIdOf(surfaces[t]!);
        if (id !== NO_TERM) terms.push(this.tokens.term(id));
      }
      for (const { terms: phrase, key } of phrases) if (occurrences(terms, phrase).length > 0) (keys ??= new Set()).add(key);
    }
    return keys ?? EMPTY;
  }

  /** The query's phrases whose key is wanted, once worked out. */
  private wantedPhrases: Query['phrases'] | undefined;

  /** The slow path, apart so that `of` stays small enough to be inlined into the token loop. */
  private find(id: number): TermRole | null {
    const { stamp, slot } = this.slots;
    const key = this.keyById.get(id);
    const looseId = this.ids.looseIdOf(id);
    const loose = looseId !== NOT_A_TERM ? this.looseById.get(looseId) : this.looseByKey.size === 0 ? undefined : this.looseByKey.get(this.ids.looseKeyOf(id));
    const spreadKeys = this.spreadById.size === 0 ? NO_SPREAD : (this.spreadById.get(id) ?? NO_SPREAD);
    // Most terms of a passage are none of the question's: no object for them.
    const role = key !== undefined || loose !== undefined || spreadKeys.length > 0 ? { key, spread: spreadKeys, loose } : null;
    stamp[id] = this.generation;
    slot[id] = this.roles.length;
    this.roles.push(role);
    return role;
  }
}

/**
 * Per term id of an index, a mark of the last pass that met it (`stamp`): a pass takes a
 * generation (`next`) and tells the ids it met already from the others without clearing anything.
 */
class TermStamps {
  readonly stamp: Uint32Array;
  private generation = 0;

  constructor(terms: number) {
    this.stamp = new Uint32Array(terms);
  }

  next(): number {
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    return ++this.generation;
  }
}

/**
 * Per term id of an index, which question last looked it up (`stamp`) and where its role is in
 * that question's list (`slot`): a Map from id to role per question cost more than the lookups it
 * saved. Each TermRoles has its own generation, so two alive at once only make each other work a
 * role out again, never read the other's.
 */
class RoleSlots extends TermStamps {
  readonly slot: Uint32Array;
  /**
   * For the latest search that knows every term with a role ahead (`withRoleOwner`), one bit per
   * term id saying it has one: 40 KB at 300k terms, which stay in the cache where the stamps'
   * 1.2 MB, read at a term id met at random, did not — the test a search makes for each of its
   * thousands of tokens. Handed from search to search, cleared of the last one's bits only.
   */
  private readonly withRole: Uint32Array;
  private withRoleIds: number[] = [];
  withRoleOwner = 0;

  constructor(terms: number) {
    super(terms);
    this.slot = new Uint32Array(terms);
    this.withRole = new Uint32Array((terms + 31) >>> 5);
  }

  /** withRole, emptied, for the search of this generation. */
  takeWithRole(generation: number): Uint32Array {
    for (const id of this.withRoleIds) this.withRole[id >>> 5] = 0;
    this.withRoleIds = [];
    this.withRoleOwner = generation;
    return this.withRole;
  }

  markWithRole(id: number): void {
    this.withRole[id >>> 5]! |= 1 << (id & 31);
    this.withRoleIds.push(id);
  }
}

const roleSlots = new WeakMap<SentenceTokens, RoleSlots>();
/** Stamps of the answer check's pass over its candidates' terms (see searchJudge). */
const vocabularyStamps = new WeakMap<SentenceTokens, TermStamps>();

const roleSlotsOf = (tokens: SentenceTokens): RoleSlots => perTerm(roleSlots, tokens, (terms) => new RoleSlots(terms));
const vocabularyStampsOf = (tokens: SentenceTokens): TermStamps => perTerm(vocabularyStamps, tokens, (terms) => new TermStamps(terms));

/** One `T` per index (its sentence tokens), made for its number of terms when first asked for. */
function perTerm<T>(made: WeakMap<SentenceTokens, T>, tokens: SentenceTokens, make: (terms: number) => T): T {
  let value = made.get(tokens);
  if (value === undefined) {
    value = make(tokens.termCount);
    made.set(tokens, value);
  }
  return value;
}

const NO_SPREAD: readonly string[] = [];
const NO_POSITIONS: ReadonlyMap<string, readonly number[]> = new Map();

const sentenceKeyMemo = new WeakMap<SentenceFeatures, ReadonlySet<string>>();

/**
 * Every key the sentence holds in this query (not only the question's), in the order first met:
 * what SentenceFeatures.positions held before it kept the question's keys only. For the answer
 * check's look at the words near an absent one, which few questions need.
 */
function sentenceKeys(index: SearchIndex, query: Query, sentence: SentenceFeatures): ReadonlySet<string> {
  let keys = sentenceKeyMemo.get(sentence);
  if (keys === undefined) {
    const found = new Set<string>();
    const terms = index.sentenceTokens.termsOf(sentence.sentence);
    for (const term of terms) {
      found.add(query.keyOf.get(term) ?? term);
      for (const key of query.spread.get(term) ?? []) found.add(key);
    }
    for (const { terms: phrase, key } of query.phrases) if (occurrences(terms, phrase).length > 0) found.add(key);
    keys = found;
    sentenceKeyMemo.set(sentence, keys);
  }
  return keys;
}

/** How many of the pairs (folded-form ids) stand side by side among the first `count` folded-form ids of a sentence. */
function copiedPairsIn(folded: Uint32Array, count: number, pairs: readonly (readonly [number, number])[]): number {
  let found = 0;
  for (const [first, second] of pairs) {
    if (first === -1 || second === -1) continue;
    for (let t = 1; t < count; t++) {
      if (folded[t - 1] === first && folded[t] === second) {
        found++;
        break;
      }
    }
  }
  return found;
}

/**
 * The term ids and folded-form ids of the first `count` surfaces, in one buffer each for every
 * sentence. Read in a loop of their own, whose loads depend on nothing but the surfaces: the rarer
 * words' entries are out of the cache, and so they are fetched side by side rather than one at a
 * time behind the branches of the loop that uses them.
 */
function sentenceIdsOf(tokens: SentenceTokens, surfaces: Uint32Array, count: number): { readonly terms: Uint32Array; readonly folded: Uint32Array } {
  if (sentenceIds.terms.length < count) {
    const length = Math.max(count, 2 * sentenceIds.terms.length);
    sentenceIds = { terms: new Uint32Array(length), folded: new Uint32Array(length) };
  }
  const { terms, folded } = sentenceIds;
  for (let t = 0; t < count; t++) {
    const surface = surfaces[t]!;
    terms[t] = tokens.termIdOf(surface);
    folded[t] = tokens.foldedIdOf(surface);
  }
  return sentenceIds;
}

let sentenceIds = { terms: new Uint32Array(256), folded: new Uint32Array(256) };

const askedPairs = new WeakMap<Asked, (readonly [number, number])[]>();

/** foldedPairs of the question's surface bigrams, once per question for both its searches (each id is a binary search of decoded forms). */
function foldedPairsOf(tokens: SentenceTokens, asked: Asked): readonly (readonly [number, number])[] {
  let pairs = askedPairs.get(asked);
  if (pairs === undefined) {
    pairs = foldedPairs(tokens, asked.surfaceBigrams);
    askedPairs.set(asked, pairs);
  }
  return pairs;
}

/** The question's word pairs as folded-form ids of the index; a word no sentence holds is -1, and its pairs match nothing. */
function foldedPairs(tokens: SentenceTokens, bigrams: readonly string[]): (readonly [number, number])[] {
  // A folded word holds no space (tokens hold none), so a pair splits back into its two words.
  return bigrams.map((bigram) => {
    const [first, second] = bigram.split(' ') as [string, string];
    return [tokens.foldedId(first), tokens.foldedId(second)] as const;
  });
}

/**
 * Whether two adjacent words of sentence `s` as written (lower case, stop words kept), joined into one word
 * with their marks folded, are `word`. Each word's marks are folded apart (`foldings`, by
 * folded-form id, shared across a check's sentences): the marks of a joined pair are those of its
 * two words, as NFD only reorders marks among themselves and marks are dropped.
 */
function joinsInto(tokens: SentenceTokens, s: number, word: string, foldings: Map<number, string>): boolean {
  const folding = (id: number) => {
    let text = foldings.get(id);
    if (text === undefined) {
      text = foldMarks(tokens.folding(id));
      foldings.set(id, text);
    }
    return text;
  };
  const count = tokens.surfacesInto(s, decoded);
  const surfaces = decoded.ids;
  // foldMarks folds each character apart (NFD, marks dropped), so a form whose first character it
  // keeps starts the joined word only when that is the word's first: most forms are passed over
  // without being decoded.
  const lead = word.charCodeAt(0);
  for (let t = 1; t < count; t++) {
    const firstId = tokens.foldedIdOf(surfaces[t - 1]!);
    const plain = tokens.plainFirstUnit(firstId);
    if (plain !== -1 && plain !== lead) continue;
    const first = folding(firstId);
    if (first.length > word.length || !word.startsWith(first)) continue;
    const second = folding(tokens.foldedIdOf(surfaces[t]!));
    if (first.length + second.length === word.length && word.endsWith(second)) return true;
  }
  return false;
}

/** Where `phrase` starts in `sequence`, as consecutive terms. */
function occurrences(sequence: readonly string[], phrase: readonly string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i + phrase.length <= sequence.length; i++) if (phrase.every((term, k) => sequence[i + k] === term)) found.push(i);
  return found;
}

function bigramsOf(words: readonly string[]): Set<string> {
  const bigrams = new Set<string>();
  // Arabic words are compared normalised (hamza forms, harakat) so a copied phrase is found however it is spelt.
  const folded = words.map(foldWord);
  for (let i = 1; i < folded.length; i++) bigrams.add(`${folded[i - 1]!} ${folded[i]!}`);
  return bigrams;
}

/** Terms of the sentence across the paragraph boundary from passage `id` (-1: before, 1: after). */
function edgeSentenceTerms(
  index: SearchIndex,
  passage: IndexedPassage,
  direction: -1 | 1,
  roles: TermRoles,
  candidates: ReadonlyMap<number, readonly SentenceFeatures[]>,
): KeySet {
  const neighbour = passage.id + direction;
  if (!(neighbour >= 0 && neighbour < index.passageCount) || index.docOfPassage(neighbour) !== passage.doc) return EMPTY;
  const count = index.sentenceCountOf(neighbour);
  if (count === 0) return EMPTY;
  const scored = candidates.get(neighbour);
  if (scored !== undefined) return scored[direction === -1 ? scored.length - 1 : 0]!.positions;
  const first = index.firstSentenceOf(neighbour);
  return roles.keysOfSentence(direction === -1 ? first + count - 1 : first);
}

/** The keys a sentence holds (a set of them, or the keys of its positions): asked only whether it holds one. */
type KeySet = Pick<ReadonlySet<string>, 'has'>;

const EMPTY: ReadonlySet<string> = new Set();

function push(map: Map<string, number[]>, key: string, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function localWeights(
  terms: readonly string[],
  idf: ReadonlyMap<string, number>,
  candidates: readonly CandidatePassage[],
  w: RankingWeights,
  frames: ReadonlySet<string>,
): Map<string, number> {
  let sentenceCount = 0;
  const frequency = new Map<string, number>();
  for (const candidate of candidates) {
    for (const sentence of candidate.sentences) {
      sentenceCount++;
      for (const term of terms) if (sentence.positions.has(term)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    }
  }
  const ceiling = bm25Idf(sentenceCount, 0);
  return new Map(
    terms.map((term) => {
      const df = frequency.get(term) ?? 0;
      const local = bm25Idf(sentenceCount, df) / ceiling;
      const frame = frames.has(term) ? w.frameWeight : 1;
      return [term, frame * idf.get(term)! * (1 - w.localWeight + w.localWeight * local)];
    }),
  );
}

function scoreRuns(candidate: CandidatePassage, q: Question): Run[] {
  const { sentences } = candidate;
  const runs: Run[] = [];
  for (let from = 0; from < sentences.length; from++) {
    runs.push(scoreRun(candidate, from, from, q));
    const to = from + 1;
    // A run is the shortest that carries the match: both sentences must hold part of the question.
    if (
      to < sentences.length &&
      sentences[to]!.span.end - sentences[from]!.span.start <= q.w.maxRunLength &&
      holdsQuestionTerm(sentences[from]!, q) &&
      holdsQuestionTerm(sentences[to]!, q)
    ) {
      runs.push(scoreRun(candidate, from, to, q));
    }
  }
  return runs;
}

function holdsQuestionTerm(sentence: SentenceFeatures, q: Question): boolean {
  const { terms, termLoose } = q;
  for (let t = 0; t < terms.length; t++) if (sentence.positions.has(terms[t]!) || sentence.loose.has(termLoose[t]!)) return true;
  return false;
}

function scoreRun(candidate: CandidatePassage, from: number, to: number, q: Question): Run {
  const { w } = q;
  const { sentences, titleTerms } = candidate;
  // The run's terms as one sequence, so proximity and phrases work across a sentence boundary; a
  // run of one sentence (most runs) is read as the sentence's own maps.
  let positions: ReadonlyMap<string, readonly number[]> = sentences[from]!.positions;
  let loose: ReadonlyMap<string, readonly number[]> = sentences[from]!.loose;
  let typeStrength = sentences[from]!.typeStrength;
  let copied = sentences[from]!.copied;
  if (to > from) {
    const joined = new Map<string, number[]>();
    const joinedLoose = new Map<string, number[]>();
    let offset = 0;
    for (let s = from; s <= to; s++) {
      const sentence = sentences[s]!;
      mergeShifted(joined, sentence.positions, offset);
      mergeShifted(joinedLoose, sentence.loose, offset);
      offset += sentence.termCount + 1;
      typeStrength = Math.max(typeStrength, sentence.typeStrength);
      copied = Math.max(copied, sentence.copied);
    }
    positions = joined;
    loose = joinedLoose;
  }
  const before = sentences[from - 1]?.positions ?? candidate.previous;
  const after = sentences[to + 1]?.positions ?? candidate.next;
  let matchedTerms = 0;
  let matchedIdf = 0;
  let matchedWeight = 0;
  let contextIdf = 0;
  let contextWeight = 0;
  const matchedPositions: (readonly number[])[] = [];
  const { terms, termIdf, termWeight, termLoose } = q;
  for (let t = 0; t < terms.length; t++) {
    const term = terms[t]!;
    const idf = termIdf[t]!;
    const weight = termWeight[t]!;
    const exact = positions.get(term);
    const nearMiss = exact ? undefined : loose.get(termLoose[t]!);
    if (exact || nearMiss) {
      matchedTerms++;
      const credit = exact ? 1 : w.looseCredit;
      matchedIdf += credit * idf;
      matchedWeight += credit * weight;
      matchedPositions.push((exact ?? nearMiss)!);
    } else if (before.has(term) || after.has(term) || titleTerms.has(term)) {
      matchedTerms++;
      contextIdf += idf;
      contextWeight += weight;
    }
  }
  const coverage = (matchedIdf + w.contextWeight * contextIdf) / q.totalIdf;
  const score =
    (matchedWeight + w.contextWeight * contextWeight) / q.totalWeight +
    w.passageWeight * candidate.share +
    w.answerTypeBonus * typeStrength +
    w.proximityWeight * proximityOf(matchedPositions) +
    w.phraseWeight * phraseShare(q, positions) +
    w.copiedWeight * (q.surfaceBigrams.length === 0 ? 0 : copied / q.surfaceBigrams.length);
  return { passage: candidate.passage, from, to, score, coverage, matchedTerms, q };
}

function mergeShifted(into: Map<string, number[]>, from: ReadonlyMap<string, readonly number[]>, offset: number): void {
  for (const [term, list] of from) {
    const merged = into.get(term) ?? [];
    for (const position of list) merged.push(position + offset);
    into.set(term, merged);
  }
}

/** Share of the question's adjacent term pairs that also stand together (within one word) here. */
function phraseShare(q: Question, positions: ReadonlyMap<string, readonly number[]>): number {
  if (q.pairs.length === 0) return 0;
  let found = 0;
  for (const [first, second] of q.pairs) {
    const a = positions.get(first);
    const b = positions.get(second);
    if (a && b && a.some((i) => b.some((j) => j - i >= 1 && j - i <= 2))) found++;
  }
  return found / q.pairs.length;
}

function toExtract(index: SearchIndex, run: Run, language: Language): Extract {
  const document = index.documents[run.passage.doc]!;
  // The quote stays in its own language; the citation says which when it is not the question's.
  const sourceLanguage = document.languages[0];
  const passage = document.passages[run.passage.index]!;
  const start = run.passage.sentences[run.from]!.start;
  const end = run.passage.sentences[run.to]!.end;
  return {
    quote: passage.text.slice(start, end),
    score: Math.round(run.score * 1000) / 1000,
    citation: {
      documentId: document.id,
      title: document.title,
      ...(document.source !== undefined ? { source: document.source } : {}),
      ...(document.url !== undefined ? { url: document.url } : {}),
      ...(document.date !== undefined ? { date: document.date } : {}),
      file: document.file,
      ...(sourceLanguage !== undefined && sourceLanguage !== language ? { language: sourceLanguage } : {}),
      paragraph: passage.paragraph,
      start: passage.start + start,
      end: passage.start + end,
    },
  };
}
