import { decodeHtml } from './decodeHtml.js';
import { extractArticleFromBytes } from './parseHtmlFile.js';

/**
 * A fetched web page as it is saved into the corpus folder: a file that describes itself, so that
 * loading it needs nothing but its bytes (no record in DATA_DIR, and the folder can be moved).
 *
 * - It is saved as UTF-8 with a byte order mark, which every reader takes before any `<meta
 *   charset>`: a charset the server sent (HTTP `Content-Type`) but the page does not declare would
 *   otherwise be lost, and the page decoded otherwise when loaded.
 * - Where and when it was fetched are added to its head (`isnad:source-url`, `isnad:fetched-at`).
 * - Where the page lacks them, its link (`<link rel="canonical">`) and the feed's publisher, date
 *   and author (`og:site_name`, `article:published_time`, `author`) are added to its head. They are
 *   never part of the reader text, so no quote changes; tags the page has win over them.
 */

export interface PageFacts {
  /** The address the page was fetched from, after redirects. */
  readonly url: string;
  /** When it was fetched: kept in the page (`isnad:fetched-at`), as a text page keeps it in its front matter. */
  readonly fetchedAt: Date;
  /** The charset of the HTTP `Content-Type`, if any. */
  readonly transportCharset?: string;
  readonly publisher?: string;
  readonly date?: string;
  readonly author?: string;
}

export type PageForCorpus = { readonly kind: 'page'; readonly bytes: Uint8Array } | { readonly kind: 'refused'; readonly reason: string };

export function pageForCorpus(body: Uint8Array, facts: PageFacts): PageForCorpus {
  const extracted = extractArticleFromBytes(body, facts.transportCharset === undefined ? {} : { transportCharset: facts.transportCharset });
  if (extracted.kind !== 'article') return { kind: 'refused', reason: extracted.reason };
  // Where and when it came from, as the text pages' front matter says it (url, fetched).
  const tags = [
    `<meta name="isnad:source-url" content="${attribute(facts.url)}">`,
    `<meta name="isnad:fetched-at" content="${facts.fetchedAt.toISOString()}">`,
  ];
  if (extracted.meta.url === undefined) tags.push(`<link rel="canonical" href="${attribute(facts.url)}">`);
  if (extracted.meta.source === undefined && facts.publisher !== undefined) tags.push(`<meta property="og:site_name" content="${attribute(facts.publisher)}">`);
  if (extracted.meta.date === undefined && facts.date !== undefined) tags.push(`<meta property="article:published_time" content="${attribute(facts.date)}">`);
  if (extracted.meta.author === undefined && facts.author !== undefined) tags.push(`<meta name="author" content="${attribute(facts.author)}">`);
  const decoded = decodeHtml(body, facts.transportCharset === undefined ? {} : { transportCharset: facts.transportCharset });
  if (decoded.kind !== 'decoded') return { kind: 'refused', reason: decoded.reason };
  const head = /<head\b[^>]*>/i.exec(decoded.html);
  const at = head === null ? 0 : head.index + head[0].length;
  const html = `${decoded.html.slice(0, at)}${tags.join('')}${decoded.html.slice(at)}`;
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(html)]);
  // What is saved must read back as the article that was checked, word for word.
  const saved = extractArticleFromBytes(bytes);
  if (saved.kind !== 'article' || saved.text !== extracted.text)
    return { kind: 'refused', reason: 'the page could not be saved so that it reads back the same' };
  return { kind: 'page', bytes };
}

function attribute(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
