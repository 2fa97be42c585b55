import type { Language } from './types.js';

export type Script = 'arabic' | 'latin';

/** Arabic, Arabic Supplement, Arabic Extended-A, Presentation Forms-A and -B. */
const ARABIC_RANGES: readonly (readonly [number, number])[] = [
  [0x0600, 0x06ff],
  [0x0750, 0x077f],
  [0x08a0, 0x08ff],
  [0xfb50, 0xfdff],
  [0xfe70, 0xfeff],
];

const LETTER = /\p{L}/u;
const LATIN = /\p{Script=Latin}/u;

function isArabicCodePoint(cp: number): boolean {
  for (const [lo, hi] of ARABIC_RANGES) if (cp >= lo && cp <= hi) return true;
  return false;
}

/**
 * The script of the first character of `ch`, or undefined for anything that is not a letter
 * (digits, punctuation, Arabic diacritics and the Arabic comma all count as neither, so they
 * cannot tip the balance of a mixed text).
 */
export function scriptOf(ch: string): Script | undefined {
  const cp = ch.codePointAt(0);
  if (cp === undefined) return undefined;
  const c = String.fromCodePoint(cp);
  if (!LETTER.test(c)) return undefined;
  if (isArabicCodePoint(cp)) return 'arabic';
  if (LATIN.test(c)) return 'latin';
  return undefined;
}

/**
 * Majority script of the letters in `text`. A tie goes to Arabic: in this corpus mixed text is
 * typically Arabic prose quoting Latin names (ISIS, AFRICOM), rarely the other way round.
 * Undefined when the text holds no Arabic or Latin letter at all.
 */
export function detectLanguage(text: string): Language | undefined {
  let arabic = 0;
  let latin = 0;
  for (const ch of text) {
    const script = scriptOf(ch);
    if (script === 'arabic') arabic++;
    else if (script === 'latin') latin++;
  }
  if (arabic === 0 && latin === 0) return undefined;
  return arabic >= latin ? 'ar' : 'en';
}

/** Bits of lettersIn: which scripts' letters a text holds. */
export const LETTERS = { arabic: 1, latin: 2 } as const;

/**
 * Which scripts' letters `text` holds (LETTERS bits), as detectLanguage counts letters: scriptOf
 * of each code unit outside the surrogates worked out at its first meeting and kept in a table, as
 * the index build asks this of every sentence (a million at 150k passages).
 */
export function lettersIn(text: string): number {
  let found = 0;
  for (let at = 0; at < text.length && found !== BOTH; at++) {
    const unit = text.charCodeAt(at);
    if (unit >= 0xd800 && unit <= 0xdfff) {
      // A pair is one code point, as `for…of` reads it; a lone surrogate is no letter.
      const point = text.codePointAt(at)!;
      found |= lettersOfScript(scriptOf(String.fromCodePoint(point)));
      if (point > 0xffff) at++;
      continue;
    }
    let letters = unitLetters[unit]!;
    if (letters === UNKNOWN) unitLetters[unit] = letters = lettersOfScript(scriptOf(String.fromCharCode(unit))) | KNOWN;
    found |= letters & BOTH;
  }
  return found;
}

const BOTH = LETTERS.arabic | LETTERS.latin;
const UNKNOWN = 0;
/** Marks a unitLetters entry worked out (it may hold no letter bit). */
const KNOWN = 4;
const unitLetters = new Uint8Array(0x10000);

function lettersOfScript(script: Script | undefined): number {
  return script === 'arabic' ? LETTERS.arabic : script === 'latin' ? LETTERS.latin : 0;
}

/**
 * detectLanguage of a text of several parts from the letters of each (lettersIn), where they tell
 * it: letters of one script only, or none (undefined). 'counted' when both scripts are there:
 * their counts decide, and only the text can tell them.
 */
export function languageOfLetters(letters: number): Language | undefined | 'counted' {
  if (letters === 0) return undefined;
  if (letters === LETTERS.arabic) return 'ar';
  if (letters === LETTERS.latin) return 'en';
  return 'counted';
}
