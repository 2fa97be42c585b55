import type { ChatInputCommandInteraction } from 'discord.js';
import { clip, escapeMarkdown, type MessagePayload } from '../../core/discordMessage.js';
import { MODERATOR_LABELS, type ModeratorLabels } from '../../core/labels.js';
import type { Feed } from '../../corpus/FeedPoller.js';
import type { BotContext } from '../BotContext.js';
import { age, feedLines, listOrNone, skipLines } from '../corpusLinks.js';
import { respond } from '../respond.js';

/** `/corpus status`: what is served, how old it is, what was skipped, the feeds. */
export async function corpusStatus(interaction: ChatInputCommandInteraction, context: BotContext, labels: ModeratorLabels): Promise<void> {
  await respond(interaction, statusPayload(context, new Date(), await context.feeds?.list(), labels), { ephemeral: true });
}

export function statusPayload(context: BotContext, now = new Date(), feeds?: readonly Feed[], labels: ModeratorLabels = MODERATOR_LABELS.en): MessagePayload {
  const served = context.corpus.current;
  const documents = served.index.documents;
  const languages = new Map<string, number>();
  for (const document of documents) for (const language of document.languages) languages.set(language, (languages.get(language) ?? 0) + 1);
  const last = context.corpus.lastRefresh;
  const lastRefresh =
    last === undefined
      ? labels.noRefreshSinceStart
      : labels.lastRefreshWas(last.kind, labels.ago(age(last.at, now, labels)), last.kind === 'failed' ? escapeMarkdown(last.reason) : undefined);
  const lines = [
    `**${labels.documents}:** ${documents.length}`,
    `**${labels.passages}:** ${served.index.passageCount}`,
    `**${labels.languages}:** ${[...languages].map(([language, count]) => `${language} ${count}`).join(', ') || labels.none}`,
    `**${labels.index}:** ${labels.indexOrigin(served.origin, labels.ago(age(served.builtAt, now, labels)))}`,
    // Served from the last snapshot because the folder vanished: say so, or it looks healthy.
    ...(served.folderProblem ? [labels.folderProblem(escapeMarkdown(served.folderProblem.reason))] : []),
    `**${labels.lastRefresh}:** ${lastRefresh}${context.corpus.isRefreshing ? labels.refreshRunningNow : ''}`,
    `**${labels.skippedFiles}** (${served.skipped.length}):\n${listOrNone(skipLines(served.skipped, labels), labels)}`,
    ...(feeds !== undefined ? [`**${labels.feeds}** (${feeds.length}):\n${feedLines(feeds, now, labels)}`] : []),
  ];
  return { content: lines.join('\n') };
}

/** `/corpus gaps`: the most recent questions isnad could not answer. */
export async function corpusGaps(interaction: ChatInputCommandInteraction, context: BotContext, labels: ModeratorLabels): Promise<void> {
  const gaps = context.gaps.recent(20);
  const lines = gaps.map((gap) => `• ${gap.at.replace('T', ' ').slice(0, 16)} ${labels.utc} — ${escapeMarkdown(clip(gap.question, 150))}`);
  await respond(interaction, { content: gaps.length === 0 ? labels.noGaps : `**${labels.recentGaps}**\n${lines.join('\n')}` }, { ephemeral: true });
}
