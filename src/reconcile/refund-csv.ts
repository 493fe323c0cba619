/**
 * The refund plan for finance as CSV: one row per refund, void or transfer, amounts exact with
 * their currency. Written by csv-stringify, so ids and reasons with commas or quotes stay intact.
 */
import { stringify } from 'csv-stringify/sync';
import type { Plan } from '../model/index.ts';

export const REFUND_CSV_COLUMNS = [
  'plan_id',
  'set_id',
  'payment_id',
  'reservation_id',
  'action',
  'amount',
  'currency',
  'status',
  'to_reservation_id',
] as const;

export interface PlanWithStatus {
  readonly plan: Plan;
  readonly status: string;
}

export function refundCsvRows(entries: readonly PlanWithStatus[]): string[][] {
  const rows: string[][] = [];
  for (const { plan, status } of entries) {
    const row = (
      paymentId: string,
      reservationId: string,
      action: string,
      amount: string,
      currency: string,
      to = '',
    ) => [plan.planId, plan.setId, paymentId, reservationId, action, amount, currency, status, to];
    for (const r of plan.refunds)
      rows.push(row(r.paymentId, r.reservationId, 'REFUND', r.amount, r.currency));
    for (const v of plan.voids) rows.push(row(v.paymentId, v.reservationId, 'VOID', v.amount, v.currency));
    for (const t of plan.transfers) {
      rows.push(row(t.paymentId, t.fromReservationId, 'TRANSFER', t.amount, t.currency, t.toReservationId));
    }
  }
  return rows;
}

export function refundCsv(entries: readonly PlanWithStatus[]): string {
  return stringify(refundCsvRows(entries), { header: true, columns: [...REFUND_CSV_COLUMNS] });
}
