import { describe, expect, it } from 'vitest';
import { loadConfig, loadLogSettings, spawnedShard, type Config, type ConfigResult } from '../../src/config.js';

/** Recognisable fake token: if it leaks into a message, the test finds it. */
const TOKEN = `FAKE-TOKEN-${'S3cr3t'.repeat(8)}.XYZ`;
const APP_ID = '123456789012345678';
const VALID = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP_ID } as const;

function ok(result: ConfigResult): Config {
  if (!result.ok) throw new Error(`expected a valid config, got: ${result.message}`);
  return result.config;
}

function failure(result: ConfigResult): string {
  if (result.ok) throw new Error('expected the config to be refused');
  return result.message;
}

/** The problem lines of a failure message ("- …"). */
function problems(message: string): string[] {
  return message.split('\n').filter((line) => line.startsWith('- '));
}

describe('loadConfig', () => {
  it('accepts a minimal config and fills in the defaults', () => {
    expect(TOKEN.length).toBeGreaterThanOrEqual(50);
    const config = ok(loadConfig({ ...VALID }));
    expect(config).toEqual({
      token: TOKEN,
      applicationId: APP_ID,
      guildId: undefined,
      corpusDir: 'corpus',
      snapshotDir: '.isnad/snapshots',
      dataDir: '.isnad',
      moderatorRoleIds: [],
      corpusGuildIds: [],
      apiUrl: undefined,
      rateLimit: { questions: 5, windowMs: 60_000 },
      maxUploadBytes: 1024 * 1024,
      shardCount: 'auto',
      fetch: { allowedHosts: [], maxBytes: 5 * 1024 * 1024, timeoutMs: 30_000 },
      feeds: { pollMs: 30 * 60_000, itemsPerPoll: 10 },
      watch: { enabled: true, quietMs: 2000 },
      warmUpQuestions: 1000,
      log: { format: 'auto', level: 'info' },
      monitoring: undefined,
    });
  });

  it('reads WARM_UP_QUESTIONS, 0 turning the warm-up off, and names a wrong one', () => {
    expect(ok(loadConfig({ ...VALID, WARM_UP_QUESTIONS: '0' })).warmUpQuestions).toBe(0);
    expect(ok(loadConfig({ ...VALID, WARM_UP_QUESTIONS: ' 250 ' })).warmUpQuestions).toBe(250);
    expect(ok(loadConfig({ ...VALID, WARM_UP_QUESTIONS: '' })).warmUpQuestions).toBe(1000);
    expect(problems(failure(loadConfig({ ...VALID, WARM_UP_QUESTIONS: '-1' })))).toEqual(['- WARM_UP_QUESTIONS must be 0 or more']);
    expect(problems(failure(loadConfig({ ...VALID, WARM_UP_QUESTIONS: 'lots' })))).toEqual(['- WARM_UP_QUESTIONS must be a whole number']);
  });

  it('reads the link, feed and watch settings, and names a wrong one', () => {
    const config = ok(
      loadConfig({
        ...VALID,
        FETCH_ALLOWED_HOSTS: ' 127.0.0.1, News.Internal ,[::1]',
        FETCH_MAX_BYTES: '1000',
        FETCH_TIMEOUT_SECONDS: '5',
        FEED_POLL_MINUTES: '15',
        FEED_ITEMS_PER_POLL: '3',
        CORPUS_WATCH: 'off',
        CORPUS_WATCH_QUIET_MS: '500',
      }),
    );
    expect(config.fetch).toEqual({ allowedHosts: ['127.0.0.1', 'news.internal', '[::1]'], maxBytes: 1000, timeoutMs: 5000 });
    expect(config.feeds).toEqual({ pollMs: 15 * 60_000, itemsPerPoll: 3 });
    expect(config.watch).toEqual({ enabled: false, quietMs: 500 });
    const message = failure(loadConfig({ ...VALID, FETCH_ALLOWED_HOSTS: 'http://x.example/', CORPUS_WATCH: 'sometimes', FEED_POLL_MINUTES: '0' }));
    expect(problems(message)).toEqual([
      '- FETCH_ALLOWED_HOSTS holds "http://x.example/", which is not a host name or IP address: list hosts such as news.internal or 127.0.0.1, separated by commas',
      '- FEED_POLL_MINUTES must be greater than 0',
      '- CORPUS_WATCH must be on or off (got "sometimes")',
    ]);
  });

  it('reads every optional setting when given', () => {
    const config = ok(
      loadConfig({
        ...VALID,
        DISCORD_GUILD_ID: ' 98765432109876543 ',
        CORPUS_DIR: '/data/articles',
        SNAPSHOT_DIR: '/data/snapshots',
        DATA_DIR: '/data/isnad',
        MODERATOR_ROLE_IDS: '111111111111111111, 222222222222222222,',
        CORPUS_GUILD_IDS: ' 333333333333333333 ,444444444444444444',
        DISCORD_API_URL: 'http://127.0.0.1:9999/api',
        RATE_LIMIT_QUESTIONS: '3',
        RATE_LIMIT_WINDOW_SECONDS: '10',
        MAX_UPLOAD_BYTES: '2048',
        TOTAL_SHARDS: ' 4 ',
      }),
    );
    expect(config.guildId).toBe('98765432109876543');
    expect(config.corpusDir).toBe('/data/articles');
    expect(config.snapshotDir).toBe('/data/snapshots');
    expect(config.dataDir).toBe('/data/isnad');
    expect(config.moderatorRoleIds).toEqual(['111111111111111111', '222222222222222222']);
    // Named explicitly, the owning servers replace DISCORD_GUILD_ID as the default.
    expect(config.corpusGuildIds).toEqual(['333333333333333333', '444444444444444444']);
    expect(config.apiUrl).toBe('http://127.0.0.1:9999/api');
    expect(config.rateLimit).toEqual({ questions: 3, windowMs: 10_000 });
    expect(config.maxUploadBytes).toBe(2048);
    expect(config.shardCount).toBe(4);
  });

  it('treats empty optional values as unset (as .env.example ships them)', () => {
    const config = ok(
      loadConfig({
        ...VALID,
        DISCORD_GUILD_ID: '',
        CORPUS_DIR: '',
        SNAPSHOT_DIR: '  ',
        DATA_DIR: '',
        MODERATOR_ROLE_IDS: '',
        MODERATOR_LANGUAGE: '',
        CORPUS_GUILD_IDS: ' ',
        DISCORD_API_URL: '',
        RATE_LIMIT_QUESTIONS: '',
        RATE_LIMIT_WINDOW_SECONDS: ' ',
        MAX_UPLOAD_BYTES: '',
        TOTAL_SHARDS: '',
      }),
    );
    expect(config.guildId).toBeUndefined();
    expect(config.apiUrl).toBeUndefined();
    expect(config.corpusDir).toBe('corpus');
    expect(config.snapshotDir).toBe('.isnad/snapshots');
    expect(config.dataDir).toBe('.isnad');
    expect(config.moderatorRoleIds).toEqual([]);
    expect(config.moderatorLanguage).toBeUndefined();
    expect(config.corpusGuildIds).toEqual([]);
    expect(config.rateLimit).toEqual({ questions: 5, windowMs: 60_000 });
    expect(config.maxUploadBytes).toBe(1024 * 1024);
    expect(config.shardCount).toBe('auto');
  });

  it('names a missing DISCORD_TOKEN and says where to get it', () => {
    const message = failure(loadConfig({ DISCORD_APPLICATION_ID: APP_ID }));
    expect(problems(message)).toHaveLength(1);
    expect(message).toMatch(/DISCORD_TOKEN is missing/);
    expect(message).toMatch(/Developer Portal/);
    expect(message).toMatch(/Reset Token/);
    expect(message).toMatch(/\.env/);
  });

  it('names a missing DISCORD_APPLICATION_ID and says where to get it', () => {
    const message = failure(loadConfig({ DISCORD_TOKEN: TOKEN }));
    expect(problems(message)).toHaveLength(1);
    expect(message).toMatch(/DISCORD_APPLICATION_ID is missing/);
    expect(message).toMatch(/Application ID/);
    expect(message).not.toContain(TOKEN);
  });

  it.each(['javascript:alert(1)', 'ftp://example.com/api'])('refuses a DISCORD_API_URL that is not http(s): %s', (url) => {
    const message = failure(loadConfig({ DISCORD_TOKEN: 'T'.repeat(70), DISCORD_APPLICATION_ID: '123456789012345678', DISCORD_API_URL: url }));
    expect(message).toMatch(/DISCORD_API_URL must be an http\(s\) URL/);
  });

  it('refuses an empty DISCORD_TOKEN or DISCORD_APPLICATION_ID with a message naming it', () => {
    const message = failure(loadConfig({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' }));
    const lines = problems(message);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/DISCORD_TOKEN is missing/);
    expect(lines[0]).toMatch(/Developer Portal/);
    expect(lines[1]).toMatch(/DISCORD_APPLICATION_ID/);
    expect(lines[1]).toMatch(/Developer Portal/);
  });

  it('refuses an application id that is not a snowflake', () => {
    for (const id of ['12345', 'my-bot', '1234567890123456789012', '12345678901234567a']) {
      const message = failure(loadConfig({ ...VALID, DISCORD_APPLICATION_ID: id }));
      expect(message).toMatch(/DISCORD_APPLICATION_ID must be a Discord id/);
    }
  });

  it('explains an invalid DISCORD_GUILD_ID and that it may be left empty', () => {
    const message = failure(loadConfig({ ...VALID, DISCORD_GUILD_ID: 'my server' }));
    expect(problems(message)).toHaveLength(1);
    expect(message).toMatch(/DISCORD_GUILD_ID must be a Discord id/);
    expect(message).toMatch(/Copy Server ID/);
    expect(message).toMatch(/leave it empty/);
  });

  it('quotes the bad entry of MODERATOR_ROLE_IDS and explains the format', () => {
    const message = failure(loadConfig({ ...VALID, MODERATOR_ROLE_IDS: '111111111111111111,@Moderators' }));
    const lines = problems(message);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('MODERATOR_ROLE_IDS');
    expect(lines[0]).toContain('"@Moderators"');
    expect(lines[0]).toMatch(/separated by commas/);
    expect(lines[0]).not.toContain('111111111111111111');
  });

  it('MODERATOR_LANGUAGE: en or ar; anything else is named with the choices', () => {
    expect(ok(loadConfig({ ...VALID, MODERATOR_LANGUAGE: 'ar' })).moderatorLanguage).toBe('ar');
    expect(ok(loadConfig({ ...VALID, MODERATOR_LANGUAGE: ' en ' })).moderatorLanguage).toBe('en');
    const lines = problems(failure(loadConfig({ ...VALID, MODERATOR_LANGUAGE: 'arabic' })));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/MODERATOR_LANGUAGE must be en or ar/);
  });

  it('CORPUS_GUILD_IDS defaults to DISCORD_GUILD_ID, and is empty (nobody changes the corpus) without either', () => {
    expect(ok(loadConfig({ ...VALID, DISCORD_GUILD_ID: '98765432109876543' })).corpusGuildIds).toEqual(['98765432109876543']);
    expect(ok(loadConfig({ ...VALID, DISCORD_GUILD_ID: '98765432109876543', CORPUS_GUILD_IDS: '' })).corpusGuildIds).toEqual(['98765432109876543']);
    expect(ok(loadConfig({ ...VALID })).corpusGuildIds).toEqual([]);
  });

  it('quotes each bad entry of CORPUS_GUILD_IDS and says how to copy a server id', () => {
    const message = failure(loadConfig({ ...VALID, CORPUS_GUILD_IDS: '333333333333333333, My Server,12' }));
    const lines = problems(message);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^- CORPUS_GUILD_IDS holds "My Server", which is not a server id: .*separated by commas.*Copy Server ID/);
    expect(lines[1]).toContain('"12"');
    expect(message).not.toContain('333333333333333333');
    expect(message).not.toContain(TOKEN);
  });

  it('lists each bad moderator role id on its own line', () => {
    const message = failure(loadConfig({ ...VALID, MODERATOR_ROLE_IDS: 'abc, 111111111111111111, 42' }));
    const lines = problems(message);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('"abc"');
    expect(lines[1]).toContain('"42"');
  });

  it('refuses a DISCORD_API_URL that is not a URL', () => {
    const message = failure(loadConfig({ ...VALID, DISCORD_API_URL: 'discord.com api' }));
    expect(problems(message)).toHaveLength(1);
    expect(message).toMatch(/DISCORD_API_URL must be an http\(s\) URL such as https:\/\/discord\.com\/api/);
    expect(message).toMatch(/left empty/);
  });

  it.each([
    ['0', /RATE_LIMIT_QUESTIONS must be greater than 0/],
    ['-3', /RATE_LIMIT_QUESTIONS must be greater than 0/],
    ['abc', /RATE_LIMIT_QUESTIONS must be a whole number/],
    ['2.5', /RATE_LIMIT_QUESTIONS must be a whole number/],
  ])('refuses RATE_LIMIT_QUESTIONS=%j with a readable message', (value, expected) => {
    const message = failure(loadConfig({ ...VALID, RATE_LIMIT_QUESTIONS: value }));
    expect(problems(message)).toHaveLength(1);
    expect(message).toMatch(expected);
  });

  it.each(['0', '-2', '1.5', 'two', 'AUTO'])('refuses TOTAL_SHARDS=%j, saying it is a number or auto', (value) => {
    const message = failure(loadConfig({ ...VALID, TOTAL_SHARDS: value }));
    expect(problems(message)).toEqual(['- TOTAL_SHARDS must be a whole number greater than 0, or auto (Discord recommends the number), or left empty']);
  });

  it('refuses a bad RATE_LIMIT_WINDOW_SECONDS or MAX_UPLOAD_BYTES', () => {
    const message = failure(loadConfig({ ...VALID, RATE_LIMIT_WINDOW_SECONDS: 'a minute', MAX_UPLOAD_BYTES: '0' }));
    const lines = problems(message);
    expect(lines).toHaveLength(2);
    expect(message).toMatch(/RATE_LIMIT_WINDOW_SECONDS must be a whole number/);
    expect(message).toMatch(/MAX_UPLOAD_BYTES must be greater than 0/);
  });

  it('lists several problems together, one per line, after a heading pointing to .env', () => {
    const message = failure(
      loadConfig({
        DISCORD_APPLICATION_ID: 'nope',
        DISCORD_GUILD_ID: 'x',
        DISCORD_API_URL: 'not a url',
        RATE_LIMIT_QUESTIONS: 'abc',
      }),
    );
    expect(message.split('\n')[0]).toMatch(/^isnad cannot start; fix these settings in \.env \(see \.env\.example\):$/);
    const lines = problems(message);
    expect(lines).toHaveLength(5);
    for (const name of ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID', 'DISCORD_GUILD_ID', 'DISCORD_API_URL', 'RATE_LIMIT_QUESTIONS']) {
      expect(lines.filter((line) => line.includes(name))).toHaveLength(1);
    }
  });

  describe('never shows the token', () => {
    const SHORT = 'FAKE-SHORT-tok3n';
    const badEverythingElse = {
      DISCORD_APPLICATION_ID: 'x',
      DISCORD_GUILD_ID: 'y',
      MODERATOR_ROLE_IDS: 'z',
      DISCORD_API_URL: 'not a url',
      RATE_LIMIT_QUESTIONS: '0',
      RATE_LIMIT_WINDOW_SECONDS: 'w',
      MAX_UPLOAD_BYTES: '-1',
    };

    it('not when the token is valid and everything else is wrong', () => {
      const message = failure(loadConfig({ DISCORD_TOKEN: TOKEN, ...badEverythingElse }));
      expect(problems(message).length).toBeGreaterThanOrEqual(7);
      expect(message).not.toContain(TOKEN);
      expect(message).not.toContain('S3cr3t');
    });

    it('not when the token itself is too short', () => {
      const message = failure(loadConfig({ DISCORD_TOKEN: SHORT, DISCORD_APPLICATION_ID: APP_ID }));
      expect(message).toMatch(/DISCORD_TOKEN does not look like a bot token \(too short\)/);
      expect(message).toMatch(/Reset Token/);
      expect(message).not.toContain(SHORT);
      expect(message).not.toContain('tok3n');
    });

    it('not when the too-short token comes with other problems', () => {
      const message = failure(loadConfig({ DISCORD_TOKEN: `  ${SHORT}  `, ...badEverythingElse }));
      expect(message).not.toContain(SHORT);
      expect(message).not.toContain('tok3n');
    });
  });
});

