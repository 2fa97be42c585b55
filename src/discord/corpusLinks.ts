import { clip, escapeMarkdown } from '../core/discordMessage.js';
import { describeOtherShards } from '../core/describeOtherShards.js';
import { MODERATOR_LABELS, type ModeratorLabels } from '../core/labels.js';
import type { SkippedFile } from '../core/types.js';
import type { Feed, PollReport } from '../corpus/FeedPoller.js';
import type { FileOutcome } from '../corpus/LinkIntake.js';
import type { BotContext } from './BotContext.js';

/**
 * The pieces of the `/corpus` replies that several subcommands share: what a link became in the
 * index, what a poll brought, which feeds are followed, lists, ages. The corpus
 * side does the work (LinkIntake, FeedPoller, CorpusService); this only reports it, in the words
 * of `MODERATOR_LABELS`.
 */

/** What a saved page became after the refresh: its articles, or why it was not indexed. */
export function describeOutcome(file: string, outcome: FileOutcome, labels: ModeratorLabels = MODERATOR_LABELS.en, heading = labels.indexedFrom): string {
  const name = escapeMarkdown(file);
  if (outcome.kind === 'skipped') return labels.notIndexedSkipped(name, escapeMarkdown(outcome.reason));
  if (outcome.kind === 'absent') return labels.notIndexedAbsent(name);
  const lines = outcome.articles.slice(0, 5).map((article) => {
    const parts = [
      `“${escapeMarkdown(clip(article.title, 150))}”`,
      ...(article.source !== undefined ? [escapeMarkdown(clip(article.source, 80))] : []),
      ...(article.date !== undefined ? [escapeMarkdown(article.date.slice(0, 10))] : []),
      labels.paragraphCount(article.paragraphs),
    ];
    return `• ${parts.join(' — ')}`;
  });
  if (outcome.articles.length > 5) lines.push(labels.andMore(outcome.articles.length - 5));
  return `**${heading(name)}**\n${lines.join('\n')}`;
}

/** How long ago `since` was, in the largest unit that keeps it readable: "90 s", "12 min", "5 h". */
export function age(since: Date, now: Date, labels: ModeratorLabels): string {
  return labels.age(Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000)));
}

/** A bulleted list of at most `limit` items (escaped here), the rest counted; "none" when empty. */
export function listOrNone(items: readonly string[], labels: ModeratorLabels, limit = 15): string {
  if (items.length === 0) return labels.none;
  const shown = items.slice(0, limit).map((item) => `• ${escapeMarkdown(item)}`);
  if (items.length > limit) shown.push(labels.andMore(items.length - limit));
  return shown.join('\n');
}

/** "file: why", a line per skipped file, for listOrNone. */
export function skipLines(skipped: readonly SkippedFile[], labels: ModeratorLabels): string[] {
  return skipped.map((skip) => `${skip.file}: ${labels.skipReason(skip)}`);
}

/** One line per feed, for /corpus status and /corpus feed list. */
export function feedLines(feeds: readonly Feed[], now: Date, labels: ModeratorLabels, limit = 15): string {
  if (feeds.length === 0) return labels.none;
  const lines = feeds.slice(0, limit).map((feed) => {
    const name = feed.title !== undefined ? `${escapeMarkdown(clip(feed.title, 80))} <${feed.url}>` : `<${feed.url}>`;
    const state = feed.lastError !== undefined ? { failing: escapeMarkdown(clip(feed.lastError, 200)) } : feed.lastPollAt !== undefined ? 'ok' : 'not-polled';
    const lastPoll = feed.lastPollAt === undefined ? labels.never : labels.ago(age(new Date(feed.lastPollAt), now, labels));
    return labels.feedLine(name, lastPoll, state, feed.added);
  });
  if (feeds.length > limit) lines.push(labels.andMore(feeds.length - limit));
  return lines.join('\n');
}

/** What the first poll of a feed just followed brought, and the refresh it made. */
export function describePoll(report: PollReport, context: BotContext, labels: ModeratorLabels): string {
  const outcome = report.feeds[0];
  if (outcome === undefined) return labels.nothingPolled;
  const lines: string[] = [];
  if (outcome.error !== undefined) lines.push(labels.firstPollFailed(escapeMarkdown(outcome.error)));
  else if (outcome.saved.length === 0) lines.push(labels.noNewArticle);
  if (outcome.saved.length > 0 && context.links !== undefined) {
    lines.push(`**${labels.saved}** (${outcome.saved.length}):`);
    for (const saved of outcome.saved.slice(0, 8)) lines.push(describeOutcome(saved.file, context.links.describe(saved.file), labels, (name) => `${name}:`));
    if (outcome.saved.length > 8) lines.push(labels.andMore(outcome.saved.length - 8));
  }
  if (outcome.refused.length > 0) {
    lines.push(`**${labels.notAddedHeading}** (${outcome.refused.length}):`);
    for (const refused of outcome.refused.slice(0, 5)) lines.push(`• <${refused.link}>: ${escapeMarkdown(clip(refused.reason, 200))}`);
  }
  if (outcome.retrying > 0) lines.push(labels.retrying(outcome.retrying));
  const refresh = report.refresh;
  if (refresh !== undefined) {
    const seconds = (refresh.tookMs / 1000).toFixed(1);
    lines.push(
      refresh.kind === 'failed'
        ? labels.refreshFailed(seconds, escapeMarkdown(refresh.reason))
        : labels.pollRefreshed(seconds, refresh.diff.passagesBefore, refresh.diff.passagesAfter),
    );
  }
  if (report.elsewhere !== undefined) lines.push(describeOtherShards(report.elsewhere, labels));
  return lines.join('\n');
}
