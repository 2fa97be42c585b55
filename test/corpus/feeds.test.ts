import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CorpusService } from '../../src/corpus/CorpusService.js';
import { FeedPoller, type FeedPollOutcome } from '../../src/corpus/FeedPoller.js';
import { LinkIntake, readLinkRecords, slugFor } from '../../src/corpus/LinkIntake.js';
import { decodeFeed, parseFeed } from '../../src/corpus/parseFeed.js';
import { TRIPOLI } from '../support/articles.js';
import { NewsServer } from '../support/NewsServer.js';

/** Feeds as outlets publish them, and the state isnad keeps of them. */
describe('parseFeed', () => {
  it('reads RSS 2.0: channel title, items with guid, link, title, date and author; entities decoded', () => {
    const feed = parseFeed(
      `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Libya &amp; Sahel Wire</title>
        <item><title>Ceasefire &#8220;holds&#8221;</title><link>https://news.example/a?x=1&amp;y=2</link><guid isPermaLink="false">id-a</guid>
          <pubDate>Mon, 06 Jan 2025 09:30:00 GMT</pubDate><dc:creator>Salma Idris</dc:creator></item>
        <item><title>Only a link</title><link>/relative/b</link></item>
        <item><title>No link at all</title></item>
      </channel></rss>`,
      'https://news.example/feed.xml',
    );
    expect(feed).toEqual({
      kind: 'feed',
      format: 'rss',
      title: 'Libya & Sahel Wire',
      items: [
        { id: 'id-a', link: 'https://news.example/a?x=1&y=2', title: 'Ceasefire “holds”', date: '2025-01-06T09:30:00.000Z', author: 'Salma Idris' },
        { id: 'https://news.example/relative/b', link: 'https://news.example/relative/b', title: 'Only a link' },
      ],
    });
  });

  it('reads Atom: the alternate link, id, published date and author name', () => {
    const feed = parseFeed(
      `<feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Coast Desk</title>
        <entry><id>urn:1</id><title>Port</title><link rel="self" href="https://c.example/self/1"/><link rel="alternate" href="https://c.example/port"/>
          <updated>2025-02-04T00:00:00Z</updated><published>2025-02-03T08:00:00Z</published><author><name>Omar</name></author></entry>
      </feed>`,
      'https://c.example/atom',
    );
    expect(feed).toEqual({
      kind: 'feed',
      format: 'atom',
      title: 'Coast Desk',
      items: [{ id: 'urn:1', link: 'https://c.example/port', title: 'Port', date: '2025-02-03T08:00:00.000Z', author: 'Omar' }],
    });
  });

  it('refuses what is not a feed, and items linking to other schemes', () => {
    expect(parseFeed('<html><body>hello</body></html>', 'https://x.example/')).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('not an RSS or Atom feed'),
    });
    expect(parseFeed('<rss><channel><item>', 'https://x.example/')).toMatchObject({ kind: 'rejected', reason: expect.stringContaining('does not parse') });
    const feed = parseFeed(
      '<rss><channel><item><link>javascript:alert(1)</link></item><item><link>file:///etc/passwd</link></item></channel></rss>',
      'https://x.example/',
    );
    expect(feed).toMatchObject({ kind: 'feed', items: [] });
  });

  it('decodes the charset of the XML declaration when the server names none', () => {
    const ascii = (text: string) => new TextEncoder().encode(text);
    // أخبار in windows-1256.
    const xml = new Uint8Array([
      ...ascii('<?xml version="1.0" encoding="windows-1256"?><rss><channel><title>'),
      0xc3,
      0xce,
      0xc8,
      0xc7,
      0xd1,
      ...ascii('</title></channel></rss>'),
    ]);
    expect(parseFeed(decodeFeed(xml, undefined), 'https://x.example/')).toMatchObject({ kind: 'feed', title: 'أخبار' });
    // The server's charset comes first.
    expect(decodeFeed(ascii('<?xml version="1.0" encoding="windows-1256"?><a/>'), 'utf-8')).toContain('<a/>');
  });
});

