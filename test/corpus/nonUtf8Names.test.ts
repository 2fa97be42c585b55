import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { openIndex } from '../../src/corpus/openIndex.js';

/**
 * File names are bytes on Linux, and need not be UTF-8 (a Latin-1 archive unpacked as is, a name
 * cut in the middle of a character). Read as strings they come back with U+FFFD in them: a name
 * that then names another file, or none. Every file must be indexed once with an id of its own, or
 * skipped with a reason.
 */

const ARTICLE = (n: number) => `Headline number ${n}\n\nThe council met on Tuesday to discuss item ${n} of the agenda.\n`;

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempCorpus(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-names-'));
  temps.push(dir);
  return dir;
}

/** A path under `dir` whose last part is the given bytes. */
const bytePath = (dir: string, ...name: (string | number[])[]) =>
  Buffer.concat([Buffer.from(`${dir}/`), ...name.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part)))]);

describe('file names that are not UTF-8', () => {
  it('skips each with a reason naming it, and indexes every other file once, with distinct ids', async () => {
    const dir = await tempCorpus();
    await writeFile(bytePath(dir, 'bad', [0xff], '.txt'), ARTICLE(1));
    await writeFile(bytePath(dir, 'caf', [0xe9], '.txt'), ARTICLE(2));
    await writeFile(bytePath(dir, 'a', [0xff], '.txt'), ARTICLE(3));
    await writeFile(bytePath(dir, 'a', [0xfe], '.txt'), ARTICLE(4));
    // A real U+FFFD in a name is valid UTF-8, and is a file like any other.
    await writeFile(path.join(dir, 'a\ufffd.txt'), ARTICLE(5));
    await writeFile(path.join(dir, 'good.txt'), ARTICLE(6));
    await mkdir(bytePath(dir, 'dir', [0xff]));
    await writeFile(Buffer.concat([bytePath(dir, 'dir', [0xff]), Buffer.from('/inside.txt')]), ARTICLE(7));
    expect(await readdir(dir, { encoding: 'buffer' })).toHaveLength(7);

    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((document) => document.file)).toEqual(['a\ufffd.txt', 'good.txt']);
    const ids = corpus.documents.map((document) => document.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Each indexed file's passages are its own text (not another file's read under the same name).
    const replacement = await readFile(path.join(dir, 'a\ufffd.txt'), 'utf8');
    for (const passage of corpus.documents[0]!.passages) expect(replacement.slice(passage.start, passage.end)).toBe(passage.text);
    expect(corpus.documents[0]!.passages.some((passage) => passage.text.includes('item 5'))).toBe(true);

    expect(corpus.skipped).toEqual([
      { file: 'a\\xfe.txt', code: 'file-name-not-utf8', reason: expect.stringMatching(/^file name is not valid UTF-8 text.*rename the file$/) },
      { file: 'a\\xff.txt', code: 'file-name-not-utf8', reason: expect.stringMatching(/^file name is not valid UTF-8 text/) },
      { file: 'bad\\xff.txt', code: 'file-name-not-utf8', reason: expect.stringMatching(/^file name is not valid UTF-8 text/) },
      { file: 'caf\\xe9.txt', code: 'file-name-not-utf8', reason: expect.stringMatching(/^file name is not valid UTF-8 text/) },
      { file: 'dir\\xff', code: 'folder-name-not-utf8', reason: expect.stringMatching(/^folder name is not valid UTF-8 text.*rename the folder$/) },
    ]);
    expect(corpus.skipped.some((skip) => /disappeared/.test(skip.reason))).toBe(false);
  });

  it('shows the UTF-8 parts of a name as they are, in a folder with a UTF-8 name', async () => {
    const dir = await tempCorpus();
    await mkdir(path.join(dir, 'مقالات'));
    // "café" in Latin-1, then an Arabic word, then a truncated three-byte sequence.
    await writeFile(bytePath(dir, 'مقالات/caf', [0xe9], '-سرت', [0xe2, 0x82], '.txt'), ARTICLE(1));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toEqual([]);
    expect(corpus.skipped.map((skip) => skip.file)).toEqual(['مقالات/caf\\xe9-سرت\\xe2\\x82.txt']);
  });

  it('keeps its verdicts across a snapshot: the same files, skipped the same way', async () => {
    const dir = await tempCorpus();
    const snapshotDir = await tempCorpus();
    await writeFile(bytePath(dir, 'caf', [0xe9], '.txt'), ARTICLE(1));
    await writeFile(path.join(dir, 'cafe.txt'), ARTICLE(2));
    const built = await openIndex(dir, { snapshotDir });
    const loaded = await openIndex(dir, { snapshotDir });
    expect(built.origin).toBe('built');
    expect(loaded.origin).toBe('snapshot');
    expect(loaded.index.documents.map((document) => document.file)).toEqual(['cafe.txt']);
    expect(loaded.skipped).toEqual(built.skipped);
    expect(loaded.skipped.map((skip) => skip.file)).toEqual(['caf\\xe9.txt']);
  });
});
