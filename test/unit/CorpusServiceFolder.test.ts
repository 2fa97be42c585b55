import { mkdir, mkdtemp, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { CorpusService, type RefreshResult } from '../../src/corpus/CorpusService.js';
import { snapshotFileFor } from '../../src/corpus/openIndex.js';
import { TRIPOLI, SIRTE, GHAT } from '../support/articles.js';

/**
 * A corpus folder that vanished (an unmounted disk, a renamed folder) or became something else is an
 * error that keeps the index in service and its snapshot, never an empty corpus; and what a refresh
 * or a status says of the folder and its files names no server path (it is shown in Discord).
 */

const temporary: string[] = [];
const services: CorpusService[] = [];
afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()));
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function workspace(options: { snapshots?: boolean; createFolder?: boolean } = {}) {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-corpus-folder-'));
  temporary.push(root);
  const corpusDir = path.join(root, 'corpus');
  const snapshotDir = options.snapshots === false ? null : path.join(root, 'snapshots');
  if (options.createFolder !== false) {
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI);
    await writeFile(path.join(corpusDir, 'sirte.txt'), SIRTE);
  }
  const logs: string[] = [];
  const open = async () => {
    const service = await CorpusService.open({ corpusDir, snapshotDir, log: (line) => logs.push(line) });
    services.push(service);
    return service;
  };
  const snapshotFile = snapshotDir === null ? null : snapshotFileFor(snapshotDir, corpusDir);
  return { root, corpusDir, snapshotDir, snapshotFile, logs, open };
}

const ids = (service: CorpusService) => service.current.index.documents.map((document) => document.id).sort();
const quotes = (service: CorpusService, question: string) => {
  const result = answer(service.current.index, question);
  return result.kind === 'answer' ? result.extracts.map((extract) => extract.quote) : [];
};

function failedWith(result: RefreshResult, pattern: RegExp): string {
  if (result.kind !== 'failed') throw new Error(`expected a failed refresh, got ${JSON.stringify(result)}`);
  expect(result.reason).toMatch(pattern);
  return result.reason;
}

