import { stemmer } from 'stemmer';
import { ENGLISH_IRREGULAR } from './englishIrregular.js';
import { ENGLISH_STOP_WORDS } from './englishStopWords.js';

/**
 * English term analysis after Lucene's EnglishAnalyzer: possessive removal, lower case, stop words,
 * irregular forms to their word (englishIrregular.ts), Porter stemming (the `stemmer` package
 * implements Porter's 1980 algorithm).
 */

const POSSESSIVE = /['\u2019\uFF07][sS]$/;
const DOTTED_ACRONYM = /^(?:\p{Lu}\.)+$/u;

/**
 * A role named for a person, in any gender or number, is one word: spokesman, spokeswoman,
 * spokesperson, spokesmen, spokeswomen (the dictionary has المتحدثات only as "spokeswomen", the
 * articles say "spokesman"); gunmen, gunman. Porter leaves each of them a word of its own. At least
 * three letters before the ending: "women", "omen" and "Yemen" are not compounds.
 */
const PERSON_COMPOUND = /^([a-z]{3,}?)(?:wo)?(?:men|man|persons?)$/;

function personRole(lower: string): string {
  const compound = PERSON_COMPOUND.exec(lower);
  return compound === null ? lower : `${compound[1]}man`;
}

/** The index term for a Latin-script (or other non-Arabic) token, or null for a stop word. */
export function analyzeEnglishToken(token: string): string | null {
  const word = DOTTED_ACRONYM.test(token) ? token.replaceAll('.', '') : token.replace(POSSESSIVE, '');
  const lower = word.toLowerCase();
  // "US", "IT" and "WHO" written in capitals are names, not the pronouns the stop list means.
  const isAcronym = word.length >= 2 && word === word.toUpperCase() && word !== lower;
  if (!isAcronym && ENGLISH_STOP_WORDS.has(lower)) return null;
  if (lower.length === 0) return null;
  // Porter is defined on a-z words; numbers and words with other letters pass through unchanged.
  return /^[a-z]+$/.test(lower) ? stemmer(ENGLISH_IRREGULAR.get(lower) ?? personRole(lower)) : lower;
}
