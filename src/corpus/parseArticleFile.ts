import type { CorpusDocument, Language, Passage } from '../core/types.js';
import { detectLanguage } from '../core/detectLanguage.js';
import { isAbbreviation, splitSentences } from '../core/splitSentences.js';
import { fnv1a } from '../core/fnv1a.js';

/**
 * Bump whenever a change here can change the documents produced from the same file, so that
 * index snapshots built with older rules are recognised as stale.
 */
export const PARSER_VERSION = 'isnad-parser-4';

/**
 * The longest passage. Paragraphs are what a reader cites, so this only guards against a file
 * without paragraph structure (one 5 MB line became one passage, and one answer 1,261 messages):
 * the longest real paragraph in the seed and evaluation corpora is 2,078 characters (XQuAD en),
 * and every one of them stays whole; a passage this long still fits one 4,096-character embed
 * unless escaping and line prefixes add more than 1,596 characters to it.
 */
export const MAX_PASSAGE_LENGTH = 2500;

/** Ids must fit Discord's 100-character custom_id limit, including any suffix added later. */
const MAX_SLUG_LENGTH = 72;
const TITLE_LENGTH = 90;
const HEADLINE_MAX_LENGTH = 120;
const HEADLINE_MAX_WORDS = 20;
/** Nobody hard-wraps wider than this; a longer line means one paragraph per line. */
const MAX_WRAP_WIDTH = 120;
/** A line this much shorter than its block's width ends a hard-wrapped paragraph. */
const SHORT_LINE_RATIO = 0.6;

type MetaKey = 'source' | 'url' | 'author' | 'date';

type LineKind = 'blank' | 'separator' | 'chrome' | 'meta' | 'text';

interface Line {
  readonly start: number;
  readonly end: number;
  /** Bounds after trimming whitespace and invisible marks, and after a markdown heading marker. */
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly content: string;
  readonly kind: LineKind;
  readonly meta?: { readonly key: MetaKey; readonly value: string };
  /** Markdown heading level (.md only). */
  readonly heading?: number;
}

/** The file as a sequence of paragraphs and of the lines between them. */
type Unit =
  | {
      readonly kind: 'paragraph';
      readonly lines: readonly Line[];
      /** A one-line paragraph that the page printed twice in a row: a picture caption. */
      readonly caption: boolean;
    }
  | { readonly kind: Exclude<LineKind, 'text'>; readonly line: Line };

type Paragraph = Extract<Unit, { kind: 'paragraph' }>;

interface FileMeta {
  title?: string;
  source?: string;
  url?: string;
  author?: string;
  date?: string;
  language?: Language;
}

