import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CorpusDocument } from '../../src/core/types.js';
import { detectLanguage } from '../../src/core/detectLanguage.js';
import { MAX_PASSAGE_LENGTH, parseArticleFile, titleFromText } from '../../src/corpus/parseArticleFile.js';

const corpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));

function seed(file: string): { text: string; docs: CorpusDocument[] } {
  const text = readFileSync(corpusDir + file, 'utf8');
  return { text, docs: parseArticleFile(file, text) };
}

/** Invariants every parse must satisfy, whatever the input. */
function expectWellFormed(text: string, docs: readonly CorpusDocument[]): void {
  const ids = new Set<string>();
  for (const doc of docs) {
    expect(doc.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
    expect(doc.id.length).toBeLessThanOrEqual(100);
    expect(ids.has(doc.id)).toBe(false);
    ids.add(doc.id);
    expect(doc.title.trim()).not.toBe('');
    expect(doc.passages.length).toBeGreaterThan(0);
    doc.passages.forEach((p, i) => {
      expect(p.paragraph).toBe(i + 1);
      expect(text.slice(p.start, p.end)).toBe(p.text);
      expect(p.text).toBe(p.text.trim());
      expect(p.text).not.toMatch(/^\r|\r$/);
      expect(p.text.length).toBeGreaterThan(0);
      expect(p.text.length).toBeLessThanOrEqual(MAX_PASSAGE_LENGTH);
      // A cut never falls between the two halves of a surrogate pair.
      expect(/[\uD800-\uDBFF]/.test(text[p.start - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[p.start]!)).toBe(false);
      expect(/[\uD800-\uDBFF]/.test(text[p.end - 1]!) && /[\uDC00-\uDFFF]/.test(text[p.end] ?? '')).toBe(false);
    });
  }
}

const passageTexts = (docs: readonly CorpusDocument[]): string[] => docs.flatMap((d) => d.passages.map((p) => p.text));
const count = (haystack: readonly string[], needle: string): number => haystack.filter((t) => t === needle).length;

describe('detectLanguage', () => {
  it('picks the majority script and ignores digits and punctuation', () => {
    expect(detectLanguage('US forces struck ISIS targets.')).toBe('en');
    expect(detectLanguage('قوات خاصة أميركية في ليبيا')).toBe('ar');
    expect(detectLanguage('قال مسؤول إن AFRICOM لم يعلق')).toBe('ar');
    expect(detectLanguage('123 — 456!')).toBeUndefined();
    expect(detectLanguage('')).toBeUndefined();
  });
});

describe('parseArticleFile on the seed corpus', () => {
  it('aawsat-us-strikes-isis-libya: one paragraph per line, title from the first sentence', () => {
    const { text, docs } = seed('aawsat-us-strikes-isis-libya.txt');
    expectWellFormed(text, docs);
    expect(docs).toHaveLength(1);
    const [doc] = docs as [CorpusDocument];
    expect(doc.id).toBe('aawsat-us-strikes-isis-libya');
    expect(doc.file).toBe('aawsat-us-strikes-isis-libya.txt');
    expect(doc.title.startsWith('Signs that the United States was preparing to carry out strikes')).toBe(true);
    expect(doc.title.endsWith('…')).toBe(true);
    expect(doc.title.length).toBeLessThanOrEqual(91);
    expect(doc.passages).toHaveLength(15);
    expect(doc.passages[0]?.text.startsWith('Signs that the United States')).toBe(true);
    expect(doc.passages[14]?.text).toBe('“There can be no room to meddle with the security in the capital,” he stressed.');
    expect(doc.languages).toEqual(['en']);
    expect(doc.url).toBeUndefined();
  });

  it('ansarpress: keeps the subheading as a passage, lifts LINK, drops TAGS', () => {
    const { text, docs } = seed('ansarpress-haftar-advances-western-libya.txt');
    expectWellFormed(text, docs);
    expect(docs).toHaveLength(1);
    const [doc] = docs as [CorpusDocument];
    expect(doc.url).toBe('https://www.ansarpress.com/english/10608');
    expect(doc.title.startsWith('Forces loyal to Libyan strongman Khalifa Haftar')).toBe(true);
    expect(doc.passages).toHaveLength(15);
    expect(doc.passages[4]).toMatchObject({ paragraph: 5, text: 'Government issues alert to security forces' });
    const texts = passageTexts(docs);
    expect(texts.some((t) => t.includes('LINK:') || t.includes('TAGS'))).toBe(false);
    expect(texts.at(-1)?.startsWith('Libya is now divided between two rival governments')).toBe(true);
    expect(doc.languages).toEqual(['en']);
  });

  it('libyan-gazette: headline as title, author lifted, chrome dropped', () => {
    const { text, docs } = seed('libyan-gazette-us-special-forces-libya.txt');
    expectWellFormed(text, docs);
    expect(docs).toHaveLength(1);
    const [doc] = docs as [CorpusDocument];
    expect(doc.title).toBe('US Special Forces Aid Libyan Army in Fight Against ISIS');
    expect(doc.author).toBe('Libyan Gazette Editorial Staff');
    expect(doc.passages).toHaveLength(14);
    const texts = passageTexts(docs);
    for (const chrome of ['Menu', 'in', 'Leave a Reply', 'Written by raed_admin', 'Exit mobile version']) {
      expect(texts).not.toContain(chrome);
    }
    expect(texts.some((t) => t.includes('Author:') || t.includes('raed_admin'))).toBe(false);
    expect(texts).not.toContain(doc.title);
    // The first paragraph ends in a space and a no-break space that the boundaries leave out.
    expect(doc.passages[0]?.text.endsWith('in June of last year.')).toBe(true);
    expect(doc.passages[13]?.text.startsWith('The commanders of the joint military operation')).toBe(true);
  });

  it('aawsat-misrata: two articles, captions once, TT and repeated headline dropped', () => {
    const { text, docs } = seed('aawsat-misrata-militias-and-us-strikes-syria.txt');
    expectWellFormed(text, docs);
    expect(docs.map((d) => d.title)).toEqual([
      'Misrata Militias Mobilize to Save Libya’s Sarraj',
      'US Military Says It Strikes Iran-Backed Militia Facility in Syria',
    ]);
    expect(docs.map((d) => d.id)).toEqual(['aawsat-misrata-militias-and-us-strikes-syria', 'aawsat-misrata-militias-and-us-strikes-syria-2']);
    expect(docs.map((d) => d.passages.length)).toEqual([17, 5]);
    const libyaCaption =
      'A member of the LNA is seen as he heads out of Benghazi to reinforce the troops advancing to Tripoli, in Benghazi, Libya April 7, 2019. (Reuters)';
    const syriaCaption = 'A convoy of US military vehicles near Qamishli, Syria, February 2020. (SANA/via Reuters)';
    const [libya, syria] = docs as [CorpusDocument, CorpusDocument];
    expect(libya.passages[0]?.text).toBe(libyaCaption);
    expect(syria.passages[0]?.text).toBe(syriaCaption);
    const texts = passageTexts(docs);
    expect(count(texts, libyaCaption)).toBe(1);
    expect(count(texts, syriaCaption)).toBe(1);
    expect(texts).not.toContain('TT');
    for (const doc of docs) expect(texts).not.toContain(doc.title);
    expect(libya.passages[1]?.text.startsWith('Militias in Libya’s Misrata have amassed')).toBe(true);
    expect(libya.passages.at(-1)?.text).toBe('There can be no military solution to reach stability in Libya, said the agency last week.');
    expect(syria.passages.at(-1)?.text).toBe('There are about 900 US troops deployed in Syria. No US troops were injured in either attack.');
    // The Syria article starts after the Libya one ends.
    expect(syria.passages[0]!.start).toBeGreaterThan(libya.passages.at(-1)!.end);
  });

  it('Arabic seed: two pieces, caption titles, المصدر lifted, update stamp dropped', () => {
    const { text, docs } = seed('ar-us-special-forces-and-isis-in-sirte.txt');
    expectWellFormed(text, docs);
    expect(docs).toHaveLength(2);
    const [first, second] = docs as [CorpusDocument, CorpusDocument];
    expect(first.title).toBe('أحد المباني المدمرة في سرت- أرشيف');
    expect(second.title).toBe('إحدى المناطق المدمرة في سرت');
    expect(first.source).toBe('رويترز/ واشنطن بوست');
    expect(second.source).toBe('"راديو سوا"/ وكالات');
    expect(first.id).toBe('ar-us-special-forces-and-isis-in-sirte');
    expect(second.id).toBe('ar-us-special-forces-and-isis-in-sirte-2');
    expect(docs.map((d) => d.passages.length)).toEqual([7, 14]);
    // Captions are content: shown once, as the first paragraph.
    const texts = passageTexts(docs);
    expect(first.passages[0]?.text).toBe(first.title);
    expect(second.passages[0]?.text).toBe(second.title);
    expect(count(texts, first.title)).toBe(1);
    expect(count(texts, second.title)).toBe(1);
    expect(texts.some((t) => t.includes('المصدر') || t.startsWith('تحديث'))).toBe(false);
    expect(texts.some((t) => t.trim() === '' || t.includes('\u00a0'))).toBe(false);
    // The mid-article subheading stays inside the second piece.
    expect(second.passages[3]?.text).toBe('داعش يسيطر على منطقة استراتيجية في غرب ليبيا');
    expect(second.passages[13]?.text.startsWith('وكانت تلك الإدارة قد أعلنت أيضا')).toBe(true);
    for (const doc of docs) expect(doc.languages).toEqual(['ar']);
  });

  it('is deterministic', () => {
    const { text } = seed('aawsat-misrata-militias-and-us-strikes-syria.txt');
    expect(parseArticleFile('x/y.txt', text)).toEqual(parseArticleFile('x/y.txt', text));
  });
});

describe('parseArticleFile on synthetic input', () => {
  const article = [
    'Ceasefire Talks Stall in Tripoli',
    '',
    'Negotiators left the talks on Monday without an agreement, officials said.',
    '',
    'Fighting resumed south of the capital within hours of the announcement.',
    '',
  ].join('\n');

  it('handles CRLF line endings with offsets into the original text', () => {
    const crlf = article.replace(/\n/g, '\r\n');
    const lf = parseArticleFile('talks.txt', article);
    const docs = parseArticleFile('talks.txt', crlf);
    expectWellFormed(crlf, docs);
    expect(docs[0]?.title).toBe('Ceasefire Talks Stall in Tripoli');
    expect(passageTexts(docs)).toEqual(passageTexts(lf));
    expect(docs[0]?.passages[0]?.start).toBe(crlf.indexOf('Negotiators'));
  });

  it('keeps CRLF inside a hard-wrapped passage but never at its ends', () => {
    const text = 'The first line of a wrapped paragraph goes\r\non to the second line and ends here.\r\n\r\nA second paragraph.\r\n';
    const docs = parseArticleFile('wrapped.txt', text);
    expectWellFormed(text, docs);
    expect(passageTexts(docs)).toEqual(['The first line of a wrapped paragraph goes\r\non to the second line and ends here.', 'A second paragraph.']);
  });

  it('joins hard-wrapped lines into one paragraph', () => {
    const text = [
      'Militias in the western city have amassed thousands of fighters to',
      'head to the capital and its surroundings to prop up the embattled',
      'government against the offensive.',
      '',
      'The operation, the army said, is aimed at ridding the capital of',
      'what it called terrorist and criminal gangs.',
      '',
    ].join('\n');
    const docs = parseArticleFile('wrapped.txt', text);
    expectWellFormed(text, docs);
    expect(docs).toHaveLength(1);
    expect(docs[0]?.passages).toHaveLength(2);
    expect(docs[0]?.passages[0]?.text.split('\n')).toHaveLength(3);
    expect(docs[0]?.passages[1]?.text.endsWith('criminal gangs.')).toBe(true);
  });

  it('keeps one paragraph per line when every line ends a sentence', () => {
    const text = [
      'Forces loyal to the commander started advancing on the western cities and districts of the country on Wednesday.',
      'The media office announced in a statement that the advance was meant to root out what it called terrorist groups.',
      'The office also published a video showing a convoy of armored vehicles on the coastal road near the city.',
      '',
      'The government declared a general alert to all army and security forces in response to the deployment.',
    ].join('\n');
    const docs = parseArticleFile('lines.txt', text);
    expectWellFormed(text, docs);
    expect(docs[0]?.passages).toHaveLength(4);
  });

  it('splits a short heading line off the paragraph under it', () => {
    const text =
      'Intro sentence of the article that is long enough to be a paragraph on its own.\n\nGovernment issues alert\nThe deployment prompted the government in the capital to declare a general alert to all forces.\n';
    const docs = parseArticleFile('heading.txt', text);
    expectWellFormed(text, docs);
    expect(passageTexts(docs)).toContain('Government issues alert');
  });

  it('reads front matter and a markdown heading as metadata', () => {
    const text = [
      '---',
      'title: "Front Matter Title"',
      'source: Example Wire',
      'url: https://example.com/story',
      'date: 2019-04-07',
      'lang: en',
      'author: Jane Doe',
      '---',
      '# Front Matter Title',
      '',
      'The first paragraph of the story.',
      '',
      '## A subheading',
      '',
      'The second paragraph of the story.',
    ].join('\n');
    const docs = parseArticleFile('story.md', text);
    expectWellFormed(text, docs);
    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({
      id: 'story',
      title: 'Front Matter Title',
      source: 'Example Wire',
      url: 'https://example.com/story',
      date: '2019-04-07',
      author: 'Jane Doe',
      languages: ['en'],
    });
    expect(passageTexts(docs)).toEqual(['The first paragraph of the story.', 'A subheading', 'The second paragraph of the story.']);
    expect(passageTexts(docs).some((t) => t.includes('---') || t.includes('title:'))).toBe(false);
  });

  it('uses a leading # heading as the title in .md and respects a front-matter language', () => {
    const text = '---\nlanguage: ar\n---\n# Heading Title\n\nAn English paragraph in a file declared Arabic.\n';
    const docs = parseArticleFile('notes/x.md', text);
    expectWellFormed(text, docs);
    expect(docs[0]?.title).toBe('Heading Title');
    expect(docs[0]?.id).toBe('notes-x');
    expect(docs[0]?.languages).toEqual(['ar', 'en']);
  });

  it('lifts Source:, By and date lines, and keeps sentences that merely start like chrome', () => {
    const text = [
      'By Jane Doe',
      'Published: 7 April 2019',
      '',
      'In the end, the talks failed and both delegations went home.',
      '',
      'Share',
      'Read more',
      'Advertisement',
      '',
      'By Wednesday the army had reached the southern suburbs.',
      'Updated figures show 40 dead.',
      'Copyright laws were not discussed.',
      'Published by the ministry in 2019.',
      '',
      'Updated: 10:45 GMT',
      '© 2019 Example Media. All rights reserved.',
      'Source: Reuters',
    ].join('\n');
    const docs = parseArticleFile('bylines.txt', text);
    expectWellFormed(text, docs);
    expect(docs[0]).toMatchObject({ author: 'Jane Doe', source: 'Reuters', date: '7 April 2019' });
    expect(passageTexts(docs)).toEqual([
      'In the end, the talks failed and both delegations went home.',
      'By Wednesday the army had reached the southern suburbs.',
      'Updated figures show 40 dead.',
      'Copyright laws were not discussed.',
      'Published by the ministry in 2019.',
    ]);
    expect(docs[0]?.title).toBe('In the end, the talks failed and both delegations went home');
  });

  it('starts a new article after a source line or a wide gap before a headline', () => {
    const text = [
      'First Headline',
      '',
      'First body paragraph.',
      'Source: Wire One',
      '',
      'Second Headline',
      '',
      'Second body paragraph.',
      '',
      '',
      '',
      'Third Headline',
      '',
      'Third body paragraph.',
    ].join('\n');
    const docs = parseArticleFile('multi.txt', text);
    expectWellFormed(text, docs);
    expect(docs.map((d) => [d.id, d.title, d.source])).toEqual([
      ['multi', 'First Headline', 'Wire One'],
      ['multi-2', 'Second Headline', undefined],
      ['multi-3', 'Third Headline', undefined],
    ]);
  });

  it('does not split at a single blank line before a subheading', () => {
    const text = 'Main Headline\n\nBody paragraph one.\n\nA subheading\n\nBody paragraph two.\n';
    const docs = parseArticleFile('one.txt', text);
    expect(docs).toHaveLength(1);
    expect(passageTexts(docs)).toEqual(['Body paragraph one.', 'A subheading', 'Body paragraph two.']);
  });

  it('returns no documents when nothing survives cleaning', () => {
    expect(parseArticleFile('chrome.txt', 'Menu\nShare\n\nTAGS: a, b\nLINK: https://example.com\n')).toEqual([]);
    expect(parseArticleFile('blank.txt', ' \n\u00a0\n\n')).toEqual([]);
  });

  it('makes safe, stable ids from any file name', () => {
    const text = 'A paragraph of text.\n';
    const arabic = parseArticleFile('تقرير سرت.txt', text)[0]?.id ?? '';
    expect(arabic).toMatch(/^doc-[0-9a-f]{8}$/);
    expect(parseArticleFile('تقرير سرت.txt', text)[0]?.id).toBe(arabic);
    expect(parseArticleFile('تقرير آخر.txt', text)[0]?.id).not.toBe(arabic);
    expect(parseArticleFile('2019/ليبيا.txt', text)[0]?.id).toMatch(/^2019-[0-9a-f]{8}$/);
    expect(parseArticleFile('News/Café Report.TXT', text)[0]?.id).toBe('news-cafe-report');
    const long = parseArticleFile(`${'very-long-name-'.repeat(20)}.txt`, text)[0]?.id ?? '';
    expect(long.length).toBeLessThanOrEqual(100);
    expect(long).toMatch(/^[a-z0-9-]+$/);
  });
});

describe('parseArticleFile on oversized paragraphs', () => {
  const words = ['ceasefire', 'militia', 'Tripoli', 'convoy', 'talks', 'envoy', 'harbour', 'council'];

  /** The text between consecutive passages of one paragraph is whitespace only: nothing is lost. */
  function expectCovers(text: string, docs: readonly CorpusDocument[], from: number, to: number): void {
    const passages = docs.flatMap((d) => d.passages);
    expect(passages[0]?.start).toBe(from);
    expect(passages.at(-1)?.end).toBe(to);
    for (let i = 1; i < passages.length; i++) expect(text.slice(passages[i - 1]!.end, passages[i]!.start).trim()).toBe('');
  }

  it('cuts a 1 MB line without sentence ends into bounded passages at whitespace, numbered in order', () => {
    const parts: string[] = [];
    for (let i = 0, size = 0; size < 1_000_000; i++) {
      parts.push(words[(i * 3) % words.length]!);
      size += parts[parts.length - 1]!.length + 1;
    }
    const text = `Headline Of The Dump\n\n${parts.join(' ')}\n`;
    const docs = parseArticleFile('dump.txt', text);
    expect(docs).toHaveLength(1);
    expectWellFormed(text, docs);
    const passages = docs[0]!.passages;
    expect(passages.length).toBeGreaterThanOrEqual(1_000_000 / MAX_PASSAGE_LENGTH);
    expect(passages.map((p) => p.paragraph)).toEqual(passages.map((_, i) => i + 1));
    for (const p of passages) expect(/^\S/.test(text[p.end] ?? ' ')).toBe(false);
    expectCovers(text, docs, text.indexOf('\n\n') + 2, text.length - 1);
  });

  it('cuts a giant paragraph of real sentences only at sentence ends', () => {
    const sentences: string[] = [];
    for (let i = 0, size = 0; size < 200_000; i++) {
      sentences.push(`The ${words[i % 8]} met the ${words[(i * 3 + 1) % 8]} in ${words[(i * 5 + 2) % 8]} on day ${i}.`);
      size += sentences[sentences.length - 1]!.length + 1;
    }
    const text = sentences.join(' ');
    const docs = parseArticleFile('giant.txt', text);
    expectWellFormed(text, docs);
    const passages = docs.flatMap((d) => d.passages);
    expect(passages.length).toBeGreaterThan(200_000 / MAX_PASSAGE_LENGTH);
    for (const p of passages) {
      expect(p.text).toMatch(/^The /);
      expect(p.text).toMatch(/ on day \d+\.$/);
      // Packed: a passage is never cut shorter than one more sentence would make it.
      if (p !== passages.at(-1)) expect(p.text.length).toBeGreaterThan(MAX_PASSAGE_LENGTH - 60);
    }
    expectCovers(text, docs, 0, text.length);
  });

  it('cuts text without any whitespace hard, never inside a surrogate pair', () => {
    for (const unit of ['x', '😀b', 'ب😀', 'a😀']) {
      const text = unit.repeat(Math.ceil(12_000 / unit.length));
      const docs = parseArticleFile('solid.txt', text);
      expectWellFormed(text, docs);
      expect(docs.flatMap((d) => d.passages.map((p) => p.text)).join('')).toBe(text);
    }
  });

  it('leaves paragraphs up to the bound whole', () => {
    const paragraph = `${`${'The talks resumed in Tripoli. '.repeat(100)}`.slice(0, MAX_PASSAGE_LENGTH - 1).trimEnd()}.`;
    expect(paragraph.length).toBeLessThanOrEqual(MAX_PASSAGE_LENGTH);
    expect(passageTexts(parseArticleFile('whole.txt', `A Headline\n\n${paragraph}\n`))).toEqual([paragraph]);
  });

  it('gives passages that are exact, bounded slices of the file for random input', () => {
    let seed = 0x2545f491;
    const random = () => (seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
    const pieces = ['word', 'Word', ' ', ' ', ' ', '.', '. ', '? ', '\n', '\n\n', '\r\n', '😀', 'ب', 'قال', '\u200b', '\u00a0', 'x'.repeat(700), 'Mr. ', '…'];
    for (let round = 0; round < 60; round++) {
      let text = '';
      const length = Math.floor(random() * 9000);
      while (text.length < length) text += pieces[Math.floor(random() * pieces.length)]!;
      expectWellFormed(text, parseArticleFile(round % 2 === 0 ? 'random.txt' : 'random.md', text));
    }
  });
});

describe('titleFromText', () => {
  it('reads past the abbreviations the sentence splitter knows (one list): a month, a rank, "etc."', () => {
    expect(titleFromText('On Sept. 5 the council met in Tripoli. It agreed on a date.')).toBe('On Sept. 5 the council met in Tripoli');
    expect(titleFromText('Brig. Gen. Ahmed Mismari spoke to reporters. Then he left.')).toBe('Brig. Gen. Ahmed Mismari spoke to reporters');
    expect(titleFromText('The U.S. envoy arrived in Benghazi. Talks began.')).toBe('The U.S. envoy arrived in Benghazi');
  });
});
