import { XMLParser } from 'fast-xml-parser';

/**
 * RSS 2.0 (and RSS 1.0/RDF) and Atom feeds, read with fast-xml-parser: a maintained, dependency-free
 * XML parser with limits on entity expansion, chosen over rss-parser, which wraps the older xml2js
 * and fetches by itself (isnad's fetches must go through fetchPage's guards). Only what isnad needs
 * is taken from a feed: its title and, per item, an id, the link to the article page and what the
 * feed says of it (title, date, author).
 */

export interface FeedItem {
  /** The guid (RSS) or id (Atom); the link when the feed gives neither. */
  readonly id: string;
  /** Absolute http(s) link of the article page. */
  readonly link: string;
  readonly title?: string;
  /** ISO 8601 when the feed's date could be read, as written otherwise. */
  readonly date?: string;
  readonly author?: string;
}

export type ParsedFeed =
  | { readonly kind: 'feed'; readonly format: 'rss' | 'atom'; readonly title: string | undefined; readonly items: readonly FeedItem[] }
  | { readonly kind: 'rejected'; readonly reason: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  textNodeName: '#text',
  // The same shape whether a feed has one item or many.
  isArray: (name) => ['item', 'entry', 'link', 'author', 'dc:creator', 'category'].includes(name),
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: true,
});

/** Decodes a feed's bytes: the charset the server declared, else the XML declaration's, else UTF-8. */
export function decodeFeed(body: Uint8Array, charset: string | undefined): string {
  const head = new TextDecoder('latin1').decode(body.subarray(0, 200));
  const declared = /<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  for (const label of [charset, declared, 'utf-8']) {
    if (label === undefined) continue;
    try {
      return new TextDecoder(label).decode(body).replace(/^\uFEFF/, '');
    } catch {
      // An unknown label: try the next.
    }
  }
  return new TextDecoder().decode(body);
}

export function parseFeed(xml: string, feedUrl: string): ParsedFeed {
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml, true) as Record<string, unknown>;
  } catch (error) {
    return { kind: 'rejected', reason: `not a feed: the XML does not parse (${firstLine(error)})` };
  }
  const rss = record(document['rss']);
  const rdf = record(document['rdf:RDF']);
  const atom = record(document['feed']);
  if (rss !== undefined || rdf !== undefined) {
    const channel = record(rss?.['channel']) ?? record(rdf?.['channel']);
    const rawItems = array(channel?.['item']).length > 0 ? array(channel?.['item']) : array(rdf?.['item']);
    const items = rawItems.flatMap((raw) => {
      const item = record(raw);
      if (item === undefined) return [];
      const link = absolute(text(array(item['link'])[0]) ?? text(item['guid']), feedUrl);
      if (link === undefined) return [];
      const guid = text(item['guid']) ?? text(item['@rdf:about']);
      return [
        clean({
          id: guid ?? link,
          link,
          title: text(item['title']),
          date: isoDate(text(item['pubDate']) ?? text(item['dc:date'])),
          author: text(array(item['dc:creator'])[0]) ?? text(array(item['author'])[0]),
        }),
      ];
    });
    return { kind: 'feed', format: 'rss', title: text(channel?.['title']), items };
  }
  if (atom !== undefined) {
    const items = array(atom['entry']).flatMap((raw) => {
      const entry = record(raw);
      if (entry === undefined) return [];
      const links = array(entry['link'])
        .map(record)
        .filter((link) => link !== undefined);
      const alternate = links.find((link) => link['@rel'] === undefined || link['@rel'] === 'alternate') ?? links[0];
      const link = absolute(text(alternate?.['@href']), feedUrl);
      if (link === undefined) return [];
      return [
        clean({
          id: text(entry['id']) ?? link,
          link,
          title: text(entry['title']),
          date: isoDate(text(entry['published']) ?? text(entry['updated'])),
          author: text(record(array(entry['author'])[0])?.['name']),
        }),
      ];
    });
    return { kind: 'feed', format: 'atom', title: text(atom['title']), items };
  }
  return { kind: 'rejected', reason: 'not an RSS or Atom feed (no <rss>, <rdf:RDF> or <feed> element)' };
}

function clean(item: { id: string; link: string; title: string | undefined; date: string | undefined; author: string | undefined }): FeedItem {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined)) as unknown as FeedItem;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function array(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** An element's text, whether the parser gave a string or an object with attributes. */
function text(value: unknown): string | undefined {
  const raw =
    typeof value === 'string'
      ? value
      : typeof value === 'number'
        ? String(value)
        : typeof record(value)?.['#text'] === 'string'
          ? (record(value)!['#text'] as string)
          : undefined;
  const trimmed = raw?.replace(/\s+/g, ' ').trim();
  return trimmed === '' ? undefined : trimmed;
}

function absolute(link: string | undefined, base: string): string | undefined {
  if (link === undefined) return undefined;
  try {
    const url = new URL(link, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function isoDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 120);
}
