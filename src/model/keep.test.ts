import { describe, expect, it } from 'vitest';
import { chooseKeep, type KeepCandidate } from './keep.ts';
import type { PaymentView } from './types.ts';

const T0 = '2026-11-02T10:15:23.100000Z';
const T1 = '2026-11-02T10:15:24.900000Z';
const T2 = '2026-11-02T10:16:02.000000Z';

let n = 0;
function pay(over: Partial<PaymentView> = {}): PaymentView {
  n += 1;
  return {
    paymentId: `p${n}`,
    reservationId: 'r',
    status: 'CAPTURED',
    amount: '720.00',
    refundedAmount: '0.00',
    currency: 'EUR',
    createdAt: T0,
    ...over,
  };
}

/** A EUR booking priced EUR 720.00 for its stay, unless told otherwise. */
function member(
  reservationId: string,
  createdAt: string,
  payments: readonly Partial<PaymentView>[] = [],
  over: Partial<KeepCandidate> = {},
): KeepCandidate {
  return {
    reservationId,
    createdAt,
    currency: 'EUR',
    stayPrice: '720.00',
    payments: payments.map((p) => pay({ reservationId, ...p })),
    ...over,
  };
}

const kept = (...members: KeepCandidate[]): string => chooseKeep(members).reservationId;

describe('chooseKeep: what payments still hold, net of support’s refunds', () => {
  it('keeps the booking holding the most net, not the one with the largest gross charge', () => {
    const larger = member('larger', T0, [
      { status: 'PARTIALLY_REFUNDED', amount: '900.00', refundedAmount: '450.00' },
    ]);
    const paid = member('paid', T1, [{ amount: '720.00' }]);
    expect(kept(larger, paid)).toBe('paid');
  });

  it('keeps the paid copy when support refunded the original in full by mistake', () => {
    const original = member('original', T0, [{ status: 'REFUNDED', refundedAmount: '720.00' }]);
    const copy = member('copy', T1, [{}]);
    expect(kept(original, copy)).toBe('copy');
  });

  it('counts a payment whose refunds cover it as holding nothing, whatever its status says', () => {
    const covered = member('covered', T0, [{ status: 'CAPTURED', refundedAmount: '720.00' }]);
    const copy = member('copy', T1, [{ amount: '10.00' }]);
    expect(kept(covered, copy)).toBe('copy');
  });

  it.each(['AUTHORIZED', 'PENDING', 'FAILED', 'VOIDED'])(
    'counts a %s payment as holding nothing captured',
    (status) => {
      const a = member('a', T0, [{ status }]);
      const b = member('b', T1, [{ amount: '1.00' }]);
      expect(kept(a, b)).toBe('b');
    },
  );

  it('keeps the earliest created when nothing is held, then the earliest by microseconds, then by id', () => {
    expect(kept(member('b', T1), member('a', T2), member('c', T0))).toBe('c');
    expect(
      kept(member('late', '2026-11-02T10:15:23.100900Z'), member('early', '2026-11-02T10:15:23.100100Z')),
    ).toBe('early');
    expect(kept(member('y', T0), member('x', T0))).toBe('x');
  });

  it('keeps the earliest created of bookings that hold the same', () => {
    expect(kept(member('second', T1, [{}]), member('first', T0, [{}]))).toBe('first');
  });

  it('reads no money from a payment whose amount is not exact', () => {
    const odd = member('odd', T0, [{ amount: '720.005' }, { amount: null }]);
    expect(kept(odd, member('paid', T1, [{ amount: '1.00' }]))).toBe('paid');
  });

  it('refuses an empty set', () => {
    expect(() => chooseKeep([])).toThrow(/at least one member/);
  });
});

describe('chooseKeep: payments in the card’s currency', () => {
  it('counts a payment in another currency by the share of its charge still held, against the stay price', () => {
    // The original's card was charged GBP 631.80 for its EUR 720.00 stay; the copy paid in EUR.
    const original = member('original', T0, [{ currency: 'GBP', amount: '631.80' }]);
    const copy = member('copy', T1, [{ amount: '720.00' }]);
    expect(kept(original, copy)).toBe('original'); // both hold all of the price: the earliest
    expect(kept(copy, { ...original, createdAt: T2 })).toBe('copy');
  });

  it('counts a half-refunded card-currency payment as half the price', () => {
    const half = member('half', T0, [
      { currency: 'USD', status: 'PARTIALLY_REFUNDED', amount: '800.00', refundedAmount: '400.00' },
    ]);
    expect(kept(half, member('more', T1, [{ amount: '361.00' }]))).toBe('more');
    expect(kept(half, member('less', T1, [{ amount: '359.00' }]))).toBe('half');
  });

  it('never compares the foreign amount itself: a large USD figure holds no more than the price', () => {
    const usd = member('usd', T1, [{ currency: 'USD', amount: '99999.00' }]);
    const eur = member('eur', T0, [{ amount: '720.00' }]);
    expect(kept(usd, eur)).toBe('eur');
  });

  it('weighs against the largest charge in the booking’s currency when a stay price is unknown', () => {
    const foreign = member('foreign', T0, [{ currency: 'GBP', amount: '500.00' }], { stayPrice: null });
    expect(kept(foreign, member('eur', T1, [{ amount: '720.00' }]))).toBe('foreign');
    expect(kept({ ...foreign, createdAt: T2 }, member('eur', T1, [{ amount: '720.00' }]))).toBe('eur');
  });

  it('keeps a booking holding a card-currency charge over an unpaid one even when its stay price is zero or negative', () => {
    for (const stayPrice of ['0.00', '-720.00']) {
      const paid = member('paid', T1, [{ currency: 'GBP', amount: '631.80' }], { stayPrice });
      expect(kept(member('unpaid', T0), paid)).toBe('paid');
    }
  });
});
