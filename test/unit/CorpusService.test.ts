import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { CorpusService, diffCorpora, safeFileName, type RefreshResult } from '../../src/corpus/CorpusService.js';
import { IndexBuilder, type BuildResult } from '../../src/corpus/IndexBuilder.js';
import { TRIPOLI, SIRTE, GHAT } from '../support/articles.js';

const execFileAsync = promisify(execFile);
const REPO = fileURLToPath(new URL('../../', import.meta.url));

const SIRTE_AR =
  'قوات مصراتة تستعد لمعركة سرت\n\n' +
  'تستعد قوات في مدينة مصراتة غرب ليبيا لمواجهة عناصر تنظيم داعش في مدينة سرت.\n\n' +
  'قُتل أربعة عناصر في القوات الموالية لحكومة الوفاق الوطني في تفجيرين انتحاريين.\n';

const temporary: string[] = [];
afterEach(async () => {
  await Promise.all(temporary.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

interface Workspace {
  readonly root: string;
  readonly corpusDir: string;
  readonly logs: string[];
  readonly service: CorpusService;
}

async function workspace(files: Record<string, string> = { 'tripoli.txt': TRIPOLI, 'sirte.txt': SIRTE }, snapshots = false): Promise<Workspace> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-corpus-service-'));
  temporary.push(root);
  const corpusDir = path.join(root, 'corpus');
  await mkdir(corpusDir);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(corpusDir, name), content);
  const logs: string[] = [];
  const service = await CorpusService.open({
    corpusDir,
    snapshotDir: snapshots ? path.join(root, 'snapshots') : null,
    log: (message) => logs.push(message),
  });
  return { root, corpusDir, logs, service };
}

function refreshed(result: RefreshResult) {
  if (result.kind !== 'refreshed') throw new Error(`expected a refresh, got ${JSON.stringify(result)}`);
  return result;
}

function answersFrom(service: CorpusService, question: string): string[] {
  const result = answer(service.current.index, question);
  return result.kind === 'answer' ? result.extracts.map((extract) => extract.quote) : [];
}

const ids = (service: CorpusService) => service.current.index.documents.map((document) => document.id);

describe('CorpusService.refresh', () => {
  it('picks up a new file and reports it as added, with passages before and after', async () => {
    const { corpusDir, service } = await workspace();
    expect(ids(service).sort()).toEqual(['sirte', 'tripoli']);
    expect(service.lastRefresh).toBeUndefined();
    expect(answersFrom(service, 'Why did the wells run dry in Ghat?')).toEqual([]);

    await writeFile(path.join(corpusDir, 'ghat.txt'), GHAT);
    const result = refreshed(await service.refresh());
    expect(result.diff).toEqual({ added: ['ghat'], changed: [], removed: [], passagesBefore: 4, passagesAfter: 6 });
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
    expect(result.at).toBeInstanceOf(Date);
    expect(service.lastRefresh).toBe(result);
    expect(service.isRefreshing).toBe(false);
    expect(service.current.origin).toBe('built');
    expect(answersFrom(service, 'Why did the wells run dry in Ghat?')[0]).toContain('wells had run dry');
  });

  it('reports a changed file as changed, and serves the new text', async () => {
    const { corpusDir, service } = await workspace();
    const before = service.current.fingerprint;
    await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI.replace('The United Nations', 'The African Union'));
    const result = refreshed(await service.refresh());
    expect(result.diff).toMatchObject({ added: [], changed: ['tripoli'], removed: [], passagesBefore: 4, passagesAfter: 4 });
    expect(service.current.fingerprint).not.toBe(before);
    expect(answersFrom(service, 'Who brokered the ceasefire?')[0]).toContain('The African Union had brokered a ceasefire');
  });

  it('reports a deleted file as removed, and stops quoting it', async () => {
    const { corpusDir, service } = await workspace({ 'tripoli.txt': TRIPOLI, 'sirte.txt': SIRTE, 'sirte-ar.txt': SIRTE_AR });
    expect(answersFrom(service, 'Who is the spokesman in Misrata?').length).toBeGreaterThan(0);
    await rm(path.join(corpusDir, 'sirte.txt'));
    const result = refreshed(await service.refresh());
    expect(result.diff).toEqual({ added: [], changed: [], removed: ['sirte'], passagesBefore: 6, passagesAfter: 4 });
    expect(ids(service).sort()).toEqual(['sirte-ar', 'tripoli']);
    expect(answersFrom(service, 'Who is the spokesman in Misrata?').join(' ')).not.toContain('al-Ghasri');
  });

  it('reports nothing changed when nothing changed, and lists skipped files', async () => {
    const { corpusDir, service } = await workspace();
    await writeFile(path.join(corpusDir, 'notes.pdf'), '%PDF-1.4');
    const result = refreshed(await service.refresh());
    expect(result.diff).toEqual({ added: [], changed: [], removed: [], passagesBefore: 4, passagesAfter: 4 });
    expect(result.skipped).toEqual([expect.objectContaining({ file: 'notes.pdf', reason: expect.stringMatching(/unsupported file type/) })]);
    expect(service.current.skipped).toEqual(result.skipped);
  });

  it('runs one refresh at a time: a second one at the same moment is "busy"', async () => {
    const { corpusDir, service } = await workspace();
    await writeFile(path.join(corpusDir, 'ghat.txt'), GHAT);
    const first = service.refresh();
    expect(service.isRefreshing).toBe(true);
    const second = await service.refresh();
    expect(second).toEqual({ kind: 'busy' });
    // Questions are still answered from the current index while the refresh runs.
    expect(answersFrom(service, 'Who brokered the ceasefire?').length).toBeGreaterThan(0);
    expect(refreshed(await first).diff.added).toEqual(['ghat']);
    expect(service.isRefreshing).toBe(false);
    // And once it has finished, a refresh can run again.
    expect((await service.refresh()).kind).toBe('refreshed');
  });

  it('fails when the corpus folder is gone, keeping the old index in service', async () => {
    const { corpusDir, service } = await workspace();
    const served = service.current;
    await rm(corpusDir, { recursive: true });
    const result = await service.refresh();
    expect(result.kind).toBe('failed');
    if (result.kind !== 'failed') return;
    expect(result.reason).toMatch(/corpus folder not found/);
    // Shown in Discord: no server path.
    expect(result.reason).not.toContain(corpusDir);
    expect(service.lastRefresh).toBe(result);
    expect(service.current).toBe(served);
    expect(answersFrom(service, 'Who brokered the ceasefire?')[0]).toContain('brokered a ceasefire');
  });

  it('fails when the corpus folder was emptied, keeping the old index in service', async () => {
    const { corpusDir, service } = await workspace();
    const served = service.current;
    for (const file of await readdir(corpusDir)) await rm(path.join(corpusDir, file));
    const result = await service.refresh();
    expect(result).toMatchObject({ kind: 'failed', reason: expect.stringMatching(/no usable article/) });
    expect(service.current).toBe(served);
    expect(answersFrom(service, 'Who brokered the ceasefire?').length).toBeGreaterThan(0);
  });

  it('fails when only unusable files are left, keeping the old index in service', async () => {
    const { corpusDir, service } = await workspace();
    const served = service.current;
    await rm(path.join(corpusDir, 'tripoli.txt'));
    await writeFile(path.join(corpusDir, 'sirte.txt'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
    const result = await service.refresh();
    expect(result.kind).toBe('failed');
    expect(service.current).toBe(served);
  });

  it('refreshes from a snapshot folder too', async () => {
    const { corpusDir, service } = await workspace(undefined, true);
    await writeFile(path.join(corpusDir, 'ghat.txt'), GHAT);
    expect(refreshed(await service.refresh()).diff.added).toEqual(['ghat']);
    // Unchanged corpus: the snapshot written by the last build is used.
    const again = refreshed(await service.refresh());
    expect(again.diff).toMatchObject({ added: [], changed: [], removed: [] });
    expect(service.current.origin).toBe('snapshot');
  });
});

describe('CorpusService refresh build process', () => {
  it('refreshes again and again with a worker started ahead by prepareRefresh', async () => {
    const ws = await workspace();
    await ws.service.prepareRefresh();
    refreshed(await ws.service.refresh());
    await writeFile(path.join(ws.corpusDir, 'ghat.txt'), GHAT);
    expect(refreshed(await ws.service.refresh()).diff.added).toEqual(['ghat']);
    expect(answersFrom(ws.service, 'What did the farmers in Ghat say about the wells?').join('\n')).toMatch(/wells had run dry/);
    await ws.service.close();
  });

  it('keeps a fresh process standing by: each build uses the one started before it', async () => {
    const ws = await workspace();
    const builder = new IndexBuilder();
    await builder.warm();
    const ids = (response: BuildResult) => (response.ok ? response.index.documents.map((d) => d.id).sort() : response.error);
    let standing = builder.processId;
    expect(standing).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++) {
      expect(ids(await builder.build({ corpusDir: ws.corpusDir, options: { snapshotDir: null } }))).toEqual(['sirte', 'tripoli']);
      // The spent process is gone; a new one already stands by for the next build.
      expect(builder.processId).not.toBe(standing);
      expect(builder.processId).toBeGreaterThan(0);
      standing = builder.processId;
    }
    await builder.close();
    expect(builder.processId).toBeUndefined();
  });

  it('hands the index over through a file beside the snapshot and leaves none behind, removing those a killed process left', async () => {
    const ws = await workspace(undefined, true);
    const snapshots = path.join(ws.root, 'snapshots');
    // What a bot killed between the build's reply and reading the index leaves: a handover named
    // after its (now dead) pid.
    const dead = await new Promise<number>((resolve) => {
      const child = execFile(process.execPath, ['-e', '0']);
      child.on('exit', () => resolve(child.pid!));
    });
    const [snapshot] = await readdir(snapshots);
    const orphan = `.${snapshot}.handover.${dead}.0123456789ab.tmp`;
    await writeFile(path.join(snapshots, orphan), 'left by a killed process');
    await writeFile(path.join(ws.corpusDir, 'ghat.txt'), GHAT);
    expect(refreshed(await ws.service.refresh()).diff.added).toEqual(['ghat']);
    // Unchanged corpus: the build hands over the snapshot it found (a hard link to it).
    expect(refreshed(await ws.service.refresh()).diff.added).toEqual([]);
    expect(ws.service.current.origin).toBe('snapshot');
    expect(answersFrom(ws.service, 'What did the farmers in Ghat say about the wells?').join('\n')).toMatch(/wells had run dry/);
    expect(await readdir(snapshots)).toEqual([snapshot]);
    await ws.service.close();
  });

  it('never lets a stopped process settle the build of the next one', async () => {
    const a = await workspace();
    const b = await workspace({ 'ghat.txt': GHAT });
    const builder = new IndexBuilder();
    await builder.warm();
    const ids = (response: BuildResult) => (response.ok ? response.index.documents.map((d) => d.id).sort() : response.error);
    // Not awaited: the old process's exit arrives while the next build runs.
    void builder.close();
    expect(ids(await builder.build({ corpusDir: a.corpusDir, options: { snapshotDir: null } }))).toEqual(['sirte', 'tripoli']);
    expect(ids(await builder.build({ corpusDir: b.corpusDir, options: { snapshotDir: null } }))).toEqual(['ghat']);
    await builder.close();
  });

  it('fails a refresh whose worker is stopped, keeps the index, and starts a new worker for the next one', async () => {
    const ws = await workspace();
    await writeFile(path.join(ws.corpusDir, 'ghat.txt'), GHAT);
    const running = ws.service.refresh();
    await ws.service.close();
    const result = await running;
    expect(result.kind).toBe('failed');
    expect(ws.service.current.index.documents.map((d) => d.id)).not.toContain('ghat');
    expect(refreshed(await ws.service.refresh()).diff.added).toEqual(['ghat']);
    await ws.service.close();
  });

  it('does not keep a process alive while the build process waits for a refresh', async () => {
    const script = [
      `import { CorpusService } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'src/corpus/CorpusService.ts')).href)};`,
      `const service = await CorpusService.open({ corpusDir: ${JSON.stringify(path.join(REPO, 'corpus'))}, snapshotDir: null });`,
      'await service.prepareRefresh();',
      "console.log('prepared');",
    ].join('\n');
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, timeout: 20_000 });
    expect(stdout.trim()).toBe('prepared');
  });
  it('finishes close() in a process with nothing else to keep it alive (a start that failed closes the corpus, then reports)', async () => {
    const script = [
      `import { CorpusService } from ${JSON.stringify(pathToFileURL(path.join(REPO, 'src/corpus/CorpusService.ts')).href)};`,
      `const service = await CorpusService.open({ corpusDir: ${JSON.stringify(path.join(REPO, 'corpus'))}, snapshotDir: null });`,
      'await service.prepareRefresh();',
      'await service.close();',
      "console.log('closed');",
    ].join('\n');
    const { stdout } = await execFileAsync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO, timeout: 20_000 });
    expect(stdout.trim()).toBe('closed');
  });

  it('still refreshes when the snapshot folder cannot be written: the index comes over IPC instead of a file', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-corpus-service-'));
    temporary.push(root);
    const corpusDir = path.join(root, 'corpus');
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI);
    // A file where the snapshot folder's parent should be: every write there fails (ENOTDIR), even as root.
    await writeFile(path.join(root, 'blocked'), 'not a folder');
    const logs: string[] = [];
    const service = await CorpusService.open({ corpusDir, snapshotDir: path.join(root, 'blocked', 'snapshots'), log: (message) => logs.push(message) });
    await writeFile(path.join(corpusDir, 'ghat.txt'), GHAT);
    expect(refreshed(await service.refresh()).diff.added).toEqual(['ghat']);
    expect(logs.some((line) => /sending it over IPC/.test(line))).toBe(true);
    expect(answersFrom(service, 'What did the farmers in Ghat say about the wells?').join('\n')).toMatch(/wells had run dry/);
    await service.close();
  });
});

