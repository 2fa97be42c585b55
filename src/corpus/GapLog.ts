import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errnoCode, removeStaleTemporaries, syncFolder, writeFileAtomic } from './writeFileAtomic.js';

/**
 * The most recent questions isnad could not answer — question text and time only, never who
 * asked — so moderators know which articles to add. Bounded, and kept across restarts.
 *
 * On disk: one JSON object per line, appended. `add` writes its line before it returns — a write
 * of a few bytes to the page cache, microseconds — so a question recorded survives the process
 * being killed the next instant; the fsync that makes it survive a power cut follows within a few
 * milliseconds, one for all the lines added meanwhile. When the file holds twice `capacity` lines
 * it is rewritten (atomically) with the last `capacity`. A line cut short by a crash is skipped
 * when the file is read.
 */
export interface Gap {
  readonly question: string;
  readonly at: string;
}

// `id` tells a line written twice apart from a question asked twice: an add during a rotation can
// reach both the old file and, again, the new one.
const GapLine = z.object({ question: z.string(), at: z.string(), id: z.string().optional() });

export interface GapLogOptions {
  readonly capacity?: number;
  readonly log?: (message: string) => void;
  /** A log in the format before this one (a JSON array), read when `file` does not exist yet. */
  readonly migrateFrom?: string;
}

interface Entry {
  readonly gap: Gap;
  readonly seq: number;
  readonly id: string;
}

interface StoredGap extends Gap {
  readonly id: string;
}

export class GapLog {
  /** Rewrites and fsyncs, one at a time and in order. */
  private queue: Promise<void> = Promise.resolve();
  private syncRequested = false;
  private seq = 0;
  /** Lines in the file, well-formed or not: what a rotation trims. */
  private fileLines: number;
  /** The file may end part-way through a line (a crash, a failed write): the next line starts on a fresh one. */
  private cleanEnd: boolean;
  /** The file cannot take appended lines (an old-format file not converted yet, a failed write): rewrite first. */
  private mustRewrite: boolean;
  private rewriting = false;
  private createdUnsynced = false;

  private constructor(
    private readonly file: string,
    private entries: Entry[],
    private readonly capacity: number,
    private readonly log: (message: string) => void,
    state: { fileLines: number; cleanEnd: boolean; mustRewrite: boolean },
  ) {
    this.fileLines = state.fileLines;
    this.cleanEnd = state.cleanEnd;
    this.mustRewrite = state.mustRewrite;
    this.seq = entries.length;
  }

  static async open(file: string, options: GapLogOptions = {}): Promise<GapLog> {
    const log = options.log ?? (() => {});
    const capacity = options.capacity ?? 100;
    await removeStaleTemporaries(path.dirname(file), { of: (target) => target === path.basename(file), log });
    const read = await readGaps(file, log);
    let state = { fileLines: read.lines, cleanEnd: read.cleanEnd, mustRewrite: read.format === 'array' };
    let gaps = read.gaps;
    if (read.format === 'none' && options.migrateFrom !== undefined) {
      const old = await readGaps(options.migrateFrom, log);
      if (old.gaps.length > 0) {
        gaps = old.gaps;
        // Written now, so that the entries are kept even if nothing is added before the next start.
        state = { fileLines: 0, cleanEnd: true, mustRewrite: true };
        log(`unanswered-question log: ${old.gaps.length} question(s) taken over from ${options.migrateFrom} (that file is no longer read)`);
      }
    }
    const entries = gaps.slice(-capacity).map(({ id, ...gap }, i) => ({ gap, seq: i + 1, id }));
    const gapLog = new GapLog(file, entries, capacity, log, state);
    if (state.mustRewrite) await gapLog.enqueue(() => gapLog.rewrite());
    return gapLog;
  }

  /** Most recent first. */
  recent(limit = 20): readonly Gap[] {
    return this.entries
      .slice(-limit)
      .reverse()
      .map((entry) => entry.gap);
  }

  /** Records a question; never throws at the asker (a failed write is logged). */
  add(question: string, at = new Date()): void {
    const text = question.trim().slice(0, 500);
    if (text === '') return;
    const entry = { gap: { question: text, at: at.toISOString() }, seq: ++this.seq, id: newId() };
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
    if (this.mustRewrite) {
      this.requestRewrite();
      return;
    }
    this.append([entry]);
    if (!this.rewriting && this.fileLines >= 2 * this.capacity) this.requestRewrite();
    this.requestSync();
  }

  /** Resolves once everything added so far is on the disk (for shutdown and tests); never rejects. */
  flush(): Promise<void> {
    return this.enqueue(async () => {
      if (this.mustRewrite || this.fileLines >= 2 * this.capacity) await this.rewrite();
      await this.sync();
    });
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(work).catch((error: unknown) => this.log(`could not save the unanswered-question log: ${(error as Error).message}`));
    return this.queue;
  }

