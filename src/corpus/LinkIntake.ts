import { createHash } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import type { CorpusService } from './CorpusService.js';
import { fetchPage, parseLink, type FetchSettings } from './fetchPage.js';
import { JsonStateFile } from './JsonStateFile.js';
import { scanCorpus } from './loadCorpus.js';
import { pageForCorpus } from './pageForCorpus.js';
import { createFileExclusive } from './writeFileAtomic.js';
import { folderUnusable } from './folderUnusable.js';

/**
 * Links into the corpus: fetch a page (fetchPage's guards), refuse a duplicate, save it into the
 * corpus folder — an HTML page describing itself (pageForCorpus: its link, fetch time and feed
 * facts in its head, read back word for word as served) as `<slug>.html`, a text page as UTF-8 with
 * front matter naming its link and fetch time (`<slug>.txt`) — and remember where each file came
 * from in `links.json` in DATA_DIR, which is what duplicates are told by. The caller refreshes
 * (once, however many links it saved) and then `describe` says what each file became in the
 * index, or why it did not.
 */

const LinkRecordSchema = z.object({
  /** The file's path relative to the corpus folder. */
  file: z.string(),
  /** The link as given, and the URL that answered after redirects. */
  requested: z.string(),
  url: z.string(),
  fetchedAt: z.string(),
  mediaType: z.string(),
  /** SHA-256 of the body as fetched. */
  sha256: z.string(),
  /** The feed it came from, and what the feed said of the item. */
  feed: z.string().optional(),
  title: z.string().optional(),
  date: z.string().optional(),
  author: z.string().optional(),
  publisher: z.string().optional(),
});

export type LinkRecord = z.infer<typeof LinkRecordSchema>;

const LinksSchema = z.object({ version: z.literal(1), links: z.array(LinkRecordSchema) });
type Links = z.infer<typeof LinksSchema>;

export const LINKS_FILE = 'links.json';

/** The links file of `dataDir`; the loader reads it to give a saved page its URL and fetch time. */
export function linksFile(dataDir: string, log?: (message: string) => void): JsonStateFile<Links> {
  return new JsonStateFile(path.join(dataDir, LINKS_FILE), LinksSchema, () => ({ version: 1, links: [] }), log);
}

/** By corpus file: what links.json says of each saved page. */
export async function readLinkRecords(dataDir: string): Promise<ReadonlyMap<string, LinkRecord>> {
  const state = await linksFile(dataDir).read();
  return new Map(state.links.map((record) => [record.file, record]));
}

/** What a feed knows of an item before its page is fetched. */
export interface ItemHints {
  readonly feed?: string;
  readonly title?: string;
  readonly date?: string;
  readonly author?: string;
  readonly publisher?: string;
}

export type SaveLinkResult =
  | { readonly kind: 'saved'; readonly file: string; readonly record: LinkRecord }
  | { readonly kind: 'rejected'; readonly reason: string; readonly transient: boolean; readonly duplicate?: true };

/** What a saved file became after the refresh. */
export type FileOutcome =
  | { readonly kind: 'indexed'; readonly articles: readonly { title: string; source?: string; date?: string; url?: string; paragraphs: number }[] }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'absent' };

export interface LinkIntakeSettings {
  readonly dataDir: string;
  readonly fetch: FetchSettings;
  readonly log?: (message: string) => void;
}

export class LinkIntake {
  readonly links: JsonStateFile<Links>;
  /** Links being fetched now: the same link given twice at once is saved once. */
  private readonly inFlight = new Set<string>();

  constructor(
    private readonly corpus: CorpusService,
    private readonly settings: LinkIntakeSettings,
  ) {
    this.links = linksFile(settings.dataDir, settings.log);
  }

