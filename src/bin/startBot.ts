import path from 'node:path';
import { DiscordjsErrorCodes } from 'discord.js';
import { TOKEN_REJECTED_MESSAGE, type Config } from '../config.js';
import { CorpusService } from '../corpus/CorpusService.js';
import { CorpusWatcher } from '../corpus/CorpusWatcher.js';
import { FeedPoller } from '../corpus/FeedPoller.js';
import { LinkIntake } from '../corpus/LinkIntake.js';
import type { Lexicon } from '../core/Lexicon.js';
import { GapLog } from '../corpus/GapLog.js';
import { inTurns } from '../corpus/inTurns.js';
import { loadLexicon } from '../corpus/loadLexicon.js';
import { createBot } from '../discord/createBot.js';
import { RateLimiter } from '../discord/RateLimiter.js';
import { joinShardedCorpus } from '../discord/sharding.js';
import { botHealth } from '../monitoring/healthReport.js';
import { PrometheusMetrics } from '../monitoring/PrometheusMetrics.js';
import { startMonitoring, type MonitoringServer } from '../monitoring/startMonitoring.js';
import { describeError } from '../core/describeError.js';
import { warmUp } from '../core/warmUp.js';

export interface StartOptions {
  readonly log: (message: string) => void;
  /** The shard this process serves under `npm run start:sharded`; undefined for `npm start`. */
  readonly shard?: number | undefined;
}

/**
 * The bot's start-up, shared by `npm start` (one process) and each shard process of
 * `npm run start:sharded`: load the corpus (from its snapshot when unchanged), log in, serve until
 * SIGINT or SIGTERM. Resolves once the bot is ready; the client keeps the process alive.
 */