// Whitespace plus the zero-width and bidi marks that Arabic pages sprinkle around text.
const INVISIBLE = /[\s\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/;
const INVISIBLE_RUN = /[\s\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]+/g;
const HAS_LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const SENTENCE_FINAL = /[.!?؟…]["'”’»)\]]*$/u;
const LIST_ITEM = /^(?:[-*+•▪●–]\s|\d{1,3}[.)]\s)/u;

/**
 * Site chrome seen as whole lines on news pages. Compared lowercased, without a trailing colon.
 * Kept to phrases that are never a sentence on their own, so real content cannot be dropped.
 */
const CHROME_LINES = new Set([
  'menu',
  'main menu',
  'in',
  'by',
  'home',
  'search',
  'close',
  'toggle navigation',
  'skip to content',
  'skip to main content',
  'share',
  'share this',
  'share this article',
  'share this story',
  'share on facebook',
  'share on twitter',
  'tweet',
  'email',
  'e-mail',
  'print',
  'copy link',
  'advertisement',
  'advertisements',
  'sponsored',
  'read more',
  'read also',
  'see also',
  'more',
  'related',
  'related articles',
  'related posts',
  'related news',
  'related stories',
  'more stories',
  'you may also like',
  'recommended',
  'most read',
  'most popular',
  'follow us',
  'follow us on',
  'subscribe',
  'sign in',
  'log in',
  'login',
  'sign up',
  'register',
  'leave a reply',
  'leave a comment',
  'comments',
  'no comments',
  'cancel reply',
  'post navigation',
  'previous article',
  'next article',
  'previous post',
  'next post',
  'back to top',
  'exit mobile version',
  'facebook',
  'twitter',
  'whatsapp',
  'telegram',
  'linkedin',
  'reddit',
  'pinterest',
  'listen to this article',
  'font size',
  'all rights reserved',
  'شارك',
  'مشاركة',
  'شارك المقال',
  'طباعة',
  'اقرأ أيضا',
  'اقرأ أيضاً',
  'اقرأ ايضا',
  'اقرأ المزيد',
  'المزيد',
  'إعلان',
  'اعلان',
  'تابعنا',
  'تابعونا',
  'ذات صلة',
  'مواضيع ذات صلة',
  'أخبار ذات صلة',
  'اخبار ذات صلة',
  'الأكثر قراءة',
  'أضف تعليق',
  'أضف تعليقك',
  'التعليقات',
  'القائمة',
  'الرئيسية',
  'بحث',
  'إغلاق',
]);

const CHROME_PATTERNS: readonly RegExp[] = [
  // Tag lists, with or without tags after the colon.
  /^(?:tags?|keywords|topics|categories|category|filed under|الوسوم|وسوم|الكلمات المفتاحية|كلمات مفتاحية)\s*[:：].{0,200}$/iu,
  /^(?:written|posted|published|edited) by\s+\S.{0,60}(?<![.!?؟])$/iu,
  // A stray all-caps token some sites print above the headline (font-size toggles and the like).
  /^[A-Z]{2}$/,
  // Update stamps ("تحديث: 13.00 ت.غ", "Updated: 10:45 GMT"): a time, not content.
  // The colon is required so that a sentence such as "Updated figures show 40 dead." survives.
  /^(?:تحديث|آخر تحديث|اخر تحديث|تم التحديث|updated?|last updated)\s*[:：]\s*(?:[^\n]{0,40}\d[^\n]{0,40})?$/iu,
  /^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4})).{0,120}$/iu,
  /^\d+\s+comments?$/i,
];

const META_PATTERNS: readonly { readonly key: MetaKey; readonly pattern: RegExp }[] = [
  { key: 'url', pattern: /^(?:link|url|source url|original url|original link|الرابط|رابط المقال|رابط)\s*[:：]\s*<?(https?:\/\/\S+?)>?$/iu },
  { key: 'url', pattern: /^<?(https?:\/\/\S+?)>?$/iu },
  { key: 'source', pattern: /^(?:source|sources|المصدر|المصادر|مصدر)\s*[:：]\s*(.{1,120})$/iu },
  { key: 'author', pattern: /^\(\s*(?:author|by|written by|الكاتب|بقلم)\s*[:：]?\s*(.{1,80}?)\s*\)$/iu },
  { key: 'author', pattern: /^(?:author|الكاتب|كتب|كتبت|إعداد|اعداد)\s*[:：]\s*(.{1,80})$/iu },
  { key: 'author', pattern: /^بقلم\s*[:：]?\s*(.{1,80})$/u },
  { key: 'date', pattern: /^(?:date|dated|published|published on|posted on|التاريخ|تاريخ النشر|نشر في)\s*[:：]\s*([^\n]{0,40}\d[^\n]{0,40})$/iu },
];

const NAME_CONNECTORS = new Set(['and', '&', 'de', 'da', 'al', 'el', 'bin', 'ibn', 'van', 'von', 'der', 'la', 'le', 'du', 'of', 'in']);

export function normalizeForCompare(s: string): string {
  return s.normalize('NFC').replace(INVISIBLE_RUN, ' ').trim();
}

function endsSentence(s: string): boolean {
  return SENTENCE_FINAL.test(s);
}

/** "By Jane Doe" as a whole line; a sentence starting with "By" has lowercase words or ends in a stop. */
function bylineAuthor(content: string): string | undefined {
  const m = /^by\s+(.{2,80})$/i.exec(content);
  if (!m?.[1]) return undefined;
  const name = m[1].trim();
  if (endsSentence(name) && !/\b\p{Lu}\.$/u.test(name)) return undefined;
  const words = name.split(/[\s,]+/).filter(Boolean);
  if (words.length === 0 || words.length > 8) return undefined;
  const nameLike = words.every((w) => /^\p{Lu}/u.test(w) || NAME_CONNECTORS.has(w.toLowerCase()) || /^(?:al|el)-\p{Lu}/u.test(w));
  return nameLike && /^\p{Lu}/u.test(words[0] ?? '') ? name : undefined;
}

