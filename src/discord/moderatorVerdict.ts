import { PermissionFlagsBits, type Interaction } from 'discord.js';

/** Who may use the moderator subcommands of /corpus. */
export interface CorpusModerators {
  /** The servers that look after the corpus; empty: none does. */
  readonly corpusGuildIds: readonly string[];
  readonly moderatorRoleIds: readonly string[];
}

/**
 * `allowed`, or why not. The corpus is shared by every server the bot is in, so being a moderator
 * somewhere is not enough: the interaction must come from a server that looks after the corpus,
 * from a member with Manage Server there or one of the moderator roles. Never allowed in a DM.
 */
export type ModeratorVerdict = 'allowed' | 'not-a-moderator' | 'other-server' | 'no-owning-server';

export function moderatorVerdict(interaction: Interaction, moderators: CorpusModerators): ModeratorVerdict {
  if (!interaction.inGuild()) return 'not-a-moderator';
  // A member with no permissions field (a partial payload) holds none.
  const manages = interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? false;
  const roles = interaction.member?.roles;
  const held = roles === undefined || roles === null ? [] : Array.isArray(roles) ? roles : [...roles.cache.keys()];
  if (!manages && !held.some((role) => moderators.moderatorRoleIds.includes(role))) return 'not-a-moderator';
  if (moderators.corpusGuildIds.length === 0) return 'no-owning-server';
  return moderators.corpusGuildIds.includes(interaction.guildId) ? 'allowed' : 'other-server';
}
