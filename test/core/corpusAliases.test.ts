import { describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { Lexicon } from '../../src/core/Lexicon.js';
import type { LexiconData } from '../../src/core/lexiconFile.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { Answer } from '../../src/core/types.js';
import { parseArticleFile } from '../../src/corpus/parseArticleFile.js';

/**
 * What the corpus teaches at index time, seen through answer(): acronyms it defines (in either
 * language) and spelling variants of the names it writes. Each question below uses a form the
 * answering passage does not: it is found only through what was mined from another passage or
 * through the corpus's vocabulary.
 */

// The English article defines GNA in its first paragraph; the third, which answers "who did the
// GNA appoint", only writes the name out. The army's paragraphs share every other word of the
// questions (and come first, so a tie would go to them): only the alias tells them apart.
const ENGLISH =
  'Unity forces reach Sirte\n\n' +
  'Forces of the Government of National Accord (GNA) reached the outskirts of Sirte on Monday.\n\n' +
  'The army appointed Khalifa Belqasem as its negotiator for the talks.\n\n' +
  'The Government of National Accord appointed Fayez Sarraj as its negotiator for the talks.\n\n' +
  'Muammar Gaddafi was killed near Sirte in October 2011.\n\n' +
  'The army said the harbour would open again next week.\n\n' +
  'The GNA said the harbour would open again next week.\n\n' +
  'The ministry announced a curfew after the clashes.\n\n' +
  'The council announced new elections for the spring.\n\n' +
  'Rescue teams relieved the exhausted crews in the evening.\n';

// The Arabic article defines the GNA's Arabic name beside the Latin acronym; its second paragraph,
// which answers "how many fighters were killed", has the Arabic name only.
const ARABIC =
  'قوات الوفاق تقترب من سرت\n\n' +
  'أعلنت حكومة الوفاق الوطني (GNA) أن قواتها وصلت إلى مشارف سرت.\n\n' +
  'وقالت حكومة الوفاق الوطني إن أربعين مقاتلا قتلوا في المعارك حول المطار.\n';

const data: LexiconData = {
  en: [
    { headword: 'Government', translations: ['حكومة'] },
    { headword: 'National', translations: ['الوطني'] },
    { headword: 'Killed', translations: ['قتل'] },
    { headword: 'Fighters', translations: ['مقاتل'] },
    { headword: 'Airport', translations: ['المطار'] },
    { headword: 'Announced', translations: ['أعلن'] },
    { headword: 'Received', translations: ['استلم'] },
  ],
  ar: [
    { headword: 'الميناء', translations: ['Harbour'] },
    { headword: 'فتح', translations: ['Open'] },
    { headword: 'مجددا', translations: ['Again'] },
    { headword: 'الأسبوع', translations: ['Week'] },
    { headword: 'المقبل', translations: ['Next'] },
  ],
};
const lexicon = new Lexicon(data);

function indexOf(files: Record<string, string>): SearchIndex {
  return SearchIndex.build(Object.entries(files).flatMap(([file, text]) => parseArticleFile(file, text)));
}

function extracts(result: Answer) {
  return result.kind === 'answer' ? result.extracts : [];
}

function expectVerbatim(result: Answer, files: Record<string, string>): void {
  expect(result.kind).toBe('answer');
  for (const extract of extracts(result)) {
    expect(files[extract.citation.file]!.slice(extract.citation.start, extract.citation.end)).toBe(extract.quote);
  }
}

describe('acronyms the corpus defines', () => {
  const files = { 'gna-en.txt': ENGLISH };
  const index = indexOf(files);

  it('answers a question using the acronym from a passage that only writes the name out', () => {
    const result = answer(index, 'Who did the GNA appoint as negotiator?');
    expect(extracts(result)[0]?.quote).toBe('The Government of National Accord appointed Fayez Sarraj as its negotiator for the talks.');
    expectVerbatim(result, files);
  });

  it('answers a question using the name from a passage that only uses the acronym', () => {
    const result = answer(index, 'Does the Government of National Accord expect the harbour to open again next week?');
    expect(extracts(result)[0]?.quote).toBe('The GNA said the harbour would open again next week.');
    expectVerbatim(result, files);
  });

  it('survives the snapshot: an index read back from its bytes answers the same', () => {
    const loaded = SearchIndex.fromBytes(index.toBytes());
    const question = 'Who did the GNA appoint as negotiator?';
    expect(answer(loaded, question)).toEqual(answer(index, question));
  });
});

describe('an acronym meets its name in the other language (the mined Arabic–Latin pair)', () => {
  it('answers an English question on the GNA from an Arabic passage that only names حكومة الوفاق الوطني', () => {
    const files = { 'gna-ar.txt': ARABIC };
    const result = answer(indexOf(files), 'How many fighters did the GNA say were killed at the airport?', { lexicon });
    const [first] = extracts(result);
    expect(first?.quote).toBe('وقالت حكومة الوفاق الوطني إن أربعين مقاتلا قتلوا في المعارك حول المطار.');
    expect(first?.citation.language).toBe('ar');
    expectVerbatim(result, files);
  });

  it('answers an Arabic question naming حكومة الوفاق الوطني from an English passage that only says GNA', () => {
    // "Will the harbour open again next week, according to the GNA?" The Arabic article gives the
    // pair; the English passage has neither "government" nor "national" for the dictionary to meet.
    const files = { 'gna-en.txt': ENGLISH, 'gna-ar.txt': ARABIC };
    const result = answer(indexOf(files), 'هل يفتح الميناء مجددا الأسبوع المقبل بحسب حكومة الوفاق الوطني؟', { lexicon });
    const [first] = extracts(result);
    expect(first?.quote).toBe('The GNA said the harbour would open again next week.');
    expect(first?.citation.language).toBe('en');
    expectVerbatim(result, files);
  });
});

describe('spelling variants of the corpus vocabulary', () => {
  const files = { 'gna-en.txt': ENGLISH };
  const index = indexOf(files);

  it('answers "Gadhafi" and "Qaddafi" from the passage that writes "Gaddafi"', () => {
    for (const name of ['Gadhafi', 'Qaddafi']) {
      const result = answer(index, `When was Muammar ${name} killed?`);
      expect(extracts(result)[0]?.quote, name).toBe('Muammar Gaddafi was killed near Sirte in October 2011.');
      expectVerbatim(result, files);
    }
    // Alone, too: the name is the whole question, so nothing but its variant can find the passage.
    expect(extracts(answer(index, 'Where was Gadhafi killed?'))[0]?.quote).toBe('Muammar Gaddafi was killed near Sirte in October 2011.');
  });

  it('reads a misspelt word the dictionary does not know as the corpus word one letter away', () => {
    // Without its variant the question holds one word of the corpus's, too few to quote from.
    const result = answer(index, 'What did the ministry annouce?', { lexicon });
    expect(extracts(result)[0]?.quote).toBe('The ministry announced a curfew after the clashes.');
    expectVerbatim(result, files);
  });
});