  /**
   * The SHA-256 of every file in the corpus folder, to refuse a page already there. Taken once for
   * a batch of links (a feed poll), not once per link.
   */
  async corpusHashes(): Promise<ReadonlySet<string>> {
    const scanned = await scanCorpus(this.corpus.corpusDir);
    return new Set(scanned.files.flatMap((file) => (file.sha256 !== undefined ? [file.sha256] : [])));
  }

  /** Fetches `link` and saves it into the corpus folder; does not refresh. */
  async save(link: string, hints: ItemHints = {}, hashes?: ReadonlySet<string>): Promise<SaveLinkResult> {
    const parsed = parseLink(link);
    if (!(parsed instanceof URL)) return parsed;
    if (this.inFlight.has(parsed.href)) return { kind: 'rejected', reason: 'that link is being added right now', transient: true, duplicate: true };
    this.inFlight.add(parsed.href);
    try {
      return await this.fetchAndSave(parsed, hints, hashes);
    } finally {
      this.inFlight.delete(parsed.href);
    }
  }

  private async fetchAndSave(parsed: URL, hints: ItemHints, hashes: ReadonlySet<string> | undefined): Promise<SaveLinkResult> {
    const known = await this.links.read();
    const before = known.links.find((record) => record.requested === parsed.href || record.url === parsed.href);
    if (before !== undefined) return duplicate(before);

    const fetched = await fetchPage(parsed.href, 'page', this.settings.fetch);
    if (fetched.kind === 'not-modified') return { kind: 'rejected', reason: 'the server answered "not modified" to a first request', transient: true };
    if (fetched.kind === 'rejected') return fetched;
    const sha256 = createHash('sha256').update(fetched.body).digest('hex');
    const same = known.links.find((record) => record.url === fetched.url || record.sha256 === sha256);
    if (same !== undefined) return duplicate(same);
    if ((hashes ?? (await this.corpusHashes())).has(sha256))
      return { kind: 'rejected', reason: 'the corpus already holds a file with exactly this content', transient: false, duplicate: true };

    const html = fetched.mediaType !== 'text/plain';
    let data: Uint8Array;
    if (html) {
      const page = pageForCorpus(fetched.body, {
        url: fetched.url,
        fetchedAt: fetched.fetchedAt,
        ...(fetched.charset === undefined ? {} : { transportCharset: fetched.charset }),
        ...definedOnly({ publisher: hints.publisher, date: hints.date, author: hints.author }),
      });
      if (page.kind === 'refused') return { kind: 'rejected', reason: page.reason, transient: false };
      data = page.bytes;
    } else {
      const text = decodeText(fetched.body, fetched.charset);
      if (text === undefined) return { kind: 'rejected', reason: 'the page is not text (it holds binary data)', transient: false };
      if (text.trim() === '') return { kind: 'rejected', reason: 'the page is empty', transient: false };
      data = new TextEncoder().encode(withFrontMatter(text, fetched.url, fetched.fetchedAt, hints));
    }

    const folder = path.resolve(this.corpus.corpusDir);
    const missing = await folderUnusable(folder);
    if (missing !== undefined) {
      this.settings.log?.(`link ${fetched.url} not saved: ${folder} ${missing}`);
      return { kind: 'rejected', reason: `the corpus folder ${missing}; nothing was saved (the operator must check CORPUS_DIR)`, transient: false };
    }
    const stem = slugFor(new URL(fetched.url));
    const extension = html ? '.html' : '.txt';
    const names = Array.from({ length: 100 }, (_, i) => `${stem}${i === 0 ? '' : `-${i + 1}`}${extension}`);
    const created = await createFileExclusive(folder, names, data);
    if (created.kind === 'taken') return { kind: 'rejected', reason: 'too many files with that name already', transient: false };
    if (created.kind === 'failed') {
      this.settings.log?.(`link ${fetched.url} could not be saved into ${folder}: ${created.code}`);
      return { kind: 'rejected', reason: `${created.reason}; nothing was saved`, transient: false };
    }
    const record: LinkRecord = {
      file: created.name,
      requested: fetched.requested,
      url: fetched.url,
      fetchedAt: fetched.fetchedAt.toISOString(),
      mediaType: fetched.mediaType,
      sha256,
      ...definedOnly(hints),
    };
    const remembered = await this.links.update((state) => ({ state: { ...state, links: [...state.links, record] }, result: undefined }));
    // The page is in the corpus either way; without its record it is not known as a duplicate.
    if (remembered.kind === 'failed')
      this.settings.log?.(`link ${fetched.url} saved as ${created.name}, but links.json could not be written: ${remembered.reason}`);
    return { kind: 'saved', file: created.name, record };
  }

