import type { MessageContextMenuCommandInteraction, RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import { ask } from './ask.js';
import type { Command } from './Command.js';
import { corpus } from './corpus.js';
import { findSources } from './findSources.js';
import { source } from './source.js';

export type { Command } from './Command.js';
export { resolveDocument } from './source.js';
export { statusPayload } from './corpusStatus.js';

/** The one declared list, in registration order: what register-commands registers is what the bot serves. */
const SLASH_COMMANDS: readonly Command[] = [ask, source, corpus];
const MESSAGE_COMMANDS: readonly Command<MessageContextMenuCommandInteraction>[] = [findSources];

const byName = <C extends { readonly data: { readonly name: string } }>(commands: readonly C[]): ReadonlyMap<string, C> =>
  new Map(commands.map((command) => [command.data.name, command]));

/** Slash commands by name, as an interaction names them. */
export const slashCommands: ReadonlyMap<string, Command> = byName(SLASH_COMMANDS);
/** Message context-menu commands by name. */
export const messageCommands: ReadonlyMap<string, Command<MessageContextMenuCommandInteraction>> = byName(MESSAGE_COMMANDS);

export function commandData(): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...SLASH_COMMANDS, ...MESSAGE_COMMANDS].map((command) => command.data);
}
