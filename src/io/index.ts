/**
 * Process-level helpers shared by the stages: file writing for those that leave files behind
 * (reports, the run, exports), garbage collection between the phases of a large run, and one
 * retry with backoff for every call that leaves the process. Part of the floor.
 * May import: errors.
 */
export { collectGarbage, collectGarbageIfGrown } from './collect-garbage.ts';
export { fileSafe } from './file-safe.ts';
export { removeStaleStaging, stagingFolder } from './remove-stale-staging.ts';
export { backoffDelay, type Retried, type RetryHooks, type RetryPolicy, retry } from './retry.ts';
export { writeAtomic, writeAtomicPieces } from './write-atomic.ts';
