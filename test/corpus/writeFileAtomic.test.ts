/**
 * The one writer of isnad's files: whole or not at all, never overwriting where asked not to,
 * nothing left behind by a failure, and stale temporary files of crashed writes removed at start
 * without touching one a live process is writing.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { openIndex, snapshotFileFor } from '../../src/corpus/openIndex.js';
import { readSnapshot, writeSnapshot } from '../../src/corpus/snapshotStore.js';
import { createFileExclusive, nodeFileSystem, removeStaleTemporaries, writeFileAtomic, type AtomicFileSystem } from '../../src/corpus/writeFileAtomic.js';

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-atomic-'));
  temporary.push(dir);
  return dir;
}

const bytes = (text: string) => Buffer.from(text);

/** The real file system, except that writes store at most `budget` bytes, then fail with ENOSPC. */
function diskFullAfter(budget: number): AtomicFileSystem & { stored: () => number } {
  let stored = 0;
  return {
    ...nodeFileSystem,
    stored: () => stored,
    async open(file, flags, mode) {
      const handle = await nodeFileSystem.open(file, flags, mode);
      return {
        async write(buffer, offset, length, position) {
          const take = Math.min(length, budget - stored);
          if (take <= 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          const result = await handle.write(buffer, offset, take, position);
          stored += result.bytesWritten;
          return result;
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
}

describe('writeFileAtomic', () => {
  it('writes the file whole from several chunks, replacing the old one, and leaves nothing else', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    await writeFile(file, 'old');
    expect(await writeFileAtomic(file, [bytes('{"a":'), bytes('1}\n')])).toEqual({ kind: 'written' });
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('a disk full part-way: the old file stays whole, the temporary file is removed, the reason is given', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'state.json');
    await writeFile(file, 'the previous, complete content');
    const fs = diskFullAfter(1000);
    const result = await writeFileAtomic(file, Buffer.alloc(5000, 0x61), { fs });
    expect(result).toEqual({ kind: 'failed', code: 'ENOSPC', reason: 'the disk is full' });
    expect(fs.stored()).toBe(1000);
    expect(await readFile(file, 'utf8')).toBe('the previous, complete content');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('a failed rename removes the temporary file', async () => {
    const dir = await tempDir();
    const fs: AtomicFileSystem = { ...nodeFileSystem, rename: () => Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) };
    expect(await writeFileAtomic(path.join(dir, 'x.json'), bytes('x'), { fs })).toMatchObject({ kind: 'failed', code: 'EIO' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('a missing folder is a failure, and is not created', async () => {
    const dir = await tempDir();
    expect(await writeFileAtomic(path.join(dir, 'gone', 'x.json'), bytes('x'))).toEqual({
      kind: 'failed',
      code: 'ENOENT',
      reason: 'the folder does not exist',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('an error without an errno code is a bug, and is thrown', async () => {
    const dir = await tempDir();
    const fs: AtomicFileSystem = { ...nodeFileSystem, rename: () => Promise.reject(new TypeError('not a file system error')) };
    await expect(writeFileAtomic(path.join(dir, 'x.json'), bytes('x'), { fs })).rejects.toThrow(TypeError);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('createFileExclusive', () => {
  it('takes the first free name and never replaces a file, even one created while it writes', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'a.txt'), 'first');
    const fs: AtomicFileSystem = {
      ...nodeFileSystem,
      async link(existing, target) {
        // Another upload takes a-2.txt between this one's write and its link.
        if (target.endsWith('a-2.txt')) await writeFile(target, 'the racing upload');
        return nodeFileSystem.link(existing, target);
      },
    };
    expect(await createFileExclusive(dir, ['a.txt', 'a-2.txt', 'a-3.txt'], bytes('mine'), { fs })).toEqual({ kind: 'created', name: 'a-3.txt' });
    expect(await readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('first');
    expect(await readFile(path.join(dir, 'a-2.txt'), 'utf8')).toBe('the racing upload');
    expect(await readFile(path.join(dir, 'a-3.txt'), 'utf8')).toBe('mine');
    expect((await readdir(dir)).sort()).toEqual(['a-2.txt', 'a-3.txt', 'a.txt']);
  });

  it('without hard links: claims the name, moves the file over the claim, and removes the claim if that fails', async () => {
    const dir = await tempDir();
    const noLinks: AtomicFileSystem = { ...nodeFileSystem, link: () => Promise.reject(Object.assign(new Error('EPERM'), { code: 'EPERM' })) };
    expect(await createFileExclusive(dir, ['a.txt'], bytes('mine'), { fs: noLinks })).toEqual({ kind: 'created', name: 'a.txt' });
    expect(await readFile(path.join(dir, 'a.txt'), 'utf8')).toBe('mine');
    const failingMove: AtomicFileSystem = { ...noLinks, rename: () => Promise.reject(Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' })) };
    expect(await createFileExclusive(dir, ['b.txt'], bytes('mine'), { fs: failingMove })).toEqual({
      kind: 'failed',
      code: 'ENOSPC',
      reason: 'the disk is full',
    });
    expect(await readdir(dir)).toEqual(['a.txt']);
  });

  it('every name taken: "taken", and the temporary file is removed', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'a.txt'), 'first');
    expect(await createFileExclusive(dir, ['a.txt'], bytes('mine'))).toEqual({ kind: 'taken' });
    expect(await readdir(dir)).toEqual(['a.txt']);
  });
});

describe('removeStaleTemporaries', () => {
  const LIVE = 4242;
  const DEAD = 4343;
  const isAlive = (pid: number) => pid === LIVE;
  const minutes = (n: number) => n * 60_000;

  async function temporaries(entries: Record<string, number>): Promise<{ dir: string; now: number }> {
    const dir = await tempDir();
    const now = Date.now();
    for (const [name, ageMs] of Object.entries(entries)) {
      const file = path.join(dir, name);
      await writeFile(file, 'partial');
      const when = new Date(now - ageMs);
      await utimes(file, when, when);
    }
    return { dir, now };
  }

  it('removes what a dead process left, keeps what a live one is writing, until it is an hour old', async () => {
    const { dir, now } = await temporaries({
      [`.a.txt.${DEAD}.0123456789ab.tmp`]: 0,
      [`.b.txt.${LIVE}.0123456789ab.tmp`]: minutes(5),
      [`.c.txt.${LIVE}.0123456789ab.tmp`]: minutes(61),
      [`0123456789abcdef.snapshot.${DEAD}.tmp`]: minutes(1), // as writeSnapshot named them before
      [`0123456789abcdef.snapshot.${LIVE}.tmp`]: minutes(1),
    });
    const removed = await removeStaleTemporaries(dir, { isAlive, now });
    expect(removed.sort()).toEqual([`.a.txt.${DEAD}.0123456789ab.tmp`, `.c.txt.${LIVE}.0123456789ab.tmp`, `0123456789abcdef.snapshot.${DEAD}.tmp`].sort());
    expect((await readdir(dir)).sort()).toEqual([`.b.txt.${LIVE}.0123456789ab.tmp`, `0123456789abcdef.snapshot.${LIVE}.tmp`].sort());
  });

  it("this process's pid: removed when older than this process (a restarted container reuses pids), kept when newer", async () => {
    const { dir, now } = await temporaries({
      [`.old.txt.${process.pid}.0123456789ab.tmp`]: minutes(10),
      [`.new.txt.${process.pid}.0123456789ab.tmp`]: 0,
    });
    expect(await removeStaleTemporaries(dir, { isAlive, now, processStartedMs: now - minutes(1) })).toEqual([`.old.txt.${process.pid}.0123456789ab.tmp`]);
    expect(await readdir(dir)).toEqual([`.new.txt.${process.pid}.0123456789ab.tmp`]);
  });

  it('never touches a file that is not one of its temporary files, nor a folder of that name', async () => {
    const { dir, now } = await temporaries({
      '.notes.txt': minutes(120),
      [`a.txt.${DEAD}.tmp`]: minutes(120),
      [`.a.txt.${DEAD}.xyz.tmp`]: minutes(120),
      [`.a.txt.${DEAD}.0123456789ab.tmp.bak`]: minutes(120),
      'article.txt': minutes(120),
    });
    await mkdir(path.join(dir, `.d.txt.${DEAD}.0123456789ab.tmp`));
    expect(await removeStaleTemporaries(dir, { isAlive, now })).toEqual([]);
    expect(await readdir(dir)).toHaveLength(6);
  });

  it('only those of the targets asked for', async () => {
    const { dir, now } = await temporaries({ [`.a.txt.${DEAD}.0123456789ab.tmp`]: 0, [`.a.json.${DEAD}.0123456789ab.tmp`]: 0 });
    expect(await removeStaleTemporaries(dir, { isAlive, now, of: (target) => target.endsWith('.txt') })).toEqual([`.a.txt.${DEAD}.0123456789ab.tmp`]);
  });

  it('keeps the temporary file of a write in flight in this process', async () => {
    const dir = await tempDir();
    let proceed!: () => void;
    const held = new Promise<void>((resolve) => (proceed = resolve));
    let writing!: () => void;
    const started = new Promise<void>((resolve) => (writing = resolve));
    const fs: AtomicFileSystem = {
      ...nodeFileSystem,
      async rename(from, to) {
        writing();
        await held;
        return nodeFileSystem.rename(from, to);
      },
    };
    const write = writeFileAtomic(path.join(dir, 'x.json'), bytes('x'), { fs });
    await started;
    // Even with a start time after the file's: it is this thread's own write.
    expect(await removeStaleTemporaries(dir, { processStartedMs: Date.now() + minutes(10) })).toEqual([]);
    proceed();
    expect(await write).toEqual({ kind: 'written' });
    expect(await readdir(dir)).toEqual(['x.json']);
  });

  it('a missing folder: nothing to do, no error', async () => {
    expect(await removeStaleTemporaries(path.join(await tempDir(), 'gone'))).toEqual([]);
  });
});

describe('snapshots', () => {
  const FILES = { 'ceasefire.txt': 'Ceasefire Holds in Tripoli\n\nThe United Nations had brokered a ceasefire that ended the unrest.\n' };

  it('a snapshot write that fails part-way keeps the previous snapshot and leaves no temporary file', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'x.snapshot');
    const index = SearchIndex.build([]);
    await writeSnapshot(file, 'fingerprint-1', index);
    const before = await readFile(file);
    await expect(writeSnapshot(file, 'fingerprint-2', index, new Date(), [], undefined, diskFullAfter(20))).rejects.toThrow('the disk is full (ENOSPC)');
    expect(await readFile(file)).toEqual(before);
    expect(await readdir(dir)).toEqual(['x.snapshot']);
    expect((await readSnapshot(file, 'fingerprint-1')).kind).toBe('loaded');
  });

  it('a start removes the temporary snapshots crashed writes left (old and new names), and the upload temporaries', async () => {
    const root = await tempDir();
    const corpusDir = path.join(root, 'corpus');
    const snapshotDir = path.join(root, 'snapshots');
    await mkdir(corpusDir);
    await mkdir(snapshotDir);
    for (const [name, text] of Object.entries(FILES)) await writeFile(path.join(corpusDir, name), text);
    const snapshot = path.basename(snapshotFileFor(snapshotDir, corpusDir));
    const dead = 2 ** 22 + 17; // above Linux's pid_max: never a live process
    const left = [`${snapshot}.${dead}.tmp`, `.${snapshot}.${dead}.0123456789ab.tmp`];
    for (const name of left) await writeFile(path.join(snapshotDir, name), Buffer.alloc(4096));
    await writeFile(path.join(corpusDir, `.upload.txt.${dead}.0123456789ab.tmp`), 'Half an art');
    const logs: string[] = [];
    const opened = await openIndex(corpusDir, { snapshotDir, log: (message) => logs.push(message) });
    expect(opened.index.documents.map((document) => document.id)).toEqual(['ceasefire']);
    expect(await readdir(snapshotDir)).toEqual([snapshot]);
    expect(await readdir(corpusDir)).toEqual(['ceasefire.txt']);
    expect(logs.filter((line) => line.startsWith('removed '))).toHaveLength(2);
  });
});
