import { parentPort, workerData } from 'node:worker_threads';
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

const request = workerData as BuildRequest;
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
  parentPort!.postMessage(response, [index.buffer as ArrayBuffer]);
} catch (error) {
  parentPort!.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies BuildResponse);
}
