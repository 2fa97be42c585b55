import { describe, expect, it } from 'vitest';
import { pageForCorpus } from '../../src/corpus/pageForCorpus.js';
import { extractArticleFromBytes } from '../../src/corpus/parseHtmlFile.js';

/**
 * A fetched page saved into the corpus folder must read back, from its bytes alone, as the article
 * that was fetched — same words, same offsets — with where it came from in its head.
 */
const PARAGRAPHS = [
  'اتفق المندوبون المجتمعون في غدامس على خريطة طريق للانتخابات البلدية في الجنوب الليبي.',
  'وقال مسؤولون إن المحادثات ستستأنف الأسبوع المقبل في المدينة نفسها بحضور ممثلين عن الشرق والغرب.',
  'وأضافوا أن الاتفاق يشمل جدولا زمنيا لتسجيل الناخبين وتوزيع البطاقات في البلديات الجنوبية.',
];
const PAGE = `<!doctype html><html lang="ar" dir="rtl"><head><title>اجتماع في غدامس</title></head><body><article><h1>اجتماع في غدامس</h1>${PARAGRAPHS.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
const FETCHED_AT = new Date('2026-11-30T08:15:00Z');

/** windows-1256 bytes, from the decoder's own table (Node has no encoder for it). */
function windows1256(text: string): Uint8Array {
  const table = new Map<string, number>();
  [...new TextDecoder('windows-1256').decode(new Uint8Array(Array.from({ length: 256 }, (_, i) => i)))].forEach((char, i) => table.set(char, i));
  return new Uint8Array([...text].map((char) => table.get(char) ?? 0x3f));
}

function saved(body: Uint8Array, facts: Partial<Parameters<typeof pageForCorpus>[1]> = {}) {
  const page = pageForCorpus(body, { url: 'https://news.example/ar/ghadames', fetchedAt: FETCHED_AT, ...facts });
  if (page.kind !== 'page') throw new Error(page.reason);
  return { bytes: page.bytes, html: new TextDecoder().decode(page.bytes), article: extractArticleFromBytes(page.bytes) };
}

describe('a fetched page saved into the corpus', () => {
  it('keeps a charset only the server sent: saved as UTF-8 with a BOM, it reads back word for word', () => {
    const served = windows1256(PAGE);
    // Read as the page's own bytes declare (nothing: UTF-8), the served page is not even text.
    expect(extractArticleFromBytes(served).kind).toBe('not-article');
    const { bytes, article } = saved(served, { transportCharset: 'windows-1256' });
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const fetched = extractArticleFromBytes(served, { transportCharset: 'windows-1256' });
    expect(article.kind === 'article' && fetched.kind === 'article' && article.text === fetched.text).toBe(true);
    for (const paragraph of PARAGRAPHS) expect(article.kind === 'article' ? article.text : '').toContain(paragraph);
  });

  it("says where and when it came from, and adds a link and the feed's publisher and date the page lacks", () => {
    const { html, article } = saved(new TextEncoder().encode(PAGE), { publisher: 'Libya Wire', date: '2026-11-29', author: 'A. Reporter' });
    expect(html).toContain('<meta name="isnad:source-url" content="https://news.example/ar/ghadames">');
    expect(html).toContain('<meta name="isnad:fetched-at" content="2026-11-30T08:15:00.000Z">');
    expect(article).toMatchObject({ kind: 'article', meta: { url: 'https://news.example/ar/ghadames', source: 'Libya Wire', author: 'A. Reporter' } });
    expect(article.kind === 'article' ? article.meta.date : undefined).toMatch(/^2026-11-29/);
  });

  it("leaves the page's own link and publisher alone", () => {
    const own = PAGE.replace('<title>', '<link rel="canonical" href="https://news.example/canonical"><meta property="og:site_name" content="Own Wire"><title>');
    const { article } = saved(new TextEncoder().encode(own), { publisher: 'Feed Name' });
    expect(article).toMatchObject({ kind: 'article', meta: { url: 'https://news.example/canonical', source: 'Own Wire' } });
  });

  it('refuses a page that holds no article, and says why', () => {
    const page = pageForCorpus(new TextEncoder().encode('<html><body><nav><a href="/">Home</a></nav></body></html>'), {
      url: 'https://news.example/',
      fetchedAt: FETCHED_AT,
    });
    expect(page).toMatchObject({ kind: 'refused', reason: expect.any(String) });
  });
});
