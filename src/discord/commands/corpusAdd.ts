import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { escapeMarkdown } from '../../core/discordMessage.js';
import type { BotContext } from '../BotContext.js';
import { describeOutcome } from '../corpusLinks.js';
import { downloadAttachment } from '../downloadAttachment.js';
import { respond } from '../respond.js';
import { refreshWithProgress } from './corpusRefresh.js';

const UPLOAD_EXTENSIONS = /\.(?:txt|md|html?)$/i;

/** `/corpus add file:` or `url:` (one of them): save into the corpus folder, then refresh. */
export async function corpusAdd(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
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
}

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
