import { analyze, tokenize } from './analyze.js';
import { normalizeArabic, stemArabic } from './arabicAnalyzer.js';
import { scriptOf } from './detectLanguage.js';
import { analyzeEnglishToken } from './englishAnalyzer.js';
import type { LexiconData } from './lexiconFile.js';
import { drain, type Steps } from './steps.js';
import type { Language } from './types.js';

/**
 * Dictionary-based query translation: a word of a question in one language → the index terms of
 * the other language it may stand for, each with a weight in (0, 1] saying how sure the lookup
 * is. Built on FreeDict's English–Arabic and Arabic–English dictionaries (`lexicon/`), whose
 * known defects are handled here rather than by editing the data:
 *
 * - **Many entries exist in one inflected form only** (الوزير but no وزير, Forces but not Force):
 *   a word is looked up in tiers — as written, normalised, as the same word without its
 *   inflection or clitics, as a variant with other affixes, and finally by stem — and each tier
 *   trusts the match less (`LEXICON_WEIGHTS.tier`).
 * - **Glosses instead of words** ("آي - الحرف الأول في اللغة الإنجليزية", "(محفّز للغدة الكظرية)"):
 *   explanations after a dash and notes in parentheses are not translations; a translation of two
 *   or three content words is down-weighted, a longer one is a description and is dropped.
 * - **Senses framed as phrases** ("بشكل مباشر" for "live", "to announce"): the framing words carry no
 *   meaning of their own and are removed before the translation is analysed.
 *
 * The two dictionaries are nearly each other's inverse; both are read as one table of
 * (English, Arabic) pairs, looked up from either side, so neither direction misses a pair only
 * the other lists. Translations are analysed with the target language's own chain (`analyze`), so
 * the terms returned are those the index holds.
 */

export interface TermTranslation {
  /** An index term of the other language (as `analyze` produces it). */
  readonly term: string;
  readonly weight: number;
  /** How the looked-up word met the headword this translation came from (its best meeting). */
  readonly tier: LookupTier;
  /**
   * The one-word translations (lower case) that analyse to `term`, when it came from any: "generate"
   * for "gener", which the corpus may hold only as "general". Absent when every translation giving
   * `term` is a phrase.
   */
  readonly words?: readonly string[];
}

/**
 * How the word met a dictionary headword: `exact` as written (case and harakat aside);
 * `normalized` after spelling normalisation (hyphens, alef forms, teh marbuta); `lemma` as the
 * same word without its inflection (forces → force) or its proclitics and article (والوزير →
 * وزير ~ الوزير); `variant` as a related form (other pronoun suffix, plural or feminine ending,
 * verb person); `stem` by sharing its stem with the headword.
 */
export type LookupTier = 'exact' | 'normalized' | 'lemma' | 'variant' | 'stem';

export interface LexiconMatch {
  /** The source side of the dictionary pair, as written (notes and glosses removed). */
  readonly source: string;
  /** Its translation, as written. */
  readonly translation: string;
  readonly tier: LookupTier;
  readonly weight: number;
}

/** A span of question words translated together: one word, or a multi-word headword. */
export interface TranslatedSpan {
  /** Indexes into the words given, `end` exclusive. */
  readonly start: number;
  readonly end: number;
  /** Empty when the dictionary has nothing for it (a name, a number, a word it lacks). */
  readonly translations: readonly TermTranslation[];
}

export const LEXICON_WEIGHTS = {
  tier: { exact: 1, normalized: 0.95, lemma: 0.85, variant: 0.7, stem: 0.5 } satisfies Record<LookupTier, number>,
  /** By the number of content terms a translation analyses to; longer ones are descriptions. */
  translationTerms: [1, 0.6, 0.4] as readonly number[],
  /** The most alternatives one word is given, best first. */
  maxAlternatives: 16,
  /** The longest multi-word headword, in words, matched in a question. */
  maxPhraseWords: 5,
} as const;

/** A dictionary pair from one side: the pair's index and how the looked-up word met it. */
interface Hit {
  readonly pair: number;
  readonly tier: LookupTier;
}

interface Phrase {
  readonly keys: readonly string[];
  readonly pair: number;
}

/**
 * Key → dictionary pairs. Most keys lead to one pair, kept as a bare number: a lexicon of 90,000
 * pairs would otherwise allocate an array per key, which was most of its build time.
 */
