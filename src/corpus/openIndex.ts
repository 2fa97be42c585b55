import { createHash } from 'node:crypto';
import path from 'node:path';
import { isArticleFileName } from '../core/articleExtension.js';
import { DEFAULT_PATHS } from '../defaultPaths.js';
import { SearchIndex } from '../core/SearchIndex.js';
import type { SkippedFile } from '../core/types.js';
import { buildCorpusIndex, scanCorpus, type FolderProblem, type LoadCorpusOptions, type ScannedCorpus } from './loadCorpus.js';
import { openSnapshot, removeStaleSnapshotTemporaries, type SnapshotOpened, writeSnapshot } from './snapshotStore.js';
import { removeStaleTemporaries } from './writeFileAtomic.js';

export interface OpenIndexOptions extends LoadCorpusOptions {
  /** Folder for snapshots; none are read or written when null. */
  readonly snapshotDir?: string | null;
  /** Progress and warnings, for a person watching (stderr in the CLI). */
  readonly log?: (message: string) => void;
  /**
   * When the corpus folder cannot be read: serve the last snapshot, whatever corpus it was built
   * from (true, the default: a start), or an empty index (false: a refresh, which fails on the
   * folder problem and keeps the index it serves, so loading the snapshot would be wasted).
   */
  readonly serveLastSnapshot?: boolean;
  /**
   * Serve an intact snapshot at once and check the corpus folder against it afterwards (true: a
   * bot's start), instead of scanning first (false, the default). See `OpenedIndex.verification`.
   */
  readonly verifyLater?: boolean;
}

/** What checking the corpus folder against the snapshot served at start found (see `verifyLater`). */
export type StartVerification =
  | { readonly kind: 'current' }
  | {
      readonly kind: 'changed';
      readonly reason: string;
      /** Documents (numbers in the served index) of files changed or gone since the snapshot: not to be quoted. */
      readonly withheld: readonly number[];
      /** Files the snapshot's documents come from that changed or are gone. */
      readonly files: readonly string[];
    }
  | { readonly kind: 'folder-problem'; readonly problem: FolderProblem }
  | { readonly kind: 'failed'; readonly reason: string };

export interface OpenedIndex {
  readonly index: SearchIndex;
  readonly corpusDir: string;
  readonly fingerprint: string;
  readonly skipped: readonly SkippedFile[];
  /** 'snapshot' when loaded from an up-to-date snapshot, 'built' otherwise. */
  readonly origin: 'snapshot' | 'built';
  /** When the index was built (for a snapshot: when the snapshot was written). */
  readonly builtAt: Date;
  readonly snapshotFile: string | null;
  /** Whether `snapshotFile` now holds exactly this index (loaded from it, or written). */
  readonly snapshotSaved: boolean;
  readonly tookMs: number;
  /** The corpus folder could not be read: the index is the last snapshot's (or empty), and no snapshot was written. */
  readonly folderProblem: FolderProblem | null;
  /**
   * With `verifyLater`, when the index is a snapshot served before the corpus folder was scanned:
   * the scan and check running now. Until it settles the index may hold files as they were when the
   * snapshot was written; what it finds is for the caller to act on (withhold, refresh).
   */
  readonly verification?: Promise<StartVerification>;
}

export const DEFAULT_SNAPSHOT_DIR: string = DEFAULT_PATHS.snapshotDir;

/** One snapshot per corpus folder, named after its absolute path so two corpora never collide. */
export function snapshotFileFor(snapshotDir: string, corpusDir: string): string {
  const key = createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 16);
  return path.join(path.resolve(snapshotDir), `${key}.snapshot`);
}

/**
 * Loads the corpus and returns a ready index: from the snapshot when the corpus is unchanged,
 * otherwise built afresh (and the snapshot rewritten). A snapshot problem is never fatal — it only
 * costs a rebuild.
 *
 * A corpus folder that is missing, not a folder or unreadable is not an empty corpus: the snapshot
 * is left as it is, and the index served is the last snapshot's (see `serveLastSnapshot`) — at a
 * start, an unmounted disk or a renamed folder should not take down a bot that has a sound index
 * of the articles as they last were; it says so loudly, and the first refresh once the folder is
 * back rebuilds. With no usable snapshot the index is empty, and `folderProblem` says why.
 */
