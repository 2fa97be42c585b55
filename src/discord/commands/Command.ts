import type { AutocompleteInteraction, ChatInputCommandInteraction, CommandInteraction, RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { BotContext } from '../BotContext.js';

/**
 * A command, as the discord.js template has them: what is registered with Discord, and what runs
 * when it is used. One per file in this folder, listed once in `index.ts`.
 */
export interface Command<I extends CommandInteraction = ChatInputCommandInteraction> {
  readonly data: RESTPostAPIApplicationCommandsJSONBody;
  execute(interaction: I, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}
