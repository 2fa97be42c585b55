import { Worker } from 'node:worker_threads';
import type { BuildRequest, BuildResponse, WorkerMessage } from './buildIndexJob.js';

const WORKER = new URL('./buildIndexWorker.mjs', import.meta.url);

/**
 * The worker thread that builds indexes for refreshes, started once and kept between them (idle,
 * and not holding the process open). Starting a thread — the TypeScript loader, the modules —
 * costs more CPU than building a small corpus, and on a two-core machine that start would compete
 * with the thread answering questions at every refresh. A worker that fails is dropped; the next
 * build starts a fresh one.
 */
export class IndexBuilder {
  private worker: Worker | undefined;
  private pending: { resolve: (response: BuildResponse) => void; reject: (error: Error) => void } | undefined;
  private ready: Promise<void> | undefined;

  /** Starts the thread now, so that the first build does not pay for it; resolves once it is ready. */
  warm(): Promise<void> {
    this.ensure();
    return this.ready!;
  }

  /** The running thread's id, for logs; undefined while none runs. */
  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  /** One build at a time (CorpusService runs one refresh at a time). */
  build(request: BuildRequest): Promise<BuildResponse> {
    if (this.pending !== undefined) return Promise.reject(new Error('a build is already running'));
    const worker = this.ensure();
    // While it builds, the thread keeps the process alive, so that a build in flight is finished.
    worker.ref();
    return new Promise<BuildResponse>((resolve, reject) => {
      this.pending = { resolve, reject };
      worker.postMessage(request);
    }).finally(() => {
      this.pending = undefined;
      this.worker?.unref();
    });
  }

  /** Stops the thread; a build in flight fails. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ensure(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(WORKER);
    worker.unref();
    let markReady: () => void = () => {};
    this.ready = new Promise((resolve) => {
      markReady = resolve;
    });
    const drop = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      // A worker that never got ready is ready to be replaced: nobody should wait on it.
      markReady();
      this.pending?.reject(error);
    };
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) markReady();
      else this.pending?.resolve(message);
    });
    worker.on('error', (error) => drop(error));
    worker.on('exit', (code) => drop(new Error(`the build worker exited with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}
