import { describe, expect, it } from 'vitest';
import { makeMember, makeSet } from '../../test/support/make-set.ts';
import { findBursts } from './find-bursts.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 2, 10, 0) + minute * 60_000).toISOString();

/** A DUPLICATE set: an original at `minute` and a copy one minute later. */
const pair = (i: number, minute: number, client = 'ios-app@3.2.1') =>
  makeSet([
    makeMember(`o${i}`, at(minute), [], { clientId: client }),
    makeMember(`c${i}`, at(minute + 1), [], { clientId: client }),
  ]);

describe('findBursts', () => {
  it('reports nothing for five copies in an hour, and one incident for six', () => {
    const five = [0, 10, 20, 30, 40].map((m, i) => pair(i, m));
    expect(findBursts(five, 5)).toEqual([]);
    const six = [...five, pair(5, 50, 'web@1')];
    const [burst, ...rest] = findBursts(six, 5);
    expect(rest).toEqual([]);
    expect(burst).toEqual(expect.objectContaining({ from: at(1), to: at(51), copies: 6, peakPerHour: 6 }));
    expect(burst!.setIds).toHaveLength(6);
    expect(burst!.clients).toEqual([
      { clientId: 'ios-app@3.2.1', copies: 5 },
      { clientId: 'web@1', copies: 1 },
    ]);
  });

  it('merges overlapping busy hours into one incident and keeps separate ones apart', () => {
    const morning = Array.from({ length: 9 }, (_, i) => pair(i, i * 10));
    const evening = Array.from({ length: 7 }, (_, i) => pair(100 + i, 600 + i * 5));
    const bursts = findBursts([...morning, ...evening], 5);
    expect(bursts.map((b) => b.copies)).toEqual([9, 7]);
    expect(bursts[0]!.peakPerHour).toBe(6);
  });

  it('ignores look-alike groups and counts every member but the first as a copy', () => {
    const legit = Array.from({ length: 8 }, (_, i) =>
      makeSet([makeMember(`l${i}`, at(i)), makeMember(`m${i}`, at(i))], {
        verdict: 'LEGITIMATE',
        rootCause: null,
      }),
    );
    expect(findBursts(legit, 5)).toEqual([]);
    const triple = makeSet([makeMember('t1', at(0)), makeMember('t2', at(1)), makeMember('t3', at(2))]);
    expect(findBursts([triple, pair(1, 3), pair(2, 4), pair(3, 5)], 4)[0]!.copies).toBe(5);
  });
});
