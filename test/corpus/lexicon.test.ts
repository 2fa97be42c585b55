import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze.js';
import { detectLanguage } from '../../src/core/detectLanguage.js';
import type { Lexicon } from '../../src/core/Lexicon.js';
import type { Language } from '../../src/core/types.js';
import { parseLexicon } from '../../src/core/lexiconFile.js';
import { buildLexiconFiles } from '../../src/corpus/buildLexiconFiles.js';
import { loadLexicon } from '../../src/corpus/loadLexicon.js';
import { makeDictd } from '../support/dictd.js';
import { shippedLexicon } from '../support/fixtures.js';

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'isnad-lexicon-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the shipped lexicon (lexicon/freedict-en-ar.tsv.gz)', () => {
  let lexicon: Lexicon;
  beforeAll(async () => {
    lexicon = await shippedLexicon();
  });

  const term = (word: string) => analyze(word)[0]!;

  /** Properties every translation list has, whatever the dictionary's version. */
  function wellFormed(word: string, from: Language) {
    const translations = lexicon.translate(word, from);
    const to = from === 'en' ? 'ar' : 'en';
    for (const t of translations) {
      expect(t.weight).toBeGreaterThan(0);
      expect(t.weight).toBeLessThanOrEqual(1);
      // Every candidate is an index term of the other language, as analysis would make it.
      expect(detectLanguage(t.term), t.term).toBe(to);
      expect(analyze(t.term)).toEqual([t.term]);
    }
    expect(translations.map((t) => t.weight)).toEqual([...translations.map((t) => t.weight)].sort((a, b) => b - a));
    return translations;
  }

  it('holds both dictionaries', () => {
    expect(lexicon.headwords.en).toBeGreaterThan(80_000);
    expect(lexicon.headwords.ar).toBeGreaterThan(50_000);
  });

  it('translates "ceasefire" into the words of وقف إطلاق النار, each below a one-word translation', () => {
    const translations = wellFormed('ceasefire', 'en');
    for (const word of ['وقف', 'إطلاق', 'النار']) expect(translations.map((t) => t.term)).toContain(term(word));
    expect(Math.max(...translations.map((t) => t.weight))).toBeLessThan(1);
  });

  it('translates "spokesman" and "spokesmen" to الناطق', () => {
    expect(wellFormed('spokesman', 'en')).toContainEqual(expect.objectContaining({ term: term('الناطق'), weight: 1, tier: 'exact' }));
    expect(wellFormed('Spokesmen', 'en').map((t) => t.term)).toContain(term('الناطقون'));
  });

  it('translates وزير, listed only as الوزير, and its clitic forms to "minister"', () => {
    for (const word of ['وزير', 'الوزير', 'والوزير', 'لوزير']) {
      const minister = wellFormed(word, 'ar').find((t) => t.term === term('minister'));
      expect(minister?.weight, word).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('finds the Arabic multi-word headword وقف إطلاق النار in a question', () => {
    const words = ['متى', 'أعلن', 'وقف', 'إطلاق', 'النار'];
    const spans = lexicon.translateWords(words, 'ar');
    const phrase = spans.find((s) => s.end - s.start === 3);
    expect(phrase).toMatchObject({ start: 2, end: 5 });
    expect(phrase!.translations.map((t) => t.term)).toContain(term('ceasefire'));
  });

  it('has nothing for a name it does not list', () => {
    expect(lexicon.translate('Sarraj', 'en')).toEqual([]);
    expect(lexicon.knows('Sarraj', 'en')).toBe(false);
  });
});

describe('loadLexicon failures are values', () => {
  it('for a missing file, a file that is not gzip, and another format', async () => {
    expect(await loadLexicon(path.join(scratch, 'none.tsv.gz'))).toMatchObject({ kind: 'failed', reason: expect.stringContaining('ENOENT') });
    await writeFile(path.join(scratch, 'plain.tsv.gz'), 'isnad-lexicon\t1\n');
    expect(await loadLexicon(path.join(scratch, 'plain.tsv.gz'))).toMatchObject({ kind: 'failed', reason: expect.stringContaining('gzip') });
    await writeFile(path.join(scratch, 'other.tsv.gz'), gzipSync('word\ttranslation\n'));
    expect(await loadLexicon(path.join(scratch, 'other.tsv.gz'))).toMatchObject({ kind: 'failed', reason: expect.stringContaining('format') });
  });
});

describe('buildLexiconFiles', () => {
  /** A tree as `dpkg -x` leaves it for the two packages, with two entries each. */
  async function extractedPackages(root: string, { withChangelog = true } = {}) {
    const dictd = path.join(root, 'usr', 'share', 'dictd');
    await mkdir(dictd, { recursive: true });
    const dictionaries = {
      'eng-ara': makeDictd([
        ['00databaseshort', 'English-Arabic FreeDict Dictionary ver. 0.6.3\n'],
        ['00databaseinfo', 'Edition: 0.6.3\n'],
        ['minister', 'Minister /mˈɪnɪstə/\nالوزير\n'],
        ['truce', 'Truce /tɹˈuːs/\n1. هدنة\n2. وقف إطلاق النار\n'],
      ]),
      'ara-eng': makeDictd([
        ['00databaseshort', 'Arabic-English FreeDict Dictionary ver. 0.6.3\n'],
        ['الوزير', 'الوزير /ʔalwazˈiːr/\n1. Minister\n2. Vizier\n'],
        ['يعلن', 'يعلن /jʕln/\nAnnounces\n'],
      ]),
    };
    for (const [pair, { index, dict }] of Object.entries(dictionaries)) {
      const name = `freedict-${pair}`;
      await writeFile(path.join(dictd, `${name}.index`), index);
      await writeFile(path.join(dictd, `${name}.dict.dz`), gzipSync(dict));
      const doc = path.join(root, 'usr', 'share', 'doc', `dict-${name}`);
      await mkdir(doc, { recursive: true });
      if (withChangelog) await writeFile(path.join(doc, 'changelog.Debian.gz'), gzipSync('freedict (2022.04.21-1) unstable; urgency=medium\n'));
      await writeFile(
        path.join(doc, 'copyright'),
        `Files: ${pair}/*\nCopyright: 2000-2022 FreeDict contributors\nLicense: GPL-2+\n\nLicense: GPL-2+\n This program is free software.\n`,
      );
    }
    const gpl = path.join(root, 'GPL-2');
    await writeFile(gpl, 'GNU GENERAL PUBLIC LICENSE\nVersion 2, June 1991\n');
    return { dictd, gpl };
  }

  it('writes the lexicon, its README with versions and counts, and the GPL text; the lexicon loads', async () => {
    const root = path.join(scratch, 'build');
    const { dictd, gpl } = await extractedPackages(root);
    const out = path.join(root, 'lexicon');
    const built = await buildLexiconFiles(dictd, out, { gplFile: gpl });
    expect(built).toMatchObject({ kind: 'built' });
    const readme = await readFile(path.join(out, 'README.md'), 'utf8');
    expect(readme).toContain('| `dict-freedict-eng-ara` | 2022.04.21-1 |');
    expect(readme).toContain('| `dict-freedict-ara-eng` | 2022.04.21-1 |');
    expect(readme).toContain('Files: eng-ara/*');
    expect(readme).toContain('GPL-2.0-or-later');
    expect(await readFile(path.join(out, 'COPYING'), 'utf8')).toContain('Version 2, June 1991');
    const loaded = await loadLexicon(path.join(out, 'freedict-en-ar.tsv.gz'));
    if (loaded.kind !== 'loaded') throw new Error(loaded.reason);
    expect(loaded.lexicon.headwords).toEqual({ en: 2, ar: 2 });
    // The entries as the dictionary writes them, nothing cleaned.
    const parsed = parseLexicon(gunzipSync(await readFile(path.join(out, 'freedict-en-ar.tsv.gz'))).toString('utf8'));
    if (parsed.kind !== 'parsed') throw new Error(parsed.reason);
    expect(parsed.data.en.filter((entry) => entry.headword === 'Truce')).toEqual([{ headword: 'Truce', translations: ['هدنة', 'وقف إطلاق النار'] }]);
    expect(loaded.lexicon.translate('announces', 'en').map((t) => t.term)).toEqual(analyze('يعلن'));
  });

  it('refuses to build without the package version, writing nothing', async () => {
    const root = path.join(scratch, 'no-changelog');
    const { dictd, gpl } = await extractedPackages(root, { withChangelog: false });
    const out = path.join(root, 'lexicon');
    expect(await buildLexiconFiles(dictd, out, { gplFile: gpl })).toMatchObject({ kind: 'failed', reason: expect.stringContaining('dpkg -x') });
    await expect(readFile(path.join(out, 'freedict-en-ar.tsv.gz'))).rejects.toThrow();
  });
});
