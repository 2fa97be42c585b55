import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { escapeMarkdown } from '../../core/discordMessage.js';
import type { ModeratorLabels, OtherShards } from '../../core/labels.js';
import type { RefreshResult } from '../../corpus/CorpusService.js';
import type { BotContext } from '../BotContext.js';
import { describeOtherShards } from '../../core/describeOtherShards.js';
import { listOrNone, skipLines } from '../corpusLinks.js';
import { respond, respondProgress } from '../respond.js';

/** `/corpus refresh`: rebuild from the folder, with progress while it takes long. */
export async function corpusRefresh(interaction: ChatInputCommandInteraction, context: BotContext, labels: ModeratorLabels): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await refreshWithProgress(interaction, context, labels);
}

export function describeRefresh(result: Exclude<RefreshResult, { kind: 'busy' }>, labels: ModeratorLabels): string {
  const seconds = (result.tookMs / 1000).toFixed(1);
  if (result.kind === 'failed') return labels.refreshFailed(seconds, escapeMarkdown(result.reason));
  const { diff } = result;
  return [
    labels.refreshedIn(seconds),
    `**${labels.added}** (${diff.added.length}):\n${listOrNone(diff.added, labels)}`,
    `**${labels.changed}** (${diff.changed.length}):\n${listOrNone(diff.changed, labels)}`,
    `**${labels.removed}** (${diff.removed.length}):\n${listOrNone(diff.removed, labels)}`,
    `**${labels.passages}:** ${diff.passagesBefore} → ${diff.passagesAfter}`,
    `**${labels.skippedFiles}** (${result.skipped.length}):\n${listOrNone(skipLines(result.skipped, labels), labels)}`,
  ].join('\n');
}

/** Runs a refresh, showing progress on the deferred reply while it takes long, then the result. */
export async function refreshWithProgress(
  interaction: ChatInputCommandInteraction,
  context: BotContext,
  labels: ModeratorLabels,
  preface = '',
  queued = false,
  /** A line on what the refresh did with the caller's file, put before the refresh report. */
  outcome?: () => string,
): Promise<void> {
  const started = Date.now();
  const timer = setInterval(() => {
    const seconds = Math.round((Date.now() - started) / 1000);
    void respondProgress(interaction, { content: `${preface}${labels.refreshing(seconds)}` });
  }, 3000);
  let result: RefreshResult;
  let elsewhere: OtherShards | undefined;
  try {
    // After an upload the file is saved already: a refresh running now is followed by one more, never answered "busy".
    result = await (queued ? context.corpus.refreshQueued() : context.corpus.refresh());
    if (result.kind === 'refreshed' && context.onRefreshed) elsewhere = await context.onRefreshed();
  } finally {
    // Stopped before the result goes out: a progress edit sent after it would replace the result.
    clearInterval(timer);
  }
  if (result.kind === 'busy') return respond(interaction, { content: `${preface}${labels.refreshBusy}` });
  context.log(`refresh by ${interaction.user.id}: ${result.kind}${result.kind === 'failed' ? ` (${result.reason})` : ''}`);
  const summary = outcome !== undefined ? `${outcome()}\n` : '';
  const shards = elsewhere !== undefined ? `\n${describeOtherShards(elsewhere, labels)}` : '';
  await respond(interaction, { content: `${preface}${summary}${describeRefresh(result, labels)}${shards}` });
}
