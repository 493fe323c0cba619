/**
 * The money invariants of issue 5, checked over generated sets: whatever the members and their
 * payments, the plan leaves one active booking, moves every held cent of the copies exactly
 * once, never refunds more than a payment holds, and never mixes currencies. Payments may be in
 * the card's currency rather than the booking's (dynamic currency conversion), and support may
 * have refunded them in part or in full before the run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeSet, OPTIONS } from '../../test/support/make-set.ts';
import {
  fromMinor,
  type LabelledSet,
  PAYMENT_STATUSES,
  type PaymentView,
  type SetMember,
  toMinor,
  totalsByCurrency,
} from '../model/index.ts';
import { planSet } from './plan-set.ts';

const CURRENCIES = ['EUR', 'USD', 'JPY'] as const;
/** Booking currencies, and the cards' currencies a payment may be charged in instead. */
const CARD_CURRENCIES = [...CURRENCIES, 'GBP', 'CHF'] as const;

const paymentArb = fc
  .record({
    status: fc.constantFrom(...PAYMENT_STATUSES),
    amount: fc.bigInt({ min: 0n, max: 500_000n }),
    // What support refunded before the run: often nothing or all of it, else a share.
    refundedShare: fc.oneof(fc.constant(0n), fc.constant(100n), fc.bigInt({ min: 0n, max: 100n })),
    // null: charged in the booking's currency; else in the card's, by currency conversion.
    cardCurrency: fc.option(fc.constantFrom(...CARD_CURRENCIES), { freq: 3 }),
  })
  .map(({ status, amount, refundedShare, cardCurrency }) => {
    const refunded =
      status === 'REFUNDED'
        ? amount
        : status === 'PARTIALLY_REFUNDED' || status === 'CAPTURED'
          ? (amount * refundedShare) / 100n
          : 0n;
    return { status, amount: fromMinor(amount), refundedAmount: fromMinor(refunded), cardCurrency };
  });

