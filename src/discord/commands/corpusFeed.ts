import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { clip, escapeMarkdown } from '../../core/discordMessage.js';
import type { BotContext } from '../BotContext.js';
import { describePoll, feedLines } from '../corpusLinks.js';
import { respond } from '../respond.js';

/** `/corpus feed list`. */
export async function feedList(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const feeds = context.feeds;
  if (feeds === undefined) return feedsDisabled(interaction);
  const list = await feeds.list();
  await respond(interaction, { content: `**Feeds** (${list.length}):\n${feedLines(list)}` }, { ephemeral: true });
}

/** `/corpus feed remove url:`: stop following; its articles stay. */
export async function feedRemove(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const feeds = context.feeds;
  if (feeds === undefined) return feedsDisabled(interaction);
  const removed = await feeds.remove(interaction.options.getString('url') ?? '');
  if (removed.kind === 'rejected') return respond(interaction, { content: `Not removed: ${escapeMarkdown(removed.reason)}.` }, { ephemeral: true });
  context.log(`feed remove by ${interaction.user.id}: ${removed.feed.url}`);
  await respond(
    interaction,
    { content: `No longer following <${removed.feed.url}>. The ${removed.feed.added} article(s) it added stay in the corpus.` },
    { ephemeral: true },
  );
}

/** `/corpus feed add url:`: follow a feed, its newest items added at once. */
export async function feedAdd(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const feeds = context.feeds;
  if (feeds === undefined) return feedsDisabled(interaction);
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const added = await feeds.add(interaction.options.getString('url') ?? '');
  if (added.kind === 'rejected') return respond(interaction, { content: `Feed not added: ${escapeMarkdown(added.reason)}.` });
  context.log(`feed add by ${interaction.user.id}: ${added.feed.url}`);
  const title = added.feed.title !== undefined ? `“${escapeMarkdown(clip(added.feed.title, 150))}” ` : '';
  await respond(interaction, {
    content: `Following ${title}<${added.feed.url}> (${added.items} item${added.items === 1 ? '' : 's'} listed now); it is polled every ${Math.round(feeds.intervalMs / 60_000)} min.\n${describePoll(added.poll, context)}`,
  });
}

function feedsDisabled(interaction: ChatInputCommandInteraction): Promise<void> {
  return respond(interaction, { content: 'Feeds are not enabled in this process.' }, { ephemeral: true });
}
