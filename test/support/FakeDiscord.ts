/**
 * FakeDiscord: a local Discord-compatible REST API + Gateway for tests.
 *
 * The real discord.js Client talks to it, pointed there by configuration only:
 *
 *   const fake = await FakeDiscord.start();
 *   const client = new Client({ intents, partials, rest: { api: fake.apiUrl } });
 *   await client.login('test-token');            // GET /v10/gateway/bot -> ws://127.0.0.1:PORT
 *
 * REST and Gateway share one HTTP server on 127.0.0.1 (random free port). Every REST request is
 * recorded (see {@link RecordedRequest}); every Gateway IDENTIFY / RESUME is recorded too. Helpers
 * dispatch Gateway events (interactions, messages) and assert on what the bot sent back.
 *
 * Behaviour is modelled on Discord where a bot can observe it: interaction callbacks can only be
 * sent once (40060), webhook tokens only work after the callback (10015), message bodies are
 * validated against Discord's limits (50035 / 50006), guild messages need the GuildMessages intent
 * and their content is blanked without MessageContent (unless the bot is mentioned), events sent
 * while a session is disconnected are replayed on RESUME, guild events are routed to the shard
 * `(guild_id >> 22) % shard_count`.
 *
 * Lifecycle rule for tests: destroy the Client before closing the fake (otherwise discord.js keeps
 * trying to resume against a closed port).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIInteraction } from 'discord.js';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { asArray, FormErrors, isObject, type JsonObject, validateAutocompleteChoices, validateCommands, validateMessageBody } from './fakeDiscordValidation.js';

export type { JsonObject } from './fakeDiscordValidation.js';

/** Parsed JSON body. Typed `any` on purpose so test assertions can drill into it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1420070400000n;

/** Gateway intent bits the fake looks at. */
export const FakeIntents = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

const P = {
  CreateInstantInvite: 1n << 0n,
  KickMembers: 1n << 1n,
  BanMembers: 1n << 2n,
  Administrator: 1n << 3n,
  ManageChannels: 1n << 4n,
  ManageGuild: 1n << 5n,
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  Connect: 1n << 20n,
  Speak: 1n << 21n,
  ChangeNickname: 1n << 26n,
  UseApplicationCommands: 1n << 31n,
  CreatePublicThreads: 1n << 35n,
  SendMessagesInThreads: 1n << 38n,
} as const;

const MEMBER_PERMS =
  P.CreateInstantInvite |
  P.AddReactions |
  P.ViewChannel |
  P.SendMessages |
  P.EmbedLinks |
  P.AttachFiles |
  P.ReadMessageHistory |
  P.UseExternalEmojis |
  P.Connect |
  P.Speak |
  P.ChangeNickname |
  P.UseApplicationCommands |
  P.CreatePublicThreads |
  P.SendMessagesInThreads;

/** Permission bitfields (decimal strings, as Discord sends them). */
export const FakePermissions = {
  /** What an ordinary member has: no ManageGuild, no ManageMessages, no Administrator. */
  member: MEMBER_PERMS.toString(),
  /** A moderator: member + ManageGuild + ManageMessages + KickMembers. */
  moderator: (MEMBER_PERMS | P.ManageGuild | P.ManageMessages | P.KickMembers).toString(),
  manageGuild: P.ManageGuild.toString(),
  administrator: P.Administrator.toString(),
  /** Default `app_permissions` (the bot's permissions in the channel). */
  bot: (
    P.ViewChannel |
    P.SendMessages |
    P.EmbedLinks |
    P.AttachFiles |
    P.ReadMessageHistory |
    P.AddReactions |
    P.UseExternalEmojis |
    P.UseApplicationCommands |
    P.SendMessagesInThreads
  ).toString(),
} as const;

const MESSAGE_FLAG_EPHEMERAL = 1 << 6;
const MESSAGE_FLAG_LOADING = 1 << 7;
const DEFAULT_UPLOAD_LIMIT = 10 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface FakeUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  [key: string]: unknown;
}

/** A user as passed to helpers: only `id` is required. */
export interface FakeUserInput {
  id: string;
  username?: string;
  global_name?: string | null;
  discriminator?: string;
  avatar?: string | null;
  bot?: boolean;
}

export interface FakeRoleOptions {
  id: string;
  name?: string;
  permissions?: string;
  position?: number;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  managed?: boolean;
}

export interface FakeChannelOptions {
  id: string;
  name?: string;
  /** Channel type; default 0 (GuildText). */
  type?: number;
  position?: number;
  parentId?: string | null;
  topic?: string | null;
  nsfw?: boolean;
}

export interface FakeGuildOptions {
  id: string;
  name?: string;
  ownerId?: string;
  /** Extra roles; the @everyone role (id = guild id) is always added. */
  roles?: FakeRoleOptions[];
  /** Channels; default one GuildText channel `general`. */
  channels?: FakeChannelOptions[];
  /** Permissions of @everyone; default {@link FakePermissions.member}. */
  everyonePermissions?: string;
  memberCount?: number;
  preferredLocale?: string;
  /** If true the guild stays unavailable: READY lists it but no GUILD_CREATE follows. */
  unavailable?: boolean;
}

export interface FakeDiscordOptions {
  applicationId?: string;
  /** Default: same as applicationId (as for real bots). */
  botUserId?: string;
  botUsername?: string;
  /** Default: one guild `Test Guild` with one text channel. Pass `[]` for none. */
  guilds?: FakeGuildOptions[];
  /** HELLO heartbeat_interval; default 41250. discord.js first beats after interval * random(). */
  heartbeatIntervalMs?: number;
  /** `shards` recommended by GET /gateway/bot (used by discord.js when `shards: 'auto'`). Default 1. */
  shards?: number;
  /**
   * `session_start_limit.max_concurrency`. Default 1 (as for small bots). NOTE: @discordjs/ws waits
   * ~5–6.5 s between two IDENTIFYs in the same bucket (shard_id % max_concurrency), so a 2-shard
   * test should pass `maxConcurrency: 2` (or more) to stay fast.
   */
  maxConcurrency?: number;
  /** If set, Gateway IDENTIFY/RESUME and authenticated REST calls must use this token. */
  token?: string;
  /**
   * If set, an interaction callback arriving later than this many ms after INTERACTION_CREATE is
   * rejected with 404 10062 Unknown interaction (Discord's limit is 3000 ms). Default: no limit.
   */
  interactionDeadlineMs?: number;
  /** Validate message/command bodies against Discord's limits. Default true. */
  validate?: boolean;
  /** Maximum total upload size per request; default 10 MiB (413 / 40005 beyond). */
  maxUploadBytes?: number;
  /**
   * Echo the bot's own non-ephemeral messages back over the gateway as MESSAGE_CREATE /
   * MESSAGE_UPDATE / MESSAGE_DELETE, as Discord does (subject to GuildMessages/DirectMessages
   * intents). Default true — a bot that does not ignore its own messages will see them.
   */
  echoBotMessages?: boolean;
  /** Receives one line per REST request / gateway event (for debugging). */
  log?: (line: string) => void;
}

export interface RecordedFile {
  /** Form field name, e.g. `files[0]`. */
  name: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  /** Sequence number (0-based) in {@link FakeDiscord.requests} since the fake started. */
  seq: number;
  method: string;
  /** URL-decoded path without the `/v10` prefix, e.g. `/webhooks/APP/TOKEN/messages/@original`. */
  path: string;
  /** Route template that handled it, e.g. `POST /interactions/:id/:token/callback`; null if unknown (404). */
  route: string | null;
  /** API version from the URL (`'10'`), or null for unversioned paths. */
  apiVersion: string | null;
  query: Record<string, string>;
  /** Lower-cased header names; Authorization redacted to `Bot [redacted]`. */
  headers: Record<string, string>;
  /** Parsed JSON body; for multipart the parsed `payload_json`. null when there is no body. */
  body: JsonBody;
  /** Uploaded files (multipart/form-data). */
  files: RecordedFile[];
  receivedAt: number;
  /** Response status (set once handled). */
  status: number | null;
  /** Response body sent (parsed JSON value or null). */
  response: JsonBody;
  /** True if the response came from {@link FakeDiscord.failNext}. */
  injected: boolean;
}

export interface RequestMatcher {
  method?: string;
  /** Exact decoded path (string) or pattern (RegExp), matched against {@link RecordedRequest.path}. */
  path?: string | RegExp;
  /** Whether the request's parsed body is the one meant (e.g. the edit that carries a given text). */
  body?: (body: JsonBody) => boolean;
}

export type RequestPredicate = (request: RecordedRequest) => boolean;

export interface FakeResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface IdentifyRecord {
  connectionId: number;
  sessionId: string;
  token: string;
  intents: number;
  shard: [number, number];
  properties: unknown;
  compress: unknown;
  largeThreshold: unknown;
  presence: unknown;
  receivedAt: number;
}

export interface ResumeRecord {
  connectionId: number;
  sessionId: string;
  seq: number;
  ok: boolean;
  /** Events replayed before RESUMED. */
  replayed: number;
  receivedAt: number;
}

export interface GatewayConnectionRecord {
  id: number;
  /** Query string of the WebSocket URL, e.g. `{ v: '10', encoding: 'json' }`. */
  query: Record<string, string>;
  openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
}

export interface ReceivedGatewayPayload {
  connectionId: number;
  op: number;
  d: JsonBody;
  receivedAt: number;
}

export interface DispatchPayload<D = JsonBody> {
  op: 0;
  t: string;
  s: number;
  d: D;
}

/** What a dispatch helper did: the payload (op/t/s/d as sent) plus routing information. */
export interface DispatchResult<D = JsonBody> {
  op: 0;
  t: string;
  /** Sequence number; null when the event was filtered out (not sent). */
  s: number | null;
  d: D;
  shard: number;
  sessionId: string;
  /** `sent`: written to an open socket; `buffered`: session disconnected, replayed on RESUME; `filtered`: intents exclude it. */
  status: 'sent' | 'buffered' | 'filtered';
}

export interface SentInteraction extends DispatchResult {
  id: string;
  token: string;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type: string;
  description?: string;
  [key: string]: unknown;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  author: FakeUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: unknown[];
  mention_roles: string[];
  attachments: FakeAttachment[];
  embeds: JsonObject[];
  components: JsonObject[];
  pinned: boolean;
  type: number;
  flags: number;
  [key: string]: unknown;
}

export interface FakeInteractionState {
  id: string;
  token: string;
  /** Interaction type: 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  payload: JsonObject;
  dispatchedAt: number;
  /** Callback bodies received, in order (only the first one is accepted by Discord). */
  callbacks: JsonBody[];
  acknowledged: boolean;
  /** Type of the accepted callback (4 reply, 5 defer, 6 deferred update, 7 update, 8 autocomplete, 9 modal). */
  callbackType: number | null;
  deferred: boolean;
  ephemeral: boolean;
  /** Id of the message `@original` refers to (null before a message-producing callback). */
  originalMessageId: string | null;
  /** Follow-up message ids (POST /webhooks/:app/:token), including one that edited a deferred original. */
  followUpIds: string[];
  /** Autocomplete choices returned (type 8). */
  choices: JsonBody[] | null;
}

