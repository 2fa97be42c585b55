import { tokenize } from './analyze.js';
import { scriptOf } from './detectLanguage.js';
import { ownString } from './ownString.js';
import { consonantSkeleton } from './transliterate.js';

/**
 * Acronyms and names the corpus defines itself, mined when the index is built: news writes a
 * name out once with its short form in parentheses and uses the short form after that —
 * "Government of National Accord (GNA)", "the GNA (Government of National Accord)",
 * "حكومة الوفاق الوطني (GNA)", "أفريكوم (AFRICOM)". A question that uses one form then meets
 * passages that use the other, in either language. The rules are strict on purpose: a wrong
 * alias makes unrelated passages match.
 *
 * - English: every letter of the acronym, in order, is taken from the start of consecutive words
 *   of the name, each capitalised word giving at least its first letter ("Africa Command" gives
 *   AFRI + COM), the small words of/the/and/for/in/on/at/to/de giving one letter or none; the
 *   name ends right before the parenthesis (or fills it) and has at least two words giving letters.
 * - Arabic: a Latin acronym in parentheses right after Arabic words. Which of the preceding words
 *   are its name is settled later (AliasTable), with the dictionary when it knows the English
 *   name; here the nearest few are kept with a first guess: one word when it is the acronym
 *   written in Arabic letters (same consonant skeleton), else as many words as the acronym has
 *   letters, up to four.
 */

export interface MinedAlias {
  /** The acronym as written, without dots: "GNA", "AFRICOM", "UN". */
  readonly acronym: string;
  /** English names it was defined with, as written ("Government of National Accord"), most frequent first. */
  readonly english: readonly string[];
  /** Arabic words written right before it, nearest last, with the guessed length of its name. */
  readonly arabic: readonly ArabicCandidate[];
}

export interface ArabicCandidate {
  /** Up to MAX_ARABIC_WORDS Arabic words as written, in text order; the name is the last `words` of them. */
  readonly before: readonly string[];
  readonly words: number;
}

/** The small words a name may hold without giving a letter ("Government of National Accord"). */
const SMALL_WORDS = new Set(['of', 'the', 'and', 'for', 'in', 'on', 'at', 'to', 'de']);
export const MAX_ARABIC_WORDS = 4;
/** The longest name and acronym looked at: longer ones are sentences, not names. */
const MAX_NAME_WORDS = 10;
const MAX_ACRONYM_LETTERS = 10;
/** Distinct names kept per acronym: an acronym used for many things is ambiguous past this. */
const MAX_NAMES = 3;

const PARENTHESIS = /\(([^()\n]{1,120})\)/gu;
/** Text ending with something like an acronym and a space, as before "(Government of National Accord)". */
const ACRONYM_BEFORE = /(?:\p{Lu}\.?){2,}s?\s*$/u;

/** An acronym as written: dotted (U.N.) or mostly capitals, two letters or more. */
export function acronymLetters(text: string): string | undefined {
  const word = text.trim();
  if (/^(?:\p{Lu}\.){2,}$/u.test(word)) return word.replaceAll('.', '');
  if (!/^\p{Lu}[\p{Lu}\p{Ll}]*\p{Lu}s?$/u.test(word) || !/^[A-Za-z]+$/.test(word)) return undefined;
  const letters = word.endsWith('s') && word.length > 2 && /\p{Lu}/u.test(word.at(-2)!) ? word.slice(0, -1) : word;
  const capitals = [...letters].filter((ch) => /\p{Lu}/u.test(ch)).length;
  if (letters.length > MAX_ACRONYM_LETTERS || capitals * 2 < letters.length + 1) return undefined;
  return letters;
}

/**
 * Where the acronym's letters come from in `words` (a name's words in order, ending where it must
 * end): the index of the name's first word, or undefined when the letters cannot be taken from the
 * starts of the words as the rules say. The last word must give letters.
 */
export function expansionStart(acronym: string, words: readonly string[]): number | undefined {
  const letters = acronym.toLowerCase();
  // Backwards from the last word: `end` letters of the acronym are still to be found in words[0..i].
  const solve = (end: number, i: number, giving: number): number | undefined => {
    if (end === 0) return giving >= 2 ? i + 1 : undefined;
    if (i < 0) return undefined;
    const word = words[i]!;
    const lower = word.toLowerCase();
    const small = SMALL_WORDS.has(lower);
    if (!small && !/^\p{Lu}/u.test(word)) return undefined;
    // Longest share first: "Command" gives COM rather than C.
    for (let from = Math.max(0, end - lower.length); from < end; from++) {
      if (small && end - from > 1) continue;
      if (lower.startsWith(letters.slice(from, end))) {
        const start = solve(from, i - 1, giving + (small ? 0 : 1));
        if (start !== undefined) return start;
      }
    }
    // A small word may give nothing, but a name neither ends nor starts on one.
    return small && i < words.length - 1 ? solve(end, i - 1, giving) : undefined;
  };
  const start = solve(letters.length, words.length - 1, 0);
  if (start === undefined || SMALL_WORDS.has(words[start]!.toLowerCase())) return undefined;
  return start;
}

