import { describe, expect, it } from 'vitest';
import { formatLexicon, parseLexicon } from '../../src/core/lexiconFile.js';
import { decodeDictdNumber, parseDictd, parseDictdEntry } from '../../src/lexicon/parseDictd.js';
import { debianChangelogVersion, debianCopyrightNotice } from '../../src/lexicon/debianPackage.js';
import { dictdNumber, makeDictd } from '../support/dictd.js';

describe('dictd numbers', () => {
  it('reads base-64 digits most significant first', () => {
    expect(decodeDictdNumber('A')).toBe(0);
    expect(decodeDictdNumber('B')).toBe(1);
    expect(decodeDictdNumber('BA')).toBe(64);
    expect(decodeDictdNumber('PHz4')).toBe(15 * 64 ** 3 + 7 * 64 ** 2 + 51 * 64 + 56);
    for (const n of [0, 63, 64, 4095, 1_234_567]) expect(decodeDictdNumber(dictdNumber(n))).toBe(n);
  });

  it('refuses what is not a number', () => {
    expect(decodeDictdNumber('')).toBe(-1);
    expect(decodeDictdNumber('A=')).toBe(-1);
  });
});

describe('parseDictd', () => {
  // As FreeDict writes them: headword with its pronunciation, then one plain or several numbered
  // translations; the index holds folded keys (lower case, no hyphen, no harakat).
  const { index, dict } = makeDictd([
    ['00databaseshort', 'English-Arabic FreeDict Dictionary ver. 0.6.3\n'],
    ['00databaseinfo', 'Edition: 0.6.3\nSize: 3 headwords\n'],
    ['ceasefire', 'Cease-fire /sˈiːsfaɪə/\nوقف إطلاق النار\n'],
    ['ceasefire', 'Ceasefire /sˈiːsfaɪə/\nوقف إطلاق النار\n'],
    ['الناطق', 'النّاطق /ʔannˈaːtˤiq/\n1. Spokesperson\n2. Spokesman\n'],
    ['ناطق', 'النّاطق /ʔannˈaːtˤiq/\n1. Spokesperson\n2. Spokesman\n'],
  ]);

  it('reads each entry once, with its headword as written and its senses unnumbered', () => {
    const parsed = parseDictd(index, dict);
    expect(parsed.kind).toBe('parsed');
    if (parsed.kind !== 'parsed') return;
    expect(parsed.dictionary.entries).toEqual([
      { headword: 'Cease-fire', translations: ['وقف إطلاق النار'] },
      { headword: 'Ceasefire', translations: ['وقف إطلاق النار'] },
      { headword: 'النّاطق', translations: ['Spokesperson', 'Spokesman'] },
    ]);
    expect(parsed.dictionary.short).toBe('English-Arabic FreeDict Dictionary ver. 0.6.3');
    expect(parsed.dictionary.info).toContain('Edition: 0.6.3');
  });

  it('keeps a lone translation that begins with a number, and an entry without pronunciation', () => {
    expect(parseDictdEntry('Mose\n1. Mose\n')).toEqual({ kind: 'parsed', entry: { headword: 'Mose', translations: ['1. Mose'] } });
  });

  it('fails with the line for an offset out of the file, a bad number or a short line', () => {
    const past = parseDictd(`word\tA\t${dictdNumber(dict.length + 1)}\n`, dict);
    expect(past).toMatchObject({ kind: 'failed', reason: expect.stringContaining('index line 1') });
    expect(parseDictd('word\tA*\tB\n', dict)).toMatchObject({ kind: 'failed' });
    expect(parseDictd('word\tA\n', dict)).toMatchObject({ kind: 'failed' });
    expect(parseDictd('word\tA\tA\n', dict)).toMatchObject({ kind: 'failed', reason: expect.stringContaining('empty') });
  });
});

describe('the lexicon file', () => {
  it('keeps every headword and translation as written, both directions', () => {
    const data = {
      en: [{ headword: 'Ceasefire', translations: ['وقف إطلاق النار'] }],
      ar: [{ headword: 'الناطق', translations: ['Spokesperson', 'Spokesman (of a party)'] }],
    };
    const text = formatLexicon(data);
    expect(text.split('\n')[0]).toBe('isnad-lexicon\t1');
    expect(parseLexicon(text)).toEqual({ kind: 'parsed', data });
  });

  it('refuses another format or a broken line', () => {
    expect(parseLexicon('something else\nen\ta\tb\n')).toMatchObject({ kind: 'failed' });
    expect(parseLexicon('isnad-lexicon\t1\nfr\ta\tb\n')).toMatchObject({ kind: 'failed', reason: expect.stringContaining('line 2') });
    expect(parseLexicon('isnad-lexicon\t1\nen\tno translation\n')).toMatchObject({ kind: 'failed' });
  });
});

describe('Debian package facts', () => {
  it('reads the version from the changelog and the licence notice from the copyright file', () => {
    expect(debianChangelogVersion('freedict (2022.04.21-1) unstable; urgency=medium\n')).toBe('2022.04.21-1');
    const copyright = [
      'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
      '',
      'Files: ara-eng/*',
      'Copyright: 2000-2022 FreeDict contributors',
      'License: GPL-2+',
      '',
      'Files: eng-ara/*',
      'Copyright: 2000-2022 FreeDict contributors',
      'License: GPL-2+',
      '',
      'License: GPL-2+',
      ' This program is free software.',
      ' .',
      ' See /usr/share/common-licenses/GPL-2.',
    ].join('\n');
    const notice = debianCopyrightNotice(copyright, 'eng-ara/*');
    expect(notice?.stanza).toBe('Files: eng-ara/*\nCopyright: 2000-2022 FreeDict contributors\nLicense: GPL-2+');
    expect(notice?.license).toBe('GPL-2+');
    expect(notice?.text).toContain('This program is free software.');
    expect(debianCopyrightNotice(copyright, 'deu-eng/*')).toBeUndefined();
  });
});
