import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { errnoCode, removeStaleTemporaries, writeFileAtomic } from './writeFileAtomic.js';

/**
 * A small JSON file of isnad's own state in DATA_DIR (the feeds, the links fetched), parsed with
 * zod when read. A file that is not valid JSON or not of the expected shape is reported, moved
 * aside (`<name>.corrupt`, so nothing is lost for an operator to look at) and replaced by the
 * empty state: a damaged state file never stops the bot.
 *
 * Every change is a read-modify-write of the file as it is on the disk now, one at a time in this
 * process, written atomically: with several shard processes, a change made by another one since
 * is kept, not overwritten by a copy held in memory.
 */
export class JsonStateFile<T> {
  private chain: Promise<unknown> = Promise.resolve();
  private cleaned = false;

  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
    private readonly empty: () => T,
    private readonly log: (message: string) => void = () => {},
  ) {}

  /** The state as it is on the disk now (the empty state when there is no file yet). */
  async read(): Promise<T> {
    if (!this.cleaned) {
      this.cleaned = true;
      // What a write interrupted by a crash left behind.
      await removeStaleTemporaries(path.dirname(this.file), { of: (target) => target === path.basename(this.file), log: this.log });
    }
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return this.empty();
      this.log(`${this.file} cannot be read (${errnoCode(error) ?? 'error'}); starting from an empty state`);
      return this.empty();
    }
    let parsed: ReturnType<z.ZodType<T>['safeParse']>;
    try {
      parsed = this.schema.safeParse(JSON.parse(text));
    } catch {
      parsed = { success: false } as never;
    }
    if (parsed.success) return parsed.data;
    const aside = `${this.file}.corrupt`;
    try {
      await rename(this.file, aside);
      this.log(`${this.file} is damaged (not the JSON isnad wrote); moved to ${aside} and replaced by an empty state`);
    } catch {
      this.log(`${this.file} is damaged (not the JSON isnad wrote) and could not be moved aside; it is replaced by an empty state at the next change`);
    }
    return this.empty();
  }

  /**
   * Applies `change` to the state as it is on the disk and writes the result whole. Resolves with
   * the new state, or with the write failure's reason (nothing is changed then).
   */
  update<R>(
    change: (state: T) => { state: T; result: R } | Promise<{ state: T; result: R }>,
  ): Promise<{ kind: 'updated'; state: T; result: R } | { kind: 'failed'; reason: string }> {
    const run = this.chain.then(async () => {
      const { state, result } = await change(await this.read());
      await mkdir(path.dirname(this.file), { recursive: true }).catch(() => {});
      const written = await writeFileAtomic(this.file, new TextEncoder().encode(`${JSON.stringify(state, null, 2)}\n`));
      if (written.kind === 'failed') {
        this.log(`${this.file} could not be written: ${written.code}`);
        return { kind: 'failed' as const, reason: written.reason };
      }
      return { kind: 'updated' as const, state, result };
    });
    this.chain = run.catch(() => {});
    return run;
  }
}
