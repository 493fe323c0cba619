import { describe, expect, it } from 'vitest';
import { dueWindows } from './due-windows.ts';
import { intervalMs } from './interval.ts';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);

describe('the nightly windows', () => {
  it('covers one period back from the first tick', () => {
    expect(
      dueWindows({ coveredUntil: null, upTo: at('2026-11-10T02:00:00Z'), periodMs: DAY, catchUp: 'each' }),
    ).toEqual([{ from: '2026-11-09T02:00:00.000Z', to: '2026-11-10T02:00:00.000Z' }]);
  });

  it('starts where the last successful window ended, so a failed night is covered by the next', () => {
    const windows = dueWindows({
      coveredUntil: '2026-11-08T02:00:00.000Z',
      upTo: at('2026-11-10T02:00:00Z'),
      periodMs: DAY,
      catchUp: 'each',
    });
    expect(windows).toEqual([
      { from: '2026-11-08T02:00:00.000Z', to: '2026-11-09T02:00:00.000Z' },
      { from: '2026-11-09T02:00:00.000Z', to: '2026-11-10T02:00:00.000Z' },
    ]);
  });

  it('runs missed nights as one window when the setting says so', () => {
    expect(
      dueWindows({
        coveredUntil: '2026-11-05T02:00:00.000Z',
        upTo: at('2026-11-10T02:00:00Z'),
        periodMs: DAY,
        catchUp: 'one',
      }),
    ).toEqual([{ from: '2026-11-05T02:00:00.000Z', to: '2026-11-10T02:00:00.000Z' }]);
  });

  it('gives a late tick one window with the remainder rather than a sliver', () => {
    const windows = dueWindows({
      coveredUntil: '2026-11-09T02:00:00.000Z',
      upTo: at('2026-11-10T05:00:00Z'),
      periodMs: DAY,
      catchUp: 'each',
    });
    expect(windows).toEqual([{ from: '2026-11-09T02:00:00.000Z', to: '2026-11-10T05:00:00.000Z' }]);
  });

  it('has nothing to do when another scheduler already covered the tick', () => {
    expect(
      dueWindows({
        coveredUntil: '2026-11-10T02:00:00.000Z',
        upTo: at('2026-11-10T02:00:00Z'),
        periodMs: DAY,
        catchUp: 'each',
      }),
    ).toEqual([]);
  });
});

describe('the watch interval', () => {
  it('reads seconds, minutes and hours, and leaves anything else to cron', () => {
    expect(intervalMs('15m')).toBe(900_000);
    expect(intervalMs('30s')).toBe(30_000);
    expect(intervalMs('1h')).toBe(3_600_000);
    expect(intervalMs('*/15 * * * *')).toBeNull();
  });

  it('refuses an interval of no time', () => {
    expect(() => intervalMs('0s')).toThrow(/at least 1s/);
  });
});
