import { Worker } from 'node:worker_threads';
import type { BuildRequest, BuildResponse, WorkerMessage } from './buildIndexJob.js';

const WORKER = new URL('./buildIndexWorker.mjs', import.meta.url);

/**
 * The worker thread that builds indexes for refreshes. Once warmed, a thread is always standing
 * by: starting one — the TypeScript loader, the modules — costs more CPU than building a small
 * corpus, and on a two-core machine that start would compete with the thread answering questions
 * at every refresh. Each thread serves one build and is then replaced by a fresh one, because a
 * thread that built a large corpus keeps its grown heap (a few hundred MB at 150k passages) while
 * it waits. The thread runs at nice 10 on Linux from its first line (buildIndexWorker.mjs).
 */
export class IndexBuilder {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  /** The build in flight, tied to its thread so that a late event of another thread cannot settle it. */
  private pending: { worker: Worker; resolve: (response: BuildResponse) => void; reject: (error: Error) => void } | undefined;
  private standBy = false;
  private closed = false;

  /** Keeps a thread standing by from now on, so that no build pays for starting one; resolves once it is ready. */
  warm(): Promise<void> {
    this.standBy = true;
    this.closed = false;
    this.ensure();
    return this.ready!;
  }

  /** The standing thread's id, for logs and tests; undefined while none runs. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** One build at a time (CorpusService runs one refresh at a time). */
  build(request: BuildRequest): Promise<BuildResponse> {
    if (this.pending !== undefined) return Promise.reject(new Error('a build is already running'));
    this.closed = false;
    const worker = this.ensure();
    // The thread is now spent: the next build gets a fresh one.
    this.worker = undefined;
    this.ready = undefined;
    // While it builds, the thread keeps the process alive, so that a build in flight is finished.
    worker.ref();
    return new Promise<BuildResponse>((resolve, reject) => {
      this.pending = { worker, resolve, reject };
      worker.postMessage(request);
    }).finally(() => {
      this.pending = undefined;
      void worker.terminate();
      if (this.standBy && !this.closed) this.ensure();
    });
  }

  /** Stops the threads; a build in flight fails. */
  async close(): Promise<void> {
    this.closed = true;
    const threads = [this.worker, this.pending?.worker];
    this.worker = undefined;
    this.ready = undefined;
    await Promise.all(threads.map((worker) => worker?.terminate()));
  }

  private ensure(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(WORKER);
    worker.unref();
    let markReady: () => void = () => {};
    this.ready = new Promise((resolve) => {
      markReady = resolve;
    });
    const fail = (error: Error) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.ready = undefined;
      }
      // Nobody should wait on a thread that will never be ready.
      markReady();
      if (this.pending?.worker === worker) this.pending.reject(error);
    };
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) markReady();
      else if (this.pending?.worker === worker) this.pending.resolve(message);
    });
    worker.on('error', (error) => fail(error));
    worker.on('exit', (code) => fail(new Error(`the build worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
