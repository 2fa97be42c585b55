import {
  clip,
  DISCORD_LIMITS,
  embedLength,
  escapeMarkdown,
  type ActionRow,
  type Button,
  type Embed,
  type FileAttachment,
  type MessagePayload,
} from './discordMessage.js';
import { LABELS, type Labels } from './labels.js';
import { fnv1a } from './fnv1a.js';
import { splitSentences } from './splitSentences.js';
import type { Answer, Citation, CorpusDocument, Extract, Language } from './types.js';

/**
 * Answers and articles rendered for Discord as plain message payloads, each ONE message: a single
 * reply can never flood a channel. Quotes are escaped and never edited; one too long for the
 * message is shown up to a sentence end (a verbatim prefix, its clip marked outside the quote
 * marks) with its full text attached as a file. Only metadata (titles) is shortened in place.
 * Buttons carry their whole state in `custom_id` so they keep working after a restart.
 */

export const PAGE_SIZE = 3;
const ACCENT = 0x2f6f5e;

/** custom_id of the buttons: `more:<offset>` and `ctx:<document key>:<paragraph>`. */
export type ButtonAction =
  | { readonly kind: 'more'; readonly offset: number }
  | { readonly kind: 'context'; readonly documentKey: string; readonly paragraph: number };

export function encodeButton(action: ButtonAction): string {
  return action.kind === 'more' ? `more:${action.offset}` : `ctx:${action.documentKey}:${action.paragraph}`;
}

export function decodeButton(customId: string): ButtonAction | undefined {
  const more = /^more:(\d{1,4})$/.exec(customId);
  if (more) return { kind: 'more', offset: Number(more[1]) };
  const context = /^ctx:([0-9a-z]{1,40}):(\d{1,6})$/.exec(customId);
  if (context) return { kind: 'context', documentKey: context[1]!, paragraph: Number(context[2]) };
  return undefined;
}

/**
 * A short, stable key for a document, for custom_ids (which hold 100 characters at most while a
 * document id may be that long): FNV-1a of the id, in base 36.
 */
export function documentKey(documentId: string): string {
  return fnv1a(documentId).toString(36);
}

const BUTTONS: Record<Language, { more: string; context: (n: number) => string }> = {
  en: { more: 'More', context: (n) => `Context ${n}` },
  ar: { more: 'المزيد', context: (n) => `السياق ${n}` },
};

/** One citation line: number, linked title, publisher, date, paragraph. */
export function citationLine(n: number, citation: Citation, labels: Labels): string {
  const title = escapeMarkdown(clip(citation.title, 120));
  const linked = citation.url !== undefined ? `[${title}](${citation.url.replace(/[()\s]/g, percentEncode)})` : `**${title}**`;
  const parts = [`**[${n}]** ${linked}`];
  if (citation.source !== undefined) parts.push(escapeMarkdown(clip(citation.source, 80)));
  if (citation.date !== undefined) parts.push(escapeMarkdown(clip(citation.date, 40)));
  parts.push(`${labels.paragraph} ${citation.paragraph}`);
  if (citation.language !== undefined) parts.push(labels.writtenIn[citation.language]);
  return parts.join(' · ');
}

