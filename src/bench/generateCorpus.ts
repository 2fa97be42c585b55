import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Language } from '../core/types.js';
import { Random } from './prng.js';
import type { SentencePool } from './sentencePool.js';

/**
 * Benchmark corpora made of real sentences: documents of 5–30 paragraphs, each paragraph 1–6
 * sentences drawn from the pool of one language, written as plain .txt files so that the benchmark
 * measures the whole pipeline (loadCorpus, parsing, indexing).
 *
 * Bump GENERATOR_VERSION whenever the same seed and pool would give different files: a cached
 * corpus is reused only when its manifest names the same version, seed, size and pool.
 */
export const GENERATOR_VERSION = 'isnad-bench-corpus-1';

/** Share of documents written in Arabic (the motivating corpus was Arabic news). */
export const ARABIC_SHARE = 0.6;
export const MIN_PARAGRAPHS = 5;
export const MAX_PARAGRAPHS = 30;
/**
 * Weights of 1, 2 … 6 sentences per paragraph. News paragraphs are short (the shipped articles:
 * 87% one sentence); these weights give ~1.6 sentences, ~350 bytes of UTF-8 per paragraph with the
 * pool's sentence lengths, so 150,000 paragraphs come to ~52 MB like the motivating measurement
 * (150,000 Arabic news paragraphs, 52 MB).
 */
export const SENTENCES_PER_PARAGRAPH = [62, 25, 7, 3, 2, 1] as const;

export interface GeneratedDocument {
  /** File name inside the corpus folder. */
  readonly file: string;
  readonly language: Language;
  readonly title: string;
  /** Each paragraph as the list of pool sentences it is made of (joined by one space in the file). */
  readonly paragraphs: readonly (readonly string[])[];
}

export interface GeneratedCorpus {
  /** Which generator made it, and which version of it: part of the cache key. */
  readonly generator: string;
  readonly seed: number;
  readonly targetPassages: number;
  readonly poolHash: string;
  readonly documents: readonly GeneratedDocument[];
}

export interface GenerateOptions {
  readonly passages: number;
  readonly seed: number;
}

export function paragraphText(sentences: readonly string[]): string {
  return sentences.join(' ');
}

