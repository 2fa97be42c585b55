/**
 * End to end, through the real discord.js client against FakeDiscord and a local web server
 * (test/support/NewsServer.ts, the only host the bot is allowed to fetch from): a moderator adds a
 * link and follows feeds; members then get quotes cited to those pages. Links that must be refused
 * (the cloud metadata address, a redirect to it, a duplicate) are refused with a reason and leave
 * the corpus folder as it was. The tests build on each other, in order.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractArticleFromBytes } from '../../src/corpus/parseHtmlFile.js';
import { FakePermissions, type FakeDiscord, type FakeUserInput, type SentInteraction } from '../support/FakeDiscord.js';
import { NewsServer } from '../support/NewsServer.js';
import { Harness, unescapeMarkdown, waitForAnswer, type RunningBot, REFRESH_DEADLINE_MS } from './harness.js';

const harness = new Harness();
let fake: FakeDiscord;
let running: RunningBot;
let corpusDir: string;
let web: NewsServer;

const GUILD = '1200000000000000001';
const CHANNEL = '1200000000000000010';
const MODERATOR: FakeUserInput = { id: '300000000000000001', username: 'moderator' };
const MEMBER: FakeUserInput = { id: '300000000000000003', username: 'member' };
type Who = { user: FakeUserInput; permissions: string };
const asModerator: Who = { user: MODERATOR, permissions: FakePermissions.manageGuild };
const asMember: Who = { user: MEMBER, permissions: FakePermissions.member };

const GHADAMES_PAGE =
  'Delegates agree on Ghadames roadmap\n\n' +
  'Tribal delegates meeting in Ghadames agreed on a twelve-point roadmap for municipal elections.\n\n' +
  'The organisers said the first vote would be held in the spring.\n';
const GHADAMES_QUOTE = 'Tribal delegates meeting in Ghadames agreed on a twelve-point roadmap for municipal elections.';
const KUFRA_PAGE = 'Kufra clinic reopens\n\nThe Kufra field clinic reopened on Monday after engineers restored its water supply.\n';
const KUFRA_QUOTE = 'The Kufra field clinic reopened on Monday after engineers restored its water supply.';
const GHAT_PAGE = 'Solar farm near Ghat\n\nA solar farm near Ghat began feeding the southern grid with forty megawatts.\n';
const ZUWARA_PAGE = 'Zuwara port dredged\n\nDredgers deepened the fishing port of Zuwara to nine metres during the winter.\n';
const DERNA_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Derna dam inspection | Coast Desk</title>' +
  '<link rel="canonical" href="https://coast.example/derna-dam"></head><body><nav>Home | World</nav>' +
  '<article><h1>Derna dam inspection</h1><p>Engineers inspected the upper dam above Derna before the rains.</p></article></body></html>';

let rssItems: { title: string; path: string; date: string }[] = [];
let rssVersion = 1;
function rss(): string {
  const items = rssItems
    .map((item) => `<item><title>${item.title}</title><link>${web.url(item.path)}</link><guid>${item.path}</guid><pubDate>${item.date}</pubDate></item>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Sahel Wire</title><link>${web.origin}</link>${items}</channel></rss>`;
}
let atomFails = false;

beforeAll(async () => {
  web = await NewsServer.start();
  web
    .serve('/news/ghadames-roadmap', 'text/plain; charset=utf-8', GHADAMES_PAGE)
    .serve('/news/kufra-clinic', 'text/plain; charset=utf-8', KUFRA_PAGE)
    .serve('/news/ghat-solar', 'text/plain; charset=utf-8', GHAT_PAGE)
    .serve('/news/zuwara-port', 'text/plain; charset=utf-8', ZUWARA_PAGE)
    .serve('/news/derna-dam.html', 'text/html; charset=utf-8', DERNA_HTML)
    .serve('/news/photo.jpg', 'image/jpeg', new Uint8Array([0xff, 0xd8, 0xff]))
    .redirect('/go/metadata', 'http://169.254.169.254/latest/meta-data/iam/')
    .route('/feeds/wire.xml', (request, response) => {
      const etag = `"wire-${rssVersion}"`;
      if (request.headers['if-none-match'] === etag) return void response.writeHead(304, { etag }).end();
      response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag }).end(rss());
    })
    .route('/feeds/coast.atom', (_request, response) => {
      if (atomFails) return void response.writeHead(500, { 'content-type': 'text/plain' }).end('down');
      response
        .writeHead(200, { 'content-type': 'application/atom+xml' })
        .end(
          `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Coast Desk</title><id>urn:coast</id>` +
            `<entry><id>urn:coast:zuwara</id><title>Zuwara port dredged</title><link rel="alternate" href="/news/zuwara-port"/><published>2025-02-03T08:00:00Z</published></entry></feed>`,
        );
    });
  rssItems = [
    { title: 'Kufra clinic reopens', path: '/news/kufra-clinic', date: 'Mon, 06 Jan 2025 09:30:00 GMT' },
    { title: 'Solar farm near Ghat', path: '/news/ghat-solar', date: 'Sun, 05 Jan 2025 12:00:00 GMT' },
  ];
  corpusDir = await harness.corpus();
  fake = await harness.fake({ guilds: [{ id: GUILD, channels: [{ id: CHANNEL, name: 'newsroom' }] }] });
  running = await harness.startBot(fake, {
    corpusDir,
    corpusGuildIds: [GUILD],
    fetch: { allowedHosts: ['127.0.0.1'], maxBytes: 256 * 1024, timeoutMs: 5000 },
  });
});

harness.checkBotMessages();
afterAll(async () => {
  await web.close();
});

function corpusCommand(options: unknown[], who: Who = asModerator): SentInteraction {
  return fake.slashCommand({ name: 'corpus', guildId: GUILD, ...who, options: options as never });
}
const addUrl = (url: string, who: Who = asModerator) => corpusCommand([{ type: 1, name: 'add', options: [{ type: 3, name: 'url', value: url }] }], who);
const feed = (sub: string, url?: string) =>
  corpusCommand([
    { type: 2, name: 'feed', options: [{ type: 1, name: sub, ...(url !== undefined ? { options: [{ type: 3, name: 'url', value: url }] } : {}) }] },
  ]);

/** The text a member finally sees: the reply, or the last edit of the deferred original. */
async function finalText(sent: SentInteraction, timeoutMs = REFRESH_DEADLINE_MS): Promise<string> {
  const first = await fake.waitForRequest(
    (request) => request.path === `/interactions/${sent.id}/${sent.token}/callback` && request.status !== null,
    timeoutMs,
  );
  if (first.body.type === 4) return unescapeMarkdown(first.body.data.content);
  const edit = await fake.waitForRequest(
    (request) =>
      request.method === 'PATCH' &&
      request.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original` &&
      !/Refreshing the corpus… \d+ s$/.test(request.body?.content ?? ''),
    timeoutMs,
  );
  return unescapeMarkdown(edit.body.content);
}

async function ask(question: string, who: Who = asMember): Promise<{ quote: string; sources: string }> {
  const sent = fake.slashCommand({ name: 'ask', guildId: GUILD, ...who, options: { question } });
  const edit = await waitForAnswer(fake, sent, 10_000);
  const embeds = edit.body.embeds as { description?: string; fields?: { value: string }[] }[];
  return {
    quote: unescapeMarkdown(String(embeds[0]?.description ?? '')),
    sources: unescapeMarkdown(
      embeds
        .flatMap((embed) => embed.fields ?? [])
        .map((field) => field.value)
        .join('\n'),
    ),
  };
}

async function linkRecords(): Promise<{ file: string; url: string; requested: string; fetchedAt: string; feed?: string }[]> {
  return JSON.parse(await readFile(path.join(running.dataDir, 'links.json'), 'utf8')).links;
}

describe('/corpus add url:', () => {
  it('a member may not add a link: a private refusal, and nothing is fetched', async () => {
    const before = web.requests.length;
    expect(await finalText(addUrl(web.url('/news/ghadames-roadmap'), asMember))).toBe('Only moderators can change the corpus.');
    expect(web.requests.length).toBe(before);
  });

  it('a moderator adds a text page: saved with its link and fetch time, refreshed, and reported with its title and paragraphs', async () => {
    const link = web.url('/news/ghadames-roadmap');
    const text = await finalText(addUrl(link));
    expect(text).toMatch(/^Saved <http:\/\/127\.0\.0\.1:\d+\/news\/ghadames-roadmap> as 127-0-0-1-ghadames-roadmap\.txt\.\n/);
    expect(text).toContain('**Indexed from 127-0-0-1-ghadames-roadmap.txt:**\n• “Delegates agree on Ghadames roadmap” — 2 paragraphs');
    expect(text).toContain('**Added** (1):\n• 127-0-0-1-ghadames-roadmap');
    const saved = await readFile(path.join(corpusDir, '127-0-0-1-ghadames-roadmap.txt'), 'utf8');
    expect(saved).toMatch(
      new RegExp(`^---\\nurl: ${link.replace(/[.]/g, '\\.')}\\nfetched: \\d{4}-\\d{2}-\\d{2}T[\\d:.]+Z\\n---\\n${GHADAMES_PAGE.split('\n')[0]}`),
    );
    expect(saved.endsWith(GHADAMES_PAGE)).toBe(true);
    expect(await linkRecords()).toEqual([
      expect.objectContaining({ file: '127-0-0-1-ghadames-roadmap.txt', url: link, requested: link, mediaType: 'text/plain' }),
    ]);
  });

  it('a member then asks and gets the page quoted, cited with its link', async () => {
    const { quote, sources } = await ask('What roadmap did the tribal delegates in Ghadames agree on?');
    expect(quote).toContain(`“${GHADAMES_QUOTE}”`);
    expect(sources).toContain(`[Delegates agree on Ghadames roadmap](${web.url('/news/ghadames-roadmap')})`);
  });

  it('the same link again is refused as a duplicate, and nothing new is saved', async () => {
    const before = await readdir(corpusDir);
    expect(await finalText(addUrl(web.url('/news/ghadames-roadmap')))).toMatch(
      /^Not added: already added on \d{4}-\d{2}-\d{2} as 127-0-0-1-ghadames-roadmap\.txt\.$/,
    );
    expect(await readdir(corpusDir)).toEqual(before);
  });

  it('refuses the metadata address, a redirect to it, a file: link and an image, saving nothing', async () => {
    const before = await readdir(corpusDir);
    expect(await finalText(addUrl('http://169.254.169.254/latest/meta-data/'))).toContain('Not added: 169.254.169.254 is on link-local');
    expect(await finalText(addUrl(web.url('/go/metadata')))).toContain(
      'Not added: 169.254.169.254 is on link-local (where cloud metadata services answer), not the public internet',
    );
    expect(await finalText(addUrl('file:///etc/passwd'))).toBe('Not added: only http and https links are fetched, not file:.');
    expect(await finalText(addUrl(web.url('/news/photo.jpg')))).toBe('Not added: not a web page or text (the server sent image/jpeg).');
    expect(await readdir(corpusDir)).toEqual(before);
  });

  it('an HTML page is saved so that it reads as served, saying where and when it came from; the reply says what it became', async () => {
    const link = web.url('/news/derna-dam.html');
    const text = await finalText(addUrl(link));
    expect(text).toMatch(/^Saved <http:\/\/127\.0\.0\.1:\d+\/news\/derna-dam\.html> as 127-0-0-1-derna-dam\.html\.\n/);
    const bytes = await readFile(path.join(corpusDir, '127-0-0-1-derna-dam.html'));
    const savedPage = new TextDecoder().decode(bytes);
    expect(savedPage).toContain(`<meta name="isnad:source-url" content="${link}">`);
    expect(savedPage).toMatch(/<meta name="isnad:fetched-at" content="\d{4}-\d\d-\d\dT/);
    // Word for word the page that was served: the reader text quotes point into is the same.
    const served = extractArticleFromBytes(new TextEncoder().encode(DERNA_HTML));
    const stored = extractArticleFromBytes(bytes);
    expect(stored.kind === 'article' && served.kind === 'article' && stored.text === served.text).toBe(true);
    expect((await linkRecords()).find((record) => record.file === '127-0-0-1-derna-dam.html')).toMatchObject({
      url: link,
      fetchedAt: expect.stringMatching(/^\d{4}-/),
    });
    expect(text).toContain('**Indexed from 127-0-0-1-derna-dam.html:**\n• “Derna dam inspection');
  });
});

describe('/corpus feed', () => {
  it('a moderator follows an RSS feed: its items are saved and indexed with one refresh', async () => {
    const refreshesBefore = running.logs.filter((line) => line.startsWith('feed poll:')).length;
    const text = await finalText(feed('add', web.url('/feeds/wire.xml')), 30_000);
    expect(text).toMatch(/^Following “Sahel Wire” <http:\/\/127\.0\.0\.1:\d+\/feeds\/wire\.xml> \(2 items listed now\); it is polled every 30 min\.\n/);
    expect(text).toContain('**Saved** (2):');
    expect(text).toContain('• “Kufra clinic reopens” — Sahel Wire — 2025-01-06 — ');
    expect(text).toMatch(/Refreshed in \d+\.\d s\. \*\*Passages:\*\* \d+ → \d+/);
    expect(running.logs.filter((line) => line.startsWith('feed poll:'))).toHaveLength(refreshesBefore + 1);
    expect(running.logs.find((line) => line.startsWith('feed poll:'))).toContain('2 articles saved from 1 feed(s)');
    const records = await linkRecords();
    expect(
      records
        .filter((record) => record.feed === web.url('/feeds/wire.xml'))
        .map((record) => record.file)
        .sort(),
    ).toEqual(['127-0-0-1-ghat-solar.txt', '127-0-0-1-kufra-clinic.txt']);
  });

  it('a member then asks and gets a feed item quoted, cited to the feed’s publisher and the page’s link', async () => {
    const { quote, sources } = await ask('When did the Kufra field clinic reopen?');
    expect(quote).toContain(`“${KUFRA_QUOTE}”`);
    expect(sources).toContain(`[Kufra clinic reopens](${web.url('/news/kufra-clinic')})`);
    expect(sources).toContain('Sahel Wire');
    // The date the feed gave the item (its page gives none), shown beside the publisher.
    expect(sources).toMatch(/Sahel Wire · 2025-01-06|2025-01-06 · /);
  });

  it('an unchanged feed is asked with its ETag, answered 304, and costs no refresh; a new item is added with one refresh', async () => {
    const asked = web.requestsFor('/feeds/wire.xml').length;
    const unchanged = await running.feeds!.poll();
    expect(unchanged.feeds[0]).toMatchObject({ notModified: true, saved: [] });
    expect(unchanged.refresh).toBeUndefined();
    expect(web.requestsFor('/feeds/wire.xml').slice(asked)[0]?.headers['if-none-match']).toBe('"wire-1"');

    rssVersion = 2;
    rssItems = [{ title: 'Zuwara port dredged', path: '/news/zuwara-port', date: 'Tue, 07 Jan 2025 07:00:00 GMT' }, ...rssItems];
    const report = await running.feeds!.poll();
    expect(report.feeds[0]?.saved.map((saved) => saved.file)).toEqual(['127-0-0-1-zuwara-port.txt']);
    expect(report.refresh).toMatchObject({ kind: 'refreshed', diff: { added: ['127-0-0-1-zuwara-port'] } });
  });

  it('a failing feed is reported once, not at every poll, and never stops the others', async () => {
    expect(await finalText(feed('add', web.url('/feeds/coast.atom')), 30_000)).toMatch(/^Following “Coast Desk” .*\(1 item listed now\)/);
    // Its one item was the Zuwara page, already added from the RSS feed.
    const coast = (await running.feeds!.list()).find((known) => known.url.endsWith('/feeds/coast.atom'))!;
    expect(coast.added).toBe(0);
    expect(coast.lastError).toBeUndefined();
    expect(coast.lastPollAt).toBeDefined();
    atomFails = true;
    rssVersion = 3;
    rssItems = [{ title: 'Ghadames roadmap, again', path: '/news/ghadames-roadmap', date: 'Wed, 08 Jan 2025 07:00:00 GMT' }, ...rssItems];
    await running.feeds!.poll();
    await running.feeds!.poll();
    const failing = running.logs.filter((line) => line.includes('/feeds/coast.atom fails'));
    expect(failing).toEqual([`feed ${web.url('/feeds/coast.atom')} fails: the server answered HTTP 500`]);
    // The RSS feed was still polled: its new item was a page already in the corpus, refused as a duplicate.
    const wire = (await running.feeds!.list()).find((known) => known.url.endsWith('/feeds/wire.xml'))!;
    expect(wire.seen).toContain('/news/ghadames-roadmap');
    expect(wire.lastError).toBeUndefined();
    atomFails = false;
    await running.feeds!.poll();
    expect(running.logs).toContain(`feed ${web.url('/feeds/coast.atom')} works again`);
  });

  it('/corpus feed list and /corpus status show the feeds and their last poll', async () => {
    atomFails = true;
    await running.feeds!.poll();
    const list = await finalText(feed('list'));
    expect(list).toMatch(/^\*\*Feeds\*\* \(2\):\n• Sahel Wire <http:\/\/127\.0\.0\.1:\d+\/feeds\/wire\.xml> — last poll \d+ s ago, ok; 3 articles added\n/);
    expect(list).toMatch(
      /• Coast Desk <http:\/\/127\.0\.0\.1:\d+\/feeds\/coast\.atom> — last poll \d+ s ago, failing: the server answered HTTP 500; 0 articles added/,
    );
    const status = await finalText(corpusCommand([{ type: 1, name: 'status' }]));
    expect(status).toContain('**Feeds** (2):\n• Sahel Wire');
  });

  it('a feed can be removed; its articles stay', async () => {
    const documents = running.corpus.current.index.documents.length;
    expect(await finalText(feed('remove', web.url('/feeds/coast.atom')))).toMatch(/^No longer following <http:\/\/127\.0\.0\.1:\d+\/feeds\/coast\.atom>\./);
    expect((await running.feeds!.list()).map((known) => known.title)).toEqual(['Sahel Wire']);
    expect(await finalText(feed('remove', web.url('/feeds/coast.atom')))).toBe('Not removed: no followed feed has that link (see /corpus feed list).');
    expect(running.corpus.current.index.documents.length).toBe(documents);
  });
});
