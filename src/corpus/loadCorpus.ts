import { createHash } from 'node:crypto';
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CorpusDocument, SkippedFile } from '../core/types.js';
import { PARSER_VERSION, articleId, documentIdBase, parseArticleFile } from './parseArticleFile.js';

export { PARSER_VERSION };

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

const SUPPORTED_EXTENSIONS = new Set(['.txt', '.md']);
const READ_CONCURRENCY = 16;

export interface CorpusFile {
  /** Path relative to the corpus folder, with forward slashes. */
  readonly file: string;
  readonly bytes: number;
  /** sha256 hex of the content; empty when the file was not read (wrong type, too large, unreadable). */
  readonly sha256: string;
  /** The file's stat when it was hashed, so a later scan can trust the hash while the stat holds. */
  readonly stamp?: FileStamp;
}

export interface FileStamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** Files hashed by an earlier scan (kept in the snapshot), and when that scan started. */
export interface KnownFiles {
  readonly scannedAt: number;
  readonly files: readonly CorpusFile[];
}

export interface LoadedCorpus {
  readonly documents: CorpusDocument[];
  readonly skipped: SkippedFile[];
  /** Changes whenever anything that could change `documents` or `skipped` changes. */
  readonly fingerprint: string;
  readonly files: readonly CorpusFile[];
}

export interface LoadCorpusOptions {
  readonly maxFileBytes?: number;
  /**
   * Hashes from an earlier scan: a file whose stat is unchanged, and was already settled when that
   * scan started, keeps its hash without being read (as git's index does). Parsing still reads it.
   */
  readonly known?: KnownFiles;
}

/**
 * A file changed within this long before a scan could change again within the same timestamp tick
 * (1–2 s on some file systems) without its stat showing it, so its hash is never reused.
 */
const RACY_WINDOW_MS = 2_000;

interface Candidate {
  readonly file: string;
  readonly absolute: string;
}

interface Trust {
  readonly files: ReadonlyMap<string, CorpusFile>;
  /** Only stamps older than this are trusted. */
  readonly before: number;
}

