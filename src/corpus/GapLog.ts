import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The most recent questions isnad could not answer — question text and time only, never who
 * asked — so moderators know which articles to add. Bounded, and kept across restarts in a small
 * JSON file.
 */
export interface Gap {
  readonly question: string;
  readonly at: string;
}

export class GapLog {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private gaps: Gap[],
    private readonly capacity: number,
    private readonly log: (message: string) => void,
  ) {}

  static async open(file: string, options: { capacity?: number; log?: (message: string) => void } = {}): Promise<GapLog> {
    const log = options.log ?? (() => {});
    let gaps: Gap[] = [];
    try {
      const parsed = JSON.parse(await readFile(file, 'utf8')) as unknown;
      if (Array.isArray(parsed)) {
        gaps = parsed.filter((gap): gap is Gap => typeof gap?.question === 'string' && typeof gap?.at === 'string');
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`unanswered-question log ${file} unreadable, starting empty: ${(error as Error).message}`);
    }
    const capacity = options.capacity ?? 100;
    return new GapLog(file, gaps.slice(-capacity), capacity, log);
  }

  /** Most recent first. */
  recent(limit = 20): readonly Gap[] {
    return this.gaps.slice(-limit).reverse();
  }

  add(question: string, at = new Date()): void {
    const text = question.trim().slice(0, 500);
    if (text === '') return;
    this.gaps.push({ question: text, at: at.toISOString() });
    if (this.gaps.length > this.capacity) this.gaps.splice(0, this.gaps.length - this.capacity);
    const snapshot = JSON.stringify(this.gaps);
    // Writes are chained so they land in order; a failure is logged, never thrown at the asker.
    this.writing = this.writing
      .then(async () => {
        await mkdir(path.dirname(this.file), { recursive: true });
        const temporary = `${this.file}.tmp`;
        await writeFile(temporary, snapshot);
        await rename(temporary, this.file);
      })
      .catch((error: unknown) => this.log(`could not save the unanswered-question log: ${(error as Error).message}`));
  }

  /** Resolves once every write so far has finished (for shutdown and tests). */
  flush(): Promise<void> {
    return this.writing;
  }
}
