import { parentPort, workerData } from 'node:worker_threads';
import { openIndex, type OpenIndexOptions } from './openIndex.js';

/**
 * Runs in a worker thread: loads the corpus and builds (or loads) its index away from the thread
 * that answers questions, then hands back the serialised index and what the load found.
 */
export interface BuildRequest {
  readonly corpusDir: string;
  readonly options: Pick<OpenIndexOptions, 'snapshotDir' | 'maxFileBytes'>;
}

export type BuildResponse =
  | {
      readonly ok: true;
      readonly index: string;
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
  const response: BuildResponse = {
    ok: true,
    index: JSON.stringify(opened.index.toJSON()),
    fingerprint: opened.fingerprint,
    skipped: opened.skipped,
    origin: opened.origin,
    builtAt: opened.builtAt.toISOString(),
    logs,
  };
  parentPort!.postMessage(response);
} catch (error) {
  parentPort!.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies BuildResponse);
}
