/**
 * End to end: /corpus refresh under load. Fifty members keep asking through the fake while a
 * moderator runs five refreshes, alternating the corpus folder between two states (old and new)
 * that answer a sentinel question differently; two of the refreshes fail (folder gone, folder
 * replaced by a file). Every question must get exactly one full answer, each answer must come
 * wholly from one index (old or new, never a mix), and a failed refresh must leave the previous
 * index serving.
 */
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/discord/RateLimiter.js';
import { FakePermissions, type FakeDiscord, type FakeUserInput, type RecordedRequest, type SentInteraction } from '../support/FakeDiscord.js';
import { CEASEFIRE_QUESTION, CEASEFIRE_QUOTE, Harness, SEED_CORPUS_DIR, unescapeMarkdown, type RunningBot, REFRESH_DEADLINE_MS } from './harness.js';

type State = 'old' | 'new';

const SENTINEL_QUESTION = 'What colour was the Misrata harbour beacon painted?';
const article = (title: string, paragraphs: string[]) => `---\ntitle: ${title}\nsource: Test Wire\n---\n${paragraphs.join('\n\n')}\n`;
const STATE_FILES: Record<State, Record<string, string>> = {
  old: {
    'beacon.txt': article('Misrata beacon (old survey)', [
      'The Misrata harbour beacon was painted cobalt blue in the spring survey of the old port authority.',
      'Fishermen said the cobalt blue colour of the Misrata harbour beacon could be seen from far out at sea.',
    ]),
    'beacon-annex-old.txt': article('Beacon annex (old survey)', [
      'An annex to the old survey noted that the Misrata harbour beacon kept its cobalt blue paint through the winter.',
    ]),
  },
  new: {
    'beacon.txt': article('Misrata beacon (new survey)', [
      'The Misrata harbour beacon was painted signal red in the autumn survey of the new port authority.',
      'Fishermen said the signal red colour of the Misrata harbour beacon could be seen from far out at sea.',
    ]),
    'beacon-annex-new.txt': article('Beacon annex (new survey)', [
      'An annex to the new survey noted that the Misrata harbour beacon kept its signal red paint through the winter.',
    ]),
  },
};
const EXCLUSIVE_TITLE: Record<State, RegExp> = { old: /\(old survey\)/, new: /\(new survey\)/ };

const GUILD = '1400000000000000001';
const CHANNEL = '1400000000000000010';
const MODERATOR: FakeUserInput = { id: '600000000000000001', username: 'moderator' };
const ASKERS = 50;

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;
let corpusDir: string;
/** All text of each state's corpus (seed articles + the state's own), whitespace collapsed. */
const stateText: Record<State, string> = { old: '', new: '' };

const collapse = (text: string) => text.replace(/\s+/g, ' ').trim();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function setState(state: State): Promise<void> {
  for (const other of Object.values(STATE_FILES)) for (const name of Object.keys(other)) await rm(path.join(corpusDir, name), { force: true });
  for (const [name, text] of Object.entries(STATE_FILES[state])) await writeFile(path.join(corpusDir, name), text);
}

/**
 * Requests by interaction token, indexed from the fake's log by a timer. Fifty waiters each running
 * a waitForRequest predicate over every recorded request would slow the shared event loop (and so
 * the bot) far more than the load itself.
 */
const byToken = new Map<string, RecordedRequest[]>();
let indexed = 0;
function indexRequests(): void {
  for (; indexed < fake.requests.length; indexed++) {
    const request = fake.requests[indexed]!;
    const parts = request.path.split('/');
    const token = parts[1] === 'interactions' || parts[1] === 'webhooks' ? parts[3] : undefined;
    if (token === undefined) continue;
    const list = byToken.get(token) ?? [];
    list.push(request);
    byToken.set(token, list);
  }
}
const requestsOf = (sent: SentInteraction) => (byToken.get(sent.token) ?? []).filter((request) => request.status !== null);

async function until<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    indexRequests();
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(15);
  }
}

