/**
 * The one place an entry point turns its result into an exit code. Expected failures come back
 * from `main` as a non-zero code with their own message; anything thrown is a bug, reported once
 * here with its stack.
 */
export function runMain(main: () => Promise<number>, log: (message: string) => void): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      log(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    },
  );
}
