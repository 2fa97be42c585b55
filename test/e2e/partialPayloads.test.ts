/**
 * End to end: Discord sends partial objects — a resolved message without `content` (discord.js
 * then sets it to null), a member without `roles`, an interaction without `locale` or `channel`.
 * Each interaction type and each message type is sent here with every optional field missing,
 * then with every nullable one null; the bot must answer as it would a normal event (an empty
 * question is "ask a question", a non-moderator is refused), log no failure, raise no unhandled
 * error, and still answer the next question.
 *
 * The payload shapes (which fields are optional) live in test/support/partialPayloads.ts, shared
 * with the fuzz test that drops and nulls them at random.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeButton, documentKey } from '../../src/core/renderDiscord.js';
import { FakePermissions, type FakeDiscord, type JsonObject, type RecordedRequest, type SentInteraction } from '../support/FakeDiscord.js';
import { stripInteraction, stripMessage, type Strip } from '../support/partialPayloads.js';
import {
  CEASEFIRE_DOCUMENT,
  CEASEFIRE_QUESTION,
  CEASEFIRE_QUOTE,
  channelRepliesTo,
  Harness,
  repliesTo,
  unescapeMarkdown,
  waitForAnswer,
  type RunningBot,
} from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;
const processErrors: string[] = [];
const onProcessError = (error: unknown) => processErrors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));

const EMPTY_QUESTION = 'Ask a question with at least one searchable word.';
const MODERATORS_ONLY = 'Only moderators can change the corpus.';
const MODES: readonly Strip[] = ['missing', 'null'];

beforeAll(async () => {
  process.on('unhandledRejection', onProcessError);
  process.on('uncaughtException', onProcessError);
  fake = await harness.fake();
  running = await harness.startBot(fake, { corpusDir: await harness.corpus() });
});

harness.checkBotMessages();

afterAll(() => {
  process.off('unhandledRejection', onProcessError);
  process.off('uncaughtException', onProcessError);
  expect(processErrors).toEqual([]);
});

function failures(): string[] {
  return running.logs.filter((line) => / failed: |could not be sent|unexpected error/.test(line));
}

/** What the member finally sees: the type-4 reply, or the edit of the deferred original. */
async function shown(sent: SentInteraction): Promise<{ flags: number; text: string; body: Record<string, any> }> {
  const answer = await waitForAnswer(fake, sent, 8000);
  const callback = repliesTo(fake, sent).find((request) => request.path.endsWith('/callback'))!;
  const body = answer.body.type === 4 ? answer.body.data : answer.body;
  const text = body.content ?? body.embeds?.map((embed: { description?: string }) => embed.description ?? '').join('\n') ?? '';
  return { flags: (callback.body.data?.flags ?? 0) as number, text: unescapeMarkdown(text), body };
}

