import { loadConfig } from '../config.js';
import { runMain } from './runMain.js';
import { startBot } from './startBot.js';

/** `npm start`: load the corpus (from its snapshot when unchanged), log in, serve. */
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} isnad: ${message}\n`);

async function main(): Promise<number> {
  const loaded = loadConfig();
  if (!loaded.ok) {
    process.stderr.write(`${loaded.message}\n`);
    return 1;
  }
  // The client keeps the process alive; main's work is done once the bot is ready.
  return startBot(loaded.config, { log });
}

runMain(main, log);
