import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus, paragraphText, parseSize, writeCorpus } from '../../src/bench/generateCorpus.js';
import { generateQuestions, type EvalQuestions } from '../../src/bench/questions.js';
import { buildSentencePool, PROJECT_ROOT, type SentencePool } from '../../src/bench/sentencePool.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';

// The shipped corpus only, so the test does not depend on ../shared being there.
const NO_EVAL: EvalQuestions = { answerable: [], unanswerable: [], files: [] };
let pool: SentencePool;
let scratch: string;

beforeAll(async () => {
  pool = await buildSentencePool([{ name: 'corpus/', dir: path.join(PROJECT_ROOT, 'corpus') }]);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'isnad-bench-test-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const passagesOf = (corpus: ReturnType<typeof generateCorpus>) => corpus.documents.flatMap((d) => d.paragraphs.map(paragraphText));

describe('generated benchmark corpora', () => {
  it('draws on real English and Arabic sentences', () => {
    expect(pool.en.length).toBeGreaterThan(20);
    expect(pool.ar.length).toBeGreaterThan(5);
  });

  it('is the same for the same seed and different for another', () => {
    const a = generateCorpus(pool, { passages: 400, seed: 7 });
    const b = generateCorpus(pool, { passages: 400, seed: 7 });
    const c = generateCorpus(pool, { passages: 400, seed: 8 });
    expect(b).toEqual(a);
    expect(passagesOf(c)).not.toEqual(passagesOf(a));

    const questions = (corpus: typeof a, seed: number) => generateQuestions({ passages: passagesOf(corpus) }, { count: 60, seed, evalQuestions: NO_EVAL });
    expect(questions(b, 7)).toEqual(questions(a, 7));
    expect(questions(c, 8)).not.toEqual(questions(a, 7));
  });

  it('hits the target passage counts within 10%', () => {
    for (const size of ['300', '1k', '10k']) {
      const target = parseSize(size);
      const corpus = generateCorpus(pool, { passages: target, seed: 42 });
      expect(Math.abs(passagesOf(corpus).length - target)).toBeLessThanOrEqual(target * 0.1);
      for (const document of corpus.documents.slice(0, -1)) {
        expect(document.paragraphs.length).toBeGreaterThanOrEqual(5);
        expect(document.paragraphs.length).toBeLessThanOrEqual(30);
      }
    }
  });

  it('builds every passage from whole real sentences of one language', () => {
    const corpus = generateCorpus(pool, { passages: 600, seed: 3 });
    const languages = new Set(corpus.documents.map((d) => d.language));
    expect(languages).toEqual(new Set(['en', 'ar']));
    for (const document of corpus.documents) {
      const sentences = new Set(pool[document.language]);
      for (const paragraph of document.paragraphs) {
        expect(paragraph.length).toBeGreaterThanOrEqual(1);
        expect(paragraph.length).toBeLessThanOrEqual(6);
        for (const sentence of paragraph) expect(sentences.has(sentence)).toBe(true);
      }
    }
  });

  it('writes files that loadCorpus reads back as exactly the generated passages, and reuses them', async () => {
    const corpus = generateCorpus(pool, { passages: 300, seed: 11 });
    const dir = path.join(scratch, 'corpus-300-11');
    const first = await writeCorpus(corpus, dir);
    expect(first.reused).toBe(false);
    expect(first.manifest.passages).toBe(300);

    const loaded = await loadCorpus(path.join(dir, 'corpus'));
    expect(loaded.skipped).toEqual([]);
    expect(loaded.documents.map((d) => d.passages.map((p) => p.text))).toEqual(corpus.documents.map((d) => d.paragraphs.map(paragraphText)));
    expect(loaded.documents.map((d) => d.languages[0])).toEqual(corpus.documents.map((d) => d.language));

    expect((await writeCorpus(corpus, dir)).reused).toBe(true);
    expect((await writeCorpus(generateCorpus(pool, { passages: 300, seed: 12 }), dir)).reused).toBe(false);
  });

  it('makes a mixed question set of the requested size', () => {
    const corpus = generateCorpus(pool, { passages: 500, seed: 5 });
    const questions = generateQuestions({ passages: passagesOf(corpus) }, { count: 80, seed: 5, evalQuestions: NO_EVAL });
    expect(questions).toHaveLength(80);
    expect(new Set(questions.map((q) => q.question)).size).toBe(80);
    expect(new Set(questions.map((q) => q.kind))).toEqual(new Set(['corpus', 'out-of-corpus']));
    expect(new Set(questions.map((q) => q.language))).toEqual(new Set(['en', 'ar']));
  });
});
