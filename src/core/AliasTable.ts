import { analyze, analyzeToken } from './analyze.js';
import { looseArabicKey } from './arabicAnalyzer.js';
import type { Lexicon } from './Lexicon.js';
import type { MinedAlias } from './mineAliases.js';
import { consonantSkeleton } from './transliterate.js';
import type { Language } from './types.js';

/**
 * The mined aliases of an index (see mineAliases) as analysed terms, ready for questions: the
 * acronym's term ("gna") and each of its names in either language as a term sequence
 * (["govern", "nation", "accord"], ["حكوم", "وفاق", "وطن"]).
 *
 * Which Arabic words before "(GNA)" are its name is settled here: with the dictionary, and when
 * the corpus also gives the English name, the name reaches as far back as the furthest word that
 * translates one of the English name's words ("حكومة الوفاق الوطني": حكومة is "government", الوطني
 * "national"); a candidate none of whose words does is dropped. Without that evidence the guess
 * made at mining time stands (the acronym's letter count, or one word written like the acronym).
 */

export interface AliasForm {
  readonly language: Language;
  readonly terms: readonly string[];
}

export interface Alias {
  /** The acronym as an index term. */
  readonly acronym: string;
  readonly forms: readonly AliasForm[];
}

/** An alias's name found in a sequence of terms: `sequence.slice(start, end)` is `form.terms`. */
export interface FormFound {
  readonly start: number;
  readonly end: number;
  readonly alias: Alias;
  readonly form: AliasForm;
}

export class AliasTable {
  private readonly byAcronym = new Map<string, Alias>();
  /** Forms by their first term, to find them in a question. */
  private readonly byFirstTerm = new Map<string, { alias: Alias; form: AliasForm }[]>();

  constructor(mined: readonly MinedAlias[], lexicon?: Lexicon) {
    for (const entry of mined) {
      const acronym = analyzeToken(entry.acronym);
      // The acronym's term must not be an ordinary word's too: "ARTS" is indexed as "art", the term
      // of every "arts" and "art" of the corpus, which would all then stand for the name.
      const lower = entry.acronym.toLowerCase();
      if (acronym === null || acronym !== lower || lexicon?.knows(lower, 'en')) continue;
      const forms: AliasForm[] = [];
      const add = (language: Language, terms: readonly string[]) => {
        // A name of one term is the acronym's translation at best, and matching it as the acronym
        // would let every passage using that word stand for it.
        if (terms.length < 2 && !(language === 'ar' && terms.length === 1)) return;
        if (terms.includes(acronym) || forms.some((form) => form.language === language && form.terms.join(' ') === terms.join(' '))) return;
        forms.push({ language, terms });
      };
      for (const name of entry.english) add('en', analyze(name));
      const englishWords = entry.english.flatMap((name) => name.split(/\s+/u));
      for (const candidate of entry.arabic) {
        const words = arabicNameLength(entry.acronym, candidate.before, candidate.words, englishWords, lexicon);
        if (words === undefined) continue;
        const terms = analyze(candidate.before.slice(-words).join(' '));
        if (terms.length > 0) add('ar', terms);
      }
      if (forms.length === 0) continue;
      const alias = { acronym, forms };
      this.byAcronym.set(acronym, alias);
      for (const form of forms) {
        const list = this.byFirstTerm.get(form.terms[0]!) ?? [];
        list.push({ alias, form });
        this.byFirstTerm.set(form.terms[0]!, list);
      }
    }
  }

  get size(): number {
    return this.byAcronym.size;
  }

  /** The alias whose acronym is this index term. */
  acronym(term: string): Alias | undefined {
    return this.byAcronym.get(term);
  }

  /** The aliases' names written out in `sequence` (analysed terms in order), longest first, not overlapping. */
  formsIn(sequence: readonly string[], language: Language): FormFound[] {
    const found: FormFound[] = [];
    for (let i = 0; i < sequence.length; ) {
      let best: FormFound | undefined;
      for (const { alias, form } of this.byFirstTerm.get(sequence[i]!) ?? []) {
        if (form.language !== language || form.terms.length < 2 || i + form.terms.length > sequence.length) continue;
        if (!form.terms.every((term, k) => sequence[i + k] === term)) continue;
        if (best === undefined || form.terms.length > best.end - best.start) best = { start: i, end: i + form.terms.length, alias, form };
      }
      if (best === undefined) i++;
      else {
        found.push(best);
        i = best.end;
      }
    }
    return found;
  }
}

/**
 * How many of the Arabic words before an acronym are its name. With the dictionary and the English
 * name: up to the furthest word translating one of the English words, or none when no word does.
 */
function arabicNameLength(
  acronym: string,
  before: readonly string[],
  guess: number,
  englishWords: readonly string[],
  lexicon: Lexicon | undefined,
): number | undefined {
  if (lexicon === undefined || englishWords.length === 0) return guess;
  const translations = new Set<string>();
  for (const word of englishWords) {
    for (const translation of lexicon.translate(word, 'en')) {
      translations.add(translation.term);
      translations.add(looseArabicKey(translation.term));
    }
  }
  let furthest = 0;
  for (let back = 1; back <= before.length; back++) {
    const term = analyzeToken(before[before.length - back]!);
    if (term !== null && (translations.has(term) || translations.has(looseArabicKey(term)))) furthest = back;
  }
  if (furthest > 0) return furthest;
  // The Arabic letters of the acronym itself ("أفريكوم (AFRICOM)") need no dictionary.
  const skeleton = consonantSkeleton(acronym);
  return before.length > 0 && skeleton.length >= 3 && consonantSkeleton(before[before.length - 1]!) === skeleton ? 1 : undefined;
}
