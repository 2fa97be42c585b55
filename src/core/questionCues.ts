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

const MONTHS_EN =
  /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;
const MONTHS_AR =
  /(?:يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|عام|سنة|القرن)/u;
const YEAR = /(?<![\d.,])(?:1[0-9]{3}|20[0-9]{2})(?![\d.,])|\b\d{1,2}(?:st|nd|rd|th) century\b|\b\d{4}s\b/;
const NUMBER_WORD_EN =
  /^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|millions|billion|billions|dozen|dozens|half|twice|thrice|percent)$/i;
// Arabic number words as whole words, allowing the conjunction/article before and the
// feminine, dual and plural endings after (ثلاثة، وأربعة، الخمسين، اثنين، آلاف).
const NUMBER_WORD_AR =
  /^(?:و|ب|ل|ال|وال|بال)?(?:واحد|احد|اثن|ثنت|ثلاث|اربع|أربع|خمس|ست|سبع|ثمان|تسع|عشر|مئ|مائ|ماي|الف|ألف|آلاف|الاف|مليون|ملايين|مليار|نصف|ربع|ثلث)(?:ة|ه|ان|ين|ون|ات|ا|ي)?$/u;
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