function titleFrom(sentence: string, random: Random): string {
  const words = sentence.split(/\s+/).filter(Boolean);
  // Strictly fewer words than the sentence, so a title never equals (and swallows) a paragraph.
  const count = Math.max(1, Math.min(random.int(4, 9), words.length - 1));
  return words
    .slice(0, count)
    .join(' ')
    .replace(/[\s.,;:!?؟،؛…"'“”«»()[\]-]+$/u, '');
}

function makeParagraph(pool: readonly string[], random: Random): string[] {
  const count = Math.min(1 + random.weighted(SENTENCES_PER_PARAGRAPH), pool.length);
  const chosen: string[] = [];
  while (chosen.length < count) {
    const sentence = random.pick(pool);
    if (!chosen.includes(sentence)) chosen.push(sentence);
  }
  return chosen;
}

/** A corpus of exactly `passages` paragraphs (the last document may be shorter than 5). */
export function generateCorpus(pool: SentencePool, options: GenerateOptions): GeneratedCorpus {
  if (pool.en.length === 0 && pool.ar.length === 0) throw new Error('the sentence pool is empty: no source text found');
  const random = Random.derive(options.seed, 'corpus');
  const documents: GeneratedDocument[] = [];
  let total = 0;
  while (total < options.passages) {
    const wantArabic = random.next() < ARABIC_SHARE;
    const language: Language = (wantArabic && pool.ar.length > 0) || pool.en.length === 0 ? 'ar' : 'en';
    const sentences = pool[language];
    const count = Math.min(random.int(MIN_PARAGRAPHS, MAX_PARAGRAPHS), options.passages - total);
    const title = titleFrom(random.pick(sentences), random);
    const paragraphs: string[][] = [];
    const seen = new Set<string>();
    // The parser keeps a paragraph repeated within an article once; never generate a repeat.
    for (let attempts = 0; paragraphs.length < count && attempts < count * 20; attempts++) {
      const paragraph = makeParagraph(sentences, random);
      const text = paragraphText(paragraph);
      if (seen.has(text)) continue;
      seen.add(text);
      paragraphs.push(paragraph);
    }
    total += paragraphs.length;
    documents.push({ file: `${String(documents.length).padStart(6, '0')}-${language}.txt`, language, title, paragraphs });
  }
  return { generator: GENERATOR_VERSION, seed: options.seed, targetPassages: options.passages, poolHash: pool.hash, documents };
}

/** The file as written: front matter (title, language), then one paragraph per line between blank lines. */
export function renderDocument(document: GeneratedDocument): string {
  const header = `---\ntitle: ${document.title}\nlanguage: ${document.language}\nsource: isnad benchmark (generated)\n---\n`;
  return `${header}\n${document.paragraphs.map(paragraphText).join('\n\n')}\n`;
}

export interface CorpusManifest {
  readonly generator: string;
  readonly seed: number;
  readonly targetPassages: number;
  readonly poolHash: string;
  readonly documents: number;
  readonly passages: number;
  readonly bytes: number;
  readonly languages: Record<Language, number>;
}

export function manifestOf(corpus: GeneratedCorpus): CorpusManifest {
  let passages = 0;
  let bytes = 0;
  const languages: Record<Language, number> = { en: 0, ar: 0 };
  for (const document of corpus.documents) {
    passages += document.paragraphs.length;
    bytes += Buffer.byteLength(renderDocument(document));
    languages[document.language] += document.paragraphs.length;
  }
  return {
    generator: corpus.generator,
    seed: corpus.seed,
    targetPassages: corpus.targetPassages,
    poolHash: corpus.poolHash,
    documents: corpus.documents.length,
    passages,
    bytes,
    languages,
  };
}

/**
 * Cache folder for a corpus: its .txt files are in `<dir>/corpus`, its manifest in `<dir>/manifest.json`.
 * `kind` keeps the generators' corpora apart (`corpus` for this one, the first, `news` for generateNewsCorpus).
 */
export function corpusCacheDir(cacheRoot: string, passages: number, seed: number, poolHash: string, kind = 'corpus'): string {
  return path.join(cacheRoot, `${kind}-${formatSize(passages)}-${seed}-${poolHash}`);
}

export function formatSize(passages: number): string {
  if (passages >= 1_000_000 && passages % 1_000_000 === 0) return `${passages / 1_000_000}m`;
  if (passages >= 1000 && passages % 1000 === 0) return `${passages / 1000}k`;
  return String(passages);
}

/** "1k" → 1000, "150k" → 150000, "2.5k" → 2500, "1m" → 1000000, "800" → 800. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: "${text}" (examples: 1k, 10k, 150k, 2500)`);
  const value = Number(m[1]) * (m[2]?.toLowerCase() === 'k' ? 1000 : m[2]?.toLowerCase() === 'm' ? 1_000_000 : 1);
  if (!Number.isInteger(value) || value < 1) throw new Error(`not a whole, positive number of passages: "${text}"`);
  return value;
}

async function readManifest(dir: string): Promise<CorpusManifest | undefined> {
  try {
    return JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as CorpusManifest;
  } catch {
    return undefined;
  }
}

/**
 * Writes the corpus under `dir` unless a complete copy from the same generator, seed, size and pool
 * is already there. Written to a temporary folder and renamed, so an interrupted run leaves no
 * half corpus behind that a later run would trust.
 */
export async function writeCorpus(corpus: GeneratedCorpus, dir: string): Promise<{ manifest: CorpusManifest; reused: boolean }> {
  const manifest = manifestOf(corpus);
  const existing = await readManifest(dir);
  if (existing && JSON.stringify(existing) === JSON.stringify(manifest)) return { manifest, reused: true };
  const temporary = `${dir}.tmp-${process.pid}`;
  await rm(temporary, { recursive: true, force: true });
  await mkdir(path.join(temporary, 'corpus'), { recursive: true });
  for (const document of corpus.documents) {
    await writeFile(path.join(temporary, 'corpus', document.file), renderDocument(document));
  }
  await writeFile(path.join(temporary, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(temporary, dir);
  return { manifest, reused: false };
}
