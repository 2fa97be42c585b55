import { runMain, withConfig } from './runMain.js';
import { startBot } from './startBot.js';

/** `npm start`: load the corpus (from its snapshot when unchanged), log in, serve. */
const log = (message: string) => process.stderr.write(`${new Date().toISOString()} isnad: ${message}\n`);

// The client keeps the process alive; main's work is done once the bot is ready.
runMain(
  withConfig((config) => startBot(config, { log })),
  log,
);
