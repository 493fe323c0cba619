import { describe, expect, it } from 'vitest';
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
    await nextTurn();
    collectGarbageIfGrown(512 * MIB);
    expect(heapUsed() - base).toBeGreaterThan(20 * MIB);
    expect(alive(rows)).toBe(true);
    await nextTurn();
    collectGarbageIfGrown(10 * MIB);
    expect(alive(rows)).toBe(false);
    expect(heapUsed() - base).toBeLessThan(10 * MIB);
  });
});
