import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { foldDigits, tokenize } from '../../src/core/analyze.js';
import { SurfaceTable, TokenScanner, foldedUnits, hashUnits } from '../../src/core/TokenScanner.js';
import { Random } from '../../src/bench/prng.js';

/**
 * The index build finds tokens with TokenScanner instead of the word pattern: it must find exactly
 * the pattern's tokens (text, start, end), or the index would differ from what a question's
 * analysis of the same text gives.
 */

const corpusDirs = ['../../corpus/', '../fixtures/xquad-dev/xquad-dev-en/corpus/', '../fixtures/xquad-dev/xquad-dev-ar/corpus/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url)),
);

interface Found {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const scanner = new TokenScanner();

function scanned(text: string): Found[] | null {
  const count = scanner.scan(text);
  if (count < 0) return null;
  return Array.from({ length: count }, (_, i) => {
    const start = scanner.start[i]!;
    const end = scanner.end[i]!;
    return { text: foldDigits(text.slice(start, end)), start, end };
  });
}

/** Scanner and pattern on `text`; the first difference, or null. Also checks each token's hash against hashUnits of its text. */
function difference(text: string): string | null {
  const mine = scanned(text);
  if (mine === null) return /[\uD800-\uDFFF]/.test(text) ? null : `gave up on ${JSON.stringify(text)}`;
  const theirs = tokenize(text).map(({ text, start, end }) => ({ text, start, end }));
  for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
    const [a, b] = [mine[i], theirs[i]];
    if (a?.text !== b?.text || a?.start !== b?.start || a?.end !== b?.end) {
      return `${JSON.stringify(text)}: token ${i} scanned ${JSON.stringify(a)}, tokenize ${JSON.stringify(b)}`;
    }
    const units = foldedUnits(b!.text, new Uint16Array(0));
    if (scanner.hash[i] !== hashUnits(units, 0, b!.text.length)) return `${JSON.stringify(text)}: token ${i} hashed apart from its text`;
    if (scanner.units.subarray(a!.start, a!.end).join() !== units.subarray(0, b!.text.length).join())
      return `${JSON.stringify(text)}: token ${i} folded apart from its text`;
  }
  return null;
}

/** A small seeded generator (mulberry32), so a failure can be run again. */
function random(seed: number): () => number {
  const generator = new Random(seed);
  return () => generator.next();
}

/** Pieces text is made of: words of both languages, every separator the pattern treats specially, digits of other scripts, marks, letters that are not Lu. */
const PIECES = [
  'a',
  'Z',
  'the',
  'U',
  'S',
  'N',
  'Sarraj',
  'GNA',
  'Σ',
  'Д',
  'ǅ',
  'ʰ',
  'ß',
  'é',
  'e\u0301',
  'İ',
  'ا',
  'الأمم',
  'المتحدة',
  'قُتِلَ',
  'ـ',
  '\u064E',
  '\u0651',
  'ى',
  'ة',
  'إ',
  'آ',
  '\u0670',
  '0',
  '7',
  '2,000',
  '13.00',
  '١',
  '٥',
  '٫',
  '٬',
  '۳',
  '०',
  '５',
  '²',
  '½',
  'Ⅻ',
  '〇',
  '߁',
  '.',
  ',',
  ':',
  "'",
  '\u2019',
  '\uFF07',
  '-',
  '–',
  '"',
  '«',
  '»',
  '(',
  ')',
  '!',
  '?',
  '؟',
  '،',
  '؛',
  '…',
  '/',
  '%',
  '$',
  ' ',
  ' ',
  ' ',
  '\n',
  '\t',
  '\u00A0',
  '\u200B',
  '\u200C',
  '\u200D',
  '\u200F',
  '\u061C',
  '\uFEFF',
  '\u0301',
  '\u20DD',
  '\uFE0F',
  '中',
  '한',
  'ไทย',
  'ㅤ',
  '\uFFFD',
  '\uE000',
];