describe('CorpusService.reload (another process refreshed the same corpus)', () => {
  /** Two services on one corpus and snapshot folder, as two shard processes are. */
  async function twoServices() {
    const first = await workspace(undefined, true);
    const logs: string[] = [];
    const second = await CorpusService.open({
      corpusDir: first.corpusDir,
      snapshotDir: path.join(first.root, 'snapshots'),
      log: (message) => logs.push(message),
    });
    return { corpusDir: first.corpusDir, builder: first.service, other: second, logs };
  }

  it('loads the snapshot the other one wrote, without building, and reports the diff', async () => {
    const { corpusDir, builder, other, logs } = await twoServices();
    expect(other.current.origin).toBe('snapshot');
    await writeFile(path.join(corpusDir, 'ghat.txt'), GHAT);
    refreshed(await builder.refresh());

    const result = await other.reload();
    expect(result).toMatchObject({ kind: 'loaded', diff: { added: ['ghat'], changed: [], removed: [], passagesBefore: 4, passagesAfter: 6 } });
    expect(other.current.origin).toBe('snapshot');
    expect(other.current.fingerprint).toBe(builder.current.fingerprint);
    expect(other.lastRefresh).toMatchObject({ kind: 'refreshed', diff: { added: ['ghat'] } });
    expect(answersFrom(other, 'Why did the wells run dry in Ghat?')[0]).toContain('wells had run dry');
    expect(logs).toEqual([]);
  });

  it('does nothing when it already serves the corpus as it is', async () => {
    const { other } = await twoServices();
    const served = other.current;
    expect(await other.reload()).toEqual({ kind: 'unchanged' });
    expect(other.current).toBe(served);
  });

  it('refreshes itself when the corpus changed again and the snapshot is stale', async () => {
    const { corpusDir, other, logs } = await twoServices();
    await writeFile(path.join(corpusDir, 'ghat.txt'), GHAT);
    const result = await other.reload();
    expect(result).toMatchObject({
      kind: 'rebuilt',
      reason: 'corpus changed since the snapshot was built',
      refresh: { kind: 'refreshed', diff: { added: ['ghat'] } },
    });
    expect(other.current.origin).toBe('built');
    expect(logs).toEqual(['reload: corpus changed since the snapshot was built; refreshing instead', expect.stringMatching(/^snapshot not used, rebuilding/)]);
  });

  it('waits for a refresh running here, then finds nothing left to do', async () => {
    const { corpusDir, builder } = await twoServices();
    await writeFile(path.join(corpusDir, 'ghat.txt'), GHAT);
    const refreshing = builder.refresh();
    const reload = builder.reload();
    expect(refreshed(await refreshing).diff.added).toEqual(['ghat']);
    expect(await reload).toEqual({ kind: 'unchanged' });
    expect(builder.isRefreshing).toBe(false);
  });
});

