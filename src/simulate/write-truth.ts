/**
 * Writes the labels into schema `simulation`, through COPY like everything else: duplicate
 * sets (with logs_available: whether every creating request of the set survived the gateway's
 * log-retention gap, and the variant of real traffic each shows), expected refunds and voids of
 * the copies, payment by payment (a refund is what the payment still holds, never zero), look-alike groups, malformed rows, the release that regressed (if any), the run.
 */
import type pg from 'pg';
import { isCapturedPayment, isVoidablePayment } from '../model/index.ts';
import { CopySink } from './copy-sink.ts';
import { csvLine } from './csv-line.ts';
import type { ResolvedRegression } from './release-regression.ts';
import { isoDate, isoMicros } from './time.ts';
import type { Truth } from './truth.ts';
import { decimal } from './world.ts';

const pgArray = (ids: readonly string[]): string => `{${ids.join(',')}}`;

export interface RunRow {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly reservations: number;
  readonly duplicateRate: number;
  readonly mix: Readonly<Record<string, number>>;
  readonly realities: Readonly<Record<string, number>>;
  readonly counts: unknown;
  readonly logGap: { readonly from: number; readonly to: number };
  readonly regression: ResolvedRegression | null;
}

async function copy(
  client: pg.ClientBase,
  table: string,
  columns: string[],
  lines: Iterable<string>,
): Promise<void> {
  const sink = new CopySink(client, 'simulation', table, columns);
  for (const line of lines) sink.write(line);
  await sink.end();
}

export async function writeTruth(
  client: pg.ClientBase,
  truth: Truth,
  run: RunRow,
  logged: (ts: number) => boolean,
): Promise<void> {
  const sets = truth.sets.map((s) =>
    csvLine([
      s.setNo,
      s.cause,
      pgArray(s.members.map((m) => m.created.id)),
      s.keepId,
      s.requestTs.every((ts) => ts < run.to && logged(ts)),
      s.clientId,
      s.email,
      isoDate(s.stay.checkIn),
      isoDate(s.stay.checkOut),
      s.stay.roomTypeId,
      s.groupNo,
      s.variant,
      s.undecidable,
    ]),
  );
  await copy(
    client,
    'duplicate_sets',
    [
      'set_no',
      'root_cause',
      'reservation_ids',
      'keep_reservation_id',
      'logs_available',
      'client_id',
      'guest_email',
      'check_in',
      'check_out',
      'room_type_id',
      'lookalike_group_no',
      'variant',
      'undecidable',
    ],
    sets,
  );
  const refunds: string[] = [];
  const voids: string[] = [];
  for (const s of truth.sets) {
    for (const m of s.members) {
      if (m.created.id === s.keepId) continue;
      for (const p of m.payments) {
        const row = (amount: number): string =>
          csvLine([s.setNo, p.paymentId, p.reservationId, decimal(amount), p.currency]);
        // What the payment still holds, in its own currency; nothing when support gave it all back.
        const held = p.amountMinor - p.refundedMinor;
        if (isCapturedPayment(p.status) && held > 0) refunds.push(row(held));
        if (isVoidablePayment(p.status)) voids.push(row(p.amountMinor));
      }
    }
  }
  const moneyCols = ['set_no', 'payment_id', 'reservation_id', 'amount', 'currency'];
  await copy(client, 'expected_refunds', moneyCols, refunds);
  await copy(client, 'expected_voids', moneyCols, voids);
  await copy(
    client,
    'lookalike_groups',
    ['group_no', 'kind', 'reservation_ids', 'guest_email', 'payment_kind', 'indistinguishable'],
    truth.groups.map((g) =>
      csvLine([g.groupNo, g.kind, pgArray(g.ids), g.email, g.paymentKind, g.indistinguishable]),
    ),
  );
  await copy(
    client,
    'malformed',
    ['reservation_id', 'defect'],
    truth.malformed.map((m) => csvLine([m.id, m.defect])),
  );
  const r = run.regression;
  await copy(
    client,
    'release_regressions',
    ['client', 'release', 'replaces', 'first_night', 'night_from', 'share'],
    r === null
      ? []
      : [csvLine([r.client, r.release, pgArray(r.replaces), r.firstNight, isoMicros(r.fromMicros), r.share])],
  );
  await copy(
    client,
    'run',
    [
      'seed',
      'window_from',
      'window_to',
      'reservations',
      'duplicate_rate',
      'mix',
      'realities',
      'counts',
      'log_gap_from',
      'log_gap_to',
    ],
    [
      csvLine([
        run.seed,
        isoMicros(run.from),
        isoMicros(run.to),
        run.reservations,
        run.duplicateRate,
        JSON.stringify(run.mix),
        JSON.stringify(run.realities),
        JSON.stringify(run.counts),
        isoMicros(run.logGap.from),
        isoMicros(run.logGap.to),
      ]),
    ],
  );
}
