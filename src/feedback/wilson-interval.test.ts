import { describe, expect, it } from 'vitest';
import { wilsonInterval } from './wilson-interval.ts';

describe('the Wilson score interval', () => {
  it('puts 8 of 10 between 0.490 and 0.943 at 95 %', () => {
    const i = wilsonInterval(8, 10)!;
    expect(i.low).toBeCloseTo(0.4902, 4);
    expect(i.high).toBeCloseTo(0.9433, 4);
  });

  it('stays inside 0 and 1 at the edges: 0 of 5 and 20 of 20', () => {
    const none = wilsonInterval(0, 5)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.4345, 4);
    const all = wilsonInterval(20, 20)!;
    expect(all.low).toBeCloseTo(0.8389, 4);
    expect(all.high).toBe(1);
  });

  it('reaches exactly 1 when every decision approved, and exactly 0 when none did, whatever the count', () => {
    for (let n = 1; n <= 200; n += 1) {
      expect(wilsonInterval(n, n)!.high).toBe(1);
      expect(wilsonInterval(0, n)!.low).toBe(0);
    }
  });

  it('narrows as the same rate is measured on more decisions', () => {
    const small = wilsonInterval(9, 10)!;
    const large = wilsonInterval(900, 1000)!;
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
    expect(large.low).toBeCloseTo(0.8797, 3);
    expect(large.high).toBeCloseTo(0.9171, 3);
  });

  it('measures nothing without decisions, and refuses more successes than trials', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });
});
