import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/bench/prng.js';
import { answer } from '../../src/core/answer.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';

/**
 * Generated corpus files — random bytes, cut UTF-8, BOMs and CRLF, chrome-like lines, front matter
 * gone wrong, giant lines, control characters — never make loading throw: each file is indexed or
 * skipped with a reason, and every passage is a verbatim slice of its file. `npm run fuzz` runs
 * the long version.
 */
const COUNT = Number(process.env.FUZZ_FILES ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261121);

const LINES = [
  'Menu',
  'in',
  'TAGS:',
  'Leave a Reply',
  'Written by admin',
  'LINK: https://example.com/a',
  'المصدر: وكالات',
  '(Author: Staff)',
  '---',
  'title: x',
  '# Heading',
  '',
  '   ',
  '\u00a0',
  'The council met on Tuesday.',
  'قال مسؤول إن الاجتماع انتهى.',
  'A caption without a full stop',
  '“Quoted,” he said.',
  '\u202eRTL override\u202c text',
  'zero\u200bwidth',
  '🙂 emoji line',
  '\t\ttabbed',
];

function generateFile(random: Random): Buffer {
  switch (random.int(0, 5)) {
    case 0:
      return Buffer.from(Array.from({ length: random.int(0, 3000) }, () => random.int(0, 255)));
    case 1: {
      const text = Buffer.from(Array.from({ length: random.int(5, 60) }, () => random.pick(LINES)).join('\n'));
      return text.subarray(0, random.int(0, text.length)); // may cut a multi-byte character
    }
    case 2:
      return Buffer.from(`\ufeff${Array.from({ length: random.int(1, 40) }, () => random.pick(LINES)).join('\r\n')}`);
    case 3:
      return Buffer.from(`${random.pick(LINES)}\n\n${'word '.repeat(random.int(1000, 20000))}`);
    case 4:
      return Buffer.from(Array.from({ length: random.int(1, 200) }, () => String.fromCharCode(random.int(0, 0x2fff))).join(''));
    default:
      return Buffer.from(Array.from({ length: random.int(1, 80) }, () => random.pick(LINES)).join(random.pick(['\n', '\n\n', '\r\n', '\n\n\n'])));
  }
}

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe(`${COUNT} generated corpus files (seed ${SEED})`, () => {
  it('are indexed or skipped with a reason, never thrown; passages are verbatim and questions still answer', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'isnad-fuzz-files-'));
    dirs.push(dir);
    const random = new Random(SEED);
    for (let i = 0; i < COUNT; i++) {
      await writeFile(path.join(dir, `f${i}${random.pick(['.txt', '.md', '.TXT', '.bin'])}`), generateFile(random));
    }
    await writeFile(path.join(dir, 'real.txt'), 'Ceasefire talks\n\nThe United Nations brokered a ceasefire that ended the unrest.\n');
    const corpus = await loadCorpus(dir);
    expect(corpus.documents.length + corpus.skipped.length).toBeGreaterThan(0);
    for (const skip of corpus.skipped) expect(skip.reason.length).toBeGreaterThan(5);
    for (const document of corpus.documents) {
      const text = (await readFile(path.join(dir, document.file), 'utf8')).replace(/^\uFEFF/, '');
      for (const passage of document.passages) expect(text.slice(passage.start, passage.end)).toBe(passage.text);
    }
    const index = SearchIndex.build(corpus.documents);
    const result = answer(index, 'Who brokered the ceasefire?');
    expect(result.kind === 'answer' ? result.extracts[0]?.quote : undefined).toBe('The United Nations brokered a ceasefire that ended the unrest.');
    // What a snapshot or the refresh worker hands over: every passage comes back exactly, however odd its text.
    const copy = SearchIndex.fromBytes(index.toBytes());
    expect(copy.documents).toEqual(corpus.documents);
    expect(answer(copy, 'Who brokered the ceasefire?')).toEqual(result);
  });
});
