/**
 * The evaluation's release-regression section: twenty nights in which one client's new release
 * starts re-sending bookings without an Idempotency-Key on night 15 (the simulator's regression
 * option). The history goes through extract and the rules as a run's would, its DUPLICATE sets are
 * planned, its clients' nights computed and judged as the product judges them (src/feedback:
 * bookingsPerClient, nightSpans, clientNightsOf, findRegressions with the default options, no
 * stored nights before). The target: the regression is found on the right night, naming the
 * release, and no other client is flagged.
 */
import pg from 'pg';
import { extract } from '../../src/extract/index.ts';
import {
  bookingsPerClient,
  clientNightsOf,
  findRegressions,
  nightSpans,
  REGRESSION_DEFAULTS,
} from '../../src/feedback/index.ts';
import { clientRelease, type Regression } from '../../src/model/index.ts';
import { runRules } from '../../src/rules/index.ts';
import { simulate } from '../../src/simulate/index.ts';
import { Warehouse } from '../../src/warehouse/index.ts';
import { createTestDatabase } from '../../test/support/pg.ts';
import { formatRealities } from './format-realities.ts';
import { planAll } from './plan-sets.ts';
import { readTruth } from './read-truth.ts';
import { scoreRealities } from './score-realities.ts';
import type { Target } from './targets.ts';

export const REGRESSION_WINDOW = { from: '2026-10-01T00:00:00Z', to: '2026-10-21T00:00:00Z' } as const;
/** Night 15 of the 20. */
export const REGRESSION_NIGHT = '2026-10-15';
export const REGRESSING_RELEASE = 'ios-app@3.4.0';

/** What the simulator's truth says regressed (simulation.release_regressions). */
export interface ExpectedRegression {
  readonly client: string;
  readonly release: string;
  readonly firstNight: string;
}

export async function readExpectedRegressions(url: string): Promise<ExpectedRegression[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ client: string; release: string; first_night: string }>(
      'SELECT client, release, first_night::text AS first_night FROM simulation.release_regressions ORDER BY release',
    );
    return rows.map((r) => ({ client: r.client, release: r.release, firstNight: r.first_night }));
  } finally {
    await client.end();
  }
}

/** The client id a regression names (`ios-app@3.4.0`), its release put back on the client. */
export const releaseOf = (r: Regression): string =>
  r.release === null ? r.client : `${r.client}@${r.release}`;

/** Found on the right night, naming the release, and no other client flagged. */
export function regressionTarget(
  found: readonly Regression[],
  expected: readonly ExpectedRegression[],
): Target {
  const name = 'regression found on the right night, naming the release, and no other client flagged';
  const right = (r: Regression, e: ExpectedRegression): boolean =>
    r.client === e.client && releaseOf(r) === e.release && r.firstNight.from.slice(0, 10) === e.firstNight;
  const missed = expected.filter((e) => !found.some((r) => right(r, e)));
  const others = found.filter((r) => !expected.some((e) => right(r, e)));
  const said = (r: Regression): string => `${releaseOf(r)} from ${r.firstNight.from.slice(0, 10)}`;
  return {
    name,
    pass: expected.length > 0 && missed.length === 0 && others.length === 0,
    detail:
      expected.length === 0
        ? 'the history has no regressing release'
        : [
            ...missed.map((e) => `missed ${e.release} from ${e.firstNight}`),
            ...others.map((r) => `flagged ${said(r)}`),
          ].join('; ') || found.map(said).join(', '),
  };
}

function formatRegressions(found: readonly Regression[], expected: readonly ExpectedRegression[]): string {
  const lines = ['release regressions found (client, release, first night)'];
  if (found.length === 0) lines.push('  none');
  for (const r of found)
    lines.push(
      `  ${r.client}  ${releaseOf(r)}  ${r.firstNight.from.slice(0, 10)}  ${r.nights} night(s), ` +
        `${r.copies} copies in ${r.bookings} bookings (${r.ratePerThousand.toFixed(1)} per 1,000 against ` +
        `${r.baselinePerThousand.toFixed(1)}), last good ${r.lastGoodRelease ?? 'unknown'}, ` +
        `causes ${Object.entries(r.byCause)
          .map(([c, n]) => `${c} ${n}`)
          .join(', ')}`,
    );
  lines.push('expected (the simulator truth)');
  for (const e of expected) lines.push(`  ${e.client}  ${e.release}  ${e.firstNight}`);
  return lines.join('\n');
}

export async function evaluateRegression(seed: number, reservations: number): Promise<Target[]> {
  const db = await createTestDatabase('resrecon_eval_regress');
  const wh = await Warehouse.open(':memory:');
  const { from, to } = REGRESSION_WINDOW;
  try {
    const t0 = performance.now();
    const summary = await simulate({
      targetUrl: db.url,
      seed,
      reservations,
      from,
      to,
      regression: { release: REGRESSING_RELEASE, from: REGRESSION_NIGHT },
    });
    const t1 = performance.now();
    await extract({
      source: { kind: 'postgres', url: db.url, statementTimeoutMs: 600_000, overlapMinutes: 10, tables: {} },
      warehouse: wh,
      window: { from, to },
      runId: `eval-regress-${seed}`,
      full: true,
    });
    const result = await runRules({ warehouse: wh, window: { from, to } });
    const plans = planAll(result.sets);
    // The rules' request links are read in their session, as a run reads them.
    const spans = nightSpans({ from, to });
    const bookings = await bookingsPerClient(wh, spans);
    const nights = clientNightsOf({
      spans,
      bookings,
      sets: result.sets,
      plans: [...plans.bySet.values()].map((plan) => ({ plan, status: 'PROPOSED' as const })),
    });
    const found = findRegressions([], nights, REGRESSION_DEFAULTS);
    const t2 = performance.now();
    const expected = await readExpectedRegressions(db.url);
    const truth = await readTruth(db.url);
    const share = summary.releaseRegression?.share ?? 0;
    const client = clientRelease(REGRESSING_RELEASE).client;
    console.log(
      `release regression, seed ${seed}, ${reservations} reservations over ${spans.length} nights: ` +
        `${REGRESSING_RELEASE} replaces ${summary.releaseRegression?.replaces.join(' and ')} from ${REGRESSION_NIGHT} ` +
        `and re-sends ${share * 100}% of its bookings without a key (${summary.releaseRegression?.sets} sets)`,
    );
    console.log('');
    console.log(formatRegressions(found, expected));
    console.log('');
    const perNight = nights
      .filter((n) => clientRelease(n.clientId).client === client)
      .sort((a, b) => a.from.localeCompare(b.from) || a.clientId.localeCompare(b.clientId))
      .map((n) => `${n.from.slice(5, 10)} ${n.clientId} ${n.copies}/${n.bookings}`);
    console.log(`${client}'s nights (copies/bookings): ${perNight.join(', ')}`);
    console.log('');
    console.log(formatRealities(scoreRealities(result.sets, plans, truth)));
    console.log(
      `simulate ${((t1 - t0) / 1000).toFixed(1)} s, extract, rules and the nights judged ${((t2 - t1) / 1000).toFixed(1)} s\n`,
    );
    return [regressionTarget(found, expected)];
  } finally {
    wh.close();
    await db.drop();
  }
}