/** No absolute path of this machine in what is shown to people. */
function expectNoServerPath(text: string, root: string): void {
  expect(text).not.toContain(root);
  expect(text).not.toContain(os.tmpdir());
  expect(text).not.toMatch(/(^|[\s'"(])\/[^\s]/);
}

describe('CorpusService when the corpus folder is gone', () => {
  it('fails a refresh, keeps the index in service, and leaves the snapshot as it was', async () => {
    const ws = await workspace();
    const service = await ws.open();
    const served = service.current;
    const snapshot = await readFile(ws.snapshotFile!);
    await rm(ws.corpusDir, { recursive: true });

    const reason = failedWith(await service.refresh(), /^corpus folder not found; the index in service and its snapshot are kept/);
    expectNoServerPath(reason, ws.root);
    expect(service.current).toBe(served);
    expect(quotes(service, 'Who brokered the ceasefire?')[0]).toContain('brokered a ceasefire');
    expect(await readFile(ws.snapshotFile!)).toEqual(snapshot);
    expect(await readdir(ws.snapshotDir!)).toEqual([path.basename(ws.snapshotFile!)]);
  });

  it('at a start, serves the last snapshot and says so loudly, without rewriting it; once the folder is back nothing is "removed"', async () => {
    const ws = await workspace();
    const first = await ws.open();
    const before = ids(first);
    const snapshot = await readFile(ws.snapshotFile!);
    const moved = `${ws.corpusDir}-unmounted`;
    await rename(ws.corpusDir, moved);

    ws.logs.length = 0;
    const restarted = await ws.open();
    expect(ids(restarted)).toEqual(before);
    expect(restarted.current.origin).toBe('snapshot');
    expect(restarted.current.folderProblem).toEqual({ kind: 'missing', reason: 'corpus folder not found' });
    expect(quotes(restarted, 'Who brokered the ceasefire?')[0]).toContain('brokered a ceasefire');
    expect(ws.logs.some((line) => line.startsWith('CORPUS FOLDER PROBLEM:') && line.includes(ws.corpusDir) && /serving the last snapshot/i.test(line))).toBe(
      true,
    );
    expect(await readFile(ws.snapshotFile!)).toEqual(snapshot);

    // A refresh while it is still gone changes nothing either.
    failedWith(await restarted.refresh(), /corpus folder not found/);
    expect(await readFile(ws.snapshotFile!)).toEqual(snapshot);

    await rename(moved, ws.corpusDir);
    const back = await restarted.refresh();
    if (back.kind !== 'refreshed') throw new Error(JSON.stringify(back));
    expect(back.diff).toMatchObject({ added: [], changed: [], removed: [] });
    expect(restarted.current.folderProblem).toBeNull();
  });

  it('at a first start with no snapshot, serves nothing, writes no snapshot, and builds once the folder exists', async () => {
    const ws = await workspace({ createFolder: false });
    const service = await ws.open();
    expect(service.current.index.documents).toEqual([]);
    expect(service.current.folderProblem?.kind).toBe('missing');
    expect(service.current.skipped).toEqual([]);
    expect(ws.logs.some((line) => line.startsWith('CORPUS FOLDER PROBLEM:'))).toBe(true);
    await expect(readdir(ws.snapshotDir!)).rejects.toMatchObject({ code: 'ENOENT' });

    await mkdir(ws.corpusDir);
    await writeFile(path.join(ws.corpusDir, 'ghat.txt'), GHAT);
    const result = await service.refresh();
    if (result.kind !== 'refreshed') throw new Error(JSON.stringify(result));
    expect(result.diff.added).toEqual(['ghat']);
    expect(service.current.folderProblem).toBeNull();
  });

  it('fails a refresh when the corpus path became a file, keeping the index and the snapshot', async () => {
    const ws = await workspace();
    const service = await ws.open();
    const served = service.current;
    const snapshot = await readFile(ws.snapshotFile!);
    await rm(ws.corpusDir, { recursive: true });
    await writeFile(ws.corpusDir, TRIPOLI);

    const reason = failedWith(await service.refresh(), /^corpus folder not found: its path names a file, not a folder/);
    expectNoServerPath(reason, ws.root);
    expect(service.current).toBe(served);
    expect(await readFile(ws.snapshotFile!)).toEqual(snapshot);
  });

  it('does not reload a snapshot of nothing, and keeps serving, when another process finds the folder gone', async () => {
    const ws = await workspace();
    const one = await ws.open();
    const two = await ws.open();
    const served = two.current;
    const snapshot = await readFile(ws.snapshotFile!);
    await rm(ws.corpusDir, { recursive: true });
    failedWith(await one.refresh(), /corpus folder not found/);

    const reloaded = await two.reload();
    expect(reloaded.kind).toBe('rebuilt');
    if (reloaded.kind !== 'rebuilt') return;
    expect(reloaded.refresh.kind).toBe('failed');
    expectNoServerPath(reloaded.reason, ws.root);
    expect(two.current).toBe(served);
    expect(await readFile(ws.snapshotFile!)).toEqual(snapshot);
  });

  it('without a snapshot folder too, a refresh fails and the index stays', async () => {
    const ws = await workspace({ snapshots: false });
    const service = await ws.open();
    const served = service.current;
    await rm(ws.corpusDir, { recursive: true });
    expectNoServerPath(failedWith(await service.refresh(), /corpus folder not found/), ws.root);
    expect(service.current).toBe(served);
  });
});

describe('CorpusService reasons name no server path', () => {
  it('lists skipped files relative to the corpus folder, with reasons that name no path, after a start and a refresh', async () => {
    const ws = await workspace();
    const outside = path.join(ws.root, 'outside');
    await mkdir(outside);
    await writeFile(path.join(outside, 'secret.txt'), GHAT);
    await symlink(path.join(outside, 'secret.txt'), path.join(ws.corpusDir, 'escape.txt'));
    await symlink(path.join(ws.corpusDir, 'missing.txt'), path.join(ws.corpusDir, 'broken.txt'));
    await mkdir(path.join(ws.corpusDir, 'sub'));
    await writeFile(path.join(ws.corpusDir, 'sub', 'notes.pdf'), 'x');
    await writeFile(path.join(ws.corpusDir, 'sub', 'empty.txt'), '');
    await writeFile(Buffer.from(`${ws.corpusDir}/caf\xe9.txt`, 'latin1'), TRIPOLI);
    const service = await ws.open();
    const result = await service.refresh();
    if (result.kind !== 'refreshed') throw new Error(JSON.stringify(result));
    for (const skipped of [service.current.skipped, result.skipped]) {
      expect(skipped.map((skip) => skip.file)).toEqual(['broken.txt', 'caf\\xe9.txt', 'escape.txt', 'sub/empty.txt', 'sub/notes.pdf']);
      for (const skip of skipped) {
        expectNoServerPath(skip.file, ws.root);
        expectNoServerPath(skip.reason, ws.root);
      }
    }
  });

  it('says the corpus folder holds no usable article without naming its path', async () => {
    const ws = await workspace();
    const service = await ws.open();
    for (const file of await readdir(ws.corpusDir)) await rm(path.join(ws.corpusDir, file));
    expectNoServerPath(failedWith(await service.refresh(), /^no usable article in the corpus folder/), ws.root);
  });
});
