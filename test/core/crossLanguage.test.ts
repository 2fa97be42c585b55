import { describe, expect, it } from 'vitest';
import { answer, type RankingWeights } from '../../src/core/answer.js';
import { InvertedIndexBuilder } from '../../src/core/InvertedIndex.js';
import { Lexicon } from '../../src/core/Lexicon.js';
import type { LexiconData } from '../../src/core/lexiconFile.js';
import { renderAnswerPage } from '../../src/core/renderDiscord.js';
import { renderAnswerText } from '../../src/core/renderText.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { Answer } from '../../src/core/types.js';
import { NameMatcher, consonantSkeleton } from '../../src/core/transliterate.js';
import { parseArticleFile } from '../../src/corpus/parseArticleFile.js';

/**
 * Cross-language answers on a corpus of one English and one Arabic article about the same events,
 * with a dictionary of the few words the questions need (written the way FreeDict writes them).
 */

describe('structured query translation (Pirkola pseudo-terms)', () => {
  // Two translations a and b of one source word: a is in passages 0 and 2, b in 1 and 2.
  // Passages 3–9 hold neither, so the terms are rare enough to score.
  const translated = new InvertedIndexBuilder(1);
  const merged = new InvertedIndexBuilder(1);
  const passages = [['a', 'x'], ['b', 'y'], ['a', 'b'], ...Array.from({ length: 7 }, (_, i) => [`filler${i}`, 'y'])];
  for (const terms of passages) {
    translated.add([terms]);
    // The same corpus with both translations written as one word c.
    // Passage 2 ("a b") becomes "c c z": the same count of distinct terms, as BM25 measures length.
    merged.add([terms.join(' ') === 'a b' ? ['c', 'c', 'z'] : terms.map((term) => (term === 'a' || term === 'b' ? 'c' : term))]);
  }
  const withTranslations = translated.build();
  const withOneWord = merged.build();

  it('counts the passages holding any alternative once: df is the size of the union', () => {
    // Summed per alternative it would be 4; passage 2 holds both.
    expect(withTranslations.frequencyOfAny(['a', 'b'])).toBe(3);
    expect(withOneWord.frequency('c')).toBe(3);
  });

  it('scores the alternatives of one word exactly as one term with their summed counts', () => {
    // Passage 2 holds a and b: one matched term with tf 2, not two matched terms (which would
    // double its score through the matched-terms factor) nor two halves (1/k weights).
    const grouped = withTranslations.searchGroups([['a', 'b']], [1], 10);
    const single = withOneWord.search(['c'], [1], 10);
    expect(grouped.map((hit) => hit.passage)).toEqual(single.map((hit) => hit.passage));
    grouped.forEach((hit, i) => expect(hit.score).toBeCloseTo(single[i]!.score, 12));
    expect(grouped[0]!.passage).toBe(2);
    // Searched as two separate terms, passage 2 would count as matching two words.
    const separate = withTranslations.search(['a', 'b'], [1], 10);
    expect(separate[0]!.score).toBeGreaterThan(grouped[0]!.score * 1.5);
  });
});

const ENGLISH =
  'Troops Stay in the Gulf\n\n' +
  'Pentagon spokesman Pat Ryder said the troops would stay in the region until the spring.\n\n' +
  'Officials in Washington gave no timetable for the talks.\n';
const ARABIC =
  'هجوم على قاعدة قرب مصراتة\n\n' +
  'قتل 14 من الجنود في الهجوم على القاعدة قرب مصراتة يوم الثلاثاء.\n\n' +
  'وقال المسؤولون إن المحادثات ستستأنف الأسبوع المقبل.\n';
/** The Arabic article's news in English too: both languages hold the answer. */
const ENGLISH_ATTACK = 'Attack near Misrata\n\n' + 'Fourteen soldiers were killed in the attack on the base on Tuesday.\n';

const FILES: Record<string, string> = { 'gulf.txt': ENGLISH, 'misrata-ar.txt': ARABIC };

function indexOf(files: Record<string, string>): SearchIndex {
  return SearchIndex.build(Object.entries(files).flatMap(([file, text]) => parseArticleFile(file, text)));
}

