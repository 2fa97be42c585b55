import os from 'node:os';
import { register } from 'tsx/esm/api';

// The build runs in a process of its own at nice 10: it — its start-up included — yields the CPU
// to the process answering questions whenever both want it (a refresh takes a little longer;
// questions do not wait). A process has its own nice value on every platform.
try {
  os.setPriority(0, 10);
} catch {
  // A sandbox may forbid it; the build still runs, at normal priority.
}

register();
await import('./buildIndexJob.ts');
