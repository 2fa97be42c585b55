import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { answer } from '../core/answer.js';
import { CorpusService } from '../corpus/CorpusService.js';
import { GapLog } from '../corpus/GapLog.js';
import type { BotContext } from '../discord/BotContext.js';
import { createBot } from '../discord/createBot.js';
import { RateLimiter } from '../discord/RateLimiter.js';
// The end-to-end measurement reuses the test double: FakeDiscord is the local Discord-compatible
// server (REST + gateway on 127.0.0.1) the e2e tests drive the real discord.js client with. The
// bench runs under tsx, which loads it from test/ like any other module; it is not part of the bot.
import { FakeDiscord, type RecordedRequest, type SentInteraction } from '../../test/support/FakeDiscord.js';
import type { BenchQuestion } from './questions.js';
import { percentile, summarise, type TimingSummary } from './stats.js';

export type { TimingSummary } from './stats.js';

/**
 * isnad-only measurements of the bot in service, each run in a child process of its own (see
 * src/bin/bench.ts): question latency while `/corpus refresh` rebuilds the index in a build process
 * thread, cold start from an up-to-date snapshot, and /ask end to end through discord.js and
 * FakeDiscord. The engine measurements (measure.ts) are left as they were.
 */

/** The cold start is measured apart, in a process that loads only what a start does (coldStartProcess.mjs). */
export type ServiceTask = 'refresh' | 'e2e';
export const SERVICE_TASKS: readonly ServiceTask[] = ['refresh', 'e2e'];

export interface RefreshFigures {
  /** `CorpusService.open` before anything is timed (builds and writes the snapshot when there is none). */
  readonly openMs: number;
  /** The question set once (after the warm-up), one question per event-loop turn, no refresh running. */
  readonly idle: TimingSummary;
  /** Questions started after `refresh()` was called and before it resolved. */
  readonly during: TimingSummary;
  /** The first questions answered from the new index, after the refresh resolved. */
  readonly afterSwap: TimingSummary;
  /** `refresh()` call → its promise resolved (the new index is served). */
  readonly refreshMs: number;
  /** `RefreshResult.tookMs`. */
  readonly refreshTookMs: number;
  /** Where the build process's index came from: `built` is a real rebuild. */
  readonly origin: 'snapshot' | 'built';
  /** Longest time between the end of one question and the start of the next: idle (the loop's own cost)… */
  readonly idleMaxGapMs: number;
  /** …and during the refresh: the longest the main thread was busy with something else. */
  readonly maxGapMs: number;
  /** The gap in which the served index changed: the build process's reply, reading its index, swapping. */
  readonly swapGapMs?: number;
  /** Peak resident set size of the process (both indexes; the build runs in a child process of its own). */
  readonly peakRss: number;
  /**
   * Resident set size after a full GC: before the first refresh ('0'), then after each of
   * REFRESHES real rebuilds ('1'…'5') — memory a refresh does not give back shows here as growth.
   */
  readonly rssByRefresh: Readonly<Record<string, number>>;
}

/** What src/bench/coldStartProcess.mjs measures in a process of its own. */
export interface ColdStartRun {
  /** `openIndex(corpusDir, { snapshotDir, verifyLater: true })`, as the bot opens it (CorpusService's verifyInBackground). */
  readonly openMs: number;
  /** `performance.now()` when the index was ready: since the process started (node, tsx, imports, openIndex). */
  readonly sinceProcessStartMs: number;
  /** Since the process started, to the first question of the set answered from that index. */
  readonly firstAnswerSinceProcessStartMs?: number;
  /** Resident set size after that first answer and the folder check, after a full GC: what the bot holds once started. */
  readonly rssAfterStart?: number;
  /** Then with the lexicon loaded and the index prepared (prepareIndex) as the bot does next, an answer with the lexicon, after a full GC. */
  readonly rssServing?: number;
  /** Then the bot's start-up warm-up (core/warmUp.ts, its default count): the questions it asked itself, and how long they took. */
  readonly warmUp?: { readonly questions: number; readonly tookMs: number };
  /** Then each question of the set once, with the lexicon: the answer times. */
  readonly answerMsAfterWarmUp?: readonly number[];
  /** After those, after a full GC. */
  readonly rssAfterWarmUp?: number;
  readonly origin: 'snapshot' | 'built';
  /** Since the process started, to the end of the check of the corpus folder against the snapshot (run after serving). */
  readonly verifiedSinceProcessStartMs?: number;
}

