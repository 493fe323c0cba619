import { describe, expect, it } from 'vitest';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { DEFAULT_ENDPOINTS } from '../config/index.ts';
import type { LabelledSet } from '../model/index.ts';
import { planSet } from '../reconcile/index.ts';
import { callsOf } from './api-calls.ts';
import { staleReason, validationProblems } from './check-plan.ts';
import type { SourcePayment, SourceState } from './source-state.ts';

const T0 = '2026-11-02T10:15:23.100000Z';
const T1 = '2026-11-02T10:15:24.900000Z';

/** The booking database as the set saw it, with some payments changed since. */
function sourceOf(set: LabelledSet, changed: Record<string, Partial<SourcePayment>> = {}): SourceState {
  const members = set.members;
  return {
    reservations: new Map(members.map((m) => [m.reservationId, { id: m.reservationId, status: m.status }])),
    payments: new Map(
      members.flatMap((m) =>
        m.payments.map((p) => [
          p.paymentId,
          {
            id: p.paymentId,
            reservationId: p.reservationId,
            status: p.status!,
            amount: p.amount!,
            refundedAmount: p.refundedAmount!,
            currency: p.currency!,
            ...changed[p.paymentId],
          },
        ]),
      ),
    ),
  };
}

describe('a plan refunding a payment in the card’s currency', () => {
  // A EUR booking and its copy, whose card was charged USD 262.18 for the EUR 240.00 stay.
  const set = makeSet([
    makeMember('keep', T0, [{ paymentId: 'k-eur' }]),
    makeMember('copy', T1, [{ paymentId: 'c-usd', currency: 'USD', amount: '262.18' }]),
  ]);
  const plan = planSet(set, OPTIONS);

  it('still holds while the source is as planned, and asks the API for the refund in USD', () => {
    expect(staleReason(plan, sourceOf(set))).toBeNull();
    const refund = callsOf(plan, DEFAULT_ENDPOINTS).find((c) => c.itemId === plan.refunds[0]!.itemId);
    expect(refund?.body).toEqual({ amount: '262.18', currency: 'USD', reason: 'DUPLICATE' });
  });

  it('is stale once support refunded part of the payment, named in its own currency', () => {
    const now = sourceOf(set, { 'c-usd': { status: 'PARTIALLY_REFUNDED', refundedAmount: '100.00' } });
    expect(staleReason(plan, now)).toBe(
      'payment c-usd now holds USD 262.18 less USD 100.00 refunded, not the planned USD 262.18',
    );
  });

  it('is stale once the payment is refunded in full or its currency changed', () => {
    expect(staleReason(plan, sourceOf(set, { 'c-usd': { status: 'REFUNDED' } }))).toBe(
      'payment c-usd is now REFUNDED',
    );
    expect(staleReason(plan, sourceOf(set, { 'c-usd': { currency: 'EUR' } }))).toBe(
      'payment c-usd is now in EUR, not USD',
    );
  });

  it('validates once the refund shows on the payment', () => {
    const now = sourceOf(set, { 'c-usd': { status: 'REFUNDED', refundedAmount: '262.18' } });
    const after: SourceState = {
      ...now,
      reservations: new Map(
        [...now.reservations].map(([id, r]) => [id, id === 'copy' ? { ...r, status: 'CANCELLED' } : r]),
      ),
    };
    expect(validationProblems(plan, after)).toEqual([]);
  });
});

describe('a plan moving a copy’s payment to the booking the approver kept', () => {
  const set = makeSet([
    makeMember('paid', T0, [
      { paymentId: 'p-eur' },
      { paymentId: 'p-gbp', currency: 'GBP', amount: '21.40' },
    ]),
    makeMember('told', T1, []),
  ]);
  const plan = planSet(set, { ...OPTIONS, keepReservationId: 'told' });

  it('moves the EUR payment and refunds the GBP one while the source is as planned', () => {
    expect(plan.transfers.map((t) => t.paymentId)).toEqual(['p-eur']);
    expect(plan.refunds.map((r) => [r.paymentId, r.currency])).toEqual([['p-gbp', 'GBP']]);
    expect(staleReason(plan, sourceOf(set))).toBeNull();
  });

  it('is stale once support refunded the payment it would move', () => {
    const now = sourceOf(set, { 'p-eur': { status: 'REFUNDED', refundedAmount: '240.00' } });
    expect(staleReason(plan, now)).toBe('payment p-eur is now REFUNDED');
    const part = sourceOf(set, { 'p-eur': { status: 'PARTIALLY_REFUNDED', refundedAmount: '40.00' } });
    expect(staleReason(plan, part)).toMatch(/^payment p-eur now holds EUR 240.00 less EUR 40.00 refunded/);
  });
});
