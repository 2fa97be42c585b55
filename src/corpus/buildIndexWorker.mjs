// Worker threads do not inherit tsx's module loader (tsx issue #354), so the worker registers it
// before running the TypeScript job.
import { register } from 'tsx/esm/api';

register();
await import('./buildIndexJob.ts');