  /** Appends lines to the file synchronously: a small write to the page cache, so that nothing waits in memory. */
  private append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const lines = entries.map(lineOf).join('\n');
    const text = `${this.cleanEnd ? '' : '\n'}${lines}\n`;
    try {
      let fd: number;
      try {
        fd = openSync(this.file, 'a', 0o644);
      } catch (error) {
        if (errnoCode(error) !== 'ENOENT') throw error;
        mkdirSync(path.dirname(this.file), { recursive: true });
        fd = openSync(this.file, 'a', 0o644);
        this.createdUnsynced = true;
      }
      try {
        this.cleanEnd = false;
        const bytes = Buffer.from(text);
        for (let offset = 0; offset < bytes.byteLength; ) offset += writeSync(fd, bytes, offset);
        this.cleanEnd = true;
      } finally {
        closeSync(fd);
      }
      this.fileLines += entries.length;
    } catch (error) {
      // The entries stay in memory; the file is rewritten whole from them at the next write.
      this.log(`could not save the unanswered-question log ${this.file}: ${(error as Error).message}`);
      this.mustRewrite = true;
      this.requestRewrite();
    }
  }

  private requestSync(): void {
    if (this.syncRequested) return;
    this.syncRequested = true;
    // One fsync for every line added in the same turn of the event loop (and while one runs).
    setImmediate(() => {
      void this.enqueue(async () => {
        this.syncRequested = false;
        await this.sync();
      });
    });
  }

  private requestRewrite(): void {
    if (this.rewriting) return;
    this.rewriting = true;
    void this.enqueue(() => this.rewrite());
  }

  private async sync(): Promise<void> {
    if (this.mustRewrite) return;
    let handle: FileHandle;
    try {
      handle = await open(this.file, 'r+');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return; // nothing written yet
      throw error;
    }
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (this.createdUnsynced) {
      this.createdUnsynced = false;
      await syncFolder(path.dirname(this.file));
    }
  }

  /** Replaces the file with the entries kept in memory, then appends those added while it was written. */
  private async rewrite(): Promise<void> {
    this.rewriting = true;
    try {
      const kept = this.entries.slice();
      const through = kept.length === 0 ? this.seq : kept[kept.length - 1]!.seq;
      const text = kept.map((entry) => `${lineOf(entry)}\n`).join('');
      try {
        mkdirSync(path.dirname(this.file), { recursive: true });
      } catch {
        // writeFileAtomic reports why the folder cannot be used.
      }
      const written = await writeFileAtomic(this.file, Buffer.from(text));
      if (written.kind === 'failed') {
        this.log(`could not save the unanswered-question log ${this.file}: ${written.reason} (${written.code})`);
        return;
      }
      this.mustRewrite = false;
      this.cleanEnd = true;
      this.fileLines = kept.length;
      // Added while the new file was being written: they went to the old one, or were waiting.
      this.append(this.entries.filter((entry) => entry.seq > through));
    } finally {
      this.rewriting = false;
    }
    // Lines appended while the rotation wrote may already fill the file again.
    if (!this.mustRewrite && this.fileLines >= 2 * this.capacity) this.requestRewrite();
  }
}

interface ReadGaps {
  readonly gaps: StoredGap[];
  readonly format: 'none' | 'lines' | 'array';
  readonly lines: number;
  readonly cleanEnd: boolean;
}

/** Reads either format; what cannot be read is skipped and reported, never fatal. */
async function readGaps(file: string, log: (message: string) => void): Promise<ReadGaps> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') log(`unanswered-question log ${file} unreadable, starting empty: ${(error as Error).message}`);
    return { gaps: [], format: 'none', lines: 0, cleanEnd: true };
  }
  if (content.trimStart().startsWith('[')) {
    // The format before JSON lines: one array, rewritten whole at every question.
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch (error) {
      log(`unanswered-question log ${file} unreadable, starting empty: ${(error as Error).message}`);
      return { gaps: [], format: 'array', lines: 0, cleanEnd: false };
    }
    const gaps = Array.isArray(parsed) ? parsed.flatMap((item) => parseGap(item)) : [];
    return { gaps, format: 'array', lines: 0, cleanEnd: false };
  }
  const lines = content.split('\n');
  const cleanEnd = lines[lines.length - 1] === '';
  if (cleanEnd) lines.pop();
  const gaps: StoredGap[] = [];
  const seen = new Set<string>();
  let bad = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      bad++;
      continue;
    }
    const gap = parseGap(parsed);
    if (gap.length === 0) bad++;
    for (const one of gap) {
      if (seen.has(one.id)) continue;
      seen.add(one.id);
      gaps.push(one);
    }
  }
  if (bad > 0) {
    const torn = !cleanEnd && bad === 1 ? ' (the last one was cut short, by a crash or a full disk)' : '';
    log(`unanswered-question log ${file}: ${bad} unreadable line(s) skipped${torn}${gaps.length === 0 ? ', starting empty' : ''}`);
  }
  return { gaps, format: 'lines', lines: lines.length, cleanEnd };
}

function parseGap(value: unknown): StoredGap[] {
  const parsed = GapLine.safeParse(value);
  return parsed.success ? [{ question: parsed.data.question, at: parsed.data.at, id: parsed.data.id ?? newId() }] : [];
}

function lineOf(entry: Entry): string {
  return JSON.stringify({ ...entry.gap, id: entry.id });
}

function newId(): string {
  return randomBytes(6).toString('hex');
}
