import { describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { CHECK, CROSS_CHECK, checkAnswer, questionWords, type TermEvidence } from '../../src/core/answerCheck.js';
import { LABELS } from '../../src/core/labels.js';
import { renderAnswerPage } from '../../src/core/renderDiscord.js';
import { renderAnswerText } from '../../src/core/renderText.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { Answer } from '../../src/core/types.js';
import { parseArticleFile } from '../../src/corpus/parseArticleFile.js';

/**
 * The answer check (src/core/answerCheck.ts) on small corpora whose every paragraph is about one
 * thing. Each refusal is shown next to what ranking alone would quote (`abstain: false`), so the
 * fixture explains itself: there is a tempting sentence, and the check is what declines it.
 */
const CORPUS = SearchIndex.build(
  [
    [
      'tripoli.txt',
      [
        'Fighting in Tripoli',
        '',
        'Tripoli is the capital of Libya and its largest city.',
        '',
        'Clashes between rival militias shook Tripoli for weeks. The United Nations brokered a ceasefire that ended the unrest.',
        '',
        'Doctors at the central hospital treated dozens of wounded civilians.',
        '',
        'Soldiers were killed in the attack on the base near Misrata, officials said.',
        '',
        'The army said that 14 soldiers were killed in the offensive, which it launched in April 2019.',
        '',
        'The old harbour reopened to fishing boats after the fighting.',
        '',
        'The Super Bowl was shown on a giant screen in Martyrs Square in February.',
      ].join('\n'),
    ],
    [
      'benghazi.txt',
      [
        'قتال في بنغازي',
        '',
        'أعلن الجيش أن قواته سيطرت على ميناء بنغازي بعد معارك استمرت أسبوعين.',
        '',
        'قال المتحدث باسم الجيش إن 12 جنديا قتلوا في المعارك.',
        '',
        'وصلت شحنات الأدوية إلى المستشفى المركزي في المدينة.',
      ].join('\n'),
    ],
  ].flatMap(([file, text]) => parseArticleFile(file!, text!)),
);

const quotes = (result: Answer): string[] => (result.kind === 'answer' ? result.extracts.map((extract) => extract.quote) : []);

describe('the answer check refuses what the corpus does not say', () => {
  it('refuses a question mostly made of words no article holds, though the rest is in one sentence', () => {
    // "clashes between rival militias" is quoted by ranking alone; the bakers, tailors, plumbers
    // and painters the question is about are in no article: together they are most of the question.
    const question = 'Did bakers, tailors, plumbers and painters see the clashes between rival militias?';
    expect(quotes(answer(CORPUS, question, { abstain: false }))[0]).toContain('Clashes between rival militias shook Tripoli');
    const refused = answer(CORPUS, question);
    expect(refused.kind).toBe('no-answer');
    expect(refused.kind === 'no-answer' ? refused.absent : []).toEqual(expect.arrayContaining(['bakers', 'tailors', 'plumbers', 'painters']));
    expect(answer(CORPUS, question, { check: { absentTogether: { en: 1.01, ar: 1.01 } } }).kind).toBe('answer');
  });

  it('refuses an on-topic question naming something the corpus never mentions, and names the word', () => {
    // Ranking alone quotes the harbour sentence: it holds "harbour" and "reopened", two of the
    // three terms. But the question is about Russia, which no article mentions.
    const question = 'When did Russia reopen the harbour?';
    expect(quotes(answer(CORPUS, question, { abstain: false }))[0]).toBe('The old harbour reopened to fishing boats after the fighting.');
    expect(answer(CORPUS, question)).toEqual({ kind: 'no-answer', question, language: 'en', reason: 'not-in-corpus', absent: ['Russia'] });
  });

  it('refuses a question whose words stand in unrelated sentences', () => {
    // "hospital" is in the paragraph on the wounded, "reopen" in the one on the harbour, three
    // paragraphs apart: each sentence holds half the question, neither answers it.
    const question = 'Did the hospital reopen?';
    expect(quotes(answer(CORPUS, question, { abstain: false }))).toEqual([
      'Doctors at the central hospital treated dozens of wounded civilians.',
      'The old harbour reopened to fishing boats after the fighting.',
    ]);
    const result = answer(CORPUS, question);
    expect(result.kind).toBe('no-answer');
    // Both words are in the corpus, so there is no "not in any article" list to give.
    expect(result.kind === 'no-answer' && result.absent).toBeUndefined();
  });

  it('refuses a question whose one word the corpus lacks is 0.41 of it, beside two rare words it has', () => {
    // Twenty paragraphs; "language" and "Misrata" are each in one, the same sentence. "spoken" is
    // in none: it carries the highest IDF, and the two others 0.7 of it each, so it is 0.42 of the
    // question. The sentence says Misrata's militias speak harshly, not which language is spoken.
    const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
    const talks = Array.from({ length: 19 }, (_, i) => `Talks on the budget resumed on ${days[i % 7]} after a break of ${i + 2} days.`);
    const text = [
      'Misrata',
      '',
      'In Misrata, the language of the militia leaders has hardened since the spring.',
      '',
      ...talks.flatMap((line) => [line, '']),
    ].join('\n');
    const index = SearchIndex.build(parseArticleFile('misrata.txt', text));
    const question = 'What language is spoken in Misrata?';
    expect(quotes(answer(index, question, { abstain: false }))[0]).toBe('In Misrata, the language of the militia leaders has hardened since the spring.');
    expect(answer(index, question)).toEqual({ kind: 'no-answer', question, language: 'en', reason: 'not-in-corpus', absent: ['spoken'] });
    // At the former 0.45 it was quoted.
    expect(answer(index, question, { check: { focusAbsent: { en: 0.45, ar: 0.55 } } }).kind).toBe('answer');
  });

  it('refuses a name the corpus holds only as the stem of another word', () => {
    // "Liber" stems as "liberation" does: ranking alone quotes the liberation of Sirte for it. No
    // article writes Liber (nor Libers, Liber's), so the question names someone the corpus lacks.
    const files = { 'sirte.txt': 'Sirte\n\nThe liberation of Sirte ended in December after months of fighting.\n\nThe city was rebuilt in the spring.\n' };
    const index = SearchIndex.build(Object.entries(files).flatMap(([file, text]) => parseArticleFile(file, text)));
    const question = 'When did Liber end the fighting in Sirte?';
    expect(quotes(answer(index, question, { abstain: false }))[0]).toBe('The liberation of Sirte ended in December after months of fighting.');
    expect(answer(index, question)).toEqual({ kind: 'no-answer', question, language: 'en', reason: 'not-in-corpus', absent: ['Liber'] });
    // Written as the article writes it, the name is there.
    expect(answer(index, 'When did the liberation of Sirte end?').kind).toBe('answer');
  });

  it('refuses an Arabic question about soldiers in the harbour when the corpus only has the harbour', () => {
    // الجنود (soldiers, as a broken plural) is written only as جنديا, in a sentence none of the
    // question's other words lead to; the one sentence on the harbour says who took it, not how
    // many soldiers are there.
    const question = 'كم عدد الجنود في الميناء؟';
    expect(quotes(answer(CORPUS, question, { abstain: false }))[0]).toBe('أعلن الجيش أن قواته سيطرت على ميناء بنغازي بعد معارك استمرت أسبوعين.');
    const result = answer(CORPUS, question);
    expect(result.kind).toBe('no-answer');
    expect(result.kind === 'no-answer' && result.absent).toContain('الجنود');
  });
});

describe('the answer check still answers what the corpus says', () => {
  it.each([
    ['When did the harbour reopen?', 'The old harbour reopened to fishing boats after the fighting.'],
    ['How many soldiers were killed in the offensive?', 'The army said that 14 soldiers were killed in the offensive, which it launched in April 2019.'],
    ['Who brokered the ceasefire in Tripoli?', 'The United Nations brokered a ceasefire that ended the unrest.'],
    ['كم جنديا قتلوا في المعارك؟', 'قال المتحدث باسم الجيش إن 12 جنديا قتلوا في المعارك.'],
  ])('%s', (question, expected) => {
    const [first] = quotes(answer(CORPUS, question));
    expect(first).toContain(expected);
  });

  it('answers an Arabic question whose words the article writes in other forms of them', () => {
    // The article says جنديا (a soldier, accusative) and المعارك (the battles) where the question
    // says الجنود (broken plural) and المعركة: light10 keeps them apart, their consonants do not
    // (looseArabicKey). Without that, two of the question's three words were in no article.
    const [first] = quotes(answer(CORPUS, 'كم عدد الجنود الذين قتلوا في المعركة؟'));
    expect(first).toBe('قال المتحدث باسم الجيش إن 12 جنديا قتلوا في المعارك.');
  });

  it('answers a name written as one word where the article writes two', () => {
    // "Superbowl" is no term of the corpus, which would make it a name no article mentions; joined,
    // the article's "Super Bowl" is the same name.
    expect(quotes(answer(CORPUS, 'Where was the Superbowl shown on a screen?'))[0]).toBe(
      'The Super Bowl was shown on a giant screen in Martyrs Square in February.',
    );
  });

  it('joins two words whose first begins with an accented letter, and with the accents folded', () => {
    // The check passes over word pairs whose first letter cannot start the typed word without
    // decoding them; "É" folds to "E", so "Élan" must still be read as a start of "elanvital".
    const index = SearchIndex.build(
      parseArticleFile(
        'festival.txt',
        ['Festival season', '', 'The Élan Vital festival opened in Lyon in June.', '', 'The harbour reopened to fishing boats after the storm.'].join('\n'),
      ),
    );
    expect(quotes(answer(index, 'Where did the Elanvital festival open?'))[0]).toBe('The Élan Vital festival opened in Lyon in June.');
    expect(quotes(answer(index, 'Where did the élanvital festival open?'))[0]).toBe('The Élan Vital festival opened in Lyon in June.');
  });

  it('counts the two words an extract writes for a name typed as one as that name, found in it', () => {
    // What the check saw for the quoted run: "Superbowl" is in the corpus (as "Super Bowl") and,
    // loosely, in the very sentence quoted — not merely beside it.
    const seen: { word: string; inCorpus: boolean; support: string }[][] = [];
    answer(CORPUS, 'Where was the Superbowl shown on a screen?', {
      onCheck: (evidence) => seen.push(evidence.map(({ word, inCorpus, support }) => ({ word, inCorpus, support }))),
    });
    expect(seen[0]).toContainEqual({ word: 'Superbowl', inCorpus: true, support: 'loose' });
  });

  it('answers a name typed without its accent or one letter off', () => {
    const index = SearchIndex.build(parseArticleFile('paris.txt', 'Talks in Paris\n\nThomas de Maizière met the envoys in Paris on Monday.'));
    expect(quotes(answer(index, 'When did Thomas de Maiziere meet the envoys?'))[0]).toBe('Thomas de Maizière met the envoys in Paris on Monday.');
  });
});

describe('the support an answer needs', () => {
  // Four words of equal rarity, one in the run and three elsewhere in the corpus: a quarter of the
  // question is beside the run, and ranking scored it well enough to leave the weak band.
  const evidence = ['a', 'b', 'c', 'd'].map(
    (term, i): TermEvidence => ({ term, word: term, kind: 'word', rarity: 0.5, inCorpus: true, support: i === 0 ? 'extract' : 'none' }),
  );
  it('is more in an Arabic passage than in an English one', () => {
    // Arabic forms are matched by their consonants (looseArabicKey), which finds more of an answer's
    // words and also more of an unrelated sentence's: xquad-dev-ooc-ar refused 93 → 102 of 127 at
    // 0.27, xquad-dev-ar hit@1 441 → 442 of 612.
    expect(checkAnswer({ evidence, language: 'en', score: 1 }).ok).toBe(true);
    expect(checkAnswer({ evidence, language: 'ar', score: 1 }).ok).toBe(false);
  });

  it("goes by the passage's language, not the question's, for a translated match", () => {
    // An Arabic question's translated words met in an English passage are matched as English words.
    expect(checkAnswer({ evidence, language: 'ar', passageLanguage: 'en', score: 1 }, { ...CHECK, ...CROSS_CHECK }).ok).toBe(true);
    expect(checkAnswer({ evidence, language: 'en', passageLanguage: 'ar', score: 1 }, { ...CHECK, ...CROSS_CHECK }).ok).toBe(false);
  });
});

describe('questionWords', () => {
  it('leaves out the measure a "how" question asks for: it is not what the question is about', () => {
    // An article that says "the talks will last three days" never says "long".
    expect(questionWords('How long will the talks last?').map((word) => word.word)).toEqual(['talks', 'last']);
    expect(questionWords('How old is the long bridge?').map((word) => word.word)).toEqual(['long', 'bridge']);
  });

  it('takes capitalised words inside the question as names, the opening word and numbers apart', () => {
    expect(questionWords('Tripoli hosted whom when Graham Twigg met the UN in 1347?')).toEqual([
      { term: 'tripoli', word: 'Tripoli', kind: 'word' },
      { term: 'host', word: 'hosted', kind: 'word' },
      { term: 'graham', word: 'Graham', kind: 'name', nameGroup: expect.any(Number) },
      { term: 'twigg', word: 'Twigg', kind: 'name', nameGroup: expect.any(Number) },
      { term: 'meet', word: 'met', kind: 'word' },
      { term: 'un', word: 'UN', kind: 'name', nameGroup: expect.any(Number) },
      { term: '1347', word: '1347', kind: 'number' },
    ]);
    const [graham, twigg, un] = questionWords('Tripoli hosted whom when Graham Twigg met the UN in 1347?').filter((word) => word.kind === 'name');
    // One name of two words, and another one.
    expect(graham!.nameGroup).toBe(twigg!.nameGroup);
    expect(un!.nameGroup).not.toBe(twigg!.nameGroup);
  });
});

describe('the "no article contains" label', () => {
  const refusal = (language: 'en' | 'ar', question: string, absent: readonly string[]): Answer => ({
    kind: 'no-answer',
    question,
    language,
    reason: 'not-in-corpus',
    absent,
  });

  it("quotes the question's words inside a fixed English label", () => {
    const result = refusal('en', 'Who is the Russian ambassador?', ['Russian', 'ambassador']);
    expect(LABELS.en.absentWords(['Russian', 'ambassador'])).toBe('No article contains: “Russian”, “ambassador”.');
    expect(renderAnswerText(result)).toBe(`${LABELS.en.noAnswer}\nNo article contains: “Russian”, “ambassador”.`);
    expect(renderAnswerPage(result)).toEqual({ content: `${LABELS.en.noAnswer} ${LABELS.en.trySource}\nNo article contains: “Russian”, “ambassador”.` });
  });

  it('quotes them inside a fixed Arabic label', () => {
    const result = refusal('ar', 'من هو السفير الروسي؟', ['السفير', 'الروسي']);
    expect(LABELS.ar.absentWords(['السفير', 'الروسي'])).toBe('كلمات لا يحويها أي مقال: «السفير»، «الروسي».');
    expect(renderAnswerText(result)).toBe(`${LABELS.ar.noAnswer}\nكلمات لا يحويها أي مقال: «السفير»، «الروسي».`);
    expect(renderAnswerPage(result).content).toBe(`${LABELS.ar.noAnswer} ${LABELS.ar.trySource}\nكلمات لا يحويها أي مقال: «السفير»، «الروسي».`);
  });

  it('is left out when every word of the question is in the corpus', () => {
    const result: Answer = { kind: 'no-answer', question: 'Did the hospital reopen?', language: 'en', reason: 'not-in-corpus' };
    expect(renderAnswerText(result)).toBe(LABELS.en.noAnswer);
    expect(renderAnswerPage(result)).toEqual({ content: `${LABELS.en.noAnswer} ${LABELS.en.trySource}` });
  });

  it("comes from answer() for a question the corpus cannot answer, in the question's language", () => {
    expect(renderAnswerText(answer(CORPUS, 'When did Russia reopen the harbour?'))).toBe(`${LABELS.en.noAnswer}\nNo article contains: “Russia”.`);
  });
});
