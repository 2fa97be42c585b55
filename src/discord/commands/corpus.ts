import { ApplicationIntegrationType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { LABELS, languageOfLocale, MODERATOR_LABELS, type Labels, type ModeratorLabels } from '../../core/labels.js';
import type { BotContext } from '../BotContext.js';
import { moderatorVerdict, type ModeratorVerdict } from '../moderatorVerdict.js';
import { respond } from '../respond.js';
import type { Command } from './Command.js';
import { corpusAdd } from './corpusAdd.js';
import { feedAdd, feedList, feedRemove } from './corpusFeed.js';
import { corpusRefresh } from './corpusRefresh.js';
import { corpusGaps, corpusStatus } from './corpusStatus.js';

type Subcommand = (interaction: ChatInputCommandInteraction, context: BotContext, labels: ModeratorLabels) => Promise<void>;

/**
 * Every subcommand by its full name (`feed add` for a subcommand of the group): the one place that
 * says what runs, so a name Discord did not register — an old client, a payload without one — can
 * only be refused.
 */
const SUBCOMMANDS: ReadonlyMap<string, Subcommand> = new Map([
  ['status', corpusStatus],
  ['refresh', corpusRefresh],
  ['gaps', corpusGaps],
  ['add', corpusAdd],
  ['feed add', feedAdd],
  ['feed remove', feedRemove],
  ['feed list', feedList],
]);

const REFUSALS: Record<Exclude<ModeratorVerdict, 'allowed'>, (labels: Labels) => string> = {
  'not-a-moderator': (labels) => labels.moderatorsOnly,
  'other-server': (labels) => labels.corpusElsewhere,
  'no-owning-server': (labels) => labels.corpusOwnerUnset,
};

export const corpus = {
  data: new SlashCommandBuilder()
    .setName('corpus')
    .setDescription('Look after the corpus of articles')
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) => sub.setName('status').setDescription('Documents, passages, languages, index age, last refresh, skipped files'))
    .addSubcommand((sub) => sub.setName('refresh').setDescription('Rebuild the index from the corpus folder (moderators)'))
    .addSubcommand((sub) => sub.setName('gaps').setDescription('Recent questions the corpus could not answer (moderators)'))
    .addSubcommand((sub) =>
      sub
        .setName('add')
        .setDescription('Add an article (.txt, .md, a saved .html page, or a link), then refresh (moderators)')
        .addAttachmentOption((option) => option.setName('file').setDescription('A UTF-8 .txt or .md article, or a saved web page (.html, .htm)'))
        .addStringOption((option) => option.setName('url').setDescription('A link to a news page (http or https)').setMaxLength(2000)),
    )
    .addSubcommandGroup((group) =>
      group
        .setName('feed')
        .setDescription('RSS and Atom feeds whose new articles are added on a schedule (moderators)')
        .addSubcommand((sub) =>
          sub
            .setName('add')
            .setDescription('Follow a feed: its newest articles now, new ones at each poll')
            .addStringOption((option) => option.setName('url').setDescription('The feed’s link (RSS or Atom)').setRequired(true).setMaxLength(2000)),
        )
        .addSubcommand((sub) =>
          sub
            .setName('remove')
            .setDescription('Stop following a feed (its articles stay)')
            .addStringOption((option) =>
              option.setName('url').setDescription('The feed’s link, as /corpus feed list shows it').setRequired(true).setMaxLength(2000),
            ),
        )
        .addSubcommand((sub) => sub.setName('list').setDescription('The followed feeds, their last poll and errors')),
    )
    .toJSON(),
  async execute(interaction, context) {
    // Servers can change who sees the command, and a moderator of one server is nobody in another:
    // every subcommand (status included: it lists the corpus's files) is checked here.
    // No question to tell the language by: the setting, else the moderator's client language (which
    // Discord never gives as Arabic: it has no Arabic client).
    const language = context.moderatorLanguage ?? languageOfLocale(interaction.locale);
    const verdict = moderatorVerdict(interaction, context);
    if (verdict !== 'allowed') return respond(interaction, { content: REFUSALS[verdict](LABELS[language]) }, { ephemeral: true });
    const labels = MODERATOR_LABELS[language];
    const group = interaction.options.getSubcommandGroup(false);
    const name = interaction.options.getSubcommand(false);
    // Discord always names one it registered; anything else is answered, not failed.
    const run = name === null ? undefined : SUBCOMMANDS.get(group === null ? name : `${group} ${name}`);
    if (run === undefined) return respond(interaction, { content: labels.unknownSubcommand }, { ephemeral: true });
    await run(interaction, context, labels);
  },
} satisfies Command;

/** The subcommands the handler runs, by full name (for the test that checks they match the registration). */
export const CORPUS_SUBCOMMANDS: readonly string[] = [...SUBCOMMANDS.keys()];
