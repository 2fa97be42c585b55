import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze } from '../../src/core/analyze.js';
import { generateCorpus, paragraphText, writeCorpus, type GeneratedCorpus } from '../../src/bench/generateCorpus.js';
import { MAX_PARAGRAPH_CHARS, NEWS_GENERATOR_VERSION, generateNewsCorpus, prefixOf } from '../../src/bench/generateNewsCorpus.js';
import { commonWords } from '../../src/bench/NewsLanguageModel.js';
import { Random } from '../../src/bench/prng.js';
import { RankDistribution } from '../../src/bench/RankDistribution.js';
import { buildSentencePool, PROJECT_ROOT, type SentencePool } from '../../src/bench/sentencePool.js';
import { termStatistics } from '../../src/bench/termStatistics.js';
import { loadCorpus } from '../../src/corpus/loadCorpus.js';

// The shipped corpus only, so the test does not depend on ../shared being there.
let pool: SentencePool;
let scratch: string;

beforeAll(async () => {
  pool = await buildSentencePool([{ name: 'corpus/', dir: path.join(PROJECT_ROOT, 'corpus') }]);
  scratch = await mkdtemp(path.join(os.tmpdir(), 'isnad-bench-news-test-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

const passagesOf = (corpus: GeneratedCorpus) => corpus.documents.flatMap((d) => d.paragraphs.map(paragraphText));
const distinctTerms = (corpus: GeneratedCorpus) => termStatistics(passagesOf(corpus)).documentFrequency.size;

describe('RankDistribution', () => {
  it('draws the head by Zipf (rank 1 about twice rank 2) and sends the share it promises to the tail', () => {
    const ranks = new RankDistribution({ headSize: 1000, headExponent: 1, tailExponent: 1.8 });
    const random = new Random(1);
    const counts = new Map<number, number>();
    let tail = 0;
    let lowest = Infinity;
    const draws = 200_000;
    for (let i = 0; i < draws; i++) {
      const rank = ranks.sample(random);
      lowest = Math.min(lowest, rank);
      if (rank > 1000) tail++;
      counts.set(rank, (counts.get(rank) ?? 0) + 1);
    }
    expect(lowest).toBe(1);
    expect(counts.get(1)! / counts.get(2)!).toBeGreaterThan(1.8);
    expect(counts.get(1)! / counts.get(2)!).toBeLessThan(2.2);
    expect(tail / draws).toBeCloseTo(ranks.tailShare, 2);
  });
});

describe('news-like benchmark corpora', () => {
  it('is the same for the same seed, different for another, and a smaller size is a prefix of a larger one', () => {
    const a = generateNewsCorpus(pool, { passages: 600, seed: 7 });
    expect(generateNewsCorpus(pool, { passages: 600, seed: 7 })).toEqual(a);
    expect(passagesOf(generateNewsCorpus(pool, { passages: 600, seed: 8 }))).not.toEqual(passagesOf(a));
    expect(a.generator).toBe(NEWS_GENERATOR_VERSION);
    expect(passagesOf(a)).toHaveLength(600);
    const larger = generateNewsCorpus(pool, { passages: 1500, seed: 7 });
    expect(prefixOf(larger, 600)).toEqual(a);
  });

  it('writes files that loadCorpus reads back as exactly the generated passages, in both languages', async () => {
    const corpus = generateNewsCorpus(pool, { passages: 800, seed: 11 });
    const dir = path.join(scratch, 'news-800-11');
    await writeCorpus(corpus, dir);
    const loaded = await loadCorpus(path.join(dir, 'corpus'));
    expect(loaded.skipped).toEqual([]);
    expect(loaded.documents.map((d) => d.passages.map((p) => p.text))).toEqual(corpus.documents.map((d) => d.paragraphs.map(paragraphText)));
    expect(loaded.documents.map((d) => d.title)).toEqual(corpus.documents.map((d) => d.title));
    expect(new Set(loaded.documents.map((d) => d.languages[0]))).toEqual(new Set(['en', 'ar']));
    for (const text of passagesOf(corpus)) expect(text.length).toBeLessThanOrEqual(MAX_PARAGRAPH_CHARS);
  });

  it('has articles and paragraphs of news-like lengths', () => {
    const corpus = generateNewsCorpus(pool, { passages: 3000, seed: 42 });
    const perArticle = 3000 / corpus.documents.length;
    // The motivating corpus: 5.5 paragraphs an article. Lognormal: many short articles, a long tail.
    expect(perArticle).toBeGreaterThan(4);
    expect(perArticle).toBeLessThan(7.5);
    expect(corpus.documents.some((d) => d.paragraphs.length === 1)).toBe(true);
    expect(corpus.documents.some((d) => d.paragraphs.length >= 15)).toBe(true);
    const words = passagesOf(corpus).map((p) => p.split(' ').length);
    const mean = words.reduce((a, b) => a + b, 0) / words.length;
    expect(mean).toBeGreaterThan(30);
    expect(mean).toBeLessThan(90);
  });

  it('holds multi-word capitalised names (transliterated Arabic ones among them), numbers and dates', () => {
    const text = passagesOf(generateNewsCorpus(pool, { passages: 2000, seed: 42 })).join('\n');
    expect(text).toMatch(/\b(?:Mohammed|Ahmed|Ali|Omar|Khalid) (?:al-)?[A-Z][a-z]+/);
    expect(text).toMatch(/\bal-[A-Z][a-z]+/);
    expect(text).toMatch(/\b(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}\b/);
    expect(text).toMatch(/\b\d{1,3}(?:,\d{3})+\b/);
    expect(text).toMatch(/\b(?:19|20)\d\d\b/);
    expect(text).toMatch(/(?:محمد|أحمد|علي|عمر|خالد) /u);
    expect(text).toMatch(/[٠-٩]{4}/u);
  });

  it("has a vocabulary that keeps growing like real text's (Heaps' law), far past the first generator's", () => {
    const sizes = [1000, 4000];
    const news = sizes.map((passages) => distinctTerms(generateNewsCorpus(pool, { passages, seed: 42 })));
    const sentences = distinctTerms(generateCorpus(pool, { passages: 4000, seed: 42 }));
    // V ∝ N^β with β of real text (0.4–0.8): four times the text, 1.7–3 times the terms.
    const growth = news[1]! / news[0]!;
    expect(growth).toBeGreaterThan(4 ** 0.4);
    expect(growth).toBeLessThan(4 ** 0.8);
    // Real sentences repeated: the first generator's vocabulary stops at its pool's.
    expect(news[1]!).toBeGreaterThan(10 * sentences);
    expect(news[1]!).toBeGreaterThan(20_000);
  });

  it('takes its commonest words from real sentences, commonest first, English in lower case only', () => {
    expect(commonWords(['The cat saw the dog.', 'the dog ran, the end.'], 'en')).toEqual(['the', 'dog', 'cat', 'end', 'ran', 'saw']);
    expect(commonWords(['قال الرئيس إن الرئيس قال'], 'ar').slice(0, 2)).toEqual(['الرئيس', 'قال']);
    // Every analysed term of the real head is an ordinary term (no stray punctuation or case).
    for (const word of commonWords(pool.en, 'en').slice(0, 50)) for (const term of analyze(word)) expect(term).toMatch(/^[a-z0-9']+$/);
  });
});