describe('CorpusService.addFile', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it('saves a .txt or .md file that the next refresh indexes', async () => {
    const { corpusDir, service } = await workspace();
    const saved = await service.addFile('Ghat Drought.md', utf8(GHAT));
    expect(saved).toEqual({ kind: 'saved', file: 'ghat-drought.md' });
    expect(await readFile(path.join(corpusDir, 'ghat-drought.md'), 'utf8')).toBe(GHAT);
    expect(refreshed(await service.refresh()).diff.added).toEqual(['ghat-drought']);
  });

  it.each([
    ['report.pdf', utf8('%PDF'), /only \.txt, \.md, \.html and \.htm/],
    ['report', utf8('text'), /only \.txt, \.md, \.html and \.htm/],
    ['report.txt.exe', utf8('text'), /only \.txt, \.md, \.html and \.htm/],
    ['latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6b]), /not valid UTF-8/],
    ['utf16.txt', new Uint8Array([0xff, 0xfe, 0x41, 0x00, 0x42, 0x00]), /not valid UTF-8/],
    ['binary.txt', new Uint8Array([0x41, 0x00, 0x42, 0x43]), /binary/],
    ['empty.txt', new Uint8Array(), /empty/],
    ['blank.md', utf8(' \n\t\n  '), /empty/],
  ])('rejects %s', async (name, data, reason) => {
    const { corpusDir, service } = await workspace();
    const result = await service.addFile(name, data);
    expect(result.kind).toBe('rejected');
    if (result.kind === 'rejected') expect(result.reason).toMatch(reason);
    expect((await readdir(corpusDir)).sort()).toEqual(['sirte.txt', 'tripoli.txt']);
  });

  it.each([
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['..\\..\\x.md', 'x.md'],
    ['/abs/path.txt', 'path.txt'],
    ['C:\\Users\\me\\Desktop\\Report.TXT', 'report.txt'],
    ['my report (final).txt', 'my-report-final.txt'],
    ['.hidden.txt', 'hidden.txt'],
    ['Café Report.md', 'cafe-report.md'],
    ['Résumé.txt', 'resume.txt'],
  ])('saves %j inside the corpus folder as %s', async (name, expected) => {
    const { root, corpusDir, service } = await workspace();
    const result = await service.addFile(name, utf8(GHAT));
    expect(result).toEqual({ kind: 'saved', file: expected });
    expect(await readdir(corpusDir)).toContain(expected);
    // Nothing was written outside the corpus folder.
    expect((await readdir(root)).sort()).toEqual(['corpus']);
  });

  it('gives an Arabic (or otherwise unsluggable) name a safe name of its own', async () => {
    const { corpusDir, service } = await workspace();
    const result = await service.addFile('تقرير سرت.txt', utf8(SIRTE_AR));
    expect(result.kind).toBe('saved');
    if (result.kind !== 'saved') return;
    expect(result.file).toMatch(/^upload-[0-9a-f]{8}\.txt$/);
    expect(await readFile(path.join(corpusDir, result.file), 'utf8')).toBe(SIRTE_AR);
  });

  it('never overwrites an existing file: the second upload gets a new name', async () => {
    const { corpusDir, service } = await workspace();
    const original = await readFile(path.join(corpusDir, 'tripoli.txt'), 'utf8');
    expect(await service.addFile('tripoli.txt', utf8(GHAT))).toEqual({ kind: 'saved', file: 'tripoli-2.txt', renamedFrom: 'tripoli.txt' });
    expect(await service.addFile('Tripoli.TXT', utf8(SIRTE))).toEqual({ kind: 'saved', file: 'tripoli-3.txt', renamedFrom: 'tripoli.txt' });
    expect(await readFile(path.join(corpusDir, 'tripoli.txt'), 'utf8')).toBe(original);
    expect(await readFile(path.join(corpusDir, 'tripoli-2.txt'), 'utf8')).toBe(GHAT);
    expect(await readFile(path.join(corpusDir, 'tripoli-3.txt'), 'utf8')).toBe(SIRTE);
  });

  it('gives concurrent uploads of the same name distinct files', async () => {
    const { corpusDir, service } = await workspace();
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => service.addFile('same.txt', utf8(`Paragraph number ${i}.\n`))));
    const files = results.map((result) => (result.kind === 'saved' ? result.file : result.reason));
    expect(new Set(files).size).toBe(5);
    const contents = await Promise.all(files.map((file) => readFile(path.join(corpusDir, file), 'utf8')));
    expect(contents.sort()).toEqual(Array.from({ length: 5 }, (_, i) => `Paragraph number ${i}.\n`));
  });
});

