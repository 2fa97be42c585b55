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

/** Serves the build requests it is sent (IndexBuilder sends one per thread). */
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
