import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchPage, MAX_REDIRECTS, type FetchSettings, type Resolver } from '../../src/corpus/fetchPage.js';
import { blockedAddressKind } from '../../src/corpus/publicAddress.js';
import { NewsServer } from '../support/NewsServer.js';

/**
 * The guarded fetcher against a local server: what it follows, what it refuses (other schemes,
 * private and local addresses after resolution and after every redirect, wrong content types,
 * bodies over the cap, servers too slow), and that it connects to the address it checked.
 */
let server: NewsServer;
const ALLOW_LOCAL: FetchSettings = { allowedHosts: ['127.0.0.1'], maxBytes: 64 * 1024, timeoutMs: 2000, connectTimeoutMs: 1000 };
const STRICT: FetchSettings = { ...ALLOW_LOCAL, allowedHosts: [] };

beforeAll(async () => {
  server = await NewsServer.start();
  server
    .serve('/page.html', 'text/html; charset=utf-8', '<html><body><p>Hello</p></body></html>', {
      etag: '"v1"',
      'last-modified': 'Tue, 01 Jul 2025 10:00:00 GMT',
    })
    .serve('/plain.txt', 'text/plain; charset=windows-1256', 'plain text')
    .serve('/image.png', 'image/png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]))
    .serve('/feed.xml', 'application/rss+xml', '<rss version="2.0"><channel></channel></rss>')
    .serve('/gzipped.html', 'text/html', gzipSync('<p>compressed</p>'), { 'content-encoding': 'gzip' })
    .serve('/bomb.html', 'text/html', gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x61)), { 'content-encoding': 'gzip' })
    .redirect('/to-page', '/page.html', 301)
    .redirect('/to-loopback', 'http://127.0.0.1:9/secret')
    .redirect('/to-metadata', 'http://169.254.169.254/latest/meta-data/')
    .redirect('/to-file', 'file:///etc/passwd')
    .redirect('/to-mapped', 'http://[::ffff:127.0.0.1]:9/')
    .route('/not-modified', (request, response) => {
      if (request.headers['if-none-match'] === '"v1"') response.writeHead(304).end();
      else response.writeHead(200, { 'content-type': 'text/html', etag: '"v1"' }).end('<p>x</p>');
    })
    .route('/huge', (_request, response) => {
      // No Content-Length: the cap must act while the body streams.
      response.writeHead(200, { 'content-type': 'text/html' });
      const chunk = Buffer.alloc(16 * 1024, 0x61);
      const write = () => {
        while (response.write(chunk)) if (response.writableLength > 1e6) break;
      };
      write();
      response.on('drain', write);
      response.on('error', () => {});
    })
    .route('/declared-huge', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html', 'content-length': String(10 * 1024 * 1024) });
      response.write('<p>');
    })
    .route('/slow', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.write('<p>the first bytes, then nothing</p>');
    })
    .route('/server-error', (_request, response) => {
      response.writeHead(503, { 'content-type': 'text/plain' }).end('busy');
    });
  for (let i = 0; i < 10; i++) server.redirect(`/hop/${i}`, `/hop/${i + 1}`);
});

afterAll(async () => {
  await server.close();
});

