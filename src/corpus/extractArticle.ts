import type { Readability as ReadabilityClass } from '@mozilla/readability';
import type { parseHTML as ParseHtml } from 'linkedom';
import { createRequire } from 'node:module';
import { isChrome, matchMeta, normalizeForCompare } from './parseArticleFile.js';

/**
 * A saved web page as a reader sees it. Mozilla's Readability (Firefox's reader view) finds the
 * article in the page; this module then lays its blocks out as text, the way the reader view
 * renders them, and reads the page's own metadata.
 *
 * The text it produces is what quotes of an HTML file point into: the article's blocks (headings,
 * paragraphs, list items, block quotes, captions…) in page order, each as rendered — entities
 * decoded, runs of whitespace collapsed to one space, a `<br>` a line break, `<pre>` kept as
 * written — separated by one blank line. The same page always gives the same text.
 */

/** Where a block of the extracted text came from: what lets a caller tell paragraphs from the rest. */
export type BlockKind = 'heading' | 'paragraph' | 'list-item' | 'quote' | 'caption' | 'preformatted' | 'cell';

export interface TextBlock {
  readonly kind: BlockKind;
  /** Offsets in `text` (UTF-16 code units); `text.slice(start, end)` is the block, trimmed. */
  readonly start: number;
  readonly end: number;
  /** The share of the block's characters that are link text: a block that is all link points elsewhere. */
  readonly linkShare: number;
}

export interface PageMeta {
  readonly title?: string;
  /** The publisher (JSON-LD `publisher`, `og:site_name`). */
  readonly source?: string;
  /** The page's canonical address, absolute `http(s)` only. */
  readonly url?: string;
  readonly author?: string;
  /** `YYYY-MM-DD` when the page gives an ISO 8601 date, otherwise as the page writes it. */
  readonly date?: string;
  /** `<html lang>` (or JSON-LD `inLanguage`, `og:locale`), as written. */
  readonly lang?: string;
  readonly dir?: 'rtl' | 'ltr';
}

export interface ExtractedArticle {
  readonly kind: 'article';
  /** The page's title from its metadata, or the reader view's. */
  readonly title: string;
  /** The reader text: what every offset into this page means. */
  readonly text: string;
  /** Every block of `text`, in order. */
  readonly blocks: readonly TextBlock[];
  /** The blocks that are the article's own text, in order: what is indexed and quoted. */
  readonly paragraphs: readonly TextBlock[];
  readonly meta: PageMeta;
}

export interface NotArticle {
  readonly kind: 'not-article';
  /** For people (a moderator reads it). */
  readonly reason: string;
}

export interface ExtractOptions {
  /**
   * Fewer characters of text than this, over all blocks, and the page is not an article (default 1).
   * A fetcher deciding whether a link is worth keeping may ask for more.
   */
  readonly minCharacters?: number;
}

/**
 * The tags that start and end a block of text when rendered. Everything else is inline: its text
 * runs on in the block around it.
 */
const BLOCK_KIND: Readonly<Record<string, BlockKind>> = {
  H1: 'heading',
  H2: 'heading',
  H3: 'heading',
  H4: 'heading',
  H5: 'heading',
  H6: 'heading',
  P: 'paragraph',
  DIV: 'paragraph',
  SECTION: 'paragraph',
  ARTICLE: 'paragraph',
  MAIN: 'paragraph',
  HEADER: 'paragraph',
  FOOTER: 'paragraph',
  ASIDE: 'paragraph',
  NAV: 'paragraph',
  ADDRESS: 'paragraph',
  CENTER: 'paragraph',
  FORM: 'paragraph',
  FIELDSET: 'paragraph',
  DETAILS: 'paragraph',
  SUMMARY: 'paragraph',
  DL: 'paragraph',
  DD: 'paragraph',
  DT: 'paragraph',
  FIGURE: 'paragraph',
  HGROUP: 'paragraph',
  UL: 'list-item',
  OL: 'list-item',
  LI: 'list-item',
  BLOCKQUOTE: 'quote',
  FIGCAPTION: 'caption',
  CAPTION: 'caption',
  PRE: 'preformatted',
  TABLE: 'cell',
  TBODY: 'cell',
  THEAD: 'cell',
  TFOOT: 'cell',
  TR: 'cell',
  TD: 'cell',
  TH: 'cell',
  BODY: 'paragraph',
  HTML: 'paragraph',
};