export interface InteractionContextOptions {
  /** Default {@link FakeDiscord.defaultUser} (`{ id: '100', username: 'member' }`). */
  user?: FakeUserInput;
  /** Guild id; default the first configured guild. `null` (or `dm: true`) = a DM with the bot. */
  guildId?: string | null;
  dm?: boolean;
  /** Channel id; default the guild's first text channel (or the user's DM channel). */
  channelId?: string;
  /** Member permissions (decimal string); default {@link FakePermissions.member}. */
  permissions?: string;
  roles?: string[];
  nick?: string | null;
  locale?: string;
  guildLocale?: string;
  appPermissions?: string;
  /** Force the shard that receives the event. */
  shard?: number;
  /**
   * Changes the finished INTERACTION_CREATE payload just before it is dispatched: Discord sends
   * partial objects (a resolved message without `content`, a member without `roles`), and this is
   * how a test sends those — fields dropped or set to null that the fake would otherwise fill in.
   */
  edit?: (payload: JsonObject) => void;
}

export type CommandOptionValue = string | number | boolean;

export interface SlashCommandOptions extends InteractionContextOptions {
  name: string;
  /**
   * Raw interaction options, or a `{ name: value }` record (types taken from the registered
   * command if any, else inferred: string→3, integer→4, other number→10, boolean→5).
   */
  options?: JsonObject[] | Record<string, CommandOptionValue>;
  commandId?: string;
}

export interface AutocompleteOptions extends SlashCommandOptions {
  /** With a record `options`, the name of the focused option (default: the first). */
  focused?: string;
}

export interface ButtonOptions extends InteractionContextOptions {
  customId: string;
  /** The message the button is on: a stored message id, a (partial) message object, or default a bot message. */
  message?: string | JsonObject;
}

export interface MessageContextMenuOptions extends InteractionContextOptions {
  name: string;
  /** Target: a stored message id, a partial message (filled in), or just its content. */
  targetMessage: string | (JsonObject & { content?: string });
  commandId?: string;
}

export interface SendMessageOptions {
  content: string;
  /** Default {@link FakeDiscord.defaultUser}. */
  author?: FakeUserInput;
  channelId?: string;
  /** Default the first guild; `null` (or `dm: true`) for a DM. */
  guildId?: string | null;
  dm?: boolean;
  /**
   * User ids or users mentioned (the bot's id resolves to the bot user). Default: parsed from
   * `<@id>` / `<@!id>` in the content, as Discord does.
   */
  mentions?: (string | FakeUserInput)[];
  /** Default: parsed from `<@&id>` in the content. */
  mentionRoles?: string[];
  /** `channel_type` to put on the event; default 1 for DMs, absent for guild messages. */
  channelType?: number;
  /** Reply to an existing message (message id; channel defaults to the same channel). */
  replyTo?: string;
  embeds?: JsonObject[];
  attachments?: JsonObject[];
  memberRoles?: string[];
  /**
   * Changes the MESSAGE_CREATE payload just before it is dispatched (the stored message is left
   * as it was): for partial messages, a webhook's (`webhook_id`), a system message's `type`.
   */
  edit?: (payload: JsonObject) => void;
  id?: string;
  shard?: number;
}

// ---------------------------------------------------------------------------------------------
// Internal types
// ---------------------------------------------------------------------------------------------

interface HttpResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw body (for attachments). */
  raw?: { data: Buffer; contentType: string };
}

interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  roles: JsonObject[];
  channelIds: string[];
  memberCount: number;
  unavailable: boolean;
  joinedAt: string;
}

interface Connection {
  id: number;
  socket: WebSocket;
  record: GatewayConnectionRecord;
  session: Session | null;
}

interface Session {
  id: string;
  shardId: number;
  shardCount: number;
  seq: number;
  intents: number;
  token: string;
  conn: Connection | null;
  history: DispatchPayload[];
  alive: boolean;
}

interface FaultRule {
  match: RequestMatcher;
  response: FakeResponse | null;
  delayMs: number;
  remaining: number;
}

type Params = Readonly<Record<string, string>>;
type Handler = (req: RecordedRequest, params: ParamsReader) => HttpResult;

interface Route {
  method: string;
  template: string;
  segments: string[];
  auth: boolean;
  handler: Handler;
}

class ParamsReader {
  constructor(private readonly params: Params) {}
  get(name: string): string {
    const v = this.params[name];
    if (v === undefined) throw new Error(`FakeDiscord: route param ${name} missing`);
    return v;
  }
}

function error(status: number, code: number, message: string): HttpResult {
  return { status, body: { message, code } };
}

const unknownMessage = (): HttpResult => error(404, 10008, 'Unknown Message');
const unknownWebhook = (): HttpResult => error(404, 10015, 'Unknown Webhook');
const unknownChannel = (): HttpResult => error(404, 10003, 'Unknown Channel');
const unknownInteraction = (): HttpResult => error(404, 10062, 'Unknown interaction');

