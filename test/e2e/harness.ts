/**
 * Shared set-up for the end-to-end tests: the real bot (createBot) with a real discord.js client,
 * pointed at FakeDiscord through configuration only (`apiUrl`), over temporary copies of the corpus.
 *
 * Each test file makes one Harness; `harness.close()` stops every bot before closing its fake
 * (discord.js otherwise keeps resuming against a closed port) and removes the temporary folders.
 * `mentionViolations()` lists every message the bot sent without `allowed_mentions: { parse: [] }`.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect } from 'vitest';
import type { Language } from '../../src/core/types.js';
import { CorpusService } from '../../src/corpus/CorpusService.js';
import type { FetchSettings } from '../../src/corpus/fetchPage.js';
import { FeedPoller } from '../../src/corpus/FeedPoller.js';
import { GapLog } from '../../src/corpus/GapLog.js';
import { LinkIntake } from '../../src/corpus/LinkIntake.js';
import type { BotContext } from '../../src/discord/BotContext.js';
import { createBot, type Bot } from '../../src/discord/createBot.js';
import { RateLimiter } from '../../src/discord/RateLimiter.js';
import { botHealth } from '../../src/monitoring/healthReport.js';
import { PrometheusMetrics } from '../../src/monitoring/PrometheusMetrics.js';
import { startMonitoring, type MonitoringServer } from '../../src/monitoring/startMonitoring.js';
import {
  FakeDiscord,
  FakePermissions,
  type FakeDiscordOptions,
  type FakeAttachment,
  type FakeUserInput,
  type RecordedRequest,
  type SentInteraction,
} from '../support/FakeDiscord.js';

export const REPO_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const SEED_CORPUS_DIR = path.join(REPO_DIR, 'corpus');
export const TOKEN = 'x'.repeat(70);
/**
 * How long a test waits for a refresh's result. A refresh runs a build process; on a loaded
 * machine it has taken over 15 s. The waits end at the result, so this costs nothing when it is fast.
 */
export const REFRESH_DEADLINE_MS = 45_000;

export const CEASEFIRE_QUESTION = 'Who brokered the ceasefire in Tripoli?';
export const CEASEFIRE_QUOTE = 'The United Nations had brokered a ceasefire that ended the unrest.';
export const CEASEFIRE_DOCUMENT = 'aawsat-us-strikes-isis-libya';
export const ARABIC_QUESTION = 'كم عنصرا قتل في التفجيرين الانتحاريين؟';
export const ARABIC_QUOTE_START = 'قُتل أربعة عناصر في القوات الموالية لحكومة الوفاق الوطني الليبية';
export const OUT_OF_CORPUS_QUESTION = 'How do I bake sourdough bread at home?';
/** Nine extracts: three pages behind the More button. */
export const MANY_EXTRACTS_QUESTION = 'Sarraj';

/** Header our own test-side requests carry (a user's upload), so they are not checked as bot messages. */
const TEST_SIDE = 'x-e2e-test-side';

export interface BotSettings {
  readonly corpusDir: string;
  /** Default: a fresh temporary folder. */
  readonly snapshotDir?: string;
  /** Default: a fresh temporary file. */
  readonly gapFile?: string;
  readonly limiter?: RateLimiter;
  readonly moderatorRoleIds?: readonly string[];
  /** MODERATOR_LANGUAGE. */
  readonly moderatorLanguage?: Language;
  /** The servers that look after the corpus. Default: the fake's first server (none without one). */
  readonly corpusGuildIds?: readonly string[];
  readonly maxUploadBytes?: number;
  /** Enables links and feeds (`/corpus add url:`, `/corpus feed`), fetched with these settings. */
  readonly fetch?: FetchSettings;
  /** Where links.json and feeds.json go. Default: a fresh temporary folder. */
  readonly dataDir?: string;
  /** Counts into metrics and serves /healthz and /metrics on 127.0.0.1 (a free port), as MONITORING_PORT does. */
  readonly monitoring?: boolean;
}

