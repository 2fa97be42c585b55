import { randomBytes } from 'node:crypto';
import {
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type ButtonInteraction,
  type Interaction,
  type Message,
} from 'discord.js';
import { LABELS } from '../core/labels.js';
import { questionLanguage } from '../core/questionCues.js';
import { decodeButton, documentKey, renderContext } from '../core/renderDiscord.js';
import { answerForDiscord, rateLimitNotice } from './ask.js';
import type { BotContext } from './BotContext.js';
import { COMMANDS, type Command } from './commands.js';
import { respond, type ReplyTarget } from './respond.js';

/**
 * The Discord adapter: one client, its events routed to the commands, buttons, direct messages
 * and mentions. Every handler runs inside `guard`, which turns an unexpected error into an
 * apology with a reference that also appears in the log, and keeps the process running.
 */
export interface BotOptions {
  readonly token: string;
  /** Base URL of a Discord-compatible REST API; Discord's own when undefined. */
  readonly apiUrl?: string | undefined;
  readonly shards?: number | number[] | 'auto';
}

export interface Bot {
  readonly client: Client;
  /** Logs in and resolves once the client is ready. */
  start(): Promise<void>;
  /** Waits (a bounded time) for replies in flight, then disconnects. */
  stop(): Promise<void>;
}

export function createBot(context: BotContext, options: BotOptions): Bot {
  const client = new Client({
    // Message content arrives for DMs and for messages that mention the bot without the
    // privileged MessageContent intent, which is all isnad reads.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    partials: [Partials.Channel],
    allowedMentions: { parse: [], repliedUser: false },
    ...(options.apiUrl !== undefined ? { rest: { api: options.apiUrl } } : {}),
    ...(options.shards !== undefined ? { shards: options.shards } : {}),
  });
  const inFlight = new Set<Promise<void>>();

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  const guard = async (what: string, target: ReplyTarget | undefined, language: 'en' | 'ar', work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      const reference = randomBytes(4).toString('hex');
      context.log(`[${reference}] ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (target === undefined) return;
      try {
        // A deferred public reply would show the apology to the whole channel: replace it with a
        // private note to the asker.
        if ('deferred' in target && target.deferred && !target.ephemeral) await target.deleteReply().catch(() => {});
        if ('deferred' in target && target.deferred && !target.ephemeral) {
          await target.followUp({ content: LABELS[language].failed(reference), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
          return;
        }
        await respond(target, { content: LABELS[language].failed(reference) }, { ephemeral: true });
      } catch (replyError) {
        context.log(`[${reference}] the apology could not be sent either: ${(replyError as Error).message}`);
      }
    }
  };

  client.on(Events.InteractionCreate, (interaction) => track(routeInteraction(interaction)));
  client.on(Events.MessageCreate, (message) => track(routeMessage(message)));
  client.on(Events.Error, (error) => context.log(`discord client error: ${error.message}`));
  client.on(Events.ShardDisconnect, (_event, shard) => context.log(`shard ${shard} disconnected; discord.js reconnects`));

  async function routeInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      const command = lookup(interaction.commandName);
      await guard(`autocomplete /${interaction.commandName}`, undefined, 'en', async () => {
        if (command?.autocomplete) await command.autocomplete(interaction, context);
        else await interaction.respond([]);
      });
      return;
    }
    if (interaction.isChatInputCommand()) {
      const command = lookup(interaction.commandName);
      const question = interaction.options.get('question')?.value;
      const language = typeof question === 'string' ? questionLanguage(question) : 'en';
      await guard(`/${interaction.commandName}`, interaction, language, async () => {
        if (command === undefined) throw new Error(`no handler for /${interaction.commandName}`);
        await command.execute(interaction as never, context);
      });
      return;
    }
    if (interaction.isMessageContextMenuCommand()) {
      const language = questionLanguage(interaction.targetMessage.content);
      await guard(interaction.commandName, interaction, language, () => COMMANDS['Find sources'].execute(interaction, context));
      return;
    }
    if (interaction.isButton()) {
      await guard(`button ${interaction.customId}`, interaction, 'en', () => onButton(interaction));
    }
  }

  function lookup(name: string): Command<never> | undefined {
    return (COMMANDS as Record<string, Command<never> | undefined>)[name];
  }

  async function onButton(interaction: ButtonInteraction): Promise<void> {
    const action = decodeButton(interaction.customId);
    // The question travels in the answer's footer, so More works after a restart too.
    const question = interaction.message.embeds.at(-1)?.footer?.text;
    const language = question !== undefined ? questionLanguage(question) : 'en';
    if (action === undefined) return respond(interaction, { content: LABELS[language].expired }, { ephemeral: true });
    if (action.kind === 'more') {
      if (question === undefined) return respond(interaction, { content: LABELS[language].expired }, { ephemeral: true });
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      return respond(interaction, answerForDiscord(context, question, action.offset), { ephemeral: true });
    }
    const document = context.corpus.current.index.documents.find((candidate) => documentKey(candidate.id) === action.documentKey);
    if (document === undefined) return respond(interaction, { content: LABELS[language].goneFromCorpus }, { ephemeral: true });
    await respond(interaction, renderContext(document, action.paragraph, language), { ephemeral: true });
  }

  async function routeMessage(message: Message): Promise<void> {
    if (message.author.bot || client.user === null) return;
    const inDm = !message.inGuild();
    const mention = new RegExp(`<@!?${client.user.id}>`, 'g');
    // In a server, only a message that names the bot in its text is a question — not a reply to
    // one of its answers, which also "mentions" it ("thanks!").
    if (!inDm && !mention.test(message.content)) return;
    const question = message.content.replace(mention, ' ').trim();
    const language = questionLanguage(question);
    await guard(inDm ? 'direct message' : 'mention', message, language, async () => {
      const limited = rateLimitNotice(context, message.author.id, question);
      await respond(message, limited ?? answerForDiscord(context, question));
    });
  }

  return {
    client,
    async start() {
      const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
      await client.login(options.token);
      await ready;
    },
    async stop() {
      const pending = Promise.allSettled([...inFlight]);
      await Promise.race([pending, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await client.destroy();
    },
  };
}
