/**
 * `/corpus add` on a failing machine: a full disk or a crash part-way through the write leaves no
 * partial article for a refresh to index, the moderator is told the real reason, a vanished
 * corpus folder is not recreated; and an upload during a running refresh is refreshed after it.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CorpusService, type RefreshResult } from '../../src/corpus/CorpusService.js';
import { IndexBuilder } from '../../src/corpus/IndexBuilder.js';
import { nodeFileSystem, type AtomicFileSystem } from '../../src/corpus/writeFileAtomic.js';
import { limitWrites } from '../support/diskFaults.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const TRIPOLI = 'Ceasefire Holds in Tripoli\n\nThe United Nations had brokered a ceasefire that ended the unrest.\n';
const SIRTE = 'Forces Prepare to Retake Sirte\n\nForces in Misrata are preparing to confront ISIS fighters in the city of Sirte.\n';
const GHAT = 'Drought in Ghat\n\nFarmers in the oasis town of Ghat said the wells had run dry after three years without rain.\n';

/** 4,500,060 bytes of article: the size of the upload the issue saw cut at 1,048,576. */
function bigArticle(): Uint8Array {
  const paragraph = 'The port of Benghazi handled more grain this season than in any year since the war began. ';
  const head = 'Grain Through Benghazi\n\n';
  const body = `${paragraph}\n\n`.repeat(Math.floor((4_500_060 - head.length - 1) / (paragraph.length + 2)));
  const text = `${`${head}${body}`.padEnd(4_500_059, '.')}\n`;
  const bytes = new TextEncoder().encode(text);
  expect(bytes.byteLength).toBe(4_500_060);
  return bytes;
}

const temporary: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function workspace() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-corpus-add-'));
  temporary.push(root);
  const corpusDir = path.join(root, 'corpus');
  await mkdir(corpusDir);
  await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI);
  await writeFile(path.join(corpusDir, 'sirte.txt'), SIRTE);
  const logs: string[] = [];
  const service = await CorpusService.open({ corpusDir, snapshotDir: null, log: (message) => logs.push(message) });
  return { root, corpusDir, logs, service };
}

function refreshed(result: RefreshResult) {
  if (result.kind !== 'refreshed') throw new Error(`expected a refresh, got ${JSON.stringify(result)}`);
  return result;
}

const ids = (service: CorpusService) => service.current.index.documents.map((document) => document.id).sort();
const TEMPORARY = /^\.big\.txt\.\d+\.[0-9a-f]{12}\.tmp$/;