export interface RunningBot {
  readonly bot: Bot;
  readonly context: BotContext;
  readonly corpus: CorpusService;
  readonly logs: string[];
  readonly snapshotDir: string;
  readonly gapFile: string;
  readonly fake: FakeDiscord;
  readonly dataDir: string;
  readonly links: LinkIntake | undefined;
  /** Not on a schedule: tests poll with `feeds.poll()`. */
  readonly feeds: FeedPoller | undefined;
  /** With `monitoring`: the listener (its url) and the metrics it serves. */
  readonly monitoring?: { readonly server: MonitoringServer; readonly metrics: PrometheusMetrics };
}

/** Text with Discord markdown escapes removed: `\*` → `*`, `\\` → `\`. */
export function unescapeMarkdown(text: string): string {
  return text.replace(/\\([\s\S])/g, '$1');
}

/** Characters of `text` that Discord would read as markdown or a mention (not preceded by an escaping backslash). */
export function unescapedSpecials(text: string, specials = '*_`[]<@~|'): string[] {
  const found: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (specials.includes(ch)) found.push(ch);
  }
  return found;
}

/** The bot's message-bearing requests: interaction replies, webhook messages and channel messages. */
export function botMessageRequests(fake: FakeDiscord): RecordedRequest[] {
  return fake.requests.filter((request) => {
    if (request.headers[TEST_SIDE] !== undefined) return false;
    const route = request.route ?? '';
    if (route === 'POST /interactions/:id/:token/callback') return request.body?.type === 4 || request.body?.type === 7;
    return (
      route === 'POST /webhooks/:appId/:token' ||
      route === 'PATCH /webhooks/:appId/:token/messages/:messageId' ||
      route === 'POST /channels/:channelId/messages' ||
      route === 'PATCH /channels/:channelId/messages/:messageId'
    );
  });
}

/** The message body of a bot request: `data` for an interaction callback, the body otherwise. */
export function messageBody(request: RecordedRequest): Record<string, any> {
  return request.route === 'POST /interactions/:id/:token/callback' ? (request.body?.data ?? {}) : (request.body ?? {});
}

export class Harness {
  private readonly fakes: FakeDiscord[] = [];
  private readonly bots: RunningBot[] = [];
  private readonly temporary: string[] = [];

  async tempDir(prefix = 'isnad-e2e-'): Promise<string> {
    const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    this.temporary.push(dir);
    return dir;
  }

  /** A temporary corpus folder: a copy of the seed corpus (unless `seed: false`) plus `files`. */
  async corpus(files: Record<string, string | Uint8Array> = {}, options: { seed?: boolean } = {}): Promise<string> {
    const dir = path.join(await this.tempDir('isnad-e2e-corpus-'), 'corpus');
    if (options.seed === false) await mkdir(dir);
    else await cp(SEED_CORPUS_DIR, dir, { recursive: true });
    for (const [name, data] of Object.entries(files)) await writeFile(path.join(dir, name), data);
    return dir;
  }

  /** A fake that, like Discord, refuses an interaction acknowledged later than 3 s after it was sent. */
  async fake(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = await FakeDiscord.start({ interactionDeadlineMs: 3000, ...options });
    this.fakes.push(fake);
    return fake;
  }

