/**
 * Which windows the nightly job runs. Each run covers the time since the end of the last
 * successful nightly window, so a failed or missed night is never skipped: it is covered by the
 * next run that succeeds. Nights missed while the job was down are caught up one period (the
 * schedule's interval: a day for a nightly cron) at a time, oldest first, or as one window.
 */

export interface Window {
  readonly from: string;
  readonly to: string;
}

export interface DueOptions {
  /** End of the last successful nightly window; null before the first. */
  readonly coveredUntil: string | null;
  /** Where the windows end: a tick's scheduled time, or the last one before now at start-up. */
  readonly upTo: Date;
  /** The schedule's interval, ms. */
  readonly periodMs: number;
  readonly catchUp: 'each' | 'one';
}

export function dueWindows(options: DueOptions): Window[] {
  const end = options.upTo.getTime();
  const start = options.coveredUntil === null ? end - options.periodMs : Date.parse(options.coveredUntil);
  if (!(start < end)) return [];
  if (options.catchUp === 'one') return [{ from: iso(start), to: iso(end) }];
  const out: Window[] = [];
  // Whole periods, the last window taking any remainder shorter than a period (a tick that
  // came late, or a schedule whose intervals vary, like weekdays only).
  for (let from = start; from < end; ) {
    const to = end - from < 2 * options.periodMs ? end : from + options.periodMs;
    out.push({ from: iso(from), to: iso(to) });
    from = to;
  }
  return out;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
