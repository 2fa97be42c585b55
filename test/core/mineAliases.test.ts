import { describe, expect, it } from 'vitest';
import { AliasTable } from '../../src/core/AliasTable.js';
import SearchableMap from 'minisearch/SearchableMap';
import { FUZZY, FuzzyVocabulary, withinOneClass } from '../../src/core/FuzzyVocabulary.js';
import { NameMatcher, consonantSkeleton } from '../../src/core/transliterate.js';
import { Lexicon } from '../../src/core/Lexicon.js';
import { expansionStart, mineAliases } from '../../src/core/mineAliases.js';
import { drainCounting } from '../support/drainCounting.js';

/** The mining rules one by one, on sentences written the way news writes them. */

describe("English acronyms: letters from the starts of the name's words", () => {
  it('takes initials, skipping of/the/and/for', () => {
    const [gna] = mineAliases(['Forces of the Government of National Accord (GNA) reached Sirte.']);
    expect(gna).toEqual({ acronym: 'GNA', english: ['Government of National Accord'], arabic: [] });
  });

  it('lets a word give more than its first letter (AFRI + COM), the name starting where the letters do', () => {
    const [africom] = mineAliases(['The United States Africa Command (AFRICOM) said on Tuesday.']);
    expect(africom?.english).toEqual(['Africa Command']);
  });

  it('reads the reverse form, the name filling the parenthesis, and dotted acronyms', () => {
    expect(mineAliases(['the GNA (Government of National Accord) said'])[0]?.english).toEqual(['Government of National Accord']);
    expect(mineAliases(['the United Nations (U.N.) envoy'])[0]).toMatchObject({ acronym: 'UN', english: ['United Nations'] });
  });

  it('refuses names whose words do not give the letters, lower-case words, and one-word names', () => {
    // "Khalifa Haftar" cannot give L-N-A; "forces loyal" is not a name; "Reuters (AFP)" is one word.
    expect(mineAliases(['forces loyal to Khalifa Haftar (LNA) advanced', 'the agency said (AFP)', 'Reuters (AFP) reported'])).toEqual([]);
    expect(expansionStart('LNA', ['Libyan', 'National', 'Army'])).toBe(0);
    expect(expansionStart('LNA', ['of', 'Libyan', 'National', 'Army'])).toBe(1);
    expect(expansionStart('LNA', ['Libyan', 'national', 'Army'])).toBeUndefined();
    expect(expansionStart('GN', ['Government', 'of'])).toBeUndefined();
  });
});

describe('which mined acronyms are used', () => {
  it('drops an acronym whose term is an ordinary word\'s too (ARTS is indexed as "art"), or one the dictionary knows as a word', () => {
    expect(mineAliases(['the Alpha Repertory Television Service (ARTS) network'])[0]?.acronym).toBe('ARTS');
    expect(new AliasTable(mineAliases(['the Alpha Repertory Television Service (ARTS) network'])).size).toBe(0);
    const texts = ['the Bureau of Engraving and Printing (BEP) said'];
    expect(new AliasTable(mineAliases(texts)).acronym('bep')?.forms).toEqual([{ language: 'en', terms: ['bureau', 'engrav', 'print'] }]);
    expect(new AliasTable(mineAliases(texts), new Lexicon({ en: [{ headword: 'bep', translations: ['صفير'] }], ar: [] })).size).toBe(0);
  });
});

describe('Arabic names beside a Latin acronym', () => {
  it('keeps the Arabic words before "(GNA)", guessing one word per letter', () => {
    const [gna] = mineAliases(['وقالت حكومة الوفاق الوطني (GNA) إن قواتها تقدمت.']);
    expect(gna?.arabic).toEqual([{ before: ['وقالت', 'حكومة', 'الوفاق', 'الوطني'], words: 3 }]);
    expect(new AliasTable(mineAliases(['وقالت حكومة الوفاق الوطني (GNA) إن قواتها تقدمت.'])).acronym('gna')?.forms).toEqual([
      { language: 'ar', terms: ['حكوم', 'وفاق', 'وطن'] },
    ]);
  });

  it('takes one word when it is the acronym in Arabic letters (أفريكوم for AFRICOM)', () => {
    expect(mineAliases(['وقالت قيادة أفريكوم (AFRICOM) إن الغارات استمرت.'])[0]?.arabic).toEqual([{ before: ['وقالت', 'قيادة', 'أفريكوم'], words: 1 }]);
  });

  it('with the dictionary and the English name, reaches back to the furthest word that translates it, or drops the pair', () => {
    const texts = ['Government of National Accord (GNA) forces.', 'قالت مصادر إن حكومة الوفاق الوطني (GNA) تقدمت.'];
    const lexicon = new Lexicon({ en: [{ headword: 'Government', translations: ['حكومة'] }], ar: [] });
    // Guessed: three words. Validated: حكومة is "government", three words back.
    expect(new AliasTable(mineAliases(texts), lexicon).acronym('gna')?.forms.find((form) => form.language === 'ar')?.terms).toEqual(['حكوم', 'وفاق', 'وطن']);
    // A dictionary that translates none of the English name's words into them: the pair is not trusted.
    const unrelated = new Lexicon({ en: [{ headword: 'Government', translations: ['دولة'] }], ar: [] });
    expect(new AliasTable(mineAliases(texts), unrelated).acronym('gna')?.forms.map((form) => form.language)).toEqual(['en']);
  });
});

