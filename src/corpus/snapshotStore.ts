import { createHash } from 'node:crypto';
import { close, closeSync, fstat, open, read, readSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import type { SectionTail } from '../core/packSections.js';
import { INDEX_FORMAT_VERSION, SearchIndex, textSectionStart } from '../core/SearchIndex.js';
import { z } from 'zod';
import { SKIP_CODES, type SkippedFile } from '../core/types.js';
import type { KnownFiles } from './loadCorpus.js';
import { removeStaleTemporaries, writeFileAtomic, type AtomicFileSystem } from './writeFileAtomic.js';

/**
 * A built index on disk, so that a start on an unchanged corpus loads instead of rebuilding.
 *
 * Layout: one header line of JSON; then, when the header says `knownLine`, one line of JSON with the
 * table of the files the index was built from (`KnownFiles`); then the index as bytes
 * (`SearchIndex.toBytes`). The header carries the format version, the corpus fingerprint and a
 * checksum of the body, so a snapshot from older code, from another corpus, or cut short by a crash
 * is recognised and rebuilt — never trusted. The file table has a line of its own because only the
 * scan needs it, and a bot's start scans after serving: its 30 k rows are parsed then, not before.
 * (Snapshots written before keep the table in the header and a SHA-256 of the body; both are read.)
 *
 * The body's text (its last section, `bodyTextStart` on) is not read into memory: it is half the
 * snapshot, and a question quotes a few passages. The loaded index reads a document's text from
 * the file when it is first needed, through the descriptor the file was opened with, so a
 * snapshot replaced since (every write is a rename) is still read as it was loaded; the text read
 * is checked against the document's digest. The descriptor is closed once the index is let go.
 */
interface SnapshotHeader {
  readonly isnadSnapshot: number;
  readonly fingerprint: string;
  /**
   * CRC-32 of the body: it guards against a crash, a full disk or a bad sector, not against
   * someone who can write the snapshot (they can write the corpus too), and it costs a third of a
   * SHA-256 on the way to the first answer (~40 ms against ~110 ms at 150 MB).
   */
  readonly bodyCrc32?: number;
  /** The checksum of snapshots written before `bodyCrc32`. */
  readonly bodySha256?: string;
  readonly createdAt: string;
  /** Files the corpus load skipped, so a start from the snapshot can report them unparsed. */
  readonly skipped?: readonly SkippedFile[];
  /** The file table is the next line (see the layout). */
  readonly knownLine?: boolean;
  /** The file table, in snapshots written before `knownLine`. */
  readonly known?: KnownFiles;
  /** Where the body's text starts (SearchIndex.textSectionStart): what is before it is read into memory. */
  readonly bodyTextStart?: number;
}

export type SnapshotRead =
  | {
      readonly kind: 'loaded';
      readonly index: SearchIndex;
      readonly createdAt: Date;
      readonly skipped: readonly SkippedFile[];
      /** The fingerprint of the corpus it was built from. */
      readonly fingerprint: string;
    }
  | { readonly kind: 'missing' }
  | { readonly kind: 'rejected'; readonly reason: string };

export type SnapshotOpened =
  | { readonly kind: 'missing' }
  | { readonly kind: 'rejected'; readonly reason: string }
  | {
      readonly kind: 'found';
      /**
       * File hashes of the scan the snapshot was built from, to speed up the scan it is checked
       * against (parsed when first asked for) — or of a later scan that found the same files
       * (`remember`), whose stamps the next scan can trust.
       */
      known(): Promise<KnownFiles | undefined>;
      /**
       * Keeps the table of a scan that found this snapshot's files unchanged in content but not
       * in stamp (copied, touched, restored from a backup, moved to another disk), so that the next
       * start reads only what changed since instead of every file again. Beside the snapshot, in a
       * file of its own bound to it; false when it could not be written (it only costs the reads).
       */
      remember(known: KnownFiles): Promise<boolean>;
      /**
       * Checks the body and loads the index, if the snapshot is of the corpus with this fingerprint
       * and `verify` (given the loaded index) finds nothing wrong with it.
       */
      load(fingerprint: string, verify?: (index: SearchIndex) => Promise<string | undefined>): Promise<SnapshotRead>;
      /**
       * Checks the body and loads the index whatever corpus it was built from: the last index
       * there is, for when the corpus folder cannot be read.
       */
      loadLast(): Promise<SnapshotRead>;
    };

export async function readSnapshot(file: string, fingerprint: string): Promise<SnapshotRead> {
  const opened = await openSnapshot(file);
  return opened.kind === 'found' ? await opened.load(fingerprint) : opened;
}

/** Reads the snapshot file's header; the body is checked and loaded only by `load`. */
export async function openSnapshot(file: string): Promise<SnapshotOpened> {
  let opened: OpenFile;
  try {
    opened = await openFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    // The code, not the message: the message holds the snapshot's absolute path, and reasons reach Discord.
    return { kind: 'rejected', reason: `cannot read snapshot: ${code ?? 'read failed'}` };
  }
  try {
    const read = await openedSnapshot(opened, file);
    if (read.kind !== 'found') opened.close();
    return read;
  } catch (error) {
    opened.close();
    return { kind: 'rejected', reason: `cannot read snapshot: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}` };
  }
}

async function openedSnapshot(opened: OpenFile, file: string): Promise<SnapshotOpened> {
  const first = await opened.line(0);
  if (first === undefined) return { kind: 'rejected', reason: 'snapshot has no header' };
  let json: unknown;
  try {
    json = JSON.parse(first.bytes.toString('utf8'));
  } catch {
    return { kind: 'rejected', reason: 'snapshot header is not JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { kind: 'rejected', reason: 'snapshot header is not a JSON object' };
  const version = (json as { isnadSnapshot?: unknown }).isnadSnapshot;
  if (version !== INDEX_FORMAT_VERSION) {
    return { kind: 'rejected', reason: `snapshot format ${String(version)}, this version reads ${INDEX_FORMAT_VERSION}` };
  }
  const parsed = HeaderSchema.safeParse(json);
  if (!parsed.success)
    return { kind: 'rejected', reason: `snapshot header is malformed (${parsed.error.issues.map((issue) => issue.path.join('.') || 'header').join(', ')})` };
  const header = parsed.data;
  let bodyStart = first.next;
  let knownText: Uint8Array | undefined;
  if (header.knownLine === true) {
    const line = await opened.line(bodyStart);
    if (line === undefined) return { kind: 'rejected', reason: 'snapshot is cut short (no file table)' };
    knownText = line.bytes;
    bodyStart = line.next;
  }
  // The header and the file table are not covered by the body's checksum: a damaged file table or
  // skip list only costs reading the files again or not reporting the skipped ones, so each is dropped alone.
  let known: { readonly value: KnownFiles | undefined } | undefined;
  const builtFrom = (): KnownFiles | undefined => {
    known ??= { value: knownFilesOf(knownText !== undefined ? parseJson(knownText) : header.known) };
    return known.value;
  };
  // What the remembered table is bound to: a snapshot written since (a refresh) has its own table.
  const identity = `${header.createdAt} ${header.bodyCrc32 ?? header.bodySha256 ?? ''} ${header.fingerprint}`;
  const knownFiles = async (): Promise<KnownFiles | undefined> => {
    const remembered = await rememberedFiles(file, identity);
    const own = builtFrom();
    return remembered !== undefined && (own === undefined || remembered.scannedAt > own.scannedAt) ? remembered : own;
  };
  const skippedFiles: readonly SkippedFile[] = SkippedSchema.safeParse(header.skipped).data ?? [];
  const loadBody = async (): Promise<SnapshotRead> => {
    const bodyLength = opened.size - bodyStart;
    // A wrong offset (the header is not checksummed) only fails the load below, as a damaged body does.
    const textStart = header.bodyTextStart;
    const held = textStart !== undefined && textStart > 0 && textStart <= bodyLength ? textStart : bodyLength;
    let head: Uint8Array;
    let intact: boolean;
    try {
      // A buffer of its own, so its arrays are aligned views.
      head = new Uint8Array(held);
      await opened.readInto(head, bodyStart);
      const checksum = header.bodyCrc32 !== undefined ? crc32Sum() : sha256Sum();
      await checksum.feed(head);
      // The text is read for the checksum only, a chunk at a time.
      const chunk = new Uint8Array(Math.min(CHUNK, bodyLength - held));
      for (let at = held; at < bodyLength; at += chunk.byteLength) {
        const part = chunk.subarray(0, Math.min(chunk.byteLength, bodyLength - at));
        await opened.readInto(part, bodyStart + at);
        await checksum.feed(part);
      }
      intact = checksum.value() === (header.bodyCrc32 ?? header.bodySha256);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return { kind: 'rejected', reason: code === undefined ? 'snapshot is cut short' : `cannot read snapshot: ${code}` };
    }
    if (!intact) return { kind: 'rejected', reason: 'snapshot is corrupted (checksum mismatch)' };
    try {
      const tail = held < bodyLength ? opened.tail(bodyStart + held, bodyLength - held) : undefined;
      const index = SearchIndex.fromBytes(head, tail);
      return { kind: 'loaded', index, createdAt: new Date(header.createdAt), skipped: skippedFiles, fingerprint: header.fingerprint };
    } catch (error) {
      return { kind: 'rejected', reason: `snapshot does not load: ${(error as Error).message}` };
    }
  };
  return {
    kind: 'found',
    known: knownFiles,
    async remember(files) {
      const written = await writeFileAtomic(rememberedFilesFile(file), [Buffer.from(JSON.stringify({ snapshot: identity, known: files }))]);
      return written.kind === 'written';
    },
    async load(fingerprint, verify) {
      if (header.fingerprint !== fingerprint) return { kind: 'rejected', reason: 'corpus changed since the snapshot was built' };
      const loaded = await loadBody();
      if (loaded.kind !== 'loaded' || verify === undefined) return loaded;
      const problem = await verify(loaded.index);
      return problem === undefined ? loaded : { kind: 'rejected', reason: `snapshot does not match the files: ${problem}` };
    },
    loadLast: loadBody,
  };
}

const openAsync = promisify(open);
const readAsync = promisify(read);
const fstatAsync = promisify(fstat);

/** Chunks the snapshot is read in: the header lines, and the text for its checksum. */
const CHUNK = 4 * 1024 * 1024;

/** An open snapshot file, read by position. */
interface OpenFile {
  readonly size: number;
  /** The line starting at `from` (without its newline) and where the next starts; undefined at the end of the file. */
  line(from: number): Promise<{ bytes: Buffer; next: number } | undefined>;
  /** Fills `into` from position `at`; throws when the file ends first. */
  readInto(into: Uint8Array, at: number): Promise<void>;
  /** Reads `[at, at + length)` synchronously when asked for: a loaded index's text. */
  tail(at: number, length: number): SectionTail;
  /** Closes the file now, rather than once nothing refers to it. */
  close(): void;
}

/**
 * Descriptors of snapshot files whose loaded index (or opened snapshot) is gone. An index is
 * replaced at a refresh and may still be answering a question then: it lets go of its file when
 * nothing uses it any more, not at the swap.
 */
const unreferenced = new FinalizationRegistry<number>((fd) => close(fd, () => {}));

async function openFile(file: string): Promise<OpenFile> {
  const fd = await openAsync(file, 'r');
  let size: number;
  try {
    size = (await fstatAsync(fd)).size;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  // What the index and the opened snapshot refer to: once neither does, the descriptor is closed.
  const owner = { fd, closed: false };
  const token = {};
  unreferenced.register(owner, fd, token);
  const readAt = async (into: Uint8Array, at: number): Promise<number> => {
    let got = 0;
    while (got < into.byteLength) {
      const { bytesRead } = await readAsync(owner.fd, into, got, into.byteLength - got, at + got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got;
  };
  return {
    size,
    async line(from) {
      const parts: Buffer[] = [];
      for (let at = from; at < size; ) {
        const chunk = Buffer.alloc(Math.min(at === from ? 64 * 1024 : CHUNK, size - at));
        const got = await readAt(chunk, at);
        if (got === 0) break;
        const newline = chunk.subarray(0, got).indexOf(0x0a);
        if (newline !== -1) {
          parts.push(chunk.subarray(0, newline));
          return { bytes: Buffer.concat(parts), next: at + newline + 1 };
        }
        parts.push(chunk.subarray(0, got));
        at += got;
      }
      return undefined;
    },
    async readInto(into, at) {
      if ((await readAt(into, at)) !== into.byteLength) throw new Error('snapshot is cut short');
    },
    tail(at, length) {
      return {
        byteLength: length,
        read(offset, count) {
          const out = new Uint8Array(count);
          let got = 0;
          while (got < count) {
            const n = readSync(owner.fd, out, got, count - got, at + offset + got);
            if (n === 0) break;
            got += n;
          }
          return got === count ? out : out.subarray(0, got);
        },
      };
    },
    close() {
      if (owner.closed) return;
      owner.closed = true;
      unreferenced.unregister(token);
      closeSync(owner.fd);
    },
  };
}

/** The header of a snapshot file, parsed (not cast): it is outside data like any file on disk. */
const HeaderSchema = z
  .object({
    isnadSnapshot: z.number(),
    fingerprint: z.string(),
    bodyCrc32: z.number().int().nonnegative().optional(),
    bodySha256: z.string().optional(),
    createdAt: z.string(),
    skipped: z.unknown().optional(),
    knownLine: z.boolean().optional(),
    known: z.unknown().optional(),
    bodyTextStart: z.number().int().nonnegative().optional(),
  })
  .refine((header) => header.bodyCrc32 !== undefined || header.bodySha256 !== undefined, { path: ['bodyCrc32'] });

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * The file table as JSON.parse gave it, checked field by field in place rather than parsed into a
 * copy (a schema's output): its 26k rows are a bot's start's biggest transient, and a copy of them
 * was a few MB more and a few dozen ms. Unknown fields are left in and never read.
 */
function knownFilesOf(json: unknown): KnownFiles | undefined {
  if (!isRecord(json) || typeof json.scannedAt !== 'number' || !Array.isArray(json.files)) return undefined;
  for (const row of json.files as unknown[]) {
    if (!isRecord(row) || typeof row.file !== 'string' || typeof row.bytes !== 'number' || typeof row.sha256 !== 'string') return undefined;
    const { stamp } = row;
    if (stamp === undefined) continue;
    if (
      !isRecord(stamp) ||
      typeof stamp.size !== 'number' ||
      typeof stamp.mtimeMs !== 'number' ||
      typeof stamp.ctimeMs !== 'number' ||
      typeof stamp.ino !== 'number'
    )
      return undefined;
  }
  return json as unknown as KnownFiles;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where `remember` keeps a later scan's table of a snapshot's files. */
function rememberedFilesFile(snapshotFile: string): string {
  return `${snapshotFile}.files`;
}

/** The table `remember` kept for the snapshot of this identity; undefined when there is none, another snapshot's, or a damaged one. */
async function rememberedFiles(snapshotFile: string, identity: string): Promise<KnownFiles | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(rememberedFilesFile(snapshotFile));
  } catch {
    return undefined;
  }
  const json = parseJson(bytes);
  return isRecord(json) && json.snapshot === identity ? knownFilesOf(json.known) : undefined;
}

const SkippedSchema = z.array(z.object({ file: z.string(), code: z.enum(SKIP_CODES), reason: z.string() }));

/**
 * Writes atomically (writeFileAtomic: a synced temporary file in the same folder, then rename), so
 * a reader never sees half a snapshot, and a crash or a full disk leaves the previous one in place.
 * Throws when the snapshot could not be written; its one caller, openIndex, logs it and goes on
 * (a missing snapshot only costs a rebuild at the next start).
 */
export async function writeSnapshot(
  file: string,
  fingerprint: string,
  index: SearchIndex | Uint8Array,
  now = new Date(),
  skipped: readonly SkippedFile[] = [],
  known?: KnownFiles,
  fs?: AtomicFileSystem,
): Promise<void> {
  const body = index instanceof Uint8Array ? index : index.toBytes();
  const header: SnapshotHeader = {
    isnadSnapshot: INDEX_FORMAT_VERSION,
    fingerprint,
    bodyCrc32: crc32(body),
    createdAt: now.toISOString(),
    skipped,
    ...(known !== undefined ? { knownLine: true } : {}),
    bodyTextStart: textSectionStart(body),
  };
  // The last line before the body is padded so that the body starts on an 8-byte boundary: its
  // arrays are then read in place, without copying the body first.
  const lines = [JSON.stringify(header), ...(known !== undefined ? [JSON.stringify(known)] : [])];
  const before = lines.reduce((bytes, line) => bytes + Buffer.byteLength(line) + 1, 0);
  lines[lines.length - 1] += ' '.repeat((8 - (before % 8)) % 8);
  await mkdir(path.dirname(file), { recursive: true });
  const written = await writeFileAtomic(file, [Buffer.from(lines.map((line) => `${line}\n`).join('')), body], fs !== undefined ? { fs } : {});
  if (written.kind === 'failed') throw new Error(`${written.reason} (${written.code})`);
  // The table remembered for the snapshot replaced is bound to it, and would only be read to be ignored.
  await rm(rememberedFilesFile(file), { force: true }).catch(() => {});
}

/**
 * Deletes the temporary snapshots that crashed writes left in the snapshot folder (one the size of
 * the snapshot per crash), keeping any another live process is writing now.
 */
export function removeStaleSnapshotTemporaries(snapshotDir: string, log?: (message: string) => void): Promise<string[]> {
  return removeStaleTemporaries(snapshotDir, {
    of: (target) => target.endsWith('.snapshot') || target.endsWith('.snapshot.files'),
    ...(log !== undefined ? { log } : {}),
  });
}

/** ~0.3 ms a MB (CRC-32), ~2 ms (SHA-256): a shard reloading a snapshot keeps answering between chunks. */
const SUM_CHUNK = 16 * 1024 * 1024;

interface Checksum {
  /** Adds bytes, letting the event loop run between chunks. */
  feed(bytes: Uint8Array): Promise<void>;
  value(): number | string;
}

function crc32Sum(): Checksum {
  let crc = 0;
  return {
    feed: (bytes) => inChunks(bytes, (chunk) => (crc = crc32(chunk, crc))),
    value: () => crc,
  };
}

function sha256Sum(): Checksum {
  const hash = createHash('sha256');
  return {
    feed: (bytes) => inChunks(bytes, (chunk) => hash.update(chunk)),
    value: () => hash.digest('hex'),
  };
}

async function inChunks(bytes: Uint8Array, take: (chunk: Uint8Array) => unknown): Promise<void> {
  for (let at = 0; at < bytes.length; at += SUM_CHUNK) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    take(bytes.subarray(at, at + SUM_CHUNK));
  }
}
