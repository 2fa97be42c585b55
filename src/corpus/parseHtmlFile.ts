import { createRequire } from 'node:module';
import type { CorpusDocument, Passage } from '../core/types.js';
import { decodeHtml, type DecodeHtmlOptions } from './decodeHtml.js';
import { extractArticle, type ExtractedArticle, type ExtractOptions, type NotArticle } from './extractArticle.js';
import { documentIdBase, languageFromName, paragraphPieces, rankLanguages, titleFromText } from './parseArticleFile.js';

const require = createRequire(import.meta.url);

/**
 * The extraction depends on the libraries as much as on this code: another Readability can find
 * other blocks, and then offsets would point into another text. Their versions are part of the
 * corpus fingerprint, so a snapshot built with others is rebuilt.
 */
export const HTML_EXTRACTOR_VERSION = `readability-${(require('@mozilla/readability/package.json') as { version: string }).version} linkedom-${(require('linkedom/package.json') as { version: string }).version}`;

/** A page's bytes decoded as it declares, then its article extracted: what loading an .html file does. */
export function extractArticleFromBytes(bytes: Uint8Array, options: ExtractOptions & DecodeHtmlOptions = {}): ExtractedArticle | NotArticle {
  const decoded = decodeHtml(bytes, options);
  if (decoded.kind === 'refused') return { kind: 'not-article', reason: decoded.reason };
  return extractArticle(decoded.html, options);
}

/** A page's document: one article per page, its passages the article's paragraphs (an oversized one in pieces). */
export function htmlDocument(file: string, article: ExtractedArticle): CorpusDocument | undefined {
  const { text, meta } = article;
  const passages: Passage[] = [];
  for (const block of article.paragraphs) {
    for (const piece of paragraphPieces(text, block.start, block.end)) {
      passages.push({ paragraph: passages.length + 1, start: piece.start, end: piece.end, text: text.slice(piece.start, piece.end) });
    }
  }
  const firstPassage = passages[0];
  if (firstPassage === undefined) return undefined;
  const title = article.title !== '' ? article.title : titleFromText(firstPassage.text);
  const declared = meta.lang !== undefined ? languageFromName(meta.lang) : undefined;
  return {
    id: documentIdBase(file),
    file,
    title,
    ...(meta.source !== undefined ? { source: meta.source } : {}),
    ...(meta.url !== undefined ? { url: meta.url } : {}),
    ...(meta.author !== undefined ? { author: meta.author } : {}),
    ...(meta.date !== undefined ? { date: meta.date } : {}),
    languages: rankLanguages(passages, declared, title),
    passages,
  };
}

/**
 * An .html or .htm file of the corpus as documents (one, or none when it holds no article), or why
 * it cannot be used. Every passage is a slice of the page's reader text (`extractArticle`'s `text`),
 * which is what citations' offsets index for an HTML file.
 */
export function parseHtmlFile(
  file: string,
  bytes: Uint8Array,
): { readonly documents: CorpusDocument[] } | { readonly refused: { readonly kind: 'not-article' | 'no-paragraphs'; readonly reason: string } } {
  const article = extractArticleFromBytes(bytes);
  if (article.kind === 'not-article') return { refused: { kind: 'not-article', reason: `not an article: ${article.reason}` } };
  const document = htmlDocument(file, article);
  if (document === undefined)
    return { refused: { kind: 'no-paragraphs', reason: 'no paragraphs after extracting the article (only headings, links or site chrome)' } };
  return { documents: [document] };
}

/** The text a file's offsets point into, for an HTML file: its reader text; undefined when it has none now. */
export function htmlReaderText(bytes: Uint8Array): string | undefined {
  const article = extractArticleFromBytes(bytes);
  return article.kind === 'article' ? article.text : undefined;
}
