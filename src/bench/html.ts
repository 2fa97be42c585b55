import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { SearchIndex } from '../core/SearchIndex.js';
import type { CorpusDocument } from '../core/types.js';
import { decodeHtml } from '../corpus/decodeHtml.js';
import { loadCorpus } from '../corpus/loadCorpus.js';
import { extractArticleFromBytes, parseHtmlFile } from '../corpus/parseHtmlFile.js';
import { Random } from './prng.js';

/**
 * HTML articles in `npm run bench`: extraction quality on the hand-written fixtures
 * (test/fixtures/html, ground truth in its expected.json), extraction throughput, and the refresh
 * time (read, extract, index) of a folder of generated pages.
 */

export interface FixtureSpec {
  /** CSS selector of the element holding the article's paragraphs. */
  readonly body: string;
  /** Parts of `body` that are not the article (an advert slot, a "read more" box). */
  readonly exclude: readonly string[];
  /** Site chrome of the page: none of it may be quoted. */
  readonly chrome: readonly string[];
  readonly meta: Readonly<Record<string, unknown>>;
}

export interface FixtureQuality {
  readonly file: string;
  readonly paragraphs: number;
  readonly kept: number;
  readonly missed: readonly string[];
  readonly chromeLines: number;
  readonly leaked: readonly string[];
}

const LEAF_BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, figcaption, pre, td, th, dd, dt';

const normalise = (text: string): string => text.replace(/[\s\u00a0]+/g, ' ').trim();

/** A chrome line leaks when a passage holds it (short ones, like "Home", only as the whole passage). */
export function leaks(chrome: string, passages: readonly string[]): boolean {
  const line = normalise(chrome);
  return passages.some((passage) => (line.length >= 12 ? normalise(passage).includes(line) : normalise(passage) === line));
}

/**
 * The article's paragraphs by the fixture's ground truth: the text of each leaf block under `body`,
 * read with the DOM alone (not with the extractor being measured), less `exclude` and chrome lines.
 */
export function expectedParagraphs(bytes: Uint8Array, spec: FixtureSpec): string[] {
  const decoded = decodeHtml(bytes);
  if (decoded.kind === 'refused') throw new Error(`fixture not decodable: ${decoded.reason}`);
  const { parseHTML } = createRequire(import.meta.url)('linkedom') as typeof import('linkedom');
  const { document } = parseHTML(decoded.html);
  const body = document.querySelector(spec.body);
  if (body === null) throw new Error(`fixture has no ${spec.body}`);
  for (const selector of spec.exclude) for (const element of [...body.querySelectorAll(selector)]) element.remove();
  const chrome = new Set(spec.chrome.map(normalise));
  return [...body.querySelectorAll(LEAF_BLOCKS)]
    .filter((element) => element.querySelector(LEAF_BLOCKS) === null)
    .map((element) => normalise(element.textContent ?? ''))
    .filter((text) => text !== '' && !chrome.has(text));
}

export async function readFixtures(dir: string): Promise<{ file: string; bytes: Buffer; spec: FixtureSpec }[]> {
  const specs = JSON.parse(await readFile(path.join(dir, 'expected.json'), 'utf8')) as Record<string, FixtureSpec | string>;
  const fixtures = [];
  for (const [file, spec] of Object.entries(specs)) {
    if (typeof spec === 'string') continue;
    fixtures.push({ file, bytes: await readFile(path.join(dir, file)), spec });
  }
  return fixtures;
}

export function fixtureQuality(file: string, bytes: Uint8Array, spec: FixtureSpec): FixtureQuality {
  const parsed = parseHtmlFile(file, bytes);
  const passages = 'documents' in parsed ? parsed.documents.flatMap((d) => d.passages.map((p) => p.text)) : [];
  const expected = expectedParagraphs(bytes, spec);
  const shown = passages.map(normalise);
  const missed = expected.filter((paragraph) => !shown.some((passage) => passage.includes(paragraph)));
  return {
    file,
    paragraphs: expected.length,
    kept: expected.length - missed.length,
    missed,
    chromeLines: spec.chrome.length,
    leaked: spec.chrome.filter((line) => leaks(line, passages)),
  };
}

/**
 * `count` distinct news pages shaped like the fixtures (navigation, cookie banner, adverts,
 * related links, comments, JSON-LD), each with 6–14 paragraphs drawn from `paragraphs`.
 */