class PairIndex {
  private readonly map = new Map<string, number | number[]>();

  add(key: string, pair: number): void {
    const known = this.map.get(key);
    if (known === undefined) this.map.set(key, pair);
    else if (typeof known === 'number') {
      if (known !== pair) this.map.set(key, [known, pair]);
    } else if (known[known.length - 1] !== pair) known.push(pair);
  }

  get(key: string): readonly number[] {
    const known = this.map.get(key);
    return known === undefined ? NONE : typeof known === 'number' ? [known] : known;
  }

  /** The pairs of a key as kept: one as a bare number, without an array made for it (see Add). */
  pairsOf(key: string): Pairs {
    return this.map.get(key);
  }
}

const NONE: readonly number[] = [];

/** Dictionary pairs as a PairIndex keeps them: none, one, or several. */
type Pairs = number | readonly number[] | undefined;

/** Lookup tables over one language's side of the pairs, built on the first lookup from it. */
interface SideIndex {
  /**
   * Single words by normalised spelling: English in lower case with letters and digits only
   * ("Cease-fire" is also "ceasefire"), Arabic normalised. A match written the same way as the
   * word looked up (case and harakat aside) is `exact`, any other `normalized`.
   */
  readonly normalized: PairIndex;
  /** English headwords written in capitals (AC, ACLU), matched only in capitals. */
  readonly acronyms: PairIndex;
  /** Arabic only: the normalised headword without its article (الوزير → وزير). */
  readonly bare: PairIndex;
  readonly stem: PairIndex;
  /**
   * Multi-word headwords by the keys of their first two words (phrasePrefix): a common first word
   * ("وزير", "united") heads hundreds of them, which a question's next word mostly rules out.
   */
  readonly phrases: Map<string, Phrase[]>;
}

export class Lexicon {
  private readonly pairs: { readonly en: string[]; readonly ar: string[] };
  private readonly sides: Partial<Record<Language, SideIndex>> = {};
  private readonly memo = new Map<string, readonly TermTranslation[]>();
  /** `knows` by word, as `memo` keeps translations. */
  private readonly known = new Map<string, boolean>();
  /** The dictionary hits of the words asked last (see recentHits). */
  private readonly lastHits = new Map<string, Hit[]>();
  /** targetTerms of each pair met so far, per side. */
  private readonly analysed: Partial<Record<Language, (readonly string[] | undefined)[]>> = {};
  /** Headwords per dictionary, for reports. */
  readonly headwords: Readonly<Record<Language, number>>;

  /**
   * The entries themselves are not kept: every lookup goes through the pairs, and holding the
   * dictionary as read as well was a third of the lexicon's memory (20 of 62 MB of heap).
   */
  constructor(data: LexiconData, pairs: { readonly en: string[]; readonly ar: string[] } = drain(pairSteps(data))) {
    this.headwords = { en: data.en.length, ar: data.ar.length };
    this.pairs = pairs;
  }

  /**
   * The same lexicon, built a slice at a time: each `yield` is a point where a caller that must
   * keep serving (the bot, while it answers) may let other work run. Both sides' lookup tables are
   * built too, as `prepare()` builds them. The pairs' translations are analysed as lookups meet
   * them (targetTerms): analysing all 180,000 ahead spared a word's first look-up a third of its
   * time but cost the bot serving 47 MB more (RSS).
   */
  static *stepwise(data: LexiconData): Steps<Lexicon> {
    const lexicon = new Lexicon(data, yield* pairSteps(data));
    for (const language of ['en', 'ar'] as const) lexicon.sides[language] = yield* sideSteps(lexicon.pairs[language], language);
    return lexicon;
  }

  /**
   * Builds the lookup tables of both sides now (most of a second) rather than at the first
   * question that needs them.
   */
  prepare(): void {
    this.side('en');
    this.side('ar');
  }

  /** Distinct (English, Arabic) pairs once notes are removed and alternatives split. */
  get pairCount(): number {
    return this.pairs.en.length;
  }

  /** Every dictionary pair the word `word` (one token, as written) meets, best tier first. */
  lookup(word: string, from: Language): readonly LexiconMatch[] {
    const to: Language = from === 'en' ? 'ar' : 'en';
    return this.hits(word, from).map((hit) => ({
      source: this.pairs[from][hit.pair]!,
      translation: this.pairs[to][hit.pair]!,
      tier: hit.tier,
      weight: LEXICON_WEIGHTS.tier[hit.tier],
    }));
  }

