import { describe, expect, it } from 'vitest';
import { analyze, tokenize } from '../../src/core/analyze.js';
import { alternativesOf, englishLemmas, Lexicon, LEXICON_WEIGHTS } from '../../src/core/Lexicon.js';
import type { LexiconData } from '../../src/core/lexiconFile.js';
import { drain } from '../../src/core/steps.js';
import type { Language } from '../../src/core/types.js';

/**
 * A dictionary of a dozen entries, written the way FreeDict writes them (headwords capitalised,
 * Arabic often with its article, glosses and notes inside translations), each there for one rule.
 */
const data: LexiconData = {
  en: [
    { headword: 'Minister', translations: ['الوزير'] },
    // Shares the stem "minist" with "minister": found for "minister" only at the stem tier.
    { headword: 'Ministers', translations: ['الوزراء'] },
    // A word and a three-word gloss for the same headword.
    { headword: 'Truce', translations: ['هدنة', 'وقف إطلاق النار'] },
    // A description, not a translation.
    { headword: 'Aardvark', translations: ['حيوان ثديي من آكلات النمل'] },
    // An explanation after a dash, a note in parentheses, a sense framed as an adverb.
    { headword: 'Polka', translations: ['بولكا - رقصة شعبية'] },
    { headword: 'Acth', translations: ['هرمون (محفّز للغدة الكظرية)'] },
    { headword: 'Live', translations: ['بشكل مباشر'] },
    { headword: 'Us', translations: ['نحن'] },
    { headword: 'AC', translations: ['مكيّف'] },
    { headword: 'Cease-fire', translations: ['هدنة'] },
    // A multi-word headword with only a description for translation.
    { headword: 'Drive in', translations: ['قضاء الحاجة دون النّزول من السّيارة'] },
    { headword: 'Drive', translations: ['القيادة'] },
  ],
  ar: [
    { headword: 'الوزير', translations: ['Minister', 'Vizier'] },
    { headword: 'النّاطق', translations: ['Spokesperson', 'Spokesman'] },
    { headword: 'وقف إطلاق النار', translations: ['Ceasefire'] },
    { headword: 'يعلن', translations: ['Announces'] },
    // Listed bare; questions write them with a suffix or the accusative alef.
    { headword: 'مسيرة', translations: ['Career'] },
    { headword: 'دعوى', translations: ['Lawsuit'] },
    { headword: 'متبقي', translations: ['Remaining'] },
  ],
};

const lexicon = new Lexicon(data);

/** The index term of one word, as the engine analyses it. */
const term = (word: string) => analyze(word)[0]!;
const weightOf = (word: string, from: Language, target: string) => lexicon.translate(word, from).find((t) => t.term === term(target))?.weight;

describe('Lexicon: tiers and weights', () => {
  it('trusts an exact headword more than one that only shares its stem', () => {
    const exact = weightOf('minister', 'en', 'الوزير');
    const stem = weightOf('minister', 'en', 'الوزراء');
    expect(exact).toBe(LEXICON_WEIGHTS.tier.exact);
    expect(stem).toBe(LEXICON_WEIGHTS.tier.stem);
    expect(lexicon.translate('minister', 'en')[0]!.term).toBe(term('الوزير'));
  });

  it('finds an inflected word through its lemma, below an exact match', () => {
    // "ministers" is a headword itself (exact); "truces" is not, its lemma "truce" is.
    expect(englishLemmas('truces')).toContain('truce');
    expect(weightOf('truces', 'en', 'هدنة')).toBe(LEXICON_WEIGHTS.tier.lemma);
    expect(weightOf('Minister', 'en', 'الوزير')).toBe(1);
  });

  it('meets a hyphenated headword through its normalised spelling', () => {
    expect(weightOf('ceasefire', 'en', 'هدنة')).toBe(LEXICON_WEIGHTS.tier.normalized);
  });

  it('down-weights a multi-word gloss and drops a description', () => {
    const word = weightOf('truce', 'en', 'هدنة')!;
    const gloss = weightOf('truce', 'en', 'إطلاق')!;
    expect(gloss).toBeLessThan(word);
    expect(gloss).toBe(LEXICON_WEIGHTS.translationTerms[2]);
    expect(lexicon.translate('aardvark', 'en')).toEqual([]);
  });

  it('keeps no explanation, note or framing word as a translation', () => {
    expect(lexicon.translate('polka', 'en').map((t) => t.term)).toEqual([term('بولكا')]);
    expect(lexicon.translate('acth', 'en').map((t) => t.term)).toEqual([term('هرمون')]);
    expect(lexicon.translate('live', 'en')).toEqual([{ term: term('مباشر'), weight: 1, tier: 'exact', words: ['مباشر'] }]);
    expect(alternativesOf('آدميّ، بشريّ، رجل', 'ar')).toEqual(['آدميّ', 'بشريّ', 'رجل']);
  });

  it('reads "US" in capitals as a name, not the pronoun', () => {
    expect(lexicon.lookup('US', 'en')).toEqual([]);
    expect(lexicon.lookup('us', 'en').map((m) => m.translation)).toEqual(['نحن']);
    expect(lexicon.lookup('AC', 'en').map((m) => m.translation)).toEqual(['مكيّف']);
  });

  it('answers nothing for a word of the other script or a number', () => {
    expect(lexicon.translate('الوزير', 'en')).toEqual([]);
    expect(lexicon.translate('2016', 'ar')).toEqual([]);
  });
});

