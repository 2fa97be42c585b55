import os from 'node:os';
import { register } from 'tsx/esm/api';

// On Linux each thread has its own nice value: at 10 this thread — its start-up included — yields
// the CPU to the thread that answers questions whenever both want it (a refresh takes a little
// longer; questions do not wait). Elsewhere the call would lower the whole process, so it is not made.
if (process.platform === 'linux') {
  try {
    os.setPriority(0, 10);
  } catch {
    // A sandbox may forbid it; the build still runs, at normal priority.
  }
}

// Worker threads do not inherit tsx's module loader (tsx issue #354), so the worker registers it
// before running the TypeScript job.
register();
await import('./buildIndexJob.ts');
