import { createHash } from 'node:crypto';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PARSER_VERSION, scanCorpus } from '../../src/corpus/loadCorpus.js';
import { HTML_EXTRACTOR_VERSION } from '../../src/corpus/parseHtmlFile.js';
import { writeTree } from '../support/writeTree.js';

const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const ARTICLE = 'Talks Resume in Tripoli\n\nThe Government of National Accord said on Monday that the talks would resume in Tripoli next week.\n';

/** Names whose order by path differs from the walk's (a folder's files before "a-b.txt"), files the scan skips, and a link outside. */
async function fixture(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-scan-objects-'));
  tempDirs.push(dir);
  const outside = await mkdtemp(path.join(os.tmpdir(), 'isnad-scan-outside-'));
  tempDirs.push(outside);
  await writeFile(path.join(outside, 'elsewhere.txt'), ARTICLE);
  const files: Record<string, string> = { 'a/b.txt': ARTICLE, 'a-b.txt': ARTICLE, 'a/c/d.md': ARTICLE, 'z.txt': ARTICLE, 'photo.png': 'png', 'empty.txt': '' };
  await writeTree(dir, files);
  await symlink(path.join(outside, 'elsewhere.txt'), path.join(dir, 'link.txt'));
  return dir;
}

describe('the objects a scan makes', () => {
  it('fingerprints the rows of every file and every file skipped, sorted by path, as JSON lines', async () => {
    const dir = await fixture();
    const scanned = await scanCorpus(dir);
    const parsed = await scanned.parse();
    // The rule written out as it stood before the rows were made one at a time.
    const rows = [
      ...scanned.files.map(
        (file) =>
          [
            file.file,
            String(file.bytes),
            file.sha256 ?? '',
            file.sha256 === undefined ? (parsed.skipped.find((s) => s.file === file.file)?.reason ?? '') : '',
          ] as const,
      ),
      ['link.txt', '', '', parsed.skipped.find((s) => s.file === 'link.txt')!.reason] as const,
    ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const hash = createHash('sha256').update(`${PARSER_VERSION}\n${HTML_EXTRACTOR_VERSION}\nmax-file-bytes ${5 * 1024 * 1024}\n`);
    for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
    expect(rows.map((row) => row[0])).toEqual(['a-b.txt', 'a/b.txt', 'a/c/d.md', 'empty.txt', 'link.txt', 'photo.png', 'z.txt']);
    expect(scanned.fingerprint).toBe(hash.digest('hex'));
    expect(parsed.fingerprint).toBe(scanned.fingerprint);
  });

  it("keeps an earlier scan's entry of a file whose stat is unchanged, not a copy of it", async () => {
    const dir = await fixture();
    const first = await scanCorpus(dir);
    // Taken as of a scan a while after the files were written (their ctime is now, whatever utimes says).
    const known = { scannedAt: Date.now() + 5_000, files: first.files.filter((file) => file.sha256 !== undefined) };
    const again = await scanCorpus(dir, { known });
    expect(again.reused).toBe(known.files.length);
    expect(again.fingerprint).toBe(first.fingerprint);
    for (const entry of known.files) expect(again.files.find((file) => file.file === entry.file)).toBe(entry);
    // A file whose stat changed is read and entered anew.
    await writeFile(path.join(dir, 'z.txt'), `${ARTICLE}More.\n`);
    const changed = await scanCorpus(dir, { known });
    expect(changed.files.find((file) => file.file === 'z.txt')).not.toBe(known.files.find((file) => file.file === 'z.txt'));
    expect(changed.files.find((file) => file.file === 'a/b.txt')).toBe(known.files.find((file) => file.file === 'a/b.txt'));
  });
});
