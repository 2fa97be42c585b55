import path from 'node:path';
import { z } from 'zod';
import type { OtherShards } from '../core/labels.js';
import type { CorpusService, RefreshResult } from './CorpusService.js';
import { fetchPage, parseLink, type FetchSettings } from './fetchPage.js';
import { JsonStateFile } from './JsonStateFile.js';
import type { LinkIntake } from './LinkIntake.js';
import { decodeFeed, parseFeed, type FeedItem } from './parseFeed.js';
import { describeError } from '../core/describeError.js';

/**
 * The RSS/Atom feeds moderators follow. A poll asks each feed with its validators (ETag /
 * Last-Modified, so an unchanged feed costs a 304), fetches the pages of items not seen before
 * through LinkIntake (same guards, same duplicate checks), and refreshes the corpus once for the
 * whole poll, however many items and feeds it saved.
 *
 * The state — feeds, seen items, validators, last poll, last error — is `feeds.json` in DATA_DIR
 * (JsonStateFile: zod on read, atomic writes, a damaged file moved aside). A feed that fails is
 * logged when it starts failing (or fails differently) and when it works again, not at every poll,
 * and never stops the others. Only one process runs the schedule (`start`); any may add, remove or
 * list feeds, and an added feed is polled at once by the process that added it.
 */

