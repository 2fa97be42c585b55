import { createHash } from 'node:crypto';
import { type Dirent, type Stats, stat as statCallback } from 'node:fs';
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { SearchIndex } from '../core/SearchIndex.js';
import { extensionOf, isArticleFileName, isHtmlFileName } from '../core/articleExtension.js';
import type { CorpusDocument, SkipCode, SkippedFile } from '../core/types.js';
import { PARSER_VERSION, articleId, documentIdBase, parseArticleFile } from './parseArticleFile.js';
import { HTML_EXTRACTOR_VERSION, htmlReaderText, parseHtmlFile } from './parseHtmlFile.js';

export { PARSER_VERSION };

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

const READ_CONCURRENCY = 16;

/**
 * Bytes of the files a scan read that it keeps for parsing; the files past it are read again when
 * parsed (and hashed again, as a file whose hash was reused is). A whole corpus kept from the scan
 * to its parse was 74 MB of small buffers held beside the build at 150k passages: the build's peak
 * RSS was 552 MB, 444-506 without them (and the tokens as varints), for a second read of files the
 * scan has just brought into the page cache.
 */
export const DEFAULT_HELD_BYTES = 16 * 1024 * 1024;

export interface CorpusFile {
  /** Path relative to the corpus folder, with forward slashes. */
  readonly file: string;
  readonly bytes: number;
  /** sha256 hex of the content; undefined when the file was not read (wrong type, too large, unreadable). */
  readonly sha256?: string;
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
  /** Set when the corpus folder itself could not be read: then nothing was loaded, which says nothing of the articles. */
  readonly folderProblem: FolderProblem | null;
}

/**
 * The corpus folder is gone, is not a folder, or cannot be listed. That is an error to report and
 * wait out (an unmounted disk, a renamed folder), never an empty corpus: whoever serves an index
 * keeps it, and its snapshot, until the folder is back.
 */
export interface FolderProblem {
  readonly kind: 'missing' | 'not-a-folder' | 'unreadable';
  /** For people, with no absolute path in it (it is shown in Discord). */
  readonly reason: string;
}

export interface LoadCorpusOptions {
  readonly maxFileBytes?: number;
  /**
   * Hashes from an earlier scan: a file whose stat is unchanged, and was already settled when that
   * scan started, keeps its hash without being read (as git's index does). Parsing reads it, and
   * hashes the bytes it parses: a file that changed in between is fingerprinted as parsed.
   */
  readonly known?: KnownFiles;
  /** Reads a whole file (fs.readFile by default); tests inject one to reproduce races deterministically. */
  readonly readFile?: (absolute: string) => Promise<Buffer>;
  /** Stats a file, following symlinks (fs.stat by default); injectable like `readFile`. */
  readonly stat?: (absolute: string) => Promise<FileStat>;
  /** Bytes of the files read that the scan keeps until they are parsed (DEFAULT_HELD_BYTES). */
  readonly heldBytes?: number;
}

/** What the scan needs of a file's stat. */
export type FileStat = Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino' | 'isFile'>;

interface FileAccess {
  readonly readFile: (absolute: string) => Promise<Buffer>;
  readonly stat: (absolute: string) => Promise<FileStat>;
}

/**
 * A file changed within this long before a scan could change again within the same timestamp tick
 * (1–2 s on some file systems) without its stat showing it, so its hash is never reused.
 */
const RACY_WINDOW_MS = 2_000;

interface Candidate {
  /** Path relative to the corpus folder, with forward slashes; its name decoded losslessly from the listing's bytes. */
  readonly file: string;
  readonly absolute: string;
}

interface Trust {
  readonly files: ReadonlyMap<string, CorpusFile>;
  /** Only stamps older than this are trusted. */
  readonly before: number;
}

/**
 * A candidate file read and hashed, hashed earlier with the same stat (no buffer, nothing skipped),
 * or the reason it could not be read. `read`: the scan read and hashed it itself, whether or not it
 * kept the bytes (`buffer`).
 */