export function matchMeta(content: string): { key: MetaKey; value: string } | undefined {
  for (const { key, pattern } of META_PATTERNS) {
    const m = pattern.exec(content);
    const value = m?.[1]?.trim();
    if (value) return { key, value };
  }
  const author = bylineAuthor(content);
  return author ? { key: 'author', value: author } : undefined;
}

export function isChrome(content: string): boolean {
  const key = content
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\s*[:：.…»›>|]+$/u, '');
  if (CHROME_LINES.has(key)) return true;
  return CHROME_PATTERNS.some((p) => p.test(content));
}

interface RawLine {
  readonly start: number;
  readonly end: number;
}

function splitLines(text: string): RawLine[] {
  const lines: RawLine[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      lines.push({ start, end: i });
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
      start = i + 1;
    }
  }
  lines.push({ start, end: text.length });
  return lines;
}

function trimBounds(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && INVISIBLE.test(text.charAt(s))) s++;
  while (e > s && INVISIBLE.test(text.charAt(e - 1))) e--;
  return [s, e];
}

function classify(text: string, raw: RawLine, isMarkdown: boolean): Line {
  let [cs, ce] = trimBounds(text, raw.start, raw.end);
  const base = { start: raw.start, end: raw.end };
  if (cs === ce) return { ...base, contentStart: cs, contentEnd: ce, content: '', kind: 'blank' };
  let heading: number | undefined;
  if (isMarkdown) {
    const m = /^(#{1,6})[ \t]+/.exec(text.slice(cs, ce));
    if (m?.[1]) {
      heading = m[1].length;
      const closing = /[ \t]+#+$/.exec(text.slice(cs, ce));
      [cs, ce] = trimBounds(text, cs + m[0].length, closing ? ce - closing[0].length : ce);
    }
  }
  const content = text.slice(cs, ce);
  const withHeading = heading === undefined ? {} : { heading };
  const line = { ...base, ...withHeading, contentStart: cs, contentEnd: ce, content };
  if (!HAS_LETTER_OR_DIGIT.test(content)) return { ...line, kind: 'separator' };
  if (heading === undefined) {
    if (isChrome(content)) return { ...line, kind: 'chrome' };
    const meta = matchMeta(content);
    if (meta) return { ...line, kind: 'meta', meta };
  }
  return { ...line, kind: 'text' };
}

function isHeadlineLike(line: Line): boolean {
  if (line.kind !== 'text') return false;
  const c = line.content;
  if (c.length > HEADLINE_MAX_LENGTH || c.split(/\s+/).length > HEADLINE_MAX_WORDS) return false;
  if (endsSentence(c) || /[:;,،]$/.test(c)) return false;
  if (/^\p{Ll}/u.test(c) || LIST_ITEM.test(c)) return false;
  return true;
}

/** A paragraph that can be a headline: a single short line, or a top-level markdown heading. */
function headlineLine(paragraph: Paragraph): Line | undefined {
  const [line, ...rest] = paragraph.lines;
  if (!line || rest.length > 0) return undefined;
  return line.heading === 1 || isHeadlineLike(line) ? line : undefined;
}

function parseFrontMatter(text: string, lines: readonly RawLine[]): { meta: FileMeta; bodyFrom: number } {
  const none = { meta: {}, bodyFrom: 0 };
  const lineText = (i: number): string => {
    const l = lines[i];
    return l ? text.slice(l.start, l.end) : '';
  };
  if (lineText(0).trim() !== '---') return none;
  const meta: FileMeta = {};
  for (let i = 1; i < Math.min(lines.length, 100); i++) {
    const raw = lineText(i);
    if (raw.trim() === '---' || raw.trim() === '...') return { meta, bodyFrom: i + 1 };
    if (raw.trim() === '' || /^[\s-]/.test(raw)) continue;
    const m = /^([A-Za-z_][\w-]*)\s*:\s*(.*)$/.exec(raw);
    if (!m?.[1]) return none;
    const value = (m[2] ?? '')
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .trim();
    if (!value) continue;
    switch (m[1].toLowerCase()) {
      case 'title':
      case 'headline':
        meta.title = value;
        break;
      case 'source':
      case 'publisher':
        meta.source = value;
        break;
      case 'url':
      case 'link':
        meta.url = value;
        break;
      case 'date':
      case 'published':
        meta.date = value;
        break;
      case 'author':
      case 'by':
        meta.author = value;
        break;
      case 'language':
      case 'lang': {
        const language = languageFromName(value);
        if (language) meta.language = language;
        break;
      }
    }
  }
  return none;
}

export function languageFromName(value: string): Language | undefined {
  const v = value.toLowerCase();
  if (/^(?:en|eng|english)(?:[-_]\w+)?$/.test(v) || v === 'الإنجليزية' || v === 'الانجليزية') return 'en';
  if (/^(?:ar|ara|arabic)(?:[-_]\w+)?$/.test(v) || v === 'العربية' || v === 'عربي') return 'ar';
  return undefined;
}

/**
 * Where a new article starts: after a gap of two or more empty lines, or after the previous
 * article's closing source/link line, when the next paragraph looks like a headline or a caption;
 * and at every level-1 markdown heading after some text.
 */
function splitArticles(units: readonly Unit[]): Unit[][] {
  const articles: Unit[][] = [[]];
  let blankRun = 0;
  let hasText = false;
  let hasBody = false;
  let closed = false;
  for (const unit of units) {
    switch (unit.kind) {
      case 'blank':
      case 'separator':
        blankRun++;
        break;
      case 'chrome':
        break;
      case 'meta':
        blankRun = 0;
        if ((unit.line.meta?.key === 'source' || unit.line.meta?.key === 'url') && hasBody) closed = true;
        break;
      case 'paragraph': {
        const headline = headlineLine(unit);
        const starts = hasText && (((closed || blankRun >= 2) && (headline !== undefined || unit.caption)) || headline?.heading === 1);
        if (starts) {
          articles.push([]);
          hasBody = false;
        }
        // Body text right after a source line means it was a mid-article credit, not an ending.
        closed = false;
        hasText = true;
        if (!headline && unit.lines[0]?.heading === undefined) hasBody = true;
        blankRun = 0;
        break;
      }
    }
    articles[articles.length - 1]?.push(unit);
  }
  return articles;
}

/**
 * Breaks a run of consecutive text lines into paragraphs. Lines that mostly end mid-sentence and
 * never exceed a plausible wrap width are a hard-wrapped paragraph (split again after a line
 * much shorter than the others, the usual end of a paragraph); otherwise every line is its own.
 */
function splitRun(run: readonly Line[]): Line[][] {
  if (run.length <= 1) return run.length ? [[...run]] : [];
  const lengths = run.map((l) => l.content.length);
  // A loop, not Math.max(...lengths): a file without blank lines can hold more lines than a call has arguments.
  const width = lengths.reduce((max, n) => Math.max(n, max), 0);
  const nonLast = run.slice(0, -1);
  const sentenceEnds = nonLast.filter((l) => endsSentence(l.content)).length;
  const wrapped = width <= MAX_WRAP_WIDTH && sentenceEnds * 2 < nonLast.length;
  if (!wrapped) return run.map((l) => [l]);
  const paragraphs: Line[][] = [];
  let current: Line[] = [];
  run.forEach((line, i) => {
    const next = run[i + 1];
    if (current.length > 0 && LIST_ITEM.test(line.content)) {
      paragraphs.push(current);
      current = [];
    }
    current.push(line);
    const short = (lengths[i] ?? 0) < width * SHORT_LINE_RATIO;
    if (!next || short) {
      paragraphs.push(current);
      current = [];
    }
  });
  if (current.length) paragraphs.push(current);
  return paragraphs;
}

function sameText(a: Line, b: Line): boolean {
  return normalizeForCompare(a.content) === normalizeForCompare(b.content);
}

/**
 * Groups text lines into paragraphs. Any other line ends the paragraph before it, so a passage
 * (one contiguous slice of the file) can never swallow chrome or metadata. A line repeated right
 * below itself is kept once and marked as a caption.
 */
function buildUnits(lines: readonly Line[]): Unit[] {
  const units: Unit[] = [];
  const captions = new Set<Line>();
  let run: Line[] = [];
  const flush = (): void => {
    for (const paragraph of splitRun(run)) {
      const only = paragraph.length === 1 ? paragraph[0] : undefined;
      units.push({ kind: 'paragraph', lines: paragraph, caption: only !== undefined && captions.has(only) });
    }
    run = [];
  };
  let previous: Line | undefined;
  for (const line of lines) {
    if (line.kind !== 'text') {
      flush();
      units.push({ kind: line.kind, line });
      previous = undefined;
    } else if (previous && sameText(previous, line)) {
      captions.add(previous);
      flush();
    } else if (line.heading !== undefined) {
      flush();
      run = [line];
      flush();
      previous = line;
    } else {
      run.push(line);
      previous = line;
    }
  }
  flush();
  return units;
}

function firstSentence(text: string): string {
  const re = /[.!?؟…]+["'”’»)\]]*(?=\s|$)/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].startsWith('.')) {
      const word = /(\S+)$/.exec(text.slice(0, m.index))?.[1] ?? '';
      const bare = word.replace(/^["'“‘«(]+/u, '').toLowerCase();
      // The sentence splitter's abbreviations; single letters and dotted acronyms ("U.S") are initials.
      if (isAbbreviation(bare) || /^\p{L}$/u.test(bare) || /^(?:\p{L}\.)+\p{L}$/u.test(bare)) continue;
    }
    return text.slice(0, m.index + m[0].length);
  }
  return text;
}

/** Cuts at a word boundary so a title never ends inside a word. */
function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  const head = (space > max / 3 ? cut.slice(0, space) : cut).replace(/[\s,;:،؛\-–—]+$/u, '');
  return `${head}…`;
}

export function titleFromText(text: string): string {
  // Only the opening matters, and scanning a huge paragraph for its first sentence is wasted work.
  const collapsed = normalizeForCompare(text.slice(0, 4 * TITLE_LENGTH));
  const sentence = firstSentence(collapsed).replace(/[.]+$/, '');
  // A paragraph that opens with a stop (". word") has no first sentence to speak of.
  return shorten(HAS_LETTER_OR_DIGIT.test(sentence) ? sentence : collapsed, TITLE_LENGTH);
}

function slugId(file: string): { slug: string; lossy: boolean } {
  const noExt = file.replace(/\.[^./]*$/, '');
  const folded = noExt
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const lossy = /[\p{L}\p{N}]/u.test(folded.replace(/[a-z0-9]/g, ''));
  let slug = folded.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length > MAX_SLUG_LENGTH) {
    const cut = slug.slice(0, MAX_SLUG_LENGTH);
    const hyphen = cut.lastIndexOf('-');
    slug = (hyphen > MAX_SLUG_LENGTH / 2 ? cut.slice(0, hyphen) : cut).replace(/-+$/, '');
  }
  return { slug, lossy };
}

