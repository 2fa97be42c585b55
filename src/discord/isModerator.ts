import { PermissionFlagsBits, type Interaction } from 'discord.js';

/** Manage Server, or one of the configured moderator roles. Never true in a DM. */
export function isModerator(interaction: Interaction, moderatorRoleIds: readonly string[]): boolean {
  if (!interaction.inGuild()) return false;
  if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
  const roles = interaction.member.roles;
  const held = Array.isArray(roles) ? roles : [...roles.cache.keys()];
  return held.some((role) => moderatorRoleIds.includes(role));
}
