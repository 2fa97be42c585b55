import { createHash } from 'node:crypto';
import path from 'node:path';
import { articleExtension, isHtmlFileName } from '../core/articleExtension.js';
import { prepareIndex } from '../core/answer.js';
import { describeError } from '../core/describeError.js';
import type { SearchIndex } from '../core/SearchIndex.js';
import type { SkippedFile } from '../core/types.js';
import { IndexBuilder, type BuildResult } from './IndexBuilder.js';
import { inTurns } from './inTurns.js';
import { hidePaths, scanCorpus, type FolderProblem } from './loadCorpus.js';
import { extractArticleFromBytes } from './parseHtmlFile.js';
import { openIndex, snapshotFileFor, type StartVerification } from './openIndex.js';
import { openSnapshot } from './snapshotStore.js';
import { createFileExclusive, type AtomicFileSystem } from './writeFileAtomic.js';
import { folderUnusable } from './folderUnusable.js';

/**
 * The corpus as the bot serves it: the current index, and the means to replace it. A refresh
 * builds a new index in a child process — questions keep being answered from the current one
 * meanwhile — and swaps it in only when the build succeeded. One refresh runs at a time.
 */

export interface CorpusSettings {
  readonly corpusDir: string;
  readonly snapshotDir: string | null;
  readonly maxFileBytes?: number;
  readonly log?: (message: string) => void;
  /** Told of every refresh or reload that finished (for metrics); a `busy` refusal is not one. */
  readonly onRefresh?: (result: Exclude<RefreshResult, { kind: 'busy' }>) => void;
  /**
   * Serve an intact snapshot at once and check the folder against it in the background (a bot's
   * start: see `verified`); otherwise the folder is scanned before the index is served.
   */
  readonly verifyInBackground?: boolean;
}

export interface ServedCorpus {
  readonly index: SearchIndex;
  readonly fingerprint: string;
  readonly skipped: readonly SkippedFile[];
  readonly builtAt: Date;
  readonly origin: 'snapshot' | 'built';
  /**
   * Set when the index was opened while the corpus folder could not be read: it is the last
   * snapshot's (or empty), served until a refresh succeeds.
   */
  readonly folderProblem?: FolderProblem | null;
}

export interface CorpusDiff {
  readonly added: readonly string[];
  readonly changed: readonly string[];
  readonly removed: readonly string[];
  readonly passagesBefore: number;
  readonly passagesAfter: number;
}

export type RefreshResult =
  | { readonly kind: 'refreshed'; readonly diff: CorpusDiff; readonly skipped: readonly SkippedFile[]; readonly tookMs: number; readonly at: Date }
  | { readonly kind: 'failed'; readonly reason: string; readonly tookMs: number; readonly at: Date }
  | { readonly kind: 'busy' };

/** What a reload did: loaded the snapshot, found nothing to do, or (no usable snapshot) refreshed itself. */
export type ReloadResult =
  | { readonly kind: 'loaded'; readonly diff: CorpusDiff; readonly tookMs: number }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'rebuilt'; readonly reason: string; readonly refresh: Exclude<RefreshResult, { kind: 'busy' }> };

/** What the check of the folder against the snapshot served at start found, and the refresh it started when they differ. */
export type StartCheck = StartVerification & { readonly refresh?: Promise<Exclude<RefreshResult, { kind: 'busy' }>> };

export type AddFileResult =
  | { readonly kind: 'saved'; readonly file: string; readonly renamedFrom?: string }
  | { readonly kind: 'rejected'; readonly reason: string };

