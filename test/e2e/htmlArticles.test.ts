/**
 * End to end: a moderator uploads a saved web page with /corpus add; a member then asks, and the
 * answer quotes the page's reader text, cited with the page's publisher, date and link.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { FakePermissions, type FakeDiscord, type FakeUserInput, type SentInteraction } from '../support/FakeDiscord.js';
import { corpusAddInteraction, Harness, unescapeMarkdown, uploadAttachment, waitForAnswer, type RunningBot, REFRESH_DEADLINE_MS } from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;
let corpusDir: string;

const GUILD = '1300000000000000001';
const CHANNEL = '1300000000000000010';
const MODERATOR: FakeUserInput = { id: '310000000000000001', username: 'moderator' };
const MEMBER: FakeUserInput = { id: '310000000000000003', username: 'member' };
const fixturesDir = fileURLToPath(new URL('../fixtures/html/', import.meta.url));

beforeAll(async () => {
  corpusDir = await harness.corpus();
  fake = await harness.fake({ guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: 'newsroom' }] }] });
  running = await harness.startBot(fake, { corpusDir, corpusGuildIds: [GUILD], maxUploadBytes: 64 * 1024 });
});

harness.checkBotMessages();

/** The moderator's final reply: the edit of the deferred reply that is not a progress line. */
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

const add = (attachment: Parameters<typeof corpusAddInteraction>[3]) =>
  corpusAddInteraction(fake, { guildId: GUILD, channelId: CHANNEL }, { user: MODERATOR, permissions: FakePermissions.manageGuild }, attachment);

describe('/corpus add with a saved web page, then /ask', () => {
  it('indexes the page and quotes it with its publisher, date and link', async () => {
    const page = await readFile(path.join(fixturesDir, 'en-harbour-storm.html'));
    const text = await finalText(add(await uploadAttachment(fake, CHANNEL, 'Harbour Storm.html', page)));
    expect(text).toMatch(/^Saved as harbour-storm\.html\.\nRefreshed in /);
    expect(text).toContain('**Added** (1):\n• harbour-storm');
    expect(Buffer.compare(await readFile(path.join(corpusDir, 'harbour-storm.html')), page)).toBe(0);

    const ask = fake.slashCommand({ name: 'ask', user: MEMBER, options: { question: 'How many people did rescuers pull from the water?' } });
    const embed = (await waitForAnswer(fake, ask)).body.embeds[0];
    expect(unescapeMarkdown(embed.description)).toContain('Rescuers pulled forty people from the water during the morning');
    const sources = unescapeMarkdown(embed.fields[0].value);
    expect(sources).toContain(
      '[Storm floods three harbour towns as rescuers search for missing](https://www.coastalcourier.example/news/2024/03/05/storm-floods-harbour-towns)',
    );
    expect(sources).toContain('The Coastal Courier · 2024-03-05 · ¶ 2');
    // The page's chrome was never indexed.
    expect(
      running.corpus.current.index.documents
        .find((d) => d.file === 'harbour-storm.html')!
        .passages.some((p) => /cookies|Share on Facebook|Seagull77/.test(p.text)),
    ).toBe(false);
  });

  it('refuses a page that is not an article and saves nothing', async () => {
    const page = await readFile(path.join(fixturesDir, 'not-article-section-index.html'));
    const text = await finalText(add(await uploadAttachment(fake, CHANNEL, 'world.html', page)));
    expect(text).toMatch(/^Not added: the page is not an article: /);
    await expect(readFile(path.join(corpusDir, 'world.html'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