/** Never rendered as text. */
const UNRENDERED = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'SVG',
  'IFRAME',
  'OBJECT',
  'EMBED',
  'CANVAS',
  'SELECT',
  'TEXTAREA',
  'BUTTON',
  'INPUT',
  'IMG',
  'VIDEO',
  'AUDIO',
  'MATH',
]);

/**
 * Page parts that are never the article, removed before Readability looks at the page. Readability
 * removes them too when the article is long, but on a short one it retries without its filters and
 * can keep a cookie banner or a menu.
 */
const CHROME_TAGS = ['nav', 'aside', 'form', 'button', 'dialog', 'footer'];
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'dialog', 'alertdialog', 'search', 'menu', 'menubar', 'toolbar']);
const CHROME_NAME =
  /(?:^|[-_\s])(?:cookies?|consent|gdpr|newsletter|subscribe|subscription|paywall|promo|adv?|ads|adverts?|advertisement|adslot|ad-?slot|sponsored|share|sharing|social|related|relatedposts|read-?also|recommended|comments?|comment-respond|respond|disqus|breadcrumbs?|outbrain|taboola|most-?read|most-?popular|widget-area|sidebar|skip-link|print-links|tags|post-tags)(?:$|[-_\s])/i;

/** A block that is only this (after trimming) leads into a link to another article. */
const READ_MORE = /^(?:read more|read also|see also|related|more on this|اقرأ أيضاً?|اقرأ ايضا|اقرأ المزيد|ذات صلة)\s*[:：]/iu;

const ARTICLE_TYPES =
  /^(?:Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|AskPublicNewsArticle|SatiricalArticle|BlogPosting|LiveBlogPosting|Report|TechArticle|ScholarlyArticle)$/;

const COLLAPSIBLE = /[ \t\n\r\f\u00a0]+/g;
// Trimmed from block edges like the text parser trims lines: zero-width and bidi marks included.
const EDGE = /^[\s\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]+|[\s\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]+$/g;

const TITLE_LIMIT = 300;
const META_LIMIT = 200;

// linkedom's nodes, typed by what this module uses (the project's lib has no DOM types).
interface DomNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly childNodes: ArrayLike<DomNode>;
  readonly parentNode: DomNode | null;
  readonly textContent: string | null;
}
interface DomElement extends DomNode {
  readonly tagName: string;
  getAttribute(name: string): string | null;
  hasAttribute(name: string): boolean;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  closest(selector: string): DomElement | null;
  contains(other: DomNode): boolean;
  remove(): void;
}
interface DomDocument {
  readonly documentElement: DomElement | null;
  readonly body: DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
  querySelector(selector: string): DomElement | null;
}

const require = createRequire(import.meta.url);
let libraries: { readonly parseHTML: typeof ParseHtml; readonly Readability: typeof ReadabilityClass } | undefined;

/**
 * Loaded at the first page, not with the module: the two take 150–200 ms to load, and the bot's
 * process, which imports this through the corpus service, may never see a page.
 */
