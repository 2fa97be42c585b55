import { loadLogSettings, spawnedShard } from '../config.js';
import { createLogger } from './createLogger.js';
import { runMain, withConfig } from './runMain.js';
import { startBot } from './startBot.js';

/**
 * One shard process of `npm run start:sharded`, which spawns it (src/bin/startSharded.ts): the
 * ordinary bot, serving the shard discord.js's ShardingManager assigned it.
 */
const shard = spawnedShard();
const logging = createLogger(`isnad shard ${shard ?? '?'}`, loadLogSettings());

async function main(): Promise<number> {
  if (shard === undefined) {
    process.stderr.write('src/bin/startShard.ts is started by `npm run start:sharded`; to run the bot in one process, use `npm start`.\n');
    return 1;
  }
  return withConfig((config) => {
    logging.hide(config.token);
    return startBot(config, { log: logging.log, shard });
  })();
}

runMain(main, logging.error);
