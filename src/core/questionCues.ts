import { analyzeToken } from './analyze.js';
import { detectLanguage } from './detectLanguage.js';
import type { Language } from './types.js';
import { nextWrittenWord, writtenWords } from './writtenWords.js';

/**
 * What kind of answer a question asks for, read from its wording. A sentence that holds a thing of
 * that kind (a number for "how many", a date for "when") is more likely to answer it than one that
 * merely repeats the question's words.
 */
export type AnswerType = 'number' | 'date' | 'person' | 'place' | 'other';

/** "How long", "how old"…: the word after "how" that asks for a quantity. */
export const HOW_QUANTITY_WORDS: readonly string[] = ['many', 'much', 'long', 'old', 'far', 'large', 'big', 'often', 'tall', 'high', 'fast'];

const ENGLISH_CUES: readonly [RegExp, AnswerType][] = [
  [
    new RegExp(
      `\\bhow (?:${HOW_QUANTITY_WORDS.join('|')})\\b|\\bwhat (?:percentage|percent|number|amount)\\b|\\b(?:number|population|percentage|amount|size) of\\b`,
      'i',
    ),
    'number',
  ],
  [/\bwhen\b|\bwhat (?:year|years|date|day|month|century|decade|time|period)\b|\bwhich (?:year|date|day|month|century)\b|\bhow long ago\b/i, 'date'],
  [/\bwho(?:m|se)?\b|\bwhat (?:is|was|are|were) (?:the |their |its |his |her )?names?\b|\bwhat (?:is|was) \S+(?: \S+)? called\b/i, 'person'],
  [
    /\bwhere\b|\bwhat (?:city|country|town|region|state|place|location|area|continent|province)\b|\bwhich (?:city|country|town|region|state|place|location)\b/i,
    'place',
  ],
];

// Arabic interrogatives. كم asks for a quantity unless it asks "how long ago" (منذ كم) — both want
// a number-bearing sentence. من is also the preposition "from", so it counts only as the first word.
const ARABIC_CUES: readonly [RegExp, AnswerType][] = [
  [/(?:^|[\s،؟?])(?:كم|بكم|وكم|عدد|نسبة|مقدار|حجم|مساحة)(?=[\s؟?]|$)/u, 'number'],
  [/(?:^|[\s،؟?])(?:متى|ومتى|في أي (?:عام|سنة|شهر|يوم|قرن|تاريخ)|ما (?:تاريخ|العام|السنة)|في أي عام)(?=[\s؟?]|$)/u, 'date'],
  [/^\s*(?:من|ومن|لمن|مع من|من هو|من هي|من هم)(?=[\s؟?]|$)/u, 'person'],
  [/(?:^|[\s،؟?])(?:أين|اين|وأين|إلى أين|من أين|في أي (?:مدينة|دولة|بلد|منطقة|مكان))(?=[\s؟?]|$)/u, 'place'],
];

export function answerTypeOf(question: string, language: Language): AnswerType {
  const cues = language === 'ar' ? ARABIC_CUES : ENGLISH_CUES;
  for (const [pattern, type] of cues) if (pattern.test(question)) return type;
  return 'other';
}

/** The language a question is asked in; a question with no letters is taken as English. */
export function questionLanguage(question: string): Language {
  return detectLanguage(question) ?? 'en';
}

/** English month and day names, as alternatives of a pattern. */
const MONTH_NAMES_EN =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday';
const MONTHS_EN = new RegExp(`\\b(?:${MONTH_NAMES_EN})\\b`);
const MONTHS_AR =
  /(?:يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|عام|سنة|القرن)/u;
