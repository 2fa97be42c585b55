import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { KnownFiles } from '../../src/corpus/loadCorpus.js';
import { openSnapshot, writeSnapshot } from '../../src/corpus/snapshotStore.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'isnad-known-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const INDEX = SearchIndex.build([
  {
    id: 'a',
    title: 'Talks',
    file: 'a.txt',
    languages: ['en'],
    passages: [{ paragraph: 2, start: 7, end: 30, text: 'The talks ended today.' }],
  },
]);

const GOOD: KnownFiles = {
  scannedAt: 1_700_000_000_000,
  files: [
    { file: 'a.txt', bytes: 30, sha256: 'ab'.repeat(32), stamp: { size: 30, mtimeMs: 1_699_999_999_000.5, ctimeMs: 1_699_999_999_000.5, ino: 42 } },
    { file: 'b.txt', bytes: 12, sha256: 'cd'.repeat(32) },
  ],
};

async function knownAfterWriting(name: string, known: unknown): Promise<KnownFiles | undefined> {
  const file = path.join(root, `${name}.snapshot`);
  await writeSnapshot(file, 'fingerprint', INDEX, new Date(), [], known as KnownFiles);
  const opened = await openSnapshot(file);
  if (opened.kind !== 'found') throw new Error(`snapshot not found: ${opened.kind}`);
  return opened.known();
}

describe("a snapshot's table of the files it was built from", () => {
  it('is read back as written', async () => {
    expect(await knownAfterWriting('good', GOOD)).toEqual(GOOD);
  });

  it('is dropped whole (the files are read again) when any row or stamp is not what it should be', async () => {
    const [first, second] = GOOD.files;
    const damaged: unknown[] = [
      { ...GOOD, scannedAt: '2023' },
      { ...GOOD, files: [first, 7] },
      { ...GOOD, files: [first, { ...second, bytes: '12' }] },
      { ...GOOD, files: [{ ...first, sha256: null }, second] },
      { ...GOOD, files: [{ ...first, stamp: { ...first!.stamp, ino: '42' } }, second] },
      { ...GOOD, files: [{ ...first, stamp: null }, second] },
      { ...GOOD, files: [{ ...first, stamp: [30, 1, 1, 42] }, second] },
    ];
    for (const [i, known] of damaged.entries()) expect(await knownAfterWriting(`damaged-${i}`, known), JSON.stringify(known)).toBeUndefined();
  });
});
