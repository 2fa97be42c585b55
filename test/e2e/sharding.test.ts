/**
 * End to end: `npm run start:sharded` (src/bin/startSharded.ts) as a child process with
 * TOTAL_SHARDS=2, against a fake that routes each server's events to its shard. The manager
 * builds the snapshot once and both shard processes load it; each shard answers its own server; a
 * refresh on shard 0 builds once, shard 1 reloads the snapshot it wrote and answers from the new
 * article; SIGTERM to the manager stops every shard, all exiting 0. The tests build on each other.
 * And `npm start` beside it: one process, whatever TOTAL_SHARDS says.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakePermissions, shardForGuild, type FakeDiscord, type SentInteraction } from '../support/FakeDiscord.js';
import { CEASEFIRE_QUESTION, CEASEFIRE_QUOTE, Harness, REPO_DIR, unescapeMarkdown, waitForAnswer } from './harness.js';

const harness = new Harness();
const APPLICATION_ID = '123456789012345678';
const TOKEN = `e2e-sharded.${randomBytes(36).toString('base64url')}`;
const TSX_LOADER = pathToFileURL(path.join(REPO_DIR, 'node_modules/tsx/dist/loader.mjs')).href;
/** (id >> 22) % 2: the first server's events go to shard 0, the second's to shard 1. */
const GUILD_ON_SHARD_0 = '1300000000000000001';
const GUILD_ON_SHARD_1 = '1310000000000000001';
const MODERATOR = { id: '300000000000000001', username: 'moderator' };

const NEW_ARTICLE =
  '---\ntitle: Ghadames talks\nsource: Test Wire\n---\nThe delegates met in Ghadames to prepare the national conference.\n\nA second paragraph about the talks.\n';
const NEW_QUESTION = 'Where did the delegates meet to prepare the national conference?';
const NEW_QUOTE = 'The delegates met in Ghadames to prepare the national conference.';

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  /** stderr, with anything written to stdout marked `[stdout]`. */
  readonly output: () => string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let fake: FakeDiscord;
let corpusDir: string;
let workDir: string;
let settings: Record<string, string>;
let manager: Child;
const children = new Set<Child>();

beforeAll(async () => {
  expect(shardForGuild(GUILD_ON_SHARD_0, 2)).toBe(0);
  expect(shardForGuild(GUILD_ON_SHARD_1, 2)).toBe(1);
  fake = await harness.fake({
    applicationId: APPLICATION_ID,
    token: TOKEN,
    shards: 2,
    // Both shards may identify at once: no 5-second pause between them.
    maxConcurrency: 2,
    guilds: [
      { id: GUILD_ON_SHARD_0, name: 'Shard zero', channels: [{ id: '1300000000000000010', name: 'general' }] },
      { id: GUILD_ON_SHARD_1, name: 'Shard one', channels: [{ id: '1310000000000000010', name: 'general' }] },
    ],
  });
  corpusDir = await harness.corpus();
  // In an empty folder, so no .env of a developer is read; configuration only through the environment.
  workDir = await harness.tempDir('isnad-e2e-cwd-');
  settings = {
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: corpusDir,
    SNAPSHOT_DIR: await harness.tempDir('isnad-e2e-snapshots-'),
    DATA_DIR: await harness.tempDir('isnad-e2e-data-'),
    // The moderator's refresh comes from this server.
    CORPUS_GUILD_IDS: GUILD_ON_SHARD_0,
    // The lines as a person reads them in a terminal (`<time> isnad shard 0: …`), matched below.
    LOG_FORMAT: 'pretty',
  };
  manager = run('startSharded.ts', { ...settings, TOTAL_SHARDS: '2' });
});

afterEach(() => {
  expect(harness.mentionViolations()).toEqual([]);
});

afterAll(async () => {
  // Only after a failure; a manager's shards stop on their own once it is gone.
  for (const child of children) child.process.kill('SIGKILL');
  await harness.close();
});

