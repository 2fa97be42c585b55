import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { unpackSections } from '../../src/core/packSections.js';
import { INDEX_FORMAT_VERSION, SearchIndex } from '../../src/core/SearchIndex.js';
import type { Answer } from '../../src/core/types.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { DEFAULT_SNAPSHOT_DIR, openIndex, snapshotFileFor, type OpenedIndex } from '../../src/corpus/openIndex.js';

const seedCorpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));
const seedQuestionsFile = fileURLToPath(new URL('../fixtures/seed-questions.jsonl', import.meta.url));

const FILES: Record<string, string> = {
  'ceasefire.txt':
    'Ceasefire Holds in Tripoli\n\n' +
    'The capital had witnessed in recent weeks clashes between rival militias. The United Nations had brokered a ceasefire that ended the unrest.\n\n' +
    'Demonstrators took to the streets of Tripoli on Sunday. They demanded the resignation of the government.\n',
  'sirte.txt':
    'Forces Prepare to Retake Sirte\n\n' +
    'Forces in Misrata are preparing to confront ISIS fighters in the city of Sirte, said spokesman Mohammed al-Ghasri.\n\n' +
    'The fighters in Misrata will go ahead with the mission despite their need for logistical support.\n',
  'sirte-ar.txt':
    'قوات مصراتة تستعد لمعركة سرت\n\n' +
    'تستعد قوات في مدينة مصراتة غرب ليبيا لمواجهة عناصر تنظيم داعش في مدينة سرت.\n\n' +
    'قُتل أربعة عناصر في القوات الموالية لحكومة الوفاق الوطني في تفجيرين انتحاريين.\n',
};

const QUESTIONS = [
  'Who brokered the ceasefire in Tripoli?',
  'What did the demonstrators demand?',
  'Who is the spokesman in Misrata?',
  'كم عنصرا قتل في التفجيرين الانتحاريين؟',
  'أين تستعد قوات مصراتة؟',
  'How do I bake sourdough bread?',
];

const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Workspace {
  readonly corpusDir: string;
  readonly snapshotDir: string;
  readonly logs: string[];
  open(): Promise<OpenedIndex>;
}

/** A fresh corpus folder and snapshot folder under the system temp dir. */
async function workspace(files: Record<string, string> = FILES): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-snapshot-'));
  tempDirs.push(root);
  const corpusDir = path.join(root, 'corpus');
  const snapshotDir = path.join(root, 'snapshots');
  await mkdir(corpusDir);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(corpusDir, name), content);
  const logs: string[] = [];
  return {
    corpusDir,
    snapshotDir,
    logs,
    open: () => openIndex(corpusDir, { snapshotDir, log: (message) => logs.push(message) }),
  };
}

function answersOf(index: SearchIndex, questions: readonly string[] = QUESTIONS): Answer[] {
  return questions.map((question) => answer(index, question));
}

function quotesOf(result: Answer): string[] {
  return result.kind === 'answer' ? result.extracts.map((extract) => extract.quote) : [];
}

/** Splits a snapshot file into its header (parsed, with the file table of the next line as `known`) and its body (verbatim). */
async function readSnapshotFile(file: string): Promise<{ header: Record<string, unknown>; body: Buffer }> {
  const content = await readFile(file);
  const newline = content.indexOf('\n');
  const header = JSON.parse(content.subarray(0, newline).toString()) as Record<string, unknown>;
  if (header.knownLine !== true) return { header, body: content.subarray(newline + 1) };
  const end = content.indexOf('\n', newline + 1);
  return { header: { ...header, known: JSON.parse(content.subarray(newline + 1, end).toString()) }, body: content.subarray(end + 1) };
}

/** Writes what readSnapshotFile gave: with `knownLine`, `known` on a line of its own, as writeSnapshot lays it out. */
async function writeSnapshotFile(file: string, header: Record<string, unknown>, body: Uint8Array): Promise<void> {
  const { known, ...rest } = header;
  const lines = header.knownLine === true ? `${JSON.stringify(rest)}\n${JSON.stringify(known)}\n` : `${JSON.stringify(header)}\n`;
  await writeFile(file, Buffer.concat([Buffer.from(lines), body]));
}

