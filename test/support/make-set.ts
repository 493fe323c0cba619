/**
 * Builders for sets in tests: a valid DUPLICATE set by default, every field overridable. Set ids
 * come from the rules' own setIdFor, verdict included, so a test sees the ids a run produces.
 */
import type { LabelledSet, PaymentView, SetMember, Verdict } from '../../src/model/index.ts';
import { setIdFor } from '../../src/rules/index.ts';

let counter = 0;

export function makePayment(reservationId: string, over: Partial<PaymentView> = {}): PaymentView {
  counter += 1;
  return {
    paymentId: `pay-${reservationId}-${counter}`,
    reservationId,
    status: 'CAPTURED',
    amount: '240.00',
    refundedAmount: '0.00',
    currency: 'EUR',
    createdAt: '2026-11-02T10:15:24.000000Z',
    ...over,
  };
}

/**
 * A member whose payments default to its own currency; give a payment `currency` for one charged
 * in the card's (dynamic currency conversion).
 */
export function makeMember(
  reservationId: string,
  createdAt: string,
  payments: readonly Partial<PaymentView>[] = [],
  over: Partial<SetMember> = {},
): SetMember {
  const currency = over.currency ?? 'EUR';
  const rateAmount = over.rateAmount === undefined ? '240.00' : over.rateAmount;
  return {
    reservationId,
    confirmationNumber: `CN-${reservationId}`,
    guestEmail: 'john@example.com',
    guestName: 'John Doe',
    propertyId: 'prop-1',
    roomTypeId: 'room-dbl',
    checkIn: '2026-12-10',
    checkOut: '2026-12-13',
    rateAmount,
    currency,
    // The rate is the price of the stay here, as the default payment of 240.00 shows.
    stayPrice: rateAmount,
    status: 'CONFIRMED',
    idempotencyKey: null,
    createdAt,
    requestId: null,
    clientId: 'ios-app@3.2.1',
    ...over,
    payments: payments.map((p) => makePayment(reservationId, { currency, ...p })),
  };
}

export function makeSet(members: readonly SetMember[], over: Partial<LabelledSet> = {}): LabelledSet {
  const first = members[0]!;
  const key = {
    email: first.guestEmail.trim().toLowerCase(),
    checkIn: first.checkIn,
    checkOut: first.checkOut,
    roomTypeId: first.roomTypeId,
  };
  const verdict: Verdict = over.verdict ?? 'DUPLICATE';
  const anchor = [...members].sort((a, b) =>
    a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0,
  )[0]!;
  return {
    setId: setIdFor(verdict, key, anchor.reservationId),
    key,
    reservationIds: members.map((m) => m.reservationId).sort(),
    members,
    verdict: 'DUPLICATE',
    rootCause: 'NO_KEY',
    confidence: 0.95,
    evidence: [{ kind: 'missing-key', detail: 'the creating requests carry no Idempotency-Key' }],
    ruleId: 'no-key',
    clients: ['ios-app@3.2.1'],
    ...over,
  };
}

export const OPTIONS = {
  largeRefundAmount: '1000.00',
  largeRefundByCurrency: { JPY: '80000.00' },
  burstPerHour: 5,
  minConfidence: 0.8,
} as const;
