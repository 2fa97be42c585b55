import { clip, escapeMarkdown } from '../core/discordMessage.js';
import type { Feed, PollReport } from '../corpus/FeedPoller.js';
import type { FileOutcome } from '../corpus/LinkIntake.js';
import type { BotContext } from './BotContext.js';

/**
 * The words of `/corpus add url:` and `/corpus feed add|remove|list`: what a link became in the
 * index, what a poll brought, which feeds are followed. The corpus side does the work
 * (LinkIntake, FeedPoller); this only reports it.
 */

/** What a saved page became after the refresh: its articles, or why it was not indexed. */
export function describeOutcome(file: string, outcome: FileOutcome): string {
  const name = escapeMarkdown(file);
  if (outcome.kind === 'skipped') return `**Not indexed:** ${name} was saved but not indexed: ${escapeMarkdown(outcome.reason)}`;
  if (outcome.kind === 'absent') return `**Not indexed:** ${name} is not in the index (the refresh did not take it)`;
  const lines = outcome.articles.slice(0, 5).map((article) => {
    const parts = [
      `“${escapeMarkdown(clip(article.title, 150))}”`,
      ...(article.source !== undefined ? [escapeMarkdown(clip(article.source, 80))] : []),
      ...(article.date !== undefined ? [escapeMarkdown(article.date.slice(0, 10))] : []),
      `${article.paragraphs} paragraph${article.paragraphs === 1 ? '' : 's'}`,
    ];
    return `• ${parts.join(' — ')}`;
  });
  if (outcome.articles.length > 5) lines.push(`… and ${outcome.articles.length - 5} more`);
  return `**Indexed from ${name}:**\n${lines.join('\n')}`;
}

/** How long ago, in the largest unit that keeps it readable: "90 s", "12 min", "5 h", "3 days". */
export function age(since: Date, now = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - since.getTime()) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

/** A bulleted list of at most `limit` items, the rest counted; "none" when empty. */
export function listOrNone(items: readonly string[], limit = 15): string {
  if (items.length === 0) return 'none';
  const shown = items.slice(0, limit).map((item) => `• ${escapeMarkdown(item)}`);
  if (items.length > limit) shown.push(`… and ${items.length - limit} more`);
  return shown.join('\n');
}

/** One line per feed, for /corpus status and /corpus feed list. */
export function feedLines(feeds: readonly Feed[], now = new Date(), limit = 15): string {
  if (feeds.length === 0) return 'none';
  const lines = feeds.slice(0, limit).map((feed) => {
    const name = feed.title !== undefined ? `${escapeMarkdown(clip(feed.title, 80))} <${feed.url}>` : `<${feed.url}>`;
    const state = feed.lastError !== undefined ? `failing: ${escapeMarkdown(clip(feed.lastError, 200))}` : feed.lastPollAt !== undefined ? 'ok' : 'not polled yet';
    return `• ${name} — last poll ${feed.lastPollAt === undefined ? 'never' : `${age(new Date(feed.lastPollAt), now)} ago`}, ${state}; ${feed.added} article${feed.added === 1 ? '' : 's'} added`;
  });
  if (feeds.length > limit) lines.push(`… and ${feeds.length - limit} more`);
  return lines.join('\n');
}

export function describePoll(report: PollReport, context: BotContext): string {
  const outcome = report.feeds[0];
  if (outcome === undefined) return 'Nothing was polled.';
  const lines: string[] = [];
  if (outcome.error !== undefined) lines.push(`First poll failed: ${escapeMarkdown(outcome.error)}`);
  else if (outcome.saved.length === 0) lines.push('No new article in the feed for now; new items are added at each poll.');
  if (outcome.saved.length > 0 && context.links !== undefined) {
    lines.push(`**Saved** (${outcome.saved.length}):`);
    for (const saved of outcome.saved.slice(0, 8)) lines.push(describeOutcome(saved.file, context.links.describe(saved.file)).replace(/^\*\*Indexed from /, '**'));
    if (outcome.saved.length > 8) lines.push(`… and ${outcome.saved.length - 8} more`);
  }
  if (outcome.refused.length > 0) {
    lines.push(`**Not added** (${outcome.refused.length}):`);
    for (const refused of outcome.refused.slice(0, 5)) lines.push(`• <${refused.link}>: ${escapeMarkdown(clip(refused.reason, 200))}`);
  }
  if (outcome.retrying > 0) lines.push(`${outcome.retrying} item page(s) could not be fetched now; tried again at the next poll.`);
  const refresh = report.refresh;
  if (refresh !== undefined) {
    const seconds = (refresh.tookMs / 1000).toFixed(1);
    lines.push(
      refresh.kind === 'failed'
        ? `Refresh failed after ${seconds} s; the previous index is still serving.\nReason: ${escapeMarkdown(refresh.reason)}`
        : `Refreshed in ${seconds} s. **Passages:** ${refresh.diff.passagesBefore} → ${refresh.diff.passagesAfter}`,
    );
  }
  if (report.elsewhere !== undefined) lines.push(report.elsewhere);
  return lines.join('\n');
}
