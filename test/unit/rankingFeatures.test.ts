/**
 * One test per ranking feature of answer(), each on a fixture small enough to read, in the style
 * of MiniSearch's ranking tests: two sentences that match the question's words equally well but
 * for the one thing the feature looks at, and a comment saying why the expected one comes first.
 *
 * Each test also runs a control: the same question with that feature's weight made neutral (0 for
 * a bonus, 1 for a discount) through `AnswerOptions.ranking`. The other sentence then comes first,
 * so it is this weight, and nothing else, that puts the expected one on top: the test fails when
 * the feature is switched off or its weight dropped. The decoys are built to win the control by a
 * small margin on the rest of the score (a shorter passage, one more word copied from the
 * question); a change to the other weights that reverses a control means the fixture needs a new
 * decoy, not that the feature is broken.
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze.js';
import { answer, type RankingWeights } from '../../src/core/answer.js';
import { looseArabicKey } from '../../src/core/arabicAnalyzer.js';
import { answerTypeOf, answerTypeStrength, FRAME_TERMS } from '../../src/core/questionCues.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { parseArticleFile } from '../../src/corpus/parseArticleFile.js';

/** The quotes answer() gives, best first, for an article of one paragraph per sentence. */
function ranked(title: string, paragraphs: readonly string[], question: string, ranking: Partial<RankingWeights> = {}): string[] {
  const index = SearchIndex.build(parseArticleFile('article.txt', `${title}\n\n${paragraphs.join('\n\n')}\n`));
  const result = answer(index, question, { ranking });
  return result.kind === 'answer' ? result.extracts.map((extract) => extract.quote) : [];
}

describe('answer types (questionCues)', () => {
  it('reads the kind of answer from the wording, in both languages', () => {
    expect(answerTypeOf('When did the pier reopen?', 'en')).toBe('date');
    expect(answerTypeOf('In which year did the pier reopen?', 'en')).toBe('date');
    expect(answerTypeOf('How many trees were planted?', 'en')).toBe('number');
    expect(answerTypeOf('How long is the bridge?', 'en')).toBe('number');
    expect(answerTypeOf('Who appointed the inspector?', 'en')).toBe('person');
    expect(answerTypeOf('Where will the delegates meet?', 'en')).toBe('place');
    expect(answerTypeOf('Why did the talks fail?', 'en')).toBe('other');
    expect(answerTypeOf('متى افتتح الجسر؟', 'ar')).toBe('date');
    expect(answerTypeOf('كم شجرة زرعت؟', 'ar')).toBe('number');
    expect(answerTypeOf('أين سيجتمع المندوبون؟', 'ar')).toBe('place');
    expect(answerTypeOf('من عين المفتش؟', 'ar')).toBe('person');
    // من is also the preposition "from": only as the first word does it ask "who".
    expect(answerTypeOf('ماذا نقلت السفن من الميناء؟', 'ar')).toBe('other');
  });

  it("scores how clearly a sentence holds that kind of thing, not counting the question's own words", () => {
    const none = new Set<string>();
    expect(answerTypeStrength('They planted 340 trees.', 'number', none)).toBe(1);
    // A number written as a word is a weaker sign than digits.
    expect(answerTypeStrength('They planted three hundred trees.', 'number', none)).toBe(0.5);
    expect(answerTypeStrength('They planted trees.', 'number', none)).toBe(0);
    expect(answerTypeStrength('The pier reopened in 2014.', 'date', none)).toBe(1);
    expect(answerTypeStrength('The pier reopened in March.', 'date', none)).toBe(0.7);
    // "When did the pier built in 2014 reopen?": the year is the question's, not its answer.
    expect(answerTypeStrength('The pier built in 2014 reopened.', 'date', new Set(['2014']))).toBe(0);
    expect(answerTypeStrength('Anything at all.', 'other', none)).toBe(0);
  });

  it('"when": the sentence with a date beats the same words without one', () => {
    // Both say the fishermen rebuilt the northern pier; only the second says when. The first is
    // shorter, so on words alone it would come first.
    const paragraphs = ['The fishermen rebuilt the northern pier after the storm.', 'The fishermen rebuilt the northern pier in 2014 with new timber.'];
    const question = 'When did the fishermen rebuild the northern pier?';
    expect(ranked('Harbour news', paragraphs, question)[0]).toBe(paragraphs[1]);
    expect(ranked('Harbour news', paragraphs, question, { answerTypeBonus: 0 })[0]).toBe(paragraphs[0]);
  });

  it('"how many": the sentence with a number beats the same words without one', () => {
    const paragraphs = ['Volunteers planted trees along the coastal road.', 'Volunteers planted 340 trees along the coastal road last spring.'];
    const question = 'How many trees did volunteers plant along the coastal road?';
    expect(ranked('Harbour news', paragraphs, question)[0]).toBe(paragraphs[1]);
    expect(ranked('Harbour news', paragraphs, question, { answerTypeBonus: 0 })[0]).toBe(paragraphs[0]);
  });

  it('"who": the sentence naming a person beats the same words without a name', () => {
    // "Samir Haddad": two capitalised words the question lacks, beside "appointed", which it has.
    const paragraphs = ['The harbour council appointed a new inspector.', 'The harbour council appointed Samir Haddad as the new inspector.'];
    const question = 'Who did the harbour council appoint as inspector?';
    expect(ranked('Harbour news', paragraphs, question)[0]).toBe(paragraphs[1]);
    expect(ranked('Harbour news', paragraphs, question, { answerTypeBonus: 0 })[0]).toBe(paragraphs[0]);
  });

  it('"متى": the Arabic sentence with a month and year beats the one without', () => {
    const paragraphs = ['افتتحت البلدية الجسر الجديد أخيرا.', 'افتتحت البلدية الجسر الجديد في مارس 2019.'];
    const question = 'متى افتتحت البلدية الجسر الجديد؟';
    expect(ranked('أخبار المدينة', paragraphs, question)[0]).toBe(paragraphs[1]);
    expect(ranked('أخبار المدينة', paragraphs, question, { answerTypeBonus: 0 })[0]).toBe(paragraphs[0]);
  });
});

