/**
 * Proves that the real discord.js Client works against FakeDiscord, pointed there only through
 * `rest: { api: fake.apiUrl }` — no network access to Discord.
 */
import { once } from 'node:events';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  AttachmentBuilder,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  Routes,
  type ClientOptions,
  type Interaction,
  type Message,
} from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord, FakePermissions, shardForGuild, type FakeDiscordOptions } from '../support/FakeDiscord.js';

const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages, GatewayIntentBits.MessageContent];
const INTENT_BITS = INTENTS.reduce((a, b) => a | b, 0);

let fake: FakeDiscord | undefined;
let client: Client | undefined;

afterEach(async () => {
  // Destroy the client first, or discord.js keeps trying to resume against the closed port.
  await client?.destroy();
  client = undefined;
  await fake?.close();
  fake = undefined;
});

async function start(fakeOptions: FakeDiscordOptions = {}, clientOptions: Partial<ClientOptions> = {}): Promise<{ fake: FakeDiscord; client: Client<true> }> {
  const f = await FakeDiscord.start(fakeOptions);
  fake = f;
  const c = new Client({ intents: INTENTS, partials: [Partials.Channel], rest: { api: f.apiUrl }, ...clientOptions });
  client = c;
  const ready = once(c, Events.ClientReady);
  await c.login('test-token');
  await ready;
  if (!c.isReady()) throw new Error('client not ready');
  return { fake: f, client: c };
}

/** Runs `handler` on the next interaction and resolves with its result (rejects if it throws). */
function onNextInteraction<T>(c: Client, handler: (interaction: Interaction) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    c.once(Events.InteractionCreate, (interaction) => {
      handler(interaction).then(resolve, reject);
    });
  });
}

/** Runs `handler` on the next message not written by a bot (the fake echoes the bot's own messages). */
function onNextUserMessage<T>(c: Client, handler: (message: Message) => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const listener = (message: Message): void => {
      if (message.author.bot) return;
      c.off(Events.MessageCreate, listener);
      handler(message).then(resolve, reject);
    };
    c.on(Events.MessageCreate, listener);
  });
}