export class CorpusService {
  /** The refresh or reload running now; they replace the served index one at a time. */
  private refreshing: Promise<unknown> | undefined;
  /** The refresh `refreshQueued` runs once the current one has finished; shared by its callers. */
  private queued: Promise<Exclude<RefreshResult, { kind: 'busy' }>> | undefined;
  private last: Exclude<RefreshResult, { kind: 'busy' }> | undefined;
  private readonly builder = new IndexBuilder();
  /** See `verified`. */
  private verification: Promise<StartCheck> = Promise.resolve({ kind: 'current' });
  /** See `prepared`. */
  private preparation: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly settings: CorpusSettings,
    private served: ServedCorpus,
  ) {}

  /**
   * Opens the index of the corpus folder. A folder that is missing or unreadable at start does not
   * stop the bot: it serves the last snapshot (see openIndex), logs the problem, and `current.folderProblem` says so.
   */
  static async open(settings: CorpusSettings): Promise<CorpusService> {
    const opened = await openIndex(settings.corpusDir, {
      snapshotDir: settings.snapshotDir,
      ...(settings.maxFileBytes !== undefined ? { maxFileBytes: settings.maxFileBytes } : {}),
      ...(settings.log !== undefined ? { log: settings.log } : {}),
      ...(settings.verifyInBackground === true ? { verifyLater: true } : {}),
    });
    const { index, fingerprint, builtAt, origin, folderProblem } = opened;
    const service = new CorpusService(settings, { index, fingerprint, skipped: shownSkipped(settings, opened.skipped), builtAt, origin, folderProblem });
    service.prepare(index);
    if (opened.verification !== undefined) service.verification = service.settleVerification(index, opened.verification);
    return service;
  }

  /**
   * Settles once the corpus folder has been checked against the snapshot served at start (at
   * once without `verifyInBackground`, or when the index was built). Until then answers come from
   * the snapshot as written; from then on, nothing of a file that changed or is gone since is
   * quoted (its documents are withheld) until the refresh it started is swapped in.
   */
  get verified(): Promise<StartCheck> {
    return this.verification;
  }

  private async settleVerification(served: SearchIndex, verification: Promise<StartVerification>): Promise<StartCheck> {
    const started = performance.now();
    const result = await verification;
    const log = (message: string) => this.settings.log?.(message);
    const took = `${Math.round(performance.now() - started)} ms after serving`;
    // A refresh swapped in meanwhile was built from the folder as it is: there is nothing left to
    // act on; nor once closed (a refresh would start a build process nobody stops).
    if (this.served.index !== served || this.closed) return result;
    switch (result.kind) {
      case 'current':
        log(`corpus folder checked against the snapshot: unchanged (${took})`);
        return result;
      case 'folder-problem':
        log(
          `CORPUS FOLDER PROBLEM: the corpus folder ${path.resolve(this.settings.corpusDir)}: ${result.problem.reason}. Serving the snapshot ` +
            `(${served.documents.length} documents, built ${this.served.builtAt.toISOString()}) as it is; nothing is rebuilt or rewritten until the folder is back and the corpus is refreshed`,
        );
        this.served = { ...this.served, folderProblem: result.problem };
        return result;
      case 'changed':
      case 'failed': {
        const withheld = result.kind === 'changed' ? result.withheld : served.documents.map((_, doc) => doc);
        if (withheld.length > 0) this.serve({ ...this.served, index: served.withholding(withheld) });
        const what = result.kind === 'changed' ? `${result.reason}: ${result.files.length} file(s) changed or gone` : this.shown(result.reason);
        log(
          `corpus folder checked against the snapshot (${took}): ${what}; their ${withheld.length} document(s) are withheld until the refresh started now is served`,
        );
        return { ...result, refresh: this.refreshQueued() };
      }
    }
  }

  /** Serves `next` from now on, and prepares its index for questions meanwhile (see prepare). */
  private serve(next: ServedCorpus): void {
    this.served = next;
    this.prepare(next.index);
  }

  /**
   * Builds in the background, in slices, what the first questions on `index` would otherwise build
   * inside one answer (prepareIndex: seconds at 150k news passages); given up once another index
   * is served or the service is closed.
   */
  private prepare(index: SearchIndex): void {
    this.preparation = inTurns(prepareIndex(index), () => this.served.index !== index || this.closed).then(
      () => undefined,
      (error: unknown) => this.settings.log?.(`preparing the index for questions failed (they build what they need themselves): ${describeError(error)}`),
    );
  }

  /** Settles once the served index's preparation for questions (see prepare) is done or given up. */
  get prepared(): Promise<void> {
    return this.preparation;
  }

  /** The index to answer from now. Callers take it once per question, so an answer never mixes two. */
  get current(): ServedCorpus {
    return this.served;
  }

  get lastRefresh(): Exclude<RefreshResult, { kind: 'busy' }> | undefined {
    return this.last;
  }

  get isRefreshing(): boolean {
    return this.refreshing !== undefined;
  }

  get corpusDir(): string {
    return this.settings.corpusDir;
  }

  /**
   * Starts the refresh build process now (resolves when it is ready) instead of at the first
   * refresh, so that no refresh pays for starting it while questions are being answered.
   */
  prepareRefresh(): Promise<void> {
    return this.builder.warm();
  }

  /** Stops the refresh build process (a refresh in flight fails and the current index stays). */
  close(): Promise<void> {
    this.closed = true;
    return this.builder.close();
  }

  /** Rebuilds from the corpus folder; `busy` when a refresh is already running. */
  refresh(): Promise<RefreshResult> {
    if (this.refreshing) return Promise.resolve({ kind: 'busy' });
    return this.exclusively(() => this.runRefresh());
  }

  /**
   * A refresh that is never `busy`: when one is running, waits for it and then runs one more,
   * since the running one may have scanned the folder before the caller's change (an upload just
   * saved). Callers arriving while that next refresh waits share it, so that any number of
   * uploads during one refresh cost one more refresh, not one each.
   */
  refreshQueued(): Promise<Exclude<RefreshResult, { kind: 'busy' }>> {
    if (this.queued !== undefined) return this.queued;
    if (this.refreshing === undefined) return this.exclusively(() => this.runRefresh());
    const next = (async () => {
      while (this.refreshing) await this.refreshing.catch(() => {});
      // From here on a new caller must queue behind this refresh: it may have scanned already.
      this.queued = undefined;
      return this.exclusively(() => this.runRefresh());
    })();
    this.queued = next;
    return next;
  }

  /**
   * Serves the index another process built for the corpus as it is now (with sharding, one shard
   * refreshes and the others reload): read from the snapshot and swapped in, without building.
   * Without an up-to-date snapshot it refreshes itself instead. Waits for a refresh running here.
   */
  async reload(): Promise<ReloadResult> {
    while (this.refreshing) await this.refreshing.catch(() => {});
    return this.exclusively(() => this.runReload());
  }

  private exclusively<T>(work: () => Promise<T>): Promise<T> {
    const running = work().finally(() => {
      this.refreshing = undefined;
    });
    this.refreshing = running;
    return running;
  }

  private shown(reason: string): string {
    return shownReason(this.settings, reason);
  }

  private failure(reason: string, started: number): Extract<RefreshResult, { kind: 'failed' }> {
    const result = { kind: 'failed', reason: this.shown(reason), tookMs: performance.now() - started, at: new Date() } as const;
    this.finished(result);
    return result;
  }

  private finished(result: Exclude<RefreshResult, { kind: 'busy' }>): void {
    this.last = result;
    this.settings.onRefresh?.(result);
  }

  private async runReload(): Promise<ReloadResult> {
    const started = performance.now();
    const { corpusDir, snapshotDir, maxFileBytes } = this.settings;
    let reason = 'no snapshot folder';
    if (snapshotDir !== null) {
      const found = await openSnapshot(snapshotFileFor(snapshotDir, corpusDir));
      const known = found.kind === 'found' ? await found.known() : undefined;
      const scanned = await scanCorpus(corpusDir, { ...(maxFileBytes !== undefined ? { maxFileBytes } : {}), ...(known !== undefined ? { known } : {}) });
      // A refresh would fail on the folder too: the index in service and the snapshot stay as they are.
      if (scanned.folderProblem !== null) {
        this.settings.log?.(`reload: ${path.resolve(corpusDir)}: ${scanned.folderProblem.reason}; the index in service is kept`);
        const refresh = this.failure(keptDespite(scanned.folderProblem), started);
        return { kind: 'rebuilt', reason: refresh.reason, refresh };
      }
      if (scanned.fingerprint === this.served.fingerprint) return { kind: 'unchanged' };
      const snapshot = found.kind === 'found' ? await found.load(scanned.fingerprint, (index) => scanned.verify(index)) : found;
      if (snapshot.kind === 'loaded' && snapshot.index.documents.length > 0) {
        const diff = diffCorpora(this.served.index, snapshot.index);
        const { index, createdAt } = snapshot;
        const skipped = shownSkipped(this.settings, snapshot.skipped);
        this.serve({ index, fingerprint: scanned.fingerprint, skipped, builtAt: createdAt, origin: 'snapshot', folderProblem: null });
        const tookMs = performance.now() - started;
        this.finished({ kind: 'refreshed', diff, skipped, tookMs, at: new Date() });
        return { kind: 'loaded', diff, tookMs };
      }
      reason =
        snapshot.kind === 'missing'
          ? 'no snapshot of the corpus as it is now'
          : snapshot.kind === 'rejected'
            ? this.shown(snapshot.reason)
            : 'the snapshot holds no article';
    }
    this.settings.log?.(`reload: ${reason}; refreshing instead`);
    return { kind: 'rebuilt', reason, refresh: await this.runRefresh() };
  }

  private async runRefresh(): Promise<Exclude<RefreshResult, { kind: 'busy' }>> {
    const started = performance.now();
    const failed = (reason: string) => this.failure(reason, started);

    let response: BuildResult;
    try {
      response = await this.builder.build({
        corpusDir: this.settings.corpusDir,
        options: {
          snapshotDir: this.settings.snapshotDir,
          // The index in service is kept when the folder is unreadable: the build need not load the snapshot.
          serveLastSnapshot: false,
          ...(this.settings.maxFileBytes !== undefined ? { maxFileBytes: this.settings.maxFileBytes } : {}),
        },
      });
    } catch (error) {
      return failed(`the index build stopped: ${(error as Error).message}`);
    }
    if (!response.ok) {
      this.settings.log?.(`refresh failed: ${response.error}`);
      return failed(`the index build failed: ${response.error.split('\n')[0]}`);
    }
    for (const message of response.logs) this.settings.log?.(message);
    if (response.folderProblem !== null) return failed(keptDespite(response.folderProblem));
    const { index } = response;
    if (index.documents.length === 0) {
      return failed('no usable article in the corpus folder; the current index stays in service');
    }
    const diff = diffCorpora(this.served.index, index);
    const skipped = shownSkipped(this.settings, response.skipped);
    this.serve({ index, fingerprint: response.fingerprint, skipped, builtAt: new Date(response.builtAt), origin: response.origin, folderProblem: null });
    const result = { kind: 'refreshed', diff, skipped, tookMs: performance.now() - started, at: new Date() } as const;
    this.finished(result);
    return result;
  }

  /**
   * Saves an uploaded article into the corpus folder under a safe name: no path can escape the
   * folder, and an existing file is never replaced (the new one gets a free name instead). The
   * article appears whole or not at all (createFileExclusive): a crash or a full disk part-way
   * leaves only a hidden temporary file the next refresh does not index. A full disk, a read-only
   * or missing folder are answered with the reason, for the moderator. `fs` is for tests.
   */
  async addFile(originalName: string, data: Uint8Array, fs?: AtomicFileSystem): Promise<AddFileResult> {
    const safe = safeFileName(originalName);
    if (safe === undefined) return { kind: 'rejected', reason: 'only .txt, .md, .html and .htm files can be added' };
    if (isHtmlFileName(safe)) {
      // A page is saved as it came, in its own encoding, and only when it holds an article: the refresh would skip it otherwise.
      const article = extractArticleFromBytes(data);
      if (article.kind === 'not-article') return { kind: 'rejected', reason: `the page is not an article: ${article.reason}` };
    } else {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(data);
      } catch {
        return { kind: 'rejected', reason: 'the file is not valid UTF-8 text' };
      }
      if (data.includes(0)) return { kind: 'rejected', reason: 'the file holds binary data' };
      if (new TextDecoder().decode(data).trim() === '') return { kind: 'rejected', reason: 'the file is empty' };
    }

    const folder = path.resolve(this.settings.corpusDir);
    // A corpus folder that vanished is an error for the operator, never recreated empty: the
    // refresh that followed would report every article removed.
    const missing = await folderUnusable(folder);
    if (missing !== undefined) {
      this.settings.log?.(`corpus add refused: ${folder} ${missing}`);
      return { kind: 'rejected', reason: `the corpus folder ${missing}; nothing was saved (the operator must check CORPUS_DIR)` };
    }
    const { name, ext } = path.parse(safe);
    const names = Array.from({ length: 100 }, (_, i) => (i === 0 ? safe : `${name}-${i + 1}${ext}`));
    // Belt and braces: the name is already reduced to [a-z0-9-_.], but the target must sit in the folder.
    if (names.some((candidate) => path.dirname(path.join(folder, candidate)) !== folder)) return { kind: 'rejected', reason: 'unsafe file name' };
    const created = await createFileExclusive(folder, names, data, fs !== undefined ? { fs } : {});
    if (created.kind === 'taken') return { kind: 'rejected', reason: 'too many files with that name already' };
    if (created.kind === 'failed') {
      this.settings.log?.(`corpus add of ${safe} (${data.byteLength} bytes) into ${folder} failed: ${created.code}`);
      return { kind: 'rejected', reason: `${created.reason}; nothing was saved` };
    }
    return created.name === safe ? { kind: 'saved', file: safe } : { kind: 'saved', file: created.name, renamedFrom: safe };
  }
}

