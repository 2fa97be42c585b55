import { MessageFlags, type BaseMessageOptions, type Message, type RepliableInteraction } from 'discord.js';
import { DISCORD_LIMITS, embedLength, splitText, type Embed, type MessagePayload } from '../core/discordMessage.js';

export { splitText };

/**
 * The one way isnad speaks on Discord. Every message goes out with mentions disabled (quoted news
 * can contain "@everyone"), and a payload larger than one message allows is sent as a few —
 * split between embeds or at line breaks, never cut — and what does not fit in those goes into an
 * attached text file, never into further messages.
 */

export type ReplyTarget = RepliableInteraction | Message;

export interface RespondOptions {
  /** Only the asker sees the reply (interactions only; a DM is private anyway). */
  readonly ephemeral?: boolean;
}

export const NO_MENTIONS = { parse: [], repliedUser: false };

/**
 * The most messages one reply sends. Answers, pages and Context are one message each by design;
 * the longest text isnad writes (a refresh report, /corpus status with skipped files, the list of
 * unanswered questions) takes up to three of 2,000 characters. Discord lets a bot post about five
 * messages per channel in five seconds, so a reply of three still leaves room for other members'.
 */
export const MAX_MESSAGES_PER_REPLY = 3;

/** Name of the file that carries what did not fit in MAX_MESSAGES_PER_REPLY messages. */
export const OVERFLOW_FILE = 'continued.txt';

/**
 * Discord's smallest attachment limit for bots is 10 MiB; the overflow file stays under it with room
 * for the other files of the message.
 */
const MAX_OVERFLOW_BYTES = 8 * 1024 * 1024;

interface Part {
  content?: string;
  embeds: Embed[];
}

/**
 * Splits a payload into at most MAX_MESSAGES_PER_REPLY messages that each respect Discord's
 * limits. The messages sent are pieces of the payload as they were (a quote shown is shown as
 * rendered); the rest becomes OVERFLOW_FILE, in plain text, on the last message.
 */
export function splitPayload(payload: MessagePayload): MessagePayload[] {
  const parts = layout(payload);
  const kept = parts.slice(0, MAX_MESSAGES_PER_REPLY);
  const rest = parts.slice(MAX_MESSAGES_PER_REPLY);
  const overflow = rest.length > 0 ? [{ name: OVERFLOW_FILE, data: overflowText(payload, kept) }] : [];
  const last = kept.length - 1;
  return kept.map((message, i) => {
    // Files go with the first message, buttons with the last (they follow what they act on);
    // the overflow file with the last, since it continues it.
    const files = [...(i === 0 ? (payload.files ?? []) : []), ...(i === last ? overflow : [])];
    return {
      ...(message.content !== undefined && message.content !== '' ? { content: message.content } : {}),
      ...(message.embeds.length > 0 ? { embeds: message.embeds } : {}),
      ...(files.length > 0 ? { files } : {}),
      ...(i === last && payload.components ? { components: payload.components.slice(0, DISCORD_LIMITS.actionRows) } : {}),
    };
  });
}

/** The payload as messages within Discord's per-message limits, however many that takes. */
function layout(payload: MessagePayload): Part[] {
  const messages: Part[] = [];
  for (const chunk of splitText(payload.content ?? '', DISCORD_LIMITS.content)) messages.push({ content: chunk, embeds: [] });
  if (messages.length === 0) messages.push({ embeds: [] });
  let current = messages[messages.length - 1]!;
  let total = 0;
  for (const embed of payload.embeds ?? []) {
    const length = embedLength(embed);
    if (current.embeds.length >= DISCORD_LIMITS.embeds || (current.embeds.length > 0 && total + length > DISCORD_LIMITS.embedTotal)) {
      current = { embeds: [] };
      messages.push(current);
      total = 0;
    }
    current.embeds.push(embed);
    total += length;
  }
  return messages;
}

/**
 * What the messages sent leave out of the payload, as a reader wants it in a file: the rest of the
 * content as it was, then the embeds not sent, with markdown escapes and block-quote marks
 * removed, so corpus text reads back exactly as it is in the corpus.
 */
function overflowText(payload: MessagePayload, sent: readonly Part[]): string {
  const content = payload.content ?? '';
  // splitText's pieces are the content in order, less one break character at each cut.
  let shown = 0;
  for (const part of sent) if (part.content !== undefined) shown = content.indexOf(part.content, shown) + part.content.length;
  const rest = content.slice(shown).replace(/^[\n ]/, '');
  const blocks: string[] = rest === '' ? [] : [plainText(rest)];
  const embedsSent = sent.reduce((n, part) => n + part.embeds.length, 0);
  for (const embed of (payload.embeds ?? []).slice(embedsSent)) {
    if (embed.title !== undefined) blocks.push(plainText(embed.title));
    if (embed.description !== undefined) blocks.push(plainText(embed.description));
    for (const field of embed.fields ?? []) blocks.push(`${plainText(field.name)}\n${plainText(field.value)}`);
    if (embed.footer !== undefined) blocks.push(plainText(embed.footer.text));
  }
  return boundBytes(`${blocks.join('\n\n')}\n`, MAX_OVERFLOW_BYTES);
}