describe('slugFor', () => {
  it('names a saved page after its host and last path segment; a path in Arabic gets a hash to stay apart', () => {
    expect(slugFor(new URL('https://www.Example.com/2025/01/ceasefire-holds.html?utm=1'))).toBe('example-com-ceasefire-holds');
    expect(slugFor(new URL('https://aawsat.com/'))).toBe('aawsat-com');
    const a = slugFor(new URL('https://aawsat.com/أخبار/ليبيا'));
    const b = slugFor(new URL('https://aawsat.com/أخبار/سرت'));
    expect(a).toMatch(/^aawsat-com-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
  });
});

describe('FeedPoller state', () => {
  let web: NewsServer;
  const temporary: string[] = [];
  const services: CorpusService[] = [];
  beforeAll(async () => {
    web = await NewsServer.start();
    web
      .serve('/feed.xml', 'application/rss+xml', '<rss version="2.0"><channel><title>Wire</title><item><link>/a</link><guid>a</guid></item></channel></rss>')
      .serve('/a', 'text/plain', 'Harbour reopens\n\nThe harbour of Ghat reopened to fishing boats on Friday.\n')
      .serve('/page', 'text/html', '<p>not a feed</p>');
  });
  afterAll(async () => {
    await web.close();
  });
  afterEach(async () => {
    for (const service of services.splice(0)) await service.close();
    for (const dir of temporary.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  async function setUp(): Promise<{ dataDir: string; corpusDir: string; corpus: CorpusService; poller: FeedPoller; logs: string[] }> {
    const root = await mkdtemp(path.join(os.tmpdir(), 'isnad-feeds-'));
    temporary.push(root);
    const corpusDir = path.join(root, 'corpus');
    const dataDir = path.join(root, 'data');
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, 'tripoli.txt'), TRIPOLI);
    const logs: string[] = [];
    const log = (message: string) => logs.push(message);
    const corpus = await CorpusService.open({ corpusDir, snapshotDir: null, log });
    services.push(corpus);
    const fetch = { allowedHosts: ['127.0.0.1'], maxBytes: 100_000, timeoutMs: 3000 };
    const poller = new FeedPoller(corpus, new LinkIntake(corpus, { dataDir, fetch, log }), { dataDir, fetch, intervalMs: 60_000, itemsPerPoll: 5, log });
    return { dataDir, corpusDir, corpus, poller, logs };
  }

  it('survives a restart: a new poller over the same DATA_DIR knows the feed, its validators and seen items', async () => {
    const { dataDir, corpus, poller } = await setUp();
    const added = await poller.add(web.url('/feed.xml'));
    expect(added).toMatchObject({ kind: 'added', items: 1, poll: { feeds: [{ saved: [{ file: '127-0-0-1-a.txt' }] }] } });
    const saved = JSON.parse(await readFile(path.join(dataDir, 'feeds.json'), 'utf8'));
    expect(saved).toMatchObject({ version: 1, feeds: [{ url: web.url('/feed.xml'), title: 'Wire', seen: ['a', web.url('/a')], added: 1 }] });
    expect([...(await readLinkRecords(dataDir)).keys()]).toEqual(['127-0-0-1-a.txt']);
    await poller.stop();
    // As after a restart: new objects over the same DATA_DIR.
    const fetch = { allowedHosts: ['127.0.0.1'], maxBytes: 100_000, timeoutMs: 3000 };
    const log = () => {};
    const polled: FeedPollOutcome[] = [];
    const onFeedPolled = (outcome: FeedPollOutcome) => polled.push(outcome);
    const again = new FeedPoller(corpus, new LinkIntake(corpus, { dataDir, fetch, log }), {
      dataDir,
      fetch,
      intervalMs: 60_000,
      itemsPerPoll: 5,
      log,
      onFeedPolled,
    });
    expect((await again.list()).map((feed) => [feed.url, feed.seen])).toEqual([[web.url('/feed.xml'), ['a', web.url('/a')]]]);
    const fetchedBefore = web.requestsFor('/a').length;
    const report = await again.poll();
    expect(report.feeds[0]).toMatchObject({ error: undefined, saved: [], refused: [] });
    expect(report.refresh).toBeUndefined();
    expect(web.requestsFor('/a').length).toBe(fetchedBefore);
    // Each feed's outcome is reported as it is known (the operators' feed metrics).
    expect(polled).toEqual(report.feeds);
  });

  it('refuses a page that is not a feed, and a feed followed already', async () => {
    const { poller } = await setUp();
    expect(await poller.add(web.url('/page'))).toEqual({ kind: 'rejected', reason: 'not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> element)' });
    await poller.add(web.url('/feed.xml'));
    expect(await poller.add(web.url('/feed.xml'))).toEqual({ kind: 'rejected', reason: 'that feed is followed already' });
  });

  it('a damaged feeds.json is reported, moved aside and replaced; the poller keeps working', async () => {
    const { dataDir, poller, logs } = await setUp();
    await mkdir(dataDir, { recursive: true });
    await writeFile(path.join(dataDir, 'feeds.json'), '{"version": 1, "feeds": [{"url": 42}]');
    expect(await poller.list()).toEqual([]);
    expect(logs.some((line) => line.includes('feeds.json is damaged'))).toBe(true);
    expect((await readdir(dataDir)).sort()).toEqual(['feeds.json.corrupt']);
    expect(await poller.add(web.url('/feed.xml'))).toMatchObject({ kind: 'added' });
    expect((await poller.list()).map((feed) => feed.url)).toEqual([web.url('/feed.xml')]);
  });
});
