import { mkdtemp, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PARSER_VERSION, hidePaths, loadCorpus, scanCorpus, type KnownFiles, type ScannedCorpus } from '../../src/corpus/loadCorpus.js';
import { writeTree } from '../support/writeTree.js';

const corpusDir = fileURLToPath(new URL('../../corpus/', import.meta.url));

const tempDirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-corpus-'));
  tempDirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function writeFiles(dir: string, files: Record<string, string | Uint8Array>): Promise<void> {
  await writeTree(dir, files);
}

const ARTICLE = 'A Headline Here\n\nThe first paragraph of the article.\n\nThe second paragraph of the article.\n';

describe('loadCorpus on the seed corpus', () => {
  it('loads all five seed files into seven documents', async () => {
    const corpus = await loadCorpus(corpusDir);
    expect(corpus.skipped).toEqual([]);
    expect(corpus.files.map((f) => f.file)).toEqual([
      'aawsat-misrata-militias-and-us-strikes-syria.txt',
      'aawsat-us-strikes-isis-libya.txt',
      'ansarpress-haftar-advances-western-libya.txt',
      'ar-us-special-forces-and-isis-in-sirte.txt',
      'libyan-gazette-us-special-forces-libya.txt',
    ]);
    for (const f of corpus.files) {
      expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(f.bytes).toBeGreaterThan(0);
    }
    expect(corpus.documents.map((d) => [d.id, d.passages.length])).toEqual([
      ['aawsat-misrata-militias-and-us-strikes-syria', 17],
      ['aawsat-misrata-militias-and-us-strikes-syria-2', 5],
      ['aawsat-us-strikes-isis-libya', 15],
      ['ansarpress-haftar-advances-western-libya', 15],
      ['ar-us-special-forces-and-isis-in-sirte', 7],
      ['ar-us-special-forces-and-isis-in-sirte-2', 14],
      ['libyan-gazette-us-special-forces-libya', 14],
    ]);
    expect(corpus.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same fingerprint and ids on every load', async () => {
    const a = await loadCorpus(corpusDir);
    const b = await loadCorpus(corpusDir);
    expect(b.fingerprint).toBe(a.fingerprint);
    expect(b.documents).toEqual(a.documents);
  });

  it('gives another fingerprint under another parser version, so snapshots of the old parser are rebuilt', async () => {
    const before = await loadCorpus(corpusDir);
    vi.resetModules();
    vi.doMock('../../src/corpus/parseArticleFile.js', async (importOriginal) => ({
      ...(await importOriginal<typeof import('../../src/corpus/parseArticleFile.js')>()),
      PARSER_VERSION: `${PARSER_VERSION}-next`,
    }));
    try {
      const next = await import('../../src/corpus/loadCorpus.js');
      expect(next.PARSER_VERSION).toBe(`${PARSER_VERSION}-next`);
      const after = await next.loadCorpus(corpusDir);
      expect(after.documents).toEqual(before.documents);
      expect(after.fingerprint).not.toBe(before.fingerprint);
    } finally {
      vi.doUnmock('../../src/corpus/parseArticleFile.js');
      vi.resetModules();
    }
  });
});

describe('loadCorpus on temporary folders', () => {
  it('skips bad files with a reason and loads the good ones', async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      'good.txt': ARTICLE,
      'nested/deeper/story.MD': '# Nested Story\n\nA paragraph inside a nested folder.\n',
      'binary.txt': new Uint8Array([0x48, 0x69, 0x00, 0x21, 0x0a]),
      'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b, 0x0a]),
      'empty.txt': '',
      'blank.md': '  \n\t\n\u00a0\n',
      'big.txt': `${'A long line of text for the size limit. '.repeat(100)}\n`,
      'report.pdf': '%PDF-1.4',
      README: 'no extension',
      'chrome-only.txt': 'Menu\nShare\nTAGS: a, b\n',
      '.hidden.txt': ARTICLE,
      '.isnad/snapshot.txt': ARTICLE,
    });
    const corpus = await loadCorpus(dir, { maxFileBytes: 1000 });
    expect(corpus.documents.map((d) => [d.file, d.id, d.title])).toEqual([
      ['good.txt', 'good', 'A Headline Here'],
      ['nested/deeper/story.MD', 'nested-deeper-story', 'Nested Story'],
    ]);
    const reasons = Object.fromEntries(corpus.skipped.map((s) => [s.file, s.reason]));
    expect(Object.keys(reasons).sort()).toEqual(
      ['README', 'big.txt', 'binary.txt', 'blank.md', 'chrome-only.txt', 'empty.txt', 'latin1.txt', 'report.pdf'].sort(),
    );
    expect(reasons['binary.txt']).toMatch(/binary/);
    expect(reasons['latin1.txt']).toMatch(/UTF-8/);
    expect(reasons['empty.txt']).toMatch(/empty/);
    expect(reasons['blank.md']).toMatch(/whitespace/);
    expect(reasons['big.txt']).toMatch(/too large/);
    expect(reasons['big.txt']).toContain('4,001 bytes');
    expect(reasons['big.txt']).toContain('1,000 bytes');
    expect(reasons['report.pdf']).toBe('unsupported file type (.pdf); only .txt, .md, .html and .htm are indexed');
    expect(reasons['README']).toMatch(/unsupported file type/);
    expect(reasons['chrome-only.txt']).toMatch(/no paragraphs/);
    // The kind of each, as code (the words are the labels' to give, in the moderator's language).
    expect(Object.fromEntries(corpus.skipped.map((s) => [s.file, s.code]))).toEqual({
      README: 'unsupported-type',
      'big.txt': 'too-large',
      'binary.txt': 'binary',
      'blank.md': 'blank',
      'chrome-only.txt': 'no-paragraphs',
      'empty.txt': 'empty',
      'latin1.txt': 'not-utf8',
      'report.pdf': 'unsupported-type',
    });
    // Dot entries are tool state, not corpus content: neither loaded nor reported.
    expect(corpus.files.some((f) => f.file.includes('.hidden') || f.file.includes('.isnad'))).toBe(false);
    expect(corpus.skipped.some((s) => s.file.startsWith('.'))).toBe(false);
    expect(corpus.files.find((f) => f.file === 'big.txt')).toEqual({ file: 'big.txt', bytes: 4001 }); // not read: no hash
  });

  it('strips a UTF-8 BOM and keeps offsets into the text after it', async () => {
    const dir = await tempDir();
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    await writeFiles(dir, { 'bom.txt': Buffer.concat([bom, Buffer.from(ARTICLE.replace(/\n/g, '\r\n'))]) });
    const corpus = await loadCorpus(dir);
    const [doc] = corpus.documents;
    expect(doc?.title).toBe('A Headline Here');
    const text = ARTICLE.replace(/\n/g, '\r\n');
    for (const p of doc?.passages ?? []) expect(text.slice(p.start, p.end)).toBe(p.text);
    expect(doc?.passages.map((p) => p.text)).toEqual(['The first paragraph of the article.', 'The second paragraph of the article.']);
  });

  it('refuses a symlink that points outside the corpus folder', async () => {
    const dir = await tempDir();
    const outside = await tempDir();
    await writeFiles(outside, { 'secret.txt': ARTICLE });
    await writeFiles(dir, { 'inside.txt': ARTICLE });
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
    await symlink(outside, path.join(dir, 'linked-folder'));
    await symlink(path.join(dir, 'inside.txt'), path.join(dir, 'alias.txt'));
    await symlink(path.join(dir, 'missing.txt'), path.join(dir, 'broken.txt'));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((d) => d.file)).toEqual(['alias.txt', 'inside.txt']);
    const reasons = Object.fromEntries(corpus.skipped.map((s) => [s.file, s.reason]));
    expect(reasons['link.txt']).toMatch(/outside the corpus folder/);
    expect(reasons['linked-folder']).toMatch(/outside the corpus folder/);
    expect(reasons['broken.txt']).toMatch(/broken symlink/);
  });

  it('reports a missing corpus folder as a value', async () => {
    const dir = await tempDir();
    const corpus = await loadCorpus(path.join(dir, 'nope'));
    expect(corpus.documents).toEqual([]);
    expect(corpus.files).toEqual([]);
    // A typed problem of the folder, not a skipped file named '.'; and no server path in its reason.
    expect(corpus.skipped).toEqual([]);
    expect(corpus.folderProblem).toEqual({ kind: 'missing', reason: 'corpus folder not found' });
    expect(corpus.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('fingerprints content, not location, and notices any change', async () => {
    const files = { 'a.txt': ARTICLE, 'sub/b.md': '# B\n\nBee paragraph.\n', 'c.pdf': 'x' };
    const one = await tempDir();
    const two = await tempDir();
    await writeFiles(one, files);
    await writeFiles(two, files);
    const first = await loadCorpus(one);
    expect((await loadCorpus(two)).fingerprint).toBe(first.fingerprint);
    expect((await loadCorpus(one)).documents).toEqual(first.documents);

    await writeFiles(two, { 'a.txt': `${ARTICLE}\nOne more paragraph.\n` });
    const edited = await loadCorpus(two);
    expect(edited.fingerprint).not.toBe(first.fingerprint);

    await writeFiles(one, { 'd.docx': 'y' });
    expect((await loadCorpus(one)).fingerprint).not.toBe(first.fingerprint);

    expect((await loadCorpus(two, { maxFileBytes: 10 })).fingerprint).not.toBe(edited.fingerprint);
  });

  it('keeps ids unique when two files slug to the same id', async () => {
    const dir = await tempDir();
    await writeFiles(dir, {
      'Same Name.txt': ARTICLE,
      'same-name.md': ARTICLE,
      'report.txt': `${ARTICLE}\n\n\nAnother Headline\n\nAnother article body.\n`,
      'report-2.txt': ARTICLE,
    });
    const corpus = await loadCorpus(dir);
    const ids = corpus.documents.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(5);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9-]+$/);
      expect(id.length).toBeLessThanOrEqual(100);
    }
    expect((await loadCorpus(dir)).documents.map((d) => d.id)).toEqual(ids);
  });
});

