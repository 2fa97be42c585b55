import { REST, Routes } from 'discord.js';
import { loadLogSettings, type Config } from '../config.js';
import { commandData } from '../discord/commands/index.js';
import { createLogger } from './createLogger.js';
import { runMain, withConfig } from './runMain.js';

/**
 * `npm run register-commands`: registers the command list the bot serves — to DISCORD_GUILD_ID
 * when set (instant, for development), otherwise globally.
 */
const logging = createLogger('isnad', loadLogSettings());
const { log } = logging;

async function main(config: Config): Promise<number> {
  logging.hide(config.token);
  const rest = new REST(config.apiUrl !== undefined ? { api: config.apiUrl } : {}).setToken(config.token);
  const body = commandData();
  const route =
    config.guildId !== undefined ? Routes.applicationGuildCommands(config.applicationId, config.guildId) : Routes.applicationCommands(config.applicationId);
  const registered = (await rest.put(route, { body })) as unknown[];
  log(
    `registered ${registered.length} commands (${body.map((command) => command.name).join(', ')}) ` +
      (config.guildId !== undefined ? `to server ${config.guildId}` : 'globally (may take up to an hour to appear)'),
  );
  return 0;
}

runMain(withConfig(main), logging.error);