/** Enough to tell apart names that slug to the same thing, and needs no crypto. */
export function shortHash(s: string): string {
  return fnv1a(s).toString(16).padStart(8, '0');
}

/**
 * The id stem of a file's documents: a slug of its path without the extension. Names that do
 * not survive slugging (Arabic, for one) get a hash of the path so they stay distinct.
 */
export function documentIdBase(file: string, forceHash = false): string {
  const { slug, lossy } = slugId(file);
  if (!slug) return `doc-${shortHash(file)}`;
  return lossy || forceHash ? `${slug}-${shortHash(file)}` : slug;
}

/** 0-based article index within its file; the first article carries no suffix. */
export function articleId(base: string, index: number): string {
  return index === 0 ? base : `${base}-${index + 1}`;
}

/**
 * A paragraph as pieces of at most MAX_PASSAGE_LENGTH: whole sentences packed together while they
 * fit. splitSentences already cuts a sentence longer than its own bound (at whitespace, otherwise
 * hard, never inside a surrogate pair), so a paragraph without stops is cut the same way. Each
 * piece is trimmed like a paragraph and is an exact slice of the file text.
 */
export function paragraphPieces(text: string, start: number, end: number): { start: number; end: number }[] {
  if (end - start <= MAX_PASSAGE_LENGTH) return [{ start, end }];
  const pieces: { start: number; end: number }[] = [];
  let piece: { start: number; end: number } | undefined;
  const flush = () => {
    if (piece === undefined) return;
    const [s, e] = trimBounds(text, piece.start, piece.end);
    if (e > s) pieces.push({ start: s, end: e });
    piece = undefined;
  };
  for (const sentence of splitSentences(text, start, end)) {
    if (piece !== undefined && sentence.end - piece.start > MAX_PASSAGE_LENGTH) flush();
    piece = piece === undefined ? { start: sentence.start, end: sentence.end } : { start: piece.start, end: sentence.end };
  }
  flush();
  return pieces;
}