/** What a reason may say of the server's folders: their names, never their paths (reasons reach Discord). */
function shownReason(settings: CorpusSettings, reason: string): string {
  const { corpusDir, snapshotDir } = settings;
  return hidePaths(reason, [[corpusDir, 'the corpus folder'], ...(snapshotDir !== null ? [[snapshotDir, 'the snapshot folder'] as const] : [])]);
}

/** Skip reasons are written without paths; this also covers those of a snapshot written by older code. */
function shownSkipped(settings: CorpusSettings, skipped: readonly SkippedFile[]): readonly SkippedFile[] {
  return skipped.map((skip) => {
    const reason = shownReason(settings, skip.reason);
    return reason === skip.reason ? skip : { ...skip, reason };
  });
}

/** A refresh that met a folder problem changed nothing, and says so. */
function keptDespite(problem: FolderProblem): string {
  return `${problem.reason}; the index in service and its snapshot are kept as they are`;
}

/** Reduces an uploaded name to lower-case letters, digits, - and _, keeping a .txt, .md, .html or .htm extension. */
export function safeFileName(original: string): string | undefined {
  const base = original.split(/[\\/]/).pop() ?? '';
  const ext = articleExtension(base);
  if (ext === undefined) return undefined;
  const stem = base
    .slice(0, base.length - ext.length)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // é → e, not e-
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_.]+|[-_.]+$/g, '')
    .slice(0, 80);
  const name = stem === '' ? `upload-${createHash('sha256').update(original).digest('hex').slice(0, 8)}` : stem;
  return `${name}${ext}`;
}

/** What a refresh changed, by document id; a document whose title or text changed is "changed". */
export function diffCorpora(before: SearchIndex, after: SearchIndex): CorpusDiff {
  // Digests were taken when each index was built, so the answering thread never rereads the text.
  const previous = new Map<string, number>();
  before.documents.forEach((document, doc) => previous.set(document.id, doc));
  const added: string[] = [];
  const changed: string[] = [];
  const kept = new Set<string>();
  after.documents.forEach((document, doc) => {
    const old = previous.get(document.id);
    if (old === undefined) added.push(document.id);
    else {
      kept.add(document.id);
      if (!before.sameContent(old, after, doc)) changed.push(document.id);
    }
  });
  return {
    added,
    changed,
    removed: before.documents.filter((document) => !kept.has(document.id)).map((document) => document.id),
    passagesBefore: before.passageCount,
    passagesAfter: after.passageCount,
  };
}
