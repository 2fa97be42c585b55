import { access, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileStat } from '../../src/corpus/loadCorpus.js';
import { openIndex, snapshotFileFor, type OpenIndexOptions } from '../../src/corpus/openIndex.js';
import { SIRTE, TRIPOLI } from '../support/articles.js';

/**
 * A corpus copied, touched or restored from a backup keeps its bytes but not its stat: the start
 * after it must read every file to know the snapshot still holds (it does), and the starts after
 * that must not — the new stamps are remembered beside the snapshot. What changed since is still
 * read and found.
 */

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The stat of a file as if it had last changed `ageMs` ago, on inode `ino + shift`: a copy of it, settled. */
function statMoved(shift: number, ageMs = 60_000) {
  return async (absolute: string): Promise<FileStat> => {
    const real = await stat(absolute);
    return { size: real.size, ino: real.ino + shift, mtimeMs: real.mtimeMs - ageMs, ctimeMs: real.ctimeMs - ageMs, isFile: () => real.isFile() };
  };
}

async function workspace() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-stamps-'));
  temporary.push(root);
  const corpusDir = path.join(root, 'corpus');
  const snapshotDir = path.join(root, 'snapshots');
  await mkdir(corpusDir);
  await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI);
  await writeFile(path.join(corpusDir, 'sirte.txt'), SIRTE);
  const reads: string[] = [];
  const open = (extra: Partial<OpenIndexOptions> = {}) =>
    openIndex(corpusDir, {
      snapshotDir,
      verifyLater: true,
      readFile: (absolute) => {
        reads.push(path.basename(absolute));
        return readFile(absolute);
      },
      ...extra,
    });
  const remembered = `${snapshotFileFor(snapshotDir, corpusDir)}.files`;
  return { corpusDir, reads, open, remembered };
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('stamps remembered beside the snapshot', () => {
  it('a start after the files were copied reads them once; the next reads none', async () => {
    const ws = await workspace();
    expect((await ws.open({ stat: statMoved(0) })).origin).toBe('built');
    ws.reads.length = 0;

    const copied = await ws.open({ stat: statMoved(1000) });
    expect(copied.origin).toBe('snapshot');
    expect(await copied.verification).toEqual({ kind: 'current' });
    expect(ws.reads.sort()).toEqual(['sirte.txt', 'tripoli.txt']);
    expect(await exists(ws.remembered)).toBe(true);
    ws.reads.length = 0;

    const next = await ws.open({ stat: statMoved(1000) });
    expect(await next.verification).toEqual({ kind: 'current' });
    expect(ws.reads).toEqual([]);
  });

  it('still reads and withholds a file changed since the stamps were remembered', async () => {
    const ws = await workspace();
    await ws.open({ stat: statMoved(0) });
    await (await ws.open({ stat: statMoved(1000) })).verification;
    await writeFile(path.join(ws.corpusDir, 'sirte.txt'), SIRTE.replace('Sirte', 'Surt'));
    ws.reads.length = 0;

    const opened = await ws.open({ stat: statMoved(1000) });
    const verification = await opened.verification;
    expect(verification).toMatchObject({ kind: 'changed', files: ['sirte.txt'] });
    expect(ws.reads).toEqual(['sirte.txt']);
  });

  it('are not taken for the stamps of a snapshot written since', async () => {
    const ws = await workspace();
    await ws.open({ stat: statMoved(0) });
    await (await ws.open({ stat: statMoved(1000) })).verification;
    expect(await exists(ws.remembered)).toBe(true);
    // A changed corpus opened without serving first is rebuilt, and its snapshot written anew.
    await writeFile(path.join(ws.corpusDir, 'sirte.txt'), SIRTE.replace('Sirte', 'Surt'));
    expect((await ws.open({ stat: statMoved(1000), verifyLater: false })).origin).toBe('built');
    expect(await exists(ws.remembered)).toBe(false);
  });

  it('are not kept when no file had to be read', async () => {
    const ws = await workspace();
    await ws.open({ stat: statMoved(0) });
    expect(await (await ws.open({ stat: statMoved(0) })).verification).toEqual({ kind: 'current' });
    expect(await exists(ws.remembered)).toBe(false);
  });
});
