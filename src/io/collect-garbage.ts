/**
 * A full garbage collection between two phases of a run. A run is a batch job: a phase leaves
 * most of what it allocated in V8's old space, which V8 frees only when it decides to, so the
 * next phase's peak lands on top of the last one's garbage. Collecting before the rules read
 * their sets, whenever reading them has grown the heap by 256 MiB, before planning and before
 * rendering, with DuckDB handing its freed memory back, took the peak RSS of a run over
 * 3,000,000 reservations from 1.74 GiB to 1.3-1.4 GiB, in the same time. Each collection costs
 * a few hundred milliseconds at that size, so it is done only where it moves the peak. A command
 * line tool cannot count on its node flags, so the collector is reached as Jest reaches it:
 * --expose-gc set at run time, gc() taken from a fresh context. Where that fails, nothing happens.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;
/** The heap in use after the last collection. */
let collected = 0;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const found: unknown = runInNewContext('gc');
      gc = typeof found === 'function' ? (found as () => void) : null;
    } catch {
      gc = null;
    }
  }
  gc?.();
  collected = getHeapStatistics().used_heap_size;
}

/**
 * Collects only once the heap has grown by more than `bytes` since the last collection: for a
 * loop that builds a large result out of large short-lived strings (a share's JSON goes straight
 * to V8's large-object space, which only a full collection frees).
 */
export function collectGarbageIfGrown(bytes = 256 * 2 ** 20): void {
  if (getHeapStatistics().used_heap_size - collected > bytes) collectGarbage();
}
