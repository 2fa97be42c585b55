import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { escapeMarkdown } from '../../core/discordMessage.js';
import type { ModeratorLabels } from '../../core/labels.js';
import { isArticleFileName } from '../../core/articleExtension.js';
import type { BotContext } from '../BotContext.js';
import { describeOutcome } from '../corpusLinks.js';
import { downloadAttachment } from '../downloadAttachment.js';
import { respond } from '../respond.js';
import { refreshWithProgress } from './corpusRefresh.js';

/** `/corpus add file:` or `url:` (one of them): save into the corpus folder, then refresh. */
export async function corpusAdd(interaction: ChatInputCommandInteraction, context: BotContext, labels: ModeratorLabels): Promise<void> {
  const refuse = (content: string) => respond(interaction, { content }, { ephemeral: true });
  const file = interaction.options.getAttachment('file');
  const link = interaction.options.getString('url');
  if (file !== null && link !== null) return refuse(labels.fileAndLink);
  if (link !== null) return addLink(interaction, context, labels, link);
  if (file === null) return refuse(labels.nothingToAdd);
  // Refused before downloading: the same rule as the corpus folder's.
  if (!isArticleFileName(file.name)) return refuse(labels.wrongExtension(escapeMarkdown(file.name)));
  if (file.size > context.maxUploadBytes) return refuse(labels.fileTooLarge(escapeMarkdown(file.name), file.size, context.maxUploadBytes));
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const download = await downloadAttachment(file.url, context.maxUploadBytes);
  if (download.kind === 'too-large') return respond(interaction, { content: labels.downloadTooLarge(context.maxUploadBytes) });
  if (download.kind === 'failed') return respond(interaction, { content: labels.downloadFailed(download.reason) });
  const saved = await context.corpus.addFile(file.name, download.data);
  if (saved.kind === 'rejected') return respond(interaction, { content: labels.notAdded(saved.reason) });
  context.log(`corpus add by ${interaction.user.id}: ${saved.file}`);
  const renamedFrom = saved.renamedFrom !== undefined ? escapeMarkdown(saved.renamedFrom) : undefined;
  await refreshWithProgress(interaction, context, labels, `${labels.savedAs(escapeMarkdown(saved.file), renamedFrom)}\n`, true);
}

/** `/corpus add url:`: fetch, save, refresh, then say what the page became. */
async function addLink(interaction: ChatInputCommandInteraction, context: BotContext, labels: ModeratorLabels, link: string): Promise<void> {
  const links = context.links;
  if (links === undefined) return respond(interaction, { content: labels.linksDisabled }, { ephemeral: true });
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const saved = await links.save(link);
  if (saved.kind === 'rejected') return respond(interaction, { content: labels.notAdded(escapeMarkdown(saved.reason)) });
  context.log(`corpus add by ${interaction.user.id}: ${saved.record.url} as ${saved.file}`);
  const preface = `${labels.savedLinkAs(saved.record.url, escapeMarkdown(saved.file))}\n`;
  await refreshWithProgress(interaction, context, labels, preface, true, () => describeOutcome(saved.file, links.describe(saved.file), labels));
}
