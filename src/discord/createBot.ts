import { randomBytes } from 'node:crypto';
import {
  AutocompleteInteraction,
  Client,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  type ButtonInteraction,
  type Interaction,
  MessageType,
  type Message,
} from 'discord.js';
import { LABELS } from '../core/labels.js';
import { questionLanguage } from '../core/questionCues.js';
import { decodeButton, documentKey, renderContext } from '../core/renderDiscord.js';
import { answerForDiscord, rateLimitNotice } from './ask.js';
import type { BotContext } from './BotContext.js';
import type { Language } from '../core/types.js';
import { messageCommands, slashCommands } from './commands/index.js';
import { respond, respondApology, type ReplyTarget } from './respond.js';
import { describeError } from '../core/describeError.js';

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

  /**
   * Runs one handler. Everything it does — reading the payload's fields (Discord sends partial
   * objects: a resolved message may lack content, author or embeds), detecting the language,
   * answering — happens inside, so any failure is logged with a reference and apologised for, in
   * the asker's language when it can be told, and never reaches the process.
   */
  const guard = async (
    what: () => string,
    target: ReplyTarget | AutocompleteInteraction | undefined,
    work: (setLanguage: (language: Language) => void) => Promise<void>,
  ) => {
    let language: Language = 'en';
    try {
      await work((detected) => (language = detected));
    } catch (error) {
      const reference = randomBytes(4).toString('hex');
      context.log(`[${reference}] ${safely(what, 'an event')} failed: ${describeError(error)}`);
      try {
        await apologise(target, LABELS[language].failed(reference));
      } catch (replyError) {
        context.log(`[${reference}] the apology could not be sent either: ${describeError(replyError, { stack: false })}`);
      }
    }
  };

  async function apologise(target: ReplyTarget | AutocompleteInteraction | undefined, content: string): Promise<void> {
    if (target === undefined) return;
    // Autocomplete cannot show text; no choices is its "nothing found".
    if (target instanceof AutocompleteInteraction) {
      if (!target.responded) await target.respond([]);
      return;
    }
    await respondApology(target, content);
  }

  // The routes' promises never reject (guard catches); the catch is for a bug in guard itself.
  const track = (work: Promise<void>) => {
    const tracked = work.catch((error: unknown) => context.log(`unexpected error outside a handler: ${describeError(error)}`));
    inFlight.add(tracked);
    void tracked.finally(() => inFlight.delete(tracked));
  };

  client.on(Events.InteractionCreate, (interaction) => track(routeInteraction(interaction)));
  client.on(Events.MessageCreate, (message) => track(routeMessage(message)));
  client.on(Events.Error, (error) => context.log(`discord client error: ${error.message}`));
  client.on(Events.ShardDisconnect, (_event, shard) => context.log(`shard ${shard} disconnected; discord.js reconnects`));

  async function routeInteraction(interaction: Interaction): Promise<void> {
    if (interaction.isAutocomplete()) {
      return guard(
        () => `autocomplete /${interaction.commandName}`,
        interaction,
        async () => {
          const command = slashCommands.get(interaction.commandName);
          if (command?.autocomplete) await command.autocomplete(interaction, context);
          else await interaction.respond([]);
        },
      );
    }
    if (interaction.isChatInputCommand()) {
      return guard(
        () => `/${interaction.commandName}`,
        interaction,
        async (setLanguage) => {
          const question = interaction.options.get('question')?.value;
          if (typeof question === 'string') setLanguage(questionLanguage(question));
          const command = slashCommands.get(interaction.commandName);
          if (command === undefined) throw new Error(`no handler for /${interaction.commandName}`);
          await command.execute(interaction, context);
        },
      );
    }
    if (interaction.isMessageContextMenuCommand()) {
      return guard(
        () => interaction.commandName,
        interaction,
        async (setLanguage) => {
          setLanguage(questionLanguage(interaction.targetMessage?.content ?? ''));
          const command = messageCommands.get(interaction.commandName);
          if (command === undefined) throw new Error(`no handler for ${interaction.commandName}`);
          await command.execute(interaction, context);
        },
      );
    }
    if (interaction.isButton()) {
      return guard(
        () => `button ${interaction.customId}`,
        interaction,
        (setLanguage) => onButton(interaction, setLanguage),
      );
    }
  }

  async function onButton(interaction: ButtonInteraction, setLanguage: (language: Language) => void): Promise<void> {
    const action = decodeButton(interaction.customId);
    // The question travels in the answer's footer, so More works after a restart too.
    const footer = interaction.message?.embeds?.at(-1)?.footer?.text;
    const question = typeof footer === 'string' ? footer : undefined;
    const language = question !== undefined ? questionLanguage(question) : 'en';
    setLanguage(language);
    if (action === undefined) return respond(interaction, { content: LABELS[language].expired }, { ephemeral: true });
    if (action.kind === 'more') {
      if (question === undefined) return respond(interaction, { content: LABELS[language].expired }, { ephemeral: true });
      // More runs a search, like a question, so it counts as one (otherwise pressing it is a way
      // around the limit). Context is not limited: it is a lookup by id of one paragraph and its
      // neighbours, and refusing it would stop a member reading an answer they were already given.
      const limited = rateLimitNotice(context, interaction.user.id, question);
      if (limited) return respond(interaction, limited, { ephemeral: true });
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      return respond(interaction, answerForDiscord(context, question, action.offset), { ephemeral: true });
    }
    const document = context.corpus.current.index.quotableDocuments.find((candidate) => documentKey(candidate.id) === action.documentKey);
    if (document === undefined) return respond(interaction, { content: LABELS[language].goneFromCorpus }, { ephemeral: true });
    await respond(interaction, renderContext(document, action.paragraph, language), { ephemeral: true });
  }

  async function routeMessage(message: Message): Promise<void> {
    return guard(
      () => (message.inGuild() ? 'mention' : 'direct message'),
      message,
      async (setLanguage) => {
        if (!isQuestionMessage(message) || client.user === null) return;
        const inDm = !message.inGuild();
        const mention = new RegExp(`<@!?${client.user.id}>`, 'g');
        // Content is null when Discord sent none (a partial message): nothing to search.
        const text = message.content ?? '';
        // In a server, only a message that names the bot in its text is a question — not a reply to
        // one of its answers, which also "mentions" it ("thanks!").
        if (!inDm && !mention.test(text)) return;
        const question = text.replace(mention, ' ').trim();
        setLanguage(questionLanguage(question));
        const limited = rateLimitNotice(context, message.author.id, question);
        await respond(message, limited ?? answerForDiscord(context, question));
      },
    );
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

/**
 * A message a member wrote: not a bot's (nor isnad's own answers), not a webhook's (anyone with a
 * webhook URL can post under any name, without the bot flag), not a system message (joins, pins,
 * boosts). A message without an author cannot be told from a bot's, nor limited per member.
 */
function isQuestionMessage(message: Message): message is Message & { author: NonNullable<Message['author']> } {
  if (message.author === null || message.author === undefined || message.author.bot) return false;
  if (message.webhookId !== null && message.webhookId !== undefined) return false;
  if (message.system === true) return false;
  return message.type === null || message.type === undefined || message.type === MessageType.Default || message.type === MessageType.Reply;
}

function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
