/**
 * End to end: faults Discord can throw at the bot — dropped gateway connections, invalid
 * sessions, REST 429s, 5xx, expired interactions — and security checks: moderator-only
 * subcommands re-checked in the handler, the bot token kept out of every log line and error,
 * and a burst of questions from one member answered exactly once each.
 *
 * One bot for the whole file, with a distinctive token the fake also demands, so a leak of the
 * token into any log line, console output or error message would be seen.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CorpusService } from '../../src/corpus/CorpusService.js';
import { GapLog } from '../../src/corpus/GapLog.js';
import type { BotContext } from '../../src/discord/BotContext.js';
import { createBot, type Bot } from '../../src/discord/createBot.js';
import { RateLimiter } from '../../src/discord/RateLimiter.js';
import { FakePermissions, type FakeDiscord, type FakeUserInput, type RecordedRequest, type SentInteraction } from '../support/FakeDiscord.js';
import { CEASEFIRE_QUESTION, CEASEFIRE_QUOTE, corpusAddInteraction, Harness, repliesTo, unescapeMarkdown, uploadAttachment } from './harness.js';

/** A distinctive token: any appearance of it (or of a long piece of it) in output is a leak. */
const SECRET_TOKEN = 'MTk4NjIyNDgzNDcxOTI1MjQ4.Gx7Qzq.SECRET-isnad-e2e-t0ken-Zq9vW3kLmN8pR2sT5uX';
const TOKEN_PIECES = [SECRET_TOKEN, ...SECRET_TOKEN.split('.').filter((piece) => piece.length >= 6)];

const GUILD = '1300000000000000001';
const CHANNEL = '1300000000000000010';
const MOD_ROLE = '1300000000000000077';
const OTHER_ROLE = '1300000000000000078';
const REFERENCE = /Reference: ([0-9a-f]{8})/;

const harness = new Harness();
let fake: FakeDiscord;
let bot: Bot;
let context: BotContext;
let corpus: CorpusService;
let corpusDir: string;
const logs: string[] = [];
/** Everything written to the console / stdout / stderr while the bot ran. */
const consoleOutput: string[] = [];
/** Errors the test saw thrown or rejected anywhere (unhandled included). */
const processErrors: string[] = [];
const onProcessError = (error: unknown) => processErrors.push(error instanceof Error ? `${error.stack ?? error.message}` : String(error));

let userSeq = 0;
/** A fresh member for each question, so the rate limit (5 a minute) never interferes. */
function freshUser(): FakeUserInput {
  userSeq += 1;
  return { id: `50000000000000${String(userSeq).padStart(4, '0')}`, username: `asker${userSeq}` };
}

function ask(user: FakeUserInput = freshUser(), question = CEASEFIRE_QUESTION): SentInteraction {
  return fake.slashCommand({ name: 'ask', user, guildId: GUILD, channelId: CHANNEL, options: { question } });
}

