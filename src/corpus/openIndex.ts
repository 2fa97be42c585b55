import { createHash } from 'node:crypto';
import path from 'node:path';
import { SearchIndex } from '../core/SearchIndex.js';
import type { SkippedFile } from '../core/types.js';
import { scanCorpus, type LoadCorpusOptions } from './loadCorpus.js';
import { openSnapshot, removeStaleSnapshotTemporaries, writeSnapshot } from './snapshotStore.js';
import { removeStaleTemporaries } from './writeFileAtomic.js';

export interface OpenIndexOptions extends LoadCorpusOptions {
  /** Folder for snapshots; none are read or written when null. */
  readonly snapshotDir?: string | null;
  /** Progress and warnings, for a person watching (stderr in the CLI). */
  readonly log?: (message: string) => void;
}

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
}

export const DEFAULT_SNAPSHOT_DIR = '.isnad/snapshots';

/** One snapshot per corpus folder, named after its absolute path so two corpora never collide. */
export function snapshotFileFor(snapshotDir: string, corpusDir: string): string {
  const key = createHash('sha256').update(path.resolve(corpusDir)).digest('hex').slice(0, 16);
  return path.join(path.resolve(snapshotDir), `${key}.snapshot`);
}

/**
 * Loads the corpus and returns a ready index: from the snapshot when the corpus is unchanged,
 * otherwise built afresh (and the snapshot rewritten). A snapshot problem is never fatal — it only
 * costs a rebuild.
 */
export async function openIndex(corpusDir: string, options: OpenIndexOptions = {}): Promise<OpenedIndex> {
  const started = performance.now();
  const log = options.log ?? (() => {});
  const snapshotDir = options.snapshotDir === undefined ? DEFAULT_SNAPSHOT_DIR : options.snapshotDir;
  const snapshotFile = snapshotDir === null ? null : snapshotFileFor(snapshotDir, corpusDir);
  // What crashed writes left: a snapshot-sized temporary file per crash, and half-written uploads.
  if (snapshotFile !== null) await removeStaleSnapshotTemporaries(path.dirname(snapshotFile), log);
  await removeStaleTemporaries(corpusDir, { of: (target) => /\.(?:txt|md)$/i.test(target), log });
  // The snapshot is opened first: the hashes it keeps spare reading the files whose stat is
  // unchanged, and parsing is skipped altogether when it holds the documents of exactly these files.
  const found = snapshotFile === null ? undefined : await openSnapshot(snapshotFile);
  const known = found?.kind === 'found' ? found.known : undefined;
  const scanned = await scanCorpus(corpusDir, { ...options, ...(known !== undefined ? { known } : {}) });
  const opened = (index: SearchIndex, origin: OpenedIndex['origin'], builtAt: Date, skipped: readonly SkippedFile[], snapshotSaved: boolean): OpenedIndex => ({
    index,
    corpusDir: path.resolve(corpusDir),
    fingerprint: scanned.fingerprint,
    skipped,
    origin,
    builtAt,
    snapshotFile,
    snapshotSaved,
    tookMs: performance.now() - started,
  });

  if (found !== undefined) {
    const snapshot = found.kind === 'found' ? await found.load(scanned.fingerprint) : found;
    if (snapshot.kind === 'loaded') return opened(snapshot.index, 'snapshot', snapshot.createdAt, snapshot.skipped, true);
    if (snapshot.kind === 'rejected') log(`snapshot not used, rebuilding: ${snapshot.reason}`);
  }

  const corpus = await scanned.parse();
  const built = SearchIndex.build(corpus.documents);
  const builtAt = new Date();
  if (snapshotFile === null) return opened(built, 'built', builtAt, corpus.skipped, false);
  const bytes = built.toBytes();
  let saved = false;
  try {
    await writeSnapshot(snapshotFile, corpus.fingerprint, bytes, builtAt, corpus.skipped, { scannedAt: scanned.scannedAt, files: scanned.files });
    saved = true;
  } catch (error) {
    log(`could not write the snapshot ${snapshotFile}: ${(error as Error).message}`);
  }
  // Served from the bytes just written, as a later start would be: the parsed documents are let go,
  // and handing the index to another thread (the refresh worker does) costs no second encoding.
  return opened(SearchIndex.fromBytes(bytes), 'built', builtAt, corpus.skipped, saved);
}