const data: LexiconData = {
  en: [
    { headword: 'Soldiers', translations: ['الجنود'] },
    { headword: 'Killed', translations: ['قتل'] },
    { headword: 'Attack', translations: ['الهجوم', 'اعتداء'] },
    { headword: 'Base', translations: ['القاعدة'] },
    // Words of a question the Arabic article does not answer: known to the dictionary, not to the corpus.
    { headword: 'Pilots', translations: ['الطيارين'] },
    { headword: 'Trained', translations: ['دربت'] },
  ],
  ar: [
    { headword: 'المتحدث', translations: ['Spokesman'] },
    { headword: 'البنتاغون', translations: ['Pentagon'] },
  ],
};
const lexicon = new Lexicon(data);

function extracts(result: Answer) {
  return result.kind === 'answer' ? result.extracts : [];
}

/** Every quote is the article's own text at its citation's offsets. */
function expectVerbatim(result: Answer, files: Record<string, string>): void {
  for (const extract of extracts(result)) {
    expect(files[extract.citation.file]!.slice(extract.citation.start, extract.citation.end)).toBe(extract.quote);
  }
}

describe('answers from the other language', () => {
  const index = indexOf(FILES);

  it('answers an English question from the Arabic article, verbatim, citing its language', () => {
    const result = answer(index, 'How many soldiers were killed in the attack on the base?', { lexicon });
    const [first] = extracts(result);
    expect(first?.quote).toBe('قتل 14 من الجنود في الهجوم على القاعدة قرب مصراتة يوم الثلاثاء.');
    expect(first?.citation.language).toBe('ar');
    expectVerbatim(result, FILES);
  });

  it('answers an Arabic question from the English article ("who is the Pentagon spokesman?")', () => {
    const result = answer(index, 'من هو المتحدث باسم البنتاغون؟', { lexicon });
    const [first] = extracts(result);
    expect(first?.quote).toBe('Pentagon spokesman Pat Ryder said the troops would stay in the region until the spring.');
    expect(first?.citation.language).toBe('en');
    expectVerbatim(result, FILES);
  });

  it('finds nothing in the other language without the lexicon', () => {
    expect(answer(index, 'من هو المتحدث باسم البنتاغون؟').kind).toBe('no-answer');
  });

  it("prefers the asker's language when both articles hold the answer", () => {
    const files = { ...FILES, 'misrata-en.txt': ENGLISH_ATTACK };
    const both = indexOf(files);
    const result = answer(both, 'How many soldiers were killed in the attack on the base?', { lexicon });
    const [first, second] = extracts(result);
    expect(first?.quote).toBe('Fourteen soldiers were killed in the attack on the base on Tuesday.');
    expect(first?.citation.language).toBeUndefined();
    expect(second?.citation.language).toBe('ar');
    expectVerbatim(result, files);
  });

  it("keeps the asker's language first when the other's match scores higher, but not much", () => {
    // Both sentences answer. Weighted up (crossLanguageFactor), the Arabic sentence outscores the
    // English one by less than 1 / ownLanguageMargin: the English one still comes first, the
    // Arabic one after it. Only a translated match far ahead leads.
    const files = { ...FILES, 'misrata-en.txt': ENGLISH_ATTACK };
    const both = indexOf(files);
    const question = 'How many soldiers were killed in the attack on the base?';
    const english = 'Fourteen soldiers were killed in the attack on the base on Tuesday.';
    const arabic = 'قتل 14 من الجنود في الهجوم على القاعدة قرب مصراتة يوم الثلاثاء.';
    const quotes = (ranking: Partial<RankingWeights>) => extracts(answer(both, question, { lexicon, ranking })).map((extract) => extract.quote);
    // Unweighted, the Arabic sentence scores 0.81 of the English one; at 1.4 times that, 1.13 times it.
    expect(quotes({ crossLanguageFactor: 1.4 })).toEqual([english, arabic]);
    expect(quotes({ crossLanguageFactor: 1.4, ownLanguageMargin: Number.POSITIVE_INFINITY })).toEqual([arabic, english]);
    expect(quotes({ crossLanguageFactor: 3 })[0]).toBe(arabic);
  });

  it('holds cross-language matches to their own, stricter threshold', () => {
    const question = 'How many soldiers were killed in the attack on the base?';
    // The same-language threshold does not decide whether a translated match is quoted…
    // (Coverage is a share, at most 1: the translated sentence holds every word of the question.)
    expect(answer(index, question, { lexicon, ranking: { abstainBelow: 0, crossAbstainBelow: 1.01 } }).kind).toBe('no-answer');
    // …its own threshold does.
    expect(answer(index, question, { lexicon, ranking: { abstainBelow: 1.01, crossAbstainBelow: 0 } }).kind).toBe('answer');
  });
});