const YEAR = /(?<![\d.,])(?:1[0-9]{3}|20[0-9]{2})(?![\d.,])|\b\d{1,2}(?:st|nd|rd|th) century\b|\b\d{4}s\b/;
const NUMBER_WORDS_EN =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|twice|thrice|percent';
const NUMBER_WORD_EN = new RegExp(`^(?:${NUMBER_WORDS_EN})$`, 'i');
// Arabic number words as whole words, allowing the conjunction/article before and the
// feminine, dual and plural endings after (ثلاثة، وأربعة، الخمسين، اثنين، آلاف).
/** An Arabic number word less the conjunction or article before it. */
const NUMBER_WORD_AR_BARE =
  '(?:واحد|احد|اثن|ثنت|ثلاث|اربع|أربع|خمس|ست|سبع|ثمان|تسع|عشر|مئ|مائ|ماي|الف|ألف|آلاف|الاف|مليون|ملايين|مليار|نصف|ربع|ثلث)(?:ة|ه|ان|ين|ون|ات|ا|ي)?';
const NUMBER_WORD_AR = new RegExp(`^(?:و|ب|ل|ال|وال|بال)?${NUMBER_WORD_AR_BARE}$`, 'u');
const TRAILING_POINT = /[.,]$/;
const PLACE_EN = /\b(?:in|at|near|from|to|into|across|outside|inside)\s+(?:the\s+)?\p{Lu}/u;

/**
 * How strongly `text` holds a candidate of the wanted type that is not already in the question,
 * from 0 (none) to 1 (a clear one: digits for "how many", a year for "when", a full name for "who").
 * `questionWords` are the lower-cased question words, so a year the question names does not count
 * as its own answer. Where a type cannot be told in a language (names in Arabic, which has no
 * capitals), every sentence gets the same value, leaving the ranking to the other signals.
 */
export function answerTypeStrength(text: string, type: AnswerType, questionWords: ReadonlySet<string>): number {
  if (type === 'other') return 0;
  if (type === 'number') return numberStrength(text, questionWords);
  // No name is told in a text with an Arabic word (see nameStrength): most sentences of an Arabic
  // "who" or "where" question are told so at their first word, without the list of the rest.
  if ((type === 'person' || type === 'place') && ARABIC_LETTER.test(text) && holdsArabicWord(text)) return type === 'place' && PLACE_EN.test(text) ? 0.5 : 0;
  const words = writtenWords(text).map(withoutTrailingPoints);
  switch (type) {
    case 'date': {
      // Only a date needs the words the question lacks as a list; a name is told apart word by word.
      const rest = words.filter((word) => !questionWords.has(word.toLowerCase())).join(' ');
      if (YEAR.test(rest)) return 1;
      return MONTHS_EN.test(rest) || MONTHS_AR.test(rest) ? 0.7 : 0;
    }
    case 'person':
      return nameStrength(words, questionWords);
    case 'place':
      return Math.max(PLACE_EN.test(text) ? 0.5 : 0, nameStrength(words, questionWords));
  }
}

/**
 * What answerTypeStrength can tell of a text before any question is asked, as bits (ANSWER_CUES):
 * worked out for every sentence when the index is built, so that a typed question reads the text
 * of a candidate only where the bits leave its strength open (strengthFromCues). Each bit says a
 * kind of answer may be there; a clear bit, that it is not, whatever words the question has — a
 * question's words only ever take candidates away (a year it names is not its own answer).
 */
export function answerCuesOf(text: string): number {
  // Each test is of the whole text, once, and finds at least what the test of a word finds (see
  // the *_CUE patterns): a cue set where the word test would not only leaves the text to be read.
  // A sentence of a million at 150k passages: the word-by-word tests themselves took a fifth of the build.
  let cues = 0;
  // Digits are in written words wherever they are; every year pattern holds some.
  const digits = ASCII_DIGIT.test(text);
  if (digits || NUMBER_WORD_EN_CUE.test(text) || NUMBER_WORD_AR_CUE.test(text)) cues |= ANSWER_CUES.number;
  if (digits || MONTHS_EN_CUE.test(text) || MONTHS_AR.test(text)) cues |= ANSWER_CUES.date;
  if (PLACE_EN.test(text)) cues |= ANSWER_CUES.placePhrase;
  if (ARABIC_LETTER.test(text) && holdsArabicWord(text)) return cues | ANSWER_CUES.arabic;
  // nameStrength reads words after the first only, and a name only where one starts in capitals.
  const span = { start: 0, end: 0 };
  if (!nextWrittenWord(text, 0, span)) return cues;
  for (let at = span.end; nextWrittenWord(text, at, span); at = span.end) {
    const first = text.charCodeAt(span.start);
    if (first < 0x80 ? first >= 0x41 && first <= 0x5a : CAPITAL_START.test(text.slice(span.start, span.start + 2))) return cues | ANSWER_CUES.capital;
  }
  return cues;
}