describe('safeFileName', () => {
  it.each([
    ['article.txt', 'article.txt'],
    ['Article.MD', 'article.md'],
    ['a b  c.txt', 'a-b-c.txt'],
    ['snake_case-name.txt', 'snake_case-name.txt'],
    ['../../etc/passwd.txt', 'passwd.txt'],
    ['..\\..\\boot.ini.txt', 'boot-ini.txt'],
    ['/abs/path.txt', 'path.txt'],
    ['--weird__.md', 'weird.md'],
    ['name.with.dots.txt', 'name-with-dots.txt'],
    ['Ünïcödé.txt', 'unicode.txt'],
  ])('%j → %j', (input, expected) => {
    expect(safeFileName(input)).toBe(expected);
  });

  it.each(['report.pdf', 'report', 'archive.txt.gz', 'folder/', '.txt', ''])('refuses %j', (input) => {
    expect(safeFileName(input)).toBeUndefined();
  });

  it('gives a name with nothing left a stable hashed name', () => {
    const name = safeFileName('تقرير.txt');
    expect(name).toMatch(/^upload-[0-9a-f]{8}\.txt$/);
    expect(safeFileName('تقرير.txt')).toBe(name);
    expect(safeFileName('خبر.txt')).not.toBe(name);
    expect(safeFileName('...md')).toMatch(/^upload-[0-9a-f]{8}\.md$/);
  });

  it('only ever produces short names of safe characters', () => {
    for (const input of [`${'x'.repeat(500)}.txt`, '😀😀.md', 'a\u0000b.txt', 'CON.txt', 'a:b*c?d"e<f>g|h.txt', ' spaced .txt']) {
      const name = safeFileName(input);
      expect(name).toMatch(/^[a-z0-9][a-z0-9_-]*\.(?:txt|md)$|^upload-[0-9a-f]{8}\.(?:txt|md)$/);
      expect(name!.length).toBeLessThanOrEqual(84);
    }
  });
});

