import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { openIndex, type OpenIndexOptions } from './openIndex.js';

/**
 * Runs in a worker thread: loads the corpus and builds (or loads) its index away from the thread
 * that answers questions, then hands back the index as bytes (moved, not copied, to the answering
 * thread, where reading them only wraps typed arrays around them) and what the load found.
 */
export interface BuildRequest {
  readonly corpusDir: string;
  readonly options: Pick<OpenIndexOptions, 'snapshotDir' | 'maxFileBytes'>;
}

export type BuildResponse =
  | {
      readonly ok: true;
      readonly index: Uint8Array;
      readonly fingerprint: string;
      readonly skipped: readonly { file: string; reason: string }[];
      readonly origin: 'snapshot' | 'built';
      readonly builtAt: string;
      readonly logs: readonly string[];
    }
  | { readonly ok: false; readonly error: string };

/** What the thread posts: once `ready` (modules loaded), then one response per request. */
export type WorkerMessage = BuildResponse | { readonly ready: true };

/**
 * On Linux each thread has its own nice value: at 10 the build yields the CPU to the thread that
 * answers questions whenever both want it (a refresh takes a little longer; questions do not wait).
 * Elsewhere the call would lower the whole process, so it is not made.
 */
const BUILD_NICE = 10;
if (process.platform === 'linux') {
  try {
    os.setPriority(0, BUILD_NICE);
  } catch {
    // A sandbox may forbid it; the build still runs, at normal priority.
  }
}

/** Serves build requests one after another for as long as the thread lives (see IndexBuilder). */
parentPort!.on('message', (request: BuildRequest) => {
  void build(request).then(({ response, transfer }) => parentPort!.postMessage(response, transfer));
});
parentPort!.postMessage({ ready: true } satisfies WorkerMessage);

async function build(request: BuildRequest): Promise<{ response: BuildResponse; transfer: ArrayBuffer[] }> {
  const logs: string[] = [];
  try {
    const opened = await openIndex(request.corpusDir, { ...request.options, log: (message) => logs.push(message) });
    const index = opened.index.toBytes();
    const response: BuildResponse = {
      ok: true,
      index,
      fingerprint: opened.fingerprint,
      skipped: opened.skipped,
      origin: opened.origin,
      builtAt: opened.builtAt.toISOString(),
      logs,
    };
    return { response, transfer: [index.buffer as ArrayBuffer] };
  } catch (error) {
    return { response: { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }, transfer: [] };
  }
}
