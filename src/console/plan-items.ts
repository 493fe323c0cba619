/** A plan's items as one line each, with the id the executor records its outcome under. */
import { formatMoney, type Plan } from '../model/index.ts';

export function planItems(plan: Plan): { itemId: string; text: string }[] {
  return [
    ...plan.cancel.map((c) => ({
      itemId: c.itemId,
      text: `Cancel copy ${c.reservationId} (keep ${c.primaryReservationId})`,
    })),
    ...plan.refunds.map((r) => ({
      itemId: r.itemId,
      text: `Refund ${formatMoney(r.amount, r.currency)} on payment ${r.paymentId}`,
    })),
    ...plan.voids.map((v) => ({
      itemId: v.itemId,
      text: `Void the authorisation of ${formatMoney(v.amount, v.currency)} on payment ${v.paymentId}`,
    })),
    ...plan.transfers.map((t) => ({
      itemId: t.itemId,
      text: `Move payment ${t.paymentId} (${formatMoney(t.amount, t.currency)}) to ${t.toReservationId}`,
    })),
    ...plan.releases.map((r) => ({
      itemId: r.itemId,
      text: `Release ${r.nights} night(s) of ${r.roomTypeId}`,
    })),
    { itemId: plan.notify.itemId, text: `Tell ${plan.notify.guestEmail} which booking stays` },
  ];
}