  async startBot(fake: FakeDiscord, settings: BotSettings): Promise<RunningBot> {
    const logs: string[] = [];
    const log = (message: string) => logs.push(message);
    const snapshotDir = settings.snapshotDir ?? (await this.tempDir('isnad-e2e-snapshots-'));
    const gapFile = settings.gapFile ?? path.join(await this.tempDir('isnad-e2e-data-'), 'unanswered.json');
    // As src/bin/startBot.ts wires them when MONITORING_PORT is set.
    const metrics = settings.monitoring === true ? new PrometheusMetrics({ processMetrics: false }) : undefined;
    const corpus = await CorpusService.open({
      corpusDir: settings.corpusDir,
      snapshotDir,
      log,
      // As src/bin/startBot.ts opens it.
      verifyInBackground: true,
      ...(metrics !== undefined ? { onRefresh: (result) => metrics.refresh(result.kind, result.tookMs / 1000) } : {}),
    });
    const gaps = await GapLog.open(gapFile, { log });
    const dataDir = settings.dataDir ?? (await this.tempDir('isnad-e2e-state-'));
    const links = settings.fetch !== undefined ? new LinkIntake(corpus, { dataDir, fetch: settings.fetch, log }) : undefined;
    const feeds =
      links !== undefined && settings.fetch !== undefined
        ? new FeedPoller(corpus, links, { dataDir, fetch: settings.fetch, intervalMs: 30 * 60_000, itemsPerPoll: 10, log })
        : undefined;
    const context: BotContext = {
      corpus,
      gaps,
      limiter: settings.limiter ?? new RateLimiter(1000, 60_000),
      moderatorRoleIds: settings.moderatorRoleIds ?? [],
      ...(settings.moderatorLanguage !== undefined ? { moderatorLanguage: settings.moderatorLanguage } : {}),
      corpusGuildIds: settings.corpusGuildIds ?? (fake.defaultGuildId !== null ? [fake.defaultGuildId] : []),
      maxUploadBytes: settings.maxUploadBytes ?? 1024 * 1024,
      log,
      ...(links !== undefined ? { links } : {}),
      ...(feeds !== undefined ? { feeds } : {}),
      ...(metrics !== undefined ? { metrics } : {}),
    };
    const bot = createBot(context, { token: TOKEN, apiUrl: fake.apiUrl });
    let monitoring: RunningBot['monitoring'];
    if (metrics !== undefined) {
      const started = await startMonitoring({ host: '127.0.0.1', port: 0, metrics, health: botHealth(bot.client, corpus) });
      if (started.kind === 'failed') throw new Error(started.reason);
      monitoring = { server: started.server, metrics };
    }
    const running: RunningBot = {
      bot,
      context,
      corpus,
      logs,
      snapshotDir,
      gapFile,
      fake,
      dataDir,
      links,
      feeds,
      ...(monitoring !== undefined ? { monitoring } : {}),
    };
    this.bots.push(running);
    await bot.start();
    return running;
  }

  async stopBot(running: RunningBot): Promise<void> {
    const at = this.bots.indexOf(running);
    if (at >= 0) this.bots.splice(at, 1);
    await running.feeds?.stop();
    await running.bot.stop();
    await running.monitoring?.server.close();
    await running.context.gaps.flush();
    await running.corpus.close();
  }

  /** Every request in which the bot sent a message without `allowed_mentions: { parse: [] }`. */
  mentionViolations(): string[] {
    const problems: string[] = [];
    for (const fake of this.fakes) {
      for (const request of botMessageRequests(fake)) {
        const allowed = messageBody(request)['allowed_mentions'];
        const ok =
          allowed !== null &&
          typeof allowed === 'object' &&
          Array.isArray(allowed.parse) &&
          allowed.parse.length === 0 &&
          (allowed.users === undefined || allowed.users.length === 0) &&
          (allowed.roles === undefined || allowed.roles.length === 0);
        if (!ok) problems.push(`${request.method} ${request.path}: allowed_mentions ${JSON.stringify(allowed)}`);
      }
    }
    return problems;
  }

  /** Requests the bot made that Discord answered with 4xx/5xx (injected faults excluded). */
  failedBotRequests(): string[] {
    return this.fakes.flatMap((fake) =>
      fake.requests
        .filter((request) => request.headers[TEST_SIDE] === undefined && !request.injected && request.status !== null && request.status >= 400)
        .map((request) => `${request.method} ${request.path} -> ${request.status} ${JSON.stringify(request.response)}`),
    );
  }

  /**
   * Registers the checks every e2e file makes: after each test, every bot message had mentions
   * disabled; after the file, the bots and fakes are closed and no bot request was rejected.
   */
  checkBotMessages(): void {
    afterEach(() => {
      expect(this.mentionViolations()).toEqual([]);
    });
    afterAll(async () => {
      await this.close();
      expect(this.mentionViolations()).toEqual([]);
      expect(this.failedBotRequests()).toEqual([]);
    });
  }

