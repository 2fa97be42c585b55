import { mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { readSnapshot, writeSnapshot } from '../../src/corpus/snapshotStore.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Memory held after a full collection, once what the last reads used is let go (after a turn of the event loop). */
async function settled(): Promise<NodeJS.MemoryUsage> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  gc();
  gc();
  return process.memoryUsage();
}

/** `count` articles of two paragraphs of ~800 characters each, every one different. */
function articles(count: number): CorpusDocument[] {
  const words = ['ceasefire', 'militia', 'council', 'tripoli', 'misrata', 'election', 'minister', 'border', 'talks', 'envoy'];
  return Array.from({ length: count }, (_, d) => {
    const paragraph = (p: number) => {
      const sentences: string[] = [];
      for (let s = 0; s < 10; s++)
        sentences.push(`The ${words[(d + s) % 10]} number ${d}-${p}-${s} met the ${words[(d * 3 + s + p) % 10]} of district ${d % 97} on day ${s}.`);
      return sentences.join(' ');
    };
    const first = paragraph(1);
    const second = paragraph(2);
    const title = `Report ${d}`;
    return {
      id: `report-${d}`,
      title,
      file: `report-${d}.txt`,
      languages: ['en'],
      passages: [
        { paragraph: 2, start: title.length + 2, end: title.length + 2 + first.length, text: first },
        { paragraph: 3, start: title.length + 4 + first.length, end: title.length + 4 + first.length + second.length, text: second },
      ],
    } satisfies CorpusDocument;
  });
}

const DOCUMENTS = 4000;
let root: string;
let file: string;
let documents: CorpusDocument[];
let textBytes: number;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'isnad-snapshot-memory-'));
  file = path.join(root, 'corpus.snapshot');
  documents = articles(DOCUMENTS);
  textBytes = documents.reduce((n, document) => n + document.passages.reduce((m, passage) => m + passage.text.length, 0), 0);
  await writeSnapshot(file, 'fingerprint', SearchIndex.build(documents));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function load(): Promise<SearchIndex> {
  const read = await readSnapshot(file, 'fingerprint');
  if (read.kind !== 'loaded') throw new Error(`snapshot not loaded: ${JSON.stringify(read)}`);
  return read.index;
}

describe('an index loaded from a snapshot file', () => {
  it('leaves the passage text in the file, reading a document when it is needed', async () => {
    expect(textBytes).toBeGreaterThan(5_000_000);
    const before = await settled();
    const index = await load();
    const after = await settled();
    // The snapshot read whole is its text and more; without the text it is its tables only.
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(textBytes);
    for (const doc of [0, 1, 1234, DOCUMENTS - 1]) expect(index.documents[doc]!.passages).toEqual(documents[doc]!.passages);
    // Written out again (a build process handing it over), it is the whole index, text included.
    expect(Buffer.from(index.toBytes()).equals(SearchIndex.build(documents).toBytes())).toBe(true);
  });

  it('keeps only the documents used lately decoded, not every document ever shown', async () => {
    const index = await load();
    const before = await settled();
    for (let doc = 0; doc < DOCUMENTS; doc++) expect(index.documents[doc]!.passages[1]!.text).toBe(documents[doc]!.passages[1]!.text);
    const after = await settled();
    // All of them as strings would hold at least the text itself (one byte a character).
    expect(after.heapUsed - before.heapUsed).toBeLessThan(textBytes / 3);
  });

  it('refuses text changed in the file since it was loaded rather than quote it', async () => {
    const index = await load();
    expect(index.documents[5]!.passages[0]!.text).toBe(documents[5]!.passages[0]!.text);
    // Written in place (isnad itself only ever replaces a snapshot by renaming a new file over it).
    const handle = await open(file, 'r+');
    try {
      const { size } = await handle.stat();
      const bytes = Buffer.alloc(size);
      await handle.read(bytes, 0, size, 0);
      const at = bytes.indexOf(documents[DOCUMENTS - 2]!.passages[0]!.text);
      expect(at).toBeGreaterThan(0);
      // "The" → "Tha": still UTF-8, still the same length.
      await handle.write(Buffer.from('a'), 0, 1, at + 2);
    } finally {
      await handle.close();
    }
    // Scoring may read the text before it is checked (passageText), but no quote is taken from it.
    let id = index.passageCount - 1;
    while (index.passage(id)!.doc !== DOCUMENTS - 2) id--;
    expect(typeof index.passageText(index.passage(id)!)).toBe('string');
    expect(() => index.documents[DOCUMENTS - 2]!.passages).toThrow(/not the text indexed/);
    expect(() => index.documents[DOCUMENTS - 2]!.passages).toThrow(/not the text indexed/);
    expect(index.documents[DOCUMENTS - 3]!.passages).toEqual(documents[DOCUMENTS - 3]!.passages);
  });
});

describe('documents of an index read from bytes', () => {
  it('cost a few dozen bytes each beside their own fields', async () => {
    const many = Array.from(
      { length: 20_000 },
      (_, d): CorpusDocument => ({
        id: `d${d}`,
        title: `T${d}`,
        file: `d${d}.txt`,
        languages: ['en'],
        passages: [{ paragraph: 1, start: 0, end: 4, text: 'Talk' }],
      }),
    );
    const bytes = SearchIndex.build(many).toBytes();
    const before = await settled();
    const index = SearchIndex.fromBytes(bytes);
    const after = await settled();
    expect(index.documents).toHaveLength(20_000);
    // Their id, title and file strings and languages array are ~150 bytes; a getter closure per
    // document gave each a hidden class of its own and ~600 bytes more.
    expect((after.heapUsed - before.heapUsed) / 20_000).toBeLessThan(400);
  });
});

describe('writing an index as bytes', () => {
  it('encodes the text straight into them, not into copies made first', async () => {
    const index = SearchIndex.build(documents);
    await settled();
    const before = process.memoryUsage().arrayBuffers;
    const bytes = index.toBytes();
    // No collection in between: what toBytes allocated is all still counted.
    const allocated = process.memoryUsage().arrayBuffers - before;
    expect(bytes.byteLength).toBeGreaterThan(textBytes);
    // The text encoded per document, then joined, then copied in was the bytes and twice the text.
    expect(allocated).toBeLessThan(bytes.byteLength + textBytes / 2);
  });
});
