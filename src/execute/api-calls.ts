/**
 * The calls that carry out a plan, in the runbook's order: cancel each copy, then move the money
 * (refunds, voids, transfers), release the inventory, notify the guest. Money moves by the
 * payment calls, not by the cancellation (`refund: false`), so each movement has its own key and
 * its own outcome. Each call's Idempotency-Key is its plan item's id.
 */
import type { BookingAction } from '../config/index.ts';
import type { Plan } from '../model/index.ts';

export interface ApiCall {
  readonly itemId: string;
  readonly action: BookingAction;
  readonly method: string;
  /** The path with the id filled in, e.g. /api/v1/payments/p1/refunds. */
  readonly path: string;
  readonly body: Readonly<Record<string, unknown>> | null;
}

function route(endpoints: Readonly<Record<BookingAction, string>>, action: BookingAction, id: string) {
  const [method, template] = endpoints[action].split(' ') as [string, string];
  return { method, path: template.replaceAll('{id}', encodeURIComponent(id)) };
}

export function callsOf(plan: Plan, endpoints: Readonly<Record<BookingAction, string>>): ApiCall[] {
  const calls: ApiCall[] = [];
  const add = (itemId: string, action: BookingAction, id: string, body: Record<string, unknown> | null) =>
    calls.push({ itemId, action, ...route(endpoints, action, id), body });
  for (const c of plan.cancel)
    add(c.itemId, 'cancel', c.reservationId, {
      reason: c.reason,
      primaryReservationId: c.primaryReservationId,
      refund: false,
    });
  for (const r of plan.refunds)
    add(r.itemId, 'refund', r.paymentId, { amount: r.amount, currency: r.currency, reason: 'DUPLICATE' });
  for (const v of plan.voids) add(v.itemId, 'void', v.paymentId, null);
  for (const t of plan.transfers)
    add(t.itemId, 'transfer', t.paymentId, { toReservationId: t.toReservationId });
  for (const r of plan.releases) {
    add(r.itemId, 'release', r.reservationId, {
      reservationId: r.reservationId,
      propertyId: r.propertyId,
      roomTypeId: r.roomTypeId,
      checkIn: r.checkIn,
      checkOut: r.checkOut,
      roomNights: r.nights,
    });
  }
  add(plan.notify.itemId, 'notify', plan.notify.guestEmail, {
    guestEmail: plan.notify.guestEmail,
    template: 'duplicate_resolved',
    data: {
      keptReservation: plan.notify.keptReservationId,
      cancelledReservations: plan.notify.cancelledReservationIds,
    },
  });
  return calls;
}
