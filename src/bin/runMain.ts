import { loadConfig, type Config } from '../config.js';
import { describeError } from '../core/describeError.js';

/** A mistake in how a command line tool was called: told (with the usage), exit code 2, no stack. */
export class UsageError extends Error {}

/**
 * The one place an entry point turns its result into an exit code. Expected failures come back
 * from `main` as a non-zero code with their own message, or as a UsageError; anything else thrown
 * is a bug, reported once here with its stack.
 */
export function runMain(main: () => Promise<number>, log: (message: string) => void, usage?: string): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        log(error.message);
        if (usage !== undefined) process.stderr.write(`${usage}\n`);
        process.exitCode = 2;
        return;
      }
      log(`unexpected error: ${describeError(error)}`);
      process.exitCode = 1;
    },
  );
}

/**
 * For the entry points that need the bot's settings: an invalid configuration is an expected
 * failure — its message (naming each variable to fix) goes to stderr and the exit code is 1.
 */
export function withConfig(main: (config: Config) => Promise<number>): () => Promise<number> {
  return async () => {
    const loaded = loadConfig();
    if (!loaded.ok) {
      process.stderr.write(`${loaded.message}\n`);
      return 1;
    }
    return main(loaded.config);
  };
}