/** A fuzzy vocabulary over these terms and passage frequencies, its rare terms found through name matchers over the same terms. */
function fuzzyOver(df: Record<string, number>): FuzzyVocabulary {
  const vocabulary = Object.keys(df).sort();
  const frequency = (term: string) => df[term] ?? 0;
  const matchers = { en: new NameMatcher(vocabulary, 'en', frequency), ar: new NameMatcher(vocabulary, 'ar', frequency) };
  return new FuzzyVocabulary(vocabulary, frequency, (term) => matchers[/[a-z]/.test(term) ? 'en' : 'ar'].termsNear(term));
}

/** FuzzyVocabulary's rules over one MiniSearch tree of every term a passage holds: what it gave before the rare terms left the tree. */
function referenceVariants(df: Record<string, number>): (term: string, frequency: number, kind: 'name' | 'word') => string[] {
  const tree = new SearchableMap<number>();
  for (const [term, n] of Object.entries(df)) if (n > 0 && term.length >= FUZZY.minLength - 2) tree.set(term, n);
  return (term, frequency, kind) => {
    if (term.length < FUZZY.minLength || frequency > FUZZY.rareFrequency) return [];
    const maxDistance = term.length >= FUZZY.twoEditsFrom[kind] ? 2 : 1;
    const skeleton = consonantSkeleton(term);
    if (kind === 'name' && skeleton.length < 3) return [];
    const found = [...tree.fuzzyGet(term, maxDistance)]
      .filter(([candidate, [n]]) => candidate !== term && n >= Math.max(1, frequency * FUZZY.rareRatio) && (kind === 'name' || n >= FUZZY.wordMinFrequency))
      .filter(([candidate]) => kind === 'word' || withinOneClass(skeleton, consonantSkeleton(candidate)))
      .map(([candidate, [n, distance]]) => ({ term: candidate, df: n, distance }));
    if (found.length === 0) return [];
    const nearest = Math.min(...found.map((entry) => entry.distance));
    const kept = found.filter((entry) => entry.distance === nearest).sort((a, b) => b.df - a.df || (a.term < b.term ? -1 : 1));
    return kept
      .filter((entry) => entry.df >= kept[0]!.df * FUZZY.minShareOfBest)
      .slice(0, FUZZY.maxVariants)
      .map((entry) => entry.term);
  };
}

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe("fuzzy variants over the vocabulary (MiniSearch's radix tree)", () => {
  const df: Record<string, number> = { gaddafi: 3, misrata: 4, announc: 3, reliev: 1, state: 12, receiv: 5 };
  const fuzzy = fuzzyOver(df);

  it('finds a name written another way, if it sounds alike', () => {
    expect(fuzzy.variants('gadhafi', 0, 'name')).toEqual(['gaddafi']);
    expect(fuzzy.variants('qaddafi', 0, 'name')).toEqual(['gaddafi']);
    expect(fuzzy.variants('misurata', 0, 'name')).toEqual(['misrata']);
  });

  it('does not match a misspelt common word to an unrelated rare term one letter away', () => {
    // "recieved" (reciev) is one letter from "relieved" (reliev, in one passage) and two from
    // "received" (receiv): no variant, rather than the wrong one.
    expect(fuzzy.variants('reciev', 0, 'word')).toEqual([]);
    expect(fuzzy.variants('annouc', 0, 'word')).toEqual(['announc']);
  });

  it('leaves short terms and terms the corpus holds often enough alone', () => {
    expect(fuzzy.variants('stat', 0, 'word')).toEqual([]);
    expect(fuzzy.variants('gadhafi', 3, 'name')).toEqual([]);
  });

  it('gives a name the corpus lacks a variant in one passage only, and nothing else such a rare variant', () => {
    const rare: Record<string, number> = { sarraj: 1, serraj: 1, sarrajj: 6, tripoli: 1, tripolis: 9 };
    const vocabulary = fuzzyOver(rare);
    // One edit away and in one passage: a variant of a name no passage holds.
    expect(vocabulary.variants('saraj', 0, 'name')).toEqual(['sarraj']);
    // In a passage itself, a name's variant must be in five times as many.
    expect(vocabulary.variants('sarraj', 1, 'name')).toEqual(['sarrajj']);
    // A word's variant must be in two passages at least.
    expect(vocabulary.variants('tripolix', 0, 'word')).toEqual(['tripolis']);
    expect(vocabulary.variants('serrajj', 0, 'word')).toEqual(['sarrajj']);
  });

  it('builds the same tree a slice at a time, yielding between slices', () => {
    const df: Record<string, number> = {};
    const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
    for (let i = 0; i < 50_000; i++) df[`tripoli${letters(i)}`] = 2 + (i % 7);
    const vocabulary = Object.keys(df).sort();
    const near = () => [];
    const { value: stepwise, yields } = drainCounting(FuzzyVocabulary.stepwise(vocabulary, (term) => df[term] ?? 0, near));
    expect(yields).toBeGreaterThan(1);
    const whole = new FuzzyVocabulary(vocabulary, (term) => df[term] ?? 0, near);
    for (const term of ['tripolibx', 'tripolzzz', 'tripolyabc']) expect(stepwise.variants(term, 0, 'word')).toEqual(whole.variants(term, 0, 'word'));
    expect(whole.variants('tripolibx', 0, 'word').length).toBeGreaterThan(0);
  });

  it('finds exactly the variants one MiniSearch tree of every term finds, the rare ones by sound', () => {
    // The terms in one passage are looked up by skeleton (NameMatcher.termsNear), not in a tree of
    // their own: the reference is the rules over a single tree of all terms, as they were.
    const random = seeded(7);
    const pick = (letters: string) => letters[Math.floor(random() * letters.length)]!;
    const edit = (word: string) => {
      const at = Math.floor(random() * word.length);
      const letter = pick('abdfghiklmnoqrstuyz');
      const kind = random();
      return kind < 0.33
        ? word.slice(0, at) + word.slice(at + 1)
        : kind < 0.66
          ? word.slice(0, at) + letter + word.slice(at + 1)
          : word.slice(0, at) + letter + word.slice(at);
    };
    const df: Record<string, number> = {};
    // Latin and Arabic names in one vocabulary (a third written in Arabic letters, one for each
    // Latin letter): a variant is always of the name's own script.
    const ARABIC_LETTERS = 'ابتثجحخدذرزسشصضطظعغفقكلمنه';
    const arabic = (word: string) => [...word].map((letter) => ARABIC_LETTERS[letter.charCodeAt(0) - 97]!).join('');
    const names: { name: string; written: (word: string) => string }[] = [];
    for (let i = 0; i < 300; i++) {
      let name = '';
      const length = 5 + Math.floor(random() * 5);
      while (name.length < length) name += pick('bdfgklmnqrstz') + pick('aeiou');
      const written = i % 3 === 2 ? arabic : (word: string) => word;
      names.push({ name, written });
      for (const variant of [name, edit(name), edit(edit(name)), edit(name)]) df[written(variant)] = [1, 1, 1, 2, 6, 11][Math.floor(random() * 6)]!;
    }
    const fuzzy = fuzzyOver(df);
    const reference = referenceVariants(df);
    let found = 0;
    let foundArabic = 0;
    for (const { name, written } of names) {
      for (const query of [written(edit(name)), written(edit(edit(name))), written(name)]) {
        for (const frequency of [0, 1, 2]) {
          for (const kind of ['name', 'word'] as const) {
            const expected = reference(query, frequency, kind);
            expect(fuzzy.variants(query, frequency, kind), `${query} ${frequency} ${kind}`).toEqual(expected);
            if (expected.length > 0 && frequency === 0 && kind === 'name') found++;
            if (expected.length > 0 && !/[a-z]/.test(query)) foundArabic++;
          }
        }
      }
    }
    expect(found).toBeGreaterThan(100);
    expect(foundArabic).toBeGreaterThan(30);
  });
});
