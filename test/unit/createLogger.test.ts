import { describe, expect, it } from 'vitest';
import { createLogger, readableLine } from '../../src/bin/createLogger.js';

const TOKEN = `MTIz.${'s'.repeat(60)}`;

function capture(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, output: { write: (line: string) => lines.push(line), isTTY } };
}

describe('createLogger', () => {
  it('writes one JSON object per line when its output is not a terminal (LOG_FORMAT=auto)', () => {
    const { lines, output } = capture(false);
    const { log, error } = createLogger('isnad shard 1', { format: 'auto', level: 'info' }, output);
    log('ready as isnad: 7 documents');
    error('unexpected error: boom');
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 30, name: 'isnad shard 1', msg: 'ready as isnad: 7 documents', pid: process.pid });
    expect(JSON.parse(lines[0]!).time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(JSON.parse(lines[1]!)).toMatchObject({ level: 50, msg: 'unexpected error: boom' });
  });

  it('writes readable lines in a terminal, as before pino: `<time> <name>: <message>`, the level named when not info', () => {
    const { lines, output } = capture(true);
    const { log, error } = createLogger('isnad manager', { format: 'auto', level: 'info' }, output);
    log('all 2 shards ready');
    error('a shard did not start');
    expect(lines[0]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z isnad manager: all 2 shards ready\n$/);
    expect(lines[1]).toMatch(/^\S+ isnad manager ERROR: a shard did not start\n$/);
  });

  it('LOG_FORMAT json or pretty overrides what the output is', () => {
    const json = capture(true);
    createLogger('isnad', { format: 'json', level: 'info' }, json.output).log('x');
    expect(JSON.parse(json.lines[0]!).msg).toBe('x');
    const pretty = capture(false);
    createLogger('isnad', { format: 'pretty', level: 'info' }, pretty.output).log('x');
    expect(pretty.lines[0]).toMatch(/ isnad: x\n$/);
  });

  it('LOG_LEVEL leaves out the lines below it', () => {
    const { lines, output } = capture(false);
    const { log, error } = createLogger('isnad', { format: 'json', level: 'error' }, output);
    log('not shown');
    error('shown');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['shown']);
  });

  it("censors the token in logged objects by pino's redact paths", () => {
    const { lines, output } = capture(false);
    const { logger } = createLogger('isnad', { format: 'json', level: 'info' }, output);
    logger.info({ config: { token: TOKEN, corpusDir: 'corpus' }, env: { DISCORD_TOKEN: TOKEN }, headers: { authorization: `Bot ${TOKEN}` } }, 'settings');
    logger.info({ token: TOKEN }, 'direct');
    expect(lines.join('')).not.toContain(TOKEN.slice(0, 20));
    expect(JSON.parse(lines[0]!)).toMatchObject({
      config: { token: '[redacted]', corpusDir: 'corpus' },
      env: { DISCORD_TOKEN: '[redacted]' },
      headers: { authorization: '[redacted]' },
    });
    expect(JSON.parse(lines[1]!).token).toBe('[redacted]');
  });

  it('once told the token, never writes it, wherever it appears (message, error, any field), in either format', () => {
    for (const format of ['json', 'pretty'] as const) {
      const { lines, output } = capture(false);
      const logging = createLogger('isnad', { format, level: 'info' }, output);
      logging.log(`before: ${TOKEN}`);
      logging.hide(TOKEN);
      logging.log(`a message quoting ${TOKEN}`);
      logging.logger.error({ err: new Error(`failed with ${TOKEN}`), url: `https://x/${TOKEN}` }, 'oops');
      // Told first: only what came before is not covered.
      expect(lines[0]).toContain(TOKEN);
      expect(lines.slice(1).join('')).not.toContain(TOKEN);
      expect(lines[1]).toContain('a message quoting [redacted]');
    }
  });
});

describe('readableLine', () => {
  it('adds other fields after the message and an error stack below it', () => {
    const line = readableLine(
      JSON.stringify({
        level: 40,
        time: '2026-01-02T03:04:05.678Z',
        name: 'isnad',
        msg: 'slow',
        pid: 1,
        hostname: 'h',
        shard: 2,
        err: { stack: 'Error: x\n    at y' },
      }),
    );
    expect(line).toBe('2026-01-02T03:04:05.678Z isnad WARN: slow shard=2\nError: x\n    at y\n');
  });

  it('leaves a line that is not JSON as it is', () => {
    expect(readableLine('plain\n')).toBe('plain\n');
  });
});