/**
 * A number word or month name as a written word is one with neither a letter nor a digit beside
 * it in the text (one would have been part of the word; a mark may stand before one, never after):
 * these find every such word, and some more. The character before is matched, not looked behind
 * at: a look-behind tried at every position was most of the build's time for these.
 */
const NUMBER_WORD_EN_CUE = new RegExp(`(?:^|[^A-Za-z0-9])(?:${NUMBER_WORDS_EN})(?![A-Za-z0-9])`, 'i');
// The Arabic one from where the word's number starts, whatever stands before: a test of the
// start of every word was most of the build's time for these.
const NUMBER_WORD_AR_CUE = new RegExp(`${NUMBER_WORD_AR_BARE}(?![\\p{L}\\p{M}\\p{N}])`, 'u');
const MONTHS_EN_CUE = new RegExp(`(?:^|[^A-Za-z0-9])(?:${MONTH_NAMES_EN})(?![A-Za-z0-9])`);

/** The bits of answerCuesOf. */
export const ANSWER_CUES = {
  /** A number: digits or a number word. */
  number: 1,
  /** Digits (every year pattern has some) or a month or day name. */
  date: 2,
  /** A capitalised word after the first. */
  capital: 4,
  /** An Arabic word: no name is told (see answerTypeStrength). */
  arabic: 8,
  /** "in the …", "near …": PLACE_EN. */
  placePhrase: 16,
} as const;

/**
 * answerTypeStrength of a text with these answerCuesOf for any question of this type, when the
 * cues tell it; undefined when only the text and the question's words can.
 */
export function strengthFromCues(cues: number, type: AnswerType): number | undefined {
  switch (type) {
    case 'other':
      return 0;
    case 'number':
      return (cues & ANSWER_CUES.number) === 0 ? 0 : undefined;
    case 'date':
      return (cues & ANSWER_CUES.date) === 0 ? 0 : undefined;
    case 'person':
      return (cues & ANSWER_CUES.arabic) !== 0 || (cues & ANSWER_CUES.capital) === 0 ? 0 : undefined;
    case 'place':
      return (cues & ANSWER_CUES.arabic) !== 0 || (cues & ANSWER_CUES.capital) === 0 ? ((cues & ANSWER_CUES.placePhrase) !== 0 ? 0.5 : 0) : undefined;
  }
}

/** Every bit of ANSWER_CUES set. */
export const ALL_ANSWER_CUES = Object.values(ANSWER_CUES).reduce((all, bit) => all | bit, 0);

const ASCII_DIGIT = /[0-9]/;
/** A word's start in capitals, as nameStrength tests it (a pair of code units may be one letter). */
const CAPITAL_START = /^\p{Lu}/u;

function withoutTrailingPoints(word: string): string {
  return TRAILING_POINT.test(word) ? word.replace(/[.,]+$/u, '') : word;
}

/** Whether some word of `text` is Arabic by detectLanguage; only a word with a letter of its ranges can be. */
function holdsArabicWord(text: string): boolean {
  const span = { start: 0, end: 0 };
  for (let at = 0; nextWrittenWord(text, at, span); at = span.end) {
    const word = text.slice(span.start, span.end);
    if (ARABIC_LETTER.test(word) && detectLanguage(withoutTrailingPoints(word)) === 'ar') return true;
  }
  return false;
}

/**
 * 1 for a word with digits that the question lacks, 0.5 for a number word it lacks. In one pass
 * over the words where they are, without a string for each: "how many" questions are common, and
 * this runs on every word of every candidate sentence. A word is made (to be looked up among the
 * question's, or tested as a number word) only when it may be one of these.
 */