export async function openIndex(corpusDir: string, options: OpenIndexOptions = {}): Promise<OpenedIndex> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const snapshotDir = options.snapshotDir === undefined ? DEFAULT_SNAPSHOT_DIR : options.snapshotDir;
  const snapshotFile = snapshotDir === null ? null : snapshotFileFor(snapshotDir, corpusDir);
  if (options.verifyLater === true && snapshotFile !== null) {
    const served = await serveSnapshotFirst(corpusDir, snapshotFile, options, started);
    if (served !== undefined) return served;
  }
  // What crashed writes left: a snapshot-sized temporary file per crash, and half-written uploads.
  if (snapshotFile !== null) await removeStaleSnapshotTemporaries(path.dirname(snapshotFile), log);
  await removeStaleTemporaries(corpusDir, { of: isArticleFileName, log });
  // The snapshot is opened first: the hashes it keeps spare reading the files whose stat is
  // unchanged, and parsing is skipped altogether when it holds the documents of exactly these files.
  const found = snapshotFile === null ? undefined : await openSnapshot(snapshotFile);
  const known = found?.kind === 'found' ? await found.known() : undefined;
  const scanned = await scanCorpus(corpusDir, { ...options, ...(known !== undefined ? { known } : {}) });
  const opened = (
    index: SearchIndex,
    origin: OpenedIndex['origin'],
    builtAt: Date,
    skipped: readonly SkippedFile[],
    snapshotSaved: boolean,
    fingerprint = scanned.fingerprint,
  ): OpenedIndex => ({
    index,
    corpusDir: path.resolve(corpusDir),
    fingerprint,
    skipped,
    origin,
    builtAt,
    snapshotFile,
    snapshotSaved,
    tookMs: performance.now() - started,
    folderProblem: scanned.folderProblem,
  });

  const problem = scanned.folderProblem;
  if (problem !== null) {
    const where = `the corpus folder ${path.resolve(corpusDir)}`;
    if (found?.kind === 'found' && options.serveLastSnapshot !== false) {
      const last = await found.loadLast();
      if (last.kind === 'loaded' && last.index.documents.length > 0) {
        log(
          `CORPUS FOLDER PROBLEM: ${where}: ${problem.reason}. Serving the last snapshot (${last.index.documents.length} documents, ` +
            `built ${last.createdAt.toISOString()}) as it is; nothing is rebuilt or rewritten until the folder is back and the corpus is refreshed`,
        );
        return opened(last.index, 'snapshot', last.createdAt, last.skipped, true, last.fingerprint);
      }
      if (last.kind === 'rejected') log(`the last snapshot cannot be served either: ${last.reason}`);
    }
    log(`CORPUS FOLDER PROBLEM: ${where}: ${problem.reason}. No article is served until the folder is back; the snapshot, if any, is kept`);
    return opened(SearchIndex.build([]), 'built', new Date(), [], false);
  }

  if (found !== undefined) {
    const snapshot = found.kind === 'found' ? await found.load(scanned.fingerprint, (index) => scanned.verify(index)) : found;
    if (snapshot.kind === 'loaded') return opened(snapshot.index, 'snapshot', snapshot.createdAt, snapshot.skipped, true);
    if (snapshot.kind === 'rejected') log(`snapshot not used, rebuilding: ${snapshot.reason}`);
  }

  // Each file parsed into the build in turn: the documents' strings are never all held at once.
  const corpus = await buildCorpusIndex(scanned);
  const built = corpus.index;
  const builtAt = new Date();
  // The fingerprint of the bytes parsed, which is the scan's unless a file changed in between.
  const fingerprint = corpus.fingerprint;
  if (snapshotFile === null) return opened(built, 'built', builtAt, corpus.skipped, false, fingerprint);
  if (built.documents.length === 0) {
    // An emptied folder may be a mount point whose disk is missing: the last snapshot of articles is
    // worth more than one of nothing (which any start rebuilds in no time).
    log('no usable article in the corpus folder: the index is empty, and the snapshot is not rewritten');
    return opened(built, 'built', builtAt, corpus.skipped, false, fingerprint);
  }
  const bytes = built.toBytes();
  let saved = false;
  try {
    // Only hashed files can be trusted by the next scan; the snapshot's table holds those.
    const hashed = corpus.files.filter((file) => file.sha256 !== undefined);
    await writeSnapshot(snapshotFile, fingerprint, bytes, builtAt, corpus.skipped, { scannedAt: scanned.scannedAt, files: hashed });
    saved = true;
  } catch (error) {
    log(`could not write the snapshot ${snapshotFile}: ${(error as Error).message}`);
  }
  // Served from the bytes just written, as a later start would be: the parsed documents are let go,
  // and the build process hands over the snapshot file itself, encoded once.
  return opened(SearchIndex.fromBytes(bytes), 'built', builtAt, corpus.skipped, saved, fingerprint);
}