describe('FakeDiscord with a real discord.js Client', () => {
  it('serves /gateway/bot, accepts IDENTIFY and makes the client ready with the guild cached', async () => {
    const t0 = Date.now();
    const { fake, client } = await start();
    const readyMs = Date.now() - t0;

    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0]).toMatchObject({ token: 'test-token', intents: INTENT_BITS, shard: [0, 1] });
    // @discordjs/ws connects with ?v=10&encoding=json and, without zlib-sync installed, no compression.
    expect(fake.connectionLog[0]?.query).toEqual({ v: '10', encoding: 'json' });
    expect(fake.identifies[0]?.compress).toBe(false);

    const gatewayRequest = fake.requests.find((r) => r.path === '/gateway/bot');
    expect(gatewayRequest).toMatchObject({ method: 'GET', apiVersion: '10', status: 200 });
    expect(gatewayRequest?.headers['authorization']).toBe('Bot [redacted]');

    expect(client.user.id).toBe(fake.botUserId);
    expect(client.user.username).toBe('isnad');
    expect(client.application.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.defaultGuildId ?? '');
    expect(guild?.available).toBe(true);
    expect(guild?.name).toBe('Test Guild');
    expect(guild?.channels.cache.get(fake.defaultChannelId())?.name).toBe('general');
    expect(guild?.roles.everyone.id).toBe(guild?.id);
    expect(guild?.members.me?.id).toBe(fake.botUserId);
    expect(fake.unknownRequests()).toEqual([]);
    expect(readyMs).toBeLessThan(2000);
  });

  it('registers global and guild commands with PUT and validates them like Discord', async () => {
    const { fake, client } = await start();
    const commands = await client.application.commands.set([
      {
        name: 'ask',
        description: 'Ask the corpus',
        options: [{ type: ApplicationCommandOptionType.String, name: 'question', description: 'Question', required: true, autocomplete: true }],
      },
      { type: ApplicationCommandType.Message, name: 'Check quote' },
    ]);
    expect(commands.size).toBe(2);
    const registered = fake.registeredCommands();
    expect(registered.map((c) => c['name'])).toEqual(['ask', 'Check quote']);
    expect(commands.get(String(registered[0]?.['id']))?.name).toBe('ask');

    const guildId = fake.defaultGuildId ?? '';
    await client.application.commands.set([{ name: 'sources', description: 'List sources' }], guildId);
    expect(fake.registeredCommands(guildId).map((c) => c['name'])).toEqual(['sources']);
    expect(fake.requests.filter((r) => r.method === 'PUT').map((r) => r.path)).toEqual([
      `/applications/${fake.applicationId}/commands`,
      `/applications/${fake.applicationId}/guilds/${guildId}/commands`,
    ]);

    // Upper-case chat-input names are rejected by Discord (50035).
    const rejected = await client.application.commands.set([{ name: 'Ask', description: 'x' }]).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(DiscordAPIError);
    expect((rejected as DiscordAPIError).code).toBe(50035);
  });

  it('slash command: deferReply(ephemeral) + editReply with allowedMentions', async () => {
    const { fake, client } = await start();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error(`unexpected ${interaction.type}`);
      expect(interaction.commandName).toBe('ask');
      expect(interaction.options.getString('question', true)).toBe('Who brokered the ceasefire?');
      expect(interaction.user.id).toBe('100');
      expect(interaction.inGuild()).toBe(true);
      expect(interaction.memberPermissions?.has('ManageGuild')).toBe(false);
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ content: 'hi', allowedMentions: { parse: [] } });
    });
    const sent = fake.slashCommand({ name: 'ask', options: { question: 'Who brokered the ceasefire?' } });
    expect(sent.status).toBe('sent');
    await handled;

    const replies = fake.repliesFor(sent.token);
    expect(replies.map((r) => `${r.method} ${r.route}`)).toEqual([
      'POST POST /interactions/:id/:token/callback',
      'PATCH PATCH /webhooks/:appId/:token/messages/:messageId',
    ]);
    expect(replies[0]?.path).toBe(`/interactions/${sent.id}/${sent.token}/callback`);
    expect(replies[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(replies[0]?.headers['authorization']).toBeUndefined();
    expect(replies[1]?.path).toBe(`/webhooks/${fake.applicationId}/${sent.token}/messages/@original`);
    expect(replies[1]?.body).toMatchObject({ content: 'hi', allowed_mentions: { parse: [] } });

    const state = fake.interaction(sent.token);
    expect(state).toMatchObject({ acknowledged: true, deferred: true, ephemeral: true, callbackType: 5 });
    const original = fake.originalMessage(sent.token);
    expect(original?.content).toBe('hi');
    expect(original?.flags).toBe(64); // LOADING cleared, EPHEMERAL kept
  });

  it('slash command from a moderator in a DM context and with_response', async () => {
    const { fake, client } = await start();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      expect(interaction.memberPermissions?.has('ManageGuild')).toBe(true);
      const response = await interaction.reply({ content: 'ok', withResponse: true });
      return response.resource?.message?.content;
    });
    fake.slashCommand({ name: 'reindex', permissions: FakePermissions.moderator });
    expect(await handled).toBe('ok');

    const dm = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      expect(interaction.inGuild()).toBe(false);
      expect(interaction.channel?.isDMBased()).toBe(true);
      await interaction.reply('in dm');
    });
    const sent = fake.slashCommand({ name: 'ask', dm: true, options: { question: 'x' } });
    await dm;
    expect(fake.originalMessage(sent.token)?.content).toBe('in dm');
  });

  it('button: interaction.reply', async () => {
    const { fake, client } = await start();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isButton()) throw new Error('unexpected');
      expect(interaction.customId).toBe('more:1');
      expect(interaction.message.content).toBe('Answer');
      await interaction.reply({ content: 'more', flags: MessageFlags.Ephemeral });
    });
    const sent = fake.button({ customId: 'more:1', message: { content: 'Answer' } });
    await handled;
    const [callback] = fake.repliesFor(sent.token);
    expect(callback?.body).toEqual({ type: 4, data: expect.objectContaining({ content: 'more', flags: 64 }) });
  });

  it('autocomplete: interaction.respond', async () => {
    const { fake, client } = await start();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isAutocomplete()) throw new Error('unexpected');
      const focused = interaction.options.getFocused(true);
      expect(focused).toMatchObject({ name: 'question', value: 'cease' });
      await interaction.respond([{ name: 'ceasefire', value: 'ceasefire' }]);
    });
    const sent = fake.autocomplete({ name: 'ask', options: { question: 'cease' } });
    await handled;
    expect(fake.repliesFor(sent.token)[0]?.body).toEqual({
      type: 8,
      data: { choices: [{ name: 'ceasefire', value: 'ceasefire' }] },
    });
    expect(fake.interaction(sent.id)?.choices).toEqual([{ name: 'ceasefire', value: 'ceasefire' }]);
  });

  it('DM MESSAGE_CREATE reaches messageCreate and message.reply posts to the DM channel', async () => {
    const { fake, client } = await start();
    const handled = onNextUserMessage(client, async (message) => {
      expect(message.channel.isDMBased()).toBe(true);
      expect(message.content).toBe('hello bot');
      await message.reply({ content: 'hello human', allowedMentions: { repliedUser: false } });
    });
    const sent = fake.sendMessage({ content: 'hello bot', dm: true });
    await handled;
    const post = await fake.waitForRequest({ method: 'POST', path: `/channels/${sent.d.channel_id}/messages` });
    expect(post.status).toBe(200);
    expect(post.body).toMatchObject({
      content: 'hello human',
      message_reference: { message_id: sent.d.id },
      allowed_mentions: { replied_user: false },
    });
    expect(fake.botMessages(sent.d.channel_id).map((m) => m.content)).toEqual(['hello human']);
  });

  it('guild message mentioning the bot: message.reply (and the reply is echoed back as MESSAGE_CREATE)', async () => {
    const { fake, client } = await start();
    const echoed = new Promise<Message>((resolve) => {
      client.on(Events.MessageCreate, (m) => {
        if (m.author.id === client.user.id) resolve(m);
      });
    });
    const handled = onNextUserMessage(client, async (message) => {
      expect(message.inGuild()).toBe(true);
      expect(message.member?.id).toBe('100');
      expect(message.mentions.users.has(client.user.id)).toBe(true);
      await message.reply('pong');
    });
    fake.sendMessage({ content: `<@${fake.botUserId}> ping`, mentions: [fake.botUserId] });
    await handled;
    const post = await fake.waitForRequest({ method: 'POST', path: `/channels/${fake.defaultChannelId()}/messages` });
    expect(post.body).toMatchObject({ content: 'pong' });
    const echo = await echoed;
    expect(echo.content).toBe('pong');
    expect(echo.reference?.messageId).toBeDefined();
  });

  it('blanks guild message content without the MessageContent intent unless the bot is mentioned', async () => {
    const { fake, client } = await start({}, { intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages] });
    const contents: string[] = [];
    client.on(Events.MessageCreate, (m) => {
      if (!m.author.bot) contents.push(m.content);
    });
    fake.sendMessage({ content: 'not for you' });
    fake.sendMessage({ content: `<@${fake.botUserId}> for you` }); // mention parsed from the content
    fake.sendMessage({ content: 'dm text', dm: true });
    await expect.poll(() => contents.length).toBe(3);
    expect(contents).toEqual(['', `<@${fake.botUserId}> for you`, 'dm text']);
  });

  it('follow-up with an attached file is parsed from multipart/form-data', async () => {
    const { fake, client } = await start();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      await interaction.reply('answer');
      await interaction.followUp({
        content: 'full text attached',
        files: [new AttachmentBuilder(Buffer.from('The full article.'), { name: 'article.txt' })],
      });
    });
    const sent = fake.slashCommand({ name: 'ask', options: { question: 'q' } });
    await handled;
    const followUp = fake.repliesFor(sent.token)[1];
    expect(followUp).toMatchObject({ method: 'POST', path: `/webhooks/${fake.applicationId}/${sent.token}`, query: { wait: 'true' } });
    expect(followUp?.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(followUp?.body).toMatchObject({ content: 'full text attached', attachments: [{ id: '0' }] });
    expect(followUp?.files).toHaveLength(1);
    // discord.js sniffs the type with magic-bytes; plain text is not recognised, so no type is sent.
    expect(followUp?.files[0]).toMatchObject({ name: 'files[0]', filename: 'article.txt', contentType: 'application/octet-stream' });
    expect(followUp?.files[0]?.data.toString()).toBe('The full article.');

    const [message] = fake.followUps(sent.token);
    expect(message?.attachments[0]).toMatchObject({ filename: 'article.txt', size: 17 });
    const download = await fetch(message?.attachments[0]?.url ?? '');
    expect(await download.text()).toBe('The full article.');
  });

  it('message context menu: targetMessage is resolved', async () => {
    const { fake, client } = await start();
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isMessageContextMenuCommand()) throw new Error('unexpected');
      expect(interaction.commandName).toBe('Check quote');
      expect(interaction.targetMessage.content).toBe('The UN brokered a ceasefire.');
      expect(interaction.targetMessage.author.username).toBe('poster');
      await interaction.reply({ content: 'checked', flags: MessageFlags.Ephemeral });
    });
    const sent = fake.messageContextMenu({
      name: 'Check quote',
      targetMessage: { content: 'The UN brokered a ceasefire.', author: { id: '555', username: 'poster' } },
    });
    await handled;
    expect(fake.repliesFor(sent.token)[0]?.body).toMatchObject({ type: 4, data: { content: 'checked', flags: 64 } });
  });

  it('reconnects after dropConnections() (RESUME, missed events replayed) and still gets interactions', async () => {
    const { fake, client } = await start();
    const resumed = once(client, Events.ShardResume);
    expect(fake.dropConnections()).toBe(1);

    // Dispatched while disconnected: buffered and replayed on RESUME, as Discord does.
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      await interaction.reply('after reconnect');
    });
    const sent = fake.slashCommand({ name: 'ask', options: { question: 'q' } });
    expect(sent.status).toBe('buffered');

    const resume = await fake.waitForResume();
    expect(resume).toMatchObject({ ok: true, replayed: 1 });
    await resumed;
    await handled;
    expect(fake.connections).toBe(2);
    expect(fake.identifies).toHaveLength(1);

    // And a fresh one after the resume.
    const again = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      await interaction.reply('still here');
    });
    const sent2 = fake.slashCommand({ name: 'ask', options: { question: 'q2' } });
    expect(sent2.status).toBe('sent');
    await again;
    expect(fake.originalMessage(sent2.token)?.content).toBe('still here');
  });

  it('fault injection: 429 is retried by discord.js, 10062 surfaces as DiscordAPIError', async () => {
    const { fake, client } = await start();
    fake.rateLimitNext({ method: 'PATCH', path: /\/messages\/@original$/ });
    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      await interaction.deferReply();
      await interaction.editReply('after the rate limit');
    });
    const sent = fake.slashCommand({ name: 'ask', options: { question: 'q' } });
    await handled;
    const patches = fake.repliesFor(sent.token).filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => r.status)).toEqual([429, 200]);
    expect(patches[0]?.injected).toBe(true);

    fake.failNext({ method: 'POST', path: /\/callback$/ }, { status: 404, body: { code: 10062, message: 'Unknown interaction' } });
    const failed = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      return interaction.reply('too late').catch((e: unknown) => e);
    });
    fake.slashCommand({ name: 'ask', options: { question: 'q' } });
    const err = await failed;
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect((err as DiscordAPIError).code).toBe(10062);
  });

  it('answers like Discord: double acknowledge, oversize content, unknown routes', async () => {
    const { fake, client } = await start();
    const sent = fake.slashCommand({ name: 'ask', options: { question: 'q' } });
    const route = Routes.interactionCallback(sent.id, sent.token);
    await client.rest.post(route, { body: { type: 4, data: { content: 'first' } }, auth: false });
    const twice = await client.rest.post(route, { body: { type: 4, data: { content: 'second' } }, auth: false }).catch((e: unknown) => e);
    expect((twice as DiscordAPIError).code).toBe(40060);

    const tooLong = await client.rest
      .patch(Routes.webhookMessage(fake.applicationId, sent.token, '@original'), { body: { content: 'x'.repeat(2001) }, auth: false })
      .catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(DiscordAPIError);
    expect((tooLong as DiscordAPIError).code).toBe(50035);
    expect((tooLong as DiscordAPIError).rawError).toMatchObject({
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    });

    const empty = await client.rest.post(Routes.channelMessages(fake.defaultChannelId()), { body: { content: '' } }).catch((e: unknown) => e);
    expect((empty as DiscordAPIError).code).toBe(50006);

    const unknown = await client.rest.get('/guilds/1/audit-logs').catch((e: unknown) => e);
    expect((unknown as DiscordAPIError).status).toBe(404);
    expect(fake.unknownRequests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /guilds/1/audit-logs']);

    await expect(fake.waitForRequest((r) => r.path === '/never', 50)).rejects.toThrow(/timed out after 50 ms.*\n.*GET \/guilds\/1\/audit-logs -> 404/s);
  });

  it('serves the other REST routes discord.js uses (application, users, DMs, typing, channels, members)', async () => {
    const { fake, client } = await start();
    const app = await client.application.fetch();
    expect(app.id).toBe(fake.applicationId);
    expect((await client.users.fetch('100', { force: true })).username).toBe('member');
    const dm = await client.users.createDM('100');
    expect(dm.id).toBe(fake.dmChannelId('100'));
    await dm.sendTyping();
    const channel = await client.channels.fetch(fake.defaultChannelId(), { force: true });
    expect(channel?.isTextBased()).toBe(true);
    const guild = client.guilds.cache.get(fake.defaultGuildId ?? '');
    expect((await guild?.members.fetch({ user: '100', force: true }))?.user.username).toBe('member');
    await expect(guild?.members.fetch({ user: '424242', force: true })).rejects.toMatchObject({ code: 10007 });
    const sentMessage = await dm.send('a DM from the bot');
    expect(fake.message(sentMessage.id)?.content).toBe('a DM from the bot');
    await sentMessage.edit('edited');
    expect(fake.message(sentMessage.id)?.content).toBe('edited');
    expect(fake.unknownRequests()).toEqual([]);
  });

  it('options: token check, interaction deadline, delayNext', async () => {
    const strict = await FakeDiscord.start({ token: 'right-token' });
    const wrong = new Client({ intents: INTENTS, rest: { api: strict.apiUrl } });
    await expect(wrong.login('wrong-token')).rejects.toThrow();
    await wrong.destroy();
    await strict.close();

    const { fake, client } = await start({ interactionDeadlineMs: 50 });
    fake.delayNext({ method: 'POST', path: /\/callback$/ }, 20);
    const slowButOk = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      const t0 = Date.now();
      await interaction.reply('quick');
      return Date.now() - t0;
    });
    fake.slashCommand({ name: 'ask' });
    expect(await slowButOk).toBeGreaterThanOrEqual(15);

    const tooSlow = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      await new Promise((r) => setTimeout(r, 80));
      return interaction.reply('slow').catch((e: unknown) => e);
    });
    fake.slashCommand({ name: 'ask' });
    expect(await tooSlow).toMatchObject({ code: 10062 });
  });

  it('runs two shards, each its own session, with guilds routed by (guild_id >> 22) % 2', async () => {
    const guildA = (1_000_000n << 22n).toString();
    const guildB = (1_000_001n << 22n).toString();
    expect([shardForGuild(guildA, 2), shardForGuild(guildB, 2)]).toEqual([0, 1]);
    const { fake, client } = await start(
      {
        shards: 2,
        maxConcurrency: 2,
        guilds: [
          { id: guildA, name: 'A', channels: [{ id: '2000000000000000001', name: 'a' }] },
          { id: guildB, name: 'B', channels: [{ id: '2000000000000000002', name: 'b' }] },
        ],
      },
      { shards: 'auto' },
    );
    expect(fake.identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(new Set(fake.identifies.map((i) => i.sessionId)).size).toBe(2);
    expect(client.guilds.cache.get(guildA)?.shardId).toBe(0);
    expect(client.guilds.cache.get(guildB)?.shardId).toBe(1);

    const handled = onNextInteraction(client, async (interaction) => {
      if (!interaction.isChatInputCommand()) throw new Error('unexpected');
      expect(interaction.guild?.shardId).toBe(1);
      await interaction.reply('from shard 1');
    });
    const sent = fake.slashCommand({ name: 'ask', guildId: guildB, options: { question: 'q' } });
    expect(sent.shard).toBe(1);
    await handled;
  });
});
