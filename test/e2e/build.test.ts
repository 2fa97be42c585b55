/**
 * The production build as an operator deploys it: `npm run build` compiles src/ into a folder laid
 * out like a pruned install (dist/, lexicon/, package.json, and a node_modules without tsx,
 * typescript or vitest), and the compiled bot runs there with plain `node` — no loader, no
 * NODE_OPTIONS. `npm start`: ready, /ask answered, a /corpus refresh built by the compiled refresh
 * process, the lexicon found, /healthz and /metrics served, exit 0 on SIGTERM.
 * `npm run start:sharded`: the manager and a shard process, both compiled, answer /ask.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, readdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakePermissions, type FakeDiscord } from '../support/FakeDiscord.js';
import { CEASEFIRE_QUESTION, CEASEFIRE_QUOTE, Harness, REPO_DIR, unescapeMarkdown, waitForAnswer } from './harness.js';

const harness = new Harness();
const APPLICATION_ID = '123456789012345678';
const TOKEN = `e2e-build.${randomBytes(36).toString('base64url')}`;
/** What `npm prune --omit=dev` takes away that the code could reach for by mistake. */
const DEV_ONLY = new Set(['tsx', 'typescript', 'vitest', '@vitest', 'vite', 'esbuild', '@esbuild', '.bin']);

let fake: FakeDiscord;
/** The deployed folder: its dist/ is what `npm run build` wrote. */
let deployed: string;
let workDir: string;
const children = new Set<ChildProcessWithoutNullStreams>();

beforeAll(async () => {
  deployed = await harness.tempDir('isnad-e2e-deployed-');
  // --noCheck: the files `npm run build` writes, without its type check, which `npm test` has run
  // over the same sources (`tsc --noEmit`) before this file: a second check was 11 of this file's
  // ~28 CPU seconds. tsc emits the same bytes with or without it.
  const built = spawnSync('npm', ['run', 'build', '--', '--noCheck', '--outDir', path.join(deployed, 'dist')], { cwd: REPO_DIR, encoding: 'utf8' });
  expect(built.status, `${built.stdout}\n${built.stderr}`).toBe(0);
  // "type": "module" for the compiled files; the lexicon is found beside dist/, as in the repository.
  await copyFile(path.join(REPO_DIR, 'package.json'), path.join(deployed, 'package.json'));
  await symlink(path.join(REPO_DIR, 'lexicon'), path.join(deployed, 'lexicon'));
  await mkdir(path.join(deployed, 'node_modules'));
  for (const name of await readdir(path.join(REPO_DIR, 'node_modules'))) {
    if (!DEV_ONLY.has(name)) await symlink(path.join(REPO_DIR, 'node_modules', name), path.join(deployed, 'node_modules', name));
  }
  fake = await harness.fake({ applicationId: APPLICATION_ID, token: TOKEN });
  workDir = await harness.tempDir('isnad-e2e-cwd-');
}, 180_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await harness.close();
});

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** `node dist/bin/<script>` in the deployed folder, with no loader and none of the parent's node flags. */
function run(script: string, settings: Record<string, string>): Child {
  const env: NodeJS.ProcessEnv = {};
  const ours =
    /^(DISCORD_|CORPUS_DIR$|SNAPSHOT_DIR$|DATA_DIR$|MODERATOR_ROLE_IDS$|RATE_LIMIT_|MAX_UPLOAD_BYTES$|CORPUS_GUILD_IDS$|SHARD|LOG_|MONITORING_|TOTAL_SHARDS$|NODE_OPTIONS$|VITEST|TSX)/;
  for (const [key, value] of Object.entries(process.env)) if (!ours.test(key)) env[key] = value;
  const child = spawn(process.execPath, [path.join(deployed, 'dist/bin', script)], {
    cwd: workDir,
    env: { ...env, ...settings },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stderr += `[stdout] ${chunk}`));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    }),
  );
  return { process: child, stderr: () => stderr, exit };
}

/** The messages of the JSON log lines (stderr is not a terminal), in order. */
function messages(child: Child): string[] {
  return child
    .stderr()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => (JSON.parse(line) as { msg: string }).msg);
}

