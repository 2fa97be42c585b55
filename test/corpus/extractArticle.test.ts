import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedParagraphs, fixtureQuality, leaks, readFixtures } from '../../src/bench/html.js';
import { decodeHtml } from '../../src/corpus/decodeHtml.js';
import { extractArticle } from '../../src/corpus/extractArticle.js';
import { extractArticleFromBytes, parseHtmlFile } from '../../src/corpus/parseHtmlFile.js';

/**
 * HTML pages: the reader text is what offsets point into, the article's paragraphs are kept and
 * the site's chrome is not, metadata comes from the page, odd encodings are decoded as declared.
 * The fixtures (test/fixtures/html) were written for these tests, with their ground truth in
 * expected.json.
 */

const fixturesDir = fileURLToPath(new URL('../fixtures/html/', import.meta.url));
const fixtures = await readFixtures(fixturesDir);
const read = (file: string) => readFileSync(`${fixturesDir}${file}`);

describe.each(fixtures)('$file', ({ file, bytes, spec }) => {
  const parsed = parseHtmlFile(file, bytes);
  const article = extractArticleFromBytes(bytes);

  it('is one document whose every passage is text.slice(start, end) of the reader text', () => {
    expect(article.kind).toBe('article');
    if (article.kind !== 'article' || !('documents' in parsed)) throw new Error('not parsed');
    expect(parsed.documents).toHaveLength(1);
    for (const passage of parsed.documents[0]!.passages) {
      expect(article.text.slice(passage.start, passage.end)).toBe(passage.text);
      expect(passage.text).toBe(passage.text.trim());
    }
  });

  it('gives the same text and documents from the same page every time', () => {
    const again = extractArticleFromBytes(Buffer.from(bytes));
    expect(again).toEqual(article);
    expect(parseHtmlFile(file, Buffer.from(bytes))).toEqual(parsed);
  });

  it('keeps every article paragraph and quotes no site chrome', () => {
    const quality = fixtureQuality(file, bytes, spec);
    expect(quality.paragraphs).toBeGreaterThan(3);
    expect(quality.missed).toEqual([]);
    expect(quality.leaked).toEqual([]);
  });

  it('reads the metadata from the page', () => {
    if (!('documents' in parsed)) throw new Error('not parsed');
    const { title, source, url, author, date, languages } = parsed.documents[0]!;
    const found = Object.fromEntries(Object.entries({ title, source, url, author, date, languages }).filter(([, v]) => v !== undefined));
    expect(found).toEqual(spec.meta);
  });
});

describe('the reader text', () => {
  it('decodes entities, collapses whitespace as rendered, keeps <br> as a line break and separates blocks by a blank line', () => {
    const filler =
      'Engineers said they would inspect the breach once the tide had gone out, and that barriers would be placed along the worst sections by Thursday, with more to follow.';
    const page = `<html><body><article>
      <p>The&nbsp;council   spent
         &pound;4.2&#160;million &amp; more on &ldquo;repairs&rdquo;, it said on Tuesday evening in its report.</p>
      <blockquote><p>Our library is small<br>
        but it holds the whole world.</p></blockquote>
      <p>${filler}</p>
      <ul><li>First item of the list, with a few words.</li><li>Second <b>item</b> of the list.</li></ul>
      <p>${filler}</p>
      <pre>line one
  line two</pre>
      <p>${filler}</p>
    </article></body></html>`;
    const article = extractArticle(page);
    if (article.kind !== 'article') throw new Error(article.reason);
    expect(article.text).toBe(
      'The council spent £4.2 million & more on “repairs”, it said on Tuesday evening in its report.\n\n' +
        'Our library is small\nbut it holds the whole world.\n\n' +
        `${filler}\n\nFirst item of the list, with a few words.\n\nSecond item of the list.\n\n` +
        `${filler}\n\nline one\n  line two\n\n${filler}`,
    );
    expect(article.blocks.map((b) => b.kind)).toEqual(['paragraph', 'quote', 'paragraph', 'list-item', 'list-item', 'paragraph', 'preformatted', 'paragraph']);
  });

  it('keeps a caption the page prints twice only once', () => {
    const parsed = parseHtmlFile('council.html', read('en-council-budget.html'));
    if (!('documents' in parsed)) throw new Error('not parsed');
    const captions = parsed.documents[0]!.passages.filter((p) => p.text === 'Councillors vote in the chamber on Monday night.');
    expect(captions).toHaveLength(1);
  });

  it('decodes a windows-1256 Arabic page and an iso-8859-1 page as they declare', () => {
    const arabic = extractArticleFromBytes(read('ar-tripoli-book-fair-windows-1256.html'));
    const latin = extractArticleFromBytes(read('en-zurich-cafes-iso-8859-1.html'));
    if (arabic.kind !== 'article' || latin.kind !== 'article') throw new Error('not articles');
    expect(arabic.text).toContain('افتتح وزير الثقافة، مساء الخميس، الدورة الثالثة عشرة من معرض طرابلس الدولي للكتاب');
    expect(arabic.meta.dir).toBe('rtl');
    expect(latin.text).toContain('François Lenoir');
    expect(latin.text).toContain('60 m² shop');
    expect(decodeHtml(read('ar-tripoli-book-fair-windows-1256.html'))).toMatchObject({ encoding: 'windows-1256' });
  });

  it('finds no article on a section index of links', () => {
    expect(extractArticleFromBytes(read('not-article-section-index.html'))).toMatchObject({ kind: 'not-article' });
    expect(parseHtmlFile('index.html', read('not-article-section-index.html'))).toMatchObject({
      refused: { kind: 'not-article', reason: expect.stringMatching(/^not an article/) },
    });
  });

  it('asks a fetcher for more text when it says so', () => {
    const bytes = read('en-zurich-cafes-iso-8859-1.html');
    expect(extractArticleFromBytes(bytes, { minCharacters: 100_000 })).toMatchObject({
      kind: 'not-article',
      reason: expect.stringMatching(/too little article text/),
    });
  });
});