describe('CorpusService.addFile on a failing disk', () => {
  it('a disk full part-way: "the disk is full", no partial article, and a retry saves it under its own name', async () => {
    const { corpusDir, service } = await workspace();
    const data = bigArticle();
    const limit = await limitWrites(1_048_576, 'ENOSPC');
    let result: Awaited<ReturnType<CorpusService['addFile']>>;
    try {
      result = await service.addFile('big.txt', data);
    } finally {
      limit.restore();
    }
    expect(limit.stored).toBe(1_048_576);
    expect(result).toEqual({ kind: 'rejected', reason: 'the disk is full; nothing was saved' });
    // Nothing left behind: neither a truncated article nor the temporary file.
    expect((await readdir(corpusDir)).sort()).toEqual(['sirte.txt', 'tripoli.txt']);
    expect(refreshed(await service.refresh()).diff.added).toEqual([]);

    // Space freed: the retry takes the name, not a "-2" beside a broken one.
    expect(await service.addFile('big.txt', data)).toEqual({ kind: 'saved', file: 'big.txt' });
    expect((await stat(path.join(corpusDir, 'big.txt'))).size).toBe(4_500_060);
    expect((await readdir(corpusDir)).sort()).toEqual(['big.txt', 'sirte.txt', 'tripoli.txt']);
  });

  it('a crash part-way: only a hidden temporary file is on disk, which no refresh indexes', async () => {
    const { corpusDir, service } = await workspace();
    const limit = await limitWrites(1_048_576, 'stall');
    try {
      // Never settles: what is on disk now is what a process killed at this moment leaves.
      void service.addFile('big.txt', bigArticle());
      await limit.reached;
      const names = await readdir(corpusDir);
      expect(names.filter((name) => !name.startsWith('.')).sort()).toEqual(['sirte.txt', 'tripoli.txt']);
      const hidden = names.filter((name) => name.startsWith('.'));
      expect(hidden).toEqual([expect.stringMatching(TEMPORARY)]);
      expect((await stat(path.join(corpusDir, hidden[0]!))).size).toBe(1_048_576);
    } finally {
      limit.restore();
    }
    expect(refreshed(await service.refresh()).diff.added).toEqual([]);
    expect(ids(service)).toEqual(['sirte', 'tripoli']);
  });

  it('a process SIGKILLed part-way: no article of it at the next start, which removes its temporary file', async () => {
    const { corpusDir } = await workspace();
    const script = [
      `import { CorpusService } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'src/corpus/CorpusService.ts')).href)};`,
      `import { limitWrites } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'test/support/diskFaults.ts')).href)};`,
      `const service = await CorpusService.open({ corpusDir: ${JSON.stringify(corpusDir)}, snapshotDir: null });`,
      "const text = 'Grain Through Benghazi\\n\\n' + 'The port of Benghazi handled more grain this season. '.repeat(80_000) + '\\n';",
      'const limit = await limitWrites(1_048_576, "stall");',
      "void service.addFile('big.txt', new TextEncoder().encode(text));",
      'await limit.reached;',
      "console.log('writing');",
    ].join('\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('writing')) child.kill('SIGKILL');
    });
    const [, signal] = (await once(child, 'exit')) as [number | null, string | null];
    expect(signal).toBe('SIGKILL');
    expect((await readdir(corpusDir)).filter((name) => !name.startsWith('.')).sort()).toEqual(['sirte.txt', 'tripoli.txt']);
    expect((await readdir(corpusDir)).filter((name) => TEMPORARY.test(name))).toHaveLength(1);

    const logs: string[] = [];
    const restarted = await CorpusService.open({ corpusDir, snapshotDir: null, log: (message) => logs.push(message) });
    expect(ids(restarted)).toEqual(['sirte', 'tripoli']);
    expect((await readdir(corpusDir)).sort()).toEqual(['sirte.txt', 'tripoli.txt']);
    expect(logs).toContainEqual(expect.stringMatching(/^removed 1 temporary file\(s\) left by an interrupted write in /));
  }, 30_000);

  it('a corpus folder that vanished is refused, not recreated', async () => {
    const { corpusDir, logs, service } = await workspace();
    await rm(corpusDir, { recursive: true });
    const result = await service.addFile('new.txt', new TextEncoder().encode(GHAT));
    expect(result).toEqual({ kind: 'rejected', reason: 'the corpus folder is missing; nothing was saved (the operator must check CORPUS_DIR)' });
    expect(existsSync(corpusDir)).toBe(false);
    expect(logs).toContainEqual(`corpus add refused: ${corpusDir} is missing`);
  });

  /** The real file system, but one operation fails with `code`. */
  function failing(operation: 'open' | 'link' | 'write' | 'sync', code: string): AtomicFileSystem {
    const fail = () => Promise.reject(Object.assign(new Error(`${code}: simulated`), { code }));
    return {
      ...nodeFileSystem,
      ...(operation === 'open' ? { open: fail } : {}),
      ...(operation === 'link' ? { link: fail } : {}),
      ...(operation === 'write' || operation === 'sync'
        ? {
            async open(file: string, flags: number, mode?: number) {
              const handle = await nodeFileSystem.open(file, flags, mode);
              return {
                write: operation === 'write' ? fail : handle.write.bind(handle),
                sync: operation === 'sync' ? fail : handle.sync.bind(handle),
                close: handle.close.bind(handle),
              };
            },
          }
        : {}),
    };
  }

  it.each([
    ['open', 'EACCES', 'isnad is not allowed to write to the folder'],
    ['open', 'EROFS', 'the folder is on a read-only file system'],
    ['write', 'EDQUOT', 'the disk quota is used up'],
    ['write', 'EFBIG', 'the file is too large for the file system'],
    ['sync', 'ENOSPC', 'the disk is full'],
    ['link', 'EIO', 'the disk reported an input/output error'],
  ] as const)('%s failing with %s: rejected with "%s", the folder as it was', async (operation, code, reason) => {
    const { corpusDir, logs, service } = await workspace();
    const result = await service.addFile('ghat.txt', new TextEncoder().encode(GHAT), failing(operation, code));
    expect(result).toEqual({ kind: 'rejected', reason: `${reason}; nothing was saved` });
    expect((await readdir(corpusDir)).sort()).toEqual(['sirte.txt', 'tripoli.txt']);
    expect(logs).toContainEqual(expect.stringContaining(`failed: ${code}`));
  });

  it('on a file system without hard links, still saves whole and never overwrites', async () => {
    const { corpusDir, service } = await workspace();
    const fs = failing('link', 'EPERM');
    expect(await service.addFile('tripoli.txt', new TextEncoder().encode(GHAT), fs)).toEqual({
      kind: 'saved',
      file: 'tripoli-2.txt',
      renamedFrom: 'tripoli.txt',
    });
    expect(await readFile(path.join(corpusDir, 'tripoli.txt'), 'utf8')).toBe(TRIPOLI);
    expect(await readFile(path.join(corpusDir, 'tripoli-2.txt'), 'utf8')).toBe(GHAT);
    expect((await readdir(corpusDir)).sort()).toEqual(['sirte.txt', 'tripoli-2.txt', 'tripoli.txt']);
  });
});

