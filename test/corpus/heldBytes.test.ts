import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { buildCorpusIndex, scanCorpus } from '../../src/corpus/loadCorpus.js';
import { writeTree } from '../support/writeTree.js';

const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const ARTICLE =
  'Talks Resume in Tripoli\n\nThe Government of National Accord said on Monday that the talks would resume in Tripoli next week.\n\n' +
  'Officials of the United Nations mission welcomed the announcement. They said both delegations had agreed.\n';
const ARABIC = 'استئناف المحادثات في طرابلس\n\nقالت حكومة الوفاق الوطني يوم الاثنين إن المحادثات ستستأنف في طرابلس الأسبوع المقبل.\n';

async function fixture(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-held-'));
  tempDirs.push(dir);
  const files: Record<string, string> = {
    'a.txt': ARTICLE,
    'b.md': `# Second Article\n\n${ARTICLE.split('\n\n').slice(1).join('\n\n')}`,
    'ar/talks.txt': ARABIC,
    'page.html':
      '<html><head><title>A Page About Misrata</title></head><body><article><h1>A Page About Misrata</h1>' +
      '<p>Forces loyal to the government entered Misrata on Tuesday after two days of fighting around the port.</p>' +
      '<p>Residents said the shelling had stopped by the evening and that shops had opened again.</p></article></body></html>',
  };
  await writeTree(dir, files);
  return dir;
}

/** fs.readFile, counting the reads of each file by its name. */
function countingReads(): { readFile: (absolute: string) => Promise<Buffer>; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    readFile: (absolute) => {
      reads.set(path.basename(absolute), (reads.get(path.basename(absolute)) ?? 0) + 1);
      return readFile(absolute);
    },
  };
}

describe('the bytes a scan keeps for parsing (heldBytes)', () => {
  it('reads a file it did not keep again when parsing, and builds the same index', async () => {
    const dir = await fixture();
    const kept = countingReads();
    const held = await buildCorpusIndex(await scanCorpus(dir, { readFile: kept.readFile }));
    expect([...kept.reads.values()]).toEqual([1, 1, 1, 1]);
    const dropped = countingReads();
    const reread = await buildCorpusIndex(await scanCorpus(dir, { readFile: dropped.readFile, heldBytes: 0 }));
    expect([...dropped.reads.values()]).toEqual([2, 2, 2, 2]);
    expect(Buffer.from(reread.index.toBytes()).equals(Buffer.from(held.index.toBytes()))).toBe(true);
    expect(reread.fingerprint).toBe(held.fingerprint);
    expect(reread.files).toEqual(held.files);
    expect(reread.skipped).toEqual(held.skipped);
  });

  it('keeps files while they fit, in all no more bytes than it is given', async () => {
    const dir = await fixture();
    const sizes = new Map<string, number>();
    for (const name of ['a.txt', 'b.md', 'talks.txt', 'page.html']) {
      const where = name === 'talks.txt' ? path.join(dir, 'ar', name) : path.join(dir, name);
      sizes.set(name, (await readFile(where)).length);
    }
    const budget = sizes.get('a.txt')! + sizes.get('b.md')!;
    const counted = countingReads();
    await buildCorpusIndex(await scanCorpus(dir, { readFile: counted.readFile, heldBytes: budget }));
    let keptBytes = 0;
    for (const [name, reads] of counted.reads) if (reads === 1) keptBytes += sizes.get(name)!;
    expect(keptBytes).toBeLessThanOrEqual(budget);
    expect([...counted.reads.values()].filter((reads) => reads === 1).length).toBeGreaterThan(0);
    expect([...counted.reads.values()].filter((reads) => reads === 2).length).toBeGreaterThan(0);
  });

  it('counts a file it read and did not keep as read, not as a hash reused', async () => {
    const dir = await fixture();
    expect((await scanCorpus(dir, { heldBytes: 0 })).reused).toBe(0);
  });

  it('parses the bytes there are when a file it did not keep changed after the scan, and fingerprints them', async () => {
    const dir = await fixture();
    const scanned = await scanCorpus(dir, { heldBytes: 0 });
    await writeFile(path.join(dir, 'a.txt'), ARTICLE.replace('next week', 'next month'));
    const built = await buildCorpusIndex(scanned);
    expect(built.fingerprint).not.toBe(scanned.fingerprint);
    expect(built.index.documents.find((document) => document.file === 'a.txt')!.passages.some((p) => p.text.includes('next month'))).toBe(true);
    expect(built.files.find((file) => file.file === 'a.txt')!.sha256).not.toBe(scanned.files.find((file) => file.file === 'a.txt')!.sha256);
  });

  it('verifies the files it did not keep by reading them again', async () => {
    const dir = await fixture();
    const { index } = await buildCorpusIndex(await scanCorpus(dir));
    const dropped = countingReads();
    const scanned = await scanCorpus(dir, { readFile: dropped.readFile, heldBytes: 0 });
    expect(await scanned.verify(index)).toBeUndefined();
    expect(dropped.reads.get('a.txt')).toBe(2);
  });

  it('finds an index that is not the text of a file it did not keep', async () => {
    const dir = await fixture();
    const scanned = await scanCorpus(dir, { heldBytes: 0 });
    const { index } = await buildCorpusIndex(await scanCorpus(dir));
    // The same files and offsets, another text: what only the file's bytes tell.
    const documents = index.documents.map((document) =>
      document.file !== 'a.txt'
        ? document
        : { ...document, passages: document.passages.map((p) => ({ ...p, text: p.text.replace(/Tripoli/g, 'Benghazi').slice(0, p.end - p.start) })) },
    );
    const other = SearchIndex.build(
      documents.map((document) => ({ ...document, passages: document.passages.map((p) => ({ ...p, end: p.start + p.text.length })) })),
    );
    expect(await scanned.verify(other)).toMatch(/its passages of a\.txt are not the text of the file/);
  });

  it('finds a file it did not keep changed since the scan when it checks it', async () => {
    const dir = await fixture();
    const { index } = await buildCorpusIndex(await scanCorpus(dir));
    const scanned = await scanCorpus(dir, { heldBytes: 0 });
    await writeFile(path.join(dir, 'a.txt'), ARTICLE.replace('next week', 'next month'));
    expect(await scanned.verify(index)).toMatch(/a\.txt changed while the corpus was being checked/);
  });
});
