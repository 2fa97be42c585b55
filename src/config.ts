import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { DEFAULT_PATHS } from './defaultPaths.js';
import type { Language } from './core/types.js';

/**
 * The only reader of `process.env`. Every setting is validated here so that a mistake stops
 * start-up with one message naming the variable and how to fix it, instead of failing later.
 * The token is never part of any message.
 */

/**
 * Questions the bot answers to itself once started (WARM_UP_QUESTIONS, see core/warmUp.ts): at 150k
 * news passages, 400 brought a bot just started most of the way to one that had served a while,
 * 1,000 a few per cent further, some 4 s of one core in turns between members' questions.
 */
export const DEFAULT_WARM_UP_QUESTIONS = 1000;

const SNOWFLAKE = /^\d{17,20}$/;

const snowflake = (name: string, hint: string) => z.string().trim().regex(SNOWFLAKE, `${name} must be a Discord id (17–20 digits): ${hint}`);

// An empty value means "use the default", as for the other optional settings (z.coerce would read it as 0).
const wholeNumber = (name: string, fallback: number, least: 0 | 1) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce
      .number({ error: `${name} must be a whole number` })
      .int(`${name} must be a whole number`)
      .min(least, least === 1 ? `${name} must be greater than 0` : `${name} must be 0 or more`)
      .default(fallback),
  );

