import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * The one way isnad writes a file: into a temporary file in the same folder, synced to the disk,
 * then moved into place by a single link or rename, and the folder synced so the move survives a
 * power cut too. A reader — the corpus loader, a start reading the snapshot — sees the old file or
 * the whole new one, never a part; a crash leaves only the temporary file, whose name begins with
 * a dot (the corpus loader never indexes dot-files) and which `removeStaleTemporaries` deletes
 * later.
 */

/** What a write needs from the file system; tests pass one that fails or stops part-way. */
export interface AtomicFileSystem {
  open(file: string, flags: number, mode?: number): Promise<WritableFile>;
  link(existing: string, target: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
}

export interface WritableFile {
  write(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeFileSystem: AtomicFileSystem = { open, link, rename, unlink };

export interface WriteOptions {
  readonly fs?: AtomicFileSystem;
  /** Permissions of a new file; default 0o644. */
  readonly mode?: number;
}

/** A write that did not happen, for an expected reason (full disk, read-only folder…), worded for a person. */
export interface WriteFailure {
  readonly kind: 'failed';
  /** The errno code, e.g. ENOSPC. */
  readonly code: string;
  /** Without the path, so it can be shown in Discord as it is; callers log the path beside it. */
  readonly reason: string;
}

export type WriteResult = { readonly kind: 'written' } | WriteFailure;

export type CreateResult = { readonly kind: 'created'; readonly name: string } | { readonly kind: 'taken' } | WriteFailure;

/** Writes `file` whole, replacing it if it exists. */
export async function writeFileAtomic(file: string, data: Uint8Array | readonly Uint8Array[], options: WriteOptions = {}): Promise<WriteResult> {
  const fs = options.fs ?? nodeFileSystem;
  const written = await writeTemporary(file, data, fs, options.mode);
  if (written.kind === 'failed') return written;
  try {
    await fs.rename(written.temporary, file);
  } catch (error) {
    return await abandon(written.temporary, error, fs);
  } finally {
    inFlight.delete(written.temporary);
  }
  return await syncedFolder(path.dirname(file), { kind: 'written' });
}

/**
 * Writes a new file under the first of `names` (in `folder`) that does not exist yet, and never
 * replaces an existing file, even one another process creates meanwhile: `link` fails with EEXIST
 * where a rename would overwrite. The data is written once, whatever name it ends up under.
 */
export async function createFileExclusive(
  folder: string,
  names: readonly string[],
  data: Uint8Array | readonly Uint8Array[],
  options: WriteOptions = {},
): Promise<CreateResult> {
  const fs = options.fs ?? nodeFileSystem;
  if (names.length === 0) return { kind: 'taken' };
  const written = await writeTemporary(path.join(folder, names[0]!), data, fs, options.mode);
  if (written.kind === 'failed') return written;
  try {
    for (const name of names) {
      const target = path.join(folder, name);
      try {
        await fs.link(written.temporary, target);
      } catch (error) {
        const code = errnoCode(error);
        if (code === 'EEXIST') continue;
        // File systems without hard links (FAT, some network shares): claim the name with
        // O_EXCL, then move the finished file over the empty claim.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error;
        const claimed = await claim(target, fs);
        if (claimed === 'taken') continue;
        try {
          await fs.rename(written.temporary, target);
        } catch (renameError) {
          // Not left as an empty article under the name.
          await removeQuietly(target, fs);
          throw renameError;
        }
        return await syncedFolder(folder, { kind: 'created', name });
      }
      await removeQuietly(written.temporary, fs);
      return await syncedFolder(folder, { kind: 'created', name });
    }
    await removeQuietly(written.temporary, fs);
    return { kind: 'taken' };
  } catch (error) {
    return await abandon(written.temporary, error, fs);
  } finally {
    inFlight.delete(written.temporary);
  }
}

async function claim(target: string, fs: AtomicFileSystem): Promise<'claimed' | 'taken'> {
  try {
    const handle = await fs.open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
    await handle.close();
    return 'claimed';
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return 'taken';
    throw error;
  }
}

/** Temporary files this thread is writing now (a cleanup in this process never takes them for stale). */
const inFlight = new Set<string>();

/** `.name.<pid>.<12 hex>.tmp` next to the target: hidden from the corpus loader, and traceable to its writer. */
export function temporaryNameFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

const TEMPORARY = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;
/** What writeSnapshot left before this module: `<key>.snapshot.<pid>.tmp`. */
const OLD_SNAPSHOT_TEMPORARY = /^([0-9a-f]{16}\.snapshot)\.(\d+)\.tmp$/;

async function writeTemporary(
  file: string,
  data: Uint8Array | readonly Uint8Array[],
  fs: AtomicFileSystem,
  mode = 0o644,
): Promise<{ kind: 'temporary'; temporary: string } | WriteFailure> {
  const temporary = temporaryNameFor(file);
  let handle: WritableFile;
  try {
    handle = await fs.open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
  } catch (error) {
    return failure(error);
  }
  inFlight.add(temporary);
  try {
    try {
      let position = 0;
      for (const chunk of data instanceof Uint8Array ? [data] : data) {
        let offset = 0;
        // A write may take less than asked (a signal, a nearly full disk): the rest is written next.
        while (offset < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset, position);
          if (bytesWritten <= 0) throw Object.assign(new Error('the write made no progress'), { code: 'EIO' });
          offset += bytesWritten;
          position += bytesWritten;
        }
      }
      // Some file systems report a full disk only here, when the cached data meets the disk.
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    inFlight.delete(temporary);
    return await abandon(temporary, error, fs);
  }
  return { kind: 'temporary', temporary };
}

/** Removes the temporary file of a write that failed; a failure without an errno code is a bug. */
async function abandon(temporary: string, error: unknown, fs: AtomicFileSystem): Promise<WriteFailure> {
  await removeQuietly(temporary, fs);
  return failure(error);
}

function failure(error: unknown): WriteFailure {
  const code = errnoCode(error);
  if (code === undefined) throw error;
  return { kind: 'failed', code, reason: describeWriteError(code) };
}

async function removeQuietly(file: string, fs: AtomicFileSystem): Promise<void> {
  try {
    await fs.unlink(file);
  } catch {
    // Already gone, or the folder is unusable: removeStaleTemporaries deletes it later.
  }
}

/**
 * Syncs the folder, so that the new name is on the disk before the write is reported done. The
 * data is already in place: a failure here only loses the power-cut guarantee, so it is not
 * reported as a failed write. Platforms that cannot open a folder (Windows) skip it.
 */
async function syncedFolder<T>(folder: string, result: T): Promise<T> {
  await syncFolder(folder);
  return result;
}

export async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // See syncedFolder.
  }
}

export function errnoCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Why a write failed, worded for a moderator or an operator. */
export function describeWriteError(code: string): string {
  switch (code) {
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is used up';
    case 'EROFS':
      return 'the folder is on a read-only file system';
    case 'EACCES':
    case 'EPERM':
      return 'isnad is not allowed to write to the folder';
    case 'ENOENT':
      return 'the folder does not exist';
    case 'ENOTDIR':
      return 'the folder is not a folder';
    case 'EFBIG':
      return 'the file is too large for the file system';
    case 'EIO':
      return 'the disk reported an input/output error';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'ENAMETOOLONG':
      return 'the file name is too long for the file system';
    default:
      return `the file could not be written (${code})`;
  }
}

export interface StaleTemporaryOptions {
  /** Only temporary files of targets this accepts (by base name); default: all. */
  readonly of?: (target: string) => boolean;
  /** Removed whatever wrote it once this old; default 1 hour (no write of isnad takes that long). */
  readonly maxAgeMs?: number;
  readonly now?: number;
  readonly isAlive?: (pid: number) => boolean;
  /** When this process started (ms since epoch). */
  readonly processStartedMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * Deletes the temporary files that a crashed write left in `folder`, and only those: a temporary
 * file another live process is writing (two shards share the snapshot folder) is kept. Stale means:
 * its writer's pid is not a live process; or the pid is this process's own but the file is older
 * than this process (a restarted container often gets the same pid) and not being written here;
 * or it is older than `maxAgeMs`, whoever wrote it (a pid that was reused by an unrelated
 * process). Assumes the processes sharing a folder run on one machine, as `npm run start:sharded`
 * does. Never throws: a cleanup that fails is logged and retried at the next start.
 */
export async function removeStaleTemporaries(folder: string, options: StaleTemporaryOptions = {}): Promise<string[]> {
  const now = options.now ?? Date.now();
  const maxAgeMs = options.maxAgeMs ?? 60 * 60 * 1000;
  const isAlive = options.isAlive ?? processIsAlive;
  const started = options.processStartedMs ?? Date.now() - process.uptime() * 1000;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    // A missing folder is reported by whoever needs it (the corpus scan, the snapshot write).
    if (errnoCode(error) !== 'ENOENT' && errnoCode(error) !== 'ENOTDIR')
      options.log?.(`could not look for stale temporary files in ${folder}: ${(error as Error).message}`);
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMPORARY.exec(name) ?? OLD_SNAPSHOT_TEMPORARY.exec(name);
    if (match === null) continue;
    if (options.of !== undefined && !options.of(match[1]!)) continue;
    const file = path.join(folder, name);
    if (inFlight.has(file)) continue;
    try {
      const stats = await lstat(file);
      if (!stats.isFile()) continue;
      const pid = Number(match[2]);
      const age = now - stats.mtimeMs;
      const stale = age >= maxAgeMs || (pid === process.pid ? stats.mtimeMs < started - 1000 : !isAlive(pid));
      if (!stale) continue;
      await unlink(file);
      removed.push(name);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') options.log?.(`could not remove the stale temporary file ${file}: ${(error as Error).message}`);
    }
  }
  if (removed.length > 0) options.log?.(`removed ${removed.length} temporary file(s) left by an interrupted write in ${folder}`);
  return removed;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, under another user.
    return errnoCode(error) !== 'ESRCH';
  }
}
