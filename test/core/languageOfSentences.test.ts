import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LETTERS, detectLanguage, lettersIn, scriptOf } from '../../src/core/detectLanguage.js';
import { SearchIndex } from '../../src/core/SearchIndex.js';
import type { CorpusDocument } from '../../src/core/types.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';
import { parseArticleFile } from '../../src/corpus/parseArticleFile.js';

const documentsOf = (file: string) => parseArticleFile('mixed.txt', file);

/**
 * The answer check asks the language of a run of sentences (detectLanguage of its text); the index
 * tells it from each sentence's letters without reading the passage, and must tell what the text
 * would, or say that only the text's counts can ('counted').
 */
const corpora = ['../../corpus/', '../fixtures/xquad-dev/xquad-dev-en/corpus/', '../fixtures/xquad-dev/xquad-dev-ar/corpus/'].map((dir) =>
  fileURLToPath(new URL(dir, import.meta.url)),
);

function checkEveryRun(index: SearchIndex): { told: number; counted: number } {
  let told = 0;
  let counted = 0;
  for (let id = 0; id < index.passageCount; id++) {
    const passage = index.passage(id)!;
    const text = index.passageText(passage);
    for (let from = 0; from < passage.sentences.length; from++) {
      for (let to = from; to < Math.min(passage.sentences.length, from + 3); to++) {
        const fromLetters = index.languageOfSentences(id, from, to);
        if (fromLetters === 'counted') {
          counted++;
          continue;
        }
        told++;
        expect(fromLetters, text.slice(0, 80)).toBe(detectLanguage(text.slice(passage.sentences[from]!.start, passage.sentences[to]!.end)));
      }
    }
  }
  return { told, counted };
}

describe('SearchIndex.languageOfSentences', () => {
  it('is detectLanguage of the run wherever it tells one, on every run of up to three sentences of the corpora', async () => {
    const documents: CorpusDocument[] = [];
    for (const dir of corpora) documents.push(...(await loadCorpus(dir)).documents);
    const { told } = checkEveryRun(SearchIndex.build(documents));
    expect(told).toBeGreaterThan(1000);
  });

  it('leaves a run with both scripts to the counts, and tells one with a single script or none', () => {
    const text = 'Fayez al-Sarraj (فايز السراج) spoke. The talks resumed. 2019. السراج تحدث.';
    const [document] = documentsOf(`Mixed\n\n${text}\n`);
    const index = SearchIndex.build([document!]);
    const { told, counted } = checkEveryRun(index);
    expect(told).toBeGreaterThan(0);
    expect(counted).toBeGreaterThan(0);
    // "2019." alone holds no letter: no language, as detectLanguage says.
    const passage = index.passage(0)!;
    const digits = passage.sentences.findIndex((span) => index.passageText(passage).slice(span.start, span.end) === '2019.');
    expect(digits).toBeGreaterThan(0);
    expect(index.languageOfSentences(0, digits, digits)).toBeUndefined();
  });
});

describe('lettersIn', () => {
  it("finds each script's letters as detectLanguage counts them, pairs and stray surrogates included", () => {
    const reference = (text: string) => {
      let found = 0;
      for (const ch of text) {
        const script = scriptOf(ch);
        if (script === 'arabic') found |= LETTERS.arabic;
        if (script === 'latin') found |= LETTERS.latin;
      }
      return found;
    };
    for (const text of ['', '2019 — 17%', 'Misrata', 'مصراتة', 'قال Sarraj', 'ً ٌ ، ١٢', '😀 𝐀bc', '\ud800 x', '𝐀', 'é ß Ω', 'Ωμέγα']) {
      expect(lettersIn(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});