const setArb: fc.Arbitrary<{ set: LabelledSet; keepIndex: number | null }> = fc
  .record({
    mixed: fc.boolean(),
    members: fc.array(
      fc.record({
        currency: fc.constantFrom(...CURRENCIES),
        stayPrice: fc.option(fc.bigInt({ min: 1n, max: 500_000n })),
        offsetMs: fc.integer({ min: 0, max: 7_200_000 }),
        payments: fc.array(paymentArb, { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    keep: fc.option(fc.nat()),
  })
  .map(({ mixed, members, keep }) => {
    const built: SetMember[] = members.map((m, i) => {
      const reservationId = `r${i}`;
      const currency = mixed ? m.currency : members[0]!.currency;
      return {
        reservationId,
        confirmationNumber: `CN${i}`,
        guestEmail: 'guest@example.com',
        guestName: null,
        propertyId: 'p1',
        roomTypeId: 'dbl',
        checkIn: '2026-12-01',
        checkOut: '2026-12-03',
        rateAmount: '100.00',
        currency,
        stayPrice: m.stayPrice === null ? null : fromMinor(m.stayPrice),
        status: 'CONFIRMED',
        idempotencyKey: null,
        createdAt: new Date(Date.UTC(2026, 10, 1) + m.offsetMs).toISOString(),
        requestId: null,
        clientId: null,
        payments: m.payments.map(
          ({ cardCurrency, ...p }, j): PaymentView => ({
            paymentId: `${reservationId}-p${j}`,
            reservationId,
            currency: cardCurrency ?? currency,
            createdAt: '2026-11-01T00:00:00Z',
            ...p,
          }),
        ),
      };
    });
    return { set: makeSet(built), keepIndex: keep === null ? null : keep % built.length };
  });

/** What a payment holds in the contract's sense: captured minus refunded, or the authorisation. */
function held(p: PaymentView): bigint {
  if (p.status === 'CAPTURED' || p.status === 'PARTIALLY_REFUNDED')
    return toMinor(p.amount!) - toMinor(p.refundedAmount!);
  if (p.status === 'AUTHORIZED') return toMinor(p.amount!);
  return 0n;
}

function add(map: Map<string, bigint>, currency: string, minor: bigint): void {
  map.set(currency, (map.get(currency) ?? 0n) + minor);
}

const PARAMS = { numRuns: 400 };

describe('planSet invariants over generated sets', () => {
  it('leaves exactly one active booking per set: the kept one', () => {
    fc.assert(
      fc.property(setArb, ({ set, keepIndex }) => {
        const keep = keepIndex === null ? undefined : set.members[keepIndex]!.reservationId;
        const plan = planSet(set, { ...OPTIONS, keepReservationId: keep });
        const cancelled = new Set(plan.cancel.map((c) => c.reservationId));
        expect(cancelled.size).toBe(plan.cancel.length);
        const active = set.members.filter((m) => !cancelled.has(m.reservationId)).map((m) => m.reservationId);
        expect(active).toEqual([plan.keepReservationId]);
        if (keep) expect(plan.keepReservationId).toBe(keep);
      }),
      PARAMS,
    );
  });

  it('accounts for every held cent of the copies, per currency, and leaves the kept booking’s money alone', () => {
    fc.assert(
      fc.property(setArb, ({ set, keepIndex }) => {
        const keep = keepIndex === null ? undefined : set.members[keepIndex]!.reservationId;
        const plan = planSet(set, { ...OPTIONS, keepReservationId: keep });
        const copiesHeld = new Map<string, bigint>();
        const keptHeld = new Map<string, bigint>();
        const totalHeld = new Map<string, bigint>();
        for (const m of set.members)
          for (const p of m.payments) {
            add(m.reservationId === plan.keepReservationId ? keptHeld : copiesHeld, p.currency!, held(p));
            add(totalHeld, p.currency!, held(p));
          }
        const moved = new Map<string, bigint>();
        const outflow = new Map<string, bigint>();
        const transferred = new Map<string, bigint>();
        const tally = (items: readonly { currency: string; amount: string }[], into: Map<string, bigint>) => {
          for (const it of items) {
            add(moved, it.currency, toMinor(it.amount));
            add(into, it.currency, toMinor(it.amount));
          }
        };
        tally(plan.refunds, outflow);
        tally(plan.voids, outflow);
        tally(plan.transfers, transferred);
        for (const c of CARD_CURRENCIES) {
          expect(moved.get(c) ?? 0n).toBe(copiesHeld.get(c) ?? 0n);
          // What is still held after the plan is the kept booking's money plus what was moved to it.
          const after = (totalHeld.get(c) ?? 0n) - (outflow.get(c) ?? 0n);
          expect(after).toBe((keptHeld.get(c) ?? 0n) + (transferred.get(c) ?? 0n));
        }
      }),
      PARAMS,
    );
  });

  it('never refunds, voids or moves a payment beyond what it holds, nor the kept booking’s, nor one twice', () => {
    fc.assert(
      fc.property(setArb, ({ set, keepIndex }) => {
        const keep = keepIndex === null ? undefined : set.members[keepIndex]!.reservationId;
        const plan = planSet(set, { ...OPTIONS, keepReservationId: keep });
        const payments = new Map(
          set.members.flatMap((m) => m.payments.map((p) => [p.paymentId, p] as const)),
        );
        const touched = [...plan.refunds, ...plan.voids, ...plan.transfers];
        expect(new Set(touched.map((t) => t.paymentId)).size).toBe(touched.length);
        for (const t of touched) {
          const p = payments.get(t.paymentId)!;
          expect(p.reservationId).not.toBe(plan.keepReservationId);
          expect(t.currency).toBe(p.currency);
          expect(toMinor(t.amount)).toBeGreaterThan(p.status === 'AUTHORIZED' ? -1n : 0n);
          expect(toMinor(t.amount)).toBeLessThanOrEqual(held(p));
        }
        for (const t of plan.transfers) expect(t.toReservationId).toBe(plan.keepReservationId);
      }),
      PARAMS,
    );
  });

  it('moves a paid copy’s money to an unpaid booking the approver kept, from one copy only', () => {
    fc.assert(
      fc.property(setArb, ({ set, keepIndex }) => {
        const keep = keepIndex === null ? undefined : set.members[keepIndex]!.reservationId;
        const plan = planSet(set, { ...OPTIONS, keepReservationId: keep });
        const kept = set.members.find((m) => m.reservationId === plan.keepReservationId)!;
        const captured = (m: SetMember, currency?: string | null) =>
          m.payments
            .filter((p) => p.status === 'CAPTURED' || p.status === 'PARTIALLY_REFUNDED')
            .filter((p) => currency === undefined || p.currency === currency)
            .reduce((a, p) => a + held(p), 0n);
        const overridden = plan.flags.some((f) => f.code === 'KEEP_OVERRIDDEN');
        // Only a payment in the kept booking's currency can move; one in a card's is refunded.
        const payingCopy = set.members.some((m) => m !== kept && captured(m, kept.currency) > 0n);
        const shouldTransfer = overridden && captured(kept) === 0n && payingCopy;
        expect(plan.transfers.length > 0).toBe(shouldTransfer);
        expect(new Set(plan.transfers.map((t) => t.fromReservationId)).size).toBeLessThanOrEqual(1);
        for (const t of plan.transfers) expect(t.currency).toBe(kept.currency);
      }),
      PARAMS,
    );
  });

  it('totals refunds per currency to the sum of the refund lines in that currency', () => {
    fc.assert(
      fc.property(setArb, ({ set, keepIndex }) => {
        const keep = keepIndex === null ? undefined : set.members[keepIndex]!.reservationId;
        const plan = planSet(set, { ...OPTIONS, keepReservationId: keep });
        const totals = totalsByCurrency(plan.refunds);
        expect(totals.map((t) => t.currency)).toEqual(
          [...new Set(plan.refunds.map((r) => r.currency))].sort(),
        );
        for (const t of totals) {
          const lines = plan.refunds.filter((r) => r.currency === t.currency);
          expect(t.count).toBe(lines.length);
          expect(toMinor(t.amount)).toBe(lines.reduce((a, r) => a + toMinor(r.amount), 0n));
        }
      }),
      PARAMS,
    );
  });

  it('never flags a payment for being in another currency than its booking’s', () => {
    fc.assert(
      fc.property(setArb, ({ set }) => {
        const plan = planSet(set, OPTIONS);
        const bookingCurrencies = new Set(set.members.map((m) => m.currency));
        for (const f of plan.flags.filter((x) => x.code === 'UNHANDLED_PAYMENT')) {
          // A copy's PENDING payment, or bookings priced in several currencies that hold money.
          expect(f.detail).toMatch(/is PENDING|members priced in different currencies/);
          if (/members priced/.test(f.detail)) expect(bookingCurrencies.size).toBeGreaterThan(1);
        }
      }),
      PARAMS,
    );
  });

  it('never throws on payments it cannot read: the plan is flagged instead', () => {
    const junk = fc.record({
      status: fc.oneof(fc.constantFrom(...PAYMENT_STATUSES), fc.string()),
      amount: fc.oneof(fc.constant('10.00'), fc.string(), fc.constant('-5.00')),
      refundedAmount: fc.oneof(fc.constant('0.00'), fc.string(), fc.constant('99.999')),
      currency: fc.constantFrom('EUR', 'USD'),
    });
    fc.assert(
      fc.property(setArb, fc.array(junk, { minLength: 1, maxLength: 3 }), ({ set }, extra) => {
        const [first, ...rest] = set.members;
        const spoilt = {
          ...first!,
          payments: [
            ...first!.payments,
            ...extra.map((p, i) => ({
              ...p,
              paymentId: `junk${i}`,
              reservationId: first!.reservationId,
              createdAt: '2026-11-01T00:00:00Z',
            })),
          ],
        };
        const plan = planSet({ ...set, members: [spoilt, ...rest] }, OPTIONS);
        expect(plan.cancel).toHaveLength(set.members.length - 1);
        if (plan.flags.length > 0) expect(plan.bulkApprovable).toBe(false);
      }),
      PARAMS,
    );
  });
});
