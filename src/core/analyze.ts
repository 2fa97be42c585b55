import { analyzeArabicToken } from './arabicAnalyzer.js';
import { analyzeEnglishToken } from './englishAnalyzer.js';
import { scriptOf } from './detectLanguage.js';

/**
 * Tokenisation and term analysis shared by indexing and querying, so a question and a passage are
 * always reduced to terms the same way.
 */

export interface Token {
  /** The token as written (digits already ASCII). */
  readonly text: string;
  /** Offsets into the analysed string. */
  readonly start: number;
  readonly end: number;
}

/**
 * A word is a letter or digit followed by letters, marks and digits (a mark with no letter to sit
 * on, such as an emoji's variation selector or a stray vowel sign, is no word); an apostrophe
 * between letters stays inside it so that "Sarraj's" can lose its possessive instead of leaving a
 * stray "s". Numbers keep their internal separators ("2,000", "13.00") so they can be matched
 * whole, and dotted acronyms ("U.S.") stay one token so they can meet their undotted spelling.
 * Everything else — whitespace of any kind, punctuation, symbols, emoji, control and format
 * characters — separates.
 */
const WORD = /(?:\p{Lu}\.){2,}|\p{N}+(?:[.,:\u066B\u066C]\p{N}+)*|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['\u2019\uFF07][\p{L}\p{M}\p{N}]+)*/gu;

const THOUSANDS = /^\d{1,3}(?:,\d{3})+$/;

const digitValues = new Map<number, number>();

/** The value of a Unicode decimal digit: Unicode lays out every digit set as ten consecutive code
 * points, and runs of adjacent sets (the mathematical digits) are whole multiples of ten. */
function digitValue(code: number): number {
  let value = digitValues.get(code);
  if (value === undefined) {
    let runStart = code;
    while (runStart > 0 && /\p{Nd}/u.test(String.fromCodePoint(runStart - 1))) runStart--;
    value = (code - runStart) % 10;
    digitValues.set(code, value);
  }
  return value;
}

/** Unicode decimal digits of any script → ASCII, as Lucene's DecimalDigitFilter does. */
export function foldDigits(text: string): string {
  // Most tokens are ASCII or hold no digit at all; only the others pay for the Unicode replace.
  if (!NON_ASCII_DIGIT.test(text)) return text;
  return text.replace(/\p{Nd}/gu, (digit) => String(digitValue(digit.codePointAt(0)!)));
}

const NON_ASCII_DIGIT = /(?![0-9])\p{Nd}/u;

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  // Checked once for the whole text: a text without a non-ASCII digit has no token with one.
  const digits = NON_ASCII_DIGIT.test(text);
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    tokens.push({ text: digits ? foldDigits(match[0]) : match[0], start, end: start + match[0].length });
  }
  return tokens;
}

/** The index term for one token, routed by its script; null when it is a stop word. */
export function analyzeToken(token: string): string | null {
  // Word frequencies are Zipfian: a small memo answers most tokens without stemming them again.
  const known = memo.get(token);
  if (known !== undefined) return known;
  const term = analyzeUncached(token);
  if (memo.size >= MEMO_CAPACITY) memo.clear();
  memo.set(token, term);
  return term;
}

const memo = new Map<string, string | null>();
const MEMO_CAPACITY = 100_000;

/**
 * `analyzeToken` without its memo, for a caller that analyses each distinct token once (the index
 * build, by surface): there the memo never answers and only churns.
 */
export function analyzeUncached(token: string): string | null {
  // Arabic number separators (٥٬٠٠٠, ١٣٫٠٠) read as their Latin twins once the digits are folded.
  const number = /^\d/.test(token) ? token.replace(/\u066C/g, ',').replace(/\u066B/g, '.') : token;
  // "5,000" and "5000" are the same number; a decimal or a time keeps its separator.
  if (THOUSANDS.test(number)) return number.replaceAll(',', '');
  if (number !== token) return number;
  return scriptOf(token) === 'arabic' ? analyzeArabicToken(token) : analyzeEnglishToken(token);
}

/** Terms of a text in order, stop words removed. */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const token of tokenize(text)) {
    const term = analyzeToken(token.text);
    if (term !== null) terms.push(term);
  }
  return terms;
}