/** The accepted final edit of a deferred reply (not an injected one, not a refresh progress note). */
function finalEdit(sent: SentInteraction): RecordedRequest | undefined {
  return requestsOf(sent).find(
    (request) =>
      request.method === 'PATCH' &&
      request.path.endsWith('/messages/@original') &&
      !request.injected &&
      !/Refreshing the corpus… \d+ s$/.test(request.body?.content ?? ''),
  );
}

interface Asked {
  readonly asker: number;
  readonly question: string;
  readonly sent: SentInteraction;
  readonly dispatchedAt: number;
  readonly answeredAt: number;
  readonly answer: RecordedRequest;
}

interface Refreshed {
  readonly expectOk: boolean;
  readonly before: State;
  readonly after: State;
  readonly dispatchedAt: number;
  readonly resultAt: number;
  readonly text: string;
}

/** The quotes of an answer embed: each block `> “…”` followed by its `**[n]**`. */
function quotesOf(description: string): string[] {
  return description
    .split(/\n\*\*\[\d+\]\*\*/)
    .map((chunk) => chunk.trim())
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      const text = unescapeMarkdown(
        chunk
          .split('\n')
          .map((line) => line.replace(/^> ?/, ''))
          .join('\n'),
      );
      expect(text.startsWith('“') && text.endsWith('”'), `a quote block: ${chunk}`).toBe(true);
      return collapse(text.slice(1, -1));
    });
}

/** The states whose corpus could have produced this answer (by quotes and cited titles). */
function servingStates(answer: RecordedRequest): { states: Set<State>; quotes: string[]; sources: string } {
  const embeds = answer.body.embeds as { description?: string; fields?: { name: string; value: string }[] }[];
  const quotes = embeds.flatMap((embed) => (embed.description ? quotesOf(embed.description) : []));
  const sources = embeds
    .flatMap((embed) => embed.fields ?? [])
    .map((field) => unescapeMarkdown(field.value))
    .join('\n');
  const states = new Set<State>(['old', 'new']);
  for (const quote of quotes) for (const state of ['old', 'new'] as const) if (!stateText[state].includes(quote)) states.delete(state);
  for (const state of ['old', 'new'] as const) {
    const other: State = state === 'old' ? 'new' : 'old';
    if (EXCLUSIVE_TITLE[other].test(sources)) states.delete(state);
  }
  return { states, quotes, sources };
}

beforeAll(async () => {
  corpusDir = await harness.corpus();
  const seed = await Promise.all((await readdir(SEED_CORPUS_DIR)).map((name) => readFile(path.join(SEED_CORPUS_DIR, name), 'utf8')));
  for (const state of ['old', 'new'] as const) stateText[state] = collapse([...seed, ...Object.values(STATE_FILES[state])].join('\n'));
  await setState('old');
  fake = await harness.fake({ guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: 'newsroom' }] }] });
  running = await harness.startBot(fake, { corpusDir, limiter: new RateLimiter(100_000, 60_000) });
  await fake.waitForAllConnected();
});

afterAll(async () => {
  await harness.close();
  expect(harness.mentionViolations()).toEqual([]);
  expect(harness.failedBotRequests()).toEqual([]);
});

