import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type MessageContextMenuCommandInteraction,
  type RESTPostAPIApplicationCommandsJSONBody,
} from 'discord.js';
import { clip, DISCORD_LIMITS, escapeMarkdown, type MessagePayload } from '../core/discordMessage.js';
import { LABELS } from '../core/labels.js';
import { renderDocument } from '../core/renderDiscord.js';
import { questionLanguage } from '../core/questionCues.js';
import { titleIndexOf } from '../core/TitleIndex.js';
import type { CorpusDocument } from '../core/types.js';
import type { RefreshResult } from '../corpus/CorpusService.js';
import type { Feed } from '../corpus/FeedPoller.js';
import { answerForDiscord, rateLimitNotice } from './ask.js';
import type { BotContext } from './BotContext.js';
import { describeOutcome, feedCommand, feedLines } from './corpusLinks.js';
import { downloadAttachment } from './downloadAttachment.js';
import { moderatorVerdict } from './moderatorVerdict.js';
import { respond } from './respond.js';

/** A command: what is registered with Discord, and what runs when it is used. */
export interface Command<I = ChatInputCommandInteraction> {
  readonly data: RESTPostAPIApplicationCommandsJSONBody;
  execute(interaction: I, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

const EVERYWHERE = [InteractionContextType.Guild, InteractionContextType.BotDM];

export const ask = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Answer a question with quoted, cited extracts from the news corpus')
    .setContexts(EVERYWHERE)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption((option) =>
      option.setName('question').setDescription('Your question, in English or Arabic').setRequired(true).setMaxLength(500),
    )
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

export const findSources = {
  data: new ContextMenuCommandBuilder()
    .setName('Find sources')
    .setType(ApplicationCommandType.Message)
    .setContexts(EVERYWHERE)
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

/** The document a /source value names: an id from autocomplete, or a title the client sent instead. */
export function resolveDocument(documents: readonly CorpusDocument[], value: string): CorpusDocument | undefined {
  return titleIndexOf(documents).resolve(value);
}

export const source = {
  data: new SlashCommandBuilder()
    .setName('source')
    .setDescription('Show an article of the corpus: its source, opening paragraphs and full text')
    .setContexts(EVERYWHERE)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .addStringOption((option) =>
      option.setName('document').setDescription('Start typing a title').setRequired(true).setAutocomplete(true).setMaxLength(100),
    )
    .toJSON(),
  async autocomplete(interaction, context) {
    const focused = interaction.options.data.find((option) => option.focused)?.value;
    const matches = titleIndexOf(context.corpus.current.index.documents).suggest(typeof focused === 'string' ? focused : '', DISCORD_LIMITS.autocompleteChoices);
    await interaction.respond(
      matches.map((document) => ({ name: clip(document.title, DISCORD_LIMITS.choiceName), value: document.id.slice(0, DISCORD_LIMITS.choiceValue) })),
    );
  },
  async execute(interaction, context) {
    const value = interaction.options.getString('document') ?? '';
    const document = resolveDocument(context.corpus.current.index.documents, value);
    if (!document) return respond(interaction, { content: LABELS[questionLanguage(value)].noSuchDocument }, { ephemeral: true });
    await respond(interaction, renderDocument(document, document.languages[0] ?? 'en'));
  },
} satisfies Command;

function age(since: Date, now = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

function listOrNone(items: readonly string[], limit = 15): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, limit).map((item) => `• ${escapeMarkdown(item)}`);
  if (items.length > limit) shown.push(`… and ${items.length - limit} more`);
  return shown.join('\n');
}

function describeRefresh(result: Exclude<RefreshResult, { kind: 'busy' }>): string {
  const seconds = (result.tookMs / 1000).toFixed(1);
  if (result.kind === 'failed') return `Refresh failed after ${seconds} s; the previous index is still serving.\nReason: ${escapeMarkdown(result.reason)}`;
  const { diff } = result;
  return [
    `Refreshed in ${seconds} s.`,
    `**Added** (${diff.added.length}):\n${listOrNone(diff.added)}`,
    `**Changed** (${diff.changed.length}):\n${listOrNone(diff.changed)}`,
    `**Removed** (${diff.removed.length}):\n${listOrNone(diff.removed)}`,
    `**Passages:** ${diff.passagesBefore} → ${diff.passagesAfter}`,
    `**Skipped files** (${result.skipped.length}):\n${listOrNone(result.skipped.map((skip) => `${skip.file}: ${skip.reason}`))}`,
  ].join('\n');
}

export function statusPayload(context: BotContext, now = new Date(), feeds?: readonly Feed[]): MessagePayload {
  const served = context.corpus.current;
  const documents = served.index.documents;
  const languages = new Map<string, number>();
  for (const document of documents) for (const language of document.languages) languages.set(language, (languages.get(language) ?? 0) + 1);
  const last = context.corpus.lastRefresh;
  const lines = [
    `**Documents:** ${documents.length}`,
    `**Passages:** ${served.index.passageCount}`,
    `**Languages:** ${[...languages].map(([language, count]) => `${language} ${count}`).join(', ') || 'none'}`,
    `**Index:** ${served.origin === 'snapshot' ? 'loaded from snapshot' : 'built'} ${age(served.builtAt, now)} ago`,
    // Served from the last snapshot because the folder vanished: say so, or it looks healthy.
    ...(served.folderProblem ? [`**Corpus folder problem:** ${escapeMarkdown(served.folderProblem.reason)}; the index in service is the last one built, until the folder is back and the corpus is refreshed`] : []),
    `**Last refresh:** ${last === undefined ? 'none since start' : `${last.kind} ${age(last.at, now)} ago${last.kind === 'failed' ? ` (${escapeMarkdown(last.reason)})` : ''}`}${context.corpus.isRefreshing ? ' — a refresh is running now' : ''}`,
    `**Skipped files** (${served.skipped.length}):\n${listOrNone(served.skipped.map((skip) => `${skip.file}: ${skip.reason}`))}`,
    ...(feeds !== undefined ? [`**Feeds** (${feeds.length}):\n${feedLines(feeds, now)}`] : []),
  ];
  return { content: lines.join('\n') };
}

/** Runs a refresh, showing progress on the deferred reply while it takes long, then the result. */
async function refreshWithProgress(
  interaction: ChatInputCommandInteraction,
  context: BotContext,
  preface = '',
  queued = false,
  /** A line on what the refresh did with the caller's file, put before the refresh report. */
  outcome?: () => string,
): Promise<void> {
  const started = Date.now();
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    interaction.editReply({ content: `${preface}Refreshing the corpus… ${seconds} s`, allowedMentions: { parse: [] } }).catch(() => {});
  }, 3000);
  let result: RefreshResult;
  let elsewhere: string | undefined;
  try {
    // After an upload the file is saved already: a refresh running now is followed by one more, never answered "busy".
    result = await (queued ? context.corpus.refreshQueued() : context.corpus.refresh());
    if (result.kind === 'refreshed' && context.onRefreshed) elsewhere = await context.onRefreshed();
  } finally {
    // Stopped before the result goes out: a progress edit sent after it would replace the result.
    clearInterval(timer);
  }
  if (result.kind === 'busy') return respond(interaction, { content: `${preface}A refresh is already running; try again when it has finished.` });
  context.log(`refresh by ${interaction.user.id}: ${result.kind}${result.kind === 'failed' ? ` (${result.reason})` : ''}`);
  const summary = outcome !== undefined ? `${outcome()}\n` : '';
  await respond(interaction, { content: `${preface}${summary}${describeRefresh(result)}${elsewhere !== undefined ? `\n${elsewhere}` : ''}` });
}