describe('frame terms', () => {
  it('are the analysed forms of the words that frame a question', () => {
    for (const word of ['type', 'name', 'called', 'نوع', 'اسم']) expect(FRAME_TERMS.has(analyze(word)[0]!)).toBe(true);
    for (const word of ['ship', 'cape', 'سفينة']) expect(FRAME_TERMS.has(analyze(word)[0]!)).toBe(false);
  });

  it('count for less than topic words: "what type of ship sank" is answered by the sinking, not by "type"', () => {
    // The first sentence holds "type", "ship", "near the cape" and even "what type of ship" as
    // written; the second holds "ship sank near the cape" and not the framing word. Were "type"
    // worth a topic word, the first would win on the words it copies from the question.
    const paragraphs = ['Pilots know what type of ship docks near the cape.', 'A cargo ship sank near the cape.'];
    const question = 'What type of ship sank near the cape?';
    expect(ranked('Harbour news', paragraphs, question)[0]).toBe(paragraphs[1]);
    expect(ranked('Harbour news', paragraphs, question, { frameWeight: 1 })[0]).toBe(paragraphs[0]);
  });
});

describe('proximity and phrases', () => {
  it('proximity: the question words side by side beat the same words far apart', () => {
    // Both hold "anchor" and "bronze", neither in the question's order within two words (so the
    // phrase bonus is out of it) nor as written (so is copying): only how close they stand differs.
    // The far sentence's passage is the shorter, so on words alone it would come first.
    const paragraphs = [
      'Museum staff confirmed an anchor found beside the wreck last winter is bronze.',
      'Museum staff confirmed the bronze anchor belongs to the wreck lying twelve metres down.',
    ];
    const question = 'Was the anchor bronze?';
    expect(ranked('Harbour news', paragraphs, question)[0]).toBe(paragraphs[1]);
    expect(ranked('Harbour news', paragraphs, question, { proximityWeight: 0 })[0]).toBe(paragraphs[0]);
  });

  it("phrase: the question's word pair in its order beats the same pair reversed", () => {
    // "anchor, mostly bronze" keeps the question's "anchor … bronze" within two words;
    // "bronze, rusted anchor" has the pair as close, the other way round. Both spread over three
    // words (the same proximity) and neither copies the question as written.
    const paragraphs = ['Divers raised a bronze, rusted anchor.', 'Divers raised an anchor, mostly bronze, from the wreck.'];
    const question = 'Was the anchor bronze?';
    expect(ranked('Harbour news', paragraphs, question)[0]).toBe(paragraphs[1]);
    expect(ranked('Harbour news', paragraphs, question, { phraseWeight: 0 })[0]).toBe(paragraphs[0]);
  });
});

