import type { Language } from '../core/types.js';
import { ARABIC_SHARE, paragraphText, type GeneratedCorpus, type GeneratedDocument, type GenerateOptions } from './generateCorpus.js';
import { NewsLanguageModel, commonWords } from './NewsLanguageModel.js';
import { Random } from './prng.js';
import type { SentencePool } from './sentencePool.js';

/**
 * A benchmark corpus that behaves like news rather than like a few sentences repeated: articles
 * of lognormal length (median 4.5 paragraphs, ~5.7 on average: the motivating Arabic corpus had
 * 169,057 paragraphs in 30,724 articles, 5.5 each), paragraphs of one to seven sentences
 * (mostly one to three), sentences from NewsLanguageModel, whose vocabulary keeps growing with the
 * corpus. Documents are generated one after another from one seeded stream, so the corpus of a
 * smaller size is the first articles of a larger one (the last one cut short): the growth
 * measurements compare corpora of the same text.
 *
 * Bump NEWS_GENERATOR_VERSION whenever the same seed and pool would give different files.
 */
export const NEWS_GENERATOR_VERSION = 'isnad-bench-news-1';

export const PARAGRAPHS_MEDIAN = 4.5;
export const PARAGRAPHS_SIGMA = 0.7;
export const MAX_PARAGRAPHS_PER_ARTICLE = 80;
/** Weights of 1 … 7 sentences per paragraph (mean ~2.2). */
export const NEWS_SENTENCES_PER_PARAGRAPH = [40, 30, 15, 8, 4, 2, 1] as const;
/** Under the loader's 2,500-character cut, so a generated paragraph is always one passage. */
export const MAX_PARAGRAPH_CHARS = 2400;

export function newsModels(pool: SentencePool): Record<Language, NewsLanguageModel> {
  return {
    en: new NewsLanguageModel('en', commonWords(pool.en, 'en')),
    ar: new NewsLanguageModel('ar', commonWords(pool.ar, 'ar')),
  };
}

function paragraph(model: NewsLanguageModel, random: Random): string[] {
  const count = 1 + random.weighted(NEWS_SENTENCES_PER_PARAGRAPH);
  const sentences: string[] = [];
  let length = 0;
  for (let i = 0; i < count; i++) {
    const sentence = model.sentence(random);
    if (sentences.length > 0 && length + 1 + sentence.length > MAX_PARAGRAPH_CHARS) break;
    sentences.push(sentence);
    length += sentence.length + 1;
  }
  return sentences;
}

/** A corpus of exactly `passages` paragraphs. */
export function generateNewsCorpus(pool: SentencePool, options: GenerateOptions): GeneratedCorpus {
  const models = newsModels(pool);
  const random = Random.derive(options.seed, 'news-corpus');
  const documents: GeneratedDocument[] = [];
  let total = 0;
  while (total < options.passages) {
    const language: Language = random.next() < ARABIC_SHARE ? 'ar' : 'en';
    const model = models[language];
    const wanted = Math.round(Math.min(MAX_PARAGRAPHS_PER_ARTICLE, Math.max(1, random.lognormal(PARAGRAPHS_MEDIAN, PARAGRAPHS_SIGMA))));
    const count = Math.min(wanted, options.passages - total);
    const title = model.headline(random);
    const paragraphs: string[][] = [];
    const seen = new Set<string>([title]);
    while (paragraphs.length < count) {
      const next = paragraph(model, random);
      // The loader keeps a paragraph repeated within an article once (captions); never make one.
      const text = paragraphText(next);
      if (seen.has(text)) continue;
      seen.add(text);
      paragraphs.push(next);
    }
    total += paragraphs.length;
    documents.push({ file: `${String(documents.length).padStart(6, '0')}-${language}.txt`, language, title, paragraphs });
  }
  return { generator: NEWS_GENERATOR_VERSION, seed: options.seed, targetPassages: options.passages, poolHash: pool.hash, documents };
}

/**
 * The first `passages` paragraphs of a corpus, as generateNewsCorpus would make them for that size
 * with the same seed (its articles are drawn one after another from one stream, and the last one
 * is cut short): the growth series generates its largest corpus once and takes the others from it.
 */
export function prefixOf(corpus: GeneratedCorpus, passages: number): GeneratedCorpus {
  const documents: GeneratedDocument[] = [];
  let total = 0;
  for (const document of corpus.documents) {
    if (total >= passages) break;
    const take = Math.min(document.paragraphs.length, passages - total);
    documents.push(take === document.paragraphs.length ? document : { ...document, paragraphs: document.paragraphs.slice(0, take) });
    total += take;
  }
  return { ...corpus, targetPassages: passages, documents };
}
