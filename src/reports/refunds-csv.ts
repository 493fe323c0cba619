/**
 * refunds.csv: one row per refund, void or transfer still to carry out (the `action` column says
 * which; rejected, superseded and executed plans have none),
 * exact amounts as decimal strings with their currency. Written with a BOM so spreadsheet programs
 * read guest names in UTF-8, and guest-supplied cells that a spreadsheet would run as a formula
 * (=, +, -, @) are prefixed with an apostrophe.
 */
import { stringify } from 'csv-stringify/sync';
import type { ReportSet, RunReport } from '../model/index.ts';
import { toCarryOut } from './plan-actions.ts';

export const REFUNDS_CSV_COLUMNS = [
  'action',
  'amount',
  'currency',
  'payment_id',
  'reservation_id',
  'confirmation_number',
  'to_reservation_id',
  'kept_reservation_id',
  'plan_id',
  'plan_status',
  'set_id',
  'root_cause',
  'guest_name',
  'guest_email',
] as const;

type Row = Record<(typeof REFUNDS_CSV_COLUMNS)[number], string>;

function guarded(text: string | null): string {
  if (text === null) return '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function rows(set: ReportSet): Row[] {
  const plan = set.plan;
  if (!plan || !toCarryOut(plan.status)) return [];
  const conf = (id: string): string =>
    set.members.find((m) => m.reservationId === id)?.confirmationNumber ?? '';
  const base = {
    kept_reservation_id: plan.keepReservationId,
    plan_id: plan.planId,
    plan_status: plan.status,
    set_id: set.setId,
    root_cause: set.rootCause ?? '',
    guest_name: guarded(set.guestName),
    guest_email: guarded(set.guestEmail),
  };
  return [
    ...plan.refunds.map((r) => ({
      ...base,
      action: 'refund',
      amount: r.amount,
      currency: r.currency,
      payment_id: r.paymentId,
      reservation_id: r.reservationId,
      confirmation_number: conf(r.reservationId),
      to_reservation_id: '',
    })),
    ...plan.voids.map((v) => ({
      ...base,
      action: 'void',
      amount: v.amount,
      currency: v.currency,
      payment_id: v.paymentId,
      reservation_id: v.reservationId,
      confirmation_number: conf(v.reservationId),
      to_reservation_id: '',
    })),
    ...plan.transfers.map((t) => ({
      ...base,
      action: 'transfer',
      amount: t.amount,
      currency: t.currency,
      payment_id: t.paymentId,
      reservation_id: t.fromReservationId,
      confirmation_number: conf(t.fromReservationId),
      to_reservation_id: t.toReservationId,
    })),
  ];
}

export function refundsCsv(report: RunReport): string {
  return stringify(report.sets.flatMap(rows), {
    header: true,
    columns: [...REFUNDS_CSV_COLUMNS],
    bom: true,
  });
}
