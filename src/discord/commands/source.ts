import { ApplicationIntegrationType, InteractionContextType, SlashCommandBuilder } from 'discord.js';
import { clip, DISCORD_LIMITS } from '../../core/discordMessage.js';
import { LABELS } from '../../core/labels.js';
import { questionLanguage } from '../../core/questionCues.js';
import { renderDocument } from '../../core/renderDiscord.js';
import { titleIndexOf } from '../../core/TitleIndex.js';
import type { CorpusDocument } from '../../core/types.js';
import { respond } from '../respond.js';
import type { Command } from './Command.js';

/** The document a /source value names: an id from autocomplete, or a title the client sent instead. */
export function resolveDocument(documents: readonly CorpusDocument[], value: string): CorpusDocument | undefined {
  return titleIndexOf(documents).resolve(value);
}

export const source = {
  data: new SlashCommandBuilder()
    .setName('source')
    .setDescription('Show an article of the corpus: its source, opening paragraphs and full text')
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption((option) => option.setName('document').setDescription('Start typing a title').setRequired(true).setAutocomplete(true).setMaxLength(100))
    .toJSON(),
  async autocomplete(interaction, context) {
    const focused = interaction.options.data.find((option) => option.focused)?.value;
    const typed = typeof focused === 'string' ? focused : '';
    const matches = titleIndexOf(context.corpus.current.index.quotableDocuments).suggest(typed, DISCORD_LIMITS.autocompleteChoices);
    await interaction.respond(
      matches.map((document) => ({ name: clip(document.title, DISCORD_LIMITS.choiceName), value: document.id.slice(0, DISCORD_LIMITS.choiceValue) })),
    );
  },
  async execute(interaction, context) {
    const value = interaction.options.getString('document') ?? '';
    const document = resolveDocument(context.corpus.current.index.quotableDocuments, value);
    if (!document) return respond(interaction, { content: LABELS[questionLanguage(value)].noSuchDocument }, { ephemeral: true });
    await respond(interaction, renderDocument(document, document.languages[0] ?? 'en'));
  },
} satisfies Command;
