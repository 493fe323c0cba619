/**
 * plans.csv, the ops list in full: one row per plan of the run, plans awaiting approval first
 * and flagged ones first among them, as the ops report orders them. The email shows the top of
 * it; this holds every plan, so nothing is lost between the two. Money is what each plan still
 * moves (`planMoney`: nothing for a rejected or executed plan), per currency, never summed across
 * currencies, written for machines as "EUR 120.00; USD 3.50" (code, plain decimal amount, "; "
 * between currencies), not as the reports write it for people. Guest-supplied cells are defused
 * like refunds.csv's.
 */
import { stringify } from 'csv-stringify/sync';
import { type CurrencyTotal, planMoney, type ReportSet } from '../model/index.ts';
import { guarded } from './refunds-csv.ts';

export const PLANS_CSV_COLUMNS = [
  'plan_id',
  'status',
  'flags',
  'doubt',
  'bulk_approvable',
  'root_cause',
  'confidence',
  'set_id',
  'guest_name',
  'guest_email',
  'property_id',
  'room_type_id',
  'check_in',
  'check_out',
  'keep_reservation_id',
  'cancel_reservation_ids',
  'refunds',
  'voids',
  'transfers',
  'released_room_nights',
] as const;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function perCurrency(totals: readonly CurrencyTotal[]): string {
  return totals.map((t) => `${t.currency} ${t.amount}`).join('; ');
}

export function plansCsv(sets: readonly ReportSet[]): string {
  const planned = sets.filter((s) => s.plan !== null);
  planned.sort(
    (a, b) =>
      Number(b.plan!.status === 'PROPOSED') - Number(a.plan!.status === 'PROPOSED') ||
      Number(b.plan!.flags.length > 0) - Number(a.plan!.flags.length > 0) ||
      cmp(a.plan!.planId, b.plan!.planId),
  );
  const rows = planned.map((s) => {
    const p = s.plan!;
    const money = planMoney({ plan: p, status: p.status });
    return {
      plan_id: p.planId,
      status: p.status,
      flags: p.flags.map((f) => f.code).join(' '),
      doubt: s.doubt ?? '',
      bulk_approvable: p.bulkApprovable ? 'yes' : 'no',
      root_cause: s.rootCause ?? '',
      confidence: s.confidence.toFixed(2),
      set_id: s.setId,
      guest_name: guarded(s.guestName),
      guest_email: guarded(s.guestEmail),
      property_id: s.propertyId,
      room_type_id: s.roomTypeId,
      check_in: s.checkIn,
      check_out: s.checkOut,
      keep_reservation_id: p.keepReservationId,
      cancel_reservation_ids: p.cancel.map((c) => c.reservationId).join(' '),
      refunds: perCurrency(money.refunds),
      voids: perCurrency(money.voids),
      transfers: perCurrency(money.transfers),
      released_room_nights: String(p.releasedRoomNights),
    };
  });
  return stringify(rows, { header: true, columns: [...PLANS_CSV_COLUMNS], bom: true });
}
