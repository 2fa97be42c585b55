import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { CorpusService, safeFileName } from '../../src/corpus/CorpusService.js';

/** /corpus add with a saved web page: kept byte for byte in its own encoding, indexed, or refused when it holds no article. */

const fixturesDir = fileURLToPath(new URL('../fixtures/html/', import.meta.url));
const temporary: string[] = [];

afterEach(async () => {
  for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function service(): Promise<{ corpusDir: string; service: CorpusService }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-corpus-html-'));
  temporary.push(root);
  const corpusDir = path.join(root, 'corpus');
  await mkdir(corpusDir);
  return { corpusDir, service: await CorpusService.open({ corpusDir, snapshotDir: null }) };
}

describe('CorpusService.addFile with HTML pages', () => {
  it('keeps .html and .htm names', () => {
    expect(safeFileName('Storm Report.HTML')).toBe('storm-report.html');
    expect(safeFileName('page.htm')).toBe('page.htm');
  });

  it('saves a windows-1256 page unchanged, and the refresh quotes it decoded', async () => {
    const { corpusDir, service: corpus } = await service();
    const bytes = await readFile(path.join(fixturesDir, 'ar-tripoli-book-fair-windows-1256.html'));
    expect(await corpus.addFile('book-fair.html', bytes)).toEqual({ kind: 'saved', file: 'book-fair.html' });
    expect(Buffer.compare(await readFile(path.join(corpusDir, 'book-fair.html')), bytes)).toBe(0);
    const result = await corpus.refresh();
    expect(result).toMatchObject({ kind: 'refreshed', diff: { added: ['book-fair'] } });
    const found = answer(corpus.current.index, 'كم دار نشر تشارك في معرض طرابلس الدولي للكتاب؟');
    expect(found.kind === 'answer' ? found.extracts[0]!.quote : '').toContain('بمشاركة 120 دار نشر');
  });

  it('refuses a page that holds no article, and saves nothing', async () => {
    const { corpusDir, service: corpus } = await service();
    const bytes = await readFile(path.join(fixturesDir, 'not-article-section-index.html'));
    expect(await corpus.addFile('world.html', bytes)).toEqual({ kind: 'rejected', reason: expect.stringMatching(/^the page is not an article: /) });
    await expect(readFile(path.join(corpusDir, 'world.html'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
