import { describe, expect, it } from 'vitest';
import { collectGarbage, collectGarbageIfGrown } from './collect-garbage.ts';

describe('collectGarbage', () => {
  it('frees what nothing refers to any more', () => {
    collectGarbage();
    const base = process.memoryUsage().heapUsed;
    let garbage: string[] | null = Array.from({ length: 200_000 }, (_, i) => `row ${i} `.repeat(8));
    expect(process.memoryUsage().heapUsed - base).toBeGreaterThan(20 * 2 ** 20);
    garbage = null;
    collectGarbage();
    expect(garbage).toBeNull();
    expect(process.memoryUsage().heapUsed - base).toBeLessThan(10 * 2 ** 20);
  });

  it('collects only once the heap has grown past the given amount since the last collection', () => {
    collectGarbage();
    const base = process.memoryUsage().heapUsed;
    let garbage: string[] | null = Array.from({ length: 200_000 }, (_, i) => `row ${i} `.repeat(8));
    garbage = null;
    collectGarbageIfGrown(512 * 2 ** 20);
    expect(process.memoryUsage().heapUsed - base).toBeGreaterThan(20 * 2 ** 20);
    collectGarbageIfGrown(10 * 2 ** 20);
    expect(garbage).toBeNull();
    expect(process.memoryUsage().heapUsed - base).toBeLessThan(10 * 2 ** 20);
  });
});