describe('the answer check on a translated match', () => {
  const index = indexOf(FILES);
  // Arabic articles only: an English question finds its answer, if any, through translation alone.
  const ARABIC_ONLY = {
    'misrata-ar.txt': ARABIC,
    'tripoli-ar.txt':
      'أخبار طرابلس\n\nافتتح المستشفى الجديد في طرابلس يوم الأحد.\n\nوصلت شحنة من الأدوية إلى الميناء.\n\nعادت الكهرباء إلى أحياء المدينة بعد انقطاع طويل.\n',
  };

  it('refuses an Arabic sentence that holds only the setting of the question, not what it asks', () => {
    // "base" and "Misrata" are in the Arabic sentence on the attack (and ranking alone quotes it),
    // but no article holds a translation of "pilots" or "trained": most of the question is absent.
    const arabicOnly = indexOf(ARABIC_ONLY);
    const question = 'Which pilots trained at the base near Misrata?';
    expect(extracts(answer(arabicOnly, question, { lexicon, abstain: false }))[0]?.quote).toBe(
      'قتل 14 من الجنود في الهجوم على القاعدة قرب مصراتة يوم الثلاثاء.',
    );
    expect(answer(arabicOnly, question, { lexicon })).toMatchObject({ kind: 'no-answer', reason: 'not-in-corpus' });
    // It is the cross-language check that declines it: without the rule on absent words, it is quoted.
    expect(answer(arabicOnly, question, { lexicon, crossCheck: { absentTogether: { en: 1.01, ar: 1.01 } } }).kind).toBe('answer');
  });

  it("checks a translated match as strictly as the asker's language when the corpus has articles in both", () => {
    // The same question with the English article beside the Arabic one: a word missing from both
    // is not a gap of the dictionary to forgive. The lenient cross-language weights (here made
    // more lenient still) are not the ones it is judged by.
    const question = 'Which pilots trained at the base near Misrata?';
    const lenient = { absentTogether: { en: 1.01, ar: 1.01 }, focusAbsent: { en: 1.01, ar: 1.01 } };
    expect(answer(indexOf(ARABIC_ONLY), question, { lexicon, crossCheck: lenient }).kind).toBe('answer');
    expect(answer(index, question, { lexicon, crossCheck: lenient }).kind).toBe('no-answer');
  });

  it('still quotes the Arabic sentence that answers, its words found through their translations', () => {
    const result = answer(index, 'How many soldiers were killed in the attack on the base?', { lexicon, crossCheck: { minSupport: { en: 0.9, ar: 0.9 } } });
    expect(extracts(result)[0]?.citation.language).toBe('ar');
  });
});

describe('the source language label', () => {
  const index = indexOf(FILES);
  const english = answer(index, 'How many soldiers were killed in the attack on the base?', { lexicon });
  const arabic = answer(index, 'من هو المتحدث باسم البنتاغون؟', { lexicon });

  it("is shown in the reply's language beside the citation (terminal)", () => {
    expect(renderAnswerText(english)).toContain('¶ 1 · in Arabic · misrata-ar.txt');
    expect(renderAnswerText(arabic)).toContain('الفقرة 1 · بالإنجليزية · gulf.txt');
  });

  it('is shown beside the citation on Discord, with the quote verbatim', () => {
    const page = JSON.stringify(renderAnswerPage(english, 0));
    expect(page).toContain('in Arabic');
    expect(page).toContain('قتل 14 من الجنود في الهجوم على القاعدة قرب مصراتة يوم الثلاثاء.');
    expect(JSON.stringify(renderAnswerPage(arabic, 0))).toContain('بالإنجليزية');
  });

  it("is absent when the article is in the question's language", () => {
    const result = answer(index, 'Who is the Pentagon spokesman?', { lexicon });
    expect(extracts(result)[0]?.citation.language).toBeUndefined();
    expect(renderAnswerText(result)).not.toContain('in English');
  });
});