interface Outcome {
  readonly entry: CorpusFile;
  readonly documents?: CorpusDocument[];
  readonly skipped?: string;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function describeFsError(error: unknown): string {
  switch (errorCode(error)) {
    case 'ENOENT':
      return 'the file disappeared while the corpus was being loaded';
    case 'EACCES':
    case 'EPERM':
      return 'unreadable: permission denied';
    case 'EISDIR':
      return 'unreadable: it is a folder';
    case 'ELOOP':
      return 'unreadable: symlink loop';
    default: {
      const code = errorCode(error);
      const message = error instanceof Error ? error.message : String(error);
      return `unreadable: ${code ?? message}`;
    }
  }
}

function formatBytes(bytes: number): string {
  const grouped = bytes.toLocaleString('en-US');
  if (bytes < 1024) return `${grouped} bytes`;
  const unit = bytes < 1024 * 1024 ? ['KiB', 1024] as const : ['MiB', 1024 * 1024] as const;
  const value = bytes / unit[1];
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${unit[0]} (${grouped} bytes)`;
}

function tooLarge(bytes: number, maxFileBytes: number): string {
  return `too large: ${formatBytes(bytes)} is over the limit of ${formatBytes(maxFileBytes)}`;
}

function toRelative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

// Plain code-unit order, not localeCompare: the order must not depend on the machine's ICU data.
function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/**
 * Lists every non-hidden entry under the corpus folder. Symlinks are resolved here so that a link
 * to a file outside the folder is refused before anything is read through it.
 */
async function walk(root: string, realRoot: string, dir: string, candidates: Candidate[], skipped: SkippedFile[]): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    skipped.push({ file: toRelative(root, dir) || '.', reason: `folder ${describeFsError(error)}` });
    return;
  }
  for (const entry of entries.sort(byName)) {
    // Dot entries hold tool state (.isnad snapshots, .git), never articles.
    if (entry.name.startsWith('.')) continue;
    const absolute = path.join(dir, entry.name);
    const file = toRelative(root, absolute);
    if (entry.isDirectory()) {
      await walk(root, realRoot, absolute, candidates, skipped);
    } else if (entry.isSymbolicLink()) {
      let target: string;
      let targetStats: Stats;
      try {
        target = await realpath(absolute);
        targetStats = await stat(target);
      } catch (error) {
        const reason = errorCode(error) === 'ENOENT' ? 'broken symlink (its target does not exist)' : `symlink ${describeFsError(error)}`;
        skipped.push({ file, reason });
        continue;
      }
      if (!isInside(realRoot, target)) {
        skipped.push({ file, reason: 'symlink points outside the corpus folder; only files inside it are indexed' });
      } else if (targetStats.isDirectory()) {
        // Following it would index the same files twice, or loop forever.
        skipped.push({ file, reason: 'symlinked folder not followed; its files are indexed from their real location' });
      } else {
        candidates.push({ file, absolute });
      }
    } else {
      candidates.push({ file, absolute });
    }
  }
}

/**
 * A candidate file read and hashed, hashed earlier with the same stat (no buffer, nothing skipped),
 * or the reason it could not be read.
 */
interface ReadFile {
  readonly entry: CorpusFile;
  readonly absolute: string;
  readonly buffer?: Buffer;
  readonly skipped?: string;
}

function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

async function readCandidate(candidate: Candidate, maxFileBytes: number, trust: Trust | undefined): Promise<ReadFile> {
  const { file, absolute } = candidate;
  const unread = (bytes: number, reason: string): ReadFile => ({ entry: { file, bytes, sha256: '' }, absolute, skipped: reason });

  let stats: Stats;
  try {
    stats = await stat(absolute);
  } catch (error) {
    return unread(0, describeFsError(error));
  }
  // Reading a FIFO or a device would block or never end.
  if (!stats.isFile()) return unread(0, 'not a regular file');
  const extension = path.extname(file).toLowerCase();
  if (!SUPPORTED_EXTENSIONS.has(extension)) {
    const shown = extension || 'no extension';
    return unread(stats.size, `unsupported file type (${shown}); only .txt and .md are indexed`);
  }
  if (stats.size > maxFileBytes) return unread(stats.size, tooLarge(stats.size, maxFileBytes));

  const stamp: FileStamp = { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
  const known = trust?.files.get(file);
  if (
    known?.stamp !== undefined &&
    known.sha256 !== '' &&
    sameStamp(known.stamp, stamp) &&
    Math.max(stamp.mtimeMs, stamp.ctimeMs) < trust!.before
  ) {
    return { entry: { file, bytes: stats.size, sha256: known.sha256, stamp }, absolute };
  }
  return readAndHash(file, absolute, maxFileBytes, stamp);
}

async function readAndHash(file: string, absolute: string, maxFileBytes: number, stamp: FileStamp): Promise<ReadFile> {
  let buffer: Buffer;
  try {
    buffer = await readFile(absolute);
  } catch (error) {
    return { entry: { file, bytes: stamp.size, sha256: '' }, absolute, skipped: describeFsError(error) };
  }
  // The file may have grown since stat.
  if (buffer.length > maxFileBytes) {
    return { entry: { file, bytes: buffer.length, sha256: '' }, absolute, skipped: tooLarge(buffer.length, maxFileBytes) };
  }
  return { entry: { file, bytes: buffer.length, sha256: sha256(buffer), stamp }, absolute, buffer };
}

/** Decodes and parses a file that was read; what makes it unusable is a skip reason. */
async function parseRead(scanned: ReadFile, maxFileBytes: number): Promise<Outcome> {
  // A file whose hash was reused is read only now, when its articles are needed.
  const read = scanned.buffer === undefined && scanned.skipped === undefined
    ? { ...(await readAndHash(scanned.entry.file, scanned.absolute, maxFileBytes, scanned.entry.stamp!)), entry: scanned.entry }
    : scanned;
  const { entry, buffer } = read;
  if (buffer === undefined) return { entry, skipped: read.skipped ?? 'unreadable' };
  const skip = (reason: string): Outcome => ({ entry, skipped: reason });
  if (buffer.length === 0) return skip('empty file');
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    return skip('UTF-16 text is not supported; save the file as UTF-8');
  }
  if (buffer.includes(0)) return skip('binary file (contains NUL bytes), not text');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buffer);
  } catch {
    return skip('not valid UTF-8 text; save the file as UTF-8');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') return skip('empty file (only whitespace)');
  const documents = parseArticleFile(entry.file, text);
  if (documents.length === 0) return skip('no paragraphs after cleaning (only headings, metadata or site chrome)');
  return { entry, documents };
}

/**
 * Two files can slug to the same id ("a b.txt" and "a-b.md", or "x-2.txt" next to the second
 * article of "x.txt"). Every file involved gets a hash of its path in its ids, so the outcome
 * does not depend on which of them was read first.
 */
function makeIdsUnique(documents: CorpusDocument[]): CorpusDocument[] {
  const filesById = new Map<string, Set<string>>();
  for (const d of documents) {
    const files = filesById.get(d.id) ?? new Set<string>();
    files.add(d.file);
    filesById.set(d.id, files);
  }
  const clashing = new Set<string>();
  for (const files of filesById.values()) if (files.size > 1) for (const f of files) clashing.add(f);
  if (clashing.size === 0) return documents;

  const indexInFile = new Map<string, number>();
  const used = new Set(documents.filter((d) => !clashing.has(d.file)).map((d) => d.id));
  return documents.map((d) => {
    if (!clashing.has(d.file)) return d;
    const index = indexInFile.get(d.file) ?? 0;
    indexInFile.set(d.file, index + 1);
    let id = articleId(documentIdBase(d.file, true), index);
    for (let n = 2; used.has(id); n++) id = `${articleId(documentIdBase(d.file, true), index)}-${n}`;
    used.add(id);
    return { ...d, id };
  });
}

/**
 * Everything that can change what loading yields, known before any file is parsed: the parser
 * version, the size limit, and each file's path, size, content hash and read-level problem.
 * (What parsing decides follows from these, so an unchanged fingerprint means unchanged documents.)
 */
function fingerprintOf(maxFileBytes: number, reads: readonly ReadFile[], extraSkipped: readonly SkippedFile[]): string {
  const hash = createHash('sha256');
  hash.update(`${PARSER_VERSION}\nmax-file-bytes ${maxFileBytes}\n`);
  const rows = [
    ...reads.map((r) => [r.entry.file, String(r.entry.bytes), r.entry.sha256, r.skipped ?? ''] as const),
    ...extraSkipped.map((s) => [s.file, '', '', s.reason] as const),
  ].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  // JSON keeps any odd character in a file name from blurring the row boundaries.
  for (const row of rows) hash.update(`${JSON.stringify(row)}\n`);
  return hash.digest('hex');
}

/**
 * A corpus folder read and fingerprinted but not yet parsed: a start on an unchanged corpus can
 * take its documents from the snapshot and never parse (`parse()` is the expensive part).
 */
export interface ScannedCorpus {
  readonly fingerprint: string;
  readonly files: readonly CorpusFile[];
  /** When the scan started (ms since the epoch): what the next scan's `known.scannedAt` is. */
  readonly scannedAt: number;
  /** Files whose hash came from `known` instead of reading them. */
  readonly reused: number;
  parse(): Promise<LoadedCorpus>;
}

export async function scanCorpus(dir: string, options: LoadCorpusOptions = {}): Promise<ScannedCorpus> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isFinite(maxFileBytes) || maxFileBytes < 0) {
    throw new RangeError(`maxFileBytes must be a non-negative number, got ${maxFileBytes}`);
  }
  const root = path.resolve(dir);
  const scannedAt = Date.now();
  const failed = (reason: string): ScannedCorpus => {
    const skipped = [{ file: '.', reason }];
    const fingerprint = fingerprintOf(maxFileBytes, [], skipped);
    return { fingerprint, files: [], scannedAt, reused: 0, parse: async () => ({ documents: [], skipped, files: [], fingerprint }) };
  };

  let realRoot: string;
  try {
    realRoot = await realpath(root);
    const rootStats = await lstat(realRoot);
    if (!rootStats.isDirectory()) return failed(`corpus folder not found: ${root} is not a folder`);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return failed(`corpus folder not found: ${root}`);
    return failed(`corpus folder ${describeFsError(error)}: ${root}`);
  }

  const candidates: Candidate[] = [];
  const walkSkipped: SkippedFile[] = [];
  await walk(root, realRoot, root, candidates, walkSkipped);

  const { known } = options;
  const trust = known && { files: new Map(known.files.map((entry) => [entry.file, entry])), before: known.scannedAt - RACY_WINDOW_MS };
  const reads = await inParallel(candidates, (candidate) => readCandidate(candidate, maxFileBytes, trust));
  const fingerprint = fingerprintOf(maxFileBytes, reads, walkSkipped);
  const files = reads.map((r) => r.entry);
  return {
    fingerprint,
    files,
    scannedAt,
    reused: reads.filter((r) => r.buffer === undefined && r.skipped === undefined).length,
    async parse() {
      const outcomes = await inParallel(reads, (read) => parseRead(read, maxFileBytes));
      const documents = makeIdsUnique(outcomes.flatMap((o) => o.documents ?? []));
      const skipped = [...walkSkipped, ...outcomes.flatMap((o) => (o.skipped ? [{ file: o.entry.file, reason: o.skipped }] : []))]
        .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
      return { documents, skipped, files, fingerprint };
    },
  };
}

/** Many small files: working on a few at a time keeps the disk busy without holding many open. */
async function inParallel<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, worker));
  return results;
}

/**
 * Reads every .txt and .md file under `dir` into documents. Problems with the folder or with single
 * files are reported in `skipped` rather than thrown, so one bad file never stops the bot.
 */
export async function loadCorpus(dir: string, options: LoadCorpusOptions = {}): Promise<LoadedCorpus> {
  return (await scanCorpus(dir, options)).parse();
}