export async function startBot(config: Config, { log, shard }: StartOptions): Promise<number> {
  const started = performance.now();
  const metrics = config.monitoring !== undefined ? new PrometheusMetrics() : undefined;
  const corpus = await CorpusService.open({
    corpusDir: config.corpusDir,
    snapshotDir: config.snapshotDir,
    log,
    // Answers from the snapshot at once; the folder is checked meanwhile (CorpusService.verified).
    verifyInBackground: true,
    ...(metrics !== undefined ? { onRefresh: (result) => metrics.refresh(result.kind, result.tookMs / 1000) } : {}),
  });
  // Ready long before a moderator's first refresh; started alongside the login.
  void corpus.prepareRefresh();
  // With shards, the manager has reported the skipped files already.
  if (shard === undefined) for (const skipped of corpus.current.skipped) log(`skipped ${skipped.file}: ${skipped.reason}`);
  // Each shard process keeps its own log: two processes rewriting one file would lose entries.
  const gapName = path.join(config.dataDir, shard === undefined ? 'unanswered' : `unanswered-shard-${shard}`);
  // Loaded once the bot is ready (see below), not on the way there: until then questions are
  // answered in their own language only.
  let lexicon: Lexicon | undefined;
  const gaps = await GapLog.open(`${gapName}.jsonl`, { log, migrateFrom: `${gapName}.json` });
  const onRefreshed = shard !== undefined ? joinShardedCorpus(corpus, log) : undefined;
  const fetchSettings = { allowedHosts: config.fetch.allowedHosts, maxBytes: config.fetch.maxBytes, timeoutMs: config.fetch.timeoutMs };
  const links = new LinkIntake(corpus, { dataDir: config.dataDir, fetch: fetchSettings, log });
  const feeds = new FeedPoller(corpus, links, {
    dataDir: config.dataDir,
    fetch: fetchSettings,
    intervalMs: config.feeds.pollMs,
    itemsPerPoll: config.feeds.itemsPerPoll,
    log,
    ...(onRefreshed !== undefined ? { onRefreshed } : {}),
    ...(metrics !== undefined
      ? {
          onFeedPolled: (outcome) =>
            metrics.feedPoll(outcome.error !== undefined ? 'failed' : outcome.notModified ? 'not-modified' : 'ok', outcome.saved.length),
        }
      : {}),
  });
  // Every process may add links and feeds; one — the only one, or shard 0 — polls the feeds and
  // watches the folder, so that a change is refreshed once and the other shards reload it.
  const owner = shard === undefined || shard === 0;
  const watcher =
    owner && config.watch.enabled
      ? new CorpusWatcher(corpus, { quietMs: config.watch.quietMs, log, ...(onRefreshed !== undefined ? { onRefreshed } : {}) })
      : undefined;
  const bot = createBot(
    {
      corpus,
      gaps,
      limiter: new RateLimiter(config.rateLimit.questions, config.rateLimit.windowMs),
      moderatorRoleIds: config.moderatorRoleIds,
      ...(config.moderatorLanguage !== undefined ? { moderatorLanguage: config.moderatorLanguage } : {}),
      corpusGuildIds: config.corpusGuildIds,
      maxUploadBytes: config.maxUploadBytes,
      log,
      lexicon: () => lexicon,
      ...(onRefreshed !== undefined ? { onRefreshed } : {}),
      links,
      feeds,
      ...(metrics !== undefined ? { metrics } : {}),
    },
    // Under a ShardingManager the client takes its shard from the environment the manager set.
    { token: config.token, apiUrl: config.apiUrl },
  );

  // Listening before the login, so that a probe sees 503 (not a refused connection) until the bot is ready.
  let monitoring: MonitoringServer | undefined;
  if (config.monitoring !== undefined && metrics !== undefined) {
    // Each shard process has its own counters, and its own port beside the others'.
    const port = config.monitoring.port === 0 ? 0 : config.monitoring.port + (shard ?? 0);
    const listening = await startMonitoring({
      host: config.monitoring.host,
      port,
      metrics,
      health: botHealth(bot.client, corpus),
    });
    if (listening.kind === 'failed') {
      await gaps.flush().catch(() => {});
      await corpus.close();
      process.stderr.write(
        `isnad cannot start: the health and metrics listener ${listening.reason}: choose another MONITORING_PORT or MONITORING_HOST in .env\n`,
      );
      return 1;
    }
    monitoring = listening.server;
    log(`health and metrics on ${monitoring.url}/healthz and ${monitoring.url}/metrics`);
  }

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: finishing replies in flight, then stopping`);
    void Promise.all([feeds.stop(), watcher?.stop()])
      .then(() => bot.stop())
      .then(() => monitoring?.close())
      .then(() => gaps.flush())
      .then(() => corpus.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  // A shard whose manager is gone would otherwise keep serving, unsupervised.
  if (shard !== undefined) process.once('disconnect', () => stop('manager gone'));

  try {
    await bot.start();
  } catch (error) {
    // discord.js has destroyed its client; what else runs (the refresh worker, the gap log) would
    // keep the process alive with nothing to serve, so it is closed before the exit code is returned.
    await monitoring?.close();
    await gaps.flush().catch(() => {});
    await corpus.close();
    if (!isTokenRejected(error)) throw error;
    process.stderr.write(`${TOKEN_REJECTED_MESSAGE}\n`);
    return 1;
  }
  if (owner) {
    log(
      `this process polls the feeds (every ${Math.round(config.feeds.pollMs / 60_000)} min)${watcher !== undefined ? ' and refreshes when the corpus folder changes' : ''}`,
    );
    void watcher?.start();
    void feeds.start().catch((error: unknown) => log(`the feed schedule could not start: ${describeError(error, { stack: false })}`));
  }
  if (config.corpusGuildIds.length === 0) {
    log('no server looks after the corpus (CORPUS_GUILD_IDS and DISCORD_GUILD_ID are empty): /corpus subcommands are refused');
  }
  const { index, origin } = corpus.current;
  const servers = bot.client.guilds.cache.size;
  log(
    `ready as ${bot.client.user?.tag ?? '?'}: ${index.documents.length} documents, ${index.passageCount} passages ` +
      `(${origin === 'snapshot' ? 'index loaded from snapshot' : 'index built'}), ${servers} server${servers === 1 ? '' : 's'}, ` +
      `${Math.round(performance.now() - started)} ms`,
  );
  const lexiconLoaded = loadLexicon()
    .then((loaded) => {
      if (loaded.kind === 'failed') {
        log(`${loaded.reason}: questions are answered from their own language only`);
        return;
      }
      lexicon = loaded.lexicon;
      log(`lexicon loaded (${loaded.lexicon.pairCount} word pairs): questions are also searched in the other language`);
    })
    .catch((error: unknown) => {
      // A bug in loading must not stop a bot that answers fine in each question's own language.
      log(`the lexicon could not be loaded: ${describeError(error)}`);
    });
  // Once the answers take every path they will (the lexicon in, the index prepared): see warmUp.
  if (config.warmUpQuestions > 0) {
    void Promise.all([lexiconLoaded, corpus.prepared])
      .then(() => {
        const warmed = corpus.current.index;
        return inTurns(warmUp(warmed, config.warmUpQuestions, lexicon), () => stopping || corpus.current.index !== warmed);
      })
      .then((result) => {
        if (result !== undefined) log(`warmed up: ${result.questions} questions from the corpus answered to itself in ${Math.round(result.tookMs)} ms`);
      })
      .catch((error: unknown) => log(`the warm-up failed (questions are answered all the same): ${describeError(error)}`));
  }
  return 0;
}

/** Discord answered 401 to the token (discord.js reports it as TokenInvalid when fetching the gateway). */
function isTokenRejected(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === DiscordjsErrorCodes.TokenInvalid;
}
