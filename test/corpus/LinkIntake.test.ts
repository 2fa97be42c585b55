import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CorpusService } from '../../src/corpus/CorpusService.js';
import { LinkIntake } from '../../src/corpus/LinkIntake.js';
import { TRIPOLI } from '../support/articles.js';
import { NewsServer } from '../support/NewsServer.js';

/** Saving links into the corpus folder: charsets, duplicates by content, a missing folder. */
const ARABIC = 'اجتماع في غدامس\n\nاتفق المندوبون المجتمعون في غدامس على خريطة طريق للانتخابات البلدية.\n';

/** One article page, served under two links. */
const SAME_PAGE = [
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour reopens in Benghazi</title></head><body><article>',
  '<h1>Harbour reopens in Benghazi</h1>',
  '<p>The harbour of Benghazi reopened to cargo ships on Monday after three weeks of repairs to its main quay, port officials said.</p>',
  '<p>The first ship to dock carried wheat and medicine, and dockworkers unloaded it through the night under floodlights.</p>',
  '<p>Traders said prices in the city markets had risen sharply while the port was closed, and hoped they would now fall.</p>',
  '</article></body></html>',
].join('\n');

let web: NewsServer;
const temporary: string[] = [];
const services: CorpusService[] = [];

beforeAll(async () => {
  web = await NewsServer.start();
  web
    .serve('/ar/ghadames', 'text/plain; charset=windows-1256', new Uint8Array(Buffer.from(encode1256(ARABIC))))
    .serve('/copy-of-tripoli', 'text/html', TRIPOLI)
    .serve('/first', 'text/html', SAME_PAGE)
    .serve('/second', 'text/html', SAME_PAGE)
    .serve('/binary', 'text/plain', new Uint8Array([0x41, 0x00, 0x42]));
});
afterAll(async () => {
  await web.close();
});
afterEach(async () => {
  for (const service of services.splice(0)) await service.close();
  for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** windows-1256 bytes of Arabic text, from the decoder's own table (no encoder for it in Node). */
function encode1256(text: string): number[] {
  const table = new Map<string, number>();
  const decoded = new TextDecoder('windows-1256').decode(new Uint8Array(Array.from({ length: 256 }, (_, i) => i)));
  [...decoded].forEach((char, i) => table.set(char, i));
  return [...text].map((char) => table.get(char) ?? 0x3f);
}

async function setUp(): Promise<{ corpusDir: string; corpus: CorpusService; intake: LinkIntake }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-links-'));
  temporary.push(root);
  const corpusDir = path.join(root, 'corpus');
  await mkdir(corpusDir);
  await writeFile(path.join(corpusDir, 'tripoli.html'), TRIPOLI);
  await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI);
  const corpus = await CorpusService.open({ corpusDir, snapshotDir: null });
  services.push(corpus);
  const intake = new LinkIntake(corpus, { dataDir: path.join(root, 'data'), fetch: { allowedHosts: ['127.0.0.1'], maxBytes: 100_000, timeoutMs: 3000 } });
  return { corpusDir, corpus, intake };
}

describe('LinkIntake', () => {
  it('saves a text page in its declared charset as UTF-8 with front matter; its quotes are the file’s text', async () => {
    const { corpusDir, corpus, intake } = await setUp();
    const saved = await intake.save(web.url('/ar/ghadames'));
    expect(saved).toMatchObject({ kind: 'saved', file: '127-0-0-1-ghadames.txt' });
    const text = await readFile(path.join(corpusDir, '127-0-0-1-ghadames.txt'), 'utf8');
    expect(text.endsWith(ARABIC)).toBe(true);
    expect(await corpus.refreshQueued()).toMatchObject({ kind: 'refreshed' });
    const outcome = intake.describe('127-0-0-1-ghadames.txt');
    expect(outcome).toMatchObject({ kind: 'indexed', articles: [{ title: 'اجتماع في غدامس', url: web.url('/ar/ghadames'), paragraphs: 1 }] });
    const document = corpus.current.index.documents.find((candidate) => candidate.file === '127-0-0-1-ghadames.txt')!;
    for (const passage of document.passages) expect(text.slice(passage.start, passage.end)).toBe(passage.text);
  });

  it('refuses a page whose bytes are already a corpus file, and the same page under a second link', async () => {
    const { corpusDir, intake } = await setUp();
    expect(await intake.save(web.url('/copy-of-tripoli'))).toMatchObject({
      kind: 'rejected',
      duplicate: true,
      reason: 'the corpus already holds a file with exactly this content',
    });
    expect(await intake.save(web.url('/first'))).toMatchObject({ kind: 'saved' });
    expect(await intake.save(web.url('/second'))).toMatchObject({
      kind: 'rejected',
      duplicate: true,
      reason: expect.stringMatching(/^already added on .* as 127-0-0-1-first\.html$/),
    });
    expect((await readdir(corpusDir)).sort()).toEqual(['127-0-0-1-first.html', 'tripoli.html', 'tripoli.txt']);
  });

  it('refuses binary data served as text, and saves nothing into a corpus folder that is gone', async () => {
    const { corpusDir, intake } = await setUp();
    expect(await intake.save(web.url('/binary'))).toMatchObject({ kind: 'rejected', reason: 'the page is not text (it holds binary data)' });
    await rm(corpusDir, { recursive: true });
    expect(await intake.save(web.url('/first'))).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('the corpus folder is missing; nothing was saved'),
    });
  });
});
