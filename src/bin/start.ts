import path from 'node:path';
import { loadConfig } from '../config.js';
import { CorpusService } from '../corpus/CorpusService.js';
import { GapLog } from '../corpus/GapLog.js';
import { createBot } from '../discord/createBot.js';
import { RateLimiter } from '../discord/RateLimiter.js';
import { runMain } from './runMain.js';

/** `npm start`: load the corpus (from its snapshot when unchanged), log in, serve. */
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} isnad: ${message}\n`);

async function main(): Promise<number> {
  const loaded = loadConfig();
  if (!loaded.ok) {
    process.stderr.write(`${loaded.message}\n`);
    return 1;
  }
  const { config } = loaded;
  const started = performance.now();
  const corpus = await CorpusService.open({ corpusDir: config.corpusDir, snapshotDir: config.snapshotDir, log });
  for (const skipped of corpus.current.skipped) log(`skipped ${skipped.file}: ${skipped.reason}`);
  const gaps = await GapLog.open(path.join(config.dataDir, 'unanswered.json'), { log });
  const bot = createBot(
    {
      corpus,
      gaps,
      limiter: new RateLimiter(config.rateLimit.questions, config.rateLimit.windowMs),
      moderatorRoleIds: config.moderatorRoleIds,
      maxUploadBytes: config.maxUploadBytes,
      log,
    },
    { token: config.token, apiUrl: config.apiUrl },
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: finishing replies in flight, then stopping`);
    void bot
      .stop()
      .then(() => gaps.flush())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  await bot.start();
  const { index, origin } = corpus.current;
  log(
    `ready as ${bot.client.user?.tag ?? '?'}: ${index.documents.length} documents, ${index.passageCount} passages ` +
      `(${origin === 'snapshot' ? 'index loaded from snapshot' : 'index built'}), ${bot.client.guilds.cache.size} server${bot.client.guilds.cache.size === 1 ? '' : 's'}, ` +
      `${Math.round(performance.now() - started)} ms`,
  );
  // The client keeps the process alive; main's work is done.
  return 0;
}

runMain(main, log);
