import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { loadCorpus, scanCorpus, type FileStat } from '../../src/corpus/loadCorpus.js';
import { openIndex, snapshotFileFor, type OpenIndexOptions } from '../../src/corpus/openIndex.js';
import { writeSnapshot } from '../../src/corpus/snapshotStore.js';
import { TRIPOLI, SIRTE, GHAT } from '../support/articles.js';

/**
 * The verbatim promise under a race between the scan that fingerprints a file and the read that
 * parses it. The file system is real; only the reader is injected, so that "the file was rewritten
 * just when the parse read it" happens every time instead of once in a thousand runs.
 */

/** The same article while an editor was saving another version of it. */
const TRIPOLI_REWRITTEN =
  'Truce Talks in Tripoli\n\n' +
  'Negotiators said on Monday that the envoy had brokered a truce between the rival militias after a week of long and difficult talks in the capital.\n\n' +
  'Demonstrators gathered again in Martyrs Square and demanded that the government resign before the end of the month.\n';

const QUESTIONS = [
  'Who brokered the ceasefire?',
  'Who brokered a truce?',
  'What did the demonstrators demand?',
  'Who is the spokesman in Misrata?',
  'Why did the wells run dry?',
];
/** Words only the rewritten version has. */
const REWRITTEN_ONLY = /envoy|Negotiators|Martyrs Square/;

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * The stat of a file as if it had last changed a minute ago: every file then counts as settled
 * (older than the racy window), so the second scan reuses the hashes of the first instead of
 * reading the files, as a start on a long-untouched corpus does.
 */
async function settledStat(absolute: string): Promise<FileStat> {
  const real = await stat(absolute);
  return { size: real.size, ino: real.ino, mtimeMs: real.mtimeMs - 60_000, ctimeMs: real.ctimeMs - 60_000, isFile: () => real.isFile() };
}

interface Reader {
  readonly read: (absolute: string) => Promise<Buffer>;
  /** Reads of `file` that were handed the other bytes. */
  readonly raced: () => number;
}

/** Reads the real files, except that the next `times` reads of `file` get `other` (Infinity: every one). */
function racingReader(file: string, other: string, times: number): Reader {
  let left = times;
  let raced = 0;
  return {
    read: async (absolute) => {
      if (path.basename(absolute) === file && left > 0) {
        left--;
        raced++;
        return Buffer.from(other);
      }
      return readFile(absolute);
    },
    raced: () => raced,
  };
}

async function workspace() {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-scan-race-'));
  temporary.push(root);
  const corpusDir = path.join(root, 'corpus');
  const snapshotDir = path.join(root, 'snapshots');
  await mkdir(corpusDir);
  await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI);
  await writeFile(path.join(corpusDir, 'sirte.txt'), SIRTE);
  const logs: string[] = [];
  const open = (extra: Partial<OpenIndexOptions> = {}) => openIndex(corpusDir, { snapshotDir, stat: settledStat, log: (line) => logs.push(line), ...extra });
  return { corpusDir, snapshotDir, logs, open };
}

