import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { clip, escapeMarkdown } from '../../core/discordMessage.js';
import type { ModeratorLabels } from '../../core/labels.js';
import type { BotContext } from '../BotContext.js';
import { describePoll, feedLines } from '../corpusLinks.js';
import { respond } from '../respond.js';

/** `/corpus feed list`. */
export async function feedList(interaction: ChatInputCommandInteraction, context: BotContext, labels: ModeratorLabels): Promise<void> {
  const feeds = context.feeds;
  if (feeds === undefined) return respond(interaction, { content: labels.feedsDisabled }, { ephemeral: true });
  const list = await feeds.list();
  await respond(interaction, { content: `**${labels.feeds}** (${list.length}):\n${feedLines(list, new Date(), labels)}` }, { ephemeral: true });
}

/** `/corpus feed remove url:`: stop following; its articles stay. */
export async function feedRemove(interaction: ChatInputCommandInteraction, context: BotContext, labels: ModeratorLabels): Promise<void> {
  const feeds = context.feeds;
  if (feeds === undefined) return respond(interaction, { content: labels.feedsDisabled }, { ephemeral: true });
  const removed = await feeds.remove(interaction.options.getString('url') ?? '');
  if (removed.kind === 'rejected') return respond(interaction, { content: labels.notRemoved(escapeMarkdown(removed.reason)) }, { ephemeral: true });
  context.log(`feed remove by ${interaction.user.id}: ${removed.feed.url}`);
  await respond(interaction, { content: labels.unfollowed(removed.feed.url, removed.feed.added) }, { ephemeral: true });
}

/** `/corpus feed add url:`: follow a feed, its newest items added at once. */
export async function feedAdd(interaction: ChatInputCommandInteraction, context: BotContext, labels: ModeratorLabels): Promise<void> {
  const feeds = context.feeds;
  if (feeds === undefined) return respond(interaction, { content: labels.feedsDisabled }, { ephemeral: true });
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const added = await feeds.add(interaction.options.getString('url') ?? '');
  if (added.kind === 'rejected') return respond(interaction, { content: labels.feedNotAdded(escapeMarkdown(added.reason)) });
  context.log(`feed add by ${interaction.user.id}: ${added.feed.url}`);
  const title = added.feed.title !== undefined ? escapeMarkdown(clip(added.feed.title, 150)) : undefined;
  const following = labels.following(title, added.feed.url, added.items, Math.round(feeds.intervalMs / 60_000));
  await respond(interaction, { content: `${following}\n${describePoll(added.poll, context, labels)}` });
}
