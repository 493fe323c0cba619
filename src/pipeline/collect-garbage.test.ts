import { describe, expect, it } from 'vitest';
import { collectGarbage } from './collect-garbage.ts';

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
});