describe('fetchPage', () => {
  it('fetches an HTML page with its validators, and follows a relative redirect', async () => {
    const result = await fetchPage(server.url('/to-page'), 'page', ALLOW_LOCAL);
    expect(result).toMatchObject({
      kind: 'fetched',
      requested: server.url('/to-page'),
      url: server.url('/page.html'),
      mediaType: 'text/html',
      charset: 'utf-8',
      etag: '"v1"',
    });
    if (result.kind !== 'fetched') return;
    expect(new TextDecoder().decode(result.body)).toContain('<p>Hello</p>');
    expect(result.lastModified).toBe('Tue, 01 Jul 2025 10:00:00 GMT');
    expect(server.requestsFor('/page.html').at(-1)?.headers.host).toBe(new URL(server.origin).host);
  });

  it('reads a text/plain page with its declared charset, and decompresses gzip', async () => {
    expect(await fetchPage(server.url('/plain.txt'), 'page', ALLOW_LOCAL)).toMatchObject({ kind: 'fetched', mediaType: 'text/plain', charset: 'windows-1256' });
    const gzipped = await fetchPage(server.url('/gzipped.html'), 'page', ALLOW_LOCAL);
    expect(gzipped.kind === 'fetched' && new TextDecoder().decode(gzipped.body)).toBe('<p>compressed</p>');
  });

  it('refuses content types it cannot index: an image; a feed type as a page', async () => {
    expect(await fetchPage(server.url('/image.png'), 'page', ALLOW_LOCAL)).toEqual({
      kind: 'rejected',
      reason: 'not a web page or text (the server sent image/png)',
      transient: false,
    });
    expect(await fetchPage(server.url('/feed.xml'), 'page', ALLOW_LOCAL)).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('application/rss+xml'),
    });
    expect(await fetchPage(server.url('/feed.xml'), 'feed', ALLOW_LOCAL)).toMatchObject({ kind: 'fetched', mediaType: 'application/rss+xml' });
  });

  it('cuts a body past the cap while it streams, declared or not, compressed or not', async () => {
    const reason = 'the page is larger than the limit of 65536 bytes';
    expect(await fetchPage(server.url('/huge'), 'page', ALLOW_LOCAL)).toEqual({ kind: 'rejected', reason, transient: false });
    expect(await fetchPage(server.url('/declared-huge'), 'page', ALLOW_LOCAL)).toEqual({ kind: 'rejected', reason, transient: false });
    expect(await fetchPage(server.url('/bomb.html'), 'page', ALLOW_LOCAL)).toEqual({ kind: 'rejected', reason, transient: false });
  });

  it('gives up on a server that stops sending, within the total timeout', async () => {
    const started = Date.now();
    const result = await fetchPage(server.url('/slow'), 'page', { ...ALLOW_LOCAL, timeoutMs: 300 });
    expect(result).toEqual({ kind: 'rejected', reason: 'no complete answer from 127.0.0.1 within 0.3 s', transient: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('sends If-None-Match and reports an unchanged resource', async () => {
    expect(await fetchPage(server.url('/not-modified'), 'feed', ALLOW_LOCAL, { etag: '"v1"' })).toEqual({
      kind: 'not-modified',
      url: server.url('/not-modified'),
    });
    expect(server.requestsFor('/not-modified').at(-1)?.headers['if-none-match']).toBe('"v1"');
  });

  it('reports an error status, a 5xx as worth retrying', async () => {
    expect(await fetchPage(server.url('/nowhere'), 'page', ALLOW_LOCAL)).toEqual({
      kind: 'rejected',
      reason: 'the server answered HTTP 404',
      transient: false,
    });
    expect(await fetchPage(server.url('/server-error'), 'page', ALLOW_LOCAL)).toEqual({
      kind: 'rejected',
      reason: 'the server answered HTTP 503',
      transient: true,
    });
  });

  it(`follows at most ${MAX_REDIRECTS} redirects`, async () => {
    expect(await fetchPage(server.url('/hop/5'), 'page', ALLOW_LOCAL)).toMatchObject({ kind: 'rejected', reason: 'the server answered HTTP 404' });
    const before = server.requestsFor('/hop/6').length;
    expect(await fetchPage(server.url('/hop/0'), 'page', ALLOW_LOCAL)).toEqual({
      kind: 'rejected',
      reason: 'the link redirects more than 5 times',
      transient: false,
    });
    // /hop/5 answered the sixth redirect; it was not followed.
    expect(server.requestsFor('/hop/6').length).toBe(before);
  });

  it('never follows file: or other schemes, given or redirected to', async () => {
    expect(await fetchPage('file:///etc/passwd', 'page', ALLOW_LOCAL)).toMatchObject({
      kind: 'rejected',
      reason: 'only http and https links are fetched, not file:',
    });
    expect(await fetchPage('ftp://example.com/a', 'page', ALLOW_LOCAL)).toMatchObject({
      kind: 'rejected',
      reason: 'only http and https links are fetched, not ftp:',
    });
    expect(await fetchPage('not a link', 'page', ALLOW_LOCAL)).toMatchObject({ kind: 'rejected' });
    expect(await fetchPage(server.url('/to-file'), 'page', ALLOW_LOCAL)).toMatchObject({
      kind: 'rejected',
      reason: 'the server redirected to a link isnad does not follow: only http and https links are fetched, not file:',
    });
    expect(await fetchPage('http://user:secret@127.0.0.1/', 'page', ALLOW_LOCAL)).toMatchObject({
      kind: 'rejected',
      reason: 'a link holding a user name or password is not fetched',
    });
  });
});

describe('server-side request forgery', () => {
  it('refuses loopback unless the host is allowed', async () => {
    const result = await fetchPage(server.url('/page.html'), 'page', STRICT);
    expect(result).toMatchObject({ kind: 'rejected', transient: false, reason: expect.stringContaining('127.0.0.1 is on loopback (this machine)') });
    expect(server.requestsFor('/page.html').length).toBe(1); // only the allowed fetch of the first test
  });

  it('checks every redirect: to 127.0.0.1, to 169.254.169.254, to ::ffff:127.0.0.1 — refused though the first host is allowed', async () => {
    // The server is allowed under its name only: its redirect to 127.0.0.1 is judged afresh and refused.
    const port = new URL(server.origin).port;
    const resolve: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];
    expect(await fetchPage(`http://news.test:${port}/to-loopback`, 'page', { ...STRICT, allowedHosts: ['news.test'], resolve })).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('127.0.0.1 is on loopback (this machine)'),
    });
    // The allowed host is 127.0.0.1 itself here: a redirect to the metadata address is still refused.
    expect(await fetchPage(server.url('/to-metadata'), 'page', ALLOW_LOCAL)).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('169.254.169.254 is on link-local (where cloud metadata services answer)'),
    });
    expect(await fetchPage(server.url('/to-mapped'), 'page', ALLOW_LOCAL)).toMatchObject({
      kind: 'rejected',
      reason: expect.stringContaining('::ffff:7f00:1 is on loopback'),
    });
  });

  it('judges the resolved address, not the name: names resolving to 10.0.0.1, ::ffff:127.0.0.1, or one bad address among good ones', async () => {
    const answers: Record<string, { address: string; family: number }[]> = {
      'intranet.example': [{ address: '10.0.0.1', family: 4 }],
      'mapped.example': [{ address: '::ffff:127.0.0.1', family: 6 }],
      'mixed.example': [
        { address: '93.184.216.34', family: 4 },
        { address: 'fd00::1', family: 6 },
      ],
      'metadata.example': [{ address: '169.254.169.254', family: 4 }],
    };
    const resolve: Resolver = async (host) => answers[host] ?? [];
    for (const host of Object.keys(answers)) {
      const result = await fetchPage(`http://${host}/`, 'page', { ...STRICT, resolve });
      expect(result, host).toMatchObject({
        kind: 'rejected',
        transient: false,
        reason: expect.stringMatching(new RegExp(`^${host.replace('.', '\\.')} is on `)),
      });
    }
    expect(await fetchPage('http://unknown.example/', 'page', { ...STRICT, resolve })).toMatchObject({
      kind: 'rejected',
      reason: 'the host unknown.example was not found',
    });
  });

  it('connects to the address it checked (no second lookup): a name allowed and resolved once to 127.0.0.1', async () => {
    let lookups = 0;
    const resolve: Resolver = async () => {
      lookups++;
      // A rebinding resolver: public first, then loopback. Only the first answer is ever used.
      return lookups === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.9.9.9', family: 4 }];
    };
    const port = new URL(server.origin).port;
    const result = await fetchPage(`http://news.test:${port}/page.html`, 'page', { ...ALLOW_LOCAL, allowedHosts: ['news.test'], resolve });
    expect(result).toMatchObject({ kind: 'fetched' });
    expect(lookups).toBe(1);
    expect(server.requestsFor('/page.html').at(-1)?.headers.host).toBe(`news.test:${port}`);
  });

  it('classifies the special ranges', () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '169.254.169.254',
      '0.0.0.0',
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      '::ffff:a9fe:a9fe',
      '64:ff9b::7f00:1',
      '2002:7f00:1::1',
      '224.0.0.1',
      '255.255.255.255',
    ]) {
      expect(blockedAddressKind(address), address).toBeDefined();
    }
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect(blockedAddressKind(address), address).toBeUndefined();
    }
  });
});
