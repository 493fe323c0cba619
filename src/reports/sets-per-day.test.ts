import { describe, expect, it } from 'vitest';
import { makeMember, makeSet } from '../../test/support/make-set.ts';
import { ROOT_CAUSES } from '../model/index.ts';
import { setsPerDay } from './sets-per-day.ts';

const window = { from: '2026-11-01T06:00:00.000Z', to: '2026-11-08T06:00:00.000Z' };
const pair = (id: string, a: string, b: string, over = {}) =>
  makeSet([makeMember(`${id}a`, a), makeMember(`${id}b`, b)], over);
const total = (byRootCause: Partial<Record<string, number>>) =>
  ROOT_CAUSES.reduce((n, c) => n + (byRootCause[c] ?? 0), 0);

describe('setsPerDay', () => {
  it('counts each duplicate set once, on the UTC day its first copy was created inside the window', () => {
    const sets = [
      // Its original is older than the window: it counts on the day its copy came.
      pair('old', '2026-10-20T10:00:00.000Z', '2026-11-03T10:00:00.000Z'),
      // Copied a minute after midnight UTC: the next day, whatever the original's.
      pair('mid', '2026-11-04T23:59:30.000Z', '2026-11-05T00:00:30.000Z', { rootCause: 'TIMEOUT_RETRY' }),
      pair('one', '2026-11-01T07:00:00.000Z', '2026-11-01T07:00:02.000Z'),
      // A look-alike is no duplicate.
      pair('leg', '2026-11-02T07:00:00.000Z', '2026-11-02T08:00:00.000Z', {
        verdict: 'LEGITIMATE',
        rootCause: null,
      }),
    ];
    const { days, partial } = setsPerDay({ window, sets });
    expect(days.map((d) => d.key)).toEqual([
      '2026-11-01',
      '2026-11-02',
      '2026-11-03',
      '2026-11-04',
      '2026-11-05',
      '2026-11-06',
      '2026-11-07',
      '2026-11-08',
    ]);
    expect(days.map((d) => total(d.byRootCause))).toEqual([1, 0, 1, 0, 1, 0, 0, 0]);
    expect(days[4]!.byRootCause.TIMEOUT_RETRY).toBe(1);
    expect(days[0]!.label).toBe('1 Nov');
    expect(partial).toBe(true);
  });

  it('takes the window end as exclusive, so a window from midnight to midnight has only whole days', () => {
    const { days, partial } = setsPerDay({
      window: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-04T00:00:00.000Z' },
      sets: [],
    });
    expect(days.map((d) => d.label)).toEqual(['1 Nov', '2 Nov', '3 Nov']);
    expect(partial).toBe(false);
  });
});