describe('which translations of an Arabic word are searched', () => {
  // عامل (factor) and عاملون (workers) share the light stem عامل: the dictionary meets عاملون from
  // عامل only through that stem, as it meets عمل (work) from عملة (currency).
  const stemLexicon = new Lexicon({
    en: [],
    ar: [
      { headword: 'عامل', translations: ['Factor'] },
      { headword: 'عاملون', translations: ['Workers'] },
      { headword: 'ليبيا', translations: ['Libya'] },
    ],
  });
  const question = 'ما هو العامل في ليبيا؟';

  it("leaves out a stem's other headword when the word's own translation is in the corpus", () => {
    // "Workers in Libya" would hold both keys of the question if عامل also meant workers; the
    // corpus has "factor" (in another article), so it does not, and nothing answers.
    const files = {
      'libya.txt': 'Strike in Libya\n\nWorkers in Libya went on strike on Monday.\n',
      'delay.txt': 'The delay\n\nThe weather was a factor in the delay of the flight.\n',
    };
    expect(answer(indexOf(files), question, { lexicon: stemLexicon }).kind).toBe('no-answer');
  });

  it('searches it when the corpus has none of the translations of the word itself', () => {
    // No article says "factor": the stem's other headword is the only lead left, and is used.
    const files = { 'libya.txt': 'Strike in Libya\n\nWorkers in Libya went on strike on Monday.\n' };
    const result = answer(indexOf(files), question, { lexicon: stemLexicon });
    expect(extracts(result)[0]?.quote).toBe('Workers in Libya went on strike on Monday.');
  });
});

/** عملة ("currency") and عمل ("work"), which the dictionary meets from عملة one affix apart. */
const CURRENCY_LEXICON = new Lexicon({
  en: [],
  ar: [
    { headword: 'عملة', translations: ['Currency'] },
    { headword: 'عمل', translations: ['Work'] },
    { headword: 'ليبيا', translations: ['Libya'] },
  ],
});
/** An English article on work in Libya, none of it on its currency. */
const OIL_IN_LIBYA = 'Oil in Libya\n\nMany people in Libya work in the oil fields of the south.\n\nLibya exports most of its oil to Europe.\n';

describe('a word neither language holds in its own senses', () => {
  it('is absent, though a related headword’s translation is in the other language’s articles', () => {
    // عملة is "currency"; the dictionary also meets عمل ("work") from it, one affix apart. No
    // article says currency, and no Arabic article has عملة (nor its stem): the sentence on work
    // in Libya holds a related word's sense, not the question's.
    const lexicon = CURRENCY_LEXICON;
    const files = {
      'oil.txt': `${OIL_IN_LIBYA}\nThe ports of Libya reopened in March.\n`,
      'misrata-ar.txt': ARABIC,
    };
    const index = indexOf(files);
    const question = 'ما هي عملة ليبيا؟';
    expect(extracts(answer(index, question, { lexicon, abstain: false }))[0]?.quote).toBe('Many people in Libya work in the oil fields of the south.');
    expect(answer(index, question, { lexicon })).toMatchObject({ kind: 'no-answer', reason: 'not-in-corpus' });
  });
});

describe('an Arabic word whose stem the Arabic articles hold only as other words', () => {
  const lexicon = CURRENCY_LEXICON;
  const english = OIL_IN_LIBYA;

  it('is absent: عملة ("currency") and عمليات ("operations") share the light stem عمل', () => {
    // No article says currency; the English one says "work", a translation of عمل, which the
    // dictionary meets from عملة one affix apart. The Arabic article holds عمل only as عمليات, so
    // the question's word is in neither language, and the sentence on work is not its answer.
    const files = {
      'oil.txt': english,
      'ops-ar.txt': 'عمليات قرب سرت\n\nبدأت عمليات عسكرية جديدة قرب سرت يوم الثلاثاء.\n\nوقال المسؤولون إن المحادثات ستستأنف.\n',
    };
    const question = 'ما هي عملة ليبيا؟';
    expect(extracts(answer(indexOf(files), question, { lexicon, abstain: false })).length).toBeGreaterThan(0);
    expect(answer(indexOf(files), question, { lexicon })).toMatchObject({ kind: 'no-answer' });
  });

  it('is held when an Arabic article writes the word, with other clitics (بالعملة)', () => {
    const files = {
      'oil.txt': english,
      'money-ar.txt': 'المال في ليبيا\n\nيدفع الناس في ليبيا بالعملة المحلية وهي الدينار.\n\nوقال المسؤولون إن المحادثات ستستأنف.\n',
    };
    const answered = answer(indexOf(files), 'ما هي عملة ليبيا؟', { lexicon });
    expect(extracts(answered)[0]?.quote).toBe('يدفع الناس في ليبيا بالعملة المحلية وهي الدينار.');
  });
});

