/**
 * The run history that goes with the sample report: 29 earlier nightly runs with a plausible
 * cause mix and one two-night spike (a client release without keys) for the trend to show.
 */
import type { RunHistoryEntry } from './types.ts';

/** 29 earlier nightly runs with a plausible cause mix (deterministic), oldest first. */
export function sampleHistory(): RunHistoryEntry[] {
  let seed = 20261127;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    // The high bits: an LCG's low bits repeat with a short period.
    return Math.floor(seed / 65536) % (n + 1);
  };
  const out: RunHistoryEntry[] = [];
  for (let i = 29; i >= 1; i--) {
    const day = new Date(Date.UTC(2026, 10, 27 - i, 3));
    const from = new Date(day.getTime() - 86_400_000).toISOString();
    // Day 19 before the sample run: a client release without keys, the spike the trend should show.
    const spike = i === 19 || i === 18 ? 6 : 0;
    const byRootCause = {
      NO_KEY: 1 + next(4) + spike,
      TIMEOUT_RETRY: next(2),
      RACE: next(5) === 0 ? 1 : 0,
      MISSING_DEDUP: next(2) === 0 ? 1 : 0,
      UNKNOWN: next(6) === 0 ? 1 : 0,
    };
    out.push({
      runId: `run_${day.toISOString().slice(0, 10).replaceAll('-', '')}_0300`,
      window: { from, to: day.toISOString() },
      finishedAt: new Date(day.getTime() + 250_000).toISOString(),
      byRootCause,
      duplicateSets: Object.values(byRootCause).reduce((a, b) => a + b, 0),
    });
  }
  return out;
}
