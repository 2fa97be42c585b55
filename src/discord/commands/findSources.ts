import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  MessageFlags,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { answerForDiscord, rateLimitNotice } from '../ask.js';
import { respond } from '../respond.js';
import type { Command } from './Command.js';

/** Right-click a message → Apps → Find sources: extracts for that message's text, privately. */
export const findSources = {
  data: new ContextMenuCommandBuilder()
    .setName('Find sources')
    .setType(ApplicationCommandType.Message)
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .toJSON(),
  async execute(interaction, context) {
    // A resolved message is a partial object: discord.js leaves `content` null when Discord sent
    // none (no Message Content intent, an embed-only message). Nothing to search is an empty question.
    const question = interaction.targetMessage?.content ?? '';
    const limited = rateLimitNotice(context, interaction.user.id, question);
    if (limited) return respond(interaction, limited, { ephemeral: true });
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    await respond(interaction, answerForDiscord(context, question), { ephemeral: true });
  },
} satisfies Command<MessageContextMenuCommandInteraction>;