/** `(` → `%28`: encodeURIComponent leaves parentheses as they are, and a `)` would end the link. */
function percentEncode(ch: string): string {
  return encodeURIComponent(ch).replace(/[()]/g, (paren) => `%${paren.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A quote as a Discord block quote: every line prefixed, the text escaped. */
export function blockQuote(text: string): string {
  return prefixLines(escapeMarkdown(text));
}

function prefixLines(escaped: string): string {
  return escaped
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

/** Marks a clipped quote, after its closing quote mark: what is shown stays a verbatim prefix. */
export const CLIP_MARK = '…';

/**
 * The longest prefix of `text` for which `fits` holds, ending at a sentence end when any does,
 * otherwise at whitespace, otherwise anywhere but inside a surrogate pair. `fits` must hold for
 * shorter prefixes whenever it holds for a longer one. Empty when not even one character fits.
 */
export function fittingPrefix(text: string, fits: (prefix: string) => boolean): string {
  if (fits(text)) return text;
  const ends = splitSentences(text).map((span) => span.end);
  const sentences = largest(ends.length, (k) => fits(text.slice(0, ends[k - 1]!)));
  if (sentences > 0) return text.slice(0, ends[sentences - 1]!);
  let length = largest(text.length, (n) => fits(text.slice(0, n)));
  const space = lastSpace(text, length);
  if (space > length / 2) length = space;
  else if (/[\uD800-\uDBFF]/.test(text[length - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[length] ?? '')) length--;
  return text.slice(0, length).trimEnd();
}

/** The largest k in 0..n with ok(k), for ok true up to some k and false after (ok(0) is taken as true). */
function largest(n: number, ok: (k: number) => boolean): number {
  let low = 0;
  let high = n;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (ok(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

function lastSpace(text: string, before: number): number {
  for (let i = before; i > 0; i--) if (/\s/u.test(text[i] ?? '')) return i;
  return 0;
}

/**
 * One page of an answer: up to PAGE_SIZE extracts from `offset`, each quoted with its number, the
 * numbered sources beneath, the question in the footer (the More button reads it back from there),
 * and buttons for the context of each extract and for the next page — all in one message. When
 * the quotes together pass what one message holds, the longest are clipped (see fittingPrefix)
 * and their full text attached.
 */
export function renderAnswerPage(answer: Answer, offset = 0): MessagePayload {
  const labels = LABELS[answer.language];
  if (answer.kind === 'no-answer') {
    if (answer.reason === 'empty-question') return { content: labels.emptyQuestion };
    const absent = answer.absent !== undefined && answer.absent.length > 0 ? `\n${labels.absentWords(answer.absent)}` : '';
    return { content: clip(`${labels.noAnswer} ${labels.trySource}${absent}`, DISCORD_LIMITS.content) };
  }
  const page = answer.extracts.slice(offset, offset + PAGE_SIZE);
  if (page.length === 0) return { content: labels.noMore };

  const footer = { text: clip(answer.question, DISCORD_LIMITS.footer) };
  const sources = page.map((extract, i) => citationLine(offset + i + 1, extract.citation, labels)).join('\n');
  const tail = { fields: [{ name: labels.sources, value: clip(sources, DISCORD_LIMITS.fieldValue) }], footer };
  const clipNote = `${CLIP_MARK} ${labels.fullTextAttached}`;
  const numberLine = (n: number, clipped: boolean) => `**[${n}]**${clipped ? ` ${clipNote}` : ''}`;
  const quoteBlock = (quote: string, n: number, clipped: boolean) => `${blockQuote(`“${quote}”`)}\n${numberLine(n, clipped)}`;

  // What the quotes may take: one message's 6,000 characters less the sources, the question and
  // the blank lines between blocks; no block may pass one embed's description.
  const budget = DISCORD_LIMITS.embedTotal - embedLength({ ...tail }) - 2 * (page.length - 1);
  const wanted = page.map((extract, i) => quoteBlock(extract.quote, offset + i + 1, false).length);
  const allowed = share(wanted, budget, DISCORD_LIMITS.description);
  const clippedExtracts: { n: number; extract: Extract }[] = [];
  const blocks = page.map((extract, i) => {
    const n = offset + i + 1;
    if (wanted[i]! <= allowed[i]!) return quoteBlock(extract.quote, n, false);
    clippedExtracts.push({ n, extract });
    const shown = fittingPrefix(extract.quote, (prefix) => quoteBlock(prefix, n, true).length <= allowed[i]!);
    return quoteBlock(shown, n, true);
  });

  const embeds: Embed[] = [];
  let description = '';
  for (const block of blocks) {
    if (description !== '' && description.length + block.length + 2 > DISCORD_LIMITS.description) {
      embeds.push({ description, color: ACCENT });
      description = '';
    }
    description = description === '' ? block : `${description}\n\n${block}`;
  }
  embeds.push({ description, color: ACCENT });
  const last = embeds.length - 1;
  // Sources and question go on the last embed, or on one of their own when that would pass the
  // 6,000-character limit of an embed (a full description plus a long question from Find sources).
  if (embedLength({ ...embeds[last]!, ...tail }) > DISCORD_LIMITS.embedTotal) embeds.push({ color: ACCENT, ...tail });
  else embeds[last] = { ...embeds[last]!, ...tail };

  const buttons: Button[] = page.map((extract, i) => ({
    type: 2,
    style: 2,
    label: BUTTONS[answer.language].context(offset + i + 1),
    custom_id: encodeButton({ kind: 'context', documentKey: documentKey(extract.citation.documentId), paragraph: extract.citation.paragraph }),
  }));
  if (answer.extracts.length > offset + PAGE_SIZE) {
    buttons.push({ type: 2, style: 1, label: BUTTONS[answer.language].more, custom_id: encodeButton({ kind: 'more', offset: offset + PAGE_SIZE }) });
  }
  const components: ActionRow[] = buttons.length > 0 ? [{ type: 1, components: buttons }] : [];
  const files: FileAttachment[] =
    clippedExtracts.length === 0
      ? []
      : [
          {
            name: 'extracts.txt',
            data: clippedExtracts.map(({ n, extract }) => `[${n}] ${citationText(extract.citation, labels)}\n\n${extract.quote}\n`).join('\n'),
          },
        ];
  return { embeds, components, ...(files.length > 0 ? { files } : {}) };
}

/**
 * Splits `budget` between items wanting `wanted` each, none getting more than `cap`: an item that
 * wants less than an equal share keeps all of it, and what it leaves goes to the others.
 */
function share(wanted: readonly number[], budget: number, cap: number): number[] {
  const allowed = wanted.map(() => 0);
  let left = budget;
  const order = wanted.map((_, i) => i).sort((a, b) => wanted[a]! - wanted[b]!);
  order.forEach((i, rank) => {
    allowed[i] = Math.max(0, Math.min(wanted[i]!, cap, Math.floor(left / (order.length - rank))));
    left -= allowed[i]!;
  });
  return allowed;
}

/** A citation for a plain-text file: title, publisher, date, paragraph, link, file. */
function citationText(citation: Citation, labels: Labels): string {
  const language = citation.language !== undefined ? labels.writtenIn[citation.language] : undefined;
  return [citation.title, citation.source, citation.date, `${labels.paragraph} ${citation.paragraph}`, language, citation.url, citation.file]
    .filter((part) => part !== undefined)
    .join(' · ');
}

/**
 * The paragraph an extract came from, for the Context button, as one message: the whole paragraph
 * when it fits one embed (it does for every paragraph the parser now produces), otherwise a
 * verbatim prefix up to a sentence end, marked as clipped, with the whole paragraph attached.
 */
export function renderContext(document: CorpusDocument, paragraph: number, language: Language): MessagePayload {
  const labels = LABELS[language];
  const passage = document.passages.find((candidate) => candidate.paragraph === paragraph);
  if (passage === undefined) return { content: labels.goneFromCorpus };
  const citation = citationLine(
    paragraph,
    {
      documentId: document.id,
      title: document.title,
      file: document.file,
      paragraph,
      start: passage.start,
      end: passage.end,
      ...(document.source !== undefined ? { source: document.source } : {}),
      ...(document.url !== undefined ? { url: document.url } : {}),
      ...(document.date !== undefined ? { date: document.date } : {}),
    },
    labels,
  );
  const fields = [{ name: labels.sources, value: clip(citation.replace(/^\*\*\[\d+\]\*\* /, ''), DISCORD_LIMITS.fieldValue) }];
  const whole = blockQuote(passage.text);
  if (whole.length <= DISCORD_LIMITS.description) return { embeds: [{ description: whole, color: ACCENT, fields }] };
  const mark = `\n${CLIP_MARK}`;
  const shown = fittingPrefix(passage.text, (prefix) => blockQuote(prefix).length + mark.length <= DISCORD_LIMITS.description);
  return {
    embeds: [{ description: `${blockQuote(shown)}${mark}`, color: ACCENT, fields, footer: { text: labels.fullTextAttached } }],
    files: [{ name: `${document.id}-${paragraph}.txt`, data: `${passage.text}\n` }],
  };
}

/** An article for /source: its facts, its opening paragraphs, and the full text as a file when long. */
export function renderDocument(document: CorpusDocument, language: Language): MessagePayload {
  const labels = LABELS[language];
  const facts: string[] = [];
  if (document.source !== undefined) facts.push(`${labels.source}: ${escapeMarkdown(document.source)}`);
  if (document.url !== undefined) facts.push(`${labels.link}: ${document.url}`);
  if (document.author !== undefined) facts.push(`${labels.author}: ${escapeMarkdown(document.author)}`);
  if (document.date !== undefined) facts.push(`${labels.date}: ${escapeMarkdown(document.date)}`);
  facts.push(`${labels.language}: ${document.languages.join(', ')}`);
  facts.push(`${labels.paragraphs}: ${document.passages.length}`);
  facts.push(`${labels.file}: ${escapeMarkdown(document.file)}`);

  const header = facts.join('\n');
  let description = header;
  let shown = 0;
  for (const passage of document.passages) {
    const block = `\n\n${blockQuote(passage.text)}`;
    if (description.length + block.length > OPENING_BUDGET || shown >= 3) break;
    description += block;
    shown++;
  }
  const fullText = document.passages.map((passage) => passage.text).join('\n\n');
  const needsFile = shown < document.passages.length;
  return {
    embeds: [
      { title: clip(document.title, DISCORD_LIMITS.title), description, color: ACCENT, ...(needsFile ? { footer: { text: labels.fullTextAttached } } : {}) },
    ],
    ...(needsFile ? { files: [{ name: `${document.id}.txt`, data: `${document.title}\n\n${fullText}\n` }] } : {}),
  };
}

const OPENING_BUDGET = 3500;
