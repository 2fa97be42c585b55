import type { ChatInputCommandInteraction } from 'discord.js';
import { clip, escapeMarkdown, type MessagePayload } from '../../core/discordMessage.js';
import type { Feed } from '../../corpus/FeedPoller.js';
import type { BotContext } from '../BotContext.js';
import { age, feedLines, listOrNone } from '../corpusLinks.js';
import { respond } from '../respond.js';

/** `/corpus status`: what is served, how old it is, what was skipped, the feeds. */
export async function corpusStatus(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await respond(interaction, statusPayload(context, new Date(), await context.feeds?.list()), { ephemeral: true });
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

/** `/corpus gaps`: the most recent questions isnad could not answer. */
export async function corpusGaps(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const gaps = context.gaps.recent(20);
  const lines = gaps.map((gap) => `• ${gap.at.replace('T', ' ').slice(0, 16)} UTC — ${escapeMarkdown(clip(gap.question, 150))}`);
  await respond(interaction, { content: gaps.length === 0 ? 'No unanswered questions recorded.' : `**Recent unanswered questions**\n${lines.join('\n')}` }, { ephemeral: true });
}