describe('a role in another gender or number', () => {
  it('meets the article\'s word: المتحدث, given only as "spokeswomen", finds the AFRICOM spokesman', () => {
    // The dictionary has المتحدثات ("spokeswomen"), which المتحدث meets by its stem; the article
    // says "spokesman". Read as one word, the role makes the sentence naming him the answer.
    const lexicon = new Lexicon({ en: [], ar: [{ headword: 'المتحدثات', translations: ['Spokeswomen'] }] });
    const files = {
      'africom.txt':
        'US strikes\n\nAFRICOM spokesman John Manley said the strikes would continue.\n\nThe strikes hit targets near Sirte.\n\nThe US confirmed the raid.\n\nTalks resumed in Tunis.\n',
      'misrata-ar.txt': ARABIC,
    };
    const answered = answer(indexOf(files), 'ما اسم المتحدث باسم أفريكوم؟', { lexicon });
    expect(extracts(answered)[0]?.quote).toBe('AFRICOM spokesman John Manley said the strikes would continue.');
  });
});

describe('an English translation held only as another word', () => {
  it('is absent when its stem is in the articles only as other words ("generate" and "general" stem alike)', () => {
    // ولد is "born" and "generate" in the dictionary. No article says born, and "gener" is in the
    // corpus only as "General": the sentence on the general's forces does not hold the question's
    // word, and without the check it is quoted as the answer. Haftar is in most passages: the
    // question is about his birth, the word no article holds.
    const lexicon = new Lexicon({
      en: [],
      ar: [
        { headword: 'ولد', translations: ['Born', 'Generate'] },
        { headword: 'حفتر', translations: ['Haftar'] },
        { headword: 'متى', translations: ['When'] },
      ],
    });
    const files = {
      'haftar.txt':
        'Haftar advances\n\nForces loyal to General Khalifa Haftar advanced towards Tripoli on Thursday.\n\n' +
        'Khalifa Haftar met the envoy in Benghazi.\n\nHaftar said the talks had failed.\n\nThe forces of Haftar hold the east.\n\n' +
        'Khalifa Haftar spoke on television.\n\nThe United Nations called for calm.\n',
      'misrata-ar.txt': ARABIC,
    };
    const index = indexOf(files);
    const question = 'متى ولد خليفة حفتر؟';
    expect(extracts(answer(index, question, { lexicon, abstain: false }))[0]?.quote).toBe(
      'Forces loyal to General Khalifa Haftar advanced towards Tripoli on Thursday.',
    );
    expect(answer(index, question, { lexicon })).toMatchObject({ kind: 'no-answer' });
  });

  it('is held when the word itself is written, inflected ("generated")', () => {
    const lexicon = new Lexicon({
      en: [],
      ar: [
        { headword: 'ولد', translations: ['Generate'] },
        { headword: 'كهرباء', translations: ['Electricity'] },
      ],
    });
    const files = {
      'power.txt': 'Power\n\nThe plant generated electricity for Misrata until the fuel ran out.\n\nGeneral strikes followed.\n',
      'misrata-ar.txt': ARABIC,
    };
    const answered = answer(indexOf(files), 'ماذا ولد الكهرباء؟', { lexicon });
    expect(extracts(answered)[0]?.quote).toBe('The plant generated electricity for Misrata until the fuel ran out.');
  });
});