  /**
   * The terms of the other language `word` (one token of a question, as written — an analysed
   * term works too, through the stem tier) may stand for. A term reached several ways keeps its
   * best weight: alternatives are not split (1/k), because the caller treats them together as one
   * structured pseudo-term (Pirkola). Empty for a word in the other script, a number, or a word
   * the dictionary lacks.
   */
  translate(word: string, from: Language): readonly TermTranslation[] {
    const key = `${from}\u0000${word}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known;
    const hits = this.recentHits(key, word, from);
    const translations = this.weigh(hits, from);
    if (this.memo.size >= MEMO_CAPACITY) this.memo.clear();
    this.memo.set(key, translations);
    this.remember(key, knownIn(hits));
    return translations;
  }

  /**
   * Whether the dictionary has `word` itself as a headword — as written, normalised, or without
   * its inflection or clitics — so that it is an ordinary word rather than a name. A related form
   * or a shared stem does not count: مصراتة is a city although المصرات is in the dictionary.
   */
  knows(word: string, from: Language): boolean {
    // A question's word is asked both this and its translation: one look-up serves both (recentHits).
    const key = `${from}\u0000${word}`;
    const known = this.known.get(key);
    if (known !== undefined) return known;
    const knows = knownIn(this.recentHits(key, word, from));
    this.remember(key, knows);
    return knows;
  }

  private remember(key: string, knows: boolean): void {
    if (this.known.size >= MEMO_CAPACITY) this.known.clear();
    this.known.set(key, knows);
  }

  /** `hits` of the word, kept for the few words asked last (`key` as translate's): the words of one question. */
  private recentHits(key: string, word: string, from: Language): Hit[] {
    let hits = this.lastHits.get(key);
    if (hits === undefined) {
      hits = this.hits(word, from);
      if (this.lastHits.size >= RECENT_HITS) this.lastHits.clear();
      this.lastHits.set(key, hits);
    }
    return hits;
  }

  /**
   * A question's words (`tokenize(question)`'s texts, in order) as translated spans: multi-word
   * headwords first, longest first ("وقف إطلاق النار", "رئيس الوزراء"), then each remaining word
   * alone. Stop words outside a multi-word headword are left out; a word with no translation is
   * kept as an empty span (a name to transliterate, a number or Latin word to match as it is).
   */
  translateWords(words: readonly string[], from: Language): readonly TranslatedSpan[] {
    const side = this.side(from);
    const spans: TranslatedSpan[] = [];
    // Each word's key once: a common first word heads hundreds of headwords, each compared word by word.
    const keys = words.map((word) => phraseKey(word, from));
    for (let i = 0; i < words.length; ) {
      const phrase = this.phraseAt(side, words, keys, i, from);
      // A multi-word headword the dictionary only describes ("Drive in" → a sentence) would hide
      // the translations of its words: they are translated one by one instead.
      const translations = phrase === undefined ? [] : this.weigh(phrase.hits, from);
      if (phrase !== undefined && translations.length > 0) {
        spans.push({ start: i, end: i + phrase.length, translations });
        i += phrase.length;
        continue;
      }
      const word = words[i]!;
      if (analyze(word).length > 0) spans.push({ start: i, end: i + 1, translations: this.translate(word, from) });
      i++;
    }
    return spans;
  }

  /** The longest headwords starting at word `start`; `keys`: phraseKey of each of `words`. */
  private phraseAt(
    side: SideIndex,
    words: readonly string[],
    keys: readonly string[],
    start: number,
    from: Language,
  ): { length: number; hits: Hit[] } | undefined {
    // Headwords are of two words or more.
    if (start + 1 >= words.length) return undefined;
    const first = words[start]!;
    // The first word may carry a proclitic the headword lacks (لوزير الخارجية, والأمم المتحدة).
    const firstKeys = from === 'en' ? [[first.toLowerCase(), 'exact'] as const] : arabicPhraseFirstKeys(first);
    let best: { length: number; hits: Hit[] } | undefined;
    // Every headword of a list has the question's next word as its second: compared from the third.
    for (const [firstKey, tier] of firstKeys) {
      for (const phrase of side.phrases.get(phrasePrefix(firstKey, keys[start + 1]!)) ?? []) {
        const length = phrase.keys.length;
        if (start + length > words.length || (best !== undefined && length < best.length)) continue;
        let matches = true;
        for (let k = 2; k < length && matches; k++) matches = keys[start + k] === phrase.keys[k];
        if (!matches) continue;
        if (best === undefined || length > best.length) best = { length, hits: [] };
        best.hits.push({ pair: phrase.pair, tier });
      }
    }
    return best;
  }

  private hits(word: string, from: Language): Hit[] {
    if (!isScript(word, from)) return [];
    const side = this.side(from);
    const found = new Map<number, LookupTier>();
    const addOne = (pair: number, tier: LookupTier) => {
      const before = found.get(pair);
      if (before === undefined || LEXICON_WEIGHTS.tier[tier] > LEXICON_WEIGHTS.tier[before]) found.set(pair, tier);
    };
    // A word's look-up asks dozens of keys, most of one pair or none: no array is made for those.
    const add = (pairs: Pairs, tier: LookupTier) => {
      if (pairs === undefined) return;
      if (typeof pairs === 'number') addOne(pairs, tier);
      else for (const pair of pairs) addOne(pair, tier);
    };
    if (from === 'en') englishHits(word, side, this.pairs.en, add);
    else arabicHits(word, side, this.pairs.ar, add);
    return [...found].map(([pair, tier]) => ({ pair, tier })).sort((a, b) => LEXICON_WEIGHTS.tier[b.tier] - LEXICON_WEIGHTS.tier[a.tier] || a.pair - b.pair);
  }

  private weigh(hits: readonly Hit[], from: Language): readonly TermTranslation[] {
    const to: Language = from === 'en' ? 'ar' : 'en';
    const best = new Map<string, { weight: number; tier: LookupTier }>();
    const words = new Map<string, string[]>();
    for (const hit of hits) {
      const terms = this.targetTerms(hit.pair, to);
      const shape = LEXICON_WEIGHTS.translationTerms[terms.length - 1];
      if (shape === undefined) continue;
      const weight = LEXICON_WEIGHTS.tier[hit.tier] * shape;
      for (const term of terms) if (weight > (best.get(term)?.weight ?? 0)) best.set(term, { weight, tier: hit.tier });
      const text = this.pairs[to][hit.pair]!;
      if (terms.length === 1 && SINGLE_WORD.test(text)) {
        const word = text.toLowerCase();
        const list = words.get(terms[0]!);
        if (list === undefined) words.set(terms[0]!, [word]);
        else if (!list.includes(word)) list.push(word);
      }
    }
    return [...best]
      .map(([term, { weight, tier }]): TermTranslation => {
        const written = words.get(term);
        return written === undefined ? { term, weight, tier } : { term, weight, tier, words: written };
      })
      .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
      .slice(0, LEXICON_WEIGHTS.maxAlternatives);
  }

  /** The distinct index terms of a pair's `to` side; none when it is not written in that language. */
  private targetTerms(pair: number, to: Language): readonly string[] {
    // Analysed once per pair: a word's look-up meets dozens of pairs, a common stem's the same ones
    // question after question.
    const analysed = (this.analysed[to] ??= new Array<readonly string[] | undefined>(this.pairs[to].length));
    const known = analysed[pair];
    if (known !== undefined) return known;
    const text = this.pairs[to][pair]!;
    const terms = isScript(text, to) ? [...new Set(analyze(text))] : NO_TERMS;
    analysed[pair] = terms;
    return terms;
  }

  private side(language: Language): SideIndex {
    let side = this.sides[language];
    if (side === undefined) {
      side = drain(sideSteps(this.pairs[language], language));
      this.sides[language] = side;
    }
    return side;
  }
}

const MEMO_CAPACITY = 20_000;
/** Words whose dictionary hits are kept (recentHits): more than a question has. */
const RECENT_HITS = 256;

const NO_TERMS: readonly string[] = [];

/** Whether the hits hold the word itself as a headword (see `knows`). */
function knownIn(hits: readonly Hit[]): boolean {
  return hits.some((hit) => hit.tier === 'exact' || hit.tier === 'normalized' || hit.tier === 'lemma');
}

// ---------------------------------------------------------------------------------------------
// The pair table

/** Words that only frame a sense as a phrase: "بشكل مباشر" is "مباشر", "to announce" is "announce". */
const ARABIC_FRAMES = /^(?:بشكل|بصورة|بطريقة|على نحو)\s+/;
const ENGLISH_FRAMES = /^(?:to|a|an|the)\s+/i;
/** Anything `alternativesOf` would change: notes, glosses, separators, stray spaces. */
const NEEDS_CLEANING = /[()[\]\-–—,;،؛]|\s\s|^\s|\s$|[^\S ]/;

/**
 * A headword or translation as the dictionary writes it → the alternatives it lists. Notes in
 * parentheses or brackets (closed or cut off) and explanations after a spaced dash are not part of
 * the translation; commas and semicolons (Arabic or Latin) separate synonyms.
 */
export function alternativesOf(text: string, language: Language): string[] {
  if (!NEEDS_CLEANING.test(text) && !(language === 'ar' ? ARABIC_FRAMES : ENGLISH_FRAMES).test(text)) return [text];
  const withoutNotes = text.replace(/\([^)]*\)?|\[[^\]]*\]?/g, ' ');
  const beforeGloss = withoutNotes.split(/\s[-–—]\s/)[0]!;
  const frames = language === 'ar' ? ARABIC_FRAMES : ENGLISH_FRAMES;
  const alternatives: string[] = [];
  for (const part of beforeGloss.split(/[,;،؛]/)) {
    let alternative = part.replace(/\s+/g, ' ').trim();
    const unframed = alternative.replace(frames, '');
    if (unframed !== '') alternative = unframed;
    if (alternative !== '' && !alternatives.includes(alternative)) alternatives.push(alternative);
  }
  return alternatives;
}

/** Entries or pairs handled between two yields of a stepwise build: a few milliseconds' work. */
const STEP = 4000;

function* pairSteps(data: LexiconData): Steps<{ en: string[]; ar: string[] }> {
  let done = 0;
  const en: string[] = [];
  const ar: string[] = [];
  const seen = new Set<string>();
  const add = (english: string, arabic: string) => {
    const key = `${english.toLowerCase()}\u0000${stripHarakat(arabic)}`;
    if (seen.has(key)) return;
    seen.add(key);
    en.push(english);
    ar.push(arabic);
  };
  for (const entry of data.en) {
    const heads = alternativesOf(entry.headword, 'en');
    for (const translation of entry.translations) {
      for (const arabic of alternativesOf(translation, 'ar')) for (const english of heads) add(english, arabic);
    }
    if (++done % STEP === 0) yield;
  }
  for (const entry of data.ar) {
    const heads = alternativesOf(entry.headword, 'ar');
    for (const translation of entry.translations) {
      for (const english of alternativesOf(translation, 'en')) for (const arabic of heads) add(english, arabic);
    }
    if (++done % STEP === 0) yield;
  }
  return { en, ar };
}

// ---------------------------------------------------------------------------------------------
// Keys

const HARAKAT = /[\u0640\u064B-\u0652\u0670]/g;

function stripHarakat(text: string): string {
  return text.replace(HARAKAT, '');
}

/** A word of a multi-word headword or of a question, compared within a phrase. */
function phraseKey(word: string, language: Language): string {
  return language === 'en' ? word.toLowerCase() : normalizeArabic(stripHarakat(word));
}

/** The key a multi-word headword is found by: its first two words' phraseKeys (no key holds a NUL). */
function phrasePrefix(first: string, second: string): string {
  return `${first}\u0000${second}`;
}

function isScript(text: string, language: Language): boolean {
  const wanted = language === 'ar' ? 'arabic' : 'latin';
  for (const ch of text) if (scriptOf(ch) === wanted) return true;
  return false;
}

const SINGLE_WORD = /^[\p{L}\p{M}]+$/u;
const ACRONYM = /^\p{Lu}{2,}$/u;
const PLAIN_ENGLISH = /^[a-z]+$/;

function* sideSteps(texts: readonly string[], language: Language): Steps<SideIndex> {
  const side: SideIndex = { normalized: new PairIndex(), acronyms: new PairIndex(), bare: new PairIndex(), stem: new PairIndex(), phrases: new Map() };
  for (let pair = 0; pair < texts.length; pair++) {
    if (pair > 0 && pair % STEP === 0) yield;
    const text = texts[pair]!;
    // Most headwords are one plain word: no need for the tokeniser's full rules.
    const words = SINGLE_WORD.test(text) ? [text] : tokenize(text).map((t) => t.text);
    if (words.length === 0) continue;
    if (words.length > 1) {
      if (language === 'en') side.normalized.add(englishKey(words.join('')), pair);
      if (words.length <= LEXICON_WEIGHTS.maxPhraseWords) {
        const keys = words.map((w) => phraseKey(w, language));
        const prefix = phrasePrefix(keys[0]!, keys[1]!);
        const list = side.phrases.get(prefix);
        if (list === undefined) side.phrases.set(prefix, [{ keys, pair }]);
        else list.push({ keys, pair });
      }
      continue;
    }
    const word = words[0]!;
    if (language === 'en') {
      if (ACRONYM.test(word)) side.acronyms.add(word, pair);
      const lower = word.toLowerCase();
      side.normalized.add(PLAIN_ENGLISH.test(lower) ? lower : englishKey(lower), pair);
      const stem = analyzeEnglishToken(lower);
      if (stem !== null) side.stem.add(stem, pair);
    } else {
      const normalized = normalizeArabic(stripHarakat(word));
      side.normalized.add(normalized, pair);
      const article = withoutArticle(normalized);
      if (article !== undefined) side.bare.add(article, pair);
      side.stem.add(stemArabic(normalized), pair);
    }
  }
  return side;
}

function englishKey(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

type Add = (pairs: Pairs, tier: LookupTier) => void;

// ---------------------------------------------------------------------------------------------
// English lookup

const POSSESSIVE = /['\u2019\uFF07][sS]?$/;

function englishHits(token: string, side: SideIndex, texts: readonly string[], add: Add): void {
  const word = token.replace(POSSESSIVE, '');
  const letters = word.replaceAll('.', '');
  // "US", "WHO", "IT" in capitals are names: they meet only headwords written in capitals, never
  // the pronouns "us", "who", "it".
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) {
    add(side.acronyms.pairsOf(letters), 'exact');
    return;
  }
  const lower = word.toLowerCase();
  const same = side.normalized.get(englishKey(lower));
  add(
    same.filter((pair) => texts[pair]!.toLowerCase() === lower),
    'exact',
  );
  add(same, 'normalized');
  for (const lemma of englishLemmas(lower)) add(side.normalized.pairsOf(lemma), 'lemma');
  const stem = analyzeEnglishToken(lower);
  if (stem !== null) add(side.stem.pairsOf(stem), 'stem');
}

/**
 * The forms a regularly inflected English word may have come from (forces → force, strikes →
 * strike, killed → kill, brokered → broker, stopped → stop, militias → militia, countries →
 * country). Wrong guesses ("bus" → "bu") simply find no headword.
 */
export function englishLemmas(word: string): string[] {
  const lemmas: string[] = [];
  const add = (lemma: string) => {
    if (lemma.length >= 2 && lemma !== word && !lemmas.includes(lemma)) lemmas.push(lemma);
  };
  if (/ies$/.test(word)) add(`${word.slice(0, -3)}y`);
  if (/(?:s|x|z|ch|sh)es$/.test(word)) add(word.slice(0, -2));
  if (/[^s]s$/.test(word)) add(word.slice(0, -1));
  if (/ied$/.test(word)) add(`${word.slice(0, -3)}y`);
  for (const suffix of ['ed', 'ing']) {
    if (!word.endsWith(suffix) || word.length < suffix.length + 3) continue;
    const base = word.slice(0, -suffix.length);
    add(base);
    add(`${base}e`);
    if (/([b-df-hj-np-tv-z])\1$/.test(base)) add(base.slice(0, -1));
  }
  return lemmas;
}

// ---------------------------------------------------------------------------------------------
// Arabic lookup

/** The normalised word without its article, when enough is left to be a word. */
function withoutArticle(normalized: string): string | undefined {
  return normalized.startsWith('ال') && normalized.length >= 5 ? normalized.slice(2) : undefined;
}

/**
 * A normalised Arabic word without its proclitics, as each may be: a conjunction (و ف), then a
 * preposition (ب ك ل), then the article; ل before the article writes لل (للوزير = ل + الوزير).
 * Every candidate keeps at least three letters. The word itself is not included.
 */
export function arabicProcliticVariants(normalized: string): string[] {
  const variants: string[] = [];
  const add = (v: string) => {
    if (v.length >= 3 && v !== normalized && !variants.includes(v)) variants.push(v);
  };
  const afterConjunction = [normalized];
  if (/^[وف]/.test(normalized) && normalized.length >= 4) afterConjunction.push(normalized.slice(1));
  for (const word of afterConjunction) {
    add(word);
    const afterPreposition = [word];
    if (word.startsWith('لل') && word.length >= 5) {
      add(`ا${word.slice(1)}`); // للوزير → الوزير
      add(word.slice(2));
    }
    if (/^[بكل]/.test(word) && word.length >= 4) afterPreposition.push(word.slice(1));
    for (const rest of afterPreposition) {
      add(rest);
      const article = withoutArticle(rest);
      if (article !== undefined) add(article);
    }
  }
  return variants;
}

const PRONOUN_SUFFIXES = ['هما', 'كما', 'هم', 'هن', 'كم', 'كن', 'ها', 'نا', 'ه', 'ك'] as const;
const PERSON_PREFIXES = ['ي', 'ت', 'ن', 'ا'] as const;
const VERB_SUFFIXES = ['ون', 'وا', 'ان', 'ين', 'تم', 'نا', 'ت'] as const;

/**
 * Related forms of a normalised Arabic word (without proclitics) that a dictionary listing only
 * one inflected form may hold instead: without a pronoun suffix (وزيرها → وزير), with the other
 * number or gender ending (الضربات → الضربه, متحد ↔ متحده, المتحدثون → المتحدث), and a verb in
 * another person (تعلن → يعلن → اعلن). Each keeps at least three letters.
 */
export function arabicAffixVariants(word: string): string[] {
  const variants: string[] = [];
  const add = (v: string) => {
    if (v.length >= 3 && v !== word && !variants.includes(v)) variants.push(v);
  };
  for (const suffix of PRONOUN_SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    const stem = word.slice(0, -suffix.length);
    add(stem);
    // Before a suffix, ة is written ت (مسيرته: مسيرة + ه) and ى is written ا (دعواها: دعوى + ها).
    if (stem.endsWith('ت')) add(`${stem.slice(0, -1)}ه`);
    if (stem.endsWith('ا')) add(`${stem.slice(0, -1)}ي`);
  }
  // The accusative ending اً keeps its alef once tanween is gone (متبقياً, أهدافاً).
  if (word.endsWith('ا') && word.length >= 4) add(word.slice(0, -1));
  if (word.endsWith('ات')) {
    add(`${word.slice(0, -2)}ه`);
    add(word.slice(0, -2));
  }
  if (word.endsWith('ه')) add(word.slice(0, -1));
  else add(`${word}ه`);
  if (/^[يتنا]/.test(word) && word.length >= 4) for (const prefix of PERSON_PREFIXES) add(prefix + word.slice(1));
  for (const suffix of VERB_SUFFIXES) if (word.endsWith(suffix)) add(word.slice(0, -suffix.length));
  return variants;
}

function arabicHits(token: string, side: SideIndex, texts: readonly string[], add: Add): void {
  const bare = stripHarakat(token);
  const normalized = normalizeArabic(bare);
  const same = side.normalized.get(normalized);
  add(
    same.filter((pair) => stripHarakat(texts[pair]!) === bare),
    'exact',
  );
  add(same, 'normalized');
  // The dictionary often lists a noun with its article only (الوزير): the bare word meets it.
  add(side.bare.pairsOf(normalized), 'lemma');
  const bases = [normalized, ...arabicProcliticVariants(normalized)];
  for (const base of bases.slice(1)) {
    add(side.normalized.pairsOf(base), 'lemma');
    add(side.bare.pairsOf(base), 'lemma');
  }
  for (const base of bases) {
    for (const variant of arabicAffixVariants(base)) {
      add(side.normalized.pairsOf(variant), 'variant');
      add(side.bare.pairsOf(variant), 'variant');
    }
  }
  for (const base of bases) add(side.stem.pairsOf(stemArabic(base)), 'stem');
}

function arabicPhraseFirstKeys(word: string): (readonly [string, LookupTier])[] {
  const normalized = normalizeArabic(stripHarakat(word));
  return [[normalized, 'exact'], ...arabicProcliticVariants(normalized).map((v) => [v, 'lemma'] as const)];
}
