import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogSettings } from '../config.js';

/**
 * The one logger of a process, created by its entry point and passed down as `log`, the
 * `(message) => void` every module takes. pino writes JSON lines (one object per line: time,
 * level, name, msg, pid, hostname) for log collectors; in a terminal (LOG_FORMAT=auto on a TTY,
 * or pretty) each line is turned back into `<time> <name>: <message>` as a person reads it.
 *
 * Readable lines come from the small formatter below rather than pino-pretty: pino-pretty is a
 * development tool (a worker thread, colours, a dozen dependencies) and production installs omit
 * it, while the few fields isnad logs need one line of formatting.
 *
 * Everything goes to stderr, synchronously: stdout is the command line's output (`npm run ask
 * --jsonl`), and a process that exits at once (process.exit after SIGTERM) loses no line.
 */
export interface ProcessLogger {
  readonly logger: Logger;
  /** Info lines, the shape modules and contexts take. */
  readonly log: (message: string) => void;
  /** Error lines: what runMain reports as a bug. */
  readonly error: (message: string) => void;
  /**
   * From now on `secret` (the bot token, once the configuration is read) is replaced by
   * `[redacted]` wherever it would appear in a line: a last guard behind never logging it.
   */
  hide(secret: string): void;
}

/** Fields that would hold the token if an object carrying it were ever logged; pino censors them. */
export const REDACTED_PATHS = [
  'token',
  '*.token',
  'config.token',
  'DISCORD_TOKEN',
  '*.DISCORD_TOKEN',
  'env.DISCORD_TOKEN',
  'authorization',
  'headers.authorization',
  '*.headers.authorization',
];

export interface LoggerOutput {
  write(line: string): void;
  /** Whether a person reads it (LOG_FORMAT=auto then gives readable lines). */
  readonly isTTY?: boolean;
}

/** `name`: "isnad", "isnad manager", "isnad shard 3". `output` is for tests; default: stderr. */
export function createLogger(name: string, settings: LogSettings, output: LoggerOutput = stderr()): ProcessLogger {
  const secrets: string[] = [];
  const pretty = settings.format === 'pretty' || (settings.format === 'auto' && output.isTTY === true);
  const destination: DestinationStream = {
    write(line: string) {
      let shown = line;
      for (const secret of secrets) shown = shown.split(secret).join('[redacted]');
      output.write(pretty ? readableLine(shown) : shown);
    },
  };
  const logger = pino(
    {
      name,
      level: settings.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
  return {
    logger,
    log: (message) => logger.info(message),
    error: (message) => logger.error(message),
    hide(secret) {
      if (secret !== '' && !secrets.includes(secret)) secrets.push(secret);
    },
  };
}

const LEVEL_LABELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, not repeated on the readable line. */
const COMMON = new Set(['level', 'time', 'name', 'msg', 'pid', 'hostname', 'err']);

/**
 * A pino JSON line as a person reads it: `2026-01-02T03:04:05.678Z isnad: ready as …`, the level
 * named when it is not info, other fields after the message, an error's stack below it.
 */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json;
  }
  const level = typeof entry['level'] === 'number' ? LEVEL_LABELS[entry['level']] : undefined;
  const fields = Object.entries(entry)
    .filter(([key]) => !COMMON.has(key))
    .map(([key, value]) => ` ${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('');
  const err = entry['err'] as { stack?: unknown; message?: unknown } | undefined;
  const stack = typeof err?.stack === 'string' ? `\n${err.stack}` : typeof err?.message === 'string' ? `\n${err.message}` : '';
  return `${String(entry['time'] ?? '')} ${String(entry['name'] ?? '')}${level !== undefined ? ` ${level}` : ''}: ${String(entry['msg'] ?? '')}${fields}${stack}\n`;
}

function stderr(): LoggerOutput {
  // pino's own destination: a synchronous write to fd 2 on every platform.
  const destination = pino.destination({ dest: 2, sync: true });
  return { write: (line) => destination.write(line), isTTY: process.stderr.isTTY };
}
