/**
 * The operators' listener (MONITORING_PORT) on a bot in the e2e harness: /healthz says the gateway
 * is connected and the index loaded (200), and /metrics counts what the bot did — questions by
 * language and outcome with their latency, rate-limit refusals, refreshes and their duration.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/discord/RateLimiter.js';
import { FakePermissions, type FakeDiscord } from '../support/FakeDiscord.js';
import { ARABIC_QUESTION, CEASEFIRE_QUESTION, Harness, OUT_OF_CORPUS_QUESTION, waitForAnswer, type RunningBot } from './harness.js';

const harness = new Harness();
harness.checkBotMessages();

let fake: FakeDiscord;
let running: RunningBot;
let url: string;

beforeAll(async () => {
  fake = await harness.fake();
  // Two questions a minute per member: the third of one member is refused.
  running = await harness.startBot(fake, { corpusDir: await harness.corpus(), limiter: new RateLimiter(2, 60_000), monitoring: true });
  url = running.monitoring!.server.url;
});

/** Every sample of a Prometheus text exposition, by series (`name{labels}`). */
async function scrape(): Promise<Map<string, number>> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function ask(question: string, userId: string): Promise<void> {
  const sent = fake.slashCommand({ name: 'ask', user: { id: userId, username: `member${userId.slice(-2)}` }, options: { question } });
  await waitForAnswer(fake, sent, 10_000);
}

describe('health and metrics listener', () => {
  it('/healthz: 200 with the gateway connected and the index loaded, its size and age', async () => {
    const response = await fetch(`${url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { index: { passages: number; ageSeconds: number; builtAt: string } };
    expect(body).toMatchObject({
      ok: true,
      gateway: 'connected',
      refreshing: false,
      index: { loaded: true, documents: 7, origin: 'built', folderProblem: false },
    });
    expect(body.index.passages).toBeGreaterThan(0);
    expect(body.index.ageSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(body.index.builtAt)).toBeLessThanOrEqual(Date.now());
  });

  it('/metrics: questions by language and outcome, the latency histogram, rate-limited requests and refreshes move', async () => {
    const before = await scrape();
    // Every series is there from the start, at 0.
    expect(before.get('isnad_questions_total{language="en",outcome="answer"}')).toBe(0);
    expect(before.get('isnad_questions_total{language="ar",outcome="error"}')).toBe(0);
    expect(before.get('isnad_rate_limited_total{language="en"}')).toBe(0);
    expect(before.get('isnad_refreshes_total{outcome="refreshed"}')).toBe(0);

    await ask(CEASEFIRE_QUESTION, '400000000000000001');
    await ask(OUT_OF_CORPUS_QUESTION, '400000000000000001');
    // The same member's third question within the minute: refused, and not answered.
    await ask(CEASEFIRE_QUESTION, '400000000000000001');
    await ask(ARABIC_QUESTION, '400000000000000002');

    const refresh = fake.slashCommand({ name: 'corpus', permissions: FakePermissions.manageGuild, options: [{ type: 1, name: 'refresh' }] });
    await fake.waitForRequest(
      (request) =>
        request.method === 'PATCH' &&
        request.path === `/webhooks/${fake.applicationId}/${refresh.token}/messages/@original` &&
        /^Refreshed in /.test(request.body?.content ?? ''),
      30_000,
    );

    const after = await scrape();
    expect(after.get('isnad_questions_total{language="en",outcome="answer"}')).toBe(1);
    expect(after.get('isnad_questions_total{language="en",outcome="no-answer"}')).toBe(1);
    expect(after.get('isnad_questions_total{language="ar",outcome="answer"}')).toBe(1);
    expect(after.get('isnad_questions_total{language="en",outcome="error"}')).toBe(0);
    expect(after.get('isnad_rate_limited_total{language="en"}')).toBe(1);
    expect(after.get('isnad_answer_duration_seconds_count{language="en"}')).toBe(2);
    expect(after.get('isnad_answer_duration_seconds_count{language="ar"}')).toBe(1);
    expect(after.get('isnad_answer_duration_seconds_bucket{le="+Inf",language="en"}')).toBe(2);
    expect(after.get('isnad_answer_duration_seconds_sum{language="en"}')).toBeGreaterThan(0);
    expect(after.get('isnad_refreshes_total{outcome="refreshed"}')).toBe(1);
    expect(after.get('isnad_refreshes_total{outcome="failed"}')).toBe(0);
    expect(after.get('isnad_refresh_duration_seconds_count{outcome="refreshed"}')).toBe(1);
  });

  it('anything else: 404, and a method other than GET or HEAD: 405', async () => {
    expect((await fetch(`${url}/`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
