/**
 * Release regressions, judged night by night against each client's own past: for a client
 * (releases added together), the copies and bookings of the stored nights of the previous
 * `baselineNights` days make its baseline rate; a night is a regression when it has at least
 * `minCopies` copies, a rate at least `ratio` times the baseline's, and a count the baseline
 * makes unlikely (one-sided Poisson tail below REGRESSION_P, lambda = baseline rate x the night's
 * bookings). A clean baseline is given BASELINE_FLOOR_COPIES copies, so a client that never
 * duplicated still needs enough copies and significance. A client with fewer than
 * `minBaselineNights` nights with bookings in its baseline is not judged (it has no baseline yet).
 * Only a night spanning at least half a day (FULL_NIGHT_MS) counts as one of those nights: a long
 * catch-up window is cut at its ends (nightSpans), and its last hour is no night of baseline. The
 * copies and bookings of a shorter night still count in the baseline's sums.
 *
 * Every night passed is judged in time order, the stored ones too, so the first night of a run of
 * regressing nights is known even when earlier runs stored it. While a run is open (the night
 * before regressed), the next night is judged against the baseline frozen at the run's first
 * night, by the same test: it stays a regression while it is still far above that baseline. A
 * sliding baseline would not do: after about `baselineNights - minBaselineNights` nights the good
 * nights before the run fall out of it, the night goes unjudged, unjudged nights enter the
 * baselines, and the regressed rate becomes the client's normal. So the nights of a run never
 * enter a later baseline. Only the regressions with a night among `judged` are returned. Bookings
 * no request is linked to (`(none)`) have no client to name and are not judged.
 */
import { REGRESSION_DEFAULTS, type RegressionSettings } from '../config/index.ts';
import {
  type ClientNight,
  clientRelease,
  type NightSpan,
  perThousand,
  type Regression,
  type RootCause,
  sumTotals,
} from '../model/index.ts';
import { EXAMPLE_SETS, NO_CLIENT } from './client-nights-of.ts';
import { poissonTail } from './poisson-tail.ts';

/** The settings reconcile.regression (defaults REGRESSION_DEFAULTS, in src/config). */
export type RegressionOptions = RegressionSettings;
export { REGRESSION_DEFAULTS };

/** A night this unlikely under the baseline is no bad luck. */
export const REGRESSION_P = 0.001;

/** The copies a clean baseline is taken to hold, over its whole period. */
export const BASELINE_FLOOR_COPIES = 0.5;

const DAY_MS = 86_400_000;

/** The shortest stored night that counts toward minBaselineNights. */
export const FULL_NIGHT_MS = DAY_MS / 2;

type Verdict = 'regressing' | 'good' | 'unjudged';

/** One client's night, its releases added together. */
interface Night {
  readonly span: NightSpan;
  readonly start: number;
  readonly end: number;
  readonly judged: boolean;
  readonly parts: ClientNight[];
  bookings: number;
  copies: number;
  verdict: Verdict;
  baseline: { nights: number; copies: number; bookings: number };
}

const overlaps = (a: NightSpan, b: NightSpan): boolean => a.from < b.to && a.to > b.from;

export function findRegressions(
  history: readonly ClientNight[],
  judged: readonly ClientNight[],
  options: RegressionOptions,
): Regression[] {
  const judgedSpans = [
    ...new Map(judged.map((n) => [`${n.from}|${n.to}`, { from: n.from, to: n.to }])).values(),
  ];
  // A judged night replaces a stored one it overlaps, as recording it does.
  const kept = history.filter((n) => !judgedSpans.some((s) => overlaps(n, s)));
  const byClient = new Map<string, Map<string, Night>>();
  const add = (n: ClientNight, isJudged: boolean): void => {
    if (n.clientId === NO_CLIENT) return;
    const { client } = clientRelease(n.clientId);
    const nights = byClient.get(client) ?? new Map<string, Night>();
    byClient.set(client, nights);
    const key = `${n.from}|${n.to}`;
    let night = nights.get(key);
    if (!night) {
      night = {
        span: { from: n.from, to: n.to },
        start: Date.parse(n.from),
        end: Date.parse(n.to),
        judged: isJudged,
        parts: [],
        bookings: 0,
        copies: 0,
        verdict: 'unjudged',
        baseline: { nights: 0, copies: 0, bookings: 0 },
      };
      nights.set(key, night);
    }
    night.parts.push(n);
    night.bookings += n.bookings;
    night.copies += n.copies;
  };
  for (const n of kept) add(n, false);
  for (const n of judged) add(n, true);

  const found: Regression[] = [];
  for (const [client, map] of byClient) {
    const nights = [...map.values()].sort((a, b) => a.start - b.start || a.end - b.end);
    let frozen: Night['baseline'] | null = null;
    for (const night of nights) {
      judge(night, nights, options, frozen);
      frozen = night.verdict === 'regressing' ? (frozen ?? night.baseline) : null;
    }
    let run: Night[] = [];
    const close = (): void => {
      if (run.some((n) => n.judged)) found.push(regressionOf(client, run, nights));
      run = [];
    };
    for (const night of nights) {
      if (night.verdict === 'regressing') run.push(night);
      else close();
    }
    close();
  }
  return found.sort(
    (a, b) => cmp(a.firstNight.from, b.firstNight.from) || b.copies - a.copies || cmp(a.client, b.client),
  );
}

