import { fork, type ChildProcess } from 'node:child_process';
import { unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { SearchIndex } from '../core/SearchIndex.js';
import type { SkippedFile } from '../core/types.js';
import { type BuildMessage, type BuildReply, type BuildRequest, parseBuildMessage } from './buildMessages.js';
import type { FolderProblem } from './loadCorpus.js';
import { snapshotFileFor } from './openIndex.js';
import { readSnapshot } from './snapshotStore.js';
import { removeStaleTemporaries, temporaryNameFor } from './writeFileAtomic.js';
import { siblingModule } from '../siblingModule.js';

const BUILD_PROCESS = new URL('./buildIndexProcess.mjs', import.meta.url);
/** The job the process runs: the TypeScript source under tsx, the compiled file under dist/. */
const BUILD_JOB = siblingModule(import.meta.url, './buildIndexJob').file;

export type BuildResult =
  | {
      readonly ok: true;
      readonly index: SearchIndex;
      readonly fingerprint: string;
      readonly skipped: readonly SkippedFile[];
      readonly origin: 'snapshot' | 'built';
      readonly builtAt: string;
      readonly logs: readonly string[];
      /** The corpus folder could not be read: `index` is not of the corpus. */
      readonly folderProblem: FolderProblem | null;
    }
  | { readonly ok: false; readonly error: string };

/**
 * The child process that builds indexes for refreshes. Once warmed, a process is always standing
 * by: starting one — Node, the TypeScript loader, the modules — costs more CPU than building a
 * small corpus, and on a two-core machine that start would compete with the process answering
 * questions at every refresh. Each process serves one build and exits, which returns all the
 * memory the build used to the system (see buildIndexJob.ts); a fresh one then stands by. The
 * process runs at nice 10 from its first line (buildIndexProcess.mjs).
 */
export class IndexBuilder {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  /** The build in flight, tied to its process so that a late event of another process cannot settle it. */
  private pending: { child: ChildProcess; resolve: (reply: BuildReply) => void; reject: (error: Error) => void } | undefined;
  private standBy = false;
  private closed = false;
  /** Handover names already cleared of what earlier processes left. */
  private readonly swept = new Set<string>();
  private sweeping = false;
  /** How many times close() was called: a build that began before a close fails. */
  private closes = 0;

  /** Keeps a process standing by from now on, so that no build pays for starting one; resolves once it is ready. */
  warm(): Promise<void> {
    this.standBy = true;
    this.closed = false;
    this.ensure();
    return this.ready!;
  }

  /** The standing process's id, for logs and tests; undefined while none runs. */
  get processId(): number | undefined {
    return this.child?.pid;
  }

  /** One build at a time (CorpusService runs one refresh at a time). */
  async build(request: Omit<BuildRequest, 'handoverFile'>): Promise<BuildResult> {
    if (this.pending !== undefined || this.sweeping) throw new Error('a build is already running');
    const closes = this.closes;
    const { snapshotDir } = request.options;
    // Beside the snapshot, so that the build can hand it over as a hard link (same file system).
    const base = `${snapshotDir === null || snapshotDir === undefined ? path.join(os.tmpdir(), 'isnad') : snapshotFileFor(snapshotDir, request.corpusDir)}.handover`;
    if (!this.swept.has(base)) {
      this.swept.add(base);
      // What a process killed between the build's reply and reading the index left. By pid only:
      // a hard link carries the snapshot's (possibly old) modification time.
      this.sweeping = true;
      // Handovers (`.<base>.<pid>.<hex>.tmp`), and the temporary files of those a build process was
      // writing itself (`..<base>.<pid>.<hex>.tmp.<pid>.<hex>.tmp`).
      const name = path.basename(base);
      const ours = (target: string) => target === name || target.startsWith(`.${name}.`);
      await removeStaleTemporaries(path.dirname(base), { of: ours, maxAgeMs: Infinity }).finally(() => {
        this.sweeping = false;
      });
    }
    // Closed while the handovers were swept: this build is stopped like one in flight.
    if (this.closes !== closes) return { ok: false, error: 'the build was stopped' };
    const child = this.ensure();
    const started = this.ready!;
    // The process is now spent: the next build gets a fresh one.
    this.child = undefined;
    this.ready = undefined;
    const handoverFile = temporaryNameFor(base);
    // While it builds, the process keeps this one alive, so that a build in flight is finished.
    child.ref();
    child.channel?.ref();
    let reply: BuildReply;
    try {
      reply = await new Promise<BuildReply>((resolve, reject) => {
        this.pending = { child, resolve, reject };
        // A message sent before the process listens would be lost.
        void started.then(() =>
          child.send({ ...request, handoverFile } satisfies BuildRequest, (error) => {
            if (error) reject(error);
          }),
        );
      }).finally(() => {
        this.pending = undefined;
        child.kill();
        if (this.standBy && !this.closed) this.ensure();
      });
      if (!reply.ok) return reply;
      const { index: sent, ...facts } = reply;
      if (sent !== undefined) {
        try {
          return { ...facts, index: SearchIndex.fromBytes(sent) };
        } catch (error) {
          return { ok: false, error: `the built index could not be read: ${(error as Error).message}` };
        }
      }
      const read = await readSnapshot(handoverFile, reply.fingerprint);
      if (read.kind !== 'loaded') return { ok: false, error: `the built index could not be read: ${read.kind === 'missing' ? 'it is missing' : read.reason}` };
      return { ...facts, index: read.index };
    } finally {
      await unlink(handoverFile).catch(() => {});
    }
  }

  /** Stops the processes; a build in flight fails. */
  async close(): Promise<void> {
    this.closed = true;
    this.closes++;
    const children = [this.child, this.pending?.child];
    this.child = undefined;
    this.ready = undefined;
    await Promise.all(children.map((child) => (child === undefined ? undefined : stopChild(child))));
  }

  private ensure(): ChildProcess {
    if (this.child !== undefined) return this.child;
    // No inherited flags (a debugger's port, a test runner's loader): the child registers tsx itself
    // when the job is TypeScript. 'advanced' serialisation carries the index as bytes when it
    // cannot be left in a file.
    const child = fork(BUILD_PROCESS, [BUILD_JOB], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    let markReady: () => void = () => {};
    // Until it is ready, someone may be waiting for it (warm); standing by after that, it must not
    // keep this process alive.
    this.ready = new Promise<void>((resolve) => {
      markReady = resolve;
    }).then(() => {
      if (this.pending?.child !== child) {
        child.unref();
        child.channel?.unref();
      }
    });
    const fail = (error: Error) => {
      if (this.child === child) {
        this.child = undefined;
        this.ready = undefined;
      }
      // Nobody should wait on a process that will never be ready.
      markReady();
      if (this.pending?.child === child) this.pending.reject(error);
    };
    child.on('message', (received: unknown) => {
      const message = parseBuildMessage(received);
      // A reply that cannot be read fails the build it answers; the next build gets a fresh process.
      const parsed: BuildMessage = message.ok ? message.value : { ok: false, error: message.reason };
      if ('ready' in parsed) markReady();
      else if (this.pending?.child === child) this.pending.resolve(parsed);
    });
    child.on('error', (error) => fail(error));
    child.on('exit', (code, signal) => fail(new Error(`the build process exited with ${signal ?? `code ${code}`}`)));
    this.child = child;
    return child;
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // A standing process is unref'd: without this, a process with nothing else to do (a start that
    // failed) would exit before the child's exit is seen, and skip whatever follows close().
    child.ref();
    child.once('exit', () => resolve());
    child.kill();
  });
}
