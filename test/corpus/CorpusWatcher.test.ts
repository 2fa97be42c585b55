import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CorpusService } from '../../src/corpus/CorpusService.js';
import { CorpusWatcher } from '../../src/corpus/CorpusWatcher.js';
import { writeFileAtomic } from '../../src/corpus/writeFileAtomic.js';
import { SIRTE, TRIPOLI } from '../support/articles.js';

/**
 * The watched corpus folder, on the real file system and the real refresh path: a change refreshes
 * after a quiet period, a burst of 1,000 files is one refresh, isnad's own temporary files and
 * hidden files are not changes, and a change a refresh has already read costs nothing.
 */
const QUIET_MS = 400;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(quietMs = QUIET_MS): Promise<{ corpusDir: string; service: CorpusService; watcher: CorpusWatcher; logs: string[] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-watch-'));
  const corpusDir = path.join(root, 'corpus');
  await mkdir(corpusDir);
  await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI);
  await writeFile(path.join(corpusDir, 'sirte.txt'), SIRTE);
  const logs: string[] = [];
  const service = await CorpusService.open({ corpusDir, snapshotDir: null, log: (message) => logs.push(message) });
  const watcher = new CorpusWatcher(service, { quietMs, log: (message) => logs.push(message) });
  await watcher.start();
  cleanups.push(async () => {
    await watcher.stop();
    await service.close();
    await rm(root, { recursive: true, force: true });
  });
  return { corpusDir, service, watcher, logs };
}

const article = (n: number) => `Bulletin ${n}\n\nThe harbour authority of town ${n} reopened berth ${n} on Monday.\n`;

describe('CorpusWatcher', () => {
  it('a burst of 1,000 new files is one refresh, after the quiet period, and indexes them all', async () => {
    // A quiet period well above any pause between two writes of the burst on a busy machine.
    const { corpusDir, service, watcher, logs } = await setUp(1500);
    const before = service.current.index.documents.length;
    await mkdir(path.join(corpusDir, 'wire'));
    for (let i = 0; i < 1000; i++) await writeFile(path.join(corpusDir, 'wire', `bulletin-${i}.txt`), article(i));
    await vi.waitFor(() => expect(service.current.index.documents.length).toBe(before + 1000), { timeout: 60_000, interval: 100 });
    // Nothing more comes after the quiet period following the refresh.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(watcher.refreshes).toBe(1);
    expect(logs.filter((line) => line.startsWith('corpus folder changed: refreshed'))).toHaveLength(1);
    expect(logs.find((line) => line.startsWith('corpus folder changed'))).toContain('1000 added');
  });

  it('an edit and a removal each refresh; hidden files and isnad’s temporary files do not', async () => {
    const { corpusDir, service, watcher } = await setUp();
    await writeFile(path.join(corpusDir, 'tripoli.txt'), `${TRIPOLI}\nThe talks resume on Sunday in Tunis.\n`);
    await vi.waitFor(() => expect(watcher.refreshes).toBe(1), { timeout: 20_000, interval: 50 });
    await vi.waitFor(() => expect(service.isRefreshing).toBe(false), { timeout: 20_000, interval: 50 });
    expect(service.lastRefresh).toMatchObject({ kind: 'refreshed', diff: { changed: ['tripoli'] } });

    await writeFile(path.join(corpusDir, '.notes'), 'private');
    await writeFile(path.join(corpusDir, '.tripoli.txt.123.0123456789ab.tmp'), 'half a write');
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS * 3));
    expect(watcher.refreshes).toBe(1);

    await unlink(path.join(corpusDir, 'sirte.txt'));
    await vi.waitFor(() => expect(watcher.refreshes).toBe(2), { timeout: 20_000, interval: 50 });
    await vi.waitFor(() => expect(service.current.index.documents.map((document) => document.id)).toEqual(['tripoli']), { timeout: 20_000, interval: 50 });
  });

  it('a file added later into a folder created after the start is a change too', async () => {
    const { corpusDir, service, watcher } = await setUp();
    await mkdir(path.join(corpusDir, 'later'));
    await vi.waitFor(() => expect(watcher.refreshes).toBe(1), { timeout: 20_000, interval: 50 });
    await vi.waitFor(() => expect(service.isRefreshing).toBe(false), { timeout: 20_000, interval: 50 });
    await writeFile(path.join(corpusDir, 'later', 'ghat.txt'), article(9));
    await vi.waitFor(() => expect(service.current.index.documents.some((document) => document.file === 'later/ghat.txt')).toBe(true), {
      timeout: 20_000,
      interval: 50,
    });
    expect(watcher.refreshes).toBe(2);
  });

  it('a change that a refresh started after already read costs no second refresh (an upload refreshed by its command)', async () => {
    const { corpusDir, service, watcher } = await setUp();
    await writeFileAtomic(path.join(corpusDir, 'ghat.txt'), new TextEncoder().encode(article(7)));
    // The command's own refresh, begun after the write.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refreshed = await service.refreshQueued();
    expect(refreshed).toMatchObject({ kind: 'refreshed', diff: { added: ['ghat'] } });
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS * 3));
    expect(watcher.refreshes).toBe(0);
  });
});