interface ReadFile {
  readonly entry: CorpusFile;
  readonly absolute: string;
  readonly buffer?: Buffer;
  readonly read?: true;
  readonly skipped?: Skip;
}

/** Why a file gave no article: the code, and the words with its particulars. */
interface Skip {
  readonly code: SkipCode;
  readonly reason: string;
}

const skip = (code: SkipCode, reason: string): Skip => ({ code, reason });

/** A file as parsed: `entry` and `unread` (why it could not be read) are its fingerprint row. */
interface Outcome {
  readonly entry: CorpusFile;
  readonly unread?: Skip;
  readonly documents?: CorpusDocument[];
  readonly skipped?: Skip;
}

/** Both reads and parses decode this way: a name or a text that is not UTF-8 is refused, never patched with U+FFFD. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A file whose reused hash does not match the bytes read for parsing is being written right now:
 * it is read again, up to this many reads in all, until two reads agree.
 */
const MAX_READS = 3;

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/**
 * Reasons are shown in Discord, where the server's paths have no business. Each named folder's own
 * path becomes its name and paths inside it become relative; any other absolute path is cut to its
 * last part. (Lines logged to stderr keep full paths.)
 */
export function hidePaths(text: string, folders: readonly (readonly [folder: string, name: string])[] = []): string {
  let shown = text;
  const longestFirst = folders.map(([folder, name]) => [path.resolve(folder), name] as const).sort((a, b) => b[0].length - a[0].length);
  for (const [folder, name] of longestFirst) shown = shown.split(`${folder}${path.sep}`).join('').split(folder).join(name);
  return shown.replace(/(?<![\w.~:/-])\/[^\s'"`,;()]+/g, (absolute) => `…/${path.posix.basename(absolute)}`);
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
      return `unreadable: ${code ?? hidePaths(message)}`;
    }
  }
}

