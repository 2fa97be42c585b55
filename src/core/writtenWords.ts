/**
 * The words of a text as written, as `text.match(WRITTEN_WORD)` finds them: a letter or digit, then
 * letters, marks, digits, apostrophes, points, commas and hyphens ("U.S.", "1,000.5", "al-Sarraj").
 *
 * Found by a scan over a table of character classes rather than by the regular expression: the
 * answer-type cues read every candidate sentence of a "how many" or "who" question, and matching
 * made a string of every word of each only to test most of them and let them go.
 */
export const WRITTEN_WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.,-]*/gu;

const STARTS = /^[\p{L}\p{N}]$/u;
const CONTINUES = /^[\p{L}\p{M}\p{N}'’.,-]$/u;

const UNKNOWN = 0;
const NEITHER = 1;
const CONTINUES_ONLY = 2;
/** Starts a word, and continues one (a letter or digit is both). */
const STARTS_AND_CONTINUES = 3;

/** The class of each code unit outside the surrogates, worked out by the expressions at its first meeting. */
const classes = new Uint8Array(0x10000);

function classOf(character: string): number {
  return STARTS.test(character) ? STARTS_AND_CONTINUES : CONTINUES.test(character) ? CONTINUES_ONLY : NEITHER;
}

/** The class of the code point at `at` and how many code units it takes, as `width * 4 + class`. */
function classAt(text: string, at: number): number {
  const unit = text.charCodeAt(at);
  if (unit < 0xd800 || unit > 0xdfff) {
    let found = classes[unit]!;
    if (found === UNKNOWN) classes[unit] = found = classOf(text[at]!);
    return 4 + found;
  }
  // A pair stands for one code point, as the expression's `u` flag reads it; a lone surrogate is
  // neither letter nor mark.
  const point = text.codePointAt(at)!;
  return point > 0xffff ? 8 + classOf(String.fromCodePoint(point)) : 4 + NEITHER;
}

/** Where a word is: `text.slice(start, end)`. */
export interface WordSpan {
  start: number;
  end: number;
}

/**
 * Finds the first word of `text` at or after `from` into `span`; false when there is none. Words
 * are met as the global expression meets them: after one ends at `span.end`, the next is looked
 * for from there.
 */
export function nextWrittenWord(text: string, from: number, span: WordSpan): boolean {
  const length = text.length;
  let at = from;
  while (at < length) {
    const found = classAt(text, at);
    if ((found & 3) === STARTS_AND_CONTINUES) {
      span.start = at;
      at += found >> 2;
      while (at < length) {
        const next = classAt(text, at);
        if ((next & 3) < CONTINUES_ONLY) break;
        at += next >> 2;
      }
      span.end = at;
      return true;
    }
    at += found >> 2;
  }
  return false;
}

/** `text.match(WRITTEN_WORD) ?? []`. */
export function writtenWords(text: string): string[] {
  const words: string[] = [];
  const span = { start: 0, end: 0 };
  for (let at = 0; nextWrittenWord(text, at, span); at = span.end) words.push(text.slice(span.start, span.end));
  return words;
}
