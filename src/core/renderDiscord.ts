import { clip, DISCORD_LIMITS, embedLength, escapeMarkdown, splitText, type ActionRow, type Button, type Embed, type MessagePayload } from './discordMessage.js';
import { LABELS, type Labels } from './labels.js';
import type { Answer, Citation, CorpusDocument, Language } from './types.js';

/**
 * Answers and articles rendered for Discord as plain message payloads. Quotes are escaped, never
 * shortened; only metadata (titles) is clipped. Buttons carry their whole state in `custom_id`
 * so they keep working after a restart.
 */

export const PAGE_SIZE = 3;
const ACCENT = 0x2f6f5e;

/** custom_id of the buttons: `more:<offset>` and `ctx:<document key>:<paragraph>`. */
export type ButtonAction = { readonly kind: 'more'; readonly offset: number } | { readonly kind: 'context'; readonly documentKey: string; readonly paragraph: number };

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
  let hash = 0x811c9dc5;
  for (let i = 0; i < documentId.length; i++) {
    hash ^= documentId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

const BUTTONS: Record<Language, { more: string; context: (n: number) => string }> = {
  en: { more: 'More', context: (n) => `Context ${n}` },
  ar: { more: 'المزيد', context: (n) => `السياق ${n}` },
};

/** One citation line: number, linked title, publisher, paragraph. */
export function citationLine(n: number, citation: Citation, labels: Labels): string {
  const title = escapeMarkdown(clip(citation.title, 120));
  const linked = citation.url !== undefined ? `[${title}](${citation.url.replace(/[()\s]/g, percentEncode)})` : `**${title}**`;
  const parts = [`**[${n}]** ${linked}`];
  if (citation.source !== undefined) parts.push(escapeMarkdown(clip(citation.source, 80)));
  parts.push(`${labels.paragraph} ${citation.paragraph}`);
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

/**
 * A quote too long for one embed as block-quoted pieces that each fit: the escaped text is split
 * first, so every piece — not only the first — shows as a quote.
 */
export function blockQuotePieces(text: string, max: number): string[] {
  const escaped = escapeMarkdown(text);
  const lines = escaped.split('\n').length;
  // Room for the "> " added to each line of a piece.
  return splitText(escaped, max - 2 * Math.min(lines, max / 4)).map(prefixLines);
}


/**
 * One page of an answer: up to PAGE_SIZE extracts from `offset`, each quoted with its number, the
 * numbered sources beneath, the question in the footer (the More button reads it back from there),
 * and buttons for the context of each extract and for the next page.
 */
export function renderAnswerPage(answer: Answer, offset = 0): MessagePayload {
  const labels = LABELS[answer.language];
  if (answer.kind === 'no-answer') {
    const text = answer.reason === 'empty-question' ? labels.emptyQuestion : `${labels.noAnswer} ${labels.trySource}`;
    return { content: text };
  }
  const page = answer.extracts.slice(offset, offset + PAGE_SIZE);
  if (page.length === 0) return { content: labels.noMore };

  const footer = { text: clip(answer.question, DISCORD_LIMITS.footer) };
  const embeds: Embed[] = [];
  let description = '';
  const flush = () => {
    if (description !== '') embeds.push({ description, color: ACCENT });
    description = '';
  };
  page.forEach((extract, i) => {
    const n = offset + i + 1;
    const block = `${blockQuote(`“${extract.quote}”`)}\n**[${n}]**`;
    if (description.length + block.length + 2 > DISCORD_LIMITS.description) flush();
    if (block.length > DISCORD_LIMITS.description) {
      const pieces = blockQuotePieces(`“${extract.quote}”`, DISCORD_LIMITS.description - 16);
      pieces[pieces.length - 1] += `\n**[${n}]**`;
      for (const piece of pieces) embeds.push({ description: piece, color: ACCENT });
    } else {
      description = description === '' ? block : `${description}\n\n${block}`;
    }
  });
  flush();
  const sources = page.map((extract, i) => citationLine(offset + i + 1, extract.citation, labels)).join('\n');
  const last = embeds.length - 1;
  const tail = { fields: [{ name: labels.sources, value: clip(sources, DISCORD_LIMITS.fieldValue) }], footer };
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
  // A page rarely needs more than one embed; when a giant quote does, the reply path sends what
  // exceeds one message's limits as further messages.
  return { embeds, components };
}

/** The paragraph an extract came from, for the Context button. */
export function renderContext(document: CorpusDocument, paragraph: number, language: Language): MessagePayload {
  const labels = LABELS[language];
  const passage = document.passages.find((candidate) => candidate.paragraph === paragraph);
  if (passage === undefined) return { content: labels.goneFromCorpus };
  const citation = citationLine(paragraph, { documentId: document.id, title: document.title, file: document.file, paragraph, start: passage.start, end: passage.end, ...(document.source !== undefined ? { source: document.source } : {}), ...(document.url !== undefined ? { url: document.url } : {}) }, labels);
  const pieces = blockQuotePieces(passage.text, DISCORD_LIMITS.description);
  return {
    embeds: pieces.map((piece, i) => ({
      description: piece,
      color: ACCENT,
      ...(i === pieces.length - 1 ? { fields: [{ name: labels.sources, value: clip(citation.replace(/^\*\*\[\d+\]\*\* /, ''), DISCORD_LIMITS.fieldValue) }] } : {}),
    })),
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
    embeds: [{ title: clip(document.title, DISCORD_LIMITS.title), description, color: ACCENT, ...(needsFile ? { footer: { text: labels.fullTextAttached } } : {}) }],
    ...(needsFile ? { files: [{ name: `${document.id}.txt`, data: `${document.title}\n\n${fullText}\n` }] } : {}),
  };
}

const OPENING_BUDGET = 3500;
