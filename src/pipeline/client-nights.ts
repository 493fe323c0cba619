/**
 * A run's clients' nights and the release regressions they show. The nightly run records its
 * nights, then judges them against the stored nights before them. The watch pass does not record:
 * its window is a part of a night, and a stored part would replace the whole night the next
 * nightly run records (and stand in a baseline as a night); it judges its part in memory against
 * the stored baseline, and the nightly run records the night whole.
 */
import type { RegressionSettings } from '../config/index.ts';
import { type ClientBookings, clientNightsOf, findRegressions } from '../feedback/index.ts';
import type { LabelledSet, NightSpan, PlanWithStatus, Regression } from '../model/index.ts';
import type { Store } from '../state/index.ts';

const DAY_MS = 86_400_000;

/**
 * How far back the stored nights are read, in days: at least HISTORY_DAYS, and eight baseline
 * periods for a longer baseline. Every night read is judged again in time order, so a regression
 * is named from its first night and judged against the baseline frozen there only while that
 * night is read; reading a fixed span (the rows are clients x nights, a few thousand) gives the
 * stored nights the same verdicts from run to run. A regression still going after about this
 * many days loses its first night: the oldest nights read have no baseline before them, are not
 * judged, and enter the baselines after them, so the long-regressed rate becomes the client's
 * normal and stops being reported (it has been alerted and reported for months by then).
 */
export const HISTORY_DAYS = 120;

export const historyDays = (options: Pick<RegressionSettings, 'baselineNights'>): number =>
  Math.max(HISTORY_DAYS, 8 * options.baselineNights);

export interface ClientNightsJudgement {
  readonly store: Pick<Store, 'recordClientNights' | 'clientNights'>;
  readonly runId: string;
  readonly spans: readonly NightSpan[];
  readonly bookings: readonly ClientBookings[];
  readonly sets: readonly LabelledSet[];
  readonly plans: Iterable<PlanWithStatus>;
  readonly options: RegressionSettings;
  /** Whether the nights are stored (a run's) or only judged (a watch pass's part of a night). */
  readonly record: boolean;
}

export async function judgeClientNights(input: ClientNightsJudgement): Promise<Regression[]> {
  const { store, spans, options } = input;
  if (spans.length === 0) return [];
  const nights = clientNightsOf(input);
  if (input.record) await store.recordClientNights(input.runId, spans, nights);
  // The stored nights are judged too, so a regression that began before this run is named from
  // its first night, and stays out of the baselines after it (historyDays says how far).
  const first = spans[0]!.from;
  const since = new Date(Date.parse(first) - historyDays(options) * DAY_MS).toISOString();
  const history = await store.clientNights(since, first);
  return findRegressions(history, nights, options);
}