function formatBytes(bytes: number): string {
  const grouped = bytes.toLocaleString('en-US');
  if (bytes < 1024) return `${grouped} bytes`;
  const unit = bytes < 1024 * 1024 ? (['KiB', 1024] as const) : (['MiB', 1024 * 1024] as const);
  const value = bytes / unit[1];
  const shown = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${shown} ${unit[0]} (${grouped} bytes)`;
}

function tooLarge(bytes: number, maxFileBytes: number): Skip {
  return skip('too-large', `too large: ${formatBytes(bytes)} is over the limit of ${formatBytes(maxFileBytes)}`);
}

function isInside(root: string, target: string): boolean {
  const rel = path.relative(root, target);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** A name as listed (bytes), or undefined when it is not UTF-8: such a name has no faithful string form. */
function decodeName(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** A name that is not UTF-8, for a person: its UTF-8 parts as they are, every other byte as \xNN. */
function showName(bytes: Uint8Array): string {
  let shown = '';
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at]!;
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    const decoded = length > 0 && at + length <= bytes.length ? decodeName(bytes.subarray(at, at + length)) : undefined;
    if (decoded === undefined) {
      shown += `\\x${lead.toString(16).padStart(2, '0')}`;
      at += 1;
    } else {
      shown += decoded;
      at += length;
    }
  }
  return shown;
}

// Plain code-unit order, not localeCompare: the order must not depend on the machine's ICU data.
function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

interface Walk {
  readonly realRoot: string;
  readonly candidates: Candidate[];
  readonly skipped: SkippedFile[];
}

/**
 * Lists every non-hidden entry under `dir` (`relative` to the corpus folder), or gives back why the
 * folder could not be listed. A name that is not UTF-8 is read as bytes: as a string it would come
 * back with U+FFFD in it, naming another file or none. Symlinks are resolved here so that a link to
 * a file outside the folder is refused before anything is read through it.
 */
async function walk(state: Walk, dir: string, relative: string): Promise<unknown> {
  const inside = (name: string) => (relative === '' ? name : `${relative}/${name}`);
  const entries: { name: string; entry: Dirent | Dirent<Buffer> }[] = [];
  // Listed as strings first: tens of thousands of names as Buffers are as many small allocations
  // outside the heap, held through the walk. A name that is not UTF-8 comes back with U+FFFD in
  // it, so a listing with one (rare: a real U+FFFD in a name is valid) is read again as bytes.
  let named: Dirent[];
  try {
    named = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    return error;
  }
  if (!named.some((entry) => entry.name.includes('\ufffd'))) {
    // Dot entries hold tool state (.isnad snapshots, .git), never articles.
    for (const entry of named) if (entry.name[0] !== '.') entries.push({ name: entry.name, entry });
  } else {
    let listed: Dirent<Buffer>[];
    try {
      listed = await readdir(dir, { encoding: 'buffer', withFileTypes: true });
    } catch (error) {
      return error;
    }
    for (const entry of listed) {
      if (entry.name[0] === 0x2e) continue;
      const name = decodeName(entry.name);
      if (name !== undefined) entries.push({ name, entry });
      else if (entry.isDirectory()) {
        state.skipped.push({
          file: inside(showName(entry.name)),
          code: 'folder-name-not-utf8',
          reason: 'folder name is not valid UTF-8 text, so its files cannot be cited by name; rename the folder',
        });
      } else {
        state.skipped.push({
          file: inside(showName(entry.name)),
          code: 'file-name-not-utf8',
          reason: 'file name is not valid UTF-8 text, so it cannot be cited by name; rename the file',
        });
      }
    }
  }
  // `dir` is absolute and normalised, and a listed name is never empty, '.', '..' or holds a
  // separator: joined as they are, which path.join (~900 bytes of garbage a name) would only re-check.
  const into = dir.endsWith(path.sep) ? dir : `${dir}${path.sep}`;
  for (const { name, entry } of entries.sort(byName)) {
    // Every name here is UTF-8, so this string path encodes back to exactly the bytes listed.
    const absolute = `${into}${name}`;
    const file = inside(name);
    if (entry.isDirectory()) {
      const error = await walk(state, absolute, file);
      if (error !== undefined) state.skipped.push({ file, code: 'folder-unreadable', reason: `folder ${describeFsError(error)}` });
    } else if (entry.isSymbolicLink()) {
      let target: string | undefined;
      let targetStats: Stats;
      try {
        target = decodeName(await realpath(absolute, { encoding: 'buffer' }));
        if (target === undefined) {
          state.skipped.push({ file, code: 'symlink-name-not-utf8', reason: 'symlink to a name that is not valid UTF-8 text; it cannot be cited by name' });
          continue;
        }
        targetStats = await stat(target);
      } catch (error) {
        const broken = errorCode(error) === 'ENOENT';
        state.skipped.push(
          broken
            ? { file, code: 'symlink-broken', reason: 'broken symlink (its target does not exist)' }
            : { file, code: 'symlink-unreadable', reason: `symlink ${describeFsError(error)}` },
        );
        continue;
      }
      if (!isInside(state.realRoot, target)) {
        state.skipped.push({ file, code: 'symlink-outside', reason: 'symlink points outside the corpus folder; only files inside it are indexed' });
      } else if (targetStats.isDirectory()) {
        // Following it would index the same files twice, or loop forever.
        state.skipped.push({ file, code: 'symlinked-folder', reason: 'symlinked folder not followed; its files are indexed from their real location' });
      } else {
        state.candidates.push({ file, absolute });
      }
    } else {
      state.candidates.push({ file, absolute });
    }
  }
  return undefined;
}

/**
 * fs.stat through its callback: fs.promises.stat made a third more garbage a call (2.2 KB), which a
 * start's check of 26k files promoted into the heap it is then measured by.
 */
function statFile(absolute: string): Promise<Stats> {
  return new Promise((resolve, reject) => statCallback(absolute, (error, stats) => (error === null ? resolve(stats) : reject(error))));
}

function sameStamp(a: FileStamp, b: Pick<FileStat, keyof FileStamp>): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** Whether the scan keeps a file's bytes of this size for parsing (see DEFAULT_HELD_BYTES). */
type Hold = (bytes: number) => boolean;

async function readCandidate(candidate: Candidate, maxFileBytes: number, trust: Trust | undefined, fs: FileAccess, hold: Hold): Promise<ReadFile> {
  const { file, absolute } = candidate;
  const unread = (bytes: number, why: Skip): ReadFile => ({ entry: { file, bytes }, absolute, skipped: why });

  let stats: FileStat;
  try {
    stats = await fs.stat(absolute);
  } catch (error) {
    return unread(0, skip('unreadable', describeFsError(error)));
  }
  // Reading a FIFO or a device would block or never end.
  if (!stats.isFile()) return unread(0, skip('not-a-file', 'not a regular file'));
  if (!isArticleFileName(file)) {
    const shown = extensionOf(file) || 'no extension';
    return unread(stats.size, skip('unsupported-type', `unsupported file type (${shown}); only .txt, .md, .html and .htm are indexed`));
  }
  if (stats.size > maxFileBytes) return unread(stats.size, tooLarge(stats.size, maxFileBytes));

  const known = trust?.files.get(file);
  if (
    known?.stamp !== undefined &&
    // '' is how snapshots written before the field could be absent said "not read".
    known.sha256 !== undefined &&
    known.sha256 !== '' &&
    sameStamp(known.stamp, stats) &&
    Math.max(stats.mtimeMs, stats.ctimeMs) < trust!.before
  ) {
    // The earlier scan's entry itself when it says all this one would: a start's check of 26k
    // unchanged files made as many entries and stamps again, to hold them as long as the scan.
    if (known.bytes === stats.size && known.file === file) return { entry: known, absolute };
    return { entry: { file, bytes: stats.size, sha256: known.sha256, stamp: known.stamp }, absolute };
  }
  const stamp: FileStamp = { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
  const read = await readAndHash(file, absolute, maxFileBytes, stamp, fs);
  if (read.buffer === undefined) return read;
  return hold(read.buffer.length) ? { ...read, read: true } : { entry: read.entry, absolute, read: true };
}

async function readAndHash(file: string, absolute: string, maxFileBytes: number, stamp: FileStamp, fs: FileAccess): Promise<ReadFile> {
  let buffer: Buffer;
  try {
    buffer = await fs.readFile(absolute);
  } catch (error) {
    return { entry: { file, bytes: stamp.size }, absolute, skipped: skip('unreadable', describeFsError(error)) };
  }
  // The file may have grown since stat.
  if (buffer.length > maxFileBytes) {
    return { entry: { file, bytes: buffer.length }, absolute, skipped: tooLarge(buffer.length, maxFileBytes) };
  }
  return { entry: { file, bytes: buffer.length, sha256: sha256(buffer), stamp }, absolute, buffer };
}

/**
 * Reads, for parsing, a file whose hash the scan took from an earlier scan, and hashes what it
 * read: the fingerprint must describe the bytes parsed. Bytes other than the hashed ones mean the
 * file is being written: it is read again until two reads agree (or one gives back the hashed
 * bytes), and such bytes are entered without a stamp — the stat was taken before they were
 * written — so that the next scan reads the file instead of trusting it.
 */
async function readReused(scanned: ReadFile, maxFileBytes: number, fs: FileAccess): Promise<ReadFile> {
  const { entry, absolute } = scanned;
  let previous = entry.sha256;
  for (let reads = 0; reads < MAX_READS; reads++) {
    const read = await readAndHash(entry.file, absolute, maxFileBytes, entry.stamp!, fs);
    if (read.buffer === undefined) return read;
    if (read.entry.sha256 === entry.sha256) return { ...read, entry };
    if (read.entry.sha256 === previous) return { ...read, entry: { file: entry.file, bytes: read.entry.bytes, sha256: read.entry.sha256 } };
    previous = read.entry.sha256;
  }
  return {
    entry: { file: entry.file, bytes: entry.bytes },
    absolute,
    skipped: skip('kept-changing', 'the file kept changing while the corpus was being loaded; the next refresh reads it again'),
  };
}

/**
 * The text a file's offsets point into: a text file's content (after any BOM), an HTML page's
 * reader text (see extractArticle); undefined when it holds no article text now.
 */
export function documentText(file: string, buffer: Buffer): string | undefined {
  if (isHtmlFileName(file)) return htmlReaderText(buffer);
  const article = decodeArticle(buffer);
  return 'text' in article ? article.text : undefined;
}

/** The text of a text file as parsing sees it, or why it is not article text. */
function decodeArticle(buffer: Buffer): { readonly text: string } | { readonly refused: Skip } {
  if (buffer.length === 0) return { refused: skip('empty', 'empty file') };
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    return { refused: skip('utf16', 'UTF-16 text is not supported; save the file as UTF-8') };
  }
  if (buffer.includes(0)) return { refused: skip('binary', 'binary file (contains NUL bytes), not text') };
  let text: string;
  try {
    text = UTF8.decode(buffer);
  } catch {
    return { refused: skip('not-utf8', 'not valid UTF-8 text; save the file as UTF-8') };
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** Decodes and parses a file that was read (reading it now if its hash was reused); what makes it unusable is a skip reason. */
async function parseRead(scanned: ReadFile, maxFileBytes: number, fs: FileAccess): Promise<Outcome> {
  const read = scanned.buffer === undefined && scanned.skipped === undefined ? await readReused(scanned, maxFileBytes, fs) : scanned;
  const { entry, buffer } = read;
  if (buffer === undefined) {
    const why = read.skipped ?? skip('unreadable', 'unreadable');
    return { entry, unread: why, skipped: why };
  }
  const skipped = (why: Skip): Outcome => ({ entry, skipped: why });
  if (isHtmlFileName(entry.file)) {
    const parsed = parseHtmlFile(entry.file, buffer);
    if (!('refused' in parsed)) return { entry, documents: parsed.documents };
    return skipped(skip(parsed.refused.kind === 'no-paragraphs' ? 'no-paragraphs' : 'not-an-article', parsed.refused.reason));
  }
  const decoded = decodeArticle(buffer);
  if ('refused' in decoded) return skipped(decoded.refused);
  if (decoded.text.trim() === '') return skipped(skip('blank', 'empty file (only whitespace)'));
  const documents = parseArticleFile(entry.file, decoded.text);
  if (documents.length === 0) return skipped(skip('no-paragraphs', 'no paragraphs after cleaning (only headings, metadata or site chrome)'));
  return { entry, documents };
}

/**
 * Two files can slug to the same id ("a b.txt" and "a-b.md", or "x-2.txt" next to the second
 * article of "x.txt"). Every file involved gets a hash of its path in its ids, so the outcome
 * does not depend on which of them was read first. Gives every document's id, changed or not.
 */
function uniqueIds(documents: readonly { readonly id: string; readonly file: string }[]): string[] {
  const filesById = new Map<string, Set<string>>();
  for (const d of documents) {
    const files = filesById.get(d.id) ?? new Set<string>();
    files.add(d.file);
    filesById.set(d.id, files);
  }
  const clashing = new Set<string>();
  for (const files of filesById.values()) if (files.size > 1) for (const f of files) clashing.add(f);
  if (clashing.size === 0) return documents.map((d) => d.id);

  const indexInFile = new Map<string, number>();
  const used = new Set(documents.filter((d) => !clashing.has(d.file)).map((d) => d.id));
  return documents.map((d) => {
    if (!clashing.has(d.file)) return d.id;
    const index = indexInFile.get(d.file) ?? 0;
    indexInFile.set(d.file, index + 1);
    let id = articleId(documentIdBase(d.file, true), index);
    for (let n = 2; used.has(id); n++) id = `${articleId(documentIdBase(d.file, true), index)}-${n}`;
    used.add(id);
    return id;
  });
}

/**
 * Everything that can change what loading yields, known before any file is parsed: the parser
 * version, the size limit, and each file's path, size, content hash and read-level problem.
 * (What parsing decides follows from these, so an unchanged fingerprint means unchanged documents.)
 */
function fingerprintOf(
  maxFileBytes: number,
  files: readonly { readonly entry: CorpusFile }[],
  unreadOf: (i: number) => Skip | undefined,
  extraSkipped: readonly SkippedFile[],
): string {
  const hash = createHash('sha256');
  // The HTML extractor's libraries decide a page's text as much as the parser's rules do.
  hash.update(`${PARSER_VERSION}\n${HTML_EXTRACTOR_VERSION}\nmax-file-bytes ${maxFileBytes}\n`);
  // The rows in file order, each made as it is hashed: 26k rows made at once outlived a few
  // collections of the young generation, and the heap grew by them during a start's check.
  const count = files.length + extraSkipped.length;
  const fileOf = (i: number): string => (i < files.length ? files[i]!.entry.file : extraSkipped[i - files.length]!.file);
  const order = Array.from({ length: count }, (_, i) => i).sort((a, b) => {
    const fa = fileOf(a);
    const fb = fileOf(b);
    return fa < fb ? -1 : fa > fb ? 1 : a - b;
  });
  for (const i of order) {
    const row =
      i < files.length
        ? [files[i]!.entry.file, String(files[i]!.entry.bytes), files[i]!.entry.sha256 ?? '', unreadOf(i)?.reason ?? '']
        : [extraSkipped[i - files.length]!.file, '', '', extraSkipped[i - files.length]!.reason];
    // JSON keeps any odd character in a file name from blurring the row boundaries.
    hash.update(`${JSON.stringify(row)}\n`);
  }
  return hash.digest('hex');
}

/** What parsing a scanned corpus gives besides its documents (see ScannedCorpus.parseEach). */
export interface ParsedFiles extends Omit<LoadedCorpus, 'documents'> {
  /**
   * The id of each document handed over, in order: its own, unless two files' ids clashed, which
   * is known only once every file is parsed (see uniqueIds).
   */
  readonly ids: readonly string[];
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
  /** Set when the folder itself could not be read; `files` is then empty and means nothing. */
  readonly folderProblem: FolderProblem | null;
  /**
   * Parses the files. A file whose hash was reused is read now, and the loaded corpus's
   * fingerprint and files describe the bytes parsed: when a file changed since the scan, they
   * differ from the scan's, and a snapshot written with them is never taken for the older bytes.
   */
  parse(): Promise<LoadedCorpus>;
  /**
   * Parses the files as `parse` does, handing each document to `add` as soon as its file is parsed,
   * in corpus order, and keeping none: a build that streams them this way never holds more than a
   * few files' text at once (see buildCorpusIndex). A file's bytes are let go once it is parsed
   * (parsing again reads it again), so `verify` comes before, never after.
   */
  parseEach(add: (document: CorpusDocument) => void): Promise<ParsedFiles>;
  /**
   * Checks an index loaded for this scan's fingerprint against the files, as far as it can without
   * reading any (a start on an unchanged corpus must stay cheap): every document is of a file the
   * scan found and hashed; no passage ends past the end of its file (a UTF-16 offset is never
   * larger than the UTF-8 size); and the passages of every file the scan did read — its stat had
   * changed — are exactly its text at their offsets (read again when the scan did not keep its
   * bytes, and then found wrong if they are no longer the bytes hashed). What it cannot catch is a
   * file whose bytes changed while its stat stayed the same, the case every stat-based scan (git's
   * too) trusts. Gives back what is wrong, or undefined.
   */
  verify(index: SearchIndex): Promise<string | undefined>;
}

export async function scanCorpus(dir: string, options: LoadCorpusOptions = {}): Promise<ScannedCorpus> {
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (!Number.isFinite(maxFileBytes) || maxFileBytes < 0) {
    throw new RangeError(`maxFileBytes must be a non-negative number, got ${maxFileBytes}`);
  }
  const root = path.resolve(dir);
  const scannedAt = Date.now();
  const failed = (kind: FolderProblem['kind'], reason: string): ScannedCorpus => {
    const folderProblem: FolderProblem = { kind, reason };
    // Never the fingerprint of any corpus, so no snapshot is taken for it.
    const fingerprint = sha256(`${PARSER_VERSION}\nfolder-problem ${kind}\n`);
    return {
      fingerprint,
      files: [],
      scannedAt,
      reused: 0,
      folderProblem,
      parse: async () => ({ documents: [], skipped: [], files: [], fingerprint, folderProblem }),
      parseEach: async () => ({ ids: [], skipped: [], files: [], fingerprint, folderProblem }),
      verify: async () => reason,
    };
  };

  let realRoot: string;
  try {
    const real = decodeName(await realpath(root, { encoding: 'buffer' }));
    if (real === undefined) return failed('unreadable', 'corpus folder unreadable: its real path is not valid UTF-8 text');
    realRoot = real;
    const rootStats = await lstat(realRoot);
    if (!rootStats.isDirectory()) return failed('not-a-folder', 'corpus folder not found: its path names a file, not a folder');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return failed('missing', 'corpus folder not found');
    return failed('unreadable', `corpus folder ${describeFsError(error)}`);
  }

  const state: Walk = { realRoot, candidates: [], skipped: [] };
  const listing = await walk(state, root, '');
  if (listing !== undefined) {
    const code = errorCode(listing);
    if (code === 'ENOENT' || code === 'ENOTDIR') return failed('missing', 'corpus folder not found');
    return failed('unreadable', `corpus folder ${describeFsError(listing)}`);
  }
  const { candidates, skipped: walkSkipped } = state;

  const fs: FileAccess = { readFile: options.readFile ?? ((absolute) => readFile(absolute)), stat: options.stat ?? statFile };
  const { known } = options;
  let trust: Trust | undefined;
  if (known !== undefined) {
    const files = new Map<string, CorpusFile>();
    for (const entry of known.files) files.set(entry.file, entry);
    trust = { files, before: known.scannedAt - RACY_WINDOW_MS };
  }
  let heldBytes = options.heldBytes ?? DEFAULT_HELD_BYTES;
  const hold: Hold = (bytes) => {
    if (bytes > heldBytes) return false;
    heldBytes -= bytes;
    return true;
  };
  const reads: ReadFile[] = await inParallel(candidates, (candidate) => readCandidate(candidate, maxFileBytes, trust, fs, hold));
  let parsing = false;
  const fingerprint = fingerprintOf(maxFileBytes, reads, (i) => reads[i]!.skipped, walkSkipped);
  const scanned: ScannedCorpus = {
    fingerprint,
    files: reads.map((r) => r.entry),
    scannedAt,
    reused: reads.filter((r) => r.read === undefined && r.skipped === undefined).length,
    folderProblem: null,
    async parse() {
      const documents: CorpusDocument[] = [];
      const { ids, ...parsed } = await scanned.parseEach((document) => documents.push(document));
      return { documents: documents.map((document, i) => (document.id === ids[i] ? document : { ...document, id: ids[i]! })), ...parsed };
    },
    async parseEach(add) {
      parsing = true;
      const handed: { id: string; file: string }[] = [];
      const outcomes = await inOrder(
        reads,
        (read) => parseRead(read, maxFileBytes, fs),
        (outcome, i): Outcome => {
          for (const document of outcome.documents ?? []) {
            handed.push({ id: document.id, file: document.file });
            add(document);
          }
          const { buffer: _parsed, ...rest } = reads[i]!;
          reads[i] = rest;
          const { documents: _handed, ...kept } = outcome;
          return kept;
        },
      );
      const skipped = [...walkSkipped, ...outcomes.flatMap((o) => (o.skipped ? [{ file: o.entry.file, ...o.skipped }] : []))].sort((a, b) =>
        a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
      );
      // The scan's fingerprint again, unless a file read now was not the one the scan hashed.
      const parsedFingerprint = fingerprintOf(maxFileBytes, outcomes, (i) => outcomes[i]!.unread, walkSkipped);
      return { ids: uniqueIds(handed), skipped, files: outcomes.map((o) => o.entry), fingerprint: parsedFingerprint, folderProblem: null };
    },
    verify(index) {
      // Parsing lets the bytes read go: the files would be checked against nothing.
      if (parsing) throw new Error('a scan is verified before it is parsed');
      return verifyReads(index, reads, fs);
    },
  };
  return scanned;
}

/** ScannedCorpus.verify of the files as the scan read them. */
async function verifyReads(index: SearchIndex, reads: readonly ReadFile[], fs: FileAccess): Promise<string | undefined> {
  const byFile = new Map(reads.map((read) => [read.entry.file, read]));
  // A file's documents are next to each other: one decoded text at a time is enough.
  let decodedFile: string | undefined;
  let decoded: string | undefined;
  for (let doc = 0; doc < index.documents.length; doc++) {
    const { file } = index.documents[doc]!;
    const read = byFile.get(file);
    if (read === undefined || read.skipped !== undefined || read.entry.sha256 === undefined)
      return `it holds articles of ${file}, which the corpus folder does not hold now`;
    if (index.documentEnd(doc) > read.entry.bytes) return `its passages of ${file} reach past the end of the file`;
    // A hash the scan reused stands for bytes it did not read: the stat is trusted (see above).
    if (read.read === undefined) continue;
    if (decodedFile !== file) {
      decodedFile = file;
      let buffer = read.buffer;
      if (buffer === undefined) {
        // The scan hashed these bytes and let them go (DEFAULT_HELD_BYTES): other bytes now are not what it fingerprinted.
        try {
          buffer = await fs.readFile(read.absolute);
        } catch (error) {
          return `${file} could not be read again to be checked: ${describeFsError(error)}`;
        }
        if (sha256(buffer) !== read.entry.sha256) return `${file} changed while the corpus was being checked`;
      }
      decoded = documentText(file, buffer);
    }
    if (decoded === undefined) return `it holds articles of ${file}, which is not article text now`;
    for (const passage of index.passagesOf(doc)) {
      if (decoded.slice(passage.start, passage.end) !== passage.text) return `its passages of ${file} are not the text of the file`;
    }
  }
  return undefined;
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
 * `work` on a few items at a time, as inParallel, with each result handed to `consume` in the
 * items' order as soon as those before it are: a streamed parse holds the few files parsed ahead
 * of their turn, not every file's documents.
 */
async function inOrder<T, R, S>(items: readonly T[], work: (item: T) => Promise<R>, consume: (result: R, i: number) => S): Promise<S[]> {
  const results: S[] = new Array(items.length);
  const waiting = new Map<number, R>();
  let next = 0;
  let consumed = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      waiting.set(i, await work(items[i]!));
      while (waiting.has(consumed)) {
        const result = waiting.get(consumed)!;
        waiting.delete(consumed);
        results[consumed] = consume(result, consumed);
        consumed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, items.length) }, worker));
  return results;
}

/** What a corpus folder's files give when parsed straight into an index (see buildCorpusIndex). */
export interface BuiltCorpus extends Omit<LoadedCorpus, 'documents'> {
  readonly index: SearchIndex;
}

/**
 * The index of a scanned corpus, each file parsed and added to the build in turn and its strings
 * let go (SearchIndex.builder): the same index as `SearchIndex.build((await scanned.parse()).documents)`,
 * without every document's text held as strings until the build ends (~120 MB of heap at 150k
 * passages, and the garbage of parsing them all first).
 */
export async function buildCorpusIndex(scanned: ScannedCorpus): Promise<BuiltCorpus> {
  const builder = SearchIndex.builder();
  const { ids, ...parsed } = await scanned.parseEach((document) => builder.add(document));
  return { ...parsed, index: builder.finish(ids) };
}

/**
 * Reads every .txt, .md, .html and .htm file under `dir` into documents. Problems with single files are
 * reported in `skipped` and a problem with the folder itself in `folderProblem`, rather than
 * thrown, so one bad file never stops the bot.
 */
export async function loadCorpus(dir: string, options: LoadCorpusOptions = {}): Promise<LoadedCorpus> {
  return (await scanCorpus(dir, options)).parse();
}
