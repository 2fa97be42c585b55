/**
 * End to end: `/corpus add` while a refresh is running. The file is saved at once; the reply must
 * not tell the moderator to "try again" (trying again would add the file a second time) but
 * report the refresh that runs after the one in flight and indexes the upload.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { IndexBuilder } from '../../src/corpus/IndexBuilder.js';
import { FakePermissions, type FakeDiscord, type SentInteraction } from '../support/FakeDiscord.js';
import { corpusAddInteraction, Harness, unescapeMarkdown, uploadAttachment, type RunningBot, REFRESH_DEADLINE_MS } from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;
let corpusDir: string;

const GUILD = '1300000000000000001';
const CHANNEL = '1300000000000000010';
const MODERATOR = { user: { id: '310000000000000001', username: 'moderator' }, permissions: FakePermissions.manageGuild };

beforeAll(async () => {
  corpusDir = await harness.corpus();
  fake = await harness.fake({ guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: 'newsroom' }] }] });
  running = await harness.startBot(fake, { corpusDir });
});

harness.checkBotMessages();
afterAll(() => vi.restoreAllMocks());

async function finalText(sent: SentInteraction): Promise<string> {
  const edit = await fake.waitForRequest(
    (request) =>
      request.method === 'PATCH' &&
      request.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original` &&
      !/Refreshing the corpus… \d+ s$/.test(request.body?.content ?? ''),
    REFRESH_DEADLINE_MS,
  );
  return unescapeMarkdown(edit.body.content);
}

it('an upload during a refresh is saved once and indexed by the refresh after it, never answered "try again"', async () => {
  // The refresh in flight has read the folder, and reports back only when released.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let scanned!: () => void;
  const firstScanned = new Promise<void>((resolve) => (scanned = resolve));
  const build = IndexBuilder.prototype.build;
  vi.spyOn(IndexBuilder.prototype, 'build').mockImplementation(async function (this: IndexBuilder, request) {
    const response = await build.call(this, request);
    scanned();
    await released;
    return response;
  });
  const inFlight = running.corpus.refresh();
  await firstScanned;

  // Released once the upload's handler has asked for its refresh, by whichever method.
  const corpus = running.corpus as unknown as Record<string, unknown>;
  for (const name of ['refresh', 'refreshQueued']) {
    const method = corpus[name];
    if (typeof method !== 'function') continue;
    corpus[name] = (...args: unknown[]) => {
      release();
      return (method as (...a: unknown[]) => unknown).apply(running.corpus, args);
    };
  }
  try {
    const data = new TextEncoder().encode('Derna Dam Repairs\n\nEngineers began repairing the dams above Derna on Tuesday.\n');
    const attachment = await uploadAttachment(fake, CHANNEL, 'derna-dams.txt', data);
    const text = await finalText(corpusAddInteraction(fake, { guildId: GUILD, channelId: CHANNEL }, MODERATOR, attachment));
    expect(text).not.toMatch(/already running/);
    expect(text).toMatch(/^Saved as derna-dams\.txt\.\nRefreshed in /);
    expect(text).toContain('**Added** (1):\n• derna-dams');
    expect((await inFlight).kind).toBe('refreshed');
    expect(running.corpus.current.index.documents.map((document) => document.id)).toContain('derna-dams');
    expect((await readdir(corpusDir)).filter((name) => name.startsWith('derna-dams'))).toEqual(['derna-dams.txt']);
  } finally {
    delete corpus.refresh;
    delete corpus.refreshQueued;
  }
});