/** The bot is up and answers as usual. */
async function stillAnswers(): Promise<void> {
  const sent = fake.slashCommand({ name: 'ask', options: { question: CEASEFIRE_QUESTION } });
  const answer = await waitForAnswer(fake, sent, 8000);
  expect(unescapeMarkdown(answer.body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
}

const edit =
  (mode: Strip, messagePaths: string[] = []) =>
  (payload: JsonObject) =>
    stripInteraction(payload, mode, messagePaths);

describe.each(MODES)('interactions with every optional field %s', (mode) => {
  it('/ask without its options: the empty-question reply', async () => {
    const sent = fake.slashCommand({ name: 'ask', edit: (payload) => (delete (payload['data'] as JsonObject)['options'], edit(mode)(payload)) });
    expect((await shown(sent)).text).toBe(EMPTY_QUESTION);
    expect(failures()).toEqual([]);
  });

  it('/ask in a DM: answered', async () => {
    const sent = fake.slashCommand({ name: 'ask', dm: true, options: { question: CEASEFIRE_QUESTION }, edit: edit(mode) });
    expect((await shown(sent)).text).toContain(CEASEFIRE_QUOTE);
    expect(failures()).toEqual([]);
  });

  it('/source without its option: "no article matches", privately', async () => {
    const sent = fake.slashCommand({ name: 'source', edit: edit(mode) });
    expect(await shown(sent)).toMatchObject({ flags: 64, text: 'No article matches that; pick one from the list as you type.' });
    expect(failures()).toEqual([]);
  });

  it.each(['status', 'refresh', 'gaps', 'add'])('/corpus %s by a member without permissions or roles: refused privately', async (sub) => {
    const sent = fake.slashCommand({ name: 'corpus', options: [{ type: 1, name: sub }], edit: edit(mode) });
    expect(await shown(sent)).toMatchObject({ flags: 64, text: MODERATORS_ONLY });
    expect(failures()).toEqual([]);
  });

  it('/corpus add by a moderator without the attachment resolved: asked to attach a file', async () => {
    const sent = fake.slashCommand({
      name: 'corpus',
      permissions: FakePermissions.manageGuild,
      options: [{ type: 1, name: 'add', options: [{ type: 11, name: 'file', value: '1400000000000000001' }] }],
      edit: (payload) => {
        // Keeps the permissions (the point is the missing attachment), drops the rest.
        const permissions = (payload['member'] as JsonObject)['permissions'];
        edit(mode)(payload);
        (payload['member'] as JsonObject)['permissions'] = permissions;
      },
    });
    expect(await shown(sent)).toMatchObject({ flags: 64, text: 'Not added: attach a .txt, .md or .html file to /corpus add, or give a link (url).' });
    expect(failures()).toEqual([]);
  });

  it('autocomplete of /source with no focused option: choices, no failure', async () => {
    const sent = fake.autocomplete({ name: 'source', options: [], edit: edit(mode) });
    const reply = await fake.waitForRequest((request) => request.path === `/interactions/${sent.id}/${sent.token}/callback` && request.status !== null, 8000);
    expect(reply.body.type).toBe(8);
    expect(reply.body.data.choices.length).toBeGreaterThan(0);
    expect(failures()).toEqual([]);
  });

  it('"Find sources" on a target message without content, embeds, author or any optional field: the empty-question reply', async () => {
    const sent = fake.messageContextMenu({ name: 'Find sources', targetMessage: { content: 'placeholder' }, edit: edit(mode, ['data.resolved.messages.*']) });
    expect(await shown(sent)).toMatchObject({ flags: 64, text: EMPTY_QUESTION });
    expect(failures()).toEqual([]);
  });

  it('"Find sources" in a DM on a target without content: the empty-question reply', async () => {
    const sent = fake.messageContextMenu({
      name: 'Find sources',
      dm: true,
      targetMessage: { content: 'placeholder' },
      edit: edit(mode, ['data.resolved.messages.*']),
    });
    expect(await shown(sent)).toMatchObject({ flags: 64, text: EMPTY_QUESTION });
    expect(failures()).toEqual([]);
  });

  it('More on a message without embeds (so without the question in a footer): "ask again", privately', async () => {
    const sent = fake.button({ customId: encodeButton({ kind: 'more', offset: 3 }), edit: edit(mode, ['message']) });
    expect(await shown(sent)).toMatchObject({ flags: 64, text: 'This button no longer works; please ask again.' });
    expect(failures()).toEqual([]);
  });

  it('More on a message whose embed has no footer: "ask again", privately', async () => {
    const sent = fake.button({
      customId: encodeButton({ kind: 'more', offset: 3 }),
      message: { content: '', embeds: [{ description: 'an answer' }] },
      edit: edit(mode, ['message']),
    });
    expect(await shown(sent)).toMatchObject({ flags: 64, text: 'This button no longer works; please ask again.' });
    expect(failures()).toEqual([]);
  });

  it('Context on a message without embeds or footer: the paragraph, privately', async () => {
    const sent = fake.button({
      customId: encodeButton({ kind: 'context', documentKey: documentKey(CEASEFIRE_DOCUMENT), paragraph: 1 }),
      edit: edit(mode, ['message']),
    });
    const reply = await shown(sent);
    expect(reply.flags).toBe(64);
    expect(reply.body.embeds?.length ?? 0).toBeGreaterThan(0);
    expect(failures()).toEqual([]);
  });

  it('an unknown button on a bare message: "ask again", privately', async () => {
    const sent = fake.button({ customId: 'something-else', edit: edit(mode, ['message']) });
    expect(await shown(sent)).toMatchObject({ flags: 64, text: 'This button no longer works; please ask again.' });
    expect(failures()).toEqual([]);
    await stillAnswers();
  });
});

describe.each(MODES)('messages with every optional field %s', (mode) => {
  /** Resolves with the bot's channel replies to a message, after giving it time to answer. */
  async function repliesAfter(messageId: string, expected: number): Promise<RecordedRequest[]> {
    if (expected > 0) await fake.waitForRequest(() => channelRepliesTo(fake, messageId).length >= expected, 8000);
    // Nothing more arrives (or, for none expected, nothing at all): a later question is answered first.
    await stillAnswers();
    return channelRepliesTo(fake, messageId);
  }

  it('a DM without content: the empty-question reply', async () => {
    const sent = fake.sendMessage({ content: 'placeholder', dm: true, edit: (payload) => stripMessage(payload, mode, { keep: ['author', 'type'] }) });
    const replies = await repliesAfter(sent.d.id, 1);
    expect(replies.map((request) => request.body.content)).toEqual([EMPTY_QUESTION]);
    expect(failures()).toEqual([]);
  });

  it('a DM with every optional field gone but its text: answered', async () => {
    const sent = fake.sendMessage({
      content: CEASEFIRE_QUESTION,
      dm: true,
      edit: (payload) => stripMessage(payload, mode, { keep: ['author', 'type', 'content'] }),
    });
    const replies = await repliesAfter(sent.d.id, 1);
    expect(unescapeMarkdown(replies[0]!.body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
    expect(failures()).toEqual([]);
  });

  it('a mention in a server with every optional field gone but its text: answered', async () => {
    const sent = fake.sendMessage({
      content: `<@${fake.botUserId}> ${CEASEFIRE_QUESTION}`,
      edit: (payload) => stripMessage(payload, mode, { keep: ['author', 'type', 'content', 'guild_id'] }),
    });
    const replies = await repliesAfter(sent.d.id, 1);
    expect(unescapeMarkdown(replies[0]!.body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
    expect(failures()).toEqual([]);
  });

  it('a mention in a server without content (only in `mentions`): not taken for a question, no failure', async () => {
    const sent = fake.sendMessage({
      content: `<@${fake.botUserId}> ${CEASEFIRE_QUESTION}`,
      edit: (payload) => stripMessage(payload, mode, { keep: ['author', 'type', 'guild_id', 'mentions'] }),
    });
    expect(await repliesAfter(sent.d.id, 0)).toEqual([]);
    expect(failures()).toEqual([]);
  });

  it("a DM without an author: ignored (it could be a bot's, and cannot be rate-limited), no failure", async () => {
    const sent = fake.sendMessage({ content: CEASEFIRE_QUESTION, dm: true, edit: (payload) => stripMessage(payload, mode, { keep: ['type', 'content'] }) });
    expect(await repliesAfter(sent.d.id, 0)).toEqual([]);
    expect(failures()).toEqual([]);
  });
});

describe("messages that are not a member's question", () => {
  it('a webhook message naming the bot (no `bot` flag on its author) is ignored', async () => {
    const sent = fake.sendMessage({
      content: `<@${fake.botUserId}> ${CEASEFIRE_QUESTION}`,
      author: { id: '1500000000000000001', username: 'Forged Newsroom' },
      edit: (payload) => {
        payload['webhook_id'] = '1500000000000000001';
      },
    });
    await stillAnswers();
    expect(channelRepliesTo(fake, sent.d.id)).toEqual([]);
  });

  it('a system message (a member joined) that names the bot is ignored; an ordinary reply to the bot is still a question', async () => {
    const system = fake.sendMessage({ content: `<@${fake.botUserId}> ${CEASEFIRE_QUESTION}`, edit: (payload) => (payload['type'] = 7) });
    const reply = fake.sendMessage({ content: `<@${fake.botUserId}> ${CEASEFIRE_QUESTION}`, edit: (payload) => (payload['type'] = 19) });
    await fake.waitForRequest(() => channelRepliesTo(fake, reply.d.id).length > 0, 8000);
    await stillAnswers();
    expect(channelRepliesTo(fake, system.d.id)).toEqual([]);
  });
});
