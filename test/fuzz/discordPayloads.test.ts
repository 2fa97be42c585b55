import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/bench/prng.js';
import { documentKey, encodeButton } from '../../src/core/renderDiscord.js';
import { RateLimiter } from '../../src/discord/RateLimiter.js';
import {
  CEASEFIRE_DOCUMENT,
  CEASEFIRE_QUESTION,
  CEASEFIRE_QUOTE,
  Harness,
  repliesTo,
  unescapeMarkdown,
  waitForAnswer,
  type RunningBot,
} from '../e2e/harness.js';
import { FakePermissions, type FakeDiscord, type JsonObject, type RecordedRequest, type SentInteraction } from '../support/FakeDiscord.js';
import {
  INTERACTION_OPTIONAL,
  MEMBER_NULLABLE,
  MEMBER_OPTIONAL,
  MESSAGE_NULLABLE,
  MESSAGE_OPTIONAL,
  USER_NULLABLE,
  USER_OPTIONAL,
} from '../support/partialPayloads.js';
import { hostileQuestions } from './hostileQuestions.js';

/**
 * Random interactions and messages, with random optional fields dropped and nullable ones nulled
 * (test/support/partialPayloads.ts lists which), sent through FakeDiscord to the real client and
 * bot. Whatever arrives: the process survives with no unhandled error, no handler fails, every
 * interaction is acknowledged once and in time, every message the bot sends has mentions disabled
 * and passes the fake's checks of Discord's limits, and the bot still answers afterwards.
 * FUZZ_EVENTS sets the number (`npm run fuzz` sends many more), FUZZ_SEED the sequence.
 */
const COUNT = Number(process.env.FUZZ_EVENTS ?? 150);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
/** Sent together, then awaited: a burst, without queueing so many that Discord's 3 s deadline is the test. */
const BATCH = 12;

const GUILD = '1700000000000000001';
const CHANNEL = '1700000000000000010';
const OTHER_GUILD = '1710000000000000001';
const OTHER_CHANNEL = '1710000000000000010';
const MOD_ROLE = '1700000000000000077';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;
const processErrors: string[] = [];
const onProcessError = (error: unknown) => processErrors.push(error instanceof Error ? (error.stack ?? error.message) : String(error));

beforeAll(async () => {
  process.on('unhandledRejection', onProcessError);
  process.on('uncaughtException', onProcessError);
  fake = await harness.fake({
    guilds: [
      { id: GUILD, channels: [{ id: CHANNEL, name: 'newsroom' }], roles: [{ id: MOD_ROLE, name: 'Moderators' }] },
      { id: OTHER_GUILD, channels: [{ id: OTHER_CHANNEL, name: 'elsewhere' }] },
    ],
  });
  running = await harness.startBot(fake, {
    corpusDir: await harness.corpus(),
    corpusGuildIds: [GUILD],
    moderatorRoleIds: [MOD_ROLE],
    // Some members ask often enough to be refused: refusals are replies too.
    limiter: new RateLimiter(8, 60_000),
  });
});

harness.checkBotMessages();

afterAll(() => {
  process.off('unhandledRejection', onProcessError);
  process.off('uncaughtException', onProcessError);
  expect(processErrors).toEqual([]);
});

/** Drops each field with some probability, or nulls it when it may be null. */
function mangle(random: Random, object: unknown, fields: readonly string[], nullable: readonly string[]): void {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return;
  const target = object as JsonObject;
  for (const field of fields) {
    const roll = random.next();
    if (roll < 0.25) delete target[field];
    else if (roll < 0.4 && nullable.includes(field)) target[field] = null;
  }
}

function mangleMessage(random: Random, message: unknown, keep: readonly string[] = []): void {
  mangle(
    random,
    message,
    MESSAGE_OPTIONAL.filter((field) => !keep.includes(field)),
    MESSAGE_NULLABLE,
  );
  if (typeof message === 'object' && message !== null) {
    mangle(random, (message as JsonObject)['author'], USER_OPTIONAL, USER_NULLABLE);
    mangle(random, (message as JsonObject)['member'], MEMBER_OPTIONAL, MEMBER_NULLABLE);
  }
}