/**
 * A start that serves the snapshot before the scan (about a second of stats at 30 k files): the
 * snapshot is checked whole (checksum, tables) and served whatever corpus it was built from; the
 * scan then runs in the background (`verification`). Undefined when there is no intact snapshot of
 * articles: the caller opens as usual.
 */
async function serveSnapshotFirst(corpusDir: string, snapshotFile: string, options: OpenIndexOptions, started: number): Promise<OpenedIndex | undefined> {
  const found = await openSnapshot(snapshotFile);
  if (found.kind !== 'found') return undefined;
  const last = await found.loadLast();
  if (last.kind !== 'loaded' || last.index.documents.length === 0) return undefined;
  const { index, fingerprint } = last;
  const verification = verifySnapshot(corpusDir, snapshotFile, options, found, index, fingerprint).catch(
    (error: unknown): StartVerification => ({ kind: 'failed', reason: `checking the corpus folder failed: ${(error as Error).message}` }),
  );
  return {
    index,
    corpusDir: path.resolve(corpusDir),
    fingerprint,
    skipped: last.skipped,
    origin: 'snapshot',
    builtAt: last.createdAt,
    snapshotFile,
    snapshotSaved: true,
    tookMs: performance.now() - started,
    folderProblem: null,
    verification,
  };
}

/**
 * After a scan that found the snapshot's files unchanged but had to read some of them (their stat
 * changed: copied, touched, restored), the snapshot remembers the new stamps: every later start
 * would otherwise read and hash those files again (seconds and a hundred MB at 30 k files).
 */
async function rememberStamps(snapshot: Extract<SnapshotOpened, { kind: 'found' }>, scanned: ScannedCorpus, log: (line: string) => void): Promise<void> {
  const hashed = scanned.files.filter((file) => file.sha256 !== undefined);
  if (scanned.reused >= hashed.length) return;
  if (!(await snapshot.remember({ scannedAt: scanned.scannedAt, files: hashed })))
    log("could not keep the files' new stamps beside the snapshot: the next start reads them again");
}

/**
 * The scan a start would have made before serving, made after: the same checks as a snapshot
 * loaded after its scan (fingerprint, then `verify`), and when the files differ, which documents
 * of the index come from files that changed or are gone.
 */
async function verifySnapshot(
  corpusDir: string,
  snapshotFile: string,
  options: OpenIndexOptions,
  snapshot: Extract<SnapshotOpened, { kind: 'found' }>,
  index: SearchIndex,
  fingerprint: string,
): Promise<StartVerification> {
  const log = options.log ?? (() => {});
  await removeStaleSnapshotTemporaries(path.dirname(snapshotFile), log);
  await removeStaleTemporaries(corpusDir, { of: isArticleFileName, log });
  // Parsed here, after serving: only the scan needs the snapshot's file table.
  const known = await snapshot.known();
  const scanned = await scanCorpus(corpusDir, { ...options, ...(known !== undefined ? { known } : {}) });
  if (scanned.folderProblem !== null) return { kind: 'folder-problem', problem: scanned.folderProblem };
  const everything = () => index.documents.map((_, doc) => doc);
  const files = (docs: readonly number[]) => [...new Set(docs.map((doc) => index.documents[doc]!.file))];
  if (scanned.fingerprint === fingerprint) {
    const problem = await scanned.verify(index);
    if (problem === undefined) {
      await rememberStamps(snapshot, scanned, log);
      return { kind: 'current' };
    }
    // The same files by their hashes, yet not the text indexed: nothing of it can be trusted.
    return { kind: 'changed', reason: `snapshot does not match the files: ${problem}`, withheld: everything(), files: files(everything()) };
  }
  // Without the snapshot's table of hashes no file can be told unchanged.
  if (known === undefined)
    return { kind: 'changed', reason: 'corpus changed since the snapshot was built', withheld: everything(), files: files(everything()) };
  const then = new Map(known.files.map((file) => [file.file, file.sha256]));
  const now = new Map(scanned.files.map((file) => [file.file, file.sha256]));
  const withheld: number[] = [];
  index.documents.forEach((document, doc) => {
    const was = then.get(document.file);
    if (was === undefined || now.get(document.file) !== was) withheld.push(doc);
  });
  return { kind: 'changed', reason: 'corpus changed since the snapshot was built', withheld, files: files(withheld) };
}
