/**
 * What the booking database says now about a plan's reservations and payments: the executor
 * checks a plan against it before acting (is it still true?) and after (did it happen?). Read
 * through the configured table mapping, values bound, identifiers quoted by the mapping.
 */
import type { SourceConfig } from '../config/index.ts';
import type { Plan } from '../model/index.ts';
import { connectSource, resolveMapping, type SourceTables } from '../source/index.ts';

export interface SourceReservation {
  readonly id: string;
  readonly status: string;
}

export interface SourcePayment {
  readonly id: string;
  readonly reservationId: string;
  readonly status: string;
  readonly amount: string;
  readonly refundedAmount: string;
  readonly currency: string;
}

export interface SourceState {
  readonly reservations: ReadonlyMap<string, SourceReservation>;
  readonly payments: ReadonlyMap<string, SourcePayment>;
}

export interface SourceReader {
  read(plan: Plan): Promise<SourceState>;
  close(): Promise<void>;
}

export function reservationIdsOf(plan: Plan): string[] {
  return [plan.keepReservationId, ...plan.cancel.map((c) => c.reservationId)];
}

export function paymentIdsOf(plan: Plan): string[] {
  return [
    ...plan.refunds.map((r) => r.paymentId),
    ...plan.voids.map((v) => v.paymentId),
    ...plan.transfers.map((t) => t.paymentId),
  ];
}

export async function sourceReader(
  source: Extract<SourceConfig, { kind: 'postgres' }>,
): Promise<SourceReader> {
  const client = await connectSource(source.url, source.statementTimeoutMs);
  let tables: SourceTables;
  try {
    tables = await resolveMapping(client, source.tables);
  } catch (err) {
    await client.end();
    throw err;
  }
  const r = tables.Reservation;
  const p = tables.Payment;
  const reservations = `SELECT ${r.columns['id']}::text AS id, ${r.columns['status']}::text AS status FROM ${r.qualified} WHERE ${r.columns['id']}::text = ANY($1::text[])`;
  const payments =
    `SELECT ${p.columns['id']}::text AS id, ${p.columns['reservationId']}::text AS "reservationId", ` +
    `${p.columns['status']}::text AS status, ${p.columns['amount']}::numeric::text AS amount, ` +
    `coalesce(${p.columns['refundedAmount']}, 0)::numeric::text AS "refundedAmount", ${p.columns['currency']}::text AS currency ` +
    `FROM ${p.qualified} WHERE ${p.columns['id']}::text = ANY($1::text[])`;
  return {
    async read(plan) {
      const res = await client.query<SourceReservation>(reservations, [reservationIdsOf(plan)]);
      const pay = await client.query<SourcePayment>(payments, [paymentIdsOf(plan)]);
      return {
        reservations: new Map(res.rows.map((x) => [x.id, x])),
        payments: new Map(pay.rows.map((x) => [x.id, x])),
      };
    },
    close: () => client.end(),
  };
}