export function generateHtmlPages(count: number, paragraphs: readonly string[], seed = 42): { name: string; html: string }[] {
  const random = new Random(seed);
  const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const pages = [];
  for (let i = 0; i < count; i++) {
    const body = Array.from({ length: random.int(6, 14) }, () => paragraphs[random.int(0, paragraphs.length - 1)]!);
    const title = `Report ${i + 1}: ${body[0]!.split(/\s+/).slice(0, 8).join(' ')}`;
    const date = `2024-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} | Bench Gazette</title>
<meta property="og:title" content="${escapeHtml(title)}"><meta property="og:site_name" content="Bench Gazette">
<link rel="canonical" href="https://bench.example/news/${i + 1}">
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: title, datePublished: `${date}T08:00:00Z`, author: { name: 'Bench Writer' }, publisher: { name: 'Bench Gazette' } })}</script>
</head><body><div class="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<div class="ad-slot"><p>Advertisement</p></div>
<main><article><h1>${escapeHtml(title)}</h1><p class="byline">By Bench Writer</p><div class="share"><a href="#">Share</a><a href="#">Tweet</a></div>
<div class="story-body">${body.map((p, n) => `${n === 3 ? `<h2>${escapeHtml(p.split(/\s+/).slice(0, 4).join(' '))}</h2>` : ''}<p>${escapeHtml(p)}</p>`).join('\n')}</div>
</article><aside class="related"><h3>Related</h3><ul><li><a href="/x/${i}">Another story ${i}</a></li><li><a href="/y/${i}">Yet another story ${i}</a></li></ul></aside>
<section id="comments"><h3>Comments</h3><p>First comment on page ${i + 1}.</p></section></main>
<footer><p>&copy; 2024 Bench Gazette</p></footer></body></html>`;
    pages.push({ name: `page-${String(i + 1).padStart(4, '0')}.html`, html });
  }
  return pages;
}

export interface HtmlFigures {
  readonly fixtures: readonly FixtureQuality[];
  readonly pages: number;
  readonly pagesPerSecond: number;
  /** Read, extract and index the folder of `pages` pages, no snapshot (what a refresh's build does). */
  readonly refreshMs: number;
  readonly documents: number;
  readonly passages: number;
}

export async function measureHtml(options: {
  fixturesDir: string;
  scratchDir: string;
  pages: number;
  progress?: (message: string) => void;
}): Promise<HtmlFigures> {
  const fixtures = await readFixtures(options.fixturesDir);
  const quality = fixtures.map(({ file, bytes, spec }) => fixtureQuality(file, bytes, spec));
  const english = fixtures
    .filter((f) => f.file.startsWith('en-'))
    .flatMap(({ bytes, spec }) => expectedParagraphs(bytes, spec))
    .filter((p) => p.length > 60);
  const pages = generateHtmlPages(options.pages, english);
  const encoded = pages.map((page) => Buffer.from(page.html));
  // Warm up the libraries and the JIT on a few pages first.
  for (const bytes of encoded.slice(0, 20)) extractArticleFromBytes(bytes);
  options.progress?.(`html: extracting ${encoded.length} pages`);
  const started = performance.now();
  for (const bytes of encoded) extractArticleFromBytes(bytes);
  const pagesPerSecond = encoded.length / ((performance.now() - started) / 1000);

  const dir = path.join(options.scratchDir, 'html-corpus');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await Promise.all(pages.map((page, i) => writeFile(path.join(dir, page.name), encoded[i]!)));
  options.progress?.(`html: loading and indexing ${(await readdir(dir)).length} pages`);
  const refreshStarted = performance.now();
  const corpus = await loadCorpus(dir);
  const index = SearchIndex.build(corpus.documents as CorpusDocument[]);
  const refreshMs = performance.now() - refreshStarted;
  await rm(dir, { recursive: true, force: true });
  return { fixtures: quality, pages: pages.length, pagesPerSecond, refreshMs, documents: index.documents.length, passages: index.passageCount };
}

export function renderHtmlFigures(figures: HtmlFigures): string {
  const rows = figures.fixtures.map(
    (f) =>
      `| ${f.file} | ${f.kept} / ${f.paragraphs} | ${f.leaked.length} / ${f.chromeLines}${f.leaked.length > 0 ? ` (${f.leaked.map((l) => `“${l}”`).join(', ')})` : ''} |`,
  );
  const kept = figures.fixtures.reduce((n, f) => n + f.kept, 0);
  const total = figures.fixtures.reduce((n, f) => n + f.paragraphs, 0);
  const leaked = figures.fixtures.reduce((n, f) => n + f.leaked.length, 0);
  const chrome = figures.fixtures.reduce((n, f) => n + f.chromeLines, 0);
  return [
    '## HTML articles',
    '',
    '| fixture | article paragraphs kept | chrome lines leaked |',
    '|---|--:|--:|',
    ...rows,
    `| **all** | **${kept} / ${total} (${((100 * kept) / Math.max(1, total)).toFixed(1)} %)** | **${leaked} / ${chrome}** |`,
    '',
    `Extraction (decode, Readability, reader text): ${figures.pagesPerSecond.toFixed(0)} pages per second. ` +
      `Refresh of a folder of ${figures.pages} generated pages (read, extract, index; no snapshot): ${(figures.refreshMs / 1000).toFixed(2)} s ` +
      `(${figures.documents} documents, ${figures.passages} passages).`,
  ].join('\n');
}