describe('scanCorpus with the hashes of an earlier scan', () => {
  // An earlier scan that started well after the files settled: their stats can be trusted.
  const settled = (scan: ScannedCorpus): KnownFiles => ({ files: scan.files, scannedAt: Date.now() + 60_000 });

  it('reuses the hash of every file whose stat is unchanged, and parses the same documents', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'a.txt': ARTICLE, 'b.txt': ARTICLE.replace('first', 'opening'), 'notes.pdf': 'x' });
    const fresh = await scanCorpus(dir);
    expect(fresh.reused).toBe(0);
    const again = await scanCorpus(dir, { known: settled(fresh) });
    expect(again.reused).toBe(2);
    expect(again.fingerprint).toBe(fresh.fingerprint);
    expect(await again.parse()).toEqual(await fresh.parse());
  });

  it('reads a file again when its stat changed, even with the same size and modification time', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'a.txt': ARTICLE, 'b.txt': ARTICLE });
    const fresh = await scanCorpus(dir);
    const file = path.join(dir, 'a.txt');
    const before = await stat(file);
    await writeFile(file, ARTICLE.replace('first', 'FIRST'));
    // Put the modification time back, as a careless copy tool might: the change time still moves.
    await utimes(file, before.atime, before.mtime);
    const again = await scanCorpus(dir, { known: settled(fresh) });
    expect(again.reused).toBe(1);
    expect(again.fingerprint).not.toBe(fresh.fingerprint);
    expect((await again.parse()).documents.some((document) => document.passages.some((p) => p.text.includes('FIRST')))).toBe(true);
  });

  it('never trusts a file that changed just before the earlier scan (racy timestamps)', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'a.txt': ARTICLE });
    const fresh = await scanCorpus(dir);
    const again = await scanCorpus(dir, { known: { files: fresh.files, scannedAt: fresh.scannedAt } });
    expect(again.reused).toBe(0);
    expect(again.fingerprint).toBe(fresh.fingerprint);
  });

  it('reports a reused file that disappears before parsing as skipped', async () => {
    const dir = await tempDir();
    await writeFiles(dir, { 'a.txt': ARTICLE, 'b.txt': ARTICLE });
    const fresh = await scanCorpus(dir);
    const again = await scanCorpus(dir, { known: settled(fresh) });
    await rm(path.join(dir, 'b.txt'));
    const corpus = await again.parse();
    expect(corpus.documents.map((document) => document.file)).toEqual(['a.txt']);
    expect(corpus.skipped).toEqual([{ file: 'b.txt', code: 'unreadable', reason: expect.stringMatching(/disappeared/) }]);
  });
});

