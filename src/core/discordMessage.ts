/**
 * Plain shapes of a Discord message, as the HTTP API takes them. The core renders answers into
 * these without depending on discord.js; the adapter sends them as they are.
 */

/** Discord's documented limits (https://discord.com/developers/docs/resources/message). */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** Sum of all titles, descriptions, field names and values, footers and author names. */
  embedTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

export interface EmbedField {
  readonly name: string;
  readonly value: string;
  readonly inline?: boolean;
}

export interface Embed {
  readonly title?: string;
  readonly url?: string;
  readonly description?: string;
  readonly fields?: readonly EmbedField[];
  readonly footer?: { readonly text: string };
  readonly color?: number;
}

export interface Button {
  readonly type: 2;
  /** 1 primary, 2 secondary. */
  readonly style: 1 | 2;
  readonly label: string;
  readonly custom_id: string;
}

export interface ActionRow {
  readonly type: 1;
  readonly components: readonly Button[];
}

export interface FileAttachment {
  readonly name: string;
  readonly data: string;
}

export interface MessagePayload {
  readonly content?: string;
  readonly embeds?: readonly Embed[];
  readonly components?: readonly ActionRow[];
  readonly files?: readonly FileAttachment[];
}

/** Characters an embed counts towards `embedTotal`. */
export function embedLength(embed: Embed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/**
 * Corpus text made inert for Discord's markdown: emphasis, code, spoilers, quotes, headings,
 * lists, masked links, mentions and timestamps all show as written. Removing the backslashes gives
 * back the exact text.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_`~|>#\-[\]()<:@]/g, (ch) => `\\${ch}`);
}

/** Shortens metadata (titles, labels) — never a quote — to `max` characters with an ellipsis. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * Text in pieces of at most `max` UTF-16 units, broken at a line end or a space when one is near
 * (the break character is dropped), never between a backslash and the character it escapes, and
 * never inside a surrogate pair. Used where Discord's limits force a long text into several parts.
 */
export function splitText(text: string, max: number): string[] {
  if (text === '') return [];
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = rest.lastIndexOf(' ', max);
    if (cut < max / 2) cut = max;
    while (cut > 1 && rest[cut - 1] === '\\') cut--;
    if (/[\uD800-\uDBFF]/.test(rest[cut - 1] ?? '')) cut--;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}