async function waitForMessage(child: Child, pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
  const started = Date.now();
  for (;;) {
    for (const message of messages(child)) {
      const match = pattern.exec(message);
      if (match !== null) return match;
    }
    if (child.process.exitCode !== null) throw new Error(`exited with ${child.process.exitCode} before ${pattern}:\n${child.stderr()}`);
    if (Date.now() - started > timeoutMs) throw new Error(`no ${pattern} after ${timeoutMs} ms:\n${child.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function settings(): Promise<Record<string, string>> {
  return {
    DISCORD_TOKEN: TOKEN,
    DISCORD_APPLICATION_ID: APPLICATION_ID,
    DISCORD_API_URL: fake.apiUrl,
    CORPUS_DIR: await harness.corpus(),
    SNAPSHOT_DIR: await harness.tempDir('isnad-e2e-snapshots-'),
    DATA_DIR: await harness.tempDir('isnad-e2e-data-'),
    CORPUS_GUILD_IDS: fake.defaultGuildId!,
  };
}

/** The value of one series in a Prometheus text exposition. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('the compiled build, run with plain node where tsx is not installed', () => {
  it('npm start: ready, answers /ask, refreshes through the compiled refresh process, loads the lexicon, serves /healthz and /metrics, exits 0 on SIGTERM', async () => {
    const child = run('start.js', { ...(await settings()), MONITORING_PORT: '0' });
    const [, url] = await waitForMessage(child, /^health and metrics on (http:\/\/127\.0\.0\.1:\d+)\/healthz/);
    await waitForMessage(child, /^ready as isnad#?\d*: 7 documents, \d+ passages \(index built\), 1 server, \d+ ms$/);
    // Runtime data beside dist/: the lexicon file.
    await waitForMessage(child, /^lexicon loaded \(\d+ word pairs\)/);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, gateway: 'connected', index: { loaded: true, documents: 7 } });

    const sent = fake.slashCommand({ name: 'ask', options: { question: CEASEFIRE_QUESTION } });
    expect(unescapeMarkdown((await waitForAnswer(fake, sent, 10_000)).body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);

    const refresh = fake.slashCommand({ name: 'corpus', permissions: FakePermissions.manageGuild, options: [{ type: 1, name: 'refresh' }] });
    const refreshed = await fake.waitForRequest(
      (request) =>
        request.method === 'PATCH' &&
        request.path === `/webhooks/${APPLICATION_ID}/${refresh.token}/messages/@original` &&
        /^Refreshed in /.test(request.body?.content ?? ''),
      30_000,
    );
    expect(refreshed.status).toBe(200);

    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(sample(metrics, 'isnad_questions_total{language="en",outcome="answer"}')).toBe(1);
    expect(sample(metrics, 'isnad_refreshes_total{outcome="refreshed"}')).toBe(1);

    child.process.kill('SIGTERM');
    expect(await child.exit).toEqual({ code: 0, signal: null });
    expect(child.stderr()).not.toContain('[stdout]');
    expect(child.stderr()).not.toMatch(/unexpected error|ERR_MODULE_NOT_FOUND|Cannot find/);
    expect(child.stderr()).not.toContain(TOKEN);
  });

  it('npm run start:sharded: the compiled manager starts a compiled shard process, which answers /ask; SIGTERM stops both with exit 0', async () => {
    const manager = run('startSharded.js', { ...(await settings()), TOTAL_SHARDS: '1' });
    await waitForMessage(manager, /^all 1 shards ready/, 60_000);
    const sent = fake.slashCommand({ name: 'ask', options: { question: CEASEFIRE_QUESTION } });
    expect(unescapeMarkdown((await waitForAnswer(fake, sent, 10_000)).body.embeds[0].description)).toContain(CEASEFIRE_QUOTE);
    manager.process.kill('SIGTERM');
    expect(await manager.exit).toEqual({ code: 0, signal: null });
    expect(messages(manager)).toContain('stopped (shard 0: exit 0)');
    expect(manager.stderr()).not.toMatch(/unexpected error|ERR_MODULE_NOT_FOUND|Cannot find/);
    expect(manager.stderr()).not.toContain(TOKEN);
  });
});