describe('hidePaths', () => {
  const folders = [
    ['/srv/isnad/corpus', 'the corpus folder'],
    ['/srv/isnad/.isnad/snapshots', 'the snapshot folder'],
  ] as const;

  it('names the folders, makes paths inside them relative, and cuts any other absolute path to its last part', () => {
    expect(hidePaths("EACCES: permission denied, open '/srv/isnad/corpus/sub/a.txt'", folders)).toBe("EACCES: permission denied, open 'sub/a.txt'");
    expect(hidePaths('corpus folder not found: /srv/isnad/corpus', folders)).toBe('corpus folder not found: the corpus folder');
    expect(hidePaths("ENOSPC: no space left on device, write '/srv/isnad/.isnad/snapshots/ab.snapshot.1.tmp'", folders)).toBe(
      "ENOSPC: no space left on device, write 'ab.snapshot.1.tmp'",
    );
    expect(hidePaths('Cannot find module /home/bot/app/node_modules/x/index.js', folders)).toBe('Cannot find module …/index.js');
  });

  it('leaves text without absolute paths as it is', () => {
    for (const text of [
      'unsupported file type (.pdf); only .txt, .md, .html and .htm are indexed',
      'and/or 1/2',
      'see https://example.com/a/b',
      'too large: 6 MiB',
    ]) {
      expect(hidePaths(text, folders)).toBe(text);
    }
  });
});
