import { MessageFlags, type BaseMessageOptions, type Message, type RepliableInteraction } from 'discord.js';
import { DISCORD_LIMITS, embedLength, splitText, type Embed, type MessagePayload } from '../core/discordMessage.js';

export { splitText };

/**
 * The one way isnad speaks on Discord. Every message goes out with mentions disabled (quoted news
 * can contain "@everyone"), and a payload larger than one message allows is sent as several —
 * split between embeds or at line breaks, never cut.
 */

export type ReplyTarget = RepliableInteraction | Message;

export interface RespondOptions {
  /** Only the asker sees the reply (interactions only; a DM is private anyway). */
  readonly ephemeral?: boolean;
}

export const NO_MENTIONS = { parse: [], repliedUser: false };

/** Splits a payload into messages that each respect Discord's limits. */
export function splitPayload(payload: MessagePayload): MessagePayload[] {
  const messages: { content?: string; embeds: Embed[] }[] = [];
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
  return messages.map((message, i) => ({
    ...(message.content !== undefined && message.content !== '' ? { content: message.content } : {}),
    ...(message.embeds.length > 0 ? { embeds: message.embeds } : {}),
    // Files go with the first message, buttons with the last (they follow what they act on).
    ...(i === 0 && payload.files ? { files: payload.files } : {}),
    ...(i === messages.length - 1 && payload.components ? { components: payload.components.slice(0, DISCORD_LIMITS.actionRows) } : {}),
  }));
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
      if (i === 0 && target.deferred) await target.editReply(message);
      else if (i === 0 && !target.replied) await target.reply({ ...message, ...flags });
      else await target.followUp({ ...message, ...flags });
    }
    return;
  }
  let previous = target;
  for (const message of messages) previous = await previous.reply(message);
}
