/**
 * The days inside a long window, for the engineering trend: a 30-day run is one run, and one bar
 * per run would draw a single bar. Each DUPLICATE set counts on the day its first copy was
 * created inside the window (the day the duplicate happened; a set whose original was made before
 * the window counts when its copy came). Days are UTC days, as every date in the reports is.
 */
import { type ReportSet, ROOT_CAUSES, type RootCause, type RunReport } from '../model/index.ts';
import { shortDate, type TrendEntry } from './charts.ts';

const DAY_MS = 86_400_000;

/** Windows longer than this are drawn day by day; shorter ones stand as one run among the others. */
export { DAILY_TREND_ABOVE_MS } from '../model/index.ts';

export const TREND_TIME_ZONE = 'UTC';

/** The window's length in ms, or 0 when either end cannot be read. */
export function windowMs(window: { readonly from: string; readonly to: string }): number {
  const ms = Date.parse(window.to) - Date.parse(window.from);
  return Number.isNaN(ms) ? 0 : ms;
}

export interface SetsPerDay {
  readonly days: TrendEntry[];
  /** The window begins or ends inside a day: the first or last bar is a part day. */
  readonly partial: boolean;
}

const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);

/** What it reads of a set: a report's, or a set as the rules labelled it. */
type DatedSet = Pick<ReportSet, 'verdict' | 'rootCause'> & {
  readonly members: readonly { readonly createdAt: string }[];
};

export function setsPerDay(
  report: Pick<RunReport, 'window'> & { readonly sets: readonly DatedSet[] },
): SetsPerDay {
  const from = Date.parse(report.window.from);
  // The window's end is exclusive: a window to midnight holds nothing of the day that begins then.
  const to = Date.parse(report.window.to) - 1;
  const first = dayOf(from);
  const last = Math.max(first, dayOf(to));
  const counts = Array.from(
    { length: last - first + 1 },
    () => Object.fromEntries(ROOT_CAUSES.map((c) => [c, 0])) as Record<RootCause, number>,
  );
  for (const s of report.sets) {
    if (s.verdict !== 'DUPLICATE') continue;
    const times = s.members
      .map((m) => Date.parse(m.createdAt))
      .filter((t) => !Number.isNaN(t))
      .sort((a, b) => a - b);
    // The first copy in the window; a set always has a member there, so else its newest member.
    const at = times.slice(1).find((t) => t >= from) ?? times.at(-1) ?? from;
    const i = Math.min(last, Math.max(first, dayOf(at))) - first;
    counts[i]![s.rootCause ?? 'UNKNOWN'] += 1;
  }
  return {
    days: counts.map((byRootCause, i) => {
      const iso = new Date((first + i) * DAY_MS).toISOString().slice(0, 10);
      return { key: iso, label: shortDate(iso), byRootCause };
    }),
    partial: from % DAY_MS !== 0 || (to + 1) % DAY_MS !== 0,
  };
}
