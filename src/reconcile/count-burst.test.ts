import { describe, expect, it } from 'vitest';
import { countBurst } from './count-burst.ts';
import { makeMember, makeSet } from './testing/make-set.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 10, 0, 0) + minute * 60_000).toISOString();

/** A set of one original and `copies` copies, the copies created at the given minutes. */
function setWithCopies(name: string, copyMinutes: readonly number[]) {
  return makeSet([
    makeMember(`${name}-0`, at(-600)),
    ...copyMinutes.map((m, i) => makeMember(`${name}-${i + 1}`, at(m))),
  ]);
}

describe('countBurst', () => {
  it('counts copies, not originals, within one hour across the sets of the run', () => {
    const sets = [setWithCopies('a', [0]), setWithCopies('b', [10, 20]), setWithCopies('c', [59])];
    const counts = countBurst(sets);
    expect([...counts.values()]).toEqual([4, 4, 4]);
  });

  it('gives each set the busiest hour that contains one of its copies', () => {
    const early = setWithCopies('early', [0]);
    const busy = setWithCopies('busy', [100, 101, 102, 103, 104, 105]);
    const counts = countBurst([early, busy]);
    expect(counts.get(early.setId)).toBe(1);
    expect(counts.get(busy.setId)).toBe(6);
  });

  it('keeps copies exactly one hour apart in separate spans', () => {
    const counts = countBurst([setWithCopies('a', [0]), setWithCopies('b', [60])]);
    expect([...counts.values()]).toEqual([1, 1]);
  });

  it('lets a copy belong to the busier of two overlapping hours', () => {
    // Copies at 0, 50 (set x) and 55, 56, 57, 100 (set y): the hour from 50 holds 5.
    const x = setWithCopies('x', [0, 50]);
    const y = setWithCopies('y', [55, 56, 57, 100]);
    const counts = countBurst([x, y]);
    expect(counts.get(x.setId)).toBe(5);
    expect(counts.get(y.setId)).toBe(5);
  });

  it('ignores LEGITIMATE sets', () => {
    const legit = makeSet(setWithCopies('l', [1, 2, 3]).members, { verdict: 'LEGITIMATE', rootCause: null });
    const dup = setWithCopies('d', [4]);
    expect(countBurst([legit, dup])).toEqual(new Map([[dup.setId, 1]]));
  });

  it('agrees with counting every one-hour span by brute force', () => {
    const minutes = [0, 3, 7, 30, 61, 62, 90, 125, 126, 127, 128, 200, 230, 259];
    const sets = minutes.map((m, i) => setWithCopies(`s${i}`, [m]));
    const counts = countBurst(sets);
    for (const [i, m] of minutes.entries()) {
      let best = 0;
      for (const start of minutes) {
        if (start <= m && m < start + 60)
          best = Math.max(best, minutes.filter((x) => x >= start && x < start + 60).length);
      }
      expect(counts.get(sets[i]!.setId)).toBe(best);
    }
  });
});