describe('/corpus refresh while fifty members ask', () => {
  // Five refreshes one after another, each allowed its deadline on a loaded machine.
  it('every question gets exactly one answer from one index; failed refreshes keep the previous index', { timeout: 5 * REFRESH_DEADLINE_MS }, async () => {
    expect(running.corpus.current.index.documents.some((document) => document.id === 'beacon-annex-old')).toBe(true);
    const asked: Asked[] = [];
    const refreshes: Refreshed[] = [];
    let loadRunning = true;

    async function asker(n: number): Promise<void> {
      const user: FakeUserInput = { id: `61000000000000${String(n).padStart(4, '0')}`, username: `asker${n}` };
      const question = n % 5 === 4 ? CEASEFIRE_QUESTION : SENTINEL_QUESTION;
      while (loadRunning) {
        const dispatchedAt = Date.now();
        const sent = fake.slashCommand({ name: 'ask', user, guildId: GUILD, channelId: CHANNEL, options: { question } });
        const answer = await until(() => finalEdit(sent), 10_000, `the answer to asker ${n}`);
        asked.push({ asker: n, question, sent, dispatchedAt, answeredAt: answer.receivedAt, answer });
        await sleep(Math.floor(Math.random() * 40));
      }
    }

    let served: State = 'old';
    async function refresh(kind: 'ok' | 'folder-missing' | 'folder-is-file', next: State): Promise<void> {
      const moved = `${corpusDir}-away`;
      if (kind === 'ok') await setState(next);
      else {
        await rename(corpusDir, moved);
        if (kind === 'folder-is-file') await writeFile(corpusDir, 'not a folder');
      }
      try {
        const dispatchedAt = Date.now();
        const sent = fake.slashCommand({
          name: 'corpus',
          user: MODERATOR,
          permissions: FakePermissions.manageGuild,
          guildId: GUILD,
          channelId: CHANNEL,
          options: [{ type: 1, name: 'refresh' }],
        });
        const edit = await until(() => finalEdit(sent), REFRESH_DEADLINE_MS, 'the refresh result');
        const after = kind === 'ok' ? next : served;
        refreshes.push({ expectOk: kind === 'ok', before: served, after, dispatchedAt, resultAt: edit.receivedAt, text: unescapeMarkdown(edit.body.content) });
        served = after;
      } finally {
        if (kind !== 'ok') {
          await rm(corpusDir, { force: true, recursive: true });
          await rename(moved, corpusDir);
        }
      }
    }

    const load = Array.from({ length: ASKERS }, (_, n) => asker(n));
    await sleep(300);
    await refresh('ok', 'new');
    await sleep(250);
    await refresh('folder-missing', 'old');
    await sleep(600);
    await refresh('ok', 'old');
    await sleep(250);
    await refresh('folder-is-file', 'new');
    await sleep(600);
    await refresh('ok', 'new');
    await sleep(300);
    loadRunning = false;
    await Promise.all(load);

    // --- The refreshes: three succeeded, two failed and said the previous index is serving.
    expect(refreshes.map((r) => r.expectOk)).toEqual([true, false, true, false, true]);
    for (const r of refreshes) {
      if (r.expectOk) expect(r.text).toMatch(/^Refreshed in \d+\.\d s\./);
      else expect(r.text).toMatch(/^Refresh failed after \d+\.\d s; the previous index is still serving\.\nReason: \S/);
    }
    expect(refreshes[0]!.text).toContain('**Changed** (1):\n• beacon');
    expect(refreshes[0]!.text).toContain('**Added** (1):\n• beacon-annex-new');
    expect(refreshes[0]!.text).toContain('**Removed** (1):\n• beacon-annex-old');
    expect(refreshes[1]!.text).toContain('corpus folder not found');
    expect(running.logs.filter((line) => line.startsWith(`refresh by ${MODERATOR.id}: `)).map((line) => line.split(':')[1]!.trim().split(' ')[0])).toEqual([
      'refreshed',
      'failed',
      'refreshed',
      'failed',
      'refreshed',
    ]);
    expect(running.corpus.lastRefresh?.kind).toBe('refreshed');
    expect(running.corpus.current.index.documents.some((document) => document.id === 'beacon-annex-new')).toBe(true);
    expect(running.corpus.current.index.documents.some((document) => document.id === 'beacon-annex-old')).toBe(false);

    // --- Every question: one deferral, one full answer, nothing else.
    const problems: string[] = [];
    for (const a of asked) {
      const requests = requestsOf(a.sent);
      const shape = requests.map(
        (request) =>
          `${request.method} ${request.path.endsWith('/callback') ? `callback(${request.body?.type})` : request.path.split('/').slice(4).join('/') || 'webhook'} ${request.status}`,
      );
      const expected = ['POST callback(5) 204', 'PATCH messages/@original 200'];
      if (JSON.stringify(shape) !== JSON.stringify(expected)) problems.push(`asker ${a.asker} ${a.sent.id}: ${shape.join(', ')}`);
      const embeds = a.answer.body.embeds as { description?: string }[] | undefined;
      if (!embeds?.length || !embeds[0]!.description)
        problems.push(`asker ${a.asker} ${a.sent.id}: answer without an embed: ${JSON.stringify(a.answer.body).slice(0, 200)}`);
    }
    expect(problems).toEqual([]);

    // --- Each answer comes wholly from one index, one that was serving while it was asked.
    const successes = refreshes.filter((r) => r.expectOk);
    const possible = (a: Asked): Set<State> => {
      const states = new Set<State>();
      // The state serving at dispatch: the last success finished before it (a success still running could already have swapped).
      let current: State = 'old';
      for (const r of successes) {
        if (r.resultAt <= a.dispatchedAt) current = r.after;
        else if (r.dispatchedAt <= a.answeredAt) {
          states.add(r.before);
          states.add(r.after);
        }
      }
      states.add(current);
      return states;
    };
    const counts: Record<State | 'either', number> = { old: 0, new: 0, either: 0 };
    const mixed: string[] = [];
    for (const a of asked) {
      const { states, quotes, sources } = servingStates(a.answer);
      expect(quotes.length).toBeGreaterThan(0);
      if (states.size === 0) {
        mixed.push(`asker ${a.asker}: ${JSON.stringify(quotes)} / ${sources}`);
        continue;
      }
      if (a.question === CEASEFIRE_QUESTION) {
        expect(quotes.some((quote) => quote.includes(CEASEFIRE_QUOTE))).toBe(true);
        expect(states.size).toBe(2);
        counts.either += 1;
        continue;
      }
      // The sentinel question: the answer tells which index served it.
      expect(states.size, `asker ${a.asker}: ${JSON.stringify(quotes)}`).toBe(1);
      const state = [...states][0]!;
      counts[state] += 1;
      const allowed = possible(a);
      if (!allowed.has(state)) mixed.push(`asker ${a.asker}: served by ${state}, but only ${[...allowed].join('/')} was serving between dispatch and answer`);
    }
    expect(mixed).toEqual([]);
    expect(counts.old).toBeGreaterThan(0);
    expect(counts.new).toBeGreaterThan(0);

    // --- Figures.
    const duringRefresh = asked.filter((a) => refreshes.some((r) => a.dispatchedAt <= r.resultAt && a.answeredAt >= r.dispatchedAt)).length;
    const latencies = asked.map((a) => a.answeredAt - a.dispatchedAt).sort((x, y) => x - y);
    const maxLatency = latencies[latencies.length - 1]!;
    const p50 = latencies[Math.floor(latencies.length / 2)]!;
    const refreshTimes = refreshes.map((r) => `${r.expectOk ? 'ok' : 'failed'} ${r.resultAt - r.dispatchedAt} ms`);
    console.log(
      `[refreshUnderLoad] ${asked.length} answers (${counts.old} old, ${counts.new} new, ${counts.either} either index) from ${ASKERS} askers; ` +
        `${duringRefresh} served while a refresh ran; latency dispatch→edit p50 ${p50} ms, max ${maxLatency} ms; refreshes: ${refreshTimes.join(', ')}`,
    );
    expect(asked.length).toBeGreaterThanOrEqual(ASKERS * 3);
    expect(duringRefresh).toBeGreaterThan(0);
    // Deferred within Discord's 3 s, answered well within the 15 minutes a token lives.
    expect(maxLatency).toBeLessThan(10_000);
    expect(running.logs.filter((line) => / failed: |could not be sent/.test(line))).toEqual([]);

    // --- From the previous successful refresh to the next one, across the failed refresh between
    // them, only the previous index answered.
    for (const [i, r] of refreshes.entries()) {
      if (r.expectOk) continue;
      const from = refreshes[i - 1]!.resultAt;
      const to = refreshes[i + 1]!.dispatchedAt;
      const window = asked.filter((a) => a.question === SENTINEL_QUESTION && a.dispatchedAt >= from && a.answeredAt < to);
      expect(window.length).toBeGreaterThan(0);
      expect(new Set(window.flatMap((a) => [...servingStates(a.answer).states]))).toEqual(new Set([r.before]));
      // Including answers given while the failing refresh ran.
      expect(window.filter((a) => a.answeredAt >= r.dispatchedAt && a.dispatchedAt <= r.resultAt).length).toBeGreaterThan(0);
    }
  });
});