  /** What `file` is in the index now: its articles, why it was skipped, or not there at all. */
  describe(file: string): FileOutcome {
    const served = this.corpus.current;
    const documents = served.index.documents.filter((document) => document.file === file);
    if (documents.length > 0) {
      return {
        kind: 'indexed',
        articles: documents.map((document) => ({
          title: document.title,
          ...(document.source !== undefined ? { source: document.source } : {}),
          ...(document.date !== undefined ? { date: document.date } : {}),
          ...(document.url !== undefined ? { url: document.url } : {}),
          paragraphs: new Set(document.passages.map((passage) => passage.paragraph)).size,
        })),
      };
    }
    const skipped = served.skipped.find((skip) => skip.file === file);
    return skipped !== undefined ? { kind: 'skipped', reason: skipped.reason } : { kind: 'absent' };
  }
}

function duplicate(record: LinkRecord): SaveLinkResult {
  return { kind: 'rejected', reason: `already added on ${record.fetchedAt.slice(0, 10)} as ${record.file}`, transient: false, duplicate: true };
}

function definedOnly(hints: ItemHints): Partial<ItemHints> {
  return Object.fromEntries(Object.entries(hints).filter(([, value]) => typeof value === 'string' && value.trim() !== '')) as Partial<ItemHints>;
}

/** Text in the charset the server declared (UTF-8 when none or unknown); undefined for binary data. */
function decodeText(body: Uint8Array, charset: string | undefined): string | undefined {
  let text: string;
  try {
    text = new TextDecoder(charset ?? 'utf-8').decode(body);
  } catch {
    // A charset label TextDecoder does not know.
    text = new TextDecoder('utf-8').decode(body);
  }
  return text.includes('\u0000') ? undefined : text.replace(/^\uFEFF/, '');
}

/** The loader's front matter (parseArticleFile): one line per key, so no value may hold a line break. */
function withFrontMatter(text: string, url: string, fetchedAt: Date, hints: ItemHints): string {
  const line = (key: string, value: string | undefined) => (value === undefined || value.trim() === '' ? [] : [`${key}: ${value.replace(/\s+/g, ' ').trim()}`]);
  const header = [
    '---',
    ...line('title', hints.title),
    ...line('source', hints.publisher),
    ...line('author', hints.author),
    ...line('date', hints.date),
    ...line('url', url),
    ...line('fetched', fetchedAt.toISOString()),
    '---',
  ];
  return `${header.join('\n')}\n${text}`;
}

/** A file name from the link: host and last path segments, reduced to [a-z0-9-]. */
export function slugFor(url: URL): string {
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  const last = (segments.at(-1) ?? '').replace(/\.(?:html?|php|aspx?|txt)$/i, '');
  // A path in another script (/أخبار/…) reduces to nothing: a short hash of it keeps names apart.
  const latin = decodeURIComponentSafe(last)
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '');
  const tag =
    latin === '' && url.pathname !== '/'
      ? `-${createHash('sha256')
          .update(url.pathname + url.search)
          .digest('hex')
          .slice(0, 8)}`
      : '';
  const raw = `${url.hostname.replace(/^www\./, '')}-${last}${tag}`;
  const slug = decodeURIComponentSafe(raw)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug === '' ? `link-${createHash('sha256').update(url.href).digest('hex').slice(0, 8)}` : slug;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
