/**
 * End to end through the real entry points, as child processes: `src/bin/start.ts` (ready line,
 * one answer, SIGTERM → exit 0, the token never printed), `src/bin/registerCommands.ts` (guild or
 * global route), and a start-up with a missing setting. Configuration only through the environment.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandData } from '../../src/discord/commands/index.js';
import type { FakeDiscord } from '../support/FakeDiscord.js';
import { CEASEFIRE_QUESTION, CEASEFIRE_QUOTE, Harness, REPO_DIR, unescapeMarkdown, waitForAnswer } from './harness.js';

const harness = new Harness();
const APPLICATION_ID = '123456789012345678';
/** Distinctive, so that any leak into the output is found. */
const SECRET_TOKEN = `e2e-secret.${randomBytes(36).toString('base64url')}`;
const TSX_LOADER = pathToFileURL(path.join(REPO_DIR, 'node_modules/tsx/dist/loader.mjs')).href;

let fake: FakeDiscord;
/** The children run in an empty folder, so no .env of a developer is read. */
let workDir: string;
const children = new Set<ChildProcessWithoutNullStreams>();

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly output: { stdout: string; stderr: string };
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

beforeAll(async () => {
  fake = await harness.fake({ applicationId: APPLICATION_ID, token: SECRET_TOKEN });
  workDir = await harness.tempDir('isnad-e2e-cwd-');
});

afterEach(() => {
  expect(harness.mentionViolations()).toEqual([]);
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await harness.close();
  expect(harness.mentionViolations()).toEqual([]);
});

/** The environment of a child: the parent's, without any isnad or Discord setting, plus `settings`. */
function environment(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  const ours = /^(DISCORD_|CORPUS_DIR$|SNAPSHOT_DIR$|DATA_DIR$|MODERATOR_ROLE_IDS$|RATE_LIMIT_|MAX_UPLOAD_BYTES$|CORPUS_GUILD_IDS$|LOG_|MONITORING_)/;
  for (const [key, value] of Object.entries(process.env)) if (!ours.test(key)) env[key] = value;
  return { ...env, ...settings };
}

function run(script: string, settings: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(REPO_DIR, 'src/bin', script)], {
    cwd: workDir,
    env: environment(settings),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { process: child, output, exit };
}

async function botSettings(): Promise<Record<string, string>> {
  return {
    DISCORD_TOKEN: SECRET_TOKEN,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: await harness.corpus(),
    SNAPSHOT_DIR: await harness.tempDir('isnad-e2e-snapshots-'),
    DATA_DIR: await harness.tempDir('isnad-e2e-data-'),
  };
}

