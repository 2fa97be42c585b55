import { link, unlink } from 'node:fs/promises';
import { type BuildMessage, type BuildReply, type BuildRequest, parseBuildRequest } from './buildMessages.js';
import { openIndex } from './openIndex.js';
import { writeSnapshot } from './snapshotStore.js';
import { describeError } from '../core/describeError.js';

/**
 * Runs in a child process (IndexBuilder): loads the corpus and builds (or loads) its index away
 * from the process that answers questions, and hands the index over as a snapshot file.
 *
 * A process rather than a thread, because a thread's allocations stay in the parent's memory
 * after it ends: on a 150k-passage corpus each refresh by a worker thread left ~80–190 MB more
 * resident (the allocator keeps a spent thread's arena), while a process returns everything to
 * the system when it exits. The index travels through a file rather than the IPC channel, whose
 * deserialisation of ~90 MB stalls the receiving thread for ~220 ms; reading a file does not.
 */
// A parent that went away cannot be told; the 'disconnect' handler below ends this process.
const send = (message: BuildMessage) => process.send!(message, undefined, undefined, () => {});

process.on('message', (message: unknown) => {
  const request = parseBuildRequest(message);
  if (request.ok) void build(request.value).then(send);
  else send({ ok: false, error: request.reason });
});
// The parent gone, nobody wants the index.
process.on('disconnect', () => process.exit(0));
send({ ready: true });

async function build(request: BuildRequest): Promise<BuildReply> {
  const logs: string[] = [];
  try {
    const opened = await openIndex(request.corpusDir, { ...request.options, log: (message) => logs.push(message) });
    await unlink(request.handoverFile).catch(() => {});
    // The snapshot just written (or found up to date) is handed over as a second name for the same
    // bytes: no copy, and a later rewrite of the snapshot by another process cannot change them.
    let linked = false;
    if (opened.snapshotFile !== null && opened.snapshotSaved) {
      linked = await link(opened.snapshotFile, request.handoverFile).then(
        () => true,
        () => false,
      );
    }
    let index: Uint8Array | undefined;
    if (!linked) {
      const bytes = opened.index.toBytes();
      try {
        await writeSnapshot(request.handoverFile, opened.fingerprint, bytes, opened.builtAt, opened.skipped);
      } catch (error) {
        // A full or read-only snapshot disk must not stop refreshes: the index then travels over
        // the IPC channel, which stalls the receiving thread for a moment (~220 ms at 90 MB).
        logs.push(`could not hand the index over as a file (${(error as Error).message}); sending it over IPC`);
        index = bytes;
      }
    }
    return {
      ok: true,
      ...(index !== undefined ? { index } : {}),
      fingerprint: opened.fingerprint,
      skipped: opened.skipped,
      origin: opened.origin,
      builtAt: opened.builtAt.toISOString(),
      logs,
      folderProblem: opened.folderProblem,
    };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}
