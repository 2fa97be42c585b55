import { spawnedShard } from '../config.js';
import { runMain, withConfig } from './runMain.js';
import { startBot } from './startBot.js';

/**
 * One shard process of `npm run start:sharded`, which spawns it (src/bin/startSharded.ts): the
 * ordinary bot, serving the shard discord.js's ShardingManager assigned it.
 */
const shard = spawnedShard();
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} isnad shard ${shard ?? '?'}: ${message}\n`);

async function main(): Promise<number> {
  if (shard === undefined) {
    process.stderr.write('src/bin/startShard.ts is started by `npm run start:sharded`; to run the bot in one process, use `npm start`.\n');
    return 1;
  }
  return withConfig((config) => startBot(config, { log, shard }))();
}

runMain(main, log);