describe('page metadata', () => {
  const page = (head: string) =>
    extractArticle(
      `<html><head>${head}</head><body><article><p>${'The storm reached the coast and flooded the towns along the shore. '.repeat(4)}</p></article></body></html>`,
    );

  it('keeps only absolute http(s) links: a javascript: canonical is dropped, a relative one resolved against og:url', () => {
    expect(page('<link rel="canonical" href="javascript:alert(1)">')).toMatchObject({ kind: 'article', meta: {} });
    expect((page('<link rel="canonical" href="javascript:alert(1)">') as { meta: { url?: string } }).meta.url).toBeUndefined();
    expect(page('<meta property="og:url" content="https://a.example/x/y"><link rel="canonical" href="/news/1">')).toMatchObject({
      meta: { url: 'https://a.example/news/1' },
    });
  });

  it('takes the publisher and authors from JSON-LD, following @id references in its graph', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@id': '#org', '@type': 'NewsMediaOrganization', name: 'Wire' },
        {
          '@type': 'ReportageNewsArticle',
          headline: 'H',
          datePublished: '2021-05-06T07:08:09Z',
          author: ['Ann', { name: 'Bo' }],
          publisher: { '@id': '#org' },
        },
      ],
    };
    expect(page(`<script type="application/ld+json">${JSON.stringify(ld)}</script>`)).toMatchObject({
      title: 'H',
      meta: { source: 'Wire', author: 'Ann, Bo', date: '2021-05-06' },
    });
  });

  it('survives broken JSON-LD', () => {
    expect(page('<script type="application/ld+json">{ not json</script><title>T</title>')).toMatchObject({ kind: 'article', title: 'T' });
  });
});

describe('decodeHtml', () => {
  it('refuses bytes that are not what the page declares, or not UTF-8 when it declares nothing', () => {
    expect(decodeHtml(Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0x74, 0xe9]))).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/no character encoding declared/),
    });
    expect(decodeHtml(Buffer.concat([Buffer.from('<meta charset="utf-8"><p>'), Buffer.from([0xff, 0xfe, 0x41])]))).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/not valid utf-8/),
    });
    expect(decodeHtml(Buffer.from('<meta charset="klingon-8"><p>x</p>'))).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/cannot decode \(klingon-8\)/),
    });
    expect(decodeHtml(Buffer.from('<p>a\u0000b</p>'))).toMatchObject({ kind: 'refused', reason: expect.stringMatching(/binary/) });
  });

  it('follows a byte order mark and a transport charset', () => {
    expect(decodeHtml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<p>hé</p>', 'utf16le')]))).toEqual({
      kind: 'decoded',
      html: '<p>hé</p>',
      encoding: 'utf-16le',
    });
    expect(decodeHtml(Buffer.from([0x3c, 0x70, 0x3e, 0xc7, 0xe1]), { transportCharset: 'windows-1256' })).toMatchObject({ html: '<p>ال' });
  });
});

describe('the ground truth helpers', () => {
  it('tell a leaked chrome line from text that only shares a word with it', () => {
    expect(leaks('Home', ['Home'])).toBe(true);
    expect(leaks('Home', ['The Home Office said'])).toBe(false);
    expect(leaks('Share this article now', ['Read it. Share this article now.'])).toBe(true);
    const [fixture] = fixtures;
    expect(expectedParagraphs(fixture!.bytes, fixture!.spec).length).toBeGreaterThan(3);
  });
});
