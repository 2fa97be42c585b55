import os from 'node:os';
import { pathToFileURL } from 'node:url';

// The build runs in a process of its own at nice 10: it — its start-up included — yields the CPU
// to the process answering questions whenever both want it (a refresh takes a little longer;
// questions do not wait). A process has its own nice value on every platform.
try {
  os.setPriority(0, 10);
} catch {
  // A sandbox may forbid it; the build still runs, at normal priority.
}

// The job to run is named by the parent (IndexBuilder): buildIndexJob.ts under tsx (development,
// tests), or buildIndexJob.js compiled beside this file in dist/ (`npm start`), where tsx is not
// installed — so it is loaded only for TypeScript, after the priority is lowered.
const job = process.argv[2];
if (job === undefined) throw new Error('buildIndexProcess.mjs is started by IndexBuilder, which names the job to run');
if (job.endsWith('.ts')) {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(pathToFileURL(job).href);
