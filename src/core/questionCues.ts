import { detectLanguage } from './detectLanguage.js';
import type { Language } from './types.js';

/**
 * What kind of answer a question asks for, read from its wording. A sentence that holds a thing of
 * that kind (a number for "how many", a date for "when") is more likely to answer it than one that
 * merely repeats the question's words.
 */
export type AnswerType = 'number' | 'date' | 'person' | 'place' | 'other';

const ENGLISH_CUES: readonly [RegExp, AnswerType][] = [
  [/\bhow (?:many|much|long|old|far|large|big|often|tall|high|fast)\b|\bwhat (?:percentage|percent|number|amount)\b/i, 'number'],
  [/\bwhen\b|\bwhat (?:year|years|date|day|month|century|decade|time|period)\b|\bwhich (?:year|date|day|month|century)\b|\bhow long ago\b/i, 'date'],
  [/\bwho(?:m|se)?\b/i, 'person'],
  [/\bwhere\b|\bwhat (?:city|country|town|region|state|place|location|area|continent|province)\b|\bwhich (?:city|country|town|region|state|place|location)\b/i, 'place'],
];

// Arabic interrogatives. كم asks for a quantity unless it asks "how long ago" (منذ كم) — both want
// a number-bearing sentence. من is also the preposition "from", so it counts only as the first word.
const ARABIC_CUES: readonly [RegExp, AnswerType][] = [
  [/(?:^|[\s،؟?])(?:كم|بكم|وكم|ما (?:عدد|نسبة|مقدار|حجم)|ما هو عدد|ما هي نسبة)(?=[\s؟?]|$)/u, 'number'],
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

const MONTHS_EN = /\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;
const MONTHS_AR = /(?:يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين|السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|عام|سنة|القرن)/u;
const YEAR = /(?<![\d.,])(?:1[0-9]{3}|20[0-9]{2})(?![\d.,])|\b\d{1,2}(?:st|nd|rd|th) century\b|\b\d{4}s\b/;
const NUMBER = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|dozens|hundred|hundreds|thousand|thousands|million|millions|billion|half|twice|single|double)\b|(?:واحد|اثنان|اثنين|ثلاث|أربع|اربع|خمس|ست|سبع|ثماني|ثمان|تسع|عشر|مئة|مائة|مئات|ألف|آلاف|الف|مليون|ملايين|مليار|نصف)/iu;
const PLACE_AR = /(?:^|\s)(?:في|إلى|الى|من|قرب|شمال|جنوب|شرق|غرب|مدينة|منطقة)\s/u;
const PLACE_EN = /\b(?:in|at|near|from|to|into|across|outside|inside)\s+(?:the\s+)?\p{Lu}/u;

/**
 * Does `text` hold a candidate of the wanted type that is not already in the question? `questionTokens`
 * are the lower-cased question words, so a year the question names does not count as its own answer.
 */
export function hasAnswerOfType(text: string, type: AnswerType, questionWords: ReadonlySet<string>): boolean {
  switch (type) {
    case 'number':
      return NUMBER.test(stripQuestionWords(text, questionWords));
    case 'date': {
      const rest = stripQuestionWords(text, questionWords);
      return YEAR.test(rest) || MONTHS_EN.test(rest) || MONTHS_AR.test(rest);
    }
    case 'person':
      return hasNewName(text, questionWords);
    case 'place':
      return PLACE_EN.test(text) || PLACE_AR.test(text) || hasNewName(text, questionWords);
    case 'other':
      return false;
  }
}

function stripQuestionWords(text: string, questionWords: ReadonlySet<string>): string {
  return text.replace(/[\p{L}\p{N}]+/gu, (word) => (questionWords.has(word.toLowerCase()) ? ' ' : word));
}

/** A capitalised word after the first word of the sentence that the question does not contain. */
function hasNewName(text: string, questionWords: ReadonlySet<string>): boolean {
  if (detectLanguage(text) === 'ar') return true; // Arabic has no case to tell names apart; stay neutral.
  const words = text.match(/\p{L}[\p{L}'’-]*/gu) ?? [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    if (/^\p{Lu}/u.test(word) && !questionWords.has(word.toLowerCase())) return true;
  }
  return false;
}