function numberStrength(text: string, questionWords: ReadonlySet<string>): number {
  let numberWord = false;
  const span = { start: 0, end: 0 };
  for (let at = 0; nextWrittenWord(text, at, span); at = span.end) {
    const { start } = span;
    // Without its trailing points (withoutTrailingPoints); a word starts with a letter or digit, so some of it is left.
    let end = span.end;
    while (text.charCodeAt(end - 1) === 0x2e || text.charCodeAt(end - 1) === 0x2c) end--;
    let digit = false;
    for (let i = start; i < end && !digit; i++) {
      const unit = text.charCodeAt(i);
      digit = unit >= 0x30 && unit <= 0x39;
    }
    if (digit) {
      if (!questionWords.has(text.slice(start, end).toLowerCase())) return 1;
    } else if (!numberWord) {
      // An English number word is ASCII throughout (a case-insensitive match without the u flag
      // never maps a character beyond ASCII into it), an Arabic one Arabic letters throughout:
      // the first unit tells which of the two could match.
      const first = text.charCodeAt(start);
      const english = first < 0x80;
      if (english || (first >= 0x0600 && first <= 0x06ff)) {
        const word = text.slice(start, end);
        if ((english ? NUMBER_WORD_EN : NUMBER_WORD_AR).test(word) && !questionWords.has(word.toLowerCase())) numberWord = true;
      }
    }
  }
  return numberWord ? 0.5 : 0;
}

/**
 * 1 for two capitalised words in a row that the question lacks (a full name), 0.5 for one; either
 * counts for less unless it stands right beside a word the sentence shares with the question, as
 * an answer given in apposition does ("AFRICOM spokesman John Manley").
 */
function nameStrength(words: readonly string[], questionWords: ReadonlySet<string>): number {
  // A text with an Arabic word has none (see answerTypeStrength): Arabic writes no capitals.
  const shared = (i: number) => words[i] !== undefined && questionWords.has(words[i]!.toLowerCase());
  let best = 0;
  let runStart = -1;
  // The first word is capitalised by position, not because it is a name.
  for (let i = 1; i <= words.length; i++) {
    const word = words[i];
    const isName = word !== undefined && /^\p{Lu}/u.test(word) && !questionWords.has(word.toLowerCase());
    if (isName && runStart === -1) runStart = i;
    if (!isName && runStart !== -1) {
      const strength = i - runStart >= 2 ? 1 : 0.5;
      best = Math.max(best, shared(runStart - 1) || shared(i) ? strength : strength * DETACHED_NAME);
      runStart = -1;
    }
  }
  return best;
}

const DETACHED_NAME = 0.8;
/** The letters detectLanguage counts as Arabic (its ARABIC_RANGES). */
const ARABIC_LETTER = /[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]/;

/**
 * Words that frame a question rather than name what it is about ("What is the *name* of…",
 * "ما *اسم*…", "What *type* of…"). The answer sentence often lacks them, so they should count
 * for less than the words that carry the topic.
 */
const FRAME_WORDS = [
  'name',
  'named',
  'names',
  'call',
  'called',
  'term',
  'terms',
  'type',
  'types',
  'kind',
  'kinds',
  'example',
  'examples',
  'word',
  'words',
  'refer',
  'referred',
  'describe',
  'described',
  'known',
  'mean',
  'means',
  'happen',
  'happened',
  'one',
  'usually',
  'typically',
  'generally',
  'often',
  'اسم',
  'الاسم',
  'نوع',
  'أنواع',
  'عدد',
  'مصطلح',
  'المصطلح',
  'يسمى',
  'تسمى',
  'يطلق',
  'تعرف',
  'يعرف',
  'مثال',
  'أمثلة',
  'كلمة',
  'الكلمة',
  'حدث',
  'يحدث',
  'عادة',
  'عام',
  'العام',
  'سنة',
  'السنة',
];

export const FRAME_TERMS: ReadonlySet<string> = new Set(FRAME_WORDS.map((word) => analyzeToken(word)).filter((term): term is string => term !== null));