describe('diffCorpora', () => {
  const doc = (id: string, passages: string[], title = `Title ${id}`): CorpusDocument => ({
    id,
    title,
    file: `${id}.txt`,
    languages: ['en'],
    passages: passages.map((text, i) => ({ paragraph: i + 1, start: 0, end: text.length, text })),
  });
  const diff = (before: CorpusDocument[], after: CorpusDocument[]) => diffCorpora(SearchIndex.build(before), SearchIndex.build(after));

  it('finds added, changed and removed documents and counts passages', () => {
    const before = [doc('a', ['one', 'two']), doc('b', ['three']), doc('c', ['four'])];
    const after = [doc('a', ['one', 'two']), doc('b', ['three!']), doc('d', ['five', 'six', 'seven'])];
    expect(diff(before, after)).toEqual({ added: ['d'], changed: ['b'], removed: ['c'], passagesBefore: 4, passagesAfter: 6 });
  });

  it('reports nothing for identical corpora, in any order', () => {
    const corpus = [doc('a', ['one']), doc('b', ['two'])];
    expect(diff(corpus, [...corpus].reverse())).toEqual({ added: [], changed: [], removed: [], passagesBefore: 2, passagesAfter: 2 });
  });

  it('counts a new title, a moved paragraph break or a reordering as a change', () => {
    expect(diff([doc('a', ['x'])], [doc('a', ['x'], 'New title')]).changed).toEqual(['a']);
    expect(diff([doc('a', ['ab', 'c'])], [doc('a', ['a', 'bc'])]).changed).toEqual(['a']);
    expect(diff([doc('a', ['one', 'two'])], [doc('a', ['two', 'one'])]).changed).toEqual(['a']);
  });

  it('ignores offsets and metadata other than the title and text', () => {
    const moved: CorpusDocument = {
      ...doc('a', ['x']),
      file: 'elsewhere.txt',
      source: 'New source',
      passages: [{ paragraph: 1, start: 100, end: 101, text: 'x' }],
    };
    expect(diff([doc('a', ['x'])], [moved]).changed).toEqual([]);
  });

  it('sees no change between an index and its snapshot copy', () => {
    const index = SearchIndex.build([doc('a', ['one', 'two']), doc('b', ['ثلاثة'])]);
    expect(diffCorpora(index, SearchIndex.fromBytes(index.toBytes()))).toEqual({ added: [], changed: [], removed: [], passagesBefore: 3, passagesAfter: 3 });
  });

  it('handles empty corpora', () => {
    expect(diff([], [doc('a', ['x'])])).toEqual({ added: ['a'], changed: [], removed: [], passagesBefore: 0, passagesAfter: 1 });
    expect(diff([doc('a', ['x'])], [])).toEqual({ added: [], changed: [], removed: ['a'], passagesBefore: 1, passagesAfter: 0 });
  });
});