/** `frozen`: the baseline of the open run's first night, when the night before regressed. */
function judge(
  night: Night,
  nights: readonly Night[],
  o: RegressionOptions,
  frozen: Night['baseline'] | null,
): void {
  const baseline = frozen ?? slidingBaseline(night, nights, o);
  night.baseline = baseline;
  if (baseline.nights < o.minBaselineNights || baseline.bookings === 0) {
    night.verdict = 'unjudged';
    return;
  }
  const baseRate = Math.max(baseline.copies, BASELINE_FLOOR_COPIES) / baseline.bookings;
  // Copies are bookings too: a night whose copies outnumber its linked bookings is read by its copies.
  const bookings = Math.max(night.bookings, night.copies);
  const regressing =
    night.copies >= o.minCopies &&
    night.copies / bookings >= o.ratio * baseRate &&
    poissonTail(night.copies, baseRate * bookings) < REGRESSION_P;
  night.verdict = regressing ? 'regressing' : 'good';
}

/** The stored nights of the `baselineNights` days before the night, but for regressing ones. */
function slidingBaseline(night: Night, nights: readonly Night[], o: RegressionOptions): Night['baseline'] {
  const since = night.start - o.baselineNights * DAY_MS;
  const base = nights.filter(
    (n) => n !== night && n.end <= night.start && n.start >= since && n.verdict !== 'regressing',
  );
  return {
    nights: base.filter((n) => n.bookings > 0 && n.end - n.start >= FULL_NIGHT_MS).length,
    copies: base.reduce((a, n) => a + n.copies, 0),
    bookings: base.reduce((a, n) => a + n.bookings, 0),
  };
}

/** The release (client id) with the most of `what` among a night's parts; ties by id. */
function topRelease(parts: readonly ClientNight[], what: 'copies' | 'bookings'): string | null {
  const by = new Map<string, number>();
  for (const p of parts) by.set(p.clientId, (by.get(p.clientId) ?? 0) + p[what]);
  const [top] = [...by.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  return top ? top[0] : null;
}

function regressionOf(client: string, run: readonly Night[], nights: readonly Night[]): Regression {
  const first = run[0]!;
  const last = run.at(-1)!;
  const parts = run.flatMap((n) => n.parts);
  const copies = run.reduce((a, n) => a + n.copies, 0);
  const bookings = run.reduce((a, n) => a + Math.max(n.bookings, n.copies), 0);
  const good = nights
    .filter((n) => n.end <= first.start && n.verdict !== 'regressing' && n.bookings > 0)
    .at(-1);
  const lastGood = good ? topRelease(good.parts, 'bookings') : null;
  const behind = topRelease(parts, 'copies');
  const byCause: Partial<Record<RootCause, number>> = {};
  for (const p of parts)
    for (const [cause, n] of Object.entries(p.byCause) as [RootCause, number][])
      byCause[cause] = (byCause[cause] ?? 0) + n;
  const b = first.baseline;
  return {
    client,
    release: behind ? clientRelease(behind).release : null,
    firstNight: first.span,
    lastNight: last.span,
    nights: run.length,
    lastGoodRelease: lastGood ? clientRelease(lastGood).release : null,
    copies,
    bookings,
    // A judged night and its baseline always counted bookings; 0 only guards the type.
    ratePerThousand: perThousand(copies, bookings) ?? 0,
    baselinePerThousand: perThousand(b.copies, b.bookings) ?? 0,
    baseline: { ...b },
    byCause,
    atStake: sumTotals(parts.map((p) => p.atStake)),
    exampleSetIds: [...new Set(parts.flatMap((p) => p.exampleSetIds))].slice(0, EXAMPLE_SETS),
  };
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