describe('Lexicon: Arabic clitics and affixes', () => {
  it('finds the headword written with its article from the bare word and from و/ل/ال forms', () => {
    for (const word of ['وزير', 'الوزير', 'والوزير', 'للوزير', 'بالوزير', 'ووزير']) {
      expect(
        lexicon.translate(word, 'ar').map((t) => t.term),
        word,
      ).toContain(term('minister'));
    }
    expect(weightOf('الوزير', 'ar', 'minister')).toBe(1);
    expect(weightOf('والوزير', 'ar', 'minister')).toBe(LEXICON_WEIGHTS.tier.lemma);
  });

  it('matches harakat and hamza spellings as the same word', () => {
    expect(lexicon.lookup('الناطق', 'ar')[0]).toMatchObject({ source: 'النّاطق', tier: 'exact' });
    expect(weightOf('الناطق', 'ar', 'spokesman')).toBe(1);
  });

  it('reaches a pronoun suffix or another verb person as a variant, below the word itself', () => {
    expect(weightOf('وزيرها', 'ar', 'minister')).toBe(LEXICON_WEIGHTS.tier.variant);
    expect(weightOf('تعلن', 'ar', 'announces')).toBe(LEXICON_WEIGHTS.tier.variant);
  });

  it('restores the ة and ى a suffix rewrites, and drops the alef of the accusative', () => {
    // مسيرته is مسيرة + ه with ة written ت; دعواها is دعوى + ها with ى written ا; متبقياً keeps the
    // alef of its tanween once the harakat are gone.
    expect(weightOf('مسيرته', 'ar', 'career')).toBe(LEXICON_WEIGHTS.tier.variant);
    expect(weightOf('دعواها', 'ar', 'lawsuit')).toBe(LEXICON_WEIGHTS.tier.variant);
    expect(weightOf('متبقياً', 'ar', 'remaining')).toBe(LEXICON_WEIGHTS.tier.variant);
  });

  it('reads both dictionaries as one table: a pair only the English–Arabic one lists is found from Arabic', () => {
    expect(weightOf('هدنة', 'ar', 'truce')).toBe(1);
  });

  it('knows ordinary words, not words it meets only by a variant or a stem', () => {
    expect(lexicon.knows('والوزير', 'ar')).toBe(true);
    expect(lexicon.knows('وزيرها', 'ar')).toBe(false);
    expect(lexicon.knows('Sarraj', 'en')).toBe(false);
  });
});

