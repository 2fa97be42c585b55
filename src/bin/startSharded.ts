import type { ChildProcess } from 'node:child_process';
import { DiscordAPIError, REST, Routes, ShardingManager, type RESTGetAPIGatewayBotResult, type Shard } from 'discord.js';
import { loadLogSettings, type Config } from '../config.js';
import { openIndex } from '../corpus/openIndex.js';
import { relayCorpusReloads } from '../discord/sharding.js';
import { siblingModule, tsxFlags } from '../siblingModule.js';
import { createLogger } from './createLogger.js';
import { runMain, withConfig } from './runMain.js';

/**
 * `npm run start:sharded`: the bot for many servers, one process per shard (discord.js's
 * ShardingManager). The manager builds the index snapshot once (or finds it up to date) before any
 * shard starts, so every shard loads the same snapshot instead of building; each shard process is
 * the ordinary bot (src/bin/startShard.ts). A refresh on any shard is relayed to the others, which
 * reload the snapshot it wrote (src/discord/sharding.ts).
 */
const logging = createLogger('isnad manager', loadLogSettings());
const { log } = logging;

/** startShard.ts under tsx, the compiled startShard.js under dist/ (`npm run build`). */
const SHARD_ENTRY = siblingModule(import.meta.url, './startShard');
/** Each shard loads the corpus snapshot, logs in and receives its servers before it is ready. */
const SHARD_READY_TIMEOUT_MS = 120_000;
/** Discord allows one IDENTIFY per 5 s in each bucket of shards (shard id % max_concurrency). */
const IDENTIFY_INTERVAL_MS = 5_500;

async function main(config: Config): Promise<number> {
  logging.hide(config.token);
  const started = performance.now();

  const opened = await openIndex(config.corpusDir, { snapshotDir: config.snapshotDir, log });
  for (const skipped of opened.skipped) log(`skipped ${skipped.file}: ${skipped.reason}`);
  log(
    `corpus: ${opened.index.documents.length} documents, ${opened.index.passageCount} passages ` +
      `(${opened.origin === 'snapshot' ? 'snapshot up to date' : 'index built, snapshot written'}), ${Math.round(opened.tookMs)} ms`,
  );

  // ShardingManager would ask discord.com itself for 'auto' (fetchRecommendedShardCount ignores the
  // client's API URL), and knows nothing of max_concurrency: ask the configured API, once.
  let gateway: RESTGetAPIGatewayBotResult;
  try {
    const rest = new REST(config.apiUrl !== undefined ? { api: config.apiUrl } : {}).setToken(config.token);
    gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (error) {
    if (error instanceof DiscordAPIError && error.status === 401) {
      log('Discord refused DISCORD_TOKEN: copy it again from the Developer Portal (Bot → Reset Token)');
      return 1;
    }
    throw error;
  }
  const totalShards = config.shardCount === 'auto' ? gateway.shards : config.shardCount;
  const maxConcurrency = Math.max(1, gateway.session_start_limit.max_concurrency);

  const manager = new ShardingManager(SHARD_ENTRY.file, {
    token: config.token,
    totalShards,
    mode: 'process',
    // Under tsx each shard runs with its loader; compiled, with plain node.
    execArgv: tsxFlags(SHARD_ENTRY),
  });
  relayCorpusReloads(manager, log);
  let stopping = false;
  manager.on('shardCreate', (shard) => {
    shard.on('ready', () => log(`shard ${shard.id} of ${totalShards} ready`));
    shard.on('death', (child) => {
      const { exitCode, signalCode } = child as ChildProcess;
      if (!stopping) log(`shard ${shard.id} exited (${exitCode !== null ? `code ${exitCode}` : signalCode}); starting it again`);
    });
    // A shard spawned while stopping (the manager starts them one after another) stops at once.
    shard.on('spawn', (child) => {
      if (stopping) (child as ChildProcess).kill('SIGTERM');
    });
  });

  /** Stops every shard (each finishes its replies in flight), then exits: 0 when all stopped cleanly. */
  const stop = (reason: string, failed = false) => {
    if (stopping) return;
    stopping = true;
    manager.respawn = false;
    log(`${reason}: stopping the shards`);
    const shards = [...manager.shards.values()];
    void Promise.all(shards.map(stopShard)).then((codes) => {
      log(`stopped (${codes.map((code, i) => `shard ${shards[i]!.id}: exit ${code ?? 'by signal'}`).join(', ')})`);
      process.exit(!failed && codes.every((code) => code === 0) ? 0 : 1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));

  log(`starting ${totalShards} shard${totalShards === 1 ? '' : 's'} (${config.shardCount === 'auto' ? 'as Discord recommends' : 'TOTAL_SHARDS'})`);
  try {
    // The manager starts the shards one after another, each once the previous one is ready; shards
    // k and k + max_concurrency share a bucket, hence the pause.
    await manager.spawn({ amount: totalShards, delay: Math.ceil(IDENTIFY_INTERVAL_MS / maxConcurrency), timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    if (stopping) return 0;
    log(`a shard did not start (${(error as Error).message}); stopping`);
    stop('start-up failed', true);
    return 1;
  }
  log(`all ${totalShards} shards ready, ${Math.round(performance.now() - started)} ms`);
  return 0;
}

/** Resolves with the shard process's exit code once it has exited (null when killed by a signal). */
function stopShard(shard: Shard): Promise<number | null> {
  const child = shard.process;
  if (child === null || child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child?.exitCode ?? 0);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

runMain(withConfig(main), logging.error);