function formError(errors: FormErrors): HttpResult {
  return { status: 400, body: errors.toBody() };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function nowIso(): string {
  return new Date().toISOString();
}

function matches(request: RecordedRequest, matcher: RequestMatcher): boolean {
  if (matcher.method !== undefined && matcher.method.toUpperCase() !== request.method) return false;
  if (matcher.path !== undefined) {
    if (typeof matcher.path === 'string') return matcher.path === request.path;
    matcher.path.lastIndex = 0;
    if (!matcher.path.test(request.path)) return false;
  }
  return matcher.body === undefined || matcher.body(request.body);
}

function describeRequest(r: RecordedRequest): string {
  const q = Object.keys(r.query).length ? `?${new URLSearchParams(r.query).toString()}` : '';
  return `${r.method} ${r.path}${q} -> ${r.status ?? 'pending'}${r.injected ? ' (injected)' : ''}`;
}

/** Shard a guild's events go to: `(guild_id >> 22) % shardCount`. */
export function shardForGuild(guildId: string, shardCount: number): number {
  if (shardCount <= 1) return 0;
  try {
    return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
  } catch {
    return 0;
  }
}

// ---------------------------------------------------------------------------------------------
// FakeDiscord
// ---------------------------------------------------------------------------------------------

export class FakeDiscord {
  /** Value for DISCORD_API_URL / `rest.api` (e.g. `http://127.0.0.1:PORT`); discord.js appends `/v10`. */
  readonly apiUrl: string;
  /** What GET /gateway/bot returns as `url`. */
  readonly gatewayUrl: string;
  readonly port: number;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly botUser: FakeUser;
  /** The default interaction user / message author: `{ id: '100', username: 'member' }`. */
  readonly defaultUser: FakeUser;

  /** Every REST request, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  /** Every IDENTIFY (op 2) received. */
  readonly identifies: IdentifyRecord[] = [];
  /** Every RESUME (op 6) received. */
  readonly resumes: ResumeRecord[] = [];
  /** Every gateway WebSocket connection opened. */
  readonly connectionLog: GatewayConnectionRecord[] = [];
  /** Every gateway payload received from clients (heartbeats included). */
  readonly gatewayReceived: ReceivedGatewayPayload[] = [];

  private readonly options: Required<Omit<FakeDiscordOptions, 'token' | 'interactionDeadlineMs' | 'log' | 'guilds'>> &
    Pick<FakeDiscordOptions, 'token' | 'interactionDeadlineMs' | 'log'>;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly routes: Route[] = [];
  private readonly guildStates = new Map<string, GuildState>();
  private readonly channels = new Map<string, JsonObject>();
  private readonly users = new Map<string, FakeUser>();
  private readonly members = new Map<string, Map<string, JsonObject>>();
  private readonly messages = new Map<string, FakeMessage>();
  private readonly attachmentData = new Map<string, RecordedFile>();
  private readonly interactions = new Map<string, FakeInteractionState>();
  private readonly interactionsById = new Map<string, FakeInteractionState>();
  private readonly globalCommands: JsonObject[] = [];
  private readonly guildCommands = new Map<string, JsonObject[]>();
  private readonly commandIds = new Map<string, string>();
  private readonly conns = new Set<Connection>();
  private readonly sessions: Session[] = [];
  private readonly faults: FaultRule[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly closeListeners = new Set<(err: Error) => void>();
  private lastSnowflake = 0n;
  private nextConnectionId = 1;
  private nextRequestSeq = 0;
  private closing: Promise<void> | null = null;

  private constructor(http: Server, wss: WebSocketServer, port: number, options: FakeDiscordOptions) {
    this.http = http;
    this.wss = wss;
    this.port = port;
    this.apiUrl = `http://127.0.0.1:${port}`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    this.applicationId = options.applicationId ?? '1000000000000000001';
    this.botUserId = options.botUserId ?? this.applicationId;
    this.options = {
      applicationId: this.applicationId,
      botUserId: this.botUserId,
      botUsername: options.botUsername ?? 'isnad',
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      shards: options.shards ?? 1,
      maxConcurrency: options.maxConcurrency ?? 1,
      validate: options.validate ?? true,
      maxUploadBytes: options.maxUploadBytes ?? DEFAULT_UPLOAD_LIMIT,
      echoBotMessages: options.echoBotMessages ?? true,
      token: options.token,
      interactionDeadlineMs: options.interactionDeadlineMs,
      log: options.log,
    };
    this.botUser = this.rememberUser({ id: this.botUserId, username: this.options.botUsername, bot: true });
    this.botUser['verified'] = true;
    this.botUser['mfa_enabled'] = false;
    this.botUser['flags'] = 0;
    this.defaultUser = this.rememberUser({ id: '100', username: 'member', global_name: 'Member' });

    const guilds = options.guilds ?? [{ id: '1100000000000000001', name: 'Test Guild', channels: [{ id: '1100000000000000010', name: 'general' }] }];
    for (const g of guilds) this.addGuild(g);

    this.registerRoutes();
    http.on('request', (req, res) => {
      this.onHttpRequest(req, res).catch((err: unknown) => {
        this.log(`REST handler crashed: ${String(err)}`);
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: `FakeDiscord crashed: ${String(err)}`, code: 0 }));
        }
      });
    });
    wss.on('connection', (socket, req) => this.onGatewayConnection(socket, req));
  }

  /** Starts the fake on 127.0.0.1 with a random free port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const http = createServer();
    http.keepAliveTimeout = 1000;
    const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => {
        http.off('error', reject);
        resolve();
      });
    });
    const port = (http.address() as AddressInfo).port;
    return new FakeDiscord(http, wss, port, options);
  }

  /** Closes HTTP, the WebSocket server and every socket. Idempotent. Pending waits reject. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const err = new Error('FakeDiscord closed');
      for (const listener of [...this.closeListeners]) listener(err);
      for (const conn of this.conns) conn.socket.terminate();
      await new Promise<void>((resolve) => this.wss.close(() => resolve()));
      await new Promise<void>((resolve) => {
        this.http.close(() => resolve());
        this.http.closeAllConnections();
      });
    })();
    return this.closing;
  }

  // -------------------------------------------------------------------------------------------
  // Fixture accessors
  // -------------------------------------------------------------------------------------------

  /** Configured guild ids, in order. */
  get guildIds(): string[] {
    return [...this.guildStates.keys()];
  }

  /** The guild helpers use by default (first configured), or null when none. */
  get defaultGuildId(): string | null {
    return this.guildIds[0] ?? null;
  }

  /** The default channel of a guild (its first text channel). */
  defaultChannelId(guildId: string | null = this.defaultGuildId): string {
    if (guildId === null) throw new Error('FakeDiscord: no guild configured');
    const guild = this.guildStates.get(guildId);
    if (!guild) throw new Error(`FakeDiscord: unknown guild ${guildId}`);
    const text = guild.channelIds.find((id) => this.channels.get(id)?.['type'] === 0) ?? guild.channelIds[0];
    if (text === undefined) throw new Error(`FakeDiscord: guild ${guildId} has no channels`);
    return text;
  }

  /** The DM channel between the bot and a user (created on first use). */
  dmChannelId(userId: string): string {
    for (const channel of this.channels.values()) {
      if (channel['type'] === 1 && asArray(channel['recipients']).some((r) => isObject(r) && r['id'] === userId)) {
        return String(channel['id']);
      }
    }
    const id = this.snowflake();
    this.registerDmChannel(id, this.users.get(userId) ?? this.rememberUser({ id: userId }));
    return id;
  }

  /** Channel object as GET /channels/:id returns it. */
  channel(id: string): JsonObject | undefined {
    return this.channels.get(id);
  }

  /** Any stored message (sent by users via helpers or by the bot via REST). */
  message(id: string): FakeMessage | undefined {
    return this.messages.get(id);
  }

  /** Messages stored for a channel, oldest first. */
  messagesIn(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }

  /** Messages the bot created (REST channel messages and interaction responses), oldest first. */
  botMessages(channelId?: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.author.id === this.botUserId && (channelId === undefined || m.channel_id === channelId));
  }

  /** State of an interaction by token or id. */
  interaction(tokenOrId: string): FakeInteractionState | undefined {
    return this.interactions.get(tokenOrId) ?? this.interactionsById.get(tokenOrId);
  }

  /** The message `@original` currently refers to for an interaction (null if none / deleted). */
  originalMessage(tokenOrId: string): FakeMessage | null {
    const id = this.interaction(tokenOrId)?.originalMessageId;
    return id ? (this.messages.get(id) ?? null) : null;
  }

  /** Follow-up messages of an interaction (current state), in order. */
  followUps(tokenOrId: string): FakeMessage[] {
    const state = this.interaction(tokenOrId);
    if (!state) return [];
    return state.followUpIds.map((id) => this.messages.get(id)).filter((m): m is FakeMessage => m !== undefined);
  }

  /** Commands registered with PUT/POST (global when guildId is omitted). */
  registeredCommands(guildId?: string): JsonObject[] {
    return guildId === undefined ? [...this.globalCommands] : [...(this.guildCommands.get(guildId) ?? [])];
  }

  /** Number of gateway WebSocket connections ever opened. */
  get connections(): number {
    return this.connectionLog.length;
  }

  /** Number of gateway connections currently open. */
  get openConnections(): number {
    let n = 0;
    for (const conn of this.conns) if (conn.socket.readyState === WebSocket.OPEN) n += 1;
    return n;
  }

  /** Live sessions (one per IDENTIFY not yet invalidated). */
  get liveSessions(): { id: string; shard: [number, number]; seq: number; connected: boolean; intents: number }[] {
    return this.sessions
      .filter((s) => s.alive)
      .map((s) => ({
        id: s.id,
        shard: [s.shardId, s.shardCount] as [number, number],
        seq: s.seq,
        connected: s.conn !== null && s.conn.socket.readyState === WebSocket.OPEN,
        intents: s.intents,
      }));
  }

  /** A new snowflake id (monotonic, with a real timestamp). */
  snowflake(): string {
    const candidate = (BigInt(Date.now()) - DISCORD_EPOCH) << 22n;
    this.lastSnowflake = candidate > this.lastSnowflake ? candidate : this.lastSnowflake + 1n;
    return this.lastSnowflake.toString();
  }

  // -------------------------------------------------------------------------------------------
  // Request log helpers
  // -------------------------------------------------------------------------------------------

  /** Resolves with the first recorded (already or later) and handled request matching. */
  waitForRequest(predicate: RequestPredicate | RequestMatcher, timeoutMs = 5000): Promise<RecordedRequest> {
    const pred: RequestPredicate = typeof predicate === 'function' ? predicate : (r) => matches(r, predicate);
    return this.waitUntil(
      () => this.requests.find((r) => r.status !== null && pred(r)),
      timeoutMs,
      () => {
        const recent = this.requests.slice(-25).map((r) => `  ${describeRequest(r)}`);
        return `FakeDiscord.waitForRequest timed out after ${timeoutMs} ms. ${this.requests.length} request(s) recorded${recent.length ? `; most recent:\n${recent.join('\n')}` : '.'}`;
      },
    );
  }

  /** Requests that hit no known route (answered 404 Unknown). */
  unknownRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.route === null);
  }

  /** All callback + webhook requests for one interaction (by token), in order. */
  repliesFor(interactionToken: string): RecordedRequest[] {
    return this.requests.filter((r) => {
      const parts = r.path.split('/');
      return (parts[1] === 'interactions' && parts[3] === interactionToken) || (parts[1] === 'webhooks' && parts[3] === interactionToken);
    });
  }

  /** Forgets recorded requests (not state: messages, interactions, commands stay). */
  clearRequests(): void {
    this.requests.length = 0;
  }

  /** Resolves once `identifies.length >= count`. */
  waitForIdentify(count = 1, timeoutMs = 5000): Promise<IdentifyRecord> {
    return this.waitUntil(
      () => (this.identifies.length >= count ? this.identifies[count - 1] : undefined),
      timeoutMs,
      () => `FakeDiscord.waitForIdentify(${count}) timed out; ${this.identifies.length} IDENTIFY so far`,
    );
  }

  /** Resolves once `resumes.length >= count` (successful or not). */
  waitForResume(count = 1, timeoutMs = 5000): Promise<ResumeRecord> {
    return this.waitUntil(
      () => (this.resumes.length >= count ? this.resumes[count - 1] : undefined),
      timeoutMs,
      () => `FakeDiscord.waitForResume(${count}) timed out; ${this.resumes.length} RESUME so far`,
    );
  }

  /** Resolves once every live session is connected again (after a drop: resumed or re-identified). */
  waitForAllConnected(timeoutMs = 5000): Promise<true> {
    return this.waitUntil(
      () => {
        const live = this.sessions.filter((s) => s.alive);
        return live.length > 0 && live.every((s) => s.conn !== null && s.conn.socket.readyState === WebSocket.OPEN) ? true : undefined;
      },
      timeoutMs,
      () => `FakeDiscord.waitForAllConnected timed out; sessions: ${JSON.stringify(this.liveSessions)}`,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Fault injection
  // -------------------------------------------------------------------------------------------

  /** The next `times` requests matching get `response` instead of being handled. */
  failNext(match: RequestMatcher, response: FakeResponse, times = 1): void {
    this.faults.push({ match, response, delayMs: 0, remaining: times });
  }

  /** Shorthand for a 429 with Discord's headers and body. `retryAfter` is in seconds. */
  rateLimitNext(match: RequestMatcher, opts: { retryAfter?: number; global?: boolean; times?: number; bucket?: string } = {}): void {
    const retryAfter = opts.retryAfter ?? 0.05;
    const global = opts.global ?? false;
    const headers: Record<string, string> = {
      'retry-after': String(retryAfter),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-reset': String((Date.now() + retryAfter * 1000) / 1000),
      'x-ratelimit-bucket': opts.bucket ?? 'fakebucket',
      'x-ratelimit-scope': global ? 'global' : 'user',
    };
    if (global) headers['x-ratelimit-global'] = 'true';
    this.failNext(match, { status: 429, headers, body: { message: 'You are being rate limited.', retry_after: retryAfter, global } }, opts.times ?? 1);
  }

  /** The next `times` requests matching are handled normally but answered after `ms`. */
  delayNext(match: RequestMatcher, ms: number, times = 1): void {
    this.faults.push({ match, response: null, delayMs: ms, remaining: times });
  }

  /** Removes pending failNext / rateLimitNext / delayNext rules. */
  clearFaults(): void {
    this.faults.length = 0;
  }

  // -------------------------------------------------------------------------------------------
  // Gateway helpers
  // -------------------------------------------------------------------------------------------

  /**
   * Sends a dispatch (op 0) event. Shard: `shard` if given, else the guild's shard when `d.guild_id`
   * is set, else 0. Throws if no session exists for that shard. If the session is disconnected the
   * event is buffered and replayed on RESUME (as Discord does).
   */
  dispatch<D = JsonBody>(t: string, d: D, shard?: number): DispatchResult<D> {
    const session = this.sessionFor(d, shard);
    return this.dispatchTo(session, t, d);
  }

  /**
   * Closes every gateway socket (or those of one shard). Without `code` the TCP connection is
   * terminated abruptly (client sees 1006 and resumes); with a code a close frame is sent
   * (e.g. 4000 → resume; 1000 → discord.js re-identifies, which @discordjs/ws throttles ~5 s).
   * `resumable: false` also invalidates the sessions so RESUME gets op 9 and the client re-identifies.
   * Returns the number of sockets closed.
   */
  dropConnections(code?: number, opts: { shard?: number; resumable?: boolean } = {}): number {
    let n = 0;
    for (const conn of [...this.conns]) {
      if (opts.shard !== undefined && conn.session?.shardId !== opts.shard) continue;
      if (opts.resumable === false && conn.session) conn.session.alive = false;
      if (code === undefined) conn.socket.terminate();
      else conn.socket.close(code, 'FakeDiscord dropped the connection');
      n += 1;
    }
    this.log(`dropped ${n} gateway connection(s)${code === undefined ? '' : ` with ${code}`}`);
    return n;
  }

  /** Sends op 7 RECONNECT to every connected session (the client closes and resumes). */
  requestReconnect(shard?: number): void {
    for (const conn of this.conns) {
      if (conn.session && (shard === undefined || conn.session.shardId === shard)) this.send(conn, { op: 7, d: null, s: null, t: null });
    }
  }

  /** Sends op 9 INVALID_SESSION (d = resumable) to every connected session. */
  invalidateSessions(resumable = false, shard?: number): void {
    for (const conn of this.conns) {
      const session = conn.session;
      if (!session || (shard !== undefined && session.shardId !== shard)) continue;
      if (!resumable) session.alive = false;
      this.send(conn, { op: 9, d: resumable, s: null, t: null });
    }
  }

  /** Dispatches INTERACTION_CREATE, filling every field discord.js needs. */
  sendInteraction(input: Partial<APIInteraction> | JsonObject, shard?: number, edit?: (payload: JsonObject) => void): SentInteraction {
    const d: JsonObject = { ...(input as JsonObject) };
    if (typeof d['type'] !== 'number') throw new Error('FakeDiscord.sendInteraction: `type` is required');
    d['id'] ??= this.snowflake();
    d['application_id'] ??= this.applicationId;
    d['token'] ??= `fake-${randomBytes(32).toString('base64url')}`;
    d['version'] ??= 1;
    d['entitlements'] ??= [];
    d['locale'] ??= 'en-US';
    d['app_permissions'] ??= FakePermissions.bot;
    d['attachment_size_limit'] ??= this.options.maxUploadBytes;

    const channel = isObject(d['channel']) ? d['channel'] : undefined;
    const guildId = str(d['guild_id']) ?? str(channel?.['guild_id']);
    if (guildId !== undefined) {
      d['guild_id'] = guildId;
      const guild = this.guildStates.get(guildId);
      const member: JsonObject = isObject(d['member']) ? { ...d['member'] } : {};
      const user = this.rememberUser(isObject(member['user']) ? (member['user'] as unknown as FakeUserInput) : this.defaultUser);
      member['user'] = user;
      d['member'] = this.memberObject(guildId, user, member);
      delete d['user'];
      d['guild_locale'] ??= guild?.locale ?? 'en-US';
      d['guild'] ??= { id: guildId, locale: guild?.locale ?? 'en-US', features: [] };
      d['context'] ??= 0;
      d['authorizing_integration_owners'] ??= { '0': guildId };
      const channelId = str(d['channel_id']) ?? str(channel?.['id']) ?? this.defaultChannelId(guildId);
      d['channel'] = channel ?? this.channels.get(channelId) ?? { id: channelId, type: 0, guild_id: guildId, name: 'unknown' };
      d['channel_id'] = channelId;
    } else {
      const user = this.rememberUser(isObject(d['user']) ? (d['user'] as unknown as FakeUserInput) : this.defaultUser);
      d['user'] = user;
      delete d['member'];
      delete d['guild_id'];
      d['context'] ??= 1;
      d['authorizing_integration_owners'] ??= {};
      const channelId = str(d['channel_id']) ?? str(channel?.['id']) ?? this.dmChannelId(user.id);
      if (!this.channels.has(channelId)) this.registerDmChannel(channelId, user);
      d['channel'] = channel ?? this.channels.get(channelId);
      d['channel_id'] = channelId;
    }

    edit?.(d);
    const id = String(d['id']);
    const token = String(d['token']);
    const state: FakeInteractionState = {
      id,
      token,
      type: d['type'] as number,
      payload: d,
      dispatchedAt: Date.now(),
      callbacks: [],
      acknowledged: false,
      callbackType: null,
      deferred: false,
      ephemeral: false,
      originalMessageId: null,
      followUpIds: [],
      choices: null,
    };
    this.interactions.set(token, state);
    this.interactionsById.set(id, state);
    const result = this.dispatch('INTERACTION_CREATE', d, shard);
    return { ...result, id, token };
  }

  /** A chat-input command (type 2, data.type 1). */
  slashCommand(opts: SlashCommandOptions): SentInteraction {
    const scope = this.interactionScope(opts);
    const command = this.findCommand(opts.name, 1, scope.guildId);
    const options = this.toCommandOptions(opts.options, command);
    return this.sendInteraction(
      {
        ...scope.fields,
        type: 2,
        data: {
          id: opts.commandId ?? this.commandIdFor(opts.name, 1, command),
          name: opts.name,
          type: 1,
          ...(options.length ? { options } : {}),
          ...(scope.guildId && command?.['guild_id'] ? { guild_id: scope.guildId } : {}),
        },
      },
      opts.shard,
      opts.edit,
    );
  }

  /** An autocomplete interaction (type 4); one option carries `focused: true`. */
  autocomplete(opts: AutocompleteOptions): SentInteraction {
    const scope = this.interactionScope(opts);
    const command = this.findCommand(opts.name, 1, scope.guildId);
    const options = this.toCommandOptions(opts.options, command);
    if (!Array.isArray(opts.options) || !options.some((o) => o['focused'] === true)) {
      const focusName = opts.focused ?? str(options[0]?.['name']);
      const target = options.find((o) => o['name'] === focusName);
      if (target) {
        target['focused'] = true;
        if (typeof target['value'] !== 'string') target['value'] = String(target['value']);
      }
    }
    return this.sendInteraction(
      {
        ...scope.fields,
        type: 4,
        data: { id: opts.commandId ?? this.commandIdFor(opts.name, 1, command), name: opts.name, type: 1, options },
      },
      opts.shard,
      opts.edit,
    );
  }

  /** A button click (type 3, component_type 2) on `message`. */
  button(opts: ButtonOptions): SentInteraction {
    const scope = this.interactionScope(opts);
    let message: JsonObject;
    if (typeof opts.message === 'string') {
      const stored = this.messages.get(opts.message);
      if (!stored) throw new Error(`FakeDiscord.button: unknown message ${opts.message}`);
      message = stored;
    } else if (opts.message) {
      message = this.completeMessage(opts.message, scope.channelId, this.botUser);
    } else {
      message = this.completeMessage(
        {
          content: '',
          components: [{ type: 1, components: [{ type: 2, style: 1, custom_id: opts.customId, label: 'Button' }] }],
        },
        scope.channelId,
        this.botUser,
      );
      this.messages.set(String(message['id']), message as FakeMessage);
    }
    return this.sendInteraction({ ...scope.fields, type: 3, message, data: { custom_id: opts.customId, component_type: 2 } }, opts.shard, opts.edit);
  }

  /** A message context-menu command (type 2, data.type 3) targeting `targetMessage`. */
  messageContextMenu(opts: MessageContextMenuOptions): SentInteraction {
    const scope = this.interactionScope(opts);
    let target: JsonObject;
    if (typeof opts.targetMessage === 'string') {
      target = this.messages.get(opts.targetMessage) ?? this.completeMessage({ content: opts.targetMessage }, scope.channelId, this.defaultUser);
    } else {
      target = this.completeMessage(opts.targetMessage, scope.channelId, this.defaultUser);
    }
    if (!this.messages.has(String(target['id']))) this.messages.set(String(target['id']), target as FakeMessage);
    const command = this.findCommand(opts.name, 3, scope.guildId);
    return this.sendInteraction(
      {
        ...scope.fields,
        type: 2,
        data: {
          id: opts.commandId ?? this.commandIdFor(opts.name, 3, command),
          name: opts.name,
          type: 3,
          target_id: target['id'],
          resolved: { messages: { [String(target['id'])]: target } },
        },
      },
      opts.shard,
      opts.edit,
    );
  }

  /** Dispatches MESSAGE_CREATE from a user (guild message by default; `dm: true` for a DM). */
  sendMessage(opts: SendMessageOptions): DispatchResult<FakeMessage> {
    const author = this.rememberUser(opts.author ?? this.defaultUser);
    const knownChannel = opts.channelId !== undefined ? this.channels.get(opts.channelId) : undefined;
    const isDm =
      opts.dm === true ||
      opts.guildId === null ||
      (opts.guildId === undefined && knownChannel !== undefined && knownChannel['type'] === 1) ||
      (opts.guildId === undefined && opts.channelId === undefined && this.defaultGuildId === null);
    let channelId: string;
    let guildId: string | null = null;
    if (isDm) {
      channelId = opts.channelId ?? this.dmChannelId(author.id);
      if (!this.channels.has(channelId)) this.registerDmChannel(channelId, author);
    } else {
      guildId = opts.guildId ?? str(knownChannel?.['guild_id']) ?? this.defaultGuildId;
      if (guildId === null) throw new Error('FakeDiscord.sendMessage: no guild configured; use dm: true');
      channelId = opts.channelId ?? this.defaultChannelId(guildId);
    }

    const parsedUsers = [...new Set([...opts.content.matchAll(/<@!?(\d{1,20})>/g)].map((m) => m[1] ?? ''))];
    const parsedRoles = [...new Set([...opts.content.matchAll(/<@&(\d{1,20})>/g)].map((m) => m[1] ?? ''))];
    const mentions = (opts.mentions ?? parsedUsers).map((m) => {
      const user = typeof m === 'string' ? (this.users.get(m) ?? this.rememberUser({ id: m })) : this.rememberUser(m);
      return guildId ? { ...user, member: this.partialMember(guildId, user.id) } : { ...user };
    });
    const message: FakeMessage = {
      id: opts.id ?? this.snowflake(),
      channel_id: channelId,
      author,
      content: opts.content,
      timestamp: nowIso(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions,
      mention_roles: opts.mentionRoles ?? parsedRoles,
      attachments: (opts.attachments ?? []) as FakeAttachment[],
      embeds: opts.embeds ?? [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
    };
    if (opts.replyTo !== undefined) {
      const ref = this.messages.get(opts.replyTo);
      message.type = 19;
      message['message_reference'] = { type: 0, message_id: opts.replyTo, channel_id: ref?.channel_id ?? channelId, ...(guildId ? { guild_id: guildId } : {}) };
      if (ref) message['referenced_message'] = ref;
    }
    if (guildId) {
      message['guild_id'] = guildId;
      this.ensureMember(guildId, author, { roles: opts.memberRoles ?? [] });
      message['member'] = this.partialMember(guildId, author.id);
    }
    if (opts.channelType !== undefined) message['channel_type'] = opts.channelType;
    else if (isDm) message['channel_type'] = 1;

    this.messages.set(message.id, message);
    const channel = this.channels.get(channelId);
    if (channel) channel['last_message_id'] = message.id;

    const session = this.sessionFor(message, opts.shard);
    const needed = isDm ? FakeIntents.DirectMessages : FakeIntents.GuildMessages;
    if ((session.intents & needed) === 0) {
      this.log(`MESSAGE_CREATE filtered: session lacks ${isDm ? 'DirectMessages' : 'GuildMessages'} intent`);
      return { op: 0, t: 'MESSAGE_CREATE', s: null, d: message, shard: session.shardId, sessionId: session.id, status: 'filtered' };
    }
    let d: FakeMessage = message;
    const mentionsBot = mentions.some((m) => m.id === this.botUserId);
    if (!isDm && !mentionsBot && author.id !== this.botUserId && (session.intents & FakeIntents.MessageContent) === 0) {
      d = { ...message, content: '', embeds: [], attachments: [], components: [] };
    }
    if (opts.edit) {
      d = structuredClone(d);
      opts.edit(d as unknown as JsonObject);
    }
    return this.dispatchTo(session, 'MESSAGE_CREATE', d);
  }

  // -------------------------------------------------------------------------------------------
  // Internals: waiting, logging
  // -------------------------------------------------------------------------------------------

  private log(line: string): void {
    this.options.log?.(`[FakeDiscord] ${line}`);
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }

  private waitUntil<T>(check: () => T | undefined, timeoutMs: number, describe: () => string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.closing) {
        reject(new Error('FakeDiscord closed'));
        return;
      }
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(tick);
        this.closeListeners.delete(onClose);
      };
      const tick = (): void => {
        let value: T | undefined;
        try {
          value = check();
        } catch (err) {
          cleanup();
          reject(err as Error);
          return;
        }
        if (value !== undefined) {
          cleanup();
          resolve(value);
        }
      };
      const onClose = (err: Error): void => {
        cleanup();
        reject(err);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(describe()));
      }, timeoutMs);
      this.waiters.add(tick);
      this.closeListeners.add(onClose);
      tick();
    });
  }

  // -------------------------------------------------------------------------------------------
  // Internals: fixtures
  // -------------------------------------------------------------------------------------------

  private rememberUser(input: FakeUserInput): FakeUser {
    const existing = this.users.get(input.id);
    const user: FakeUser = {
      ...(existing ?? {}),
      id: input.id,
      username: input.username ?? existing?.username ?? `user${input.id}`,
      discriminator: input.discriminator ?? existing?.discriminator ?? '0',
      global_name: input.global_name !== undefined ? input.global_name : (existing?.global_name ?? null),
      avatar: input.avatar !== undefined ? input.avatar : (existing?.avatar ?? null),
      bot: input.bot ?? existing?.bot ?? false,
    };
    if (existing) {
      Object.assign(existing, user);
      return existing;
    }
    this.users.set(user.id, user);
    return user;
  }

  private addGuild(g: FakeGuildOptions): void {
    const guildId = g.id;
    const roles: JsonObject[] = [
      this.roleObject({ id: guildId, name: '@everyone', permissions: g.everyonePermissions ?? FakePermissions.member, position: 0 }),
      this.roleObject({ id: `${guildId.slice(0, -1)}9`, name: this.options.botUsername, permissions: FakePermissions.bot, position: 1, managed: true }),
      ...(g.roles ?? []).map((r, i) => this.roleObject({ position: i + 2, ...r })),
    ];
    const botRole = roles[1];
    if (botRole) botRole['tags'] = { bot_id: this.botUserId };
    const channelOptions = g.channels ?? [{ id: `${guildId.slice(0, -2)}10`, name: 'general' }];
    const channelIds: string[] = [];
    channelOptions.forEach((c, i) => {
      channelIds.push(c.id);
      this.channels.set(c.id, {
        id: c.id,
        type: c.type ?? 0,
        guild_id: guildId,
        name: c.name ?? `channel-${i}`,
        position: c.position ?? i,
        parent_id: c.parentId ?? null,
        topic: c.topic ?? null,
        nsfw: c.nsfw ?? false,
        permission_overwrites: [],
        rate_limit_per_user: 0,
        last_message_id: null,
        flags: 0,
      });
    });
    const state: GuildState = {
      id: guildId,
      name: g.name ?? 'Test Guild',
      ownerId: g.ownerId ?? '999',
      locale: g.preferredLocale ?? 'en-US',
      roles,
      channelIds,
      memberCount: g.memberCount ?? 3,
      unavailable: g.unavailable ?? false,
      joinedAt: nowIso(),
    };
    this.guildStates.set(guildId, state);
    const botMember = this.ensureMember(guildId, this.botUser, {});
    botMember['roles'] = botRole ? [String(botRole['id'])] : [];
    this.ensureMember(guildId, this.defaultUser, {});
  }

  private roleObject(r: FakeRoleOptions): JsonObject {
    return {
      id: r.id,
      name: r.name ?? `role-${r.id}`,
      permissions: r.permissions ?? '0',
      position: r.position ?? 0,
      color: r.color ?? 0,
      colors: { primary_color: r.color ?? 0, secondary_color: null, tertiary_color: null },
      hoist: r.hoist ?? false,
      managed: r.managed ?? false,
      mentionable: r.mentionable ?? false,
      icon: null,
      unicode_emoji: null,
      flags: 0,
    };
  }

  private registerDmChannel(id: string, recipient: FakeUser): JsonObject {
    const channel: JsonObject = { id, type: 1, last_message_id: null, flags: 0, recipients: [recipient] };
    this.channels.set(id, channel);
    return channel;
  }

  private ensureMember(guildId: string, user: FakeUser, extra: JsonObject): JsonObject {
    let guildMembers = this.members.get(guildId);
    if (!guildMembers) {
      guildMembers = new Map();
      this.members.set(guildId, guildMembers);
    }
    let member = guildMembers.get(user.id);
    if (!member) {
      member = {
        user,
        nick: null,
        avatar: null,
        banner: null,
        roles: [],
        joined_at: this.guildStates.get(guildId)?.joinedAt ?? nowIso(),
        premium_since: null,
        deaf: false,
        mute: false,
        flags: 0,
        pending: false,
        communication_disabled_until: null,
      };
      guildMembers.set(user.id, member);
    }
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) member[k] = v;
    return member;
  }

  /** Member as in MESSAGE_CREATE (no `user`). */
  private partialMember(guildId: string, userId: string): JsonObject {
    const member = this.members.get(guildId)?.get(userId);
    const { user: _user, ...rest } = member ?? { roles: [], joined_at: nowIso(), deaf: false, mute: false, flags: 0 };
    return rest;
  }

  /** Member as in INTERACTION_CREATE (with `user` and `permissions`). */
  private memberObject(guildId: string, user: FakeUser, given: JsonObject): JsonObject {
    const stored = this.ensureMember(guildId, user, {
      roles: Array.isArray(given['roles']) ? given['roles'] : undefined,
      nick: given['nick'],
    });
    return { ...stored, ...given, user, permissions: str(given['permissions']) ?? FakePermissions.member };
  }

  private interactionScope(opts: InteractionContextOptions): { fields: JsonObject; guildId: string | null; channelId: string } {
    const user = this.rememberUser(opts.user ?? this.defaultUser);
    const knownChannel = opts.channelId !== undefined ? this.channels.get(opts.channelId) : undefined;
    const dm =
      opts.dm === true ||
      opts.guildId === null ||
      (opts.guildId === undefined && knownChannel?.['type'] === 1) ||
      (opts.guildId === undefined && opts.channelId === undefined && this.defaultGuildId === null);
    const fields: JsonObject = { locale: opts.locale ?? 'en-US' };
    if (opts.appPermissions !== undefined) fields['app_permissions'] = opts.appPermissions;
    if (dm) {
      const channelId = opts.channelId ?? this.dmChannelId(user.id);
      if (!this.channels.has(channelId)) this.registerDmChannel(channelId, user);
      fields['user'] = user;
      fields['channel_id'] = channelId;
      fields['channel'] = this.channels.get(channelId);
      return { fields, guildId: null, channelId };
    }
    const guildId = opts.guildId ?? str(knownChannel?.['guild_id']) ?? this.defaultGuildId;
    if (guildId === null) throw new Error('FakeDiscord: no guild configured; pass dm: true');
    const channelId = opts.channelId ?? this.defaultChannelId(guildId);
    fields['guild_id'] = guildId;
    fields['channel_id'] = channelId;
    fields['channel'] = this.channels.get(channelId) ?? { id: channelId, type: 0, guild_id: guildId, name: 'unknown' };
    if (opts.guildLocale !== undefined) fields['guild_locale'] = opts.guildLocale;
    fields['member'] = {
      user,
      permissions: opts.permissions ?? FakePermissions.member,
      ...(opts.roles ? { roles: opts.roles } : {}),
      ...(opts.nick !== undefined ? { nick: opts.nick } : {}),
    };
    return { fields, guildId, channelId };
  }

  private findCommand(name: string, type: number, guildId: string | null): JsonObject | undefined {
    const match = (c: JsonObject): boolean => c['name'] === name && (num(c['type']) ?? 1) === type;
    return (guildId ? this.guildCommands.get(guildId)?.find(match) : undefined) ?? this.globalCommands.find(match);
  }

  private commandIdFor(name: string, type: number, command: JsonObject | undefined): string {
    if (command) return String(command['id']);
    const key = `${type}:${name}`;
    let id = this.commandIds.get(key);
    if (!id) {
      id = this.snowflake();
      this.commandIds.set(key, id);
    }
    return id;
  }

  private toCommandOptions(options: SlashCommandOptions['options'], command: JsonObject | undefined): JsonObject[] {
    if (options === undefined) return [];
    if (Array.isArray(options)) return options.map((o) => ({ ...o }));
    const defs = asArray(command?.['options']).filter(isObject);
    return Object.entries(options).map(([name, value]) => {
      const def = defs.find((o) => o['name'] === name);
      let type = num(def?.['type']);
      if (type === undefined) {
        if (typeof value === 'boolean') type = 5;
        else if (typeof value === 'number') type = Number.isInteger(value) ? 4 : 10;
        else type = 3;
      }
      return { name, type, value };
    });
  }

  /** Fills a (partial) message object with every field discord.js reads. */
  private completeMessage(partial: JsonObject, channelId: string, defaultAuthor: FakeUser): JsonObject {
    const author = isObject(partial['author']) ? this.rememberUser(partial['author'] as unknown as FakeUserInput) : defaultAuthor;
    return {
      id: this.snowflake(),
      channel_id: channelId,
      content: '',
      timestamp: nowIso(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      type: 0,
      flags: 0,
      ...partial,
      author,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Internals: gateway
  // -------------------------------------------------------------------------------------------

  private send(conn: Connection, payload: unknown): void {
    if (conn.socket.readyState === WebSocket.OPEN) conn.socket.send(JSON.stringify(payload));
  }

  private currentShardCount(): number {
    for (let i = this.identifies.length - 1; i >= 0; i -= 1) {
      const rec = this.identifies[i];
      if (rec) return rec.shard[1];
    }
    return this.options.shards;
  }

  private sessionFor(d: unknown, shard: number | undefined): Session {
    let target = shard;
    if (target === undefined) {
      const guildId = isObject(d) ? str(d['guild_id']) : undefined;
      target = guildId ? shardForGuild(guildId, this.currentShardCount()) : 0;
    }
    for (let i = this.sessions.length - 1; i >= 0; i -= 1) {
      const s = this.sessions[i];
      if (s?.alive && s.shardId === target) return s;
    }
    throw new Error(`FakeDiscord: no live gateway session for shard ${target} (did the client log in? sessions: ${JSON.stringify(this.liveSessions)})`);
  }

  private dispatchTo<D>(session: Session, t: string, d: D): DispatchResult<D> {
    session.seq += 1;
    const payload: DispatchPayload<D> = { op: 0, t, s: session.seq, d };
    session.history.push(payload);
    const open = session.conn !== null && session.conn.socket.readyState === WebSocket.OPEN;
    if (open && session.conn) this.send(session.conn, payload);
    this.log(`dispatch ${t} s=${session.seq} shard=${session.shardId} ${open ? 'sent' : 'buffered'}`);
    return { ...payload, shard: session.shardId, sessionId: session.id, status: open ? 'sent' : 'buffered' };
  }

  private onGatewayConnection(socket: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', this.apiUrl);
    const record: GatewayConnectionRecord = {
      id: this.nextConnectionId++,
      query: Object.fromEntries(url.searchParams),
      openedAt: Date.now(),
      closedAt: null,
      closeCode: null,
    };
    const conn: Connection = { id: record.id, socket, record, session: null };
    this.conns.add(conn);
    this.connectionLog.push(record);
    this.log(`gateway connection #${conn.id} ${url.search}`);
    socket.on('message', (raw, isBinary) => this.onGatewayMessage(conn, raw, isBinary));
    socket.on('close', (code) => {
      record.closedAt = Date.now();
      record.closeCode = code;
      this.conns.delete(conn);
      if (conn.session && conn.session.conn === conn) conn.session.conn = null;
      this.notify();
    });
    socket.on('error', () => undefined);
    this.send(conn, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs, _trace: ['fake-discord'] }, s: null, t: null });
    this.notify();
  }

  private onGatewayMessage(conn: Connection, raw: RawData, isBinary: boolean): void {
    if (isBinary) {
      conn.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    const text = Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as Buffer).toString('utf8');
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      conn.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    if (!isObject(payload) || typeof payload['op'] !== 'number') {
      conn.socket.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = payload['op'];
    const d = payload['d'];
    this.gatewayReceived.push({ connectionId: conn.id, op, d, receivedAt: Date.now() });
    switch (op) {
      case 1:
        this.send(conn, { op: 11, d: null, s: null, t: null });
        break;
      case 2:
        this.onIdentify(conn, isObject(d) ? d : {});
        break;
      case 6:
        this.onResume(conn, isObject(d) ? d : {});
        break;
      case 3:
      case 4:
        if (!conn.session) conn.socket.close(4003, 'Not authenticated.');
        break;
      case 8:
        if (!conn.session) conn.socket.close(4003, 'Not authenticated.');
        else this.onRequestGuildMembers(conn.session, isObject(d) ? d : {});
        break;
      default:
        conn.socket.close(4001, 'Unknown opcode.');
    }
    this.notify();
  }

  private onIdentify(conn: Connection, d: JsonObject): void {
    if (conn.session) {
      conn.socket.close(4005, 'Already authenticated.');
      return;
    }
    const token = str(d['token']) ?? '';
    if (this.options.token !== undefined && token !== this.options.token) {
      conn.socket.close(4004, 'Authentication failed.');
      return;
    }
    const intents = num(d['intents']);
    if (intents === undefined) {
      conn.socket.close(4013, 'Invalid intent(s).');
      return;
    }
    const rawShard = asArray(d['shard']);
    const shard: [number, number] = rawShard.length === 2 ? [Number(rawShard[0]), Number(rawShard[1])] : [0, 1];
    if (!(shard[1] >= 1 && shard[0] >= 0 && shard[0] < shard[1])) {
      conn.socket.close(4010, 'Invalid shard.');
      return;
    }
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      shardId: shard[0],
      shardCount: shard[1],
      seq: 0,
      intents,
      token,
      conn,
      history: [],
      alive: true,
    };
    // A new IDENTIFY for a shard replaces older sessions of that shard.
    for (const s of this.sessions) if (s.shardId === shard[0]) s.alive = false;
    this.sessions.push(session);
    conn.session = session;
    this.identifies.push({
      connectionId: conn.id,
      sessionId: session.id,
      token,
      intents,
      shard,
      properties: d['properties'],
      compress: d['compress'],
      largeThreshold: d['large_threshold'],
      presence: d['presence'],
      receivedAt: Date.now(),
    });
    this.log(`IDENTIFY #${conn.id} shard=${shard.join('/')} intents=${intents}`);

    const guilds = [...this.guildStates.values()].filter((g) => shardForGuild(g.id, shard[1]) === shard[0]);
    this.dispatchTo(session, 'READY', {
      v: 10,
      user: this.botUser,
      user_settings: {},
      guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard,
      application: { id: this.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['fake-discord'],
    });
    if ((intents & FakeIntents.Guilds) !== 0) {
      for (const g of guilds) if (!g.unavailable) this.dispatchTo(session, 'GUILD_CREATE', this.guildCreatePayload(g));
    }
  }

  private onResume(conn: Connection, d: JsonObject): void {
    const sessionId = str(d['session_id']) ?? '';
    const seq = num(d['seq']) ?? 0;
    const session = this.sessions.find((s) => s.id === sessionId);
    const record: ResumeRecord = { connectionId: conn.id, sessionId, seq, ok: false, replayed: 0, receivedAt: Date.now() };
    this.resumes.push(record);
    const tokenOk = this.options.token === undefined || str(d['token']) === this.options.token;
    if (!session?.alive || !tokenOk || seq > session.seq) {
      this.log(`RESUME #${conn.id} rejected (session ${sessionId})`);
      this.send(conn, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.conn && session.conn !== conn) {
      const old = session.conn;
      old.session = null;
      old.socket.close(4000, 'Session resumed elsewhere');
    }
    session.conn = conn;
    conn.session = session;
    const missed = session.history.filter((p) => p.s > seq);
    for (const payload of missed) this.send(conn, payload);
    record.ok = true;
    record.replayed = missed.length;
    session.seq += 1;
    const resumed: DispatchPayload = { op: 0, t: 'RESUMED', s: session.seq, d: { _trace: ['fake-discord'] } };
    session.history.push(resumed);
    this.send(conn, resumed);
    this.log(`RESUME #${conn.id} ok, replayed ${missed.length}`);
  }

  private onRequestGuildMembers(session: Session, d: JsonObject): void {
    const guildId = str(d['guild_id']) ?? '';
    const all = [...(this.members.get(guildId)?.values() ?? [])];
    const ids = asArray(d['user_ids']).map(String);
    const query = str(d['query']);
    const found = all.filter((m) => {
      const user = m['user'] as FakeUser;
      if (ids.length) return ids.includes(user.id);
      if (query !== undefined) return user.username.toLowerCase().startsWith(query.toLowerCase());
      return true;
    });
    this.dispatchTo(session, 'GUILD_MEMBERS_CHUNK', {
      guild_id: guildId,
      members: found,
      chunk_index: 0,
      chunk_count: 1,
      not_found: ids.filter((id) => !found.some((m) => (m['user'] as FakeUser).id === id)),
      ...(d['nonce'] !== undefined ? { nonce: d['nonce'] } : {}),
    });
  }

  private guildObject(g: GuildState): JsonObject {
    return {
      id: g.id,
      name: g.name,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      owner_id: g.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      roles: g.roles,
      emojis: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: g.channelIds[0] ?? null,
      system_channel_flags: 0,
      rules_channel_id: null,
      max_presences: null,
      max_members: 500000,
      vanity_url_code: null,
      description: null,
      banner: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: g.locale,
      public_updates_channel_id: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      nsfw_level: 0,
      stickers: [],
      premium_progress_bar_enabled: false,
      safety_alerts_channel_id: null,
      incidents_data: null,
    };
  }

  private guildCreatePayload(g: GuildState): JsonObject {
    const botMember = this.members.get(g.id)?.get(this.botUserId);
    return {
      ...this.guildObject(g),
      joined_at: g.joinedAt,
      large: false,
      unavailable: false,
      member_count: g.memberCount,
      voice_states: [],
      // Without the GuildMembers intent Discord only sends the bot's own member.
      members: botMember ? [botMember] : [],
      channels: g.channelIds.map((id) => {
        const { guild_id: _g, ...rest } = this.channels.get(id) ?? { id };
        return rest;
      }),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      lazy: true,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Internals: REST
  // -------------------------------------------------------------------------------------------

  private async onHttpRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const url = new URL(req.url ?? '/', this.apiUrl);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);

    let rawPath = url.pathname;
    let apiVersion: string | null = null;
    const versioned = /^(?:\/api)?\/v(\d+)(\/.*)?$/.exec(rawPath);
    if (versioned) {
      apiVersion = versioned[1] ?? null;
      rawPath = versioned[2] ?? '/';
    }
    const segments = rawPath.split('/').map(safeDecode);
    const path = segments.join('/');
    const method = (req.method ?? 'GET').toUpperCase();
    const { body, files } = await this.parseBody(raw, req.headers['content-type']);

    const record: RecordedRequest = {
      seq: this.nextRequestSeq++,
      method,
      path,
      route: null,
      apiVersion,
      query: Object.fromEntries(url.searchParams),
      headers: this.redactHeaders(req.headers),
      body,
      files,
      receivedAt,
      status: null,
      response: null,
      injected: false,
    };
    this.requests.push(record);

    const fault = this.takeFault(record);
    if (fault && fault.delayMs > 0) await new Promise((r) => setTimeout(r, fault.delayMs));
    let result: HttpResult;
    if (fault?.response) {
      record.injected = true;
      record.route = this.findRoute(method, segments)?.route.template ?? null;
      result = { status: fault.response.status, body: fault.response.body, headers: fault.response.headers };
    } else {
      result = this.handle(record, req.headers, segments);
    }

    record.status = result.status;
    record.response = result.body ?? null;
    this.log(describeRequest(record));
    const headers: Record<string, string> = { ...(result.headers ?? {}) };
    if (result.raw) {
      res.writeHead(result.status, { 'content-type': result.raw.contentType, ...headers });
      res.end(result.raw.data);
    } else if (result.body === undefined || result.status === 204) {
      res.writeHead(result.status, headers);
      res.end();
    } else {
      const hasType = Object.keys(headers).some((k) => k.toLowerCase() === 'content-type');
      res.writeHead(result.status, hasType ? headers : { 'content-type': 'application/json', ...headers });
      res.end(typeof result.body === 'string' && hasType ? result.body : JSON.stringify(result.body));
    }
    this.notify();
  }

  private redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined) continue;
      const value = Array.isArray(v) ? v.join(', ') : v;
      out[k] = k === 'authorization' ? `${value.split(' ')[0] ?? ''} [redacted]` : value;
    }
    return out;
  }

  private async parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: JsonBody; files: RecordedFile[] }> {
    if (raw.length === 0) return { body: null, files: [] };
    if (contentType?.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      let body: JsonBody = null;
      const files: RecordedFile[] = [];
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') {
          if (name === 'payload_json') body = JSON.parse(value);
          else {
            body ??= {};
            body[name] = value;
          }
        } else {
          files.push({
            name,
            filename: value.name,
            contentType: value.type || 'application/octet-stream',
            data: Buffer.from(await value.arrayBuffer()),
          });
        }
      }
      return { body, files };
    }
    const text = raw.toString('utf8');
    if (contentType?.includes('json')) {
      try {
        return { body: JSON.parse(text), files: [] };
      } catch {
        return { body: text, files: [] };
      }
    }
    return { body: text, files: [] };
  }

  private takeFault(record: RecordedRequest): FaultRule | undefined {
    const index = this.faults.findIndex((f) => f.remaining > 0 && matches(record, f.match));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private on(method: string, template: string, auth: boolean, handler: Handler): void {
    this.routes.push({ method, template: `${method} ${template}`, segments: template.split('/'), auth, handler });
  }

  private findRoute(method: string, segments: string[]): { route: Route; params: Params } | undefined {
    for (const route of this.routes) {
      if (route.method !== method || route.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length; i += 1) {
        const pattern = route.segments[i] ?? '';
        const actual = segments[i] ?? '';
        if (pattern.startsWith(':')) {
          if (actual === '') {
            ok = false;
            break;
          }
          params[pattern.slice(1)] = actual;
        } else if (pattern !== actual) {
          ok = false;
          break;
        }
      }
      if (ok) return { route, params };
    }
    return undefined;
  }

  private handle(record: RecordedRequest, headers: IncomingHttpHeaders, segments: string[]): HttpResult {
    const found = this.findRoute(record.method, segments);
    if (!found) return { status: 404, body: { message: 'Unknown', code: 0 } };
    record.route = found.route.template;
    if (found.route.auth) {
      const auth = headers['authorization'];
      const ok = typeof auth === 'string' && /^Bot \S+$/.test(auth) && (this.options.token === undefined || auth === `Bot ${this.options.token}`);
      if (!ok) return { status: 401, body: { message: '401: Unauthorized', code: 0 } };
    }
    const total = record.files.reduce((n, f) => n + f.data.length, 0);
    if (total > this.options.maxUploadBytes) return error(413, 40005, 'Request entity too large');
    return found.route.handler(record, new ParamsReader(found.params));
  }

  private registerRoutes(): void {
    const gatewayBot = (): HttpResult => ({
      status: 200,
      body: {
        url: this.gatewayUrl,
        shards: this.options.shards,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: this.options.maxConcurrency },
      },
    });
    this.on('GET', '/gateway/bot', true, gatewayBot);
    this.on('GET', '/gateway', false, () => ({ status: 200, body: { url: this.gatewayUrl } }));
    this.on('GET', '/users/@me', true, () => ({ status: 200, body: this.botUser }));
    this.on('GET', '/users/:id', true, (_r, p) => {
      const user = this.users.get(p.get('id'));
      return user ? { status: 200, body: user } : error(404, 10013, 'Unknown User');
    });
    this.on('GET', '/applications/@me', true, () => ({ status: 200, body: this.applicationObject() }));
    this.on('GET', '/oauth2/applications/@me', true, () => ({ status: 200, body: this.applicationObject() }));
    this.on('POST', '/users/@me/channels', true, (r) => {
      const recipient = isObject(r.body) ? str(r.body['recipient_id']) : undefined;
      if (!recipient) return formError(this.requiredField('recipient_id'));
      const id = this.dmChannelId(recipient);
      return { status: 200, body: this.channels.get(id) };
    });

    // Interactions
    this.on('POST', '/interactions/:id/:token/callback', false, (r, p) => this.interactionCallback(r, p));
    this.on('POST', '/webhooks/:appId/:token', false, (r, p) => this.webhookExecute(r, p));
    this.on('GET', '/webhooks/:appId/:token/messages/:messageId', false, (r, p) => this.webhookMessage(r, p));
    this.on('PATCH', '/webhooks/:appId/:token/messages/:messageId', false, (r, p) => this.webhookMessage(r, p));
    this.on('DELETE', '/webhooks/:appId/:token/messages/:messageId', false, (r, p) => this.webhookMessage(r, p));

    // Channels and messages
    this.on('GET', '/channels/:channelId', true, (_r, p) => {
      const channel = this.channels.get(p.get('channelId'));
      return channel ? { status: 200, body: channel } : unknownChannel();
    });
    this.on('POST', '/channels/:channelId/typing', true, (_r, p) => (this.channels.has(p.get('channelId')) ? { status: 204 } : unknownChannel()));
    this.on('POST', '/channels/:channelId/messages', true, (r, p) => this.createChannelMessage(r, p.get('channelId')));
    this.on('GET', '/channels/:channelId/messages', true, (r, p) => {
      const channelId = p.get('channelId');
      if (!this.channels.has(channelId)) return unknownChannel();
      const limit = Math.min(100, Number(r.query['limit'] ?? 50) || 50);
      return { status: 200, body: this.messagesIn(channelId).reverse().slice(0, limit) };
    });
    this.on('GET', '/channels/:channelId/messages/:messageId', true, (_r, p) => {
      const q = p;
      const msg = this.messages.get(q.get('messageId'));
      return msg && msg.channel_id === q.get('channelId') ? { status: 200, body: msg } : unknownMessage();
    });
    this.on('PATCH', '/channels/:channelId/messages/:messageId', true, (r, p) => {
      const q = p;
      const msg = this.messages.get(q.get('messageId'));
      if (!msg || msg.channel_id !== q.get('channelId')) return unknownMessage();
      if (msg.author.id !== this.botUserId) return error(403, 50005, 'Cannot edit a message authored by another user');
      return this.editMessage(msg, r);
    });
    this.on('DELETE', '/channels/:channelId/messages/:messageId', true, (_r, p) => {
      const q = p;
      const msg = this.messages.get(q.get('messageId'));
      if (!msg || msg.channel_id !== q.get('channelId')) return unknownMessage();
      this.messages.delete(msg.id);
      this.echo('MESSAGE_DELETE', msg);
      return { status: 204 };
    });
    const reaction: Handler = (_r, p) => {
      const q = p;
      const msg = this.messages.get(q.get('messageId'));
      return msg && msg.channel_id === q.get('channelId') ? { status: 204 } : unknownMessage();
    };
    this.on('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', true, reaction);
    this.on('DELETE', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', true, reaction);

    // Application commands
    this.on('GET', '/applications/:appId/commands', true, (_r, p) => this.listCommands(p, null));
    this.on('PUT', '/applications/:appId/commands', true, (r, p) => this.putCommands(r, p, null));
    this.on('POST', '/applications/:appId/commands', true, (r, p) => this.postCommand(r, p, null));
    this.on('DELETE', '/applications/:appId/commands/:commandId', true, (_r, p) => this.deleteCommand(p, null));
    this.on('GET', '/applications/:appId/guilds/:guildId/commands', true, (_r, p) => this.listCommands(p, p.get('guildId')));
    this.on('PUT', '/applications/:appId/guilds/:guildId/commands', true, (r, p) => this.putCommands(r, p, p.get('guildId')));
    this.on('POST', '/applications/:appId/guilds/:guildId/commands', true, (r, p) => this.postCommand(r, p, p.get('guildId')));
    this.on('DELETE', '/applications/:appId/guilds/:guildId/commands/:commandId', true, (_r, p) => this.deleteCommand(p, p.get('guildId')));

    // Guilds
    this.on('GET', '/guilds/:guildId', true, (_r, p) => {
      const g = this.guildStates.get(p.get('guildId'));
      return g ? { status: 200, body: { ...this.guildObject(g), approximate_member_count: g.memberCount } } : error(404, 10004, 'Unknown Guild');
    });
    this.on('GET', '/guilds/:guildId/roles', true, (_r, p) => {
      const g = this.guildStates.get(p.get('guildId'));
      return g ? { status: 200, body: g.roles } : error(404, 10004, 'Unknown Guild');
    });
    this.on('GET', '/guilds/:guildId/channels', true, (_r, p) => {
      const g = this.guildStates.get(p.get('guildId'));
      return g ? { status: 200, body: g.channelIds.map((id) => this.channels.get(id)) } : error(404, 10004, 'Unknown Guild');
    });
    this.on('GET', '/guilds/:guildId/members/:userId', true, (_r, p) => {
      const q = p;
      if (!this.guildStates.has(q.get('guildId'))) return error(404, 10004, 'Unknown Guild');
      const member = this.members.get(q.get('guildId'))?.get(q.get('userId'));
      return member ? { status: 200, body: member } : error(404, 10007, 'Unknown Member');
    });

    // Attachments (unversioned, like the CDN)
    this.on('GET', '/attachments/:channelId/:attachmentId/:filename', false, (_r, p) => {
      const file = this.attachmentData.get(p.get('attachmentId'));
      return file ? { status: 200, raw: { data: file.data, contentType: file.contentType } } : { status: 404, body: { message: '404: Not Found', code: 0 } };
    });
  }

  private requiredField(name: string): FormErrors {
    const errors = new FormErrors();
    errors.add([name], 'BASE_TYPE_REQUIRED', 'This field is required');
    return errors;
  }

  private applicationObject(): JsonObject {
    return {
      id: this.applicationId,
      name: this.options.botUsername,
      icon: null,
      description: '',
      summary: '',
      type: null,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: 'fake-verify-key',
      flags: 0,
      team: null,
      owner: { id: '999', username: 'owner', discriminator: '0', global_name: null, avatar: null },
      bot: this.botUser,
      approximate_guild_count: this.guildStates.size,
      interactions_endpoint_url: null,
      integration_types_config: { '0': {} },
    };
  }

  // --- messages ------------------------------------------------------------------------------

  private validateMessage(body: JsonBody): FormErrors | null {
    if (!this.options.validate || !isObject(body)) return null;
    const errors = validateMessageBody(body);
    return errors.empty ? null : errors;
  }

  private isEmpty(msg: { content?: unknown; embeds?: unknown; attachments?: unknown; components?: unknown; sticker_items?: unknown; poll?: unknown }): boolean {
    return (
      (typeof msg.content !== 'string' || msg.content.length === 0) &&
      asArray(msg.embeds).length === 0 &&
      asArray(msg.attachments).length === 0 &&
      asArray(msg.components).length === 0 &&
      asArray(msg.sticker_items).length === 0 &&
      msg.poll === undefined
    );
  }

  private buildAttachments(channelId: string, body: JsonObject, files: RecordedFile[], existing: FakeAttachment[]): FakeAttachment[] {
    const make = (file: RecordedFile, meta: JsonObject | undefined): FakeAttachment => {
      const id = this.snowflake();
      const filename = str(meta?.['filename']) ?? file.filename;
      this.attachmentData.set(id, file);
      const url = `${this.apiUrl}/attachments/${channelId}/${id}/${encodeURIComponent(filename)}`;
      const attachment: FakeAttachment = { id, filename, size: file.data.length, url, proxy_url: url, content_type: file.contentType };
      const description = str(meta?.['description']);
      if (description !== undefined) attachment.description = description;
      return attachment;
    };
    const used = new Set<RecordedFile>();
    const result: FakeAttachment[] = [];
    if (Array.isArray(body['attachments'])) {
      for (const meta of body['attachments']) {
        if (!isObject(meta)) continue;
        const ref = String(meta['id']);
        const kept = existing.find((a) => a.id === ref);
        if (kept) {
          result.push(kept);
          continue;
        }
        const file = files.find((f) => f.name === `files[${ref}]`);
        if (file) {
          used.add(file);
          result.push(make(file, meta));
        }
      }
    } else {
      result.push(...existing);
    }
    for (const file of files) if (!used.has(file)) result.push(make(file, undefined));
    return result;
  }

  /** Creates a bot message from a create body (already validated). */
  private newBotMessage(channelId: string, body: JsonObject, files: RecordedFile[], extra: JsonObject): FakeMessage {
    const message: FakeMessage = {
      id: this.snowflake(),
      channel_id: channelId,
      author: this.botUser,
      content: str(body['content']) ?? '',
      timestamp: nowIso(),
      edited_timestamp: null,
      tts: body['tts'] === true,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: this.buildAttachments(channelId, body, files, []),
      embeds: asArray(body['embeds']).filter(isObject),
      components: asArray(body['components']).filter(isObject),
      pinned: false,
      type: 0,
      flags: num(body['flags']) ?? 0,
      ...extra,
    };
    if (body['poll'] !== undefined) message['poll'] = body['poll'];
    if (body['allowed_mentions'] !== undefined) message['allowed_mentions_sent'] = body['allowed_mentions'];
    this.messages.set(message.id, message);
    const channel = this.channels.get(channelId);
    if (channel) channel['last_message_id'] = message.id;
    this.echo('MESSAGE_CREATE', message);
    return message;
  }

  /** Sends the gateway event Discord would send for a change to one of the bot's messages. */
  private echo(t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE' | 'MESSAGE_DELETE', msg: FakeMessage): void {
    if (!this.options.echoBotMessages || (msg.flags & MESSAGE_FLAG_EPHEMERAL) !== 0) return;
    const channel = this.channels.get(msg.channel_id);
    if (!channel) return;
    const guildId = str(channel['guild_id']);
    let session: Session;
    try {
      session = this.sessionFor({ guild_id: guildId }, undefined);
    } catch {
      return;
    }
    if ((session.intents & (guildId ? FakeIntents.GuildMessages : FakeIntents.DirectMessages)) === 0) return;
    const where: JsonObject = guildId ? { guild_id: guildId } : {};
    if (t === 'MESSAGE_DELETE') {
      this.dispatchTo(session, t, { id: msg.id, channel_id: msg.channel_id, ...where });
      return;
    }
    const extra: JsonObject = guildId ? { ...where, member: this.partialMember(guildId, this.botUserId) } : { channel_type: 1 };
    const { allowed_mentions_sent: _a, ...d } = msg;
    this.dispatchTo(session, t, { ...d, ...extra });
  }

  private editMessage(msg: FakeMessage, r: RecordedRequest, clearLoading = false): HttpResult {
    const body: JsonObject = isObject(r.body) ? r.body : {};
    const invalid = this.validateMessage(body);
    if (invalid) return formError(invalid);
    const next = {
      content: 'content' in body ? (str(body['content']) ?? '') : msg.content,
      embeds: 'embeds' in body ? asArray(body['embeds']).filter(isObject) : msg.embeds,
      components: 'components' in body ? asArray(body['components']).filter(isObject) : msg.components,
      attachments: this.buildAttachments(msg.channel_id, body, r.files, msg.attachments),
    };
    if (this.options.validate && this.isEmpty({ ...next, poll: msg['poll'] })) return error(400, 50006, 'Cannot send an empty message');
    Object.assign(msg, next);
    let flags = msg.flags;
    if (clearLoading) flags &= ~MESSAGE_FLAG_LOADING;
    const newFlags = num(body['flags']);
    if (newFlags !== undefined)
      flags = (flags & (MESSAGE_FLAG_EPHEMERAL | MESSAGE_FLAG_LOADING)) | (newFlags & ~(MESSAGE_FLAG_EPHEMERAL | MESSAGE_FLAG_LOADING));
    msg.flags = flags;
    if (body['allowed_mentions'] !== undefined) msg['allowed_mentions_sent'] = body['allowed_mentions'];
    msg.edited_timestamp = nowIso();
    this.echo('MESSAGE_UPDATE', msg);
    return { status: 200, body: msg };
  }

  private createChannelMessage(r: RecordedRequest, channelId: string): HttpResult {
    const channel = this.channels.get(channelId);
    if (!channel) return unknownChannel();
    const body: JsonObject = isObject(r.body) ? r.body : {};
    const invalid = this.validateMessage(body);
    if (invalid) return formError(invalid);
    if (this.options.validate && this.isEmpty({ ...body, attachments: r.files.length ? r.files : body['attachments'] })) {
      return error(400, 50006, 'Cannot send an empty message');
    }
    const extra: JsonObject = {};
    const reference = body['message_reference'];
    if (isObject(reference)) {
      const refId = str(reference['message_id']);
      const ref = refId ? this.messages.get(refId) : undefined;
      if (!ref && reference['fail_if_not_exists'] !== false) {
        const errors = new FormErrors();
        errors.add(['message_reference'], 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
        return formError(errors);
      }
      if (ref) {
        extra['type'] = 19;
        extra['message_reference'] = {
          type: 0,
          message_id: ref.id,
          channel_id: ref.channel_id,
          ...(str(ref['guild_id']) ? { guild_id: ref['guild_id'] } : {}),
        };
        extra['referenced_message'] = ref;
      }
    }
    const message = this.newBotMessage(channelId, { ...body, flags: (num(body['flags']) ?? 0) & ~MESSAGE_FLAG_EPHEMERAL }, r.files, extra);
    return { status: 200, body: message };
  }

  // --- interactions --------------------------------------------------------------------------

  private interactionMessageExtra(state: FakeInteractionState, original: boolean): JsonObject {
    const data = isObject(state.payload['data']) ? state.payload['data'] : {};
    const user = (isObject(state.payload['member']) ? state.payload['member']['user'] : state.payload['user']) as FakeUser;
    const commandType = num(data['type']);
    let type = 0;
    if (original && state.type === 2) type = commandType === 1 ? 20 : 23;
    return {
      type,
      webhook_id: this.applicationId,
      application_id: this.applicationId,
      interaction_metadata: {
        id: state.id,
        type: state.type,
        user,
        authorizing_integration_owners: state.payload['authorizing_integration_owners'] ?? {},
        ...(state.type === 2 && typeof data['name'] === 'string' ? { name: data['name'] } : {}),
      },
    };
  }

  private interactionCallback(r: RecordedRequest, p: ParamsReader): HttpResult {
    const state = this.interactionsById.get(p.get('id'));
    if (!state || state.token !== p.get('token')) return unknownInteraction();
    state.callbacks.push(r.body);
    const deadline = this.options.interactionDeadlineMs;
    if (deadline !== undefined && r.receivedAt - state.dispatchedAt > deadline) return unknownInteraction();
    if (state.acknowledged) return error(400, 40060, 'Interaction has already been acknowledged.');
    const body: JsonObject = isObject(r.body) ? r.body : {};
    const type = num(body['type']);
    const data: JsonObject = isObject(body['data']) ? body['data'] : {};
    const channelId = String(state.payload['channel_id']);

    const allowed: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };
    if (type === undefined || !(allowed[state.type] ?? []).includes(type)) {
      const errors = new FormErrors();
      errors.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${String(type)} is not valid for interaction type ${state.type}`);
      return formError(errors);
    }
    let message: FakeMessage | undefined;
    switch (type) {
      case 4: {
        if (this.validateMessage(data)) return formError(this.prefixErrors(data));
        if (this.options.validate && this.isEmpty({ ...data, attachments: r.files.length ? r.files : data['attachments'] })) {
          return error(400, 50006, 'Cannot send an empty message');
        }
        message = this.newBotMessage(channelId, data, r.files, this.interactionMessageExtra(state, true));
        state.ephemeral = (message.flags & MESSAGE_FLAG_EPHEMERAL) !== 0;
        state.originalMessageId = message.id;
        break;
      }
      case 5: {
        const flags = (num(data['flags']) ?? 0) & MESSAGE_FLAG_EPHEMERAL;
        message = this.newBotMessage(channelId, { content: '', flags: flags | MESSAGE_FLAG_LOADING }, [], this.interactionMessageExtra(state, true));
        state.deferred = true;
        state.ephemeral = flags !== 0;
        state.originalMessageId = message.id;
        break;
      }
      case 6:
      case 7: {
        const target = isObject(state.payload['message']) ? state.payload['message'] : undefined;
        const targetId = target ? String(target['id']) : undefined;
        if (targetId && !this.messages.has(targetId) && target)
          this.messages.set(targetId, this.completeMessage(target, channelId, this.botUser) as FakeMessage);
        const stored = targetId ? this.messages.get(targetId) : undefined;
        if (type === 7 && stored) {
          const edited = this.editMessage(stored, { ...r, body: data });
          if (edited.status !== 200) return edited;
          message = stored;
        }
        state.deferred = type === 6;
        state.originalMessageId = stored?.id ?? null;
        state.ephemeral = stored ? (stored.flags & MESSAGE_FLAG_EPHEMERAL) !== 0 : false;
        break;
      }
      case 8: {
        if (this.options.validate) {
          const invalid = validateAutocompleteChoices(data);
          if (!invalid.empty) return formError(invalid);
        }
        state.choices = asArray(data['choices']);
        break;
      }
      case 9:
        break;
    }
    state.acknowledged = true;
    state.callbackType = type;

    if (r.query['with_response'] === 'true') {
      return {
        status: 200,
        body: {
          interaction: {
            id: state.id,
            type: state.type,
            ...(message
              ? {
                  response_message_id: message.id,
                  response_message_loading: (message.flags & MESSAGE_FLAG_LOADING) !== 0,
                  response_message_ephemeral: (message.flags & MESSAGE_FLAG_EPHEMERAL) !== 0,
                }
              : {}),
          },
          resource: { type, ...(message ? { message } : {}) },
        },
      };
    }
    return { status: 204 };
  }

  /** Errors for a callback's `data` are reported under `data.*` by Discord. */
  private prefixErrors(data: JsonObject): FormErrors {
    const inner = validateMessageBody(data).toBody()['errors'];
    const errors = new FormErrors();
    const walk = (node: unknown, path: string[]): void => {
      if (!isObject(node)) return;
      for (const [k, v] of Object.entries(node)) {
        if (k === '_errors') {
          for (const e of asArray(v)) if (isObject(e)) errors.add(['data', ...path], String(e['code']), String(e['message']));
        } else walk(v, [...path, k]);
      }
    };
    walk(inner, []);
    return errors;
  }

  private webhookState(p: ParamsReader): FakeInteractionState | HttpResult {
    if (p.get('appId') !== this.applicationId) return unknownWebhook();
    const state = this.interactions.get(p.get('token'));
    if (!state?.acknowledged) return unknownWebhook();
    return state;
  }

  private webhookExecute(r: RecordedRequest, p: ParamsReader): HttpResult {
    const state = this.webhookState(p);
    if (!('token' in state)) return state;
    const body: JsonObject = isObject(r.body) ? r.body : {};
    const invalid = this.validateMessage(body);
    if (invalid) return formError(invalid);
    if (this.options.validate && this.isEmpty({ ...body, attachments: r.files.length ? r.files : body['attachments'] })) {
      return error(400, 50006, 'Cannot send an empty message');
    }
    const original = state.originalMessageId ? this.messages.get(state.originalMessageId) : undefined;
    if (original && (original.flags & MESSAGE_FLAG_LOADING) !== 0) {
      // Discord: the first follow-up after a deferred reply edits the "thinking…" message.
      const edited = this.editMessage(original, { ...r, body: { ...body, flags: undefined } }, true);
      if (edited.status === 200) state.followUpIds.push(original.id);
      return edited;
    }
    const channelId = String(state.payload['channel_id']);
    const message = this.newBotMessage(channelId, body, r.files, this.interactionMessageExtra(state, false));
    state.followUpIds.push(message.id);
    return { status: 200, body: message };
  }

  private webhookMessage(r: RecordedRequest, p: ParamsReader): HttpResult {
    const state = this.webhookState(p);
    if (!('token' in state)) return state;
    const ref = p.get('messageId');
    const id = ref === '@original' ? state.originalMessageId : ref;
    const owned = id !== null && (id === state.originalMessageId || state.followUpIds.includes(id));
    const msg = id !== null && owned ? this.messages.get(id) : undefined;
    if (!msg) return unknownMessage();
    if (r.method === 'GET') return { status: 200, body: msg };
    if (r.method === 'DELETE') {
      this.messages.delete(msg.id);
      this.echo('MESSAGE_DELETE', msg);
      return { status: 204 };
    }
    return this.editMessage(msg, r, true);
  }

  // --- commands ------------------------------------------------------------------------------

  private commandList(guildId: string | null): JsonObject[] {
    if (guildId === null) return this.globalCommands;
    let list = this.guildCommands.get(guildId);
    if (!list) {
      list = [];
      this.guildCommands.set(guildId, list);
    }
    return list;
  }

  private checkApp(p: ParamsReader, guildId: string | null): HttpResult | null {
    if (p.get('appId') !== this.applicationId) return error(403, 50001, 'Missing Access');
    if (guildId !== null && !this.guildStates.has(guildId)) return error(403, 50001, 'Missing Access');
    return null;
  }

  private normalizeCommand(input: JsonObject, guildId: string | null, existing: JsonObject | undefined): JsonObject {
    const type = num(input['type']) ?? 1;
    return {
      id: existing?.['id'] ?? this.commandIdFor(String(input['name']), type, undefined),
      application_id: this.applicationId,
      version: this.snowflake(),
      default_member_permissions: null,
      type,
      name: input['name'],
      name_localizations: null,
      description: type === 1 ? (input['description'] ?? '') : '',
      description_localizations: null,
      ...(guildId === null ? { dm_permission: true, contexts: null, integration_types: [0] } : { guild_id: guildId }),
      nsfw: false,
      ...input,
      ...(input['options'] !== undefined ? { options: input['options'] } : {}),
    };
  }

  private listCommands(p: ParamsReader, guildId: string | null): HttpResult {
    return this.checkApp(p, guildId) ?? { status: 200, body: this.commandList(guildId) };
  }

  private putCommands(r: RecordedRequest, p: ParamsReader, guildId: string | null): HttpResult {
    const denied = this.checkApp(p, guildId);
    if (denied) return denied;
    if (!Array.isArray(r.body)) {
      const errors = new FormErrors();
      errors.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
      return formError(errors);
    }
    if (this.options.validate) {
      const invalid = validateCommands(r.body);
      if (!invalid.empty) return formError(invalid);
    }
    const list = this.commandList(guildId);
    const next = (r.body as unknown[]).filter(isObject).map((c) => {
      const type = num(c['type']) ?? 1;
      const existing = list.find((e) => e['name'] === c['name'] && (num(e['type']) ?? 1) === type);
      return this.normalizeCommand(c, guildId, existing);
    });
    list.length = 0;
    list.push(...next);
    return { status: 200, body: next };
  }

  private postCommand(r: RecordedRequest, p: ParamsReader, guildId: string | null): HttpResult {
    const denied = this.checkApp(p, guildId);
    if (denied) return denied;
    const body: JsonObject = isObject(r.body) ? r.body : {};
    if (this.options.validate) {
      const invalid = validateCommands([body], true);
      if (!invalid.empty) return formError(invalid);
    }
    const list = this.commandList(guildId);
    const type = num(body['type']) ?? 1;
    const index = list.findIndex((e) => e['name'] === body['name'] && (num(e['type']) ?? 1) === type);
    const command = this.normalizeCommand(body, guildId, index >= 0 ? list[index] : undefined);
    if (index >= 0) list[index] = command;
    else list.push(command);
    return { status: index >= 0 ? 200 : 201, body: command };
  }

  private deleteCommand(p: ParamsReader, guildId: string | null): HttpResult {
    const denied = this.checkApp(p, guildId);
    if (denied) return denied;
    const list = this.commandList(guildId);
    const index = list.findIndex((c) => c['id'] === p.get('commandId'));
    if (index < 0) return error(404, 10063, 'Unknown application command');
    list.splice(index, 1);
    return { status: 204 };
  }
}