describe('names across scripts (consonant skeletons)', () => {
  it('reduces a name to the same skeleton in either script', () => {
    expect(consonantSkeleton('Ryder')).toBe('rdr');
    expect(consonantSkeleton('رايدر')).toBe('rdr');
    expect(consonantSkeleton('Misrata')).toBe(consonantSkeleton('مصراتة'.replace('ة', '')));
  });

  it("keeps only the nearest of the words sharing a skeleton, an English plural's s set aside", () => {
    // البرونكوس is brnks, as are "process" and "branch" (p, c and ch fall in the b, k, s classes);
    // the English stem "bronco" has lost the plural s the Arabic spelling keeps. Vowels and the
    // dropped s tell them apart: only the team is the name.
    const vocabulary = ['process', 'branch', 'princip', 'bronco', 'carolin', 'carolina', 'misrata'];
    const matcher = new NameMatcher(vocabulary, 'en', () => 1);
    expect(matcher.match('برونكوس')).toEqual(['bronco']);
    expect(matcher.match('كارولينا')).toEqual(['carolina']);
    expect(matcher.match('مصراتة')).toEqual(['misrata']);
    // Nothing near enough: no name at all rather than the least far word.
    expect(matcher.match('بانثرز')).toEqual([]);
  });

  it('matches a name by how the article writes it, where its English stem is no longer the name', () => {
    // Porter stems "Manning" to "man" and "Turing" to "ture": their skeletons (mn, tr) are not those
    // of مانينغ and تورينغ (mng, trng). The article's words as written still are, and the match
    // is the term they are indexed as.
    const files = {
      'final.txt': 'The final\n\nPeyton Manning threw two passes in the fourth quarter.\n\nThe quarter ended with a late field goal.\n',
    };
    const index = indexOf(files);
    const plain = new Lexicon({
      en: [],
      ar: [
        { headword: 'تمريرات', translations: ['passes'] },
        { headword: 'رمى', translations: ['threw'] },
      ],
    });
    const result = answer(index, 'كم تمريرة رمى مانينغ؟', { lexicon: plain });
    expect(extracts(result)[0]?.quote).toBe('Peyton Manning threw two passes in the fourth quarter.');
    expectVerbatim(result, files);
    const vocabulary = ['man', 'mine', 'ture', 'tire'];
    expect(new NameMatcher(vocabulary, 'en', () => 1).match('مانينغ')).toEqual([]);
    const written = [
      ['manning', 'man'],
      ['turing', 'ture'],
    ] as const;
    expect(new NameMatcher(vocabulary, 'en', () => 1, written).match('مانينغ')).toEqual(['man']);
    expect(new NameMatcher(vocabulary, 'en', () => 1, written).match('تورينغ')).toEqual(['ture']);
  });

  it('reads an Arabic word only the English articles hold, by its sound, as a name the answer must have', () => {
    // أفريكوم has no entry and no Arabic article holds it; its skeleton (frkm) meets "AFRICOM" in
    // the English one. The Arabic sentence shares "المتحدث باسم" (the spokesman of), not the name:
    // it is not quoted, and the English sentence with the name is, though it ranked below.
    const files = {
      'misrata-ar.txt': 'قوات مصراتة\n\nوقال المتحدث باسم القوات إن المعارك مستمرة قرب سرت.\n',
      'africom.txt': 'Africa Command\n\nAFRICOM spokesman John Manley said no request had been received.\n',
    };
    const index = indexOf(files);
    const question = 'ما اسم المتحدث باسم أفريكوم؟';
    const result = answer(index, question, { lexicon });
    expect(extracts(result).map((extract) => extract.quote)).toEqual(['AFRICOM spokesman John Manley said no request had been received.']);
    expect(extracts(result)[0]?.citation.language).toBe('en');
    expectVerbatim(result, files);
    // Unchecked, the Arabic sentence comes first: it holds more of the question's words.
    const unchecked = answer(index, question, { lexicon, abstain: false });
    expect(extracts(unchecked)[0]?.citation.file).toBe('misrata-ar.txt');
  });

  it('tries as a name a word the dictionary knows only in senses the corpus never uses', () => {
    // The dictionary knows سراج as "saddler"; no article says saddler, and one names Sarraj.
    const files = { 'talks.txt': 'Talks in Tunis\n\nPrime Minister Sarraj met the envoy in Tunis on Monday.\n' };
    const index = indexOf(files);
    const withSaddler = new Lexicon({
      en: [],
      ar: [
        { headword: 'سراج', translations: ['saddler'] },
        { headword: 'المبعوث', translations: ['envoy'] },
        { headword: 'التقى', translations: ['met'] },
      ],
    });
    const question = 'أين التقى السراج بالمبعوث؟';
    const result = answer(index, question, { lexicon: withSaddler });
    expect(extracts(result)[0]?.quote).toBe('Prime Minister Sarraj met the envoy in Tunis on Monday.');
    expectVerbatim(result, files);
    // Read only as "saddler", the question shares two common words with the article, not its focus.
    expect(answer(index, question, { lexicon: withSaddler, ranking: { unusedNameDistance: -1 } }).kind).toBe('no-answer');
  });

  it("finds a name the dictionary lacks in the other script's article", () => {
    // رايدر has no entry; only its skeleton meets "Ryder". A cross-language match needs two of the
    // question's words, so "spokesman" alone (المتحدث) would not be quoted.
    const index = indexOf(FILES);
    const result = answer(index, 'ماذا قال المتحدث رايدر؟', { lexicon });
    expect(extracts(result)[0]?.quote).toBe('Pentagon spokesman Pat Ryder said the troops would stay in the region until the spring.');
    expect(answer(index, 'ماذا قال المتحدث؟', { lexicon }).kind).toBe('no-answer');
    expectVerbatim(result, FILES);
  });
});
