import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { WRITTEN_WORD, writtenWords } from '../../src/core/writtenWords.js';

const corpora = ['../../corpus/', '../fixtures/xquad-dev/xquad-dev-en/corpus/', '../fixtures/xquad-dev/xquad-dev-ar/corpus/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url)),
);

describe('writtenWords', () => {
  it('finds the words the expression finds, on every paragraph and title of the corpora', async () => {
    let paragraphs = 0;
    for (const dir of corpora) {
      for (const document of (await loadCorpus(dir)).documents) {
        for (const text of [document.title, ...document.passages.map((passage) => passage.text)]) {
          expect(writtenWords(text)).toEqual(text.match(WRITTEN_WORD) ?? []);
          paragraphs++;
        }
      }
    }
    expect(paragraphs).toBeGreaterThan(300);
  });

  it('reads a pair of surrogates as one character, and a lone one as none', () => {
    const texts = [
      // Letters beyond the first plane (Gothic, mathematical bold), an emoji, marks after a start and alone.
      '𐌰𐌱 x𝐀y 😀 é ́a -b .c 1,000.5, U.S. al-Sarraj’s',
      `a\ud800b \udc00c \ud835`,
      'مصراتة، وقال: "نعم." ١٢٣ ۴۵',
      '',
      '...,,--',
    ];
    for (const text of texts) expect(writtenWords(text)).toEqual(text.match(WRITTEN_WORD) ?? []);
  });

  it('is the expression on random strings of letters, marks, digits, points and spaces', () => {
    const alphabet = ['a', 'Z', 'é', '\u0301', '\u064e', 'ب', '١', '7', '.', ',', '-', "'", '’', ' ', '"', '𝐀', '\ud800', '\udc00', '؟', '\u200c'];
    let state = 7;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = Math.floor(next() * 20);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect(writtenWords(text), JSON.stringify(text)).toEqual(text.match(WRITTEN_WORD) ?? []);
    }
  });
});