/** The aliases defined in these texts, merged by acronym. */
export function mineAliases(texts: Iterable<string>): MinedAlias[] {
  const miner = new AliasMiner();
  for (const text of texts) miner.add(text);
  return miner.result();
}

/**
 * mineAliases a text at a time: a build streams its documents and lets each one's text go once it
 * is analysed, so the texts are never all there to be mined at the end. Fed the same texts in the
 * same order, it finds the same aliases in the same order.
 */
export class AliasMiner {
  private readonly english = new Map<string, Map<string, number>>();
  private readonly arabic = new Map<string, Map<string, ArabicCandidate & { count: number }>>();

  private addEnglish(acronym: string, name: string): void {
    const names = this.english.get(acronym) ?? new Map<string, number>();
    // Kept to the end of the build: a string of its own, not a view into the text (see ownString).
    names.set(ownString(name), (names.get(name) ?? 0) + 1);
    this.english.set(acronym, names);
  }

  add(text: string): void {
    const { arabic } = this;
    if (!text.includes('(')) return;
    for (const match of text.matchAll(PARENTHESIS)) {
      const inside = match[1]!;
      const open = match.index;
      const acronym = acronymLetters(inside);
      // Most parentheses hold neither an acronym nor a name after one (dates, agencies, asides):
      // they are passed over before the words around them are looked at.
      if (acronym === undefined && !ACRONYM_BEFORE.test(text.slice(Math.max(0, open - 12), open))) continue;
      const before = wordsBefore(text, open);
      if (acronym !== undefined) {
        if (before.length === 0) continue;
        const last = before[before.length - 1]!;
        if (scriptOf(last) === 'arabic') {
          const words = trailingArabic(before);
          if (words.length === 0) continue;
          const skeleton = consonantSkeleton(acronym);
          const guess =
            skeleton.length >= 3 && consonantSkeleton(words[words.length - 1]!) === skeleton ? 1 : Math.min(acronym.length, words.length, MAX_ARABIC_WORDS);
          const candidates = arabic.get(acronym) ?? new Map();
          const key = words.join(' ');
          const known = candidates.get(key);
          candidates.set(ownString(key), { before: known?.before ?? words.map(ownString), words: guess, count: (known?.count ?? 0) + 1 });
          arabic.set(acronym, candidates);
          continue;
        }
        const latin = trailingLatin(before).slice(-MAX_NAME_WORDS);
        const start = expansionStart(acronym, latin);
        if (start !== undefined) this.addEnglish(acronym, latin.slice(start).join(' '));
        continue;
      }
      // "the GNA (Government of National Accord)": the name fills the parenthesis.
      const last = before[before.length - 1];
      const shortForm = last === undefined ? undefined : acronymLetters(last);
      if (shortForm === undefined) continue;
      const inner = tokenize(inside).map((token) => token.text);
      if (inner.length < 2 || inner.length > MAX_NAME_WORDS || inner.some((word) => scriptOf(word) === 'arabic')) continue;
      if (expansionStart(shortForm, inner) === 0) this.addEnglish(shortForm, inner.join(' '));
    }
  }

  /** The aliases of every text added so far, merged by acronym. */
  result(): MinedAlias[] {
    const { english, arabic } = this;
    const acronyms = [...new Set([...english.keys(), ...arabic.keys()])].sort();
    return acronyms.map((acronym) => ({
      acronym,
      english: byCount([...(english.get(acronym) ?? new Map<string, number>())].map(([name, count]) => ({ name, count }))).map((entry) => entry.name),
      arabic: byCount([...(arabic.get(acronym)?.values() ?? [])]).map(({ before, words }) => ({ before, words })),
    }));
  }
}

function byCount<T extends { count: number }>(entries: T[]): T[] {
  return entries.sort((a, b) => b.count - a.count).slice(0, MAX_NAMES);
}

/** The words right before `at` in the same clause (a full stop, colon, comma or parenthesis ends it). */
function wordsBefore(text: string, at: number): string[] {
  const from = Math.max(0, at - 200);
  const window = text.slice(from, at);
  const cut = Math.max(...['.', '!', '?', ':', ';', ',', '،', '؛', '(', ')', '\n', '"', '“', '”', '«', '»'].map((mark) => window.lastIndexOf(mark)));
  const clause = window.slice(cut + 1);
  // A dotted acronym's own dots end no clause; the text right before the parenthesis must be a word.
  if (!/[\p{L}\p{M}]\s*$/u.test(clause)) return [];
  return tokenize(clause).map((token) => token.text);
}

function trailingArabic(words: readonly string[]): string[] {
  let i = words.length;
  while (i > 0 && words.length - i < MAX_ARABIC_WORDS && scriptOf(words[i - 1]!) === 'arabic' && !/\d/.test(words[i - 1]!)) i--;
  return words.slice(i);
}

function trailingLatin(words: readonly string[]): string[] {
  let i = words.length;
  while (i > 0 && scriptOf(words[i - 1]!) !== 'arabic' && /^[\p{L}]/u.test(words[i - 1]!)) i--;
  return words.slice(i);
}
