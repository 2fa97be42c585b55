import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { drain } from '../../src/core/steps.js';
import { foldMarks } from '../../src/core/foldMarks.js';
import { analyze, tokenize } from '../../src/core/analyze.js';
import { answer } from '../../src/core/answer.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import { foldWord } from '../../src/core/SentenceTokens.js';
import { MAX_SENTENCE_LENGTH } from '../../src/core/splitSentences.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { parseArticleFile } from '../../src/corpus/parseArticleFile.js';

/**
 * The scorer reads each sentence's terms and words from what the build stored (SentenceTokens)
 * instead of analysing the sentence again: what it reads must be exactly what analysing the text
 * would give, for every sentence and title, built or loaded from a snapshot.
 */

const corpora = ['../../corpus/', '../fixtures/xquad-dev/xquad-dev-en/corpus/', '../fixtures/xquad-dev/xquad-dev-ar/corpus/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url)),
);

/** Sentences a slice would tokenise differently from its passage: cut inside a word, digits of other scripts, marks alone. */
function awkwardIndex(): SearchIndex {
  const unbroken = 'x'.repeat(MAX_SENTENCE_LENGTH + 300);
  const longWords = Array.from({ length: 400 }, (_, i) => `word${i}`).join('-');
  return SearchIndex.build(
    parseArticleFile(
      'awkward.txt',
      [
        'Awkward Title: U.S. and الأمم المتحدة ٢٠٢٤',
        '',
        `${unbroken} and then it ends.`,
        '',
        `${longWords}. The ١٬٠٠٠ fighters of ـ and ـَ left in 2,000 boats. Sarraj’s men said «no».`,
        '',
        'مِنْ الحكومة إلى المجلس. قال المتحدث: ١٣٫٠٠ أمس!',
        '',
        // Beyond the build's scanner (TokenScanner): emoji, astral letters and digits, beside words it also meets elsewhere.
        'The 𝐔𝐍 said 😀 fighters left in 𝟐𝟎𝟐𝟒 and 2024 boats 🇱🇾. 𐐀x said the ministers.',
      ].join('\n'),
    ),
  );
}

function expectStoredAsAnalysed(index: SearchIndex, name: string): number {
  const tokens = index.sentenceTokens;
  let sentences = 0;
  index.documents.forEach((document, doc) => {
    expect(tokens.titleTermsOf(doc), `${name}: title ${doc}`).toEqual(analyze(document.title));
  });
  for (let id = 0; id < index.passageCount; id++) {
    const passage = index.passage(id)!;
    const text = index.passageText(passage);
    passage.sentences.forEach((span, i) => {
      const slice = text.slice(span.start, span.end);
      const s = passage.firstSentence + i;
      expect(tokens.termsOf(s), `${name}: ${slice}`).toEqual(analyze(slice));
      const folded = [...tokens.surfacesOf(s)].map((surface) => tokens.folding(tokens.foldedIdOf(surface)));
      expect(folded, `${name}: ${slice}`).toEqual(tokenize(slice).map((token) => foldWord(token.text)));
      for (const word of folded) expect(tokens.foldedId(word)).toBeGreaterThanOrEqual(0);
      sentences++;
    });
  }
  return sentences;
}

