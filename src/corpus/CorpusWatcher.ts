import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describeOtherShards } from '../core/describeOtherShards.js';
import type { OtherShards } from '../core/labels.js';
import type { CorpusService, RefreshResult } from './CorpusService.js';
import { describeError } from '../core/describeError.js';

/**
 * Refreshes the corpus by itself when files in its folder change (added, edited, removed): after a
 * quiet period with no further change, one refresh through the same path as /corpus refresh
 * (CorpusService.refreshQueued: the build process, the swap on success, the report in the log and
 * in /corpus status). A burst of changes — a thousand files copied in — is one refresh.
 *
 * Hidden names are ignored: the loader never indexes them, and they are where isnad's own writes
 * happen (writeFileAtomic's `.name.<pid>.<hex>.tmp`). A change that a refresh started after has
 * already seen (an upload or a link, refreshed by its command) costs no second refresh.
 *
 * One fs.watch per folder, not `recursive: true`: on Linux, Node 20 implements that with one
 * watcher per file (10,000 handles and half a second of blocked event loop for 10,000 files),
 * while a folder's watcher already reports every file in it. A folder created later is watched
 * when its creation is reported; its creation alone refreshes, and that refresh reads it whole.
 */
export interface WatcherSettings {
  /** Quiet period after the last change before the refresh. */
  readonly quietMs: number;
  readonly log: (message: string) => void;
  /** After a refresh succeeded: has other processes serving the corpus load it. */
  readonly onRefreshed?: () => Promise<OtherShards>;
}

const RETRY_MS = 10_000;

export class CorpusWatcher {
  /** By absolute folder path. */
  private readonly watchers = new Map<string, FSWatcher>();
  private timer: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private lastChangeAt = 0;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private failing = false;
  /** Refreshes this watcher started (for tests and the log). */
  refreshes = 0;

  constructor(
    private readonly corpus: CorpusService,
    private readonly settings: WatcherSettings,
  ) {}

  /** Starts watching the folder and its sub-folders; resolves once every folder is watched. */
  async start(): Promise<void> {
    if (this.stopped || this.watchers.size > 0) return;
    const root = path.resolve(this.corpus.corpusDir);
    try {
      await this.watchTree(root);
      if (this.failing) this.settings.log('corpus folder watched again: changes refresh the corpus');
      this.failing = false;
    } catch (error) {
      this.lost(error as Error);
    }
  }

  /** Watches `folder` and, one by one, the folders under it (not links, not hidden ones). */
  private async watchTree(folder: string): Promise<void> {
    if (this.stopped || this.watchers.has(folder)) return;
    const watcher = watch(folder, { persistent: false }, (_event, filename) => this.reported(folder, filename === null ? null : String(filename)));
    this.watchers.set(folder, watcher);
    watcher.on('error', (error) => {
      watcher.close();
      this.watchers.delete(folder);
      // A sub-folder removed is a change like any other; the root gone means watching stopped.
      if (folder === path.resolve(this.corpus.corpusDir)) this.lost(error);
      else this.changed();
    });
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.')) await this.watchTree(path.join(folder, entry.name)).catch(() => {});
    }
  }

  private reported(folder: string, filename: string | null): void {
    if (filename?.startsWith('.')) return;
    this.changed();
    if (filename === null) return;
    const target = path.join(folder, filename);
    // A folder created (or moved in) is watched from now on.
    void lstat(target)
      .then((stats) => (stats.isDirectory() ? this.watchTree(target) : undefined))
      .catch(() => {
        // Gone again, or removed: its watcher (if any) reports an error and is dropped.
        const gone = this.watchers.get(target);
        if (gone !== undefined) {
          gone.close();
          this.watchers.delete(target);
        }
      });
  }

  /** Stops watching; waits for a refresh it started. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    this.closeAll();
    await this.running;
  }

  /** The folder vanished or cannot be watched: said once, retried until it can be. */
  private closeAll(): void {
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private lost(error: Error): void {
    this.closeAll();
    if (!this.failing)
      this.settings.log(`the corpus folder cannot be watched (${(error as NodeJS.ErrnoException).code ?? error.message}); retrying every ${RETRY_MS / 1000} s`);
    this.failing = true;
    if (this.stopped) return;
    this.retry = setTimeout(() => void this.start(), RETRY_MS);
    this.retry.unref();
  }

  private changed(): void {
    this.lastChangeAt = Date.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.quiet(), this.settings.quietMs);
    this.timer.unref();
  }

  private quiet(): void {
    const changeAt = this.lastChangeAt;
    this.running = this.running
      .then(async () => {
        // A refresh running now may have begun after the change: wait for it, then judge.
        while (this.corpus.isRefreshing && !this.stopped) await new Promise((resolve) => setTimeout(resolve, 50));
        if (this.stopped || this.coveredSince(changeAt)) return;
        this.refreshes++;
        const result = await this.corpus.refreshQueued();
        let elsewhere = '';
        if (result.kind === 'refreshed' && this.settings.onRefreshed) elsewhere = ` ${describeOtherShards(await this.settings.onRefreshed())}`;
        this.settings.log(`corpus folder changed: ${describe(result)}${elsewhere}`);
      })
      .catch((error: unknown) => this.settings.log(`refresh after a change in the corpus folder failed: ${describeError(error)}`));
  }

  /** A refresh that began after the change has read it already. */
  private coveredSince(changeAt: number): boolean {
    const last = this.corpus.lastRefresh;
    if (last === undefined) return false;
    return last.at.getTime() - last.tookMs > changeAt;
  }
}

function describe(result: Exclude<RefreshResult, { kind: 'busy' }>): string {
  if (result.kind === 'failed') return `refresh failed, the previous index is still serving: ${result.reason}`;
  const { added, changed, removed, passagesBefore, passagesAfter } = result.diff;
  return `refreshed in ${Math.round(result.tookMs)} ms: ${added.length} added, ${changed.length} changed, ${removed.length} removed, passages ${passagesBefore} → ${passagesAfter}`;
}