const positiveInt = (name: string, fallback: number) => wholeNumber(name, fallback, 1);

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/** A comma-separated list of Discord ids; each entry that is not one is named in its own message. */
const idList = (name: string, kind: string, hint: string) =>
  optionalText.transform((value, context) => {
    const ids = (value ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    for (const id of ids) {
      if (!SNOWFLAKE.test(id)) context.addIssue({ code: 'custom', message: `${name} holds "${id}", which is not a ${kind} id: ${hint}` });
    }
    return ids;
  });

/** A comma-separated list of host names or IP addresses, as they are written in links. */
const hostList = (name: string) =>
  optionalText.transform((value, context) => {
    const hosts = (value ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter((host) => host !== '');
    for (const host of hosts) {
      if (!/^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[?[0-9a-f:.]+\]?)$/.test(host)) {
        context.addIssue({
          code: 'custom',
          message: `${name} holds "${host}", which is not a host name or IP address: list hosts such as news.internal or 127.0.0.1, separated by commas`,
        });
      }
    }
    return hosts;
  });

const onOff = (name: string, fallback: boolean) =>
  optionalText.transform((value, context) => {
    if (value === undefined) return fallback;
    const v = value.toLowerCase();
    if (['on', 'true', 'yes', '1'].includes(v)) return true;
    if (['off', 'false', 'no', '0'].includes(v)) return false;
    context.addIssue({ code: 'custom', message: `${name} must be on or off (got "${value}")` });
    return fallback;
  });

const TOKEN_MISSING = 'DISCORD_TOKEN is missing: copy the bot token from the Discord Developer Portal (your application → Bot → Reset Token) into .env';

const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

const logging = {
  LOG_FORMAT: optionalText.pipe(
    z
      .enum(LOG_FORMATS, { error: 'LOG_FORMAT must be auto (readable lines in a terminal, JSON lines otherwise), json or pretty, or left empty' })
      .default('auto'),
  ),
  LOG_LEVEL: optionalText.pipe(z.enum(LOG_LEVELS, { error: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, or left empty for info` }).default('info')),
};

/** A TCP port; empty means the listener is off. */
const optionalPort = (name: string) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/, `${name} must be a port number (0–65535), or left empty to turn the listener off`)
      .transform(Number)
      .refine((port) => port <= 65_535, `${name} must be a port number (0–65535), or left empty to turn the listener off`)
      .optional(),
  );

const schema = z.object({
  ...logging,
  MONITORING_PORT: optionalPort('MONITORING_PORT'),
  MONITORING_HOST: optionalText.default('127.0.0.1'),
  DISCORD_TOKEN: z
    .string({ error: TOKEN_MISSING })
    .trim()
    .min(1, { error: TOKEN_MISSING, abort: true })
    .min(50, 'DISCORD_TOKEN does not look like a bot token (too short): copy it again from the Developer Portal (Bot → Reset Token)'),
  DISCORD_APPLICATION_ID: z
    .string({ error: 'DISCORD_APPLICATION_ID is missing: copy the Application ID from the Developer Portal (General Information) into .env' })
    .pipe(snowflake('DISCORD_APPLICATION_ID', 'copy it from the Developer Portal (General Information → Application ID)')),
  DISCORD_GUILD_ID: optionalText.pipe(
    snowflake('DISCORD_GUILD_ID', 'right-click your server with Developer Mode on → Copy Server ID, or leave it empty').optional(),
  ),
  CORPUS_DIR: optionalText.default(DEFAULT_PATHS.corpusDir),
  SNAPSHOT_DIR: optionalText.default(DEFAULT_PATHS.snapshotDir),
  DATA_DIR: optionalText.default(DEFAULT_PATHS.dataDir),
  MODERATOR_ROLE_IDS: idList('MODERATOR_ROLE_IDS', 'role', 'list role ids separated by commas (Server Settings → Roles → ⋯ → Copy Role ID)'),
  MODERATOR_LANGUAGE: optionalText.pipe(
    z
      .enum(['en', 'ar'], {
        error: "MODERATOR_LANGUAGE must be en or ar, or left empty to answer in the moderator's Discord language (English: Discord has no Arabic)",
      })
      .optional(),
  ),
  CORPUS_GUILD_IDS: idList(
    'CORPUS_GUILD_IDS',
    'server',
    'list the ids of the servers whose moderators may change the corpus, separated by commas (right-click a server with Developer Mode on → Copy Server ID)',
  ),
  DISCORD_API_URL: optionalText.pipe(
    z
      .url({ protocol: /^https?$/, error: 'DISCORD_API_URL must be an http(s) URL such as https://discord.com/api, or left empty for Discord itself' })
      .optional(),
  ),
  RATE_LIMIT_QUESTIONS: positiveInt('RATE_LIMIT_QUESTIONS', 5),
  RATE_LIMIT_WINDOW_SECONDS: positiveInt('RATE_LIMIT_WINDOW_SECONDS', 60),
  MAX_UPLOAD_BYTES: positiveInt('MAX_UPLOAD_BYTES', 1024 * 1024),
  FETCH_ALLOWED_HOSTS: hostList('FETCH_ALLOWED_HOSTS'),
  FETCH_MAX_BYTES: positiveInt('FETCH_MAX_BYTES', 5 * 1024 * 1024),
  FETCH_TIMEOUT_SECONDS: positiveInt('FETCH_TIMEOUT_SECONDS', 30),
  FEED_POLL_MINUTES: positiveInt('FEED_POLL_MINUTES', 30),
  FEED_ITEMS_PER_POLL: positiveInt('FEED_ITEMS_PER_POLL', 10),
  CORPUS_WATCH: onOff('CORPUS_WATCH', true),
  CORPUS_WATCH_QUIET_MS: positiveInt('CORPUS_WATCH_QUIET_MS', 2000),
  WARM_UP_QUESTIONS: wholeNumber('WARM_UP_QUESTIONS', DEFAULT_WARM_UP_QUESTIONS, 0),
  TOTAL_SHARDS: optionalText.pipe(
    z
      .union(
        [
          z.literal('auto'),
          z
            .string()
            .regex(/^[1-9]\d*$/)
            .transform(Number),
        ],
        {
          error: 'TOTAL_SHARDS must be a whole number greater than 0, or auto (Discord recommends the number), or left empty',
        },
      )
      .default('auto'),
  ),
});

export interface Config {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string | undefined;
  readonly corpusDir: string;
  readonly snapshotDir: string;
  readonly dataDir: string;
  readonly moderatorRoleIds: readonly string[];
  /**
   * The language of the /corpus replies (MODERATOR_LANGUAGE). Unset: the moderator's client
   * language, which is English for an Arabic-speaking team, since Discord offers no Arabic client.
   */
  readonly moderatorLanguage: Language | undefined;
  /**
   * The servers whose moderators may change the corpus, which every server shares:
   * CORPUS_GUILD_IDS, else DISCORD_GUILD_ID. Empty: nobody may change it from Discord.
   */
  readonly corpusGuildIds: readonly string[];
  readonly apiUrl: string | undefined;
  readonly rateLimit: { readonly questions: number; readonly windowMs: number };
  readonly maxUploadBytes: number;
  /** How many shards `npm run start:sharded` runs; 'auto' asks Discord. */
  readonly shardCount: number | 'auto';
  /** Links and feeds: hosts exempt from the private-address refusal, the size cap, the total timeout. */
  readonly fetch: { readonly allowedHosts: readonly string[]; readonly maxBytes: number; readonly timeoutMs: number };
  readonly feeds: { readonly pollMs: number; readonly itemsPerPoll: number };
  /** Refresh by itself when the corpus folder changes, after this quiet period. */
  readonly watch: { readonly enabled: boolean; readonly quietMs: number };
  /** Questions from the corpus the bot answers to itself once started (see core/warmUp.ts); 0: none. */
  readonly warmUpQuestions: number;
  readonly log: LogSettings;
  /**
   * The health and metrics listener (/healthz, /metrics); undefined when off (the default). Shard
   * N of `npm run start:sharded` listens on `port + N`.
   */
  readonly monitoring: { readonly host: string; readonly port: number } | undefined;
}

export interface LogSettings {
  /** auto: readable lines when stderr is a terminal, JSON lines otherwise. */
  readonly format: LogFormat;
  readonly level: LogLevel;
}

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly message: string };

/**
 * Reads the bot's settings from `env` (by default `.env` merged into `process.env`). A failure is a
 * value whose message lists every problem, one per line.
 */
export function loadConfig(env: Record<string, string | undefined> = readEnvironment()): ConfigResult {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `- ${issue.message}`);
    return { ok: false, message: `isnad cannot start; fix these settings in .env (see .env.example):\n${lines.join('\n')}` };
  }
  const value = parsed.data;
  return {
    ok: true,
    config: {
      token: value.DISCORD_TOKEN,
      applicationId: value.DISCORD_APPLICATION_ID,
      guildId: value.DISCORD_GUILD_ID,
      corpusDir: value.CORPUS_DIR,
      snapshotDir: value.SNAPSHOT_DIR,
      dataDir: value.DATA_DIR,
      moderatorRoleIds: value.MODERATOR_ROLE_IDS,
      moderatorLanguage: value.MODERATOR_LANGUAGE,
      corpusGuildIds: value.CORPUS_GUILD_IDS.length > 0 ? value.CORPUS_GUILD_IDS : value.DISCORD_GUILD_ID !== undefined ? [value.DISCORD_GUILD_ID] : [],
      apiUrl: value.DISCORD_API_URL,
      rateLimit: { questions: value.RATE_LIMIT_QUESTIONS, windowMs: value.RATE_LIMIT_WINDOW_SECONDS * 1000 },
      maxUploadBytes: value.MAX_UPLOAD_BYTES,
      shardCount: value.TOTAL_SHARDS,
      fetch: { allowedHosts: value.FETCH_ALLOWED_HOSTS, maxBytes: value.FETCH_MAX_BYTES, timeoutMs: value.FETCH_TIMEOUT_SECONDS * 1000 },
      feeds: { pollMs: value.FEED_POLL_MINUTES * 60_000, itemsPerPoll: value.FEED_ITEMS_PER_POLL },
      watch: { enabled: value.CORPUS_WATCH, quietMs: value.CORPUS_WATCH_QUIET_MS },
      warmUpQuestions: value.WARM_UP_QUESTIONS,
      log: { format: value.LOG_FORMAT, level: value.LOG_LEVEL },
      monitoring: value.MONITORING_PORT !== undefined ? { host: value.MONITORING_HOST, port: value.MONITORING_PORT } : undefined,
    },
  };
}

/**
 * The log settings alone, for the logger an entry point creates before anything else (it reports
 * the configuration's own failures). A value that is not valid gives the default here; loadConfig
 * names it with the other problems.
 */
export function loadLogSettings(env: Record<string, string | undefined> = readEnvironment()): LogSettings {
  const parsed = z.object(logging).safeParse(env);
  return parsed.success ? { format: parsed.data.LOG_FORMAT, level: parsed.data.LOG_LEVEL } : { format: 'auto', level: 'info' };
}

/**
 * What `npm start` says when Discord refuses the token (HTTP 401) — worded like a configuration
 * failure, because that is what it is: the fix is in .env. The token itself is never shown.
 */
export const TOKEN_REJECTED_MESSAGE =
  'isnad cannot start; fix these settings in .env (see .env.example):\n' +
  '- DISCORD_TOKEN was refused by Discord (401 Unauthorized): it is wrong or has been reset. Copy a new one from the Developer Portal (your application → Bot → Reset Token) into .env';

/**
 * The shard this process serves when `npm run start:sharded` spawned it: discord.js's ShardingManager
 * passes it to each shard process as SHARDS. Undefined in any other process.
 */
export function spawnedShard(env: Record<string, string | undefined> = process.env): number | undefined {
  if (env['SHARDING_MANAGER'] === undefined || env['SHARDS'] === undefined) return undefined;
  const shard = Number(env['SHARDS']);
  return Number.isInteger(shard) && shard >= 0 ? shard : undefined;
}

function readEnvironment(): Record<string, string | undefined> {
  loadDotenv({ quiet: true });
  return process.env;
}