describe('openIndex with a snapshot folder', () => {
  it('builds and writes a snapshot on first open, then loads it and answers identically', async () => {
    const ws = await workspace();
    const first = await ws.open();
    expect(first.origin).toBe('built');
    expect(first.snapshotFile).not.toBeNull();
    expect(existsSync(first.snapshotFile!)).toBe(true);
    expect(path.dirname(first.snapshotFile!)).toBe(ws.snapshotDir);
    const { header } = await readSnapshotFile(first.snapshotFile!);
    expect(header.isnadSnapshot).toBe(INDEX_FORMAT_VERSION);
    expect(header.fingerprint).toBe(first.fingerprint);
    // No temporary file is left next to the snapshot.
    expect(await readdir(ws.snapshotDir)).toEqual([path.basename(first.snapshotFile!)]);

    const second = await ws.open();
    expect(second.origin).toBe('snapshot');
    expect(second.builtAt.getTime()).toBe(first.builtAt.getTime());
    expect(second.index.documents).toEqual(first.index.documents);

    const built = answersOf(first.index);
    expect(built.filter((result) => result.kind === 'answer').length).toBeGreaterThanOrEqual(3);
    expect(quotesOf(built[0]!)).toContain('The United Nations had brokered a ceasefire that ended the unrest.');
    expect(answersOf(second.index)).toEqual(built);
    expect(ws.logs).toEqual([]);
  });

  it('rebuilds when a file changes, even to the same length, and answers from the new text', async () => {
    const ws = await workspace();
    const first = await ws.open();
    const file = path.join(ws.corpusDir, 'ceasefire.txt');
    const original = await readFile(file, 'utf8');
    const edited = original.replace('United Nations', 'African Union ');
    expect(edited.length).toBe(original.length);
    await writeFile(file, edited);

    const second = await ws.open();
    expect(second.origin).toBe('built');
    expect(second.fingerprint).not.toBe(first.fingerprint);
    expect(ws.logs.join('\n')).toMatch(/snapshot not used/);
    const quotes = quotesOf(answer(second.index, 'Who brokered the ceasefire in Tripoli?'));
    expect(quotes.some((quote) => quote.includes('African Union'))).toBe(true);
    expect(quotes.some((quote) => quote.includes('United Nations'))).toBe(false);

    // The rewritten snapshot is used on the next start.
    expect((await ws.open()).origin).toBe('snapshot');
  });

  it('rebuilds when a file is added or removed', async () => {
    const ws = await workspace();
    await ws.open();
    await writeFile(path.join(ws.corpusDir, 'extra.txt'), 'Extra Article\n\nA new paragraph about Ghadames.\n');
    const added = await ws.open();
    expect(added.origin).toBe('built');
    expect(added.index.documents.map((d) => d.file)).toContain('extra.txt');
    await rm(path.join(ws.corpusDir, 'extra.txt'));
    const removed = await ws.open();
    expect(removed.origin).toBe('built');
    expect(removed.index.documents.map((d) => d.file)).not.toContain('extra.txt');
  });

  const damages: [string, (content: Buffer) => Buffer | string][] = [
    ['truncated in the body', (content) => content.subarray(0, Math.floor(content.length / 2))],
    ['truncated in the header', (content) => content.subarray(0, 20)],
    ['truncated to nothing', () => ''],
    ['cut just after the header', (content) => content.subarray(0, content.indexOf('\n') + 1)],
    ['not a snapshot at all', () => 'hello\nworld\n'],
    ['binary garbage', () => '\u0000\u0001\u0002\uFFFD\n\u0000'],
    ['with a JSON header that is not an object', (content) => Buffer.concat([Buffer.from('null'), content.subarray(content.indexOf('\n'))])],
    ['with a body that is not an index', (content) => `${content.subarray(0, content.indexOf('\n')).toString()}\nnull`],
  ];
  for (const [name, damage] of damages) {
    it(`rebuilds, with a logged reason, from a snapshot ${name}`, async () => {
      const ws = await workspace();
      const first = await ws.open();
      const file = first.snapshotFile!;
      await writeFile(file, damage(await readFile(file)));

      const second = await ws.open();
      expect(second.origin).toBe('built');
      expect(ws.logs).toHaveLength(1);
      expect(ws.logs[0]).toMatch(/^snapshot not used, rebuilding: \S/);
      expect(answersOf(second.index)).toEqual(answersOf(first.index));
      // The damaged snapshot was replaced by a good one.
      expect((await ws.open()).origin).toBe('snapshot');
    });
  }

  it('keeps the file hashes of its scan, and still notices an edit that kept the size and modification time', async () => {
    const ws = await workspace();
    const first = await ws.open();
    const file = first.snapshotFile!;
    const { header, body } = await readSnapshotFile(file);
    const known = header.known as { scannedAt: number; files: { file: string; sha256: string }[] };
    expect(known.files.map((entry) => entry.file).sort()).toEqual(Object.keys(FILES).sort());
    // As if the files had settled long before that scan, so their hashes are trusted while their stat holds.
    await writeSnapshotFile(file, { ...header, known: { ...known, scannedAt: Date.now() + 60_000 } }, body);
    expect((await ws.open()).origin).toBe('snapshot');

    const article = path.join(ws.corpusDir, 'ceasefire.txt');
    const before = await stat(article);
    await writeFile(article, FILES['ceasefire.txt']!.replace('United Nations', 'United Natio!!'));
    await utimes(article, before.atime, before.mtime);
    const edited = await ws.open();
    expect(edited.origin).toBe('built');
    expect(quotesOf(answer(edited.index, 'Who brokered the ceasefire in Tripoli?'))).toContain(
      'The United Natio!! had brokered a ceasefire that ended the unrest.',
    );
  });

  it('rebuilds from a snapshot written by another format version', async () => {
    for (const version of [INDEX_FORMAT_VERSION + 1, INDEX_FORMAT_VERSION - 1, '1', null]) {
      const ws = await workspace();
      const first = await ws.open();
      const file = first.snapshotFile!;
      const { header, body } = await readSnapshotFile(file);
      await writeSnapshotFile(file, { ...header, isnadSnapshot: version }, body);

      const second = await ws.open();
      expect(second.origin, String(version)).toBe('built');
      expect(ws.logs.join('\n')).toMatch(/format/);
    }
  });

  it('parses its header rather than trusting it: a malformed field rebuilds, a damaged file table or skip list is only dropped', async () => {
    for (const damage of [{ fingerprint: 42 }, { bodySha256: null }, { bodyCrc32: 'x' }, { bodyCrc32: undefined }, { createdAt: undefined }]) {
      const ws = await workspace();
      const file = (await ws.open()).snapshotFile!;
      const { header, body } = await readSnapshotFile(file);
      await writeSnapshotFile(file, { ...header, ...damage }, body);
      const second = await ws.open();
      expect(second.origin, JSON.stringify(damage)).toBe('built');
      expect(ws.logs.join('\n')).toMatch(/snapshot header is malformed/);
    }
    // Outside the body's checksum, a bad file table costs reading the files again; a bad skip list, nothing.
    const ws = await workspace();
    const first = await ws.open();
    const file = first.snapshotFile!;
    const { header, body } = await readSnapshotFile(file);
    await writeSnapshotFile(file, { ...header, known: { scannedAt: 'yesterday', files: 7 }, skipped: [{ file: 1 }] }, body);
    const second = await ws.open();
    expect(second.origin).toBe('snapshot');
    expect(answersOf(second.index)).toEqual(answersOf(first.index));
  });

  it('rebuilds from a snapshot copied from another corpus', async () => {
    const a = await workspace();
    const b = await workspace({ 'other.txt': 'Another Corpus\n\nThe conference will be held in Ghadames this month.\n' });
    const openedA = await a.open();
    const openedB = await b.open();
    await copyFile(openedB.snapshotFile!, openedA.snapshotFile!);

    const reopened = await a.open();
    expect(reopened.origin).toBe('built');
    expect(a.logs.join('\n')).toMatch(/corpus changed/);
    expect(reopened.index.documents.map((d) => d.file).sort()).toEqual(Object.keys(FILES).sort());
    expect(answersOf(reopened.index)).toEqual(answersOf(openedA.index));
  });

  it('rebuilds when a byte of the body is changed (checksum)', async () => {
    const ws = await workspace();
    const first = await ws.open();
    const file = first.snapshotFile!;
    const { header, body } = await readSnapshotFile(file);
    // Change one letter inside a stored passage: the index stays well formed, only the checksum can tell.
    const at = body.indexOf('United Nations');
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(body);
    tampered[at] = 'X'.charCodeAt(0);
    await writeSnapshotFile(file, header, tampered);

    const second = await ws.open();
    expect(second.origin).toBe('built');
    expect(ws.logs.join('\n')).toMatch(/checksum/);
    expect(quotesOf(answer(second.index, 'Who brokered the ceasefire in Tripoli?'))).toContain(
      'The United Nations had brokered a ceasefire that ended the unrest.',
    );
  });

  it('loads a snapshot laid out as before the file table had a line of its own (table in the header, SHA-256 of the body)', async () => {
    const ws = await workspace();
    const first = await ws.open();
    const file = first.snapshotFile!;
    const { header, body } = await readSnapshotFile(file);
    expect(header.knownLine).toBe(true);
    const { knownLine: _line, bodyCrc32: _crc, ...older } = header;
    await writeSnapshotFile(file, { ...older, bodySha256: createHash('sha256').update(body).digest('hex') }, body);
    const second = await ws.open();
    expect(second.origin).toBe('snapshot');
    expect(answersOf(second.index)).toEqual(answersOf(first.index));
    // And its checksum is still checked.
    await writeSnapshotFile(file, { ...older, bodySha256: 'f'.repeat(64) }, body);
    expect((await ws.open()).origin).toBe('built');
    expect(ws.logs.join('\n')).toMatch(/checksum/);
  });

  it('rebuilds from a snapshot whose checksum matches but whose body does not load', async () => {
    const ws = await workspace();
    const first = await ws.open();
    const file = first.snapshotFile!;
    const { header } = await readSnapshotFile(file);
    const bytes = first.index.toBytes();
    const broken = bytes.subarray(0, Math.floor(bytes.length / 2));
    await writeSnapshotFile(file, { ...header, bodyCrc32: crc32(broken) }, broken);

    const second = await ws.open();
    expect(second.origin).toBe('built');
    expect(ws.logs.join('\n')).toMatch(/does not load/);
  });

  it('neither reads nor writes a snapshot when snapshotDir is null', async () => {
    const ws = await workspace();
    const before = await readdir(ws.corpusDir);
    const defaultFile = snapshotFileFor(DEFAULT_SNAPSHOT_DIR, ws.corpusDir);
    for (let i = 0; i < 2; i++) {
      const opened = await openIndex(ws.corpusDir, { snapshotDir: null, log: (message) => ws.logs.push(message) });
      expect(opened.origin).toBe('built');
      expect(opened.snapshotFile).toBeNull();
    }
    expect(existsSync(ws.snapshotDir)).toBe(false);
    expect(existsSync(defaultFile)).toBe(false);
    expect(await readdir(ws.corpusDir)).toEqual(before);
    expect(ws.logs).toEqual([]);
  });

  it('still answers, and logs a warning, when the snapshot folder cannot be written', async () => {
    const ws = await workspace();
    const blocker = path.join(path.dirname(ws.corpusDir), 'not-a-folder');
    await writeFile(blocker, 'a regular file where a folder should be');
    const logs: string[] = [];
    const opened = await openIndex(ws.corpusDir, { snapshotDir: path.join(blocker, 'snapshots'), log: (message) => logs.push(message) });
    expect(opened.origin).toBe('built');
    expect(logs.some((message) => message.startsWith('could not write the snapshot'))).toBe(true);
    expect(quotesOf(answer(opened.index, 'Who brokered the ceasefire in Tripoli?'))).toContain(
      'The United Nations had brokered a ceasefire that ended the unrest.',
    );
  });

  it('gives each corpus folder its own snapshot file', async () => {
    const a = await workspace();
    const b = await workspace({ 'other.txt': 'Another Corpus\n\nThe conference will be held in Ghadames this month.\n' });
    const snapshotDir = a.snapshotDir;
    const openedA = await openIndex(a.corpusDir, { snapshotDir });
    const openedB = await openIndex(b.corpusDir, { snapshotDir });
    expect(openedA.snapshotFile).not.toBe(openedB.snapshotFile);
    expect((await openIndex(a.corpusDir, { snapshotDir })).origin).toBe('snapshot');
    expect((await openIndex(b.corpusDir, { snapshotDir })).origin).toBe('snapshot');
  });
});