function html(): NonNullable<typeof libraries> {
  libraries ??= {
    parseHTML: (require('linkedom') as { parseHTML: typeof ParseHtml }).parseHTML,
    Readability: (require('@mozilla/readability') as { Readability: typeof ReadabilityClass }).Readability,
  };
  return libraries;
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

function clean(value: unknown, limit = META_LIMIT): string | undefined {
  if (typeof value !== 'string') return undefined;
  const collapsed = value.replace(COLLAPSIBLE, ' ').replace(EDGE, '');
  if (collapsed === '') return undefined;
  return collapsed.length > limit ? `${collapsed.slice(0, limit - 1).replace(/\s+\S*$/u, '')}…` : collapsed;
}

/** Builds the reader text block by block, as a browser lays out `white-space: normal` text. */
class TextLayout {
  text = '';
  readonly blocks: TextBlock[] = [];
  private current = '';
  private linked = 0;
  private kind: BlockKind = 'paragraph';
  /** Whether the block so far ends in a collapsible space (dropped if nothing follows it). */
  private pendingSpace = false;
  /** Whether the last text added was link text. */
  private linkOpen = false;

  open(kind: BlockKind): void {
    this.flush();
    this.kind = kind;
  }

  close(): void {
    this.flush();
  }

  inline(raw: string, linked: boolean, preformatted: boolean): void {
    const pieces = preformatted ? raw.replace(/\r\n?/g, '\n') : raw.replace(COLLAPSIBLE, ' ');
    for (const piece of preformatted ? [pieces] : pieces.split(/( )/)) {
      if (piece === '') continue;
      if (piece === ' ' && !preformatted) {
        if (this.current !== '' && !this.current.endsWith('\n')) this.pendingSpace = true;
        continue;
      }
      if (this.pendingSpace) {
        this.current += ' ';
        // A space inside a link is link text; one before a link is not.
        if (linked && this.linkOpen) this.linked += 1;
        this.pendingSpace = false;
      }
      this.current += piece;
      if (linked) this.linked += piece.length;
      this.linkOpen = linked;
    }
  }

  lineBreak(): void {
    // A space before a line break is not rendered; a break at a block's very start makes no line.
    this.pendingSpace = false;
    if (this.current !== '') this.current += '\n';
  }

  private flush(): void {
    const trimmed = this.current.replace(EDGE, '');
    const linked = Math.min(this.linked, trimmed.length);
    this.current = '';
    this.linked = 0;
    this.pendingSpace = false;
    this.linkOpen = false;
    if (trimmed === '') return;
    if (this.text !== '') this.text += '\n\n';
    const start = this.text.length;
    this.text += trimmed;
    this.blocks.push({ kind: this.kind, start, end: this.text.length, linkShare: linked / trimmed.length });
  }
}

function layOut(root: DomNode): TextLayout {
  const layout = new TextLayout();
  const visit = (node: DomNode, linked: boolean, preformatted: boolean, kind: BlockKind): void => {
    if (node.nodeType === TEXT_NODE) {
      layout.inline(node.textContent ?? '', linked, preformatted);
      return;
    }
    if (node.nodeType !== ELEMENT_NODE) return;
    const name = node.nodeName.toUpperCase();
    if (UNRENDERED.has(name)) return;
    if (name === 'BR') {
      layout.lineBreak();
      return;
    }
    const blockKind = BLOCK_KIND[name];
    // A block inside a list item or a quote is still part of that item or quote.
    const inner = blockKind === undefined ? kind : kind === 'paragraph' || blockKind === 'heading' || blockKind === 'caption' ? blockKind : kind;
    if (blockKind !== undefined) layout.open(inner);
    const childLinked = linked || name === 'A';
    const childPre = preformatted || name === 'PRE';
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) visit(children[i]!, childLinked, childPre, inner);
    if (blockKind !== undefined) layout.open(kind);
  };
  visit(root, false, false, 'paragraph');
  layout.close();
  return layout;
}

function attributeWords(element: DomElement): string {
  return `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`;
}

function isHidden(element: DomElement): boolean {
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  return /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(element.getAttribute('style') ?? '');
}

/**
 * Removes what is never the article. An element that holds the article (an `<article>` or `<main>`
 * inside it, or most of the page's text) is kept whatever its name says: "comments-enabled" on a
 * wrapper must not take the story with it.
 */
