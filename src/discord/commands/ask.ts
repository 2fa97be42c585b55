import { ApplicationIntegrationType, InteractionContextType, MessageFlags, SlashCommandBuilder } from 'discord.js';
import { answerForDiscord, rateLimitNotice } from '../ask.js';
import { respond } from '../respond.js';
import type { Command } from './Command.js';

export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Answer a question with quoted, cited extracts from the news corpus')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption((option) => option.setName('question').setDescription('Your question, in English or Arabic').setRequired(true).setMaxLength(500))
    .addBooleanOption((option) => option.setName('private').setDescription('Only you see the answer'))
    .toJSON(),
  async execute(interaction, context) {
    // Discord always sends the required option; a payload without it is an empty question.
    const question = interaction.options.getString('question') ?? '';
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    const limited = rateLimitNotice(context, interaction.user.id, question);
    if (limited) return respond(interaction, limited, { ephemeral: true });
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    await respond(interaction, answerForDiscord(context, question), { ephemeral });
  },
} satisfies Command;