/** Runs `src/bin/<script>` as `node --import tsx` does, with the parent's environment minus any isnad or Discord setting, plus `extra`. */
function run(script: string, extra: Record<string, string>): Child {
  const env: NodeJS.ProcessEnv = {};
  const ours = /^(DISCORD_|CORPUS_DIR$|SNAPSHOT_DIR$|DATA_DIR$|MODERATOR_ROLE_IDS$|RATE_LIMIT_|MAX_UPLOAD_BYTES$|CORPUS_GUILD_IDS$|SHARD|LOG_|MONITORING_)/;
  for (const [key, value] of Object.entries(process.env)) if (!ours.test(key)) env[key] = value;
  const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(REPO_DIR, 'src/bin', script)], {
    cwd: workDir,
    env: { ...env, ...extra },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += `[stdout] ${chunk}`));
  const running: Child = {
    process: child,
    output: () => output,
    exit: new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal }))),
  };
  children.add(running);
  void running.exit.then(() => children.delete(running));
  return running;
}

/** The log lines of `child` (for the manager: its shards' too, they share its stderr) that match `pattern`. */
function lines(pattern: RegExp, child = manager): string[] {
  return child
    .output()
    .split('\n')
    .filter((line) => pattern.test(line));
}

async function waitForLog(pattern: RegExp, child = manager, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (lines(pattern, child).length === 0) {
    if (child.process.exitCode !== null) throw new Error(`exited (${child.process.exitCode}) before ${pattern}:\n${child.output()}`);
    if (Date.now() - started > timeoutMs) throw new Error(`no ${pattern} after ${timeoutMs} ms:\n${child.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function ask(guildId: string, question: string): Promise<{ sent: SentInteraction; text: string }> {
  const sent = fake.slashCommand({ name: 'ask', guildId, options: { question } });
  const answer = await waitForAnswer(fake, sent, 10_000);
  return { sent, text: unescapeMarkdown(answer.body.embeds?.[0]?.description ?? answer.body.content ?? '') };
}

/** The refresh reply as the moderator finally sees it: the last edit, not a progress edit. */
async function finalText(sent: SentInteraction): Promise<string> {
  const edit = await fake.waitForRequest(
    (request) =>
      request.method === 'PATCH' &&
      request.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original` &&
      !/Refreshing the corpus… \d+ s$/.test(request.body?.content ?? ''),
    20_000,
  );
  return unescapeMarkdown(edit.body.content);
}

describe('npm run start:sharded (src/bin/startSharded.ts)', () => {
  it('builds the snapshot once, then runs two shard processes that load it; each shard answers its own server', async () => {
    // The shards start one after the other, each a fresh process: on a loaded two-core machine
    // (CI beside other work) that has taken over 15 s.
    await waitForLog(/isnad manager: all 2 shards ready/, manager, 45_000);
    expect(fake.identifies.map((identify) => identify.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(new Set(fake.identifies.map((identify) => identify.token))).toEqual(new Set([TOKEN]));

    // One build, in the manager; both shards load its snapshot.
    expect(lines(/isnad manager: corpus: /)).toEqual([expect.stringMatching(/corpus: 7 documents, \d+ passages \(index built, snapshot written\)/)]);
    for (const shard of [0, 1]) {
      expect(lines(new RegExp(`isnad manager: shard ${shard} of 2 ready$`))).toHaveLength(1);
      // The manager hears "ready" over IPC, which can overtake the shard's own line on the shared stderr.
      await waitForLog(new RegExp(`isnad shard ${shard}: ready as `));
      expect(lines(new RegExp(`isnad shard ${shard}: ready as `))).toEqual([
        expect.stringMatching(/ready as isnad#?\d*: 7 documents, \d+ passages \(index loaded from snapshot\), 1 server, \d+ ms$/),
      ]);
    }
    expect(lines(/index built|rebuilding/)).toHaveLength(1);
    // Feeds are polled, and the folder watched, by shard 0 alone: one poll and one refresh, not one per shard.
    // (Each shard logs it before its ready line, and both ready lines are in.)
    expect(lines(/this process polls the feeds/)).toEqual([expect.stringMatching(/isnad shard 0: this process polls the feeds \(every 30 min\)/)]);

    const first = await ask(GUILD_ON_SHARD_0, CEASEFIRE_QUESTION);
    const second = await ask(GUILD_ON_SHARD_1, CEASEFIRE_QUESTION);
    // Each interaction went only to the gateway session of its server's shard, so that shard's process answered it.
    expect([first.sent.shard, first.sent.status]).toEqual([0, 'sent']);
    expect([second.sent.shard, second.sent.status]).toEqual([1, 'sent']);
    expect(first.text).toContain(CEASEFIRE_QUOTE);
    expect(second.text).toContain(CEASEFIRE_QUOTE);
  });

  it('a refresh on shard 0 builds once and reports the diff; shard 1 reloads its snapshot and answers from the new article', async () => {
    expect((await ask(GUILD_ON_SHARD_1, NEW_QUESTION)).text).not.toContain(NEW_QUOTE);
    await writeFile(path.join(corpusDir, 'ghadames-talks.txt'), NEW_ARTICLE);

    const refresh = fake.slashCommand({
      name: 'corpus',
      guildId: GUILD_ON_SHARD_0,
      user: MODERATOR,
      permissions: FakePermissions.manageGuild,
      options: [{ type: 1, name: 'refresh' }],
    });
    expect(refresh.shard).toBe(0);
    const text = await finalText(refresh);
    expect(text).toMatch(/^Refreshed in \d+\.\d s\./);
    expect(text).toContain('**Added** (1):\n• ghadames-talks');
    expect(text).toContain('**Removed** (0):\nnone');
    expect(text).toMatch(/\n\*\*Other shards\*\* \(1\):\n• shard 1: loaded the new index from the snapshot$/);

    const after = await ask(GUILD_ON_SHARD_1, NEW_QUESTION);
    expect(after.sent.shard).toBe(1);
    expect(after.text).toContain(NEW_QUOTE);

    // Built once (shard 0's build worker found the snapshot stale); shard 1 only read the snapshot.
    expect(lines(/snapshot not used, rebuilding/)).toEqual([expect.stringMatching(/isnad shard 0: snapshot not used, rebuilding: corpus changed/)]);
    expect(lines(/isnad shard 0: refresh by 300000000000000001: refreshed$/)).toHaveLength(1);
    expect(lines(/isnad manager: shard 0 refreshed the corpus; 1 other shard reloads it$/)).toHaveLength(1);
    expect(lines(/corpus refreshed on another shard/)).toEqual([
      expect.stringMatching(/isnad shard 1: corpus refreshed on another shard: loaded the new index from the snapshot \(\d+ ms\): 8 documents, \d+ passages$/),
    ]);
    expect(lines(/refreshing instead/)).toEqual([]);
  });

  it('SIGTERM to the manager stops every shard; all exit 0, and the token is never printed', async () => {
    manager.process.kill('SIGTERM');
    expect(await manager.exit).toEqual({ code: 0, signal: null });
    expect(lines(/isnad manager: SIGTERM: stopping the shards$/)).toHaveLength(1);
    for (const shard of [0, 1]) expect(lines(new RegExp(`isnad shard ${shard}: SIGTERM: finishing replies in flight, then stopping$`))).toHaveLength(1);
    expect(lines(/isnad manager: stopped \(shard 0: exit 0, shard 1: exit 0\)$/)).toHaveLength(1);
    expect(manager.output()).not.toMatch(/unexpected error|\n\s+at |\[stdout\]/);
    expect(manager.output()).not.toContain(TOKEN.slice(0, 24));
  });
});

describe('npm start beside it', () => {
  // The setting is named TOTAL_SHARDS because discord.js's Client reads SHARD_COUNT from the
  // environment (meant for a ShardingManager's shards): whatever .env says, npm start is one shard.
  it.each(['', 'auto', '2'])('runs as one process serving every server, with TOTAL_SHARDS=%j', async (shardCount) => {
    const identified = fake.identifies.length;
    const child = run('start.ts', { ...settings, TOTAL_SHARDS: shardCount });
    await waitForLog(/ready as /, child);
    expect(lines(/ready as /, child)).toEqual([
      expect.stringMatching(/isnad: ready as isnad#?\d*: 8 documents, \d+ passages \(index loaded from snapshot\), 2 servers, \d+ ms$/),
    ]);
    expect(fake.identifies.slice(identified).map((identify) => identify.shard)).toEqual([[0, 1]]);
    child.process.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
    expect(child.output()).not.toMatch(/unexpected error|\n\s+at |\[stdout\]/);
  });
});