function removeChrome(document: DomDocument): void {
  const body = document.body;
  if (body === null) return;
  const pageText = (body.textContent ?? '').replace(COLLAPSIBLE, '').length;
  const holdsArticle = (element: DomElement): boolean =>
    element.querySelectorAll('article, main, [role="main"]').length > 0 || (element.textContent ?? '').replace(COLLAPSIBLE, '').length > pageText / 2;
  const doomed: DomElement[] = [];
  const all = body.querySelectorAll('*');
  for (let i = 0; i < all.length; i++) {
    const element = all[i]!;
    const tag = element.tagName.toLowerCase();
    if (UNRENDERED.has(tag.toUpperCase()) && tag !== 'img') {
      doomed.push(element);
      continue;
    }
    if (tag === 'article' || tag === 'main' || tag === 'body') continue;
    const role = element.getAttribute('role');
    const chrome =
      isHidden(element) ||
      CHROME_TAGS.includes(tag) ||
      (tag === 'header' && element.closest('article') === null) ||
      (role !== null && CHROME_ROLES.has(role.toLowerCase())) ||
      CHROME_NAME.test(attributeWords(element));
    if (chrome && !holdsArticle(element)) doomed.push(element);
  }
  for (const element of doomed) element.remove();
}

type Json = unknown;

