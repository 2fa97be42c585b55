import { watch, type FSWatcher } from 'node:fs';
import type { CorpusService, RefreshResult } from './CorpusService.js';

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
 * Uses fs.watch with `recursive` (Linux since Node 20); a file written into a folder created a
 * moment earlier may go unreported, but the folder's own creation is, and its refresh reads the
 * whole tree.
 */
export interface WatcherSettings {
  /** Quiet period after the last change before the refresh. */
  readonly quietMs: number;
  readonly log: (message: string) => void;
  /** After a refresh succeeded: has other processes serving the corpus load it. */
  readonly onRefreshed?: () => Promise<string>;
  /** For tests: replaces fs.watch. */
  readonly watch?: (folder: string, listener: (filename: string | null) => void) => { close(): void; on(event: 'error', listener: (error: Error) => void): unknown };
}

const RETRY_MS = 10_000;

export class CorpusWatcher {
  private watcher: { close(): void } | undefined;
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

  start(): void {
    if (this.stopped || this.watcher !== undefined) return;
    const folder = this.corpus.corpusDir;
    try {
      const listener = (filename: string | null) => this.changed(filename);
      const watcher = this.settings.watch
        ? this.settings.watch(folder, listener)
        : (watch(folder, { recursive: true, persistent: false }, (_event, filename) => listener(filename)) as FSWatcher);
      watcher.on('error', (error) => this.lost(error));
      this.watcher = watcher;
      if (this.failing) this.settings.log('corpus folder watched again: changes refresh the corpus');
      this.failing = false;
    } catch (error) {
      this.lost(error as Error);
    }
  }

  /** Stops watching; waits for a refresh it started. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.retry);
    this.watcher?.close();
    this.watcher = undefined;
    await this.running;
  }

  /** The folder vanished or cannot be watched: said once, retried until it can be. */
  private lost(error: Error): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (!this.failing) this.settings.log(`the corpus folder cannot be watched (${(error as NodeJS.ErrnoException).code ?? error.message}); retrying every ${RETRY_MS / 1000} s`);
    this.failing = true;
    if (this.stopped) return;
    this.retry = setTimeout(() => this.start(), RETRY_MS);
    this.retry.unref();
  }

  private changed(filename: string | null): void {
    if (filename !== null && filename.split(/[\\/]/).some((part) => part.startsWith('.'))) return;
    this.lastChangeAt = Date.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.quiet(), this.settings.quietMs);
    this.timer.unref();
  }

  private quiet(): void {
    const changeAt = this.lastChangeAt;
    this.running = this.running.then(async () => {
      // A refresh running now may have begun after the change: wait for it, then judge.
      while (this.corpus.isRefreshing && !this.stopped) await new Promise((resolve) => setTimeout(resolve, 50));
      if (this.stopped || this.coveredSince(changeAt)) return;
      this.refreshes++;
      const result = await this.corpus.refreshQueued();
      let elsewhere = '';
      if (result.kind === 'refreshed' && this.settings.onRefreshed) elsewhere = ` ${await this.settings.onRefreshed()}`;
      this.settings.log(`corpus folder changed: ${describe(result)}${elsewhere}`);
    }).catch((error: unknown) => this.settings.log(`refresh after a change in the corpus folder failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
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