/** Markdown text as plain text: a line's block-quote mark dropped, then escapes undone. */
export function plainText(markdown: string): string {
  return markdown
    .split('\n')
    .map((line) => line.replace(/^> ?/, ''))
    .join('\n')
    .replace(/\\([\\*_`~|>#\-[\]()<:@])/g, '$1');
}

/** `text` cut to at most `max` UTF-8 bytes at a character boundary, the cut marked. */
function boundBytes(text: string, max: number): string {
  if (Buffer.byteLength(text, 'utf8') <= max) return text;
  const mark = '\n…\n';
  let end = max - Buffer.byteLength(mark, 'utf8');
  const bytes = Buffer.from(text, 'utf8');
  // Back to the first byte of a character (continuation bytes are 10xxxxxx).
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString('utf8')}${mark}`;
}

function toDiscord(message: MessagePayload): BaseMessageOptions {
  return {
    ...(message.content !== undefined ? { content: message.content } : {}),
    embeds: (message.embeds ?? []).map((embed) => ({ ...embed, fields: embed.fields?.map((field) => ({ ...field })) })),
    components: (message.components ?? []).map((row) => ({ type: row.type, components: row.components.map((button) => ({ ...button })) })),
    files: (message.files ?? []).map((file) => ({ attachment: Buffer.from(file.data, 'utf8'), name: file.name })),
    allowedMentions: NO_MENTIONS,
  };
}

/** Interactions whose reply `respond` has sent (progress edits made directly do not count). */
const delivered = new WeakSet<RepliableInteraction>();

/** Whether `respond` has already sent a message in reply to this interaction. */
export function hasDelivered(target: RepliableInteraction): boolean {
  return delivered.has(target);
}

function isInteraction(target: ReplyTarget): target is RepliableInteraction {
  return 'applicationId' in target && 'token' in target;
}

/**
 * Sends `payload` as the reply to `target`. For a deferred interaction the first message always
 * replaces the deferred original — even after progress edits, which discord.js counts as "replied"
 * — and every follow-up of a private reply is private too: Discord does not carry the original's
 * flag over, so a follow-up without it would show a moderator's private result to the channel.
 */
export async function respond(target: ReplyTarget, payload: MessagePayload, options: RespondOptions = {}): Promise<void> {
  const messages = splitPayload(payload).map(toDiscord);
  if (isInteraction(target)) {
    for (const [i, message] of messages.entries()) {
      // Read each time: the first reply sets `ephemeral` on an interaction that was not deferred.
      const flags = options.ephemeral === true || target.ephemeral === true ? { flags: MessageFlags.Ephemeral as const } : {};
      // A reply already delivered is added to, never replaced (an apology after a failed follow-up).
      if (i === 0 && target.deferred && !delivered.has(target)) await target.editReply(message);
      else if (i === 0 && !target.replied) await target.reply({ ...message, ...flags });
      else await target.followUp({ ...message, ...flags });
      delivered.add(target);
    }
    return;
  }
  let previous = target;
  for (const message of messages) previous = await previous.reply(message);
}

/**
 * Shows a progress note in place of a deferred reply ("Refreshing the corpus… 6 s"). It is not the
 * reply: `respond` still replaces it with the result, so it is not counted as delivered, and a
 * failed edit is dropped (the result that follows matters, not the note).
 */
export async function respondProgress(target: RepliableInteraction, payload: MessagePayload): Promise<void> {
  const [first] = splitPayload(payload);
  if (first === undefined) return;
  // Only the text of one message: a note carries no embeds, files or buttons.
  if (first.content === undefined) return;
  await target.editReply({ content: first.content, allowedMentions: NO_MENTIONS }).catch(() => {});
}

/**
 * Says sorry for a failure, privately, wherever the reply had got to: after what was delivered,
 * never replacing it; in place of "thinking…" when deferred privately; never to the whole channel.
 */
export async function respondApology(target: ReplyTarget, content: string): Promise<void> {
  const apology = { content, flags: MessageFlags.Ephemeral as const, allowedMentions: NO_MENTIONS };
  if (isInteraction(target) && hasDelivered(target)) {
    // The reply went out (part of it at least): the apology comes after it, privately, and the
    // delivered messages stay as they are.
    await target.followUp(apology);
    return;
  }
  if (isInteraction(target) && target.deferred && !target.ephemeral) {
    // A deferred public reply would show the apology to the whole channel. Discord would turn
    // the first follow-up of a deferred reply into that (public) reply: delete it first, so the
    // apology is a message of its own, private to the asker.
    await target.deleteReply().catch(() => {});
    await target.followUp(apology);
    return;
  }
  // Deferred privately: the apology replaces "thinking…" (or a progress note); replied: a private follow-up.
  await respond(target, { content }, { ephemeral: true });
}
