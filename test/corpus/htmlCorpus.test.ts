import { copyFile, mkdtemp, readdir, readFile, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { documentText, loadCorpus, scanCorpus, type LoadedCorpus } from '../../src/corpus/loadCorpus.js';

/**
 * A corpus folder of saved web pages: they are indexed, every quote is a slice of the page's
 * reader text (not of its HTML), and the snapshot check that rereads a changed file compares
 * against that same text.
 */

const fixturesDir = fileURLToPath(new URL('../fixtures/html/', import.meta.url));
let dir: string;
let corpus: LoadedCorpus;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-html-'));
  for (const file of await readdir(fixturesDir)) if (file.endsWith('.html')) await copyFile(path.join(fixturesDir, file), path.join(dir, file));
  // The same page saved as .htm is indexed too.
  await copyFile(path.join(fixturesDir, 'en-council-budget.html'), path.join(dir, 'council-copy.htm'));
  corpus = await loadCorpus(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const QUESTIONS = [
  'How many people did rescuers pull from the water?',
  'When was the sea wall at Saltmarsh built?',
  'How much will council tax rise?',
  'Who is the president of the association of independent caterers?',
  'كم دار نشر تشارك في معرض طرابلس الدولي للكتاب؟',
  'كم يوما استمر انقطاع المياه في سرت؟',
  'What did the mayor of Kelby say?',
];

describe('a corpus folder of HTML pages', () => {
  it('indexes every article page, .html and .htm, and skips the page with no article, saying why', () => {
    expect(corpus.documents.map((d) => d.file).sort()).toEqual([
      'ar-sirte-water.html',
      'ar-tripoli-book-fair-windows-1256.html',
      'council-copy.htm',
      'en-council-budget.html',
      'en-harbour-storm.html',
      'en-zurich-cafes-iso-8859-1.html',
    ]);
    expect(corpus.skipped).toEqual([{ file: 'not-article-section-index.html', code: 'not-an-article', reason: expect.stringMatching(/^not an article: /) }]);
  });

  it('gives the same documents and fingerprint on every load', async () => {
    const again = await loadCorpus(dir);
    expect(again.fingerprint).toBe(corpus.fingerprint);
    expect(again.documents).toEqual(corpus.documents);
  });

  it('answers with quotes that are documentText(file).slice(start, end), cited with publisher, date and link', async () => {
    const index = SearchIndex.build(corpus.documents);
    const texts = new Map<string, string>();
    for (const document of corpus.documents) texts.set(document.file, documentText(document.file, await readFile(path.join(dir, document.file)))!);
    let quoted = 0;
    for (const question of QUESTIONS) {
      const result = answer(index, question);
      if (result.kind !== 'answer') continue;
      for (const { quote, citation } of result.extracts) {
        quoted++;
        expect(texts.get(citation.file)!.slice(citation.start, citation.end)).toBe(quote);
        // Never the raw HTML: no tag or entity is quoted.
        expect(quote).not.toMatch(/<\/?[a-z]+[\s>]|&[a-z]+;/i);
      }
    }
    expect(quoted).toBeGreaterThanOrEqual(QUESTIONS.length);
    const storm = answer(index, QUESTIONS[0]!);
    if (storm.kind !== 'answer') throw new Error('no answer');
    expect(storm.extracts[0]!.citation).toMatchObject({
      file: 'en-harbour-storm.html',
      source: 'The Coastal Courier',
      date: '2024-03-05',
      url: 'https://www.coastalcourier.example/news/2024/03/05/storm-floods-harbour-towns',
    });
    expect(storm.extracts[0]!.quote).toContain('Rescuers pulled forty people from the water');
  });

  it('verifies a snapshot against the reader text of a page whose stat changed but whose bytes did not', async () => {
    const scan = await scanCorpus(dir);
    const index = SearchIndex.build((await scan.parse()).documents);
    const file = path.join(dir, 'ar-sirte-water.html');
    // A copy tool touching the file: the next start reads it and checks the snapshot's passages against it.
    const later = new Date(Date.now() - 10_000);
    await utimes(file, later, later);
    const again = await scanCorpus(dir, { known: { files: scan.files, scannedAt: Date.now() + 60_000 } });
    expect(again.fingerprint).toBe(scan.fingerprint);
    expect(again.reused).toBe(scan.files.filter((f) => f.sha256 !== '').length - 1);
    expect(await again.verify(index)).toBeUndefined();
  });
});
