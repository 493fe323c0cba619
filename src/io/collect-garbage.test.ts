import { constants, PerformanceObserver, performance } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { collectGarbage, collectGarbageIfGrown } from './collect-garbage.ts';

const MIB = 2 ** 20;
const heapUsed = (): number => process.memoryUsage().heapUsed;

/** Some 40 MiB that nothing refers to once made; the weak reference tells whether it is still there. */
function garbage(): WeakRef<string[]> {
  return new WeakRef(Array.from({ length: 200_000 }, (_, i) => `row ${i} `.repeat(8)));
}
const alive = (ref: WeakRef<object>): boolean => ref.deref() !== undefined;
/** A weak reference keeps its object until the turn that made or read it ends. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Full collections V8 reports, by start time. Whether a call collected is read from the ones
 * that started while it ran: V8 may also collect on its own between two statements of a test,
 * so the heap or a weak reference alone cannot say that a call did not collect.
 */
const fullCollections: number[] = [];
const observer = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    const kind = ((e as { detail?: unknown }).detail as { kind?: number } | null)?.kind;
    if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullCollections.push(e.startTime);
  }
});
observer.observe({ entryTypes: ['gc'] });
afterAll(() => observer.disconnect());

/** How many full collections started while `fn` ran (entries arrive a moment later). */
async function collectionsDuring(fn: () => void): Promise<number> {
  const from = performance.now();
  fn();
  const to = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 50));
  return fullCollections.filter((t) => t >= from && t <= to).length;
}

describe('collectGarbage', () => {
  it('frees what nothing refers to any more', async () => {
    collectGarbage();
    const base = heapUsed();
    const rows = garbage();
    expect(heapUsed() - base).toBeGreaterThan(20 * MIB);
    await nextTurn();
    collectGarbage();
    expect(alive(rows)).toBe(false);
    expect(heapUsed() - base).toBeLessThan(10 * MIB);
  });

  it('collects only once the heap has grown past the given amount since the last collection', async () => {
    collectGarbage();
    const base = heapUsed();
    const rows = garbage();
    expect(heapUsed() - base).toBeGreaterThan(20 * MIB);
    expect(await collectionsDuring(() => collectGarbageIfGrown(512 * MIB))).toBe(0);
    garbage();
    expect(await collectionsDuring(() => collectGarbageIfGrown(10 * MIB))).toBeGreaterThan(0);
    expect(alive(rows)).toBe(false);
  });
});