describe('SentenceTokens', () => {
  it("holds every sentence's and title's terms and folded words, as analysing its text gives, built and loaded", async () => {
    const indexes: [string, SearchIndex][] = [['awkward', awkwardIndex()]];
    for (const dir of corpora) indexes.push([dir, SearchIndex.build((await loadCorpus(dir)).documents)]);
    for (const [name, index] of indexes) {
      const sentences = expectStoredAsAnalysed(index, name);
      expect(sentences).toBe(index.sentenceTokens.sentenceCount);
      expect(expectStoredAsAnalysed(SearchIndex.fromBytes(index.toBytes()), `${name} (loaded)`)).toBe(sentences);
    }
  });

  it('holds them as analysed when the ids added are many and long (the builder keeps them as variable-length integers)', () => {
    // Over 2^14 distinct words, so ids of three bytes, and many chunks of them (GrowingArray), so
    // that ids straddle the chunks' ends.
    const documents = parseArticleFile(
      'many.txt',
      Array.from({ length: 3000 }, (_, p) => {
        const sentences = Array.from({ length: 6 }, (_, s) => `Word${p}x${s} and w${(p * 7 + s) % 20011} met ${p % 13}th ${s}y${p} again.`);
        return sentences.join(' ');
      }).join('\n\n'),
    );
    const index = SearchIndex.build(documents);
    expect(index.passageCount).toBe(3000);
    expect(expectStoredAsAnalysed(index, 'many')).toBe(index.sentenceTokens.sentenceCount);
  });

  it('finds no folded form no sentence holds', () => {
    const tokens = awkwardIndex().sentenceTokens;
    expect(tokens.foldedId('fighters')).toBeGreaterThanOrEqual(0);
    expect(tokens.foldedId('the')).toBeGreaterThanOrEqual(0);
    expect(tokens.foldedId('The')).toBe(-1);
    expect(tokens.foldedId('zzz-not-there')).toBe(-1);
    expect(tokens.foldedId('')).toBe(tokens.foldedId(foldWord('ـ')));
  });

  it('finds each folded form at the same id by hash once prepared as by the binary search before', async () => {
    for (const dir of corpora) {
      const { sentenceTokens: tokens } = SearchIndex.build((await loadCorpus(dir)).documents);
      const forms = Array.from({ length: tokens.foldedCount }, (_, id) => tokens.folding(id));
      // Absent: each form changed by a letter, cut short, and lengthened; and words of neither script.
      const absent = forms.flatMap((form) => [`${form}x`, form.slice(1), `${form}\u0645`, form.toUpperCase()]).concat(['', 'zzzq', '😀']);
      const before = [...forms, ...absent].map((word) => tokens.foldedId(word));
      expect(tokens.foldedLookupPrepared).toBe(false);
      drain(tokens.prepareFoldedLookup());
      expect(tokens.foldedLookupPrepared).toBe(true);
      expect([...forms, ...absent].map((word) => tokens.foldedId(word))).toEqual(before);
      expect(before.slice(0, forms.length)).toEqual(forms.map((_, id) => id));
      expect(before.slice(forms.length).some((id) => id === -1)).toBe(true);
    }
  });

  it("reads a folded form's first code unit from its bytes exactly when foldMarks keeps that character", async () => {
    const plain = (unit: number) => (unit >= 0x20 && unit <= 0x7e) || unit === 0x0621 || (unit >= 0x0627 && unit <= 0x064a);
    const indexes = [awkwardIndex(), ...(await Promise.all(corpora.map(async (dir) => SearchIndex.build((await loadCorpus(dir)).documents))))];
    let read = 0;
    let other = 0;
    for (const { sentenceTokens: tokens } of indexes) {
      for (let id = 0; id < tokens.foldedCount; id++) {
        const form = tokens.folding(id);
        const expected = form !== '' && plain(form.charCodeAt(0)) ? form.charCodeAt(0) : -1;
        expect(tokens.plainFirstUnit(id), form).toBe(expected);
        // What the answer check relies on: that character starts the form with its marks folded.
        if (expected !== -1) {
          expect(foldMarks(form).charCodeAt(0)).toBe(expected);
          read++;
        } else other++;
      }
    }
    // Accented Latin, hamza-carrying letters, digits of other scripts: some forms of each kind.
    expect(read).toBeGreaterThan(1000);
    expect(other).toBeGreaterThan(10);
  });

  it('answers a question over a sentence cut inside a word as before', () => {
    const index = awkwardIndex();
    const result = answer(index, 'How many fighters left in boats?');
    expect(result.kind).toBe('answer');
    if (result.kind === 'answer') expect(result.extracts[0]!.quote).toContain('fighters');
  });

  it('decodes a sentence into a reused buffer as surfacesOf does, growing it for a longer one', () => {
    const index = awkwardIndex();
    const tokens = index.sentenceTokens;
    // Too short for the 400-word sentence, so it must grow; longer sentences after shorter ones leave stale ids past the count.
    const scratch = { ids: new Uint32Array(2) };
    let grown = false;
    for (let s = 0; s < tokens.sentenceCount; s++) {
      const before = scratch.ids;
      const count = tokens.surfacesInto(s, scratch);
      if (scratch.ids !== before) grown = true;
      expect([...scratch.ids.subarray(0, count)], `sentence ${s}`).toEqual([...tokens.surfacesOf(s)]);
    }
    expect(grown).toBe(true);
  });
});