export function rankLanguages(passages: readonly Passage[], declared: Language | undefined, title: string): Language[] {
  const counts = new Map<Language, number>();
  for (const p of passages) {
    const language = detectLanguage(p.text);
    if (language) counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  if (counts.size === 0) {
    const fromTitle = detectLanguage(title);
    if (fromTitle) counts.set(fromTitle, 1);
  }
  // Map iteration order is first appearance, and sort is stable, so ties keep document order.
  const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([language]) => language);
  return declared ? [declared, ...ranked.filter((l) => l !== declared)] : ranked;
}

interface Draft {
  readonly title: string;
  readonly meta: Omit<FileMeta, 'title' | 'language'>;
  readonly passages: Passage[];
  readonly languages: Language[];
}

function buildArticle(text: string, units: readonly Unit[], front: FileMeta, first: boolean): Draft | undefined {
  const found: Omit<FileMeta, 'title' | 'language'> = {};
  for (const unit of units) {
    const meta = unit.kind === 'meta' ? unit.line.meta : undefined;
    if (meta && found[meta.key] === undefined) found[meta.key] = meta.value;
  }
  const paragraphs = units.filter((u): u is Paragraph => u.kind === 'paragraph');

  let title = first ? front.title : undefined;
  const lead = paragraphs[0];
  const headline = lead && !lead.caption ? headlineLine(lead) : undefined;
  let consumed: Paragraph | undefined;
  if (headline) {
    if (title === undefined) {
      title = normalizeForCompare(headline.content);
      consumed = lead;
    } else if (normalizeForCompare(headline.content) === normalizeForCompare(title)) {
      consumed = lead;
    }
  }
  // A headline repeated below itself (sites print it above and below the picture) is not content.
  const seen = new Set<string>(headline && consumed ? [normalizeForCompare(headline.content)] : []);

  const passages: Passage[] = [];
  for (const paragraph of paragraphs) {
    const firstLine = paragraph.lines[0];
    const lastLine = paragraph.lines[paragraph.lines.length - 1];
    if (paragraph === consumed || !firstLine || !lastLine) continue;
    const start = firstLine.contentStart;
    const end = lastLine.contentEnd;
    const key = normalizeForCompare(text.slice(start, end));
    if (seen.has(key)) continue;
    seen.add(key);
    // The pieces of an oversized paragraph are numbered as paragraphs of their own, in order:
    // a citation's ¶ n and the Context button then work on them as on any other.
    for (const piece of paragraphPieces(text, start, end)) {
      passages.push({ paragraph: passages.length + 1, start: piece.start, end: piece.end, text: text.slice(piece.start, piece.end) });
    }
  }
  const firstPassage = passages[0];
  if (!firstPassage) return undefined;

  if (title === undefined) {
    const caption = lead?.caption ? lead.lines[0] : undefined;
    title = caption ? shorten(normalizeForCompare(caption.content), TITLE_LENGTH) : titleFromText(firstPassage.text);
  }
  const meta = {
    ...found,
    ...(front.source ? { source: front.source } : {}),
    ...(front.url ? { url: front.url } : {}),
    ...(front.author ? { author: front.author } : {}),
    ...(front.date ? { date: front.date } : {}),
  };
  return { title, meta, passages, languages: rankLanguages(passages, front.language, title) };
}

/**
 * Splits one corpus file into articles and paragraphs. `file` is the path relative to the corpus
 * folder with forward slashes; `text` is the decoded content without a BOM. Every passage is an
 * exact slice of `text`: cleaning only ever chooses which lines become passages and where a
 * passage starts and ends, it never rewrites the words.
 */
export function parseArticleFile(file: string, text: string): CorpusDocument[] {
  const raw = splitLines(text);
  const { meta: front, bodyFrom } = parseFrontMatter(text, raw);
  const isMarkdown = /\.(?:md|markdown)$/i.test(file);
  const units = buildUnits(raw.slice(bodyFrom).map((l) => classify(text, l, isMarkdown)));

  const base = documentIdBase(file);
  const documents: CorpusDocument[] = [];
  for (const article of splitArticles(units)) {
    const draft = buildArticle(text, article, front, documents.length === 0);
    if (!draft) continue;
    documents.push({
      id: articleId(base, documents.length),
      file,
      title: draft.title,
      ...draft.meta,
      languages: draft.languages,
      passages: draft.passages,
    });
  }
  return documents;
}