  async close(): Promise<void> {
    for (const running of [...this.bots].reverse()) await this.stopBot(running);
    for (const fake of this.fakes) await fake.close();
    for (const dir of this.temporary) await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Waiting for what the bot sent
// ---------------------------------------------------------------------------------------------

/** Requests for one interaction (callback and webhook), handled ones only. */
export function repliesTo(fake: FakeDiscord, sent: SentInteraction): RecordedRequest[] {
  return fake.repliesFor(sent.token).filter((request) => request.status !== null);
}

/**
 * Resolves with the request that carries the interaction's answer: a type-4 reply, or the edit of
 * the deferred original (the "thinking…" message).
 */
export function waitForAnswer(fake: FakeDiscord, sent: SentInteraction, timeoutMs = 5000): Promise<RecordedRequest> {
  return fake.waitForRequest(
    (request) =>
      (request.path === `/interactions/${sent.id}/${sent.token}/callback` && request.body?.type === 4) ||
      (request.method === 'PATCH' && request.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`),
    timeoutMs,
  );
}

/** Resolves once `count` message-bearing requests were made for the interaction (reply/edit + follow-ups). */
export async function waitForMessages(fake: FakeDiscord, sent: SentInteraction, count: number, timeoutMs = 5000): Promise<RecordedRequest[]> {
  const isMessage = (request: RecordedRequest) =>
    (request.route === 'POST /interactions/:id/:token/callback' && request.body?.type === 4) ||
    request.route === 'POST /webhooks/:appId/:token' ||
    request.route === 'PATCH /webhooks/:appId/:token/messages/:messageId';
  await fake.waitForRequest(() => repliesTo(fake, sent).filter(isMessage).length >= count, timeoutMs);
  return repliesTo(fake, sent).filter(isMessage);
}

/** The bot's replies in a channel that reference `messageId`. */
export function channelRepliesTo(fake: FakeDiscord, messageId: string): RecordedRequest[] {
  return fake.requests.filter(
    (request) => request.route === 'POST /channels/:channelId/messages' && request.status !== null && request.body?.message_reference?.message_id === messageId,
  );
}

// ---------------------------------------------------------------------------------------------
// Attachments, as a user uploads them
// ---------------------------------------------------------------------------------------------

/**
 * Uploads `data` as a member would attach a file: posted to a channel of the fake, which then
 * serves it at `attachment.url` (its CDN route). The request is marked as test-side. `token` is
 * for a fake that accepts only one token.
 */
export async function uploadAttachment(fake: FakeDiscord, channelId: string, filename: string, data: Uint8Array, token = 'uploader'): Promise<FakeAttachment> {
  const form = new FormData();
  form.append('payload_json', JSON.stringify({ content: 'upload', attachments: [{ id: 0, filename }] }));
  form.append('files[0]', new Blob([data], { type: 'text/plain' }), filename);
  const response = await fetch(`${fake.apiUrl}/v10/channels/${channelId}/messages`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bot ${token}`, [TEST_SIDE]: '1' },
  });
  if (!response.ok) throw new Error(`upload failed: ${response.status} ${await response.text()}`);
  const message = (await response.json()) as { attachments: FakeAttachment[] };
  const attachment = message.attachments[0];
  if (!attachment) throw new Error('upload returned no attachment');
  return attachment;
}

/** `/corpus add` with an attachment, as Discord sends it: the option holds the id, `resolved` the file. */
export function corpusAddInteraction(
  fake: FakeDiscord,
  where: { guildId: string; channelId: string },
  who: { user: FakeUserInput; permissions?: string; roles?: string[] },
  attachment: FakeAttachment,
): SentInteraction {
  return fake.sendInteraction({
    type: 2,
    guild_id: where.guildId,
    channel_id: where.channelId,
    member: { user: who.user, permissions: who.permissions ?? FakePermissions.member, roles: who.roles ?? [] },
    data: {
      id: '1200000000000000500',
      name: 'corpus',
      type: 1,
      options: [{ type: 1, name: 'add', options: [{ type: 11, name: 'file', value: attachment.id }] }],
      resolved: { attachments: { [attachment.id]: attachment } },
    },
  });
}
