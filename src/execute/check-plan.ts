/**
 * A plan against the booking database. Before acting: does the plan still hold? A copy already
 * cancelled, a payment already refunded or voided, an amount that changed: the plan was made for
 * another state, and carrying it out could move money twice; it is STALE instead. After acting:
 * the runbook's validation, exactly one active booking left (the kept one) and every refund,
 * void and transfer visible on its payment. A payment is compared with itself as planned, in its
 * own currency, never with its booking's currency: a card charged in its own currency (dynamic
 * currency conversion) is a payment like any other.
 */

import {
  formatMoney,
  isActiveReservation,
  isCapturedPayment,
  isVoidablePayment,
  type Plan,
  showsRefund,
  toMinor,
  VOIDED_PAYMENT_STATUS,
} from '../model/index.ts';
import type { SourceState } from './source-state.ts';

/** Why a payment no longer holds what a refund or transfer planned to move, or null when it does. */
function heldChanged(
  line: { readonly paymentId: string; readonly amount: string; readonly currency: string },
  now: SourceState,
): string | null {
  const p = now.payments.get(line.paymentId);
  if (!p) return `payment ${line.paymentId} is no longer in the booking database`;
  if (!isCapturedPayment(p.status)) return `payment ${p.id} is now ${p.status}`;
  if (p.currency !== line.currency) return `payment ${p.id} is now in ${p.currency}, not ${line.currency}`;
  const held = toMinor(p.amount) - toMinor(p.refundedAmount);
  if (held !== toMinor(line.amount))
    return `payment ${p.id} now holds ${formatMoney(p.amount, p.currency)} less ${formatMoney(p.refundedAmount, p.currency)} refunded, not the planned ${formatMoney(line.amount, line.currency)}`;
  return null;
}

/** Why the plan no longer holds, or null when it does. */
export function staleReason(plan: Plan, now: SourceState): string | null {
  const keep = now.reservations.get(plan.keepReservationId);
  if (!keep) return `the kept reservation ${plan.keepReservationId} is no longer in the booking database`;
  if (!isActiveReservation(keep.status)) return `the kept reservation ${keep.id} is now ${keep.status}`;
  for (const c of plan.cancel) {
    const r = now.reservations.get(c.reservationId);
    if (!r) return `copy ${c.reservationId} is no longer in the booking database`;
    if (!isActiveReservation(r.status)) return `copy ${r.id} is already ${r.status}`;
  }
  for (const f of plan.refunds) {
    const changed = heldChanged(f, now);
    if (changed) return changed;
  }
  for (const v of plan.voids) {
    const p = now.payments.get(v.paymentId);
    if (!p) return `payment ${v.paymentId} is no longer in the booking database`;
    if (!isVoidablePayment(p.status))
      return `payment ${p.id} is now ${p.status}, no longer an authorisation to void`;
  }
  for (const t of plan.transfers) {
    const p = now.payments.get(t.paymentId);
    if (!p) return `payment ${t.paymentId} is no longer in the booking database`;
    if (p.reservationId !== t.fromReservationId)
      return `payment ${p.id} now belongs to reservation ${p.reservationId}, not ${t.fromReservationId}`;
    // Support may have refunded the payment since: moving it would move money the guest has back.
    const changed = heldChanged(t, now);
    if (changed) return changed;
  }
  return null;
}

/** What the booking database does not show of a carried-out plan; empty when it all shows. */
export function validationProblems(plan: Plan, now: SourceState): string[] {
  const problems: string[] = [];
  const ids = [plan.keepReservationId, ...plan.cancel.map((c) => c.reservationId)];
  const active = ids.filter((id) => isActiveReservation(now.reservations.get(id)?.status));
  if (active.length !== 1 || active[0] !== plan.keepReservationId) {
    problems.push(
      `the set has ${active.length} active bookings (${active.join(', ') || 'none'}), not only the kept ${plan.keepReservationId}`,
    );
  }
  for (const f of plan.refunds) {
    const p = now.payments.get(f.paymentId);
    if (!p || !showsRefund(p.status) || toMinor(p.refundedAmount) < toMinor(f.amount))
      problems.push(
        `the refund of ${formatMoney(f.amount, f.currency)} does not show on payment ${f.paymentId}`,
      );
  }
  for (const v of plan.voids) {
    if (now.payments.get(v.paymentId)?.status !== VOIDED_PAYMENT_STATUS)
      problems.push(`payment ${v.paymentId} is not ${VOIDED_PAYMENT_STATUS}`);
  }
  for (const t of plan.transfers) {
    if (now.payments.get(t.paymentId)?.reservationId !== t.toReservationId)
      problems.push(`payment ${t.paymentId} was not moved to reservation ${t.toReservationId}`);
  }
  return problems;
}