describe('Lexicon: questions', () => {
  const spans = (question: string, from: Language) => {
    const words = tokenize(question).map((t) => t.text);
    return lexicon.translateWords(words, from).map((s) => ({ words: words.slice(s.start, s.end).join(' '), terms: s.translations.map((t) => t.term) }));
  };

  it('translates a multi-word headword as one span before its words, even with a proclitic', () => {
    // "truce" comes from the English–Arabic entry Truce → وقف إطلاق النار, read the other way.
    const ceasefire = [term('ceasefire'), term('truce')];
    expect(spans('متى تم وقف إطلاق النار؟', 'ar')).toEqual([{ words: 'وقف إطلاق النار', terms: ceasefire }]);
    expect(spans('ووقف إطلاق النار', 'ar')[0]).toEqual({ words: 'ووقف إطلاق النار', terms: ceasefire });
  });

  it('translates the words of a multi-word headword one by one when it has only a description', () => {
    expect(spans('drive in Tripoli', 'en')).toEqual([
      { words: 'drive', terms: [term('القيادة')] },
      { words: 'Tripoli', terms: [] },
    ]);
  });

  it('among headwords sharing a first word, takes the longest the question holds, wherever it ends', () => {
    const shared = new Lexicon({
      en: [
        { headword: 'Prime', translations: ['أولي'] },
        { headword: 'Prime minister', translations: ['رئيس الوزراء'] },
        { headword: 'Prime time', translations: ['ذروة المشاهدة'] },
        { headword: 'Prime minister office', translations: ['رئاسة الحكومة'] },
        { headword: 'Minister', translations: ['الوزير'] },
      ],
      ar: [],
    });
    const spansOf = (question: string) => {
      const words = tokenize(question).map((t) => t.text);
      return shared.translateWords(words, 'en').map((s) => words.slice(s.start, s.end).join(' '));
    };
    expect(spansOf('the prime minister office said')).toEqual(['prime minister office', 'said']);
    expect(spansOf('the prime minister')).toEqual(['prime minister']);
    expect(spansOf('prime time news')).toEqual(['prime time', 'news']);
    // "prime" last, or before a word no headword has after it: the word alone.
    expect(spansOf('minister prime')).toEqual(['minister', 'prime']);
    expect(spansOf('prime office')).toEqual(['prime', 'office']);
  });

  it('leaves stop words out and keeps untranslatable words as empty spans', () => {
    expect(spans('Who is the minister of Sarraj?', 'en')).toEqual([
      { words: 'minister', terms: [term('الوزير'), term('الوزراء')] },
      { words: 'Sarraj', terms: [] },
    ]);
  });
});

describe('a lexicon built a slice at a time (Lexicon.stepwise), as the bot builds it while serving', () => {
  it('yields many times on a large dictionary and translates exactly as one built at once', () => {
    const en = Array.from({ length: 12_000 }, (_, i) => ({ headword: `word${i}`, translations: [`كلمة${i}`] }));
    const ar = Array.from({ length: 9_000 }, (_, i) => ({ headword: `عبارة${i}`, translations: [`phrase${i}`, `saying${i}`] }));
    const data = { en: [...en, { headword: 'Ceasefire', translations: ['وقف إطلاق النار'] }], ar };
    const steps = Lexicon.stepwise(data);
    let yields = 0;
    let built: Lexicon | undefined;
    for (;;) {
      const next = steps.next();
      if (next.done === true) {
        built = next.value;
        break;
      }
      yields++;
    }
    // 21,000 entries, then 27,000 pairs per side: a yield every few thousand.
    expect(yields).toBeGreaterThan(10);
    const direct = new Lexicon(data);
    for (const [word, from] of [
      ['word7', 'en'],
      ['ceasefire', 'en'],
      ['عبارة8999', 'ar'],
      ['nothing', 'en'],
    ] as const) {
      expect(built.translate(word, from)).toEqual(direct.translate(word, from));
    }
    expect(built.translate('ceasefire', 'en').length).toBeGreaterThan(0);
  });

  it('translates every word as one built at once would, and knows a word whether asked before or after translating it', () => {
    // The small dictionary above has a rule in each entry; every word of it, from both sides.
    const built = drain(Lexicon.stepwise(data));
    const direct = new Lexicon(data);
    const words = new Set<string>();
    for (const entry of [...data.en, ...data.ar])
      for (const text of [entry.headword, ...entry.translations]) for (const token of tokenize(text)) words.add(token.text);
    expect(words.size).toBeGreaterThan(40);
    // `direct` is asked whether it knows each word first, `built` after translating it: the answer
    // is the same either way (the two share a word's look-up).
    for (const word of words) {
      for (const from of ['en', 'ar'] as const) {
        const knows = direct.knows(word, from);
        expect(built.translate(word, from), `${word} (${from})`).toEqual(direct.translate(word, from));
        expect(built.knows(word, from), `${word} (${from}) known`).toBe(knows);
      }
    }
  });
});