function mangleInteraction(random: Random, payload: JsonObject): void {
  mangle(random, payload, INTERACTION_OPTIONAL, []);
  const member = payload['member'] as JsonObject | undefined;
  mangle(random, member, MEMBER_OPTIONAL, MEMBER_NULLABLE);
  mangle(random, member?.['user'] ?? payload['user'], USER_OPTIONAL, USER_NULLABLE);
  mangleMessage(random, payload['message']);
  const resolved = (payload['data'] as JsonObject | undefined)?.['resolved'] as JsonObject | undefined;
  for (const message of Object.values((resolved?.['messages'] as JsonObject | undefined) ?? {})) mangleMessage(random, message);
  // An option Discord sends may be absent in a partial payload the bot must survive anyway.
  if (random.next() < 0.15) delete (payload['data'] as JsonObject | undefined)?.['options'];
}

/**
 * The fake's handled requests by interaction token (third path segment of both the callback and
 * the webhook routes). Polled on a timer, not as a waitForRequest predicate: that runs for every
 * recorded request on every new one, in the event loop the bot shares.
 */
function handledByToken(): Map<string, RecordedRequest[]> {
  const byToken = new Map<string, RecordedRequest[]>();
  for (const request of fake.requests) {
    if (request.status === null) continue;
    const token = request.path.split('/')[3] ?? '';
    const list = byToken.get(token);
    if (list) list.push(request);
    else byToken.set(token, [request]);
  }
  return byToken;
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Event = { kind: 'interaction'; sent: SentInteraction } | { kind: 'message' };

describe(`${COUNT} random interactions and messages with fields dropped or null (seed ${SEED})`, () => {
  it('the bot survives, acknowledges every interaction once, sends only valid messages, and answers afterwards', async () => {
    const random = new Random(SEED);
    const words = ['Tripoli', 'ceasefire', 'Sarraj', 'Benghazi', 'Libya', 'سرت', 'ليبيا', 'brokered', 'oil'];
    const questions = [...hostileQuestions(SEED, 40, words), CEASEFIRE_QUESTION, 'Sarraj', 'كم عنصرا قتل في التفجيرين الانتحاريين؟'];
    const users = Array.from({ length: 12 }, (_, i) => ({ id: `17200000000000${String(i).padStart(4, '0')}`, username: `fuzz${i}` }));
    const permissions = [FakePermissions.member, FakePermissions.member, '0', FakePermissions.manageGuild];
    const where = () =>
      random.pick([
        { guildId: GUILD, channelId: CHANNEL },
        { guildId: GUILD, channelId: CHANNEL },
        { guildId: OTHER_GUILD, channelId: OTHER_CHANNEL },
        { dm: true },
      ]);
    const who = () => ({ user: random.pick(users), permissions: random.pick(permissions), roles: random.next() < 0.2 ? [MOD_ROLE] : [] });
    const edit = (payload: JsonObject) => mangleInteraction(random, payload);
    const answerEmbed = (question: string) => ({ description: 'an earlier answer', footer: { text: question } });

    const generators: (() => Event)[] = [
      () => ({
        kind: 'interaction',
        sent: fake.slashCommand({
          name: 'ask',
          ...where(),
          ...who(),
          options: { question: random.pick(questions), ...(random.next() < 0.3 ? { private: true } : {}) },
          edit,
        }),
      }),
      () => ({
        kind: 'interaction',
        sent: fake.slashCommand({
          name: 'source',
          ...where(),
          ...who(),
          options: { document: random.pick([CEASEFIRE_DOCUMENT, 'libya', random.pick(questions)]) },
          edit,
        }),
      }),
      () => {
        // Moderators refresh rarely: a refresh takes a while and the point is the payload, not the rebuild.
        const sub = random.pick(['status', 'gaps', 'add', 'status', 'gaps', 'add', 'refresh']);
        const options =
          sub === 'add' ? [{ type: 1, name: 'add', options: [{ type: 11, name: 'file', value: '1730000000000000001' }] }] : [{ type: 1, name: sub }];
        return { kind: 'interaction', sent: fake.slashCommand({ name: 'corpus', ...where(), ...who(), options, edit }) };
      },
      () => ({
        kind: 'interaction',
        sent: fake.autocomplete({
          name: 'source',
          ...where(),
          ...who(),
          options: { document: random.pick(['', 'li', 'سر', random.pick(questions).slice(0, 100)]) },
          edit,
        }),
      }),
      () => ({
        kind: 'interaction',
        sent: fake.messageContextMenu({
          name: 'Find sources',
          ...where(),
          ...who(),
          targetMessage: { content: random.pick(questions), embeds: random.next() < 0.5 ? [answerEmbed('x')] : [] },
          edit,
        }),
      }),
      () => {
        const id =
          random.next() < 0.5
            ? encodeButton({ kind: 'more', offset: random.pick([3, 6, 9, 300]) })
            : encodeButton({ kind: 'context', documentKey: documentKey(CEASEFIRE_DOCUMENT), paragraph: random.int(0, 12) });
        const message = {
          content: '',
          embeds: random.next() < 0.7 ? [answerEmbed(random.pick(questions))] : [],
          components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: id, label: 'More' }] }],
        };
        return { kind: 'interaction', sent: fake.button({ customId: random.next() < 0.1 ? 'garbage:1' : id, message, ...where(), ...who(), edit }) };
      },
      () => {
        const inDm = random.next() < 0.5;
        const question = random.pick(questions);
        const content = inDm ? question : `<@${fake.botUserId}> ${question}`;
        fake.sendMessage({
          content,
          author: random.pick(users),
          ...(inDm ? { dm: true } : { guildId: random.pick([GUILD, OTHER_GUILD]) }),
          edit: (payload) => {
            mangleMessage(random, payload, ['guild_id']);
            if (random.next() < 0.1) payload['webhook_id'] = '1740000000000000001';
            if (random.next() < 0.1) payload['type'] = random.pick([7, 8, 19, 20]);
          },
        });
        return { kind: 'message' };
      },
    ];

    const interactions: SentInteraction[] = [];
    for (let start = 0; start < COUNT; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, COUNT - start) }, () => random.pick(generators)());
      const sent = batch.flatMap((event) => (event.kind === 'interaction' ? [event.sent] : []));
      interactions.push(...sent);
      // Every interaction of the batch acknowledged (reply, defer or choices) before the next batch.
      await until(() => {
        const byToken = handledByToken();
        return sent.every((one) => byToken.get(one.token)?.some((request) => request.path.endsWith('/callback')));
      }, 15_000);
    }
    // Every deferred one finished: its original edited (a refresh may take a few seconds).
    await until(() => {
      const byToken = handledByToken();
      return interactions.every((one) => {
        const requests = byToken.get(one.token) ?? [];
        const callback = requests.find((request) => request.path.endsWith('/callback'));
        return callback?.body.type !== 5 || requests.some((request) => request.method === 'PATCH' || request.method === 'DELETE');
      });
    }, 30_000);

    // Exactly one acknowledgement each, accepted (no 10062 from a late one).
    const odd = interactions
      .map((one) => ({ one, callbacks: repliesTo(fake, one).filter((request) => request.path.endsWith('/callback')) }))
      .filter(({ callbacks }) => callbacks.length !== 1 || callbacks[0]!.status !== 204)
      .map(({ one, callbacks }) => `${one.id}: ${callbacks.map((request) => request.status).join(',')}`);
    expect(odd).toEqual([]);
    expect(running.logs.filter((line) => / failed: |could not be sent|unexpected error/.test(line))).toEqual([]);

    // Still up, and answering as before.
    const last = fake.slashCommand({
      name: 'ask',
      guildId: GUILD,
      user: { id: '1759999999999999999', username: 'last' },
      options: { question: CEASEFIRE_QUESTION },
    });
    expect(unescapeMarkdown((await waitForAnswer(fake, last, 10_000)).body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
    expect(processErrors).toEqual([]);
    expect(harness.failedBotRequests()).toEqual([]);
  }, 600_000);
});
