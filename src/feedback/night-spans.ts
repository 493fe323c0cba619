/**
 * The nights a run's window is read as: the window itself for a nightly run (up to two days),
 * else its UTC days, cut at the window's ends, as the engineering trend splits a long window
 * (DAILY_TREND_ABOVE_MS). A backfill of a month then leaves thirty nights behind it, each judged
 * against the ones before, instead of one month-long night no baseline compares with. The pieces
 * at the ends may be short (a window of 3 days and 1 hour leaves a 1-hour night): such a night
 * counts toward a baseline's nights only when it spans half a day (FULL_NIGHT_MS, in
 * find-regressions.ts), while its copies and bookings always count.
 */
import { DataError } from '../errors/index.ts';
import { DAILY_TREND_ABOVE_MS, type NightSpan } from '../model/index.ts';

const DAY_MS = 86_400_000;

export function nightSpans(window: NightSpan): NightSpan[] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  if (Number.isNaN(from) || Number.isNaN(to))
    throw new DataError(`not a window: ${window.from} .. ${window.to}`);
  // One spelling of each instant (toISOString): the store compares stored nights as text, where
  // "…T00:00:00Z" and "…T00:00:00.000Z" would not sort as the same moment.
  const iso = (ms: number): string => new Date(ms).toISOString();
  if (to - from <= DAILY_TREND_ABOVE_MS) return [{ from: iso(from), to: iso(to) }];
  const spans: NightSpan[] = [];
  for (let start = from; start < to; ) {
    const end = Math.min(to, (Math.floor(start / DAY_MS) + 1) * DAY_MS);
    spans.push({ from: iso(start), to: iso(end) });
    start = end;
  }
  return spans;
}
