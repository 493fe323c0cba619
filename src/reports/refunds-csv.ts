/**
 * The one refund CSV for finance, written by the run (`refunds.csv`) and by `plans export`: one
 * row per refund, void or transfer still to carry out (`isOutstanding`: rejected, superseded and
 * executed plans have none), exact amounts as decimal strings with their currency. Rows are
 * sorted by plan, then action and payment, so the same plans give the same bytes whichever
 * command wrote them. Written with a BOM so spreadsheet programs read guest names in UTF-8;
 * guest-supplied cells that a spreadsheet would run as a formula (=, +, -, @) are prefixed with
 * an apostrophe.
 */
import { stringify } from 'csv-stringify/sync';
import { isOutstanding, outstanding, type ReportSet } from '../model/index.ts';

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

const ACTION_ORDER = ['refund', 'void', 'transfer'];

/** A cell a spreadsheet would run as a formula gets an apostrophe in front. */
export function guarded(text: string | null): string {
  if (text === null) return '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function rows(set: ReportSet): Row[] {
  const plan = set.plan;
  if (!plan || !isOutstanding(plan.status)) return [];
  const money = outstanding(plan, plan.status);
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
    ...money.refunds.map((r) => ({
      ...base,
      action: 'refund',
      amount: r.amount,
      currency: r.currency,
      payment_id: r.paymentId,
      reservation_id: r.reservationId,
      confirmation_number: conf(r.reservationId),
      to_reservation_id: '',
    })),
    ...money.voids.map((v) => ({
      ...base,
      action: 'void',
      amount: v.amount,
      currency: v.currency,
      payment_id: v.paymentId,
      reservation_id: v.reservationId,
      confirmation_number: conf(v.reservationId),
      to_reservation_id: '',
    })),
    ...money.transfers.map((t) => ({
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

// Code-point order, not locale order: the bytes must not depend on the machine's locale.
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function byPlanThenAction(a: Row, b: Row): number {
  return (
    cmp(a.plan_id, b.plan_id) ||
    ACTION_ORDER.indexOf(a.action) - ACTION_ORDER.indexOf(b.action) ||
    cmp(a.payment_id, b.payment_id)
  );
}

/** The money still to move for these sets' plans, one row per refund, void or transfer. */
export function refundsCsv(sets: readonly ReportSet[]): string {
  return stringify(sets.flatMap(rows).sort(byPlanThenAction), {
    header: true,
    columns: [...REFUNDS_CSV_COLUMNS],
    bom: true,
  });
}
