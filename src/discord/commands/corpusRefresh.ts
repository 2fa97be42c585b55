import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { escapeMarkdown } from '../../core/discordMessage.js';
import type { RefreshResult } from '../../corpus/CorpusService.js';
import type { BotContext } from '../BotContext.js';
import { listOrNone } from '../corpusLinks.js';
import { respond, respondProgress } from '../respond.js';

/** `/corpus refresh`: rebuild from the folder, with progress while it takes long. */
export async function corpusRefresh(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  await refreshWithProgress(interaction, context);
}

export function describeRefresh(result: Exclude<RefreshResult, { kind: 'busy' }>): string {
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

/** Runs a refresh, showing progress on the deferred reply while it takes long, then the result. */
export async function refreshWithProgress(
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
    void respondProgress(interaction, { content: `${preface}Refreshing the corpus… ${seconds} s` });
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
