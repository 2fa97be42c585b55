/**
 * Which fields of Discord's gateway payloads are optional (may be absent) or nullable (may be
 * null), and helpers that strip a payload FakeDiscord built down to what Discord must send.
 * Used by test/e2e/partialPayloads.test.ts (every optional field at once) and the fuzz test
 * (random ones). Only fields Discord documents as optional or nullable are touched — plus a
 * message's `content`, which a resolved (partial) message may lack and discord.js then sets to
 * null — so what the bot receives is what Discord could send.
 */
import type { JsonObject } from './FakeDiscord.js';

/** `missing`: optional fields deleted. `null`: nullable ones set to null, the other optional ones deleted. */
export type Strip = 'missing' | 'null';

/**
 * Interaction fields Discord marks optional (https://discord.com/developers/docs/interactions/receiving-and-responding#interaction-object).
 * `member`/`user`, `guild_id`, `data` and `message` are optional by type but always sent where
 * they apply, and discord.js reads `entitlements`, `authorizing_integration_owners` and
 * `app_permissions` unconditionally (Discord always sends them): not stripped.
 */
export const INTERACTION_OPTIONAL = ['guild', 'channel', 'channel_id', 'locale', 'guild_locale', 'context'] as const;

/** Guild member fields that are optional or nullable in an interaction's or a message's member. */
export const MEMBER_OPTIONAL = [
  'nick',
  'avatar',
  'banner',
  'roles',
  'joined_at',
  'premium_since',
  'deaf',
  'mute',
  'flags',
  'pending',
  'permissions',
  'communication_disabled_until',
  'avatar_decoration_data',
] as const;
export const MEMBER_NULLABLE: readonly string[] = ['nick', 'avatar', 'banner', 'premium_since', 'communication_disabled_until', 'avatar_decoration_data'];

/** User fields besides `id` and `username`. */
export const USER_OPTIONAL = [
  'global_name',
  'avatar',
  'discriminator',
  'bot',
  'system',
  'banner',
  'accent_color',
  'avatar_decoration_data',
  'public_flags',
  'flags',
] as const;
export const USER_NULLABLE: readonly string[] = ['global_name', 'avatar', 'banner', 'accent_color', 'avatar_decoration_data'];

/**
 * Message fields besides `id` and `channel_id`: a resolved message is partial, and may hold any
 * subset. (A MESSAGE_CREATE also carries `guild_id` in a server and `channel_type` in a DM, which
 * discord.js needs to place a message in a channel it has not cached; the fake sends both, as Discord does.)
 */
export const MESSAGE_OPTIONAL = [
  'content',
  'author',
  'embeds',
  'attachments',
  'mentions',
  'mention_roles',
  'mention_everyone',
  'components',
  'timestamp',
  'edited_timestamp',
  'tts',
  'pinned',
  'type',
  'flags',
  'member',
  'guild_id',
  'message_reference',
  'referenced_message',
  'nonce',
] as const;
export const MESSAGE_NULLABLE: readonly string[] = ['content', 'edited_timestamp', 'referenced_message'];

/** Deletes `fields` of `object`, or (mode `null`) nulls those of them in `nullable`. */
export function stripFields(object: JsonObject, fields: readonly string[], nullable: readonly string[], mode: Strip): void {
  for (const field of fields) {
    if (mode === 'null' && nullable.includes(field)) object[field] = null;
    else delete object[field];
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stripUser(user: unknown, mode: Strip): void {
  if (isObject(user)) stripFields(user, USER_OPTIONAL, USER_NULLABLE, mode);
}

/** Strips a message down to `id`, `channel_id` and the fields in `keep` (its author's optional fields too). */
export function stripMessage(message: JsonObject, mode: Strip, { keep = [] }: { keep?: readonly string[] } = {}): void {
  stripFields(
    message,
    MESSAGE_OPTIONAL.filter((field) => !keep.includes(field)),
    MESSAGE_NULLABLE,
    mode,
  );
  stripUser(message['author'], mode);
  if (isObject(message['member'])) stripFields(message['member'], MEMBER_OPTIONAL, MEMBER_NULLABLE, mode);
}

/** The objects at a dotted path; `*` stands for every value of an object. */
function at(root: JsonObject, path: string): JsonObject[] {
  let current: unknown[] = [root];
  for (const key of path.split('.')) {
    current = current.flatMap((value) => {
      if (!isObject(value)) return [];
      return key === '*' ? Object.values(value) : [value[key]];
    });
  }
  return current.filter(isObject);
}

/**
 * Strips an INTERACTION_CREATE payload: its optional fields, its member's and user's, and the
 * messages at `messagePaths` (`message` for a button, `data.resolved.messages.*` for a context menu).
 */
export function stripInteraction(payload: JsonObject, mode: Strip, messagePaths: readonly string[] = []): void {
  stripFields(payload, INTERACTION_OPTIONAL, [], mode);
  if (isObject(payload['member'])) {
    stripFields(payload['member'], MEMBER_OPTIONAL, MEMBER_NULLABLE, mode);
    stripUser(payload['member']['user'], mode);
  }
  stripUser(payload['user'], mode);
  for (const path of messagePaths) for (const message of at(payload, path)) stripMessage(message, mode);
}