describe('CorpusService.refreshQueued', () => {
  /** Builds finish scanning at once but report back only when `release` is called. */
  function slowBuilds() {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let scanned!: () => void;
    const firstScanned = new Promise<void>((resolve) => (scanned = resolve));
    const original = IndexBuilder.prototype.build;
    const build = vi.spyOn(IndexBuilder.prototype, 'build').mockImplementation(async function (this: IndexBuilder, request) {
      const response = await original.call(this, request);
      scanned();
      await released;
      return response;
    });
    return { build, firstScanned, release };
  }

  it('an upload while a refresh runs: waits for it, then one more refresh indexes the upload', async () => {
    const { service } = await workspace();
    const { build, firstScanned, release } = slowBuilds();
    const running = service.refresh();
    await firstScanned; // the running refresh has read the folder already
    expect(await service.addFile('ghat.txt', new TextEncoder().encode(GHAT))).toEqual({ kind: 'saved', file: 'ghat.txt' });
    const queued = service.refreshQueued();
    expect(await service.refresh()).toEqual({ kind: 'busy' });
    release();
    expect(refreshed(await running).diff.added).toEqual([]);
    expect(refreshed(await queued).diff.added).toEqual(['ghat']);
    expect(ids(service)).toEqual(['ghat', 'sirte', 'tripoli']);
    expect(build).toHaveBeenCalledTimes(2);
    await service.close();
  });

  it('several uploads during one refresh share one following refresh', async () => {
    const { service } = await workspace();
    const { build, firstScanned, release } = slowBuilds();
    const running = service.refresh();
    await firstScanned;
    const queued = [service.refreshQueued(), service.refreshQueued(), service.refreshQueued()];
    expect(new Set(queued).size).toBe(1);
    release();
    await running;
    const results = await Promise.all(queued);
    for (const result of results) expect(result.kind).toBe('refreshed');
    expect(build).toHaveBeenCalledTimes(2);
    await service.close();
  });

  it('a caller arriving once the queued refresh has started gets a refresh after it, not the one that may have scanned already', async () => {
    const { service } = await workspace();
    const { build, firstScanned, release } = slowBuilds();
    const running = service.refresh();
    await firstScanned;
    const second = service.refreshQueued();
    release();
    await running;
    // The second refresh has now started.
    await vi.waitFor(() => expect(build).toHaveBeenCalledTimes(2));
    const third = service.refreshQueued();
    expect(third).not.toBe(second);
    expect((await second).kind).toBe('refreshed');
    expect((await third).kind).toBe('refreshed');
    expect(build).toHaveBeenCalledTimes(3);
    await service.close();
  });

  it('runs at once when no refresh is running', async () => {
    const { corpusDir, service } = await workspace();
    await writeFile(path.join(corpusDir, 'ghat.txt'), GHAT);
    expect(refreshed(await service.refreshQueued()).diff.added).toEqual(['ghat']);
    await service.close();
  });
});