describe('monitoring and log settings', () => {
  it('the health and metrics listener is off by default, and bound to 127.0.0.1 unless MONITORING_HOST says otherwise', () => {
    expect(ok(loadConfig({ ...VALID })).monitoring).toBeUndefined();
    expect(ok(loadConfig({ ...VALID, MONITORING_PORT: '' })).monitoring).toBeUndefined();
    expect(ok(loadConfig({ ...VALID, MONITORING_PORT: '9464' })).monitoring).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(ok(loadConfig({ ...VALID, MONITORING_PORT: '0', MONITORING_HOST: '0.0.0.0' })).monitoring).toEqual({ host: '0.0.0.0', port: 0 });
  });

  it('a MONITORING_PORT that is not a port is named', () => {
    for (const port of ['http', '70000', '-1', '94 64']) {
      expect(problems(failure(loadConfig({ ...VALID, MONITORING_PORT: port })))).toEqual([
        expect.stringMatching(/^- MONITORING_PORT must be a port number \(0–65535\)/),
      ]);
    }
  });

  it('LOG_FORMAT and LOG_LEVEL: auto and info by default; a wrong value named by loadConfig, the default for the logger', () => {
    expect(ok(loadConfig({ ...VALID })).log).toEqual({ format: 'auto', level: 'info' });
    expect(ok(loadConfig({ ...VALID, LOG_FORMAT: 'json', LOG_LEVEL: 'warn' })).log).toEqual({ format: 'json', level: 'warn' });
    expect(problems(failure(loadConfig({ ...VALID, LOG_FORMAT: 'xml', LOG_LEVEL: 'loud' })))).toEqual([
      expect.stringMatching(/^- LOG_FORMAT must be auto/),
      expect.stringMatching(/^- LOG_LEVEL must be one of fatal, error, warn, info/),
    ]);
    expect(loadLogSettings({ LOG_FORMAT: 'pretty', LOG_LEVEL: 'debug' })).toEqual({ format: 'pretty', level: 'debug' });
    expect(loadLogSettings({ LOG_FORMAT: 'xml' })).toEqual({ format: 'auto', level: 'info' });
  });
});

describe('spawnedShard', () => {
  it('is the shard a ShardingManager assigned the process, and undefined elsewhere', () => {
    expect(spawnedShard({ SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2' })).toBe(1);
    expect(spawnedShard({ SHARDING_MANAGER: 'true', SHARDS: '0' })).toBe(0);
    expect(spawnedShard({ SHARDS: '1' })).toBeUndefined();
    expect(spawnedShard({ SHARDING_MANAGER: 'true' })).toBeUndefined();
    expect(spawnedShard({ SHARDING_MANAGER: 'true', SHARDS: '[0,1]' })).toBeUndefined();
    expect(spawnedShard({})).toBeUndefined();
  });
});
