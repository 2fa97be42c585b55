import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answer } from '../../src/core/answer.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { buildCorpusIndex, loadCorpus, scanCorpus } from '../../src/corpus/loadCorpus.js';
import { writeTree } from '../support/writeTree.js';

const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

const ARTICLE =
  'Talks Resume in Tripoli\n\nThe Government of National Accord (GNA) said on Monday that the talks would resume in Tripoli next week.\n\n' +
  'Officials of the United Nations Support Mission in Libya (UNSMIL) welcomed the announcement. They said both delegations had agreed.\n\n' +
  'The GNA has asked the mission to chair the first session.\n';
const ARABIC =
  'استئناف المحادثات في طرابلس\n\nقالت حكومة الوفاق الوطني (GNA) يوم الاثنين إن المحادثات ستستأنف في طرابلس الأسبوع المقبل.\n\n' +
  'ورحبت بعثة الأمم المتحدة للدعم في ليبيا بالإعلان، وقالت إن الوفدين اتفقا على ذلك.\n';

/** Titles, several passages in both languages, two files whose ids clash, a file twice, and files that give no article. */
async function fixture(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-streamed-'));
  tempDirs.push(dir);
  const files: Record<string, string> = {
    'a b.txt': ARTICLE,
    // Slugs to the id of "a b.txt": both files' ids get a hash of their path, once every file is known.
    'a-b.md': `# Second Article\n\n${ARTICLE.split('\n\n').slice(1).join('\n\n')}`,
    'copy-of-a.txt': ARTICLE,
    'ar/talks.txt': ARABIC,
    'empty.txt': '',
    'photo.png': 'not an article',
    'page.html':
      '<html><head><title>A Page About Misrata</title></head><body><article><h1>A Page About Misrata</h1>' +
      '<p>Forces loyal to the GNA entered Misrata on Tuesday after two days of fighting around the port.</p>' +
      '<p>Residents said the shelling had stopped by the evening and that shops had opened again.</p></article></body></html>',
  };
  await writeTree(dir, files);
  return dir;
}

describe('the streamed build (each file parsed into the index in turn)', () => {
  it('gives the index, bytes and all, of the whole corpus loaded first and built at once', async () => {
    const dir = await fixture();
    const loaded = await loadCorpus(dir);
    const streamed = await buildCorpusIndex(await scanCorpus(dir));
    // The fixture has what only the whole corpus settles: a clash of ids, and files skipped with their reasons.
    expect(loaded.documents.filter((document) => document.id.startsWith('a-b')).length).toBe(2);
    expect(loaded.documents.some((document) => document.id === 'a-b')).toBe(false);
    expect(loaded.skipped.map((skipped) => [skipped.file, skipped.code])).toEqual([
      ['empty.txt', 'empty'],
      ['photo.png', 'unsupported-type'],
    ]);
    expect(Buffer.from(streamed.index.toBytes()).equals(Buffer.from(SearchIndex.build(loaded.documents).toBytes()))).toBe(true);
    expect(streamed.index.documents).toEqual(loaded.documents);
    expect(streamed.index.aliases.map((alias) => alias.acronym)).toEqual(['GNA', 'UNSMIL']);
    expect(streamed.skipped).toEqual(loaded.skipped);
    expect(streamed.files).toEqual(loaded.files);
    expect(streamed.fingerprint).toBe(loaded.fingerprint);
    expect(streamed.folderProblem).toBeNull();
  });

  it('lets each file go once parsed, so a scan is verified before it is parsed, never after', async () => {
    const dir = await fixture();
    const scanned = await scanCorpus(dir);
    const { index } = await buildCorpusIndex(scanned);
    expect(() => scanned.verify(index)).toThrow(/verified before it is parsed/);
    // Parsing again reads the files again.
    expect((await scanned.parse()).documents).toEqual(index.documents);
  });
});

describe('a built index', () => {
  it('quotes its text from the bytes it packed, not from the documents it was given', () => {
    const documents: CorpusDocument[] = [
      {
        id: 'ceasefire',
        file: 'ceasefire.txt',
        title: 'Ceasefire in Tripoli',
        languages: ['en' as const],
        passages: [
          { paragraph: 1, start: 22, end: 95, text: 'The United Nations had brokered a ceasefire that ended the unrest in Tripoli.' },
          { paragraph: 2, start: 97, end: 150, text: 'Fighting resumed two weeks later near the airport road.' },
        ],
      },
    ].map((document) => ({ ...document, passages: document.passages.map((passage) => ({ ...passage, end: passage.start + passage.text.length })) }));
    const index = SearchIndex.build(documents);
    const given = documents[0]!;
    // What it was given, changed afterwards, changes nothing: it holds none of it.
    (given as { passages: unknown }).passages = [{ paragraph: 1, start: 0, end: 5, text: 'stale' }];
    (given as { title: string }).title = 'stale';
    const held = index.documents[0]!;
    expect(held).not.toBe(given);
    expect(held.title).toBe('Ceasefire in Tripoli');
    expect(Object.getOwnPropertyDescriptor(held, 'passages')?.get).toBeTypeOf('function');
    const found = answer(index, 'Who brokered the ceasefire in Tripoli?', { limit: 1 });
    expect(found.kind).toBe('answer');
    if (found.kind !== 'answer') return;
    expect(found.extracts[0]!.quote).toContain('brokered a ceasefire');
    expect(index.passageText(index.passage(1)!)).toBe('Fighting resumed two weeks later near the airport road.');
  });
});
