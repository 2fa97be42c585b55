import { drain, type Steps } from './steps.js';
import type { Language } from './types.js';

/**
 * The lexicon file's text (it is stored gzipped): a header line, then one line per dictionary
 * entry — the language of its headword, the headword, and each of its translations, separated by
 * tabs, exactly as the dictionary writes them. Nothing is cleaned here: which translations are
 * glosses, notes or wrong senses is decided by the code that reads it (`Lexicon`), so a better
 * rule needs no rebuild and the data stays the dictionary's.
 *
 *     isnad-lexicon\t1
 *     en\tCeasefire\tوقف إطلاق النار
 *     ar\tالناطق\tSpokesperson\tSpokesman
 */

export const LEXICON_FORMAT_HEADER = 'isnad-lexicon\t1';

/** The lexicon file in its folder (`lexicon/` at the top of the repository). */
export const LEXICON_FILE_NAME = 'freedict-en-ar.tsv.gz';

export interface LexiconEntry {
  readonly headword: string;
  readonly translations: readonly string[];
}

/** Both dictionaries: `en` holds the English-Arabic entries, `ar` the Arabic-English ones. */
export type LexiconData = Readonly<Record<Language, readonly LexiconEntry[]>>;

export function formatLexicon(data: LexiconData): string {
  const lines = [LEXICON_FORMAT_HEADER];
  for (const language of ['en', 'ar'] as const) {
    for (const entry of data[language]) lines.push([language, entry.headword, ...entry.translations].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

export type LexiconParse = { readonly kind: 'parsed'; readonly data: LexiconData } | { readonly kind: 'failed'; readonly reason: string };

export function parseLexicon(text: string): LexiconParse {
  return drain(parseLexiconSteps(text));
}

/** parseLexicon a slice at a time (see Lexicon.stepwise). */
export function* parseLexiconSteps(text: string): Steps<LexiconParse> {
  const lines = text.split('\n');
  if (lines[0] !== LEXICON_FORMAT_HEADER) {
    return { kind: 'failed', reason: `not an isnad lexicon file of format 1 (its first line is "${(lines[0] ?? '').slice(0, 40)}")` };
  }
  const en: LexiconEntry[] = [];
  const ar: LexiconEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (i % 20_000 === 0) yield;
    const line = lines[i]!;
    if (line === '') continue;
    const fields = line.split('\t');
    const language = fields[0];
    if ((language !== 'en' && language !== 'ar') || fields.length < 3 || fields[1] === '') {
      return { kind: 'failed', reason: `line ${i + 1} is not "en|ar, headword, translation…"` };
    }
    (language === 'en' ? en : ar).push({ headword: fields[1]!, translations: fields.slice(2) });
  }
  return { kind: 'parsed', data: { en, ar } };
}