async function waitForOutput(child: Child, pattern: RegExp, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!pattern.test(child.output.stderr)) {
    if (child.process.exitCode !== null) throw new Error(`exited with ${child.process.exitCode} before ${pattern}:\n${child.output.stderr}`);
    if (Date.now() - started > timeoutMs) throw new Error(`no ${pattern} after ${timeoutMs} ms:\n${child.output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The log of a process whose stderr is not a terminal: one pino JSON object per line. */
function logEntries(stderr: string): { level: number; time: string; name: string; msg: string; pid: number }[] {
  return stderr
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

describe('npm start (src/bin/start.ts)', () => {
  it('logs one ready line with the counts, answers /ask, finishes the reply in flight and exits 0 on SIGTERM, never prints the token', async () => {
    const child = run('start.ts', await botSettings());
    await waitForOutput(child, /ready as .*\n/);
    // Not a terminal: JSON lines, every one of them.
    const ready = logEntries(child.output.stderr).filter((entry) => entry.msg.startsWith('ready as '));
    expect(ready).toHaveLength(1);
    expect(ready[0]).toMatchObject({ level: 30, name: 'isnad', pid: child.process.pid, time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(ready[0]?.msg).toMatch(/^ready as isnad#?\d*: 7 documents, \d+ passages \(index built\), 1 server, \d+ ms$/);
    expect(fake.identifies.at(-1)?.token).toBe(SECRET_TOKEN);

    const sent = fake.slashCommand({ name: 'ask', options: { question: CEASEFIRE_QUESTION } });
    const answer = await waitForAnswer(fake, sent, 10_000);
    expect(unescapeMarkdown(answer.body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);

    // SIGTERM while an answer is on its way: it is finished before the process exits.
    fake.delayNext({ method: 'PATCH', path: /\/messages\/@original$/ }, 1000);
    const inFlight = fake.slashCommand({ name: 'ask', options: { question: CEASEFIRE_QUESTION } });
    await fake.waitForRequest({ method: 'POST', path: `/interactions/${inFlight.id}/${inFlight.token}/callback` });
    child.process.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
    const finished = fake.repliesFor(inFlight.token).find((request) => request.method === 'PATCH');
    expect(finished?.status).toBe(200);
    expect(unescapeMarkdown(finished?.body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
    const entries = logEntries(child.output.stderr);
    expect(entries.map((entry) => entry.msg)).toContain('SIGTERM: finishing replies in flight, then stopping');
    expect(entries.filter((entry) => entry.level >= 40 || /unexpected error|\n\s+at /.test(entry.msg))).toEqual([]);
    expect(child.output.stdout).toBe('');
    expect(child.output.stdout + child.output.stderr).not.toContain(SECRET_TOKEN);
    expect(child.output.stdout + child.output.stderr).not.toContain(SECRET_TOKEN.slice(0, 24));
  });

  it('loads the lexicon once ready, warms up on its own corpus, then answers an Arabic question from the English article, labelled with its language', async () => {
    const child = run('start.ts', await botSettings());
    await waitForOutput(child, /lexicon loaded \(\d+ word pairs\)/);
    // The seven articles' sentences give fewer questions than the default thousand: each is asked once.
    await waitForOutput(child, /warmed up: \d+ questions from the corpus answered to itself in \d+ ms/);
    expect(Number(/warmed up: (\d+)/.exec(child.output.stderr)?.[1])).toBeGreaterThan(50);
    const sent = fake.slashCommand({ name: 'ask', options: { question: 'ماذا فعل الهلال الأحمر الليبي بالعائلات؟' } });
    const answer = await waitForAnswer(fake, sent, 10_000);
    const embed = answer.body.embeds[0];
    expect(unescapeMarkdown(embed.description)).toContain('The Libyan Red Crescent has evacuated an undisclosed number of families');
    // The quote stays in English, verbatim; the citation says so in the reply's language.
    expect(JSON.stringify(embed)).toContain('بالإنجليزية');
    child.process.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
    expect(child.output.stderr).not.toMatch(/unexpected error|could not be loaded/);
  });

  it('on SIGINT (Ctrl-C) also finishes the reply in flight and exits 0', async () => {
    const child = run('start.ts', await botSettings());
    await waitForOutput(child, /ready as .*\n/);
    fake.delayNext({ method: 'PATCH', path: /\/messages\/@original$/ }, 1000);
    const inFlight = fake.slashCommand({ name: 'ask', options: { question: CEASEFIRE_QUESTION } });
    await fake.waitForRequest({ method: 'POST', path: `/interactions/${inFlight.id}/${inFlight.token}/callback` });
    child.process.kill('SIGINT');
    expect(await child.exit).toEqual({ code: 0, signal: null });
    const finished = fake.repliesFor(inFlight.token).find((request) => request.method === 'PATCH');
    expect(finished?.status).toBe(200);
    expect(unescapeMarkdown(finished?.body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
    expect(child.output.stderr).toMatch(/SIGINT: finishing replies in flight, then stopping/);
  });

  it('a missing DISCORD_TOKEN: exit code 1 and one readable message naming it', async () => {
    const { DISCORD_TOKEN: _omitted, ...settings } = await botSettings();
    const child = run('start.ts', settings);
    expect(await child.exit).toEqual({ code: 1, signal: null });
    expect(child.output.stdout).toBe('');
    const lines = child.output.stderr.trim().split('\n');
    expect(lines).toEqual([
      'isnad cannot start; fix these settings in .env (see .env.example):',
      expect.stringMatching(/^- DISCORD_TOKEN is missing: .*Developer Portal/),
    ]);
    expect(fake.identifies.filter((identify) => identify.token !== SECRET_TOKEN)).toEqual([]);
  });

  it('a token Discord refuses (401): exit code 1 within seconds, the configuration message naming DISCORD_TOKEN, the token never printed', async () => {
    // Well-formed, so the configuration accepts it; the fake (like Discord) demands another.
    const refused = `e2e-refused.${randomBytes(36).toString('base64url')}`;
    const child = run('start.ts', { ...(await botSettings()), DISCORD_TOKEN: refused });
    // Without the fix the process lingers (the refresh worker keeps the event loop alive): bounded here.
    const exit = await Promise.race([child.exit, new Promise((resolve) => setTimeout(() => resolve('still running after 20 s'), 20_000))]);
    expect(exit).toEqual({ code: 1, signal: null });
    expect(child.output.stdout).toBe('');
    const lines = child.output.stderr.trim().split('\n');
    expect(lines.slice(-2)).toEqual([
      'isnad cannot start; fix these settings in .env (see .env.example):',
      expect.stringMatching(/^- DISCORD_TOKEN was refused by Discord \(401 Unauthorized\): .*Developer Portal/),
    ]);
    expect(child.output.stderr).not.toMatch(/unexpected error|\n\s+at /);
    for (const secret of [refused, refused.slice(0, 24), SECRET_TOKEN]) expect(child.output.stderr).not.toContain(secret);
    // It asked Discord once and gave up: no retry loop against a token that will not work.
    expect(fake.requests.filter((request) => request.path === '/gateway/bot' && request.status === 401).length).toBeGreaterThanOrEqual(1);
  });
});

describe('npm run register-commands (src/bin/registerCommands.ts)', () => {
  const names = commandData().map((command) => command.name);

  it('with DISCORD_GUILD_ID: PUT to the server commands route, the same commands the bot serves', async () => {
    const guildId = fake.defaultGuildId!;
    const child = run('registerCommands.ts', { ...(await botSettings()), DISCORD_GUILD_ID: guildId });
    expect(await child.exit).toEqual({ code: 0, signal: null });
    const puts = fake.requests.filter((request) => request.method === 'PUT' && request.path === `/applications/${APPLICATION_ID}/guilds/${guildId}/commands`);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.status).toBe(200);
    expect((puts[0]!.body as { name: string }[]).map((command) => command.name)).toEqual(names);
    expect(puts[0]?.body).toEqual(JSON.parse(JSON.stringify(commandData())));
    expect(fake.registeredCommands(guildId).map((command) => command['name'])).toEqual(names);
    expect(child.output.stderr).toContain(`registered ${names.length} commands (${names.join(', ')}) to server ${guildId}`);
    expect(child.output.stdout + child.output.stderr).not.toContain(SECRET_TOKEN);
  });

  it('without DISCORD_GUILD_ID: PUT to the global commands route', async () => {
    const child = run('registerCommands.ts', await botSettings());
    expect(await child.exit).toEqual({ code: 0, signal: null });
    const puts = fake.requests.filter((request) => request.method === 'PUT' && request.path === `/applications/${APPLICATION_ID}/commands`);
    expect(puts).toHaveLength(1);
    expect((puts[0]!.body as { name: string }[]).map((command) => command.name)).toEqual(names);
    expect(fake.registeredCommands().map((command) => command['name'])).toEqual(names);
    expect(child.output.stderr).toMatch(/globally/);
    expect(child.output.stdout + child.output.stderr).not.toContain(SECRET_TOKEN);
  });
});
