/**
 * A plan told as the steps it will take, in the words ops and finance use ("Refund EUR 120.00 on
 * payment pay_1"), so a reviewer approves what they read, not an id.
 */
import { formatMoney, type ReportSet } from '../model/index.ts';
import { plural } from './format.ts';

export function planActions(set: ReportSet): string[] {
  const plan = set.plan;
  if (!plan) return [];
  const conf = (id: string): string => {
    const c = set.members.find((m) => m.reservationId === id)?.confirmationNumber;
    return c ? `${id} (${c})` : id;
  };
  return [
    `Keep ${conf(plan.keepReservationId)}`,
    ...plan.cancel.map((c) => `Cancel ${conf(c.reservationId)} as a duplicate`),
    ...plan.refunds.map((r) => `Refund ${formatMoney(r.amount, r.currency)} on payment ${r.paymentId}`),
    ...plan.voids.map(
      (v) => `Void the ${formatMoney(v.amount, v.currency)} authorisation on payment ${v.paymentId}`,
    ),
    ...plan.transfers.map(
      (t) =>
        `Move ${formatMoney(t.amount, t.currency)} of payment ${t.paymentId} from ${t.fromReservationId} to ${t.toReservationId}`,
    ),
    ...(plan.releasedRoomNights > 0 ? [`Release ${plural(plan.releasedRoomNights, 'room night')}`] : []),
    `Email the guest at ${plan.notifyGuest}`,
  ];
}
