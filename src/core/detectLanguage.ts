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