function asArray(value: Json): readonly Json[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typesOf(node: Record<string, Json>): string[] {
  return asArray(node['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^https?:\/\/schema\.org\//, ''));
}

interface JsonLdArticle {
  readonly headline?: string;
  readonly datePublished?: string;
  readonly author?: string;
  readonly publisher?: string;
  readonly url?: string;
  readonly inLanguage?: string;
}

/** The first schema.org article in the page's JSON-LD, with `@id` references into its graph resolved. */
function readJsonLd(document: DomDocument): JsonLdArticle {
  const nodes: Record<string, Json>[] = [];
  const scripts = document.querySelectorAll('script[type="application/ld+json"]');
  for (let i = 0; i < scripts.length; i++) {
    let parsed: Json;
    try {
      parsed = JSON.parse((scripts[i]!.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, ''));
    } catch {
      continue;
    }
    const collect = (value: Json, depth: number): void => {
      if (depth > 3) return;
      for (const item of asArray(value)) {
        if (!isRecord(item)) continue;
        nodes.push(item);
        if (item['@graph'] !== undefined) collect(item['@graph'], depth + 1);
      }
    };
    collect(parsed, 0);
  }
  const byId = new Map<string, Record<string, Json>>();
  for (const node of nodes) if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  const resolve = (value: Json): Json =>
    isRecord(value) && typeof value['@id'] === 'string' && value['name'] === undefined ? (byId.get(value['@id']) ?? value) : value;
  const nameOf = (value: Json): string | undefined => {
    const resolved = resolve(value);
    return typeof resolved === 'string' ? clean(resolved) : isRecord(resolved) ? clean(resolved['name']) : undefined;
  };
  const article = nodes.find((node) => typesOf(node).some((t) => ARTICLE_TYPES.test(t)));
  if (article === undefined) return {};
  const authors = asArray(article['author'])
    .map(nameOf)
    .filter((name): name is string => name !== undefined);
  const page = resolve(article['mainEntityOfPage']);
  const url = [article['url'], typeof page === 'string' ? page : isRecord(page) ? (page['@id'] ?? page['url']) : undefined].find((u) => typeof u === 'string');
  const found = {
    headline: clean(article['headline'], TITLE_LIMIT) ?? clean(article['name'], TITLE_LIMIT),
    datePublished: clean(article['datePublished']),
    author: authors.length > 0 ? clean(authors.join(', ')) : undefined,
    publisher: asArray(article['publisher'])
      .map(nameOf)
      .find((name) => name !== undefined),
    url: typeof url === 'string' ? url : undefined,
    inLanguage: clean(typeof article['inLanguage'] === 'string' ? article['inLanguage'] : nameOf(article['inLanguage'])),
  };
  return Object.fromEntries(Object.entries(found).filter(([, value]) => value !== undefined));
}

function metaContent(document: DomDocument, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const element = document.querySelector(`meta[property="${key}"], meta[name="${key}"]`);
    const value = clean(element?.getAttribute('content'), TITLE_LIMIT);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Only absolute http(s) addresses: a citation's link must never be `javascript:` or a path on nobody's server. */
function httpUrl(value: string | undefined | null, base?: string): string | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  try {
    const url = base === undefined ? new URL(value.trim()) : new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function normaliseDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const iso = /^(\d{4}-\d{2}-\d{2})(?:$|[T ]\d)/.exec(value);
  return iso?.[1] ?? value;
}

function readMeta(document: DomDocument, jsonLd: JsonLdArticle): PageMeta & { readonly rawTitle?: string } {
  const og = metaContent(document, ['og:url']);
  const canonical = document.querySelector('link[rel~="canonical"]')?.getAttribute('href');
  const pageUrl = httpUrl(og) ?? httpUrl(jsonLd.url);
  const url = httpUrl(canonical, pageUrl) ?? pageUrl;
  const author =
    jsonLd.author ??
    metaContent(document, ['author', 'dc.creator', 'parsely-author']) ??
    (() => {
      const articleAuthor = metaContent(document, ['article:author']);
      return articleAuthor !== undefined && httpUrl(articleAuthor) === undefined ? articleAuthor : undefined;
    })();
  const root = document.documentElement;
  const dir = root?.getAttribute('dir')?.toLowerCase() ?? document.body?.getAttribute('dir')?.toLowerCase();
  const lang = clean(root?.getAttribute('lang')) ?? jsonLd.inLanguage ?? metaContent(document, ['og:locale', 'language', 'content-language']);
  const title = jsonLd.headline ?? metaContent(document, ['og:title', 'twitter:title', 'dc.title']);
  const meta = {
    title,
    source: jsonLd.publisher ?? metaContent(document, ['og:site_name', 'application-name']),
    url,
    author,
    date: normaliseDate(
      jsonLd.datePublished ?? metaContent(document, ['article:published_time', 'datePublished', 'date', 'pubdate', 'parsely-pub-date', 'dc.date']),
    ),
    lang,
    dir: dir === 'rtl' || dir === 'ltr' ? dir : undefined,
  };
  return Object.fromEntries(Object.entries(meta).filter(([, value]) => value !== undefined));
}

/**
 * The publisher named in a `<title>` around the headline ("Headline | Site", "Site :: Headline"),
 * when the page names it nowhere else.
 */
function siteFromTitle(rawTitle: string | undefined, headline: string): string | undefined {
  if (rawTitle === undefined || headline === '' || rawTitle === headline) return undefined;
  let name: string | undefined;
  if (rawTitle.startsWith(headline)) {
    const rest = rawTitle.slice(headline.length);
    const separator = /^\s*(?:::|[|\-–—·:»])\s*/u.exec(rest);
    if (separator !== null) name = rest.slice(separator[0].length);
  } else if (rawTitle.endsWith(headline)) {
    const rest = rawTitle.slice(0, rawTitle.length - headline.length);
    const separator = /\s*(?:::|[|\-–—·:«])\s*$/u.exec(rest);
    if (separator !== null) name = rest.slice(0, separator.index);
  }
  return name !== undefined && name.length <= 80 ? clean(name) : undefined;
}

/**
 * Which blocks are the article's paragraphs: not the headline above it, not site chrome that
 * Readability let through ("Share this story", "Advertisement"), not a link to another article,
 * not a byline or dateline that is metadata, and a caption the page prints twice only once.
 */
function selectParagraphs(
  text: string,
  blocks: readonly TextBlock[],
  title: string,
): { paragraphs: TextBlock[]; found: Partial<Record<'author' | 'source' | 'url' | 'date', string>> } {
  const found: Partial<Record<'author' | 'source' | 'url' | 'date', string>> = {};
  const seen = new Set<string>();
  const headline = normalizeForCompare(title);
  const paragraphs: TextBlock[] = [];
  blocks.forEach((block, i) => {
    const content = text.slice(block.start, block.end);
    const key = normalizeForCompare(content);
    if (i === 0 && block.kind === 'heading' && key === headline) return;
    if (isChrome(content) || isLinkBlock(text, block)) return;
    const line = block.kind === 'heading' || content.length > 200 ? undefined : matchMeta(content);
    if (line !== undefined) {
      found[line.key] ??= line.value;
      return;
    }
    if (seen.has(key)) return;
    seen.add(key);
    paragraphs.push(block);
  });
  return { paragraphs, found };
}

/**
 * The article of a page and its metadata, or why the page holds none. Pure (no I/O) and
 * deterministic: the same `page` always gives the same result.
 */
export function extractArticle(page: string, options: ExtractOptions = {}): ExtractedArticle | NotArticle {
  const minCharacters = options.minCharacters ?? 1;
  const { parseHTML, Readability } = html();
  const { document } = parseHTML(page) as unknown as { document: DomDocument };
  if (document.documentElement === null) return { kind: 'not-article', reason: 'the page has no HTML document in it' };
  const jsonLd = readJsonLd(document);
  const meta = readMeta(document, jsonLd);
  const rawTitle = clean(document.querySelector('title')?.textContent, TITLE_LIMIT);
  removeChrome(document);
  // Readability reads the DOM through the standard interface linkedom implements; the cast is for the type checker only.
  const reader = new Readability<DomNode>(document as never, { serializer: (node) => node as unknown as DomNode }).parse();
  if (reader === null || reader.content === null || reader.content === undefined) {
    return { kind: 'not-article', reason: 'no article text found on the page (an index, a form or an empty page)' };
  }
  const layout = layOut(reader.content);
  const title = meta.title ?? clean(reader.title, TITLE_LIMIT) ?? '';
  const { paragraphs, found } = selectParagraphs(layout.text, layout.blocks, title);
  const characters = paragraphs.reduce((sum, block) => sum + (block.end - block.start), 0);
  if (paragraphs.length === 0) return { kind: 'not-article', reason: 'no article paragraphs on the page (only links, headings or site chrome)' };
  if (characters < minCharacters) return { kind: 'not-article', reason: `too little article text (${characters} characters)` };
  const readerAuthor = reader.byline ? clean(reader.byline.replace(/^\s*(?:by|بقلم)\s*[:：]?\s*/iu, '')) : undefined;
  const full: PageMeta = {
    ...meta,
    author: meta.author ?? found.author ?? readerAuthor,
    source: meta.source ?? clean(reader.siteName ?? undefined) ?? siteFromTitle(rawTitle, title) ?? found.source,
    url: meta.url ?? httpUrl(found.url),
    date: meta.date ?? normaliseDate(clean(reader.publishedTime ?? undefined)) ?? found.date,
    ...(title !== '' ? { title } : {}),
  };
  const present = Object.fromEntries(Object.entries(full).filter(([, value]) => value !== undefined)) as PageMeta;
  return { kind: 'article', title, text: layout.text, blocks: layout.blocks, paragraphs, meta: present };
}

/** Whether a block is a link to another article ("Read more: …", a related-stories line) rather than text of this one. */
export function isLinkBlock(text: string, block: TextBlock): boolean {
  const content = text.slice(block.start, block.end);
  return block.linkShare >= 0.9 || (READ_MORE.test(content) && block.linkShare >= 0.5);
}