export interface EndToEndFigures {
  /** `CorpusService.open` + bot login (untimed set-up). */
  readonly setupMs: number;
  readonly warmup: number;
  /** INTERACTION_CREATE dispatched → the request carrying the answer (edit of the deferred reply) handled by FakeDiscord. */
  readonly answer: TimingSummary;
  /** INTERACTION_CREATE dispatched → the deferral (callback type 5) handled. */
  readonly deferral: TimingSummary;
  /** Answers that went through (2xx); the others are in `errors`. */
  readonly replied: number;
}

export type ServiceResult =
  | { readonly task: 'refresh'; readonly refresh: RefreshFigures; readonly errors: readonly string[] }
  | { readonly task: 'cold-start'; readonly coldStart: ColdStartRun; readonly errors: readonly string[] }
  | { readonly task: 'e2e'; readonly endToEnd: EndToEndFigures; readonly errors: readonly string[] };

export interface ServiceOptions {
  readonly task: ServiceTask;
  readonly corpusDir: string;
  readonly questions: readonly BenchQuestion[];
  readonly warmup: number;
  /** Snapshot folder shared by the service measurements of one corpus (kept between them). */
  readonly snapshotDir: string;
  /** Scratch folder (the unanswered-question log of the e2e bot); removed afterwards. */
  readonly scratchDir: string;
  readonly progress: (message: string) => void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function measureService(options: ServiceOptions): Promise<ServiceResult> {
  switch (options.task) {
    case 'refresh':
      return measureRefresh(options);
    case 'e2e':
      return measureEndToEnd(options);
  }
}

// ---------------------------------------------------------------------------------------------
// Latency during a refresh

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Loop {
  readonly times: number[];
  readonly maxGap: number;
  readonly swapGap?: number;
  /** Where in the question set the loop stopped (the next loop goes on from there). */
  readonly next: number;
}

/**
 * Answers questions one per event-loop turn (setImmediate between them, so the build process's reply
 * and timers are handled between two questions as in the bot) while `keepGoing` holds, each from
 * the index `corpus` serves at that moment. Besides each question's time it keeps the longest gap
 * between two questions — the main thread busy with something else — and the gap in which the
 * served index changed.
 */
async function askInLoop(corpus: CorpusService, questions: readonly BenchQuestion[], from: number, keepGoing: (asked: number) => boolean): Promise<Loop> {
  const times: number[] = [];
  let maxGap = 0;
  let swapGap: number | undefined;
  let index = corpus.current.index;
  let at = from;
  let lastEnd = performance.now();
  while (keepGoing(times.length)) {
    await nextTurn();
    const start = performance.now();
    const gap = start - lastEnd;
    maxGap = Math.max(maxGap, gap);
    const served = corpus.current.index;
    if (served !== index) {
      swapGap = gap;
      index = served;
    }
    if (!keepGoing(times.length)) break;
    answer(served, questions[at++ % questions.length]!.question, { limit: 5 });
    lastEnd = performance.now();
    times.push(lastEnd - start);
  }
  return { times, maxGap, next: at, ...(swapGap !== undefined ? { swapGap } : {}) };
}

/** Questions answered from the new index right after the swap (a cold index may be slower at first). */
const AFTER_SWAP = 20;

/** Refreshes in a row for the memory figure: enough for a leak of one refresh's build to show as a trend. */
const REFRESHES = 5;

/** RSS once garbage is collected (the bench's processes run with --expose-gc), so that only memory still held counts. */
function settledRss(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss;
}

async function measureRefresh(options: ServiceOptions): Promise<ServiceResult> {
  const { progress, questions, corpusDir, snapshotDir } = options;
  const errors: string[] = [];
  const log = (line: string) => progress(`corpus: ${line}`);

  progress(`opening CorpusService (snapshots in ${snapshotDir})`);
  let started = performance.now();
  const corpus = await CorpusService.open({ corpusDir, snapshotDir, log });
  // As the bot does at start: the refresh build process is started (and ready) before any refresh.
  await corpus.prepareRefresh();
  const openMs = performance.now() - started;
  progress(`opened (${corpus.current.origin}) in ${(openMs / 1000).toFixed(1)} s`);

  const warmup = Math.min(options.warmup, questions.length);
  progress(`warm-up: ${warmup} questions`);
  const warm = await askInLoop(corpus, questions, 0, (n) => n < warmup);
  progress(`idle: ${questions.length} questions`);
  const idle = await askInLoop(corpus, questions, warm.next, (n) => n < questions.length);
  const rssBefore = settledRss();

  // A real rebuild, as after a change to the corpus: with no snapshot in its folder the build process
  // loads and parses every file, builds the index and writes a new snapshot.
  await rm(snapshotDir, { recursive: true, force: true });
  progress('refreshing (snapshot removed: the build process rebuilds) while answering questions');
  let refreshMs = Number.NaN;
  let done = false;
  started = performance.now();
  const refreshing = corpus.refresh().then((result) => {
    refreshMs = performance.now() - started;
    done = true;
    return result;
  });
  let lastReport = performance.now();
  const during = await askInLoop(corpus, questions, idle.next, (n) => {
    if (performance.now() - lastReport > 10_000) {
      progress(`refresh running, ${n} questions answered meanwhile`);
      lastReport = performance.now();
    }
    return !done;
  });
  const result = await refreshing;
  const after = await askInLoop(corpus, questions, during.next, (n) => n < AFTER_SWAP);
  const rssByRefresh: Record<string, number> = { '0': rssBefore, '1': settledRss() };
  for (let n = 2; n <= REFRESHES; n++) {
    await rm(snapshotDir, { recursive: true, force: true });
    progress(`refresh ${n} of ${REFRESHES} (a real rebuild), for the memory it keeps`);
    const again = await corpus.refresh();
    if (again.kind !== 'refreshed') errors.push(`refresh ${n}: ${again.kind === 'failed' ? `failed: ${again.reason}` : 'busy'}`);
    rssByRefresh[String(n)] = settledRss();
  }
  progress(
    `RSS before the refreshes and after each: ${Object.values(rssByRefresh)
      .map((b) => `${Math.round(b / 2 ** 20)} MB`)
      .join(' → ')}`,
  );
  await corpus.close();

  let refreshTookMs = Number.NaN;
  if (result.kind === 'refreshed') refreshTookMs = result.tookMs;
  else errors.push(`refresh: ${result.kind === 'failed' ? `failed: ${result.reason}` : 'busy'}`);
  const origin = corpus.current.origin;
  if (origin !== 'built') errors.push(`refresh: the build process's index came from a ${origin}, not a rebuild`);
  if (during.swapGap === undefined && result.kind === 'refreshed') errors.push('refresh: the swap was not seen between two questions');
  progress(
    `refreshed in ${(refreshMs / 1000).toFixed(1)} s; ${during.times.length} questions meanwhile, ` +
      `p99 ${percentile(during.times, 99).toFixed(1)} ms (idle ${percentile(idle.times, 99).toFixed(1)} ms); ` +
      `longest gap ${during.maxGap.toFixed(1)} ms, swap gap ${during.swapGap?.toFixed(1) ?? '–'} ms`,
  );
  return {
    task: 'refresh',
    refresh: {
      openMs,
      idle: summarise(idle.times),
      during: summarise(during.times),
      afterSwap: summarise(after.times),
      refreshMs,
      refreshTookMs,
      origin,
      idleMaxGapMs: idle.maxGap,
      maxGapMs: during.maxGap,
      ...(during.swapGap !== undefined ? { swapGapMs: during.swapGap } : {}),
      peakRss: process.resourceUsage().maxRSS * 1024,
      rssByRefresh,
    },
    errors,
  };
}

// ---------------------------------------------------------------------------------------------
// End to end

const TOKEN = 'x'.repeat(70);
const ANSWER_TIMEOUT_MS = 15_000;
/**
 * Questions start at least this far apart: at most 40 answers a second, under discord.js's
 * client-side global limit of 50 requests a second (Discord's own). Faster, every 50th edit would
 * wait for the next second (~0.6 s) and the figures would measure that queue, not the answer path.
 */
export const E2E_MIN_SPACING_MS = 25;

async function measureEndToEnd(options: ServiceOptions): Promise<ServiceResult> {
  const { progress, questions } = options;
  const errors: string[] = [];
  const botLog: string[] = [];
  await mkdir(options.scratchDir, { recursive: true });
  let fake: FakeDiscord | undefined;
  let stop: (() => Promise<void>) | undefined;
  try {
    const started = performance.now();
    const log = (line: string) => botLog.push(line);
    const corpus = await CorpusService.open({ corpusDir: options.corpusDir, snapshotDir: options.snapshotDir, log });
    await corpus.prepareRefresh();
    const gaps = await GapLog.open(path.join(options.scratchDir, 'unanswered.json'), { log });
    const context: BotContext = {
      corpus,
      gaps,
      // One member asks every question: no per-user limit in the way.
      limiter: new RateLimiter(Number.MAX_SAFE_INTEGER, 60_000),
      moderatorRoleIds: [],
      corpusGuildIds: [],
      maxUploadBytes: 1024 * 1024,
      log,
    };
    // Discord's 3 s deadline for acknowledging an interaction, as in the e2e tests.
    fake = await FakeDiscord.start({ interactionDeadlineMs: 3000 });
    const bot = createBot(context, { token: TOKEN, apiUrl: fake.apiUrl });
    stop = async () => {
      await bot.stop();
      await gaps.flush();
      await corpus.close();
    };
    await bot.start();
    await fake.waitForAllConnected();
    const setupMs = performance.now() - started;
    progress(
      `bot ready (index from ${corpus.current.origin}) in ${(setupMs / 1000).toFixed(1)} s; asking ${questions.length} questions with /ask, one at a time`,
    );

    const warmup = Math.min(options.warmup, questions.length);
    const answerTimes: number[] = [];
    const deferralTimes: number[] = [];
    let replied = 0;
    let lastReport = performance.now();
    const total = warmup + questions.length;
    let previous = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < total; i++) {
      const question = questions[i < warmup ? i : i - warmup]!.question;
      const wait = previous + E2E_MIN_SPACING_MS - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      // Only this question's requests are searched while waiting (sequential questions).
      fake.clearRequests();
      const dispatched = performance.now();
      previous = dispatched;
      const sent = fake.slashCommand({ name: 'ask', options: { question } });
      if (sent.status !== 'sent') throw new Error(`INTERACTION_CREATE not sent (${sent.status})`);
      let deferredAt = Number.NaN;
      const deferral = fake
        .waitForRequest((request) => request.path === `/interactions/${sent.id}/${sent.token}/callback`, ANSWER_TIMEOUT_MS)
        .then((request) => {
          deferredAt = performance.now();
          return request;
        });
      let reply: RecordedRequest;
      try {
        reply = await fake.waitForRequest((request) => isAnswer(fake!, sent, request), ANSWER_TIMEOUT_MS);
      } catch (error) {
        errors.push(`question ${i + 1}: no answer: ${message(error).split('\n')[0]}`);
        deferral.catch(() => {});
        continue;
      }
      const answeredAt = performance.now();
      await deferral.catch(() => {});
      if (i < warmup) continue;
      answerTimes.push(answeredAt - dispatched);
      if (Number.isFinite(deferredAt)) deferralTimes.push(deferredAt - dispatched);
      if (reply.status !== null && reply.status < 300) replied++;
      else errors.push(`question ${i + 1}: answer rejected with ${reply.status}: ${JSON.stringify(reply.response).slice(0, 200)}`);
      if (performance.now() - lastReport > 10_000) {
        progress(`questions: ${answerTimes.length}/${questions.length}`);
        lastReport = performance.now();
      }
    }
    for (const line of botLog) if (/ failed: |could not be sent|discord client error/.test(line)) errors.push(`bot: ${line.split('\n')[0]}`);
    progress(
      `end to end p50 ${percentile(answerTimes, 50).toFixed(1)} ms, p95 ${percentile(answerTimes, 95).toFixed(1)} ms over ${answerTimes.length} questions`,
    );
    return {
      task: 'e2e',
      endToEnd: { setupMs, warmup, answer: summarise(answerTimes), deferral: summarise(deferralTimes), replied },
      errors: [...new Set(errors)].slice(0, 20),
    };
  } finally {
    // discord.js must be stopped before the fake closes (it would keep resuming otherwise).
    await stop?.().catch(() => {});
    await fake?.close();
    await rm(options.scratchDir, { recursive: true, force: true });
  }
}

/** The request that carries the answer: a type-4 reply, or the edit of the deferred original (as test/e2e/harness.ts waitForAnswer). */
function isAnswer(fake: FakeDiscord, sent: SentInteraction, request: RecordedRequest): boolean {
  return (
    (request.path === `/interactions/${sent.id}/${sent.token}/callback` && request.body?.type === 4) ||
    (request.method === 'PATCH' && request.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`)
  );
}
