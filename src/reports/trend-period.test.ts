import { describe, expect, it } from 'vitest';
import { ROOT_CAUSES, type RootCause } from '../model/index.ts';
import { trendPeriod } from './trend-period.ts';
import type { RunHistoryEntry } from './types.ts';

const none = Object.fromEntries(ROOT_CAUSES.map((c) => [c, 0])) as Record<RootCause, number>;

/** The nightly run of 2026-11-(day+1), finished the morning after its window. */
function nightly(day: number): RunHistoryEntry {
  const d = (n: number) => `2026-11-${String(n).padStart(2, '0')}`;
  return {
    runId: `run-${day}`,
    window: { from: `${d(day)}T00:00:00Z`, to: `${d(day + 1)}T00:00:00Z` },
    finishedAt: `${d(day + 1)}T02:00:00Z`,
    byRootCause: none,
    duplicateSets: 0,
  };
}

describe('trendPeriod', () => {
  it('is the UTC days of a window longer than two days, drawn day by day, whole', () => {
    const month = { from: '2026-10-01T00:00:00.000Z', to: '2026-11-01T00:00:00.000Z' };
    expect(trendPeriod({ runId: 'month', window: month }, [nightly(1), nightly(2)])).toEqual(month);
    const offset = { from: '2026-10-01T03:00:00.000Z', to: '2026-10-31T03:00:00.000Z' };
    expect(trendPeriod({ runId: 'offset', window: offset }, [])).toEqual({
      from: '2026-10-01T00:00:00.000Z',
      to: '2026-11-01T00:00:00.000Z',
    });
  });

  it('spans the windows of the last 30 runs, this one included, for a nightly window', () => {
    const history = Array.from({ length: 28 }, (_, i) => nightly(i + 1));
    const current = { runId: 'run-29', window: nightly(29).window };
    // 28 earlier runs and this one: all 29 are drawn, from 1 Nov.
    expect(trendPeriod(current, history)).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-30T00:00:00.000Z',
    });
  });

  it('leaves out the runs the trend does not draw: only the 29 latest earlier runs stand beside this one', () => {
    const history = Array.from({ length: 29 }, (_, i) => nightly(i + 1));
    const current = { runId: 'run-30', window: { from: '2026-11-30T00:00:00Z', to: '2026-12-01T00:00:00Z' } };
    const early = {
      ...nightly(1),
      runId: 'run-oct',
      window: { from: '2026-10-20T00:00:00Z', to: '2026-10-21T00:00:00Z' },
      finishedAt: '2026-10-21T02:00:00Z',
    };
    expect(trendPeriod(current, [early, ...history])).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
  });

  it('is the window alone on the first run, written as the store writes instants', () => {
    // The history's windows read "…00Z"; the store's nights read "…00.000Z" and are compared as text.
    const window = nightly(5).window;
    expect(trendPeriod({ runId: 'run-5', window }, [])).toEqual({
      from: '2026-11-05T00:00:00.000Z',
      to: '2026-11-06T00:00:00.000Z',
    });
  });
});