const REFUSALS: Record<Exclude<ReturnType<typeof moderatorVerdict>, 'allowed'>, string> = {
  'not-a-moderator': LABELS.en.moderatorsOnly,
  'other-server': LABELS.en.corpusElsewhere,
  'no-owning-server': LABELS.en.corpusOwnerUnset,
};

const UPLOAD_EXTENSIONS = /\.(?:txt|md|html?)$/i;

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
            .addStringOption((option) => option.setName('url').setDescription('The feed’s link, as /corpus feed list shows it').setRequired(true).setMaxLength(2000)),
        )
        .addSubcommand((sub) => sub.setName('list').setDescription('The followed feeds, their last poll and errors')),
    )
    .toJSON(),
  async execute(interaction, context) {
    const sub = interaction.options.getSubcommand(false);
    // Servers can change who sees the command, and a moderator of one server is nobody in another:
    // every subcommand (status included: it lists the corpus's files) is checked here.
    const verdict = moderatorVerdict(interaction, context);
    if (verdict !== 'allowed') return respond(interaction, { content: REFUSALS[verdict] }, { ephemeral: true });
    if (interaction.options.getSubcommandGroup(false) === 'feed') return feedCommand(interaction, context, sub);
    if (sub === 'status') return respond(interaction, statusPayload(context, new Date(), await context.feeds?.list()), { ephemeral: true });
    // Discord always names one; a payload without it is answered, not failed.
    if (sub !== 'gaps' && sub !== 'refresh' && sub !== 'add') return respond(interaction, { content: 'Choose one of /corpus status, refresh, gaps or add.' }, { ephemeral: true });
    if (sub === 'gaps') {
      const gaps = context.gaps.recent(20);
      const lines = gaps.map((gap) => `• ${gap.at.replace('T', ' ').slice(0, 16)} UTC — ${escapeMarkdown(clip(gap.question, 150))}`);
      return respond(interaction, { content: gaps.length === 0 ? 'No unanswered questions recorded.' : `**Recent unanswered questions**\n${lines.join('\n')}` }, { ephemeral: true });
    }
    if (sub === 'refresh') {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      return refreshWithProgress(interaction, context);
    }
    // add
    const file = interaction.options.getAttachment('file');
    const link = interaction.options.getString('url');
    if (file !== null && link !== null) return respond(interaction, { content: 'Not added: give a file or a link, not both.' }, { ephemeral: true });
    if (link !== null) return addLink(interaction, context, link);
    if (file === null) return respond(interaction, { content: 'Not added: attach a .txt, .md or .html file to /corpus add, or give a link (url).' }, { ephemeral: true });
    if (!UPLOAD_EXTENSIONS.test(file.name)) return respond(interaction, { content: `Not added: only .txt, .md, .html and .htm files can be added (got ${escapeMarkdown(file.name)}).` }, { ephemeral: true });
    if (file.size > context.maxUploadBytes) {
      return respond(interaction, { content: `Not added: ${escapeMarkdown(file.name)} is ${file.size} bytes; the limit is ${context.maxUploadBytes}.` }, { ephemeral: true });
    }
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const download = await downloadAttachment(file.url, context.maxUploadBytes);
    if (download.kind === 'too-large') return respond(interaction, { content: `Not added: the file is too large; the limit is ${context.maxUploadBytes} bytes.` });
    if (download.kind === 'failed') return respond(interaction, { content: `Not added: the attachment could not be downloaded (${download.reason}); try again.` });
    const saved = await context.corpus.addFile(file.name, download.data);
    if (saved.kind === 'rejected') return respond(interaction, { content: `Not added: ${saved.reason}.` });
    context.log(`corpus add by ${interaction.user.id}: ${saved.file}`);
    const note = saved.renamedFrom ? ` (a file named ${saved.renamedFrom} already exists, so it was not replaced)` : '';
    await refreshWithProgress(interaction, context, `Saved as ${escapeMarkdown(saved.file)}${escapeMarkdown(note)}.\n`, true);
  },
} satisfies Command;

/** `/corpus add url:`: fetch, save, refresh, then say what the page became. */
async function addLink(interaction: ChatInputCommandInteraction, context: BotContext, link: string): Promise<void> {
  const links = context.links;
  if (links === undefined) return respond(interaction, { content: 'Not added: links are not enabled in this process.' }, { ephemeral: true });
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const saved = await links.save(link);
  if (saved.kind === 'rejected') return respond(interaction, { content: `Not added: ${escapeMarkdown(saved.reason)}.` });
  context.log(`corpus add by ${interaction.user.id}: ${saved.record.url} as ${saved.file}`);
  const preface = `Saved <${saved.record.url}> as ${escapeMarkdown(saved.file)}.\n`;
  await refreshWithProgress(interaction, context, preface, true, () => describeOutcome(saved.file, links.describe(saved.file)));
}

/** The one declared list: what register-commands registers is what the bot serves. */
export const COMMANDS = { ask, source, corpus, 'Find sources': findSources } as const;

export function commandData(): RESTPostAPIApplicationCommandsJSONBody[] {
  return Object.values(COMMANDS).map((command) => command.data);
}
