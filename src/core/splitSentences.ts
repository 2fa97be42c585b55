/**
 * Sentence boundaries inside a passage, as offsets, so an extract is always a verbatim slice.
 *
 * A sentence ends at . ! ? ؟ or … (with any closing quotes or brackets after it) when whitespace and
 * then a plausible sentence start follow. Periods after common abbreviations, titles and initials
 * ("Maj. Gen. Pat Ryder", "J. Smith", "U.S. forces") do not end a sentence, and neither do decimal
 * points or times ("13.00"), which have no whitespace after them.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'ft', 'gen', 'maj', 'lt', 'col', 'capt', 'cpt',
  'sgt', 'cpl', 'adm', 'cmdr', 'gov', 'sen', 'rep', 'rev', 'hon', 'pres', 'amb', 'brig', 'no', 'nos',
  'vs', 'etc', 'approx', 'dept', 'est', 'inc', 'ltd', 'co', 'corp', 'bros', 'jan', 'feb', 'mar', 'apr',
  'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'fig', 'vol', 'pp', 'op', 'cf', 'al', 'ca',
]);

// Closing quotes and brackets that belong to the sentence they close.
const CLOSERS = `"'”’»)]}`;
const TERMINATOR = /[.!?\u061F\u2026]+/y;

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/u.test(ch);
}

/** Is the period at `dot` the end of an abbreviation or an initial rather than of a sentence? */
function isAbbreviationDot(text: string, dot: number): boolean {
  let wordStart = dot;
  while (wordStart > 0 && /[\p{L}.]/u.test(text[wordStart - 1]!)) wordStart--;
  const word = text.slice(wordStart, dot);
  if (word.length === 0) return false;
  // Initials and dotted acronyms: "J." "U.S." — but only when a capitalised word follows,
  // since "...held by the U.S. The next day" is rarer in news than "U.S. forces".
  if (/^(?:\p{Lu}\.)*\p{Lu}$/u.test(word)) return true;
  // Arabic has no capitals: a lone Arabic letter before a period is an abbreviation (ط. و. for
  // "state route", ت.غ for GMT), never a word that ends a sentence.
  if (/^[\u0621-\u064A]$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase().replace(/^.*\./, ''));
}

function startsSentence(ch: string | undefined): boolean {
  // Upper case, digits, opening quotes or brackets, and scripts without case (Arabic) can start one.
  return ch !== undefined && /[\p{Lu}\p{Lt}\p{N}"'“‘«(\[\p{Lo}¿¡-]/u.test(ch);
}

export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const spans: Span[] = [];
  let sentenceStart = skipSpace(text, from, to);
  let i = sentenceStart;
  while (i < to) {
    TERMINATOR.lastIndex = i;
    const terminator = TERMINATOR.exec(text);
    if (terminator === null || terminator.index !== i) {
      i++;
      continue;
    }
    let end = i + terminator[0].length;
    while (end < to && CLOSERS.includes(text[end]!)) end++;
    const next = skipSpace(text, end, to);
    const singleDot = terminator[0] === '.';
    const boundary =
      end >= to ||
      (isSpace(text[end]) &&
        startsSentence(text[next]) &&
        !(singleDot && isAbbreviationDot(text, i)));
    if (boundary) {
      if (end > sentenceStart) spans.push({ start: sentenceStart, end: trimEnd(text, sentenceStart, end) });
      sentenceStart = next;
      i = next;
    } else {
      i = end;
    }
  }
  if (sentenceStart < to) {
    const end = trimEnd(text, sentenceStart, to);
    if (end > sentenceStart) spans.push({ start: sentenceStart, end });
  }
  return spans;
}

function skipSpace(text: string, from: number, to: number): number {
  let i = from;
  while (i < to && isSpace(text[i])) i++;
  return i;
}

function trimEnd(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && isSpace(text[end - 1])) end--;
  return end;
}
