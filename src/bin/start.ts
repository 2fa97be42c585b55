import { loadLogSettings } from '../config.js';
import { createLogger } from './createLogger.js';
import { runMain, withConfig } from './runMain.js';
import { startBot } from './startBot.js';

/** `npm start`: load the corpus (from its snapshot when unchanged), log in, serve. */
const logging = createLogger('isnad', loadLogSettings());

// The client keeps the process alive; main's work is done once the bot is ready.
runMain(
  withConfig((config) => {
    logging.hide(config.token);
    return startBot(config, { log: logging.log });
  }),
  logging.error,
);