function generated(next: () => number): string {
  const length = 1 + Math.floor(next() * 40);
  let text = '';
  for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

describe('TokenScanner', () => {
  it("finds tokenize's tokens in news text of both languages, acronyms, apostrophes and numbers of every script", () => {
    const texts = [
      '',
      'The U.S. and the U.N. met; U.S.A. is not U.S.Army, and U.K is not an acronym. A.B.C.D. e.g. i.e.',
      "Sarraj’s men and Haftar's forces; the ministers' view; rock＇n＇roll; 'quoted' and ’tis; don’t-stop",
      'Numbers: 1,234.5 and 2,000 and 13.00 and 10:30 and 1,2,3 and 1.2.3. and 5, and .5 and 1..2 and 3,,4 and 7:',
      'الأمم المتحدة قالت إنّ ١٬٠٠٠ مقاتل غادروا في ١٣٫٠٠ أمس، و٢٠٢٤ عام؛ ۱۲۳ و٥٫٥ و٥،٥',
      'مِنْ الحكومةِ إلى المجلســـ الرئاسي ـ ـَ قُتِلَ ٤٠ شخصاً',
      'Mixed: Tripoli طرابلس Benghazi بنغازي 5km ٥كم 3rd ٣ـ x²+y² ½ Ⅻ ５５ ०१२ ߁߂',
      'Marks alone: \u0301 \u064E a\u0301b e\u20DD \uFE0F and zero-width: a\u200Bb a\u200Dc \u200F\u061Cعربي',
      'Titlecase ǅ.Ǉ. and Greek Σ.Π. and Cyrillic Д.Р. and modifier ʰ.ʰ. and ﬁ ligature İstanbul',
      'line\nbreaks\r\nand\ttabs\u00A0and\u2028separators\u2029here',
      'A.B',
      'A.',
      'A.B.',
      'AB.',
      '1.',
      '1,',
      "a'",
      "'a",
      "a'b'c",
      "a''b",
      '٫١',
      '١٫',
      '.',
      "'",
      'U.S',
      'x.Y.Z.',
    ];
    for (const text of texts) expect(difference(text)).toBeNull();
  });

  it("finds tokenize's tokens in every article of the seed and development corpora", () => {
    let articles = 0;
    for (const dir of corpusDirs) {
      for (const name of readdirSync(dir)) {
        const text = readFileSync(`${dir}${name}`, 'utf8');
        expect(difference(text), name).toBeNull();
        // Passages start anywhere in a file: every line on its own as well.
        for (const line of text.split('\n')) expect(difference(line), name).toBeNull();
        articles++;
      }
    }
    expect(articles).toBeGreaterThan(50);
  });

  it("finds tokenize's tokens in 20,000 texts made of the pieces the pattern treats specially", () => {
    const next = random(11);
    const differences: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const found = difference(generated(next));
      if (found !== null) differences.push(found);
    }
    expect(differences.slice(0, 5)).toEqual([]);
  });

  it('classes every code unit of the Basic Multilingual Plane as the pattern does, in every position it treats specially', () => {
    const differences: string[] = [];
    for (let block = 0; block < 0x10000; block += 0x400) {
      let text = '';
      for (let c = block; c < block + 0x400; c++) {
        if (c >= 0xd800 && c <= 0xdfff) continue;
        const x = String.fromCharCode(c);
        text += ` ${x} a${x}b 1${x}2 A.${x}. ${x}.B. x'${x} ${x}'y x'${x}y 1.${x} 1,${x}5 ${x},5 ${x}${x}${x} A${x}`;
      }
      const found = difference(text);
      if (found !== null) differences.push(found.slice(0, 300));
    }
    expect(differences).toEqual([]);
  });

  it('gives up on a text holding a surrogate, paired or lone, for tokenize to take', () => {
    for (const text of ['🇱🇾 flag', 'math 𝐀𝐁 and 𝟐𝟎', 'lone \uD800 lead', 'lone \uDC00 trail']) expect(scanner.scan(text)).toBe(-1);
  });

  it('grows past any number of tokens', () => {
    const text = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    expect(difference(text)).toBeNull();
  });
});

describe('SurfaceTable', () => {
  it('numbers distinct folded tokens as a Map of their strings would, by slice or by string', () => {
    const table = new SurfaceTable();
    const byString = new Map<string, number>();
    const next = random(7);
    const texts = corpusDirs.flatMap((dir) => readdirSync(dir).map((name) => readFileSync(`${dir}${name}`, 'utf8')));
    for (let i = 0; i < 3000; i++) texts.push(generated(next));
    // The same numbers written in three scripts are one surface once folded.
    texts.push('٢٠٢٤ 2024 ۲۰۲۴ ١٣٫٠٠ 13٫00');
    let lookups = 0;
    for (const text of texts) {
      const count = scanner.scan(text);
      const tokens =
        count < 0
          ? tokenize(text).map((token) => ({ ...token, byString: true }))
          : Array.from({ length: count }, (_, i) => ({ start: scanner.start[i]!, end: scanner.end[i]!, byString: false }));
      for (const token of tokens) {
        const surface = foldDigits(text.slice(token.start, token.end));
        // A text with surrogates is looked up by its tokens' strings, as the build does, and so is
        // every third token of the others (the build's titles and sentences cut inside a word).
        const [units, from, to] =
          token.byString || lookups % 3 === 0 ? [foldedUnits(surface, new Uint16Array(4)), 0, surface.length] : [scanner.units, token.start, token.end];
        const hash = hashUnits(units, from, to);
        let id = table.find(units, from, to, hash);
        if (id === -1) {
          expect(byString.has(surface), surface).toBe(false);
          id = table.add(units, from, to, hash);
          byString.set(surface, id);
        }
        expect(id, surface).toBe(byString.get(surface));
        lookups++;
      }
    }
    expect(table.size).toBe(byString.size);
    expect(byString.size).toBeGreaterThan(5000);
    expect(lookups).toBeGreaterThan(40_000);
    const eastern = foldedUnits('۲۰۲۴', new Uint16Array(4));
    expect(byString.get('2024')).toBe(table.find(eastern, 0, 4, hashUnits(eastern, 0, 4)));
  });
});