describe('SearchIndex serialisation', () => {
  it('answers the same after a round trip through bytes', async () => {
    const corpus = await loadCorpus(seedCorpusDir);
    const index = SearchIndex.build(corpus.documents);
    const copy = SearchIndex.fromBytes(index.toBytes());
    const questions = (await readFile(seedQuestionsFile, 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (JSON.parse(line) as { question: string }).question);
    expect(questions.length).toBeGreaterThan(30);
    expect(copy.passageCount).toBe(index.passageCount);
    expect(copy.documents).toEqual(index.documents);
    for (const question of [...questions, ...QUESTIONS]) {
      expect(answer(copy, question, { limit: 10 }), question).toEqual(answer(index, question, { limit: 10 }));
    }
  });

  it('gives back the bytes it was read from, as a buffer of their own, without encoding again', async () => {
    const corpus = await loadCorpus(seedCorpusDir);
    const bytes = SearchIndex.build(corpus.documents).toBytes();
    expect(SearchIndex.fromBytes(bytes).toBytes()).toBe(bytes);
    // Read out of a larger buffer (a snapshot file with its header): a copy that can be transferred.
    const file = new Uint8Array(bytes.length + 16);
    file.set(bytes, 16);
    const copy = SearchIndex.fromBytes(file.subarray(16)).toBytes();
    expect(copy.byteOffset === 0 && copy.byteLength === copy.buffer.byteLength).toBe(true);
    expect(copy).toEqual(bytes);
  });

  it('reads bytes that do not start on an 8-byte boundary', async () => {
    const corpus = await loadCorpus(seedCorpusDir);
    const bytes = SearchIndex.build(corpus.documents).toBytes();
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    const copy = SearchIndex.fromBytes(shifted.subarray(3));
    expect(quotesOf(answer(copy, 'Who brokered the ceasefire in Tripoli?'))).toContain('The United Nations had brokered a ceasefire that ended the unrest.');
  });

  it('reads a Node Buffer that does not start on an 8-byte boundary (as a file read gives)', async () => {
    const corpus = await loadCorpus(seedCorpusDir);
    const bytes = SearchIndex.build(corpus.documents).toBytes();
    for (const shift of [1, 2, 3, 4, 5, 6, 7]) {
      const shifted = Buffer.alloc(bytes.length + shift);
      shifted.set(bytes, shift);
      const copy = SearchIndex.fromBytes(shifted.subarray(shift));
      expect(copy.documents, String(shift)).toEqual(corpus.documents);
    }
  });

  it('refuses tables that disagree with each other, even when the checksum would pass', async () => {
    const corpus = await loadCorpus(seedCorpusDir);
    const damage: [string, (sections: ReturnType<typeof unpackSections>) => void][] = [
      ['passage of another document', (sections) => void (sections.u32('passageDoc')[0] = 1)],
      ['sentence past its passage', (sections) => void (sections.u32('sentenceBounds')[1] = 1_000_000)],
      ['sentences out of order', (sections) => void (sections.u32('sentenceStart')[1] = 1_000_000)],
      ['text offsets out of order', (sections) => void (sections.u32('textStart')[1] = 1_000_000)],
      ['sentence tokens out of order', (sections) => void (sections.u32('sentenceTokenStart')[1] = 1_000_000)],
      ['sentence tokens cut inside a number', (sections) => void (sections.u8('sentenceTokens')[sections.u32('sentenceTokenStart')[1]! - 1] = 0x81)],
      ['title tokens cut short', (sections) => void (sections.u32('sentenceTitleStart')[1] = 1_000_000_000)],
      ['a surface past the vocabulary', (sections) => void (sections.u32('sentenceSurfaceIds')[0] = 1_000_000_000)],
      ['a surface past the folded forms', (sections) => void (sections.u32('sentenceSurfaceIds')[1] = 1_000_000_000)],
      ['folded forms out of order', (sections) => void (sections.u32('sentenceFoldedStart')[1] = 1_000_000_000)],
    ];
    for (const [name, change] of damage) {
      const bytes = SearchIndex.build(corpus.documents).toBytes();
      // The views are over `bytes` itself, so this edits the serialised index in place.
      change(unpackSections(bytes));
      expect(() => SearchIndex.fromBytes(bytes), name).toThrow();
    }
  });

  it('checks every entry of a table, not only the first: damage at the last document, passage, sentence or surface is refused too', async () => {
    const corpus = await loadCorpus(seedCorpusDir);
    const last = (table: Uint32Array | Uint8Array, fromEnd = 1) => table.length - fromEnd;
    // Entry `at` made one less than the entry before it: in range, only out of order.
    const belowPrevious = (table: Uint32Array, at: number) => {
      expect(table[at - 1], 'an entry to go below').toBeGreaterThan(0);
      table[at] = table[at - 1]! - 1;
    };
    const damage: [string, (sections: ReturnType<typeof unpackSections>) => void, RegExp][] = [
      [
        'the last surface past the vocabulary',
        (sections) => void (sections.u32('sentenceSurfaceIds')[last(sections.u32('sentenceSurfaceIds'), 2)] = 1_000_000_000),
        /surfaces are out of range/,
      ],
      [
        'the last surface past the folded forms',
        (sections) => void (sections.u32('sentenceSurfaceIds')[last(sections.u32('sentenceSurfaceIds'))] = 1_000_000_000),
        /surfaces are out of range/,
      ],
      [
        "the last sentence's start past its end",
        (sections) => void (sections.u32('sentenceBounds')[last(sections.u32('sentenceBounds'), 2)] = 1_000_000),
        /sentences do not fit their passages/,
      ],
      [
        "the last passage's text offset out of order",
        (sections) => belowPrevious(sections.u32('textStart'), last(sections.u32('textStart'), 2)),
        /out of order/,
      ],
      [
        'the last passage in another document',
        (sections) => void (sections.u32('passageDoc')[last(sections.u32('passageDoc'))] = 0),
        /do not match their documents/,
      ],
      [
        "the last document's first passage out of order",
        (sections) => belowPrevious(sections.u32('firstPassage'), last(sections.u32('firstPassage'), 2)),
        /out of order/,
      ],
      [
        "the last document's text bytes out of order",
        (sections) => belowPrevious(sections.u32('textByteStart'), last(sections.u32('textByteStart'), 2)),
        /out of order/,
      ],
      [
        'a document kept as UTF-8 marked as UTF-16',
        (sections) => {
          const wide = sections.u8('textWide');
          const narrow = wide.lastIndexOf(0);
          expect(narrow, 'the seed corpus has an English document kept as UTF-8').toBeGreaterThanOrEqual(0);
          wide[narrow] = 1;
        },
        /text does not match its passages/,
      ],
    ];
    for (const [name, change, reason] of damage) {
      const bytes = SearchIndex.build(corpus.documents).toBytes();
      change(unpackSections(bytes));
      expect(() => SearchIndex.fromBytes(bytes), name).toThrow(reason);
    }
  });

  it('refuses data from another format version', async () => {
    const corpus = await loadCorpus(seedCorpusDir);
    const bytes = SearchIndex.build(corpus.documents).toBytes();
    const marker = Buffer.from(`"formatVersion":${INDEX_FORMAT_VERSION},`);
    const at = Buffer.from(bytes).indexOf(marker);
    expect(at).toBeGreaterThan(0);
    const other = Buffer.from(bytes);
    // Another version written in as many digits, so that only the version differs.
    const wrong = String(INDEX_FORMAT_VERSION + 1).length === String(INDEX_FORMAT_VERSION).length ? INDEX_FORMAT_VERSION + 1 : INDEX_FORMAT_VERSION - 1;
    other.write(`"formatVersion":${wrong},`, at);
    expect(() => SearchIndex.fromBytes(other)).toThrow(/format/);
  });

  it('refuses bytes that are not an index, or are cut short', async () => {
    const corpus = await loadCorpus(seedCorpusDir);
    const bytes = SearchIndex.build(corpus.documents).toBytes();
    expect(() => SearchIndex.fromBytes(new TextEncoder().encode('{"formatVersion":6}'))).toThrow(/magic/);
    for (const length of [0, 7, 12, Math.floor(bytes.length / 3), bytes.length - 9]) {
      expect(() => SearchIndex.fromBytes(bytes.subarray(0, length)), String(length)).toThrow();
    }
  });
});