const FeedSchema = z.object({
  url: z.string(),
  title: z.string().optional(),
  addedAt: z.string(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  lastPollAt: z.string().optional(),
  lastOkAt: z.string().optional(),
  lastError: z.string().optional(),
  /** Ids and links of the items already taken (or refused for good), newest first, bounded. */
  seen: z.array(z.string()),
  /** Articles saved from this feed since it was added. */
  added: z.number().int().nonnegative(),
});

export type Feed = z.infer<typeof FeedSchema>;

const FeedsSchema = z.object({ version: z.literal(1), feeds: z.array(FeedSchema) });
type Feeds = z.infer<typeof FeedsSchema>;

export const FEEDS_FILE = 'feeds.json';
/** Enough to recognise every item a feed still lists (feeds carry 10–100). */
const MAX_SEEN = 1000;

export interface FeedPollerSettings {
  readonly dataDir: string;
  readonly fetch: FetchSettings;
  /** Time between two polls. */
  readonly intervalMs: number;
  /** New items taken from one feed in one poll; the rest wait for the next poll. */
  readonly itemsPerPoll: number;
  readonly log: (message: string) => void;
  /** After a poll's refresh succeeded: has other processes serving the corpus load it. */
  readonly onRefreshed?: () => Promise<OtherShards>;
  /** What each feed gave in a poll, as soon as it is known (the operators' metrics). */
  readonly onFeedPolled?: (outcome: FeedPollOutcome) => void;
}

/** What one feed gave in a poll. */
export interface FeedPollOutcome {
  readonly url: string;
  readonly title: string | undefined;
  readonly error: string | undefined;
  readonly notModified: boolean;
  readonly saved: readonly { readonly file: string; readonly link: string }[];
  /** Items refused for good (duplicates, not a page…) and items to try again at the next poll. */
  readonly refused: readonly { readonly link: string; readonly reason: string }[];
  readonly retrying: number;
}

export interface PollReport {
  readonly feeds: readonly FeedPollOutcome[];
  /** The poll's one refresh; undefined when it saved nothing. */
  readonly refresh: Exclude<RefreshResult, { kind: 'busy' }> | undefined;
  /** What the other shards did with the poll's refresh (`npm run start:sharded`). */
  readonly elsewhere: OtherShards | undefined;
}

export type AddFeedResult =
  | { readonly kind: 'added'; readonly feed: Feed; readonly items: number; readonly poll: PollReport }
  | { readonly kind: 'rejected'; readonly reason: string };

export class FeedPoller {
  readonly state: JsonStateFile<Feeds>;
  private polling: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly corpus: CorpusService,
    private readonly intake: LinkIntake,
    private readonly settings: FeedPollerSettings,
  ) {
    this.state = new JsonStateFile(path.join(settings.dataDir, FEEDS_FILE), FeedsSchema, () => ({ version: 1, feeds: [] }), settings.log);
  }

  get intervalMs(): number {
    return this.settings.intervalMs;
  }

  async list(): Promise<readonly Feed[]> {
    return (await this.state.read()).feeds;
  }

  /**
   * Follows a feed: it must answer as an RSS or Atom feed now. Its newest items are taken at once
   * (one poll of this feed, with its refresh); later ones at each scheduled poll.
   */
  async add(link: string): Promise<AddFeedResult> {
    const parsed = parseLink(link);
    if (!(parsed instanceof URL)) return parsed;
    const url = parsed.href;
    if ((await this.list()).some((feed) => feed.url === url)) return { kind: 'rejected', reason: 'that feed is followed already' };
    const fetched = await fetchPage(url, 'feed', this.settings.fetch);
    if (fetched.kind === 'not-modified') return { kind: 'rejected', reason: 'the server answered "not modified" to a first request' };
    if (fetched.kind === 'rejected') return fetched;
    const feed = parseFeed(decodeFeed(fetched.body, fetched.charset), fetched.url);
    if (feed.kind === 'rejected') return feed;
    const entry: Feed = { url, ...(feed.title !== undefined ? { title: feed.title } : {}), addedAt: new Date().toISOString(), seen: [], added: 0 };
    const stored = await this.state.update((state) => {
      if (state.feeds.some((known) => known.url === url)) return { state, result: false };
      return { state: { ...state, feeds: [...state.feeds, entry] }, result: true };
    });
    if (stored.kind === 'failed') return { kind: 'rejected', reason: `the feed list could not be saved: ${stored.reason}` };
    if (!stored.result) return { kind: 'rejected', reason: 'that feed is followed already' };
    this.settings.log(`feed added: ${url} (${feed.items.length} items)`);
    const poll = await this.poll([url]);
    const now = (await this.list()).find((known) => known.url === url) ?? entry;
    return { kind: 'added', feed: now, items: feed.items.length, poll };
  }

  async remove(link: string): Promise<{ kind: 'removed'; feed: Feed } | { kind: 'rejected'; reason: string }> {
    const parsed = parseLink(link);
    const url = parsed instanceof URL ? parsed.href : link.trim();
    const removed = await this.state.update((state) => {
      const feed = state.feeds.find((known) => known.url === url);
      return { state: { ...state, feeds: state.feeds.filter((known) => known.url !== url) }, result: feed };
    });
    if (removed.kind === 'failed') return { kind: 'rejected', reason: `the feed list could not be saved: ${removed.reason}` };
    if (removed.result === undefined) return { kind: 'rejected', reason: 'no followed feed has that link (see /corpus feed list)' };
    this.settings.log(`feed removed: ${url}`);
    return { kind: 'removed', feed: removed.result };
  }

  /** Polls every feed (or those of `only`), one at a time after any poll running now. */
  poll(only?: readonly string[]): Promise<PollReport> {
    const run = this.polling.then(() => this.runPoll(only));
    this.polling = run.catch(() => {});
    return run;
  }

  /** Polls on the schedule: first when the feed polled longest ago is due, then every interval. */
  async start(): Promise<void> {
    const feeds = await this.list();
    const oldest = Math.min(...feeds.map((feed) => (feed.lastPollAt !== undefined ? Date.parse(feed.lastPollAt) : 0)));
    const due = Number.isFinite(oldest) ? Math.max(0, oldest + this.settings.intervalMs - Date.now()) : this.settings.intervalMs;
    this.schedule(Math.min(due, this.settings.intervalMs));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.polling;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.poll()
        .catch((error: unknown) => this.settings.log(`feed poll failed: ${describeError(error)}`))
        .finally(() => this.schedule(this.settings.intervalMs));
    }, delayMs);
    // A pending poll never keeps a stopping process alive.
    this.timer.unref();
  }

  private async runPoll(only: readonly string[] | undefined): Promise<PollReport> {
    const feeds = (await this.list()).filter((feed) => only === undefined || only.includes(feed.url));
    if (feeds.length === 0) return { feeds: [], refresh: undefined, elsewhere: undefined };
    const hashes = new Set(await this.intake.corpusHashes());
    const outcomes: FeedPollOutcome[] = [];
    for (const feed of feeds) {
      let outcome: FeedPollOutcome;
      try {
        outcome = await this.pollFeed(feed, hashes);
      } catch (error) {
        // A bug met on one feed must not stop the others; it is logged with its stack.
        this.settings.log(`feed ${feed.url}: unexpected error: ${describeError(error)}`);
        outcome = { url: feed.url, title: feed.title, error: 'an unexpected error (see the log)', notModified: false, saved: [], refused: [], retrying: 0 };
      }
      outcomes.push(outcome);
      this.settings.onFeedPolled?.(outcome);
      if (outcome.error !== feed.lastError) {
        if (outcome.error !== undefined) this.settings.log(`feed ${feed.url} fails: ${outcome.error}`);
        else this.settings.log(`feed ${feed.url} works again`);
      }
    }
    const saved = outcomes.flatMap((outcome) => outcome.saved);
    let refresh: PollReport['refresh'];
    let elsewhere: OtherShards | undefined;
    if (saved.length > 0) {
      refresh = await this.corpus.refreshQueued();
      if (refresh.kind === 'refreshed' && this.settings.onRefreshed) elsewhere = await this.settings.onRefreshed();
      this.settings.log(
        `feed poll: ${saved.length} article${saved.length === 1 ? '' : 's'} saved from ${outcomes.filter((o) => o.saved.length > 0).length} feed(s); ` +
          `refresh ${refresh.kind}${refresh.kind === 'failed' ? ` (${refresh.reason})` : ` in ${Math.round(refresh.tookMs)} ms`}`,
      );
    }
    return { feeds: outcomes, refresh, elsewhere };
  }

  /** Polls one feed and records what it gave; saves its new items' pages, does not refresh. */
  private async pollFeed(feed: Feed, hashes: Set<string>): Promise<FeedPollOutcome> {
    const polledAt = new Date().toISOString();
    const base = { url: feed.url, title: feed.title, notModified: false, saved: [], refused: [], retrying: 0 };
    const fetched = await fetchPage(feed.url, 'feed', this.settings.fetch, { etag: feed.etag, lastModified: feed.lastModified });
    let outcome: FeedPollOutcome;
    const seen: string[] = [];
    let validators: Pick<Feed, 'etag' | 'lastModified'> = { etag: feed.etag, lastModified: feed.lastModified };
    let title = feed.title;
    if (fetched.kind === 'not-modified') outcome = { ...base, error: undefined, notModified: true };
    else if (fetched.kind === 'rejected') outcome = { ...base, error: fetched.reason };
    else {
      const parsed = parseFeed(decodeFeed(fetched.body, fetched.charset), fetched.url);
      if (parsed.kind === 'rejected') outcome = { ...base, error: parsed.reason };
      else {
        title = parsed.title ?? title;
        const known = new Set(feed.seen);
        const unseen = parsed.items.filter((item) => !known.has(item.id) && !known.has(item.link));
        const fresh = unseen.slice(0, this.settings.itemsPerPoll);
        const saved: { file: string; link: string }[] = [];
        const refused: { link: string; reason: string }[] = [];
        let retrying = 0;
        for (const item of fresh) {
          const result = await this.intake.save(item.link, hintsOf(item, feed.url, title), hashes);
          if (result.kind === 'saved') {
            saved.push({ file: result.file, link: item.link });
            hashes.add(result.record.sha256);
          } else if (result.transient) {
            retrying++;
            continue;
          } else refused.push({ link: item.link, reason: result.reason });
          seen.push(item.id, ...(item.link !== item.id ? [item.link] : []));
        }
        outcome = { ...base, title, error: undefined, saved, refused, retrying };
        // With items left for the next poll (over the per-poll number, or failing for now), that
        // poll must read the feed again, not be told "not modified".
        validators = unseen.length > fresh.length || retrying > 0 ? {} : { etag: fetched.etag, lastModified: fetched.lastModified };
      }
    }
    const recorded = await this.state.update((state) => ({
      // Merged into the list as it is on the disk now: a feed removed meanwhile stays removed.
      state: {
        ...state,
        feeds: state.feeds.map((current) => {
          if (current.url !== feed.url) return current;
          const next: Feed = {
            ...current,
            ...(title !== undefined ? { title } : {}),
            lastPollAt: polledAt,
            seen: [...seen, ...current.seen.filter((id) => !seen.includes(id))].slice(0, MAX_SEEN),
            added: current.added + outcome.saved.length,
          };
          delete next.etag;
          delete next.lastModified;
          delete next.lastError;
          if (validators.etag !== undefined) next.etag = validators.etag;
          if (validators.lastModified !== undefined) next.lastModified = validators.lastModified;
          if (outcome.error !== undefined) next.lastError = outcome.error;
          else next.lastOkAt = polledAt;
          return next;
        }),
      },
      result: undefined,
    }));
    if (recorded.kind === 'failed') this.settings.log(`feed ${feed.url}: its state could not be saved (${recorded.reason}); its items may be fetched again`);
    return outcome;
  }
}

function hintsOf(item: FeedItem, feed: string, publisher: string | undefined) {
  return {
    feed,
    ...(item.title !== undefined ? { title: item.title } : {}),
    ...(item.date !== undefined ? { date: item.date } : {}),
    ...(item.author !== undefined ? { author: item.author } : {}),
    ...(publisher !== undefined ? { publisher } : {}),
  };
}
