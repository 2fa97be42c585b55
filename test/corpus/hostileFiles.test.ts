import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';

/**
 * Corpus folders as moderators and accidents make them: deep folders, odd file names, links that
 * lead nowhere or outside, files that are not files. Each problem file is skipped with a reason;
 * everything else is indexed.
 */
const ARTICLE = (n: number) => `Headline number ${n}\n\nThe council met on Tuesday to discuss item ${n} of the agenda.\n`;

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempCorpus(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-hostile-'));
  temps.push(dir);
  return dir;
}

describe('hostile corpus folders', () => {
  it('indexes articles thirty folders deep', async () => {
    const dir = await tempCorpus();
    const deep = path.join(dir, ...Array.from({ length: 30 }, (_, i) => `level-${i}`));
    await mkdir(deep, { recursive: true });
    await writeFile(path.join(deep, 'deep.txt'), ARTICLE(1));
    const corpus = await loadCorpus(dir);
    expect(corpus.documents).toHaveLength(1);
    expect(corpus.documents[0]!.file).toBe(`${Array.from({ length: 30 }, (_, i) => `level-${i}`).join('/')}/deep.txt`);
  });

  it('gives odd file names unique, safe ids', async () => {
    const dir = await tempCorpus();
    const names = [
      'with space.txt',
      'ÜNÏCÖDÉ.md',
      'مقال.txt',
      '🙂🙂.txt',
      '-leading-dash.txt',
      `${'long'.repeat(50)}.txt`,
      'new\nline.txt',
      'quote"and\'apostrophe.txt',
      'UPPER.TXT',
      'dots...txt',
    ];
    for (const [i, name] of names.entries()) await writeFile(path.join(dir, name), ARTICLE(i));
    const corpus = await loadCorpus(dir);
    expect(corpus.skipped).toEqual([]);
    expect(corpus.documents).toHaveLength(names.length);
    const ids = corpus.documents.map((document) => document.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z0-9-]+$/);
      expect(id.length).toBeLessThanOrEqual(100);
    }
  });

  it('skips broken links, links out of the folder, folder links and FIFOs with reasons, and keeps the rest', async () => {
    const dir = await tempCorpus();
    const outside = await tempCorpus();
    await writeFile(path.join(dir, 'good.txt'), ARTICLE(1));
    await writeFile(path.join(outside, 'secret.txt'), ARTICLE(2));
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'escape.txt'));
    await symlink(path.join(dir, 'missing.txt'), path.join(dir, 'broken.txt'));
    await mkdir(path.join(dir, 'sub'));
    await symlink(path.join(dir, 'sub'), path.join(dir, 'loop'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.txt')]);
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.map((document) => document.file)).toEqual(['good.txt']);
    const reasons = Object.fromEntries(corpus.skipped.map((skip) => [skip.file, skip.reason]));
    expect(reasons['escape.txt']).toMatch(/outside the corpus folder/);
    expect(reasons['broken.txt']).toMatch(/broken symlink/);
    expect(reasons['loop']).toMatch(/symlinked folder not followed/);
    expect(reasons['pipe.txt']).toMatch(/not a regular file/);
  });

  it('loads what remains when files are removed between two loads, and says what is missing', async () => {
    const dir = await tempCorpus();
    for (let i = 0; i < 20; i++) await writeFile(path.join(dir, `a${i}.txt`), ARTICLE(i));
    const before = await loadCorpus(dir);
    // A file that vanishes while the folder is read is reported, not thrown: removing half the
    // folder while loading, many times over, never makes the load fail.
    let vanished = 0;
    for (let round = 0; round < 5; round++) {
      const loading = loadCorpus(dir);
      await Promise.all(Array.from({ length: 10 }, (_, i) => rm(path.join(dir, `a${(round * 3 + i) % 20}.txt`), { force: true })));
      const during = await loading;
      // The ten files left alone are always loaded; each of the others was read before it went,
      // never listed, or reported.
      const removed = new Set(Array.from({ length: 10 }, (_, i) => `a${(round * 3 + i) % 20}.txt`));
      const loaded = new Set(during.documents.map((document) => document.file));
      for (let i = 0; i < 20; i++) if (!removed.has(`a${i}.txt`)) expect(loaded.has(`a${i}.txt`)).toBe(true);
      for (const skip of during.skipped) expect(skip.reason).toBe('the file disappeared while the corpus was being loaded');
      vanished += during.skipped.length;
      for (let i = 0; i < 20; i++) await writeFile(path.join(dir, `a${i}.txt`), ARTICLE(i));
    }
    // Files listed and then removed before they were read did happen, and were reported.
    expect(vanished).toBeGreaterThan(0);
    expect(before.documents).toHaveLength(20);
  });
});
