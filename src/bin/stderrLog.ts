/**
 * The log of a command-line tool (ask, eval, bench, build-lexicon): plain `<name>: message` lines
 * on stderr, since stdout is the tool's output. The bot's processes log through createLogger.
 */
export function stderrLog(name: string): (message: string) => void {
  return (message) => {
    process.stderr.write(`${name}: ${message}\n`);
  };
}