async function fileText(corpusDir: string, file: string): Promise<string> {
  const text = await readFile(path.join(corpusDir, file), 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Every passage, and every extract answered to QUESTIONS, is exactly the text at its offsets in `texts` (the real files when not given). */
async function expectVerbatim(index: SearchIndex, corpusDir: string, texts: Record<string, string> = {}): Promise<number> {
  const textOf = async (file: string) => texts[file] ?? (await fileText(corpusDir, file));
  let checked = 0;
  for (const document of index.documents) {
    const text = await textOf(document.file);
    for (const passage of document.passages) {
      expect(text.slice(passage.start, passage.end), `${document.file} ${passage.start}..${passage.end}`).toBe(passage.text);
    }
  }
  for (const question of QUESTIONS) {
    const result = answer(index, question);
    if (result.kind !== 'answer') continue;
    for (const extract of result.extracts) {
      const text = await textOf(extract.citation.file);
      expect(text.slice(extract.citation.start, extract.citation.end), `${question} → ${extract.citation.file}`).toBe(extract.quote);
      checked++;
    }
  }
  return checked;
}

describe('a file rewritten between the scan and the parse read', () => {
  it.each([
    ['restored byte-identical (its stat changes)', true],
    ['read once with other bytes (its stat holds)', false],
  ])('is parsed from the bytes it was hashed by, and a restart quotes only the file: %s', async (_name, restore) => {
    const ws = await workspace();
    const first = await ws.open();
    expect(first.origin).toBe('built');
    // Another file changed, so the next open parses; tripoli.txt keeps its stat, and its hash is reused.
    await writeFile(path.join(ws.corpusDir, 'ghat.txt'), GHAT);
    const reader = racingReader('tripoli.txt', TRIPOLI_REWRITTEN, 1);
    const second = await ws.open({ readFile: reader.read });
    expect(reader.raced()).toBe(1);
    expect(second.origin).toBe('built');
    if (restore) await writeFile(path.join(ws.corpusDir, 'tripoli.txt'), TRIPOLI);

    // The file is the original again: what the index quotes is in it.
    expect(await expectVerbatim(second.index, ws.corpusDir)).toBeGreaterThanOrEqual(3);
    const restarted = await ws.open();
    expect(await expectVerbatim(restarted.index, ws.corpusDir)).toBeGreaterThanOrEqual(3);
    for (const document of restarted.index.documents) for (const passage of document.passages) expect(passage.text).not.toMatch(REWRITTEN_ONLY);
  });

  it('indexes the rewrite when every read sees it, and a restart after the file is restored does not serve it', async () => {
    const ws = await workspace();
    await ws.open();
    await writeFile(path.join(ws.corpusDir, 'ghat.txt'), GHAT);
    const reader = racingReader('tripoli.txt', TRIPOLI_REWRITTEN, Infinity);
    const second = await ws.open({ readFile: reader.read });
    // The file held the rewrite whenever it was read: the index quotes the rewrite, as it was.
    expect(await expectVerbatim(second.index, ws.corpusDir, { 'tripoli.txt': TRIPOLI_REWRITTEN })).toBeGreaterThanOrEqual(3);
    expect(second.index.documents.some((document) => document.passages.some((passage) => REWRITTEN_ONLY.test(passage.text)))).toBe(true);

    // Restored, and read as it is on disk: the snapshot of the rewrite is not taken for it.
    await writeFile(path.join(ws.corpusDir, 'tripoli.txt'), TRIPOLI);
    const restarted = await ws.open();
    expect(restarted.origin).toBe('built');
    expect(await expectVerbatim(restarted.index, ws.corpusDir)).toBeGreaterThanOrEqual(3);
    for (const document of restarted.index.documents) for (const passage of document.passages) expect(passage.text).not.toMatch(REWRITTEN_ONLY);
    // And that rebuilt index's own snapshot is used by the next start.
    const again = await ws.open();
    expect(again.origin).toBe('snapshot');
    expect(await expectVerbatim(again.index, ws.corpusDir)).toBeGreaterThanOrEqual(3);
  });

  it('gives the fingerprint of the bytes parsed, so the loaded corpus describes its own documents', async () => {
    const ws = await workspace();
    const earlier = await scanCorpus(ws.corpusDir, { stat: settledStat });
    const known = { files: earlier.files, scannedAt: earlier.scannedAt };
    const scanned = await scanCorpus(ws.corpusDir, { stat: settledStat, known, readFile: racingReader('tripoli.txt', TRIPOLI_REWRITTEN, Infinity).read });
    expect(scanned.reused).toBe(2);
    const corpus = await scanned.parse();
    const rewritten = await loadCorpus(ws.corpusDir, { readFile: racingReader('tripoli.txt', TRIPOLI_REWRITTEN, Infinity).read });
    expect(corpus.fingerprint).not.toBe(scanned.fingerprint);
    expect(corpus.fingerprint).toBe(rewritten.fingerprint);
    const withoutStamps = (files: typeof corpus.files) => files.map(({ stamp: _stamp, ...entry }) => entry);
    expect(withoutStamps(corpus.files)).toEqual(withoutStamps(rewritten.files));
    // Its stat was taken before the rewrite: the next scan must not trust it for these bytes.
    expect(corpus.files.find((entry) => entry.file === 'tripoli.txt')?.stamp).toBeUndefined();
    expect(corpus.documents).toEqual(rewritten.documents);
  });

  it('skips a file that changes at every read, rather than guessing which version to index', async () => {
    const ws = await workspace();
    const earlier = await scanCorpus(ws.corpusDir, { stat: settledStat });
    let n = 0;
    const scanned = await scanCorpus(ws.corpusDir, {
      stat: settledStat,
      known: { files: earlier.files, scannedAt: earlier.scannedAt },
      readFile: async (absolute) => (path.basename(absolute) === 'tripoli.txt' ? Buffer.from(`${TRIPOLI}\nEdit number ${++n}.\n`) : readFile(absolute)),
    });
    const corpus = await scanned.parse();
    expect(corpus.documents.map((document) => document.file)).toEqual(['sirte.txt']);
    expect(corpus.skipped).toEqual([{ file: 'tripoli.txt', code: 'kept-changing', reason: expect.stringMatching(/kept changing/) }]);
  });
});

describe('a snapshot whose passages are not the text of its files (as older code could write)', () => {
  /** A snapshot of the corpus as fingerprinted on disk, but holding the documents of the rewritten tripoli.txt. */
  async function poisoned(ws: Awaited<ReturnType<typeof workspace>>) {
    const onDisk = await ws.open();
    const scan = await scanCorpus(ws.corpusDir, { stat: settledStat });
    const other = await loadCorpus(ws.corpusDir, { readFile: racingReader('tripoli.txt', TRIPOLI_REWRITTEN, Infinity).read });
    const file = snapshotFileFor(ws.snapshotDir, ws.corpusDir);
    await writeSnapshot(file, scan.fingerprint, SearchIndex.build(other.documents), new Date(), [], { scannedAt: scan.scannedAt, files: scan.files });
    return onDisk;
  }

  it('is refused when the file was read at start (its stat changed) and its text differs', async () => {
    const ws = await workspace();
    await poisoned(ws);
    // Touched (same bytes): the scan reads it, and the passages are checked against those bytes.
    await writeFile(path.join(ws.corpusDir, 'tripoli.txt'), TRIPOLI);
    const restarted = await ws.open();
    expect(restarted.origin).toBe('built');
    expect(ws.logs.some((line) => /snapshot not used, rebuilding: .*tripoli\.txt/.test(line))).toBe(true);
    expect(await expectVerbatim(restarted.index, ws.corpusDir)).toBeGreaterThanOrEqual(3);
  });

  it('is refused, without reading the file, when its passages reach past the end of the file', async () => {
    const ws = await workspace();
    await poisoned(ws);
    expect(Buffer.byteLength(TRIPOLI_REWRITTEN)).toBeGreaterThan(Buffer.byteLength(TRIPOLI));
    const reads: string[] = [];
    const restarted = await ws.open({ readFile: async (absolute) => (reads.push(path.basename(absolute)), readFile(absolute)) });
    expect(restarted.origin).toBe('built');
    expect(ws.logs.some((line) => /snapshot not used, rebuilding: .*tripoli\.txt.*past the end/.test(line))).toBe(true);
    expect(await expectVerbatim(restarted.index, ws.corpusDir)).toBeGreaterThanOrEqual(3);
  });

  it('is still loaded when it is sound, reading no file whose stat holds', async () => {
    const ws = await workspace();
    await ws.open();
    const reads: string[] = [];
    const restarted = await ws.open({ readFile: async (absolute) => (reads.push(path.basename(absolute)), readFile(absolute)) });
    expect(restarted.origin).toBe('snapshot');
    expect(reads).toEqual([]);
    expect(await expectVerbatim(restarted.index, ws.corpusDir)).toBeGreaterThanOrEqual(3);
  });
});
