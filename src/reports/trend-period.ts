/**
 * The engineering trend's period, in one place: the trend's caption states it and "What to fix
 * first" ranks the clients' nights inside it, so the ranking covers what the bars show. A window
 * longer than two days is drawn day by day and its period is those UTC days, whole (a window from
 * 03:00 to 03:00 covers its first and last day in part, and their bars stand for the whole day);
 * a shorter one stands as one run among the last TREND_RUNS (charts.ts), and the period runs from
 * the earliest of their windows to the latest.
 */
import { earlierTrendRuns } from './charts.ts';
import { DAILY_TREND_ABOVE_MS, windowMs } from './sets-per-day.ts';
import type { RunHistoryEntry } from './types.ts';

type Span = { readonly from: string; readonly to: string };

const DAY_MS = 86_400_000;

/** The period the engineering trend covers for a run, [from, to), ISO-8601 UTC. */
export function trendPeriod(
  current: { readonly runId: string; readonly window: Span },
  history: readonly RunHistoryEntry[],
): Span {
  if (windowMs(current.window) > DAILY_TREND_ABOVE_MS) {
    // The bars' days, whole: the first and the last may be only partly inside the window.
    const from = Math.floor(Date.parse(current.window.from) / DAY_MS) * DAY_MS;
    const to = Math.ceil(Date.parse(current.window.to) / DAY_MS) * DAY_MS;
    return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  }
  // Compared as instants and written as toISOString writes them: the state store compares its
  // nights' spans as text, and a window written "…00Z" would sort after the same "…00.000Z".
  let from = Date.parse(current.window.from);
  let to = Date.parse(current.window.to);
  for (const run of earlierTrendRuns(history, current.runId)) {
    from = Math.min(from, Date.parse(run.window.from));
    to = Math.max(to, Date.parse(run.window.to));
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
}
