import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import path from 'node:path';
import { INDEX_FORMAT_VERSION, SearchIndex } from '../core/SearchIndex.js';
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
      /** File hashes of the scan the snapshot was built from, to speed up the scan it is checked against (parsed when first asked for). */
      known(): KnownFiles | undefined;
      /**
       * Checks the body and loads the index, if the snapshot is of the corpus with this fingerprint
       * and `verify` (given the loaded index) finds nothing wrong with it.
       */
      load(fingerprint: string, verify?: (index: SearchIndex) => string | undefined): Promise<SnapshotRead>;
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

/** Reads the snapshot file and its header; the body is checked and loaded only by `load`. */
export async function openSnapshot(file: string): Promise<SnapshotOpened> {
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    // The code, not the message: the message holds the snapshot's absolute path, and reasons reach Discord.
    return { kind: 'rejected', reason: `cannot read snapshot: ${code ?? 'read failed'}` };
  }
  const newline = content.indexOf(0x0a);
  if (newline === -1) return { kind: 'rejected', reason: 'snapshot has no header' };
  let json: unknown;
  try {
    json = JSON.parse(content.subarray(0, newline).toString('utf8'));
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
  let bodyStart = newline + 1;
  let knownText: Uint8Array | undefined;
  if (header.knownLine === true) {
    const end = content.indexOf(0x0a, bodyStart);
    if (end === -1) return { kind: 'rejected', reason: 'snapshot is cut short (no file table)' };
    knownText = content.subarray(bodyStart, end);
    bodyStart = end + 1;
  }
  // The header and the file table are not covered by the body's checksum: a damaged file table or
  // skip list only costs reading the files again or not reporting the skipped ones, so each is dropped alone.
  let known: { readonly value: KnownFiles | undefined } | undefined;
  const knownFiles = (): KnownFiles | undefined => {
    known ??= { value: KnownFilesSchema.safeParse(knownText !== undefined ? parseJson(knownText) : header.known).data };
    return known.value;
  };
  const skippedFiles: readonly SkippedFile[] = SkippedSchema.safeParse(header.skipped).data ?? [];
  const loadBody = async (): Promise<SnapshotRead> => {
    const body = content.subarray(bodyStart);
    const intact = header.bodyCrc32 !== undefined ? (await crc32Yielding(body)) === header.bodyCrc32 : (await sha256Yielding(body)) === header.bodySha256;
    if (!intact) return { kind: 'rejected', reason: 'snapshot is corrupted (checksum mismatch)' };
    try {
      const index = SearchIndex.fromBytes(body);
      return { kind: 'loaded', index, createdAt: new Date(header.createdAt), skipped: skippedFiles, fingerprint: header.fingerprint };
    } catch (error) {
      return { kind: 'rejected', reason: `snapshot does not load: ${(error as Error).message}` };
    }
  };
  return {
    kind: 'found',
    known: knownFiles,
    async load(fingerprint, verify) {
      if (header.fingerprint !== fingerprint) return { kind: 'rejected', reason: 'corpus changed since the snapshot was built' };
      const loaded = await loadBody();
      if (loaded.kind !== 'loaded' || verify === undefined) return loaded;
      const problem = verify(loaded.index);
      return problem === undefined ? loaded : { kind: 'rejected', reason: `snapshot does not match the files: ${problem}` };
    },
    loadLast: loadBody,
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
  })
  .refine((header) => header.bodyCrc32 !== undefined || header.bodySha256 !== undefined, { path: ['bodyCrc32'] });

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    return undefined;
  }
}

const KnownFilesSchema = z.object({
  scannedAt: z.number(),
  files: z.array(
    z.object({
      file: z.string(),
      bytes: z.number(),
      sha256: z.string(),
      stamp: z.object({ size: z.number(), mtimeMs: z.number(), ctimeMs: z.number(), ino: z.number() }).optional(),
    }),
  ),
});

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
  };
  // The last line before the body is padded so that the body starts on an 8-byte boundary: its
  // arrays are then read in place, without copying the body first.
  const lines = [JSON.stringify(header), ...(known !== undefined ? [JSON.stringify(known)] : [])];
  const before = lines.reduce((bytes, line) => bytes + Buffer.byteLength(line) + 1, 0);
  lines[lines.length - 1] += ' '.repeat((8 - (before % 8)) % 8);
  await mkdir(path.dirname(file), { recursive: true });
  const written = await writeFileAtomic(file, [Buffer.from(lines.map((line) => `${line}\n`).join('')), body], fs !== undefined ? { fs } : {});
  if (written.kind === 'failed') throw new Error(`${written.reason} (${written.code})`);
}

/**
 * Deletes the temporary snapshots that crashed writes left in the snapshot folder (one the size of
 * the snapshot per crash), keeping any another live process is writing now.
 */
export function removeStaleSnapshotTemporaries(snapshotDir: string, log?: (message: string) => void): Promise<string[]> {
  return removeStaleTemporaries(snapshotDir, { of: (target) => target.endsWith('.snapshot'), ...(log !== undefined ? { log } : {}) });
}

/** Hashing 80 MB takes ~150 ms; a shard reloading a snapshot keeps answering between the chunks. */
const HASH_CHUNK = 4 * 1024 * 1024;

/** ~0.3 ms a MB: chunks of 16 MB keep a shard reloading a snapshot answering between them. */
const CRC_CHUNK = 16 * 1024 * 1024;

async function crc32Yielding(bytes: Uint8Array): Promise<number> {
  let crc = 0;
  for (let at = 0; at < bytes.length; at += CRC_CHUNK) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    crc = crc32(bytes.subarray(at, at + CRC_CHUNK), crc);
  }
  return crc;
}

async function sha256Yielding(bytes: Uint8Array): Promise<string> {
  const hash = createHash('sha256');
  for (let at = 0; at < bytes.length; at += HASH_CHUNK) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    hash.update(bytes.subarray(at, at + HASH_CHUNK));
  }
  return hash.digest('hex');
}