describe('Arabic spelling variants', () => {
  it('normalisation: أ/إ/ا, ة/ه and ى/ي are one letter, so a question typed without hamzas matches exactly', () => {
    const paragraphs = ['أعلنت الحكومة إغلاق المستشفى.', 'قالت الوزارة إن المرفأ مغلق.'];
    const index = SearchIndex.build(parseArticleFile('article.txt', `أخبار المدينة\n\n${paragraphs.join('\n\n')}\n`));
    const asWritten = answer(index, 'هل أعلنت الحكومة إغلاق المستشفى؟');
    const plain = answer(index, 'هل اعلنت الحكومه اغلاق المستشفي؟');
    expect(plain.kind === 'answer' && plain.extracts[0]!.quote).toBe(paragraphs[0]);
    // The same score as the question spelt like the article: an exact match, not a near miss.
    expect(plain.kind === 'answer' && asWritten.kind === 'answer' && plain.extracts[0]!.score).toBe(
      asWritten.kind === 'answer' && asWritten.extracts[0]!.score,
    );
  });

  it('looseArabicKey joins a stem with the one-letter proclitic light10 leaves on it (ب ل ك ف س و)', () => {
    const key = (word: string) => looseArabicKey(analyze(word)[0]!);
    expect(key('لطرابلس')).toBe(key('طرابلس'));
    expect(key('بطرابلس')).toBe(key('طرابلس'));
    expect(key('بسرت')).toBe(key('سرت'));
    expect(key('للوثر')).toBe(key('لوثر'));
    // The accusative alef left once tanween is gone.
    expect(key('استحواذاً')).toBe(key('استحواذ'));
    // Three letters are too few to tell a clitic from the word's own first letter: سرت stays whole.
    expect(looseArabicKey('سرت')).toBe('سرت');
    // Latin terms pass unchanged.
    expect(looseArabicKey('bridge')).toBe('bridge');
  });

  it('looseArabicKey joins the forms of one word that differ inside it, by their consonants', () => {
    const key = (word: string) => looseArabicKey(analyze(word)[0]!);
    // A broken plural and its singular: light10 leaves طرق and طريق, مدن and مدين apart.
    expect(key('الطرق')).toBe(key('طريق'));
    expect(key('مدن')).toBe(key('مدينة'));
    expect(key('الجنود')).toBe(key('جنديا'));
    // A verb's persons: يتخلى stems to يتخل, تخلى to تخل.
    expect(key('يتخلى')).toBe(key('تخلى'));
    // A word built on the same letters with a pattern's م: المثبت and إثباته.
    expect(key('المثبت')).toBe(key('إثباته'));
    expect(key('المعركة')).toBe(key('المعارك'));
    // A tenth form's س ت: يستخدم and استخدام are of خدم.
    expect(key('يستخدم')).toBe(key('استخدام'));
    expect(key('استخدام')).toBe(key('خدم'));
    // Fewer than three consonants would join too many words: the stem is the key then.
    expect(looseArabicKey('قال')).toBe('قال');
  });

  it('a near miss on the loose key earns part of the credit: لطرابلس answers a question about طرابلس', () => {
    // The first sentence is the second without "لطرابلس" (to Tripoli), which the index holds as its
    // own term: only the loose key matches it to the question's طرابلس. The third sentence makes
    // طرابلس a word of the corpus, so the question is not refused for asking about an unknown word.
    const paragraphs = ['وصلت قوات الوفاق صباح الأحد.', 'وصلت قوات الوفاق لطرابلس صباح الأحد.', 'تقع طرابلس على البحر.'];
    const question = 'هل وصلت قوات الوفاق إلى طرابلس؟';
    expect(ranked('أخبار المدينة', paragraphs, question)[0]).toBe(paragraphs[1]);
    expect(ranked('أخبار المدينة', paragraphs, question, { looseCredit: 0 })[0]).toBe(paragraphs[0]);
  });
});