async function expectAnswered(sent: SentInteraction, timeoutMs = 8000): Promise<RecordedRequest> {
  // The answer Discord accepted (an injected 429/5xx response is recorded too, with the same body).
  const answer = await fake.waitForRequest(
    (request) => !request.injected && request.method === 'PATCH' && request.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`,
    timeoutMs,
  );
  expect(answer.status).toBe(200);
  expect(unescapeMarkdown(answer.body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
  return answer;
}

/** Resolves once `condition()` holds, checked every 20 ms. */
async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function failureLines(): string[] {
  return logs.filter((line) => / failed: |could not be sent|client error/.test(line));
}

/** Every request recorded for the interaction, handled ones only, by method and status. */
function statuses(sent: SentInteraction): string[] {
  return repliesTo(fake, sent).map(
    (request) => `${request.method} ${request.path.replace(sent.token, 'T').replace(sent.id, 'I')} ${request.status}${request.injected ? ' injected' : ''}`,
  );
}

async function folderState(dir: string): Promise<string> {
  const names = (await readdir(dir)).sort();
  const hash = createHash('sha256');
  for (const name of names)
    hash
      .update(name)
      .update('\0')
      .update(await readFile(path.join(dir, name)))
      .update('\0');
  return `${names.join(',')}#${hash.digest('hex')}`;
}

const originalConsole = { log: console.log, error: console.error, warn: console.warn, info: console.info, debug: console.debug };

beforeAll(async () => {
  process.on('unhandledRejection', onProcessError);
  process.on('uncaughtException', onProcessError);
  for (const key of Object.keys(originalConsole) as (keyof typeof originalConsole)[]) {
    vi.spyOn(console, key).mockImplementation((...args: unknown[]) => {
      consoleOutput.push(args.map(String).join(' '));
    });
  }
  corpusDir = await harness.corpus();
  fake = await harness.fake({
    token: SECRET_TOKEN,
    // Re-IDENTIFYs after invalid sessions should not wait ~5 s for the identify bucket.
    maxConcurrency: 16,
    guilds: [
      {
        id: GUILD,
        channels: [{ id: CHANNEL, name: 'newsroom' }],
        roles: [
          { id: MOD_ROLE, name: 'Moderators' },
          { id: OTHER_ROLE, name: 'Readers' },
        ],
      },
    ],
  });
  const log = (message: string) => logs.push(message);
  corpus = await CorpusService.open({ corpusDir, snapshotDir: await harness.tempDir('isnad-e2e-snapshots-'), log });
  const gaps = await GapLog.open(path.join(await harness.tempDir('isnad-e2e-data-'), 'unanswered.json'), { log });
  context = { corpus, gaps, limiter: new RateLimiter(5, 60_000), moderatorRoleIds: [MOD_ROLE], corpusGuildIds: [GUILD], maxUploadBytes: 64 * 1024, log };
  bot = createBot(context, { token: SECRET_TOKEN, apiUrl: fake.apiUrl });
  await bot.start();
  await fake.waitForAllConnected();
});

afterEach(() => {
  expect(harness.mentionViolations()).toEqual([]);
});

afterAll(async () => {
  try {
    await bot.stop();
    await context.gaps.flush();
    await harness.close();
  } finally {
    vi.restoreAllMocks();
    process.off('unhandledRejection', onProcessError);
    process.off('uncaughtException', onProcessError);
  }
  expect(processErrors).toEqual([]);
  expect(harness.mentionViolations()).toEqual([]);
  expect(harness.failedBotRequests()).toEqual([]);
  // The token stays secret to the very end (stop included).
  const everything = [...logs, ...consoleOutput, ...processErrors];
  for (const piece of TOKEN_PIECES) expect(everything.filter((line) => line.includes(piece))).toEqual([]);
});

describe('the gateway connection drops', () => {
  it('an abrupt drop (resumable): the bot RESUMEs, no re-IDENTIFY, and the next /ask is answered', async () => {
    const logsBefore = logs.length;
    const identifies = fake.identifies.length;
    const resumes = fake.resumes.length;
    expect(fake.dropConnections()).toBeGreaterThan(0);
    await fake.waitForResume(resumes + 1, 8000);
    await fake.waitForAllConnected(8000);
    expect(fake.identifies.length).toBe(identifies);
    await expectAnswered(ask());
    expect(failureLines()).toEqual([]);
    // Nothing was logged: not as a failure, not at all.
    expect(logs.slice(logsBefore)).toEqual([]);
  });

  it('a close with a resumable code (4000) and an op 7 RECONNECT: resumed each time, answered after each', async () => {
    const logsBefore = logs.length;
    const identifies = fake.identifies.length;
    let resumes = fake.resumes.length;
    fake.dropConnections(4000);
    await fake.waitForResume(++resumes, 8000);
    await fake.waitForAllConnected(8000);
    await expectAnswered(ask());
    fake.requestReconnect();
    await fake.waitForResume(++resumes, 8000);
    await fake.waitForAllConnected(8000);
    await expectAnswered(ask());
    expect(fake.identifies.length).toBe(identifies);
    // Nothing was logged: not as a failure, not at all.
    expect(logs.slice(logsBefore)).toEqual([]);
  });

  it('a non-resumable drop: the RESUME is refused, the bot re-IDENTIFIEs, and the next /ask is answered', async () => {
    const logsBefore = logs.length;
    const identifies = fake.identifies.length;
    fake.dropConnections(undefined, { resumable: false });
    await fake.waitForIdentify(identifies + 1, 10_000);
    await fake.waitForAllConnected(8000);
    expect(fake.identifies[identifies]!.token).toBe(SECRET_TOKEN);
    await expectAnswered(ask());
    expect(failureLines()).toEqual([]);
    // Nothing was logged: not as a failure, not at all.
    expect(logs.slice(logsBefore)).toEqual([]);
  });

  it('an op 9 INVALID_SESSION (not resumable): the bot re-IDENTIFIEs and keeps answering', async () => {
    const logsBefore = logs.length;
    const identifies = fake.identifies.length;
    fake.invalidateSessions(false);
    await fake.waitForIdentify(identifies + 1, 10_000);
    await fake.waitForAllConnected(8000);
    await expectAnswered(ask());
    expect(failureLines()).toEqual([]);
    // Nothing was logged: not as a failure, not at all.
    expect(logs.slice(logsBefore)).toEqual([]);
  });
});

describe('REST 429 rate limits', () => {
  it('on the interaction callback: the bot waits retry-after, then defers and answers; nothing logged as a failure', async () => {
    const logsBefore = logs.length;
    fake.rateLimitNext({ method: 'POST', path: /\/callback$/ }, { retryAfter: 0.4 });
    const sent = ask();
    const answer = await expectAnswered(sent);
    const callbacks = repliesTo(fake, sent).filter((request) => request.path.endsWith('/callback'));
    expect(callbacks.map((request) => [request.status, request.injected])).toEqual([
      [429, true],
      [204, false],
    ]);
    expect(callbacks[1]!.receivedAt - callbacks[0]!.receivedAt).toBeGreaterThanOrEqual(350);
    expect(answer.receivedAt).toBeGreaterThan(callbacks[1]!.receivedAt - 1);
    expect(failureLines()).toEqual([]);
    // Nothing was logged: not as a failure, not at all.
    expect(logs.slice(logsBefore)).toEqual([]);
  });

  it('on the @original edit: the answer arrives after the wait; nothing logged as a failure', async () => {
    const logsBefore = logs.length;
    fake.rateLimitNext({ method: 'PATCH', path: /\/messages\/@original$/ }, { retryAfter: 0.5 });
    const sent = ask();
    const answer = await expectAnswered(sent);
    const edits = repliesTo(fake, sent).filter((request) => request.method === 'PATCH');
    expect(edits.map((request) => [request.status, request.injected])).toEqual([
      [429, true],
      [200, false],
    ]);
    expect(answer).toBe(edits[1]);
    expect(edits[1]!.receivedAt - edits[0]!.receivedAt).toBeGreaterThanOrEqual(450);
    expect(fake.originalMessage(sent.token)?.embeds).toHaveLength(1);
    expect(failureLines()).toEqual([]);
    // Nothing was logged: not as a failure, not at all.
    expect(logs.slice(logsBefore)).toEqual([]);
  });
});

describe('REST 5xx and expired interactions', () => {
  it('500 on every attempt of the edit: logged once with a reference the member also sees; the next /ask is answered', async () => {
    fake.failNext({ method: 'PATCH', path: /\/messages\/@original$/ }, { status: 500, body: { code: 0, message: '500: Internal Server Error' } }, 4);
    const before = failureLines().length;
    const sent = ask();
    const apology = await fake.waitForRequest(
      (request) => request.method === 'POST' && request.path === `/webhooks/${fake.applicationId}/${sent.token}` && !request.injected,
      10_000,
    );
    expect(apology.body.flags & 64).toBe(64);
    const reference = REFERENCE.exec(apology.body.content)?.[1];
    expect(reference).toBeDefined();
    // discord.js retried the edit three times: four attempts, all injected 500s.
    expect(
      repliesTo(fake, sent)
        .filter((request) => request.method === 'PATCH')
        .map((request) => [request.status, request.injected]),
    ).toEqual(Array.from({ length: 4 }, () => [500, true]));
    const logged = logs.filter((line) => line.includes(`[${reference}]`));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(new RegExp(`^\\[${reference}\\] /ask failed: .*Internal Server Error`));
    expect(failureLines().slice(before)).toEqual(logged);
    await expectAnswered(ask());
  });

  it('"Unknown interaction" (10062) on the callback: logged with a reference, no crash, the next question answered', async () => {
    // The token has expired: the defer and the apology are both refused.
    fake.failNext({ method: 'POST', path: /\/callback$/ }, { status: 404, body: { code: 10062, message: 'Unknown interaction' } }, 2);
    const before = failureLines().length;
    const sent = ask();
    await fake.waitForRequest(() => repliesTo(fake, sent).filter((request) => request.injected).length === 2, 8000);
    await vi.waitFor(() => expect(failureLines().length).toBeGreaterThan(before), { timeout: 3000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const lines = failureLines().slice(before);
    const reference = /^\[([0-9a-f]{8})\] /.exec(lines[0] ?? '')?.[1];
    expect(reference).toBeDefined();
    expect(lines[0]).toMatch(new RegExp(`^\\[${reference}\\] /ask failed: .*Unknown interaction`));
    // At most a second line about the apology, with the same reference.
    expect(lines.length).toBeLessThanOrEqual(2);
    for (const line of lines) expect(line.startsWith(`[${reference}] `)).toBe(true);
    expect(statuses(sent)).toEqual(['POST /interactions/I/T/callback 404 injected', 'POST /interactions/I/T/callback 404 injected']);
    await expectAnswered(ask());
  });
});

describe('security', () => {
  type Who = { user: FakeUserInput; permissions?: string; roles?: string[] };
  const PLAIN: Who = { user: { id: '510000000000000001', username: 'plain' }, permissions: FakePermissions.member, roles: [] };
  const OTHER_ROLE_HOLDER: Who = { user: { id: '510000000000000002', username: 'reader' }, permissions: FakePermissions.member, roles: [OTHER_ROLE] };

  async function finalText(sent: SentInteraction): Promise<{ type: number; flags: number; text: string }> {
    const first = await fake.waitForRequest((request) => request.path === `/interactions/${sent.id}/${sent.token}/callback` && request.status !== null, 8000);
    if (first.body.type === 4) return { type: 4, flags: first.body.data.flags ?? 0, text: first.body.data.content };
    const edit = await fake.waitForRequest(
      (request) =>
        request.method === 'PATCH' && request.path.endsWith(`${sent.token}/messages/@original`) && !/Refreshing the corpus/.test(request.body?.content ?? ''),
      15_000,
    );
    return { type: first.body.type, flags: first.body.data?.flags ?? 0, text: edit.body.content };
  }

  it('a member without Manage Server or a moderator role is refused /corpus refresh and /corpus add; nothing changes', async () => {
    const folderBefore = await folderState(corpusDir);
    const documentsBefore = corpus.current.index.documents.map((document) => document.id);
    const attachment = await uploadAttachment(
      fake,
      CHANNEL,
      'planted.txt',
      new TextEncoder().encode('---\ntitle: Planted\n---\nThe planted article claims a ceasefire was brokered by nobody.\n'),
      SECRET_TOKEN, // this fake accepts only the bot's token
    );
    const requestsBefore = fake.requests.length;

    const attempts: SentInteraction[] = [];
    for (const who of [PLAIN, OTHER_ROLE_HOLDER]) {
      // As if the server had changed the commands' default permissions: the interactions arrive.
      attempts.push(fake.slashCommand({ name: 'corpus', guildId: GUILD, channelId: CHANNEL, ...who, options: [{ type: 1, name: 'refresh' }] }));
      attempts.push(corpusAddInteraction(fake, { guildId: GUILD, channelId: CHANNEL }, who, attachment));
    }
    // And from a DM, where no one is a moderator.
    attempts.push(fake.slashCommand({ name: 'corpus', dm: true, user: PLAIN.user, options: [{ type: 1, name: 'refresh' }] }));

    for (const sent of attempts) {
      const shown = await finalText(sent);
      expect(shown).toEqual({ type: 4, flags: 64, text: 'Only moderators can change the corpus.' });
      expect(repliesTo(fake, sent)).toHaveLength(1);
    }
    expect(await folderState(corpusDir)).toBe(folderBefore);
    expect(corpus.lastRefresh).toBeUndefined();
    expect(corpus.isRefreshing).toBe(false);
    expect(corpus.current.index.documents.map((document) => document.id)).toEqual(documentsBefore);
    expect(logs.filter((line) => /^(refresh by|corpus add by|refresh failed)/.test(line))).toEqual([]);
    // The attachment was never downloaded.
    expect(fake.requests.slice(requestsBefore).filter((request) => request.method === 'GET' && request.path.includes(attachment.id))).toEqual([]);
  });

  it('the token never appears in a log line, console output, error, or a request the bot made other than its Authorization', async () => {
    // Provoke the error paths once more, so their messages are captured too.
    fake.failNext({ method: 'PATCH', path: /\/messages\/@original$/ }, { status: 401, body: { code: 0, message: '401: Unauthorized' } });
    const sent = ask();
    await fake.waitForRequest((request) => request.method === 'POST' && request.path === `/webhooks/${fake.applicationId}/${sent.token}`, 8000);
    expect(logs.some((line) => /\/ask failed: .*Unauthorized/.test(line))).toBe(true);
    const everything = [...logs, ...consoleOutput, ...processErrors];
    expect(everything.length).toBeGreaterThan(0);
    for (const piece of TOKEN_PIECES) expect(everything.filter((line) => line.includes(piece))).toEqual([]);
    // Nor in what the bot sent to Discord (bodies, paths, query strings, headers other than the redacted Authorization).
    for (const request of fake.requests) {
      const shown = JSON.stringify({ path: request.path, query: request.query, body: request.body, headers: request.headers });
      for (const piece of TOKEN_PIECES) expect(shown.includes(piece)).toBe(false);
    }
    // The fake demanded the token: every authenticated call and every IDENTIFY carried it.
    expect(fake.identifies.every((identify) => identify.token === SECRET_TOKEN)).toBe(true);
  });

  it('a burst of 100 /ask from one member (5 a minute): exactly 5 answered, 95 friendly private refusals, each interaction exactly one callback', async () => {
    const user = freshUser();
    const burst: SentInteraction[] = Array.from({ length: 100 }, () => ask(user));
    // Polled on a timer, not as a waitForRequest predicate: that runs for every recorded request
    // on every new one, in the event loop the bot shares, and would itself slow the bot down.
    const start = fake.requests.length;
    const tokens = new Set(burst.map((sent) => sent.token));
    const tokenOf = (request: RecordedRequest) => request.path.split('/')[3] ?? '';
    await until(() => {
      const handled = fake.requests.slice(start).filter((request) => request.status !== null && tokens.has(tokenOf(request)));
      const acknowledged = new Set(handled.filter((request) => request.path.endsWith('/callback')).map(tokenOf));
      const edited = handled.filter((request) => request.method === 'PATCH' && request.status === 200).length;
      return acknowledged.size === burst.length && edited >= 5;
    }, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    let answered = 0;
    let refused = 0;
    const odd: string[] = [];
    for (const sent of burst) {
      const callbacks = repliesTo(fake, sent).filter((request) => request.path.endsWith('/callback'));
      if (callbacks.length !== 1 || callbacks[0]!.status !== 204) {
        odd.push(`${sent.id}: ${statuses(sent).join(', ')}`);
        continue;
      }
      const callback = callbacks[0]!;
      if (callback.body.type === 5) {
        const edits = repliesTo(fake, sent).filter((request) => request.method === 'PATCH');
        expect(edits).toHaveLength(1);
        expect(unescapeMarkdown(edits[0]!.body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
        answered += 1;
      } else {
        expect(callback.body.type).toBe(4);
        expect(callback.body.data.flags).toBe(64);
        expect(callback.body.data.content).toMatch(/^You are asking quickly; please try again in \d+ s\.$/);
        expect(repliesTo(fake, sent)).toHaveLength(1);
        refused += 1;
      }
    }
    expect(odd).toEqual([]);
    expect(answered).toBe(5);
    expect(refused).toBe(95);
    // Every interaction was acknowledged in time (no 10062 from the 3-second deadline).
    expect(burst.flatMap((sent) => repliesTo(fake, sent)).filter((request) => request.status !== null && request.status >= 400)).toEqual([]);
    expect(failureLines().filter((line) => !/Unknown interaction|Internal Server Error|Unauthorized/.test(line))).toEqual([]);
  });
});
