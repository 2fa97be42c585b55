/**
 * End to end: the per-user rate limit, and an error inside a handler — caught once, logged with a
 * reference the member also sees, and the bot keeps answering.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/discord/RateLimiter.js';
import type { FakeDiscord, FakeUserInput } from '../support/FakeDiscord.js';
import {
  CEASEFIRE_QUESTION,
  CEASEFIRE_QUOTE,
  channelRepliesTo,
  Harness,
  MANY_EXTRACTS_QUESTION,
  OUT_OF_CORPUS_QUESTION,
  repliesTo,
  unescapeMarkdown,
  waitForAnswer,
  type RunningBot,
} from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;

const ALICE: FakeUserInput = { id: '400000000000000001', username: 'alice' };
const BOB: FakeUserInput = { id: '400000000000000002', username: 'bob' };
const CAROL: FakeUserInput = { id: '400000000000000003', username: 'carol' };
const DAN: FakeUserInput = { id: '400000000000000004', username: 'dan' };
const EVE: FakeUserInput = { id: '400000000000000005', username: 'eve' };
const FRANK: FakeUserInput = { id: '400000000000000006', username: 'frank' };

beforeAll(async () => {
  fake = await harness.fake();
  running = await harness.startBot(fake, { corpusDir: await harness.corpus(), limiter: new RateLimiter(2, 60_000) });
});

// Every message the bot sent in this file: mentions disabled, none rejected by the fake's validation.
harness.checkBotMessages();

async function ask(user: FakeUserInput, question = CEASEFIRE_QUESTION): Promise<Record<string, any>> {
  const sent = fake.slashCommand({ name: 'ask', user, options: { question } });
  const answer = await waitForAnswer(fake, sent);
  return answer.route === 'POST /interactions/:id/:token/callback' ? answer.body : { type: 'edit', data: answer.body };
}

describe('rate limit (2 questions a minute)', () => {
  it('the third question of one member gets a friendly private note; another member is unaffected', async () => {
    for (let i = 0; i < 2; i++) {
      const answered = await ask(ALICE);
      expect(answered.type).toBe('edit');
      expect(unescapeMarkdown(answered.data.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
    }
    const limited = await ask(ALICE);
    expect(limited.type).toBe(4);
    expect(limited.data.flags).toBe(64);
    expect(limited.data.content).toMatch(/^You are asking quickly; please try again in (\d+) s\.$/);
    const seconds = Number(/in (\d+) s/.exec(limited.data.content)![1]);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);

    const other = await ask(BOB);
    expect(other.type).toBe('edit');
    expect(unescapeMarkdown(other.data.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
  });

  it('counts direct messages too, with the note in the language of the question', async () => {
    fake.sendMessage({ content: CEASEFIRE_QUESTION, dm: true, author: CAROL });
    fake.sendMessage({ content: CEASEFIRE_QUESTION, dm: true, author: CAROL });
    const third = fake.sendMessage({ content: 'كم عنصرا قتل في التفجيرين الانتحاريين؟', dm: true, author: CAROL });
    await fake.waitForRequest(() => channelRepliesTo(fake, third.d.id).length > 0);
    expect(channelRepliesTo(fake, third.d.id)[0]?.body.content).toMatch(/^أنت تسأل بسرعة؛ يُرجى المحاولة بعد \d+ ثانية\.$/);
  });
});

describe('the buttons under an answer (2 questions a minute)', () => {
  it('More runs a search, so it counts as a question: presses past the limit are refused privately; Context is not limited', async () => {
    const question = fake.slashCommand({ name: 'ask', user: FRANK, options: { question: MANY_EXTRACTS_QUESTION } });
    await waitForAnswer(fake, question);
    const answer = fake.originalMessage(question.token)!;
    const buttons = answer.components.flatMap((row) => row['components'] as { custom_id: string; label: string }[]);
    const more = buttons.find((button) => button.custom_id.startsWith('more:'))!.custom_id;
    const context = buttons.find((button) => button.custom_id.startsWith('ctx:'))!.custom_id;

    const pressed: string[] = [];
    for (let i = 0; i < 4; i++) {
      const press = fake.button({ customId: more, message: answer.id, user: FRANK });
      const reply = await waitForAnswer(fake, press);
      pressed.push(reply.body.type === 4 ? reply.body.data.content : 'answered');
      expect(repliesTo(fake, press)[0]!.body.data.flags).toBe(64);
    }
    // The question was the first of two; one More is answered, the rest refused.
    expect(pressed[0]).toBe('answered');
    expect(pressed.slice(1)).toEqual(Array.from({ length: 3 }, () => expect.stringMatching(/^You are asking quickly; please try again in \d+ s\.$/)));

    for (let i = 0; i < 3; i++) {
      const press = fake.button({ customId: context, message: answer.id, user: FRANK });
      const reply = await waitForAnswer(fake, press);
      expect(reply.body.type).toBe(4);
      expect(reply.body.data.flags).toBe(64);
      expect(reply.body.data.embeds.length).toBeGreaterThan(0);
    }
  });
});

describe('an error inside a handler', () => {
  it('a failed edit: logged once with a reference, the member gets a private apology with the same reference, and the bot keeps answering', async () => {
    fake.failNext({ method: 'PATCH', path: /\/messages\/@original$/ }, { status: 404, body: { code: 10062, message: 'Unknown interaction' } });
    const sent = fake.slashCommand({ name: 'ask', user: DAN, options: { question: CEASEFIRE_QUESTION } });
    // The public "thinking…" message is removed and the apology goes to the asker alone.
    const apology = await fake.waitForRequest((request) => request.method === 'POST' && request.path.endsWith(`/${sent.token}`) && !request.injected);
    expect(apology.body.flags & 64).toBe(64);
    const requests = repliesTo(fake, sent);
    expect(requests.filter((request) => request.method === 'PATCH').map((request) => [request.status, request.injected])).toEqual([[404, true]]);
    expect(requests.some((request) => request.method === 'DELETE' && request.path.endsWith('/messages/@original'))).toBe(true);
    const reference = /^Something went wrong on our side\. Reference: ([0-9a-f]{8})$/.exec(apology.body.content)?.[1];
    expect(reference).toBeDefined();
    const logged = running.logs.filter((line) => line.includes(`[${reference}]`));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(new RegExp(`^\\[${reference}\\] /ask failed: .*Unknown interaction`));
    expect(running.logs.filter((line) => / failed: /.test(line))).toEqual(logged);

    const after = await ask(DAN);
    expect(unescapeMarkdown(after.data.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
  });

  it('a rejected reply to a button: the apology is private and carries the logged reference', async () => {
    const question = fake.slashCommand({ name: 'ask', user: EVE, options: { question: CEASEFIRE_QUESTION } });
    await waitForAnswer(fake, question);
    const answer = fake.originalMessage(question.token)!;
    const contextId = (answer.components[0]!['components'] as { custom_id: string }[])[0]!.custom_id;

    fake.failNext({ method: 'POST', path: /\/callback$/ }, { status: 400, body: { code: 50035, message: 'Invalid Form Body' } });
    const press = fake.button({ customId: contextId, message: answer.id, user: EVE });
    const apology = await fake.waitForRequest((request) => request.path === `/interactions/${press.id}/${press.token}/callback` && !request.injected);
    expect(apology.body.type).toBe(4);
    expect(apology.body.data.flags).toBe(64);
    const reference = /^Something went wrong on our side\. Reference: ([0-9a-f]{8})$/.exec(apology.body.data.content)?.[1];
    expect(reference).toBeDefined();
    expect(running.logs.filter((line) => line.includes(`[${reference}]`))).toEqual([
      expect.stringMatching(new RegExp(`^\\[${reference}\\] button ${contextId} failed: .*Invalid Form Body`)),
    ]);
  });

  it('an exception while answering a direct message: the apology is a reply, the reference is in the log once', async () => {
    const gaps = running.context.gaps;
    const original = gaps.add.bind(gaps);
    gaps.add = () => {
      throw new Error('the unanswered-question log is corrupted');
    };
    try {
      const sent = fake.sendMessage({ content: OUT_OF_CORPUS_QUESTION, dm: true, author: EVE });
      await fake.waitForRequest(() => channelRepliesTo(fake, sent.d.id).length > 0);
      const [reply] = channelRepliesTo(fake, sent.d.id);
      const reference = /^Something went wrong on our side\. Reference: ([0-9a-f]{8})$/.exec(reply?.body.content)?.[1];
      expect(reference).toBeDefined();
      expect(running.logs.filter((line) => line.includes(`[${reference}]`))).toEqual([
        expect.stringMatching(new RegExp(`^\\[${reference}\\] direct message failed: Error: the unanswered-question log is corrupted`)),
      ]);
    } finally {
      gaps.add = original;
    }
    const again = fake.sendMessage({ content: OUT_OF_CORPUS_QUESTION, dm: true, author: BOB });
    await fake.waitForRequest(() => channelRepliesTo(fake, again.d.id).length > 0);
    expect(channelRepliesTo(fake, again.d.id)[0]?.body.content).toMatch(
      /^No passage in the corpus answers this\. Browse the articles with \/source\.\nNo article contains: /,
    );
  });
});
