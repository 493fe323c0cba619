import { describe, expect, it } from 'vitest';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { totalsByCurrency } from '../model/index.ts';
import { planSet } from './plan-set.ts';

const T0 = '2026-11-02T10:15:23.100000Z';
const T1 = '2026-11-02T10:15:24.900000Z';
const T2 = '2026-11-02T10:16:02.000000Z';

const codes = (plan: { flags: readonly { code: string }[] }) => plan.flags.map((f) => f.code);

describe('planSet: which reservation is kept', () => {
  it('keeps the member whose payment was captured, even when it was created later', () => {
    const set = makeSet([
      makeMember('r1', T0, [{ status: 'FAILED' }]),
      makeMember('r2', T1, [{ status: 'CAPTURED' }]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('r2');
    expect(plan.cancel.map((c) => c.reservationId)).toEqual(['r1']);
  });

  it('keeps the member with the most captured amount, then the earliest created', () => {
    const set = makeSet([
      makeMember('r1', T0, [{ amount: '100.00' }]),
      makeMember('r2', T1, [{ amount: '240.00' }]),
      makeMember('r3', T2, [{ amount: '240.00' }]),
    ]);
    expect(planSet(set, OPTIONS).keepReservationId).toBe('r2');
  });

  it('keeps the earliest created member when none is paid', () => {
    const set = makeSet([makeMember('r2', T1), makeMember('r1', T0), makeMember('r3', T2)]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('r1');
    expect(plan.cancel.map((c) => c.reservationId)).toEqual(['r2', 'r3']);
  });

  it('cancels every other member as DUPLICATE naming the kept reservation', () => {
    const set = makeSet([makeMember('r1', T0), makeMember('r2', T1), makeMember('r3', T2)]);
    const plan = planSet(set, OPTIONS);
    expect(plan.cancel).toEqual([
      expect.objectContaining({ reservationId: 'r2', reason: 'DUPLICATE', primaryReservationId: 'r1' }),
      expect.objectContaining({ reservationId: 'r3', reason: 'DUPLICATE', primaryReservationId: 'r1' }),
    ]);
  });

  it('refuses to plan a LEGITIMATE set', () => {
    const set = makeSet([makeMember('r1', T0), makeMember('r2', T1)], {
      verdict: 'LEGITIMATE',
      rootCause: null,
    });
    expect(() => planSet(set, OPTIONS)).toThrow(/LEGITIMATE/);
  });
});

describe('planSet: the money of each cancelled copy, by payment state', () => {
  const planFor = (status: string, amount = '240.00', refundedAmount = '0.00') =>
    planSet(
      makeSet([
        makeMember('keep', T0, [{ status: 'CAPTURED' }]),
        makeMember('copy', T1, [{ status, amount, refundedAmount }]),
      ]),
      OPTIONS,
    );

  it('refunds a CAPTURED payment in full', () => {
    const plan = planFor('CAPTURED');
    expect(plan.refunds).toEqual([
      expect.objectContaining({ reservationId: 'copy', amount: '240.00', currency: 'EUR' }),
    ]);
    expect(plan.voids).toEqual([]);
  });

  it('refunds only what a PARTIALLY_REFUNDED payment still holds', () => {
    const plan = planFor('PARTIALLY_REFUNDED', '240.00', '40.10');
    expect(plan.refunds.map((r) => r.amount)).toEqual(['199.90']);
  });

  it('skips a payment whose refunds already cover it', () => {
    expect(planFor('PARTIALLY_REFUNDED', '240.00', '240.00').refunds).toEqual([]);
  });

  it('voids an AUTHORIZED payment and refunds nothing', () => {
    const plan = planFor('AUTHORIZED');
    expect(plan.voids).toEqual([
      expect.objectContaining({ reservationId: 'copy', amount: '240.00', currency: 'EUR' }),
    ]);
    expect(plan.refunds).toEqual([]);
  });

  it.each(['FAILED', 'REFUNDED'])('leaves a %s payment alone without a flag', (status) => {
    const plan = planFor(status, '240.00', status === 'REFUNDED' ? '240.00' : '0.00');
    expect([plan.refunds, plan.voids, plan.transfers]).toEqual([[], [], []]);
    expect(plan.bulkApprovable).toBe(true);
  });

  it('flags a PENDING payment of a copy, since it may still be captured, and moves nothing', () => {
    const plan = planFor('PENDING');
    expect([plan.refunds, plan.voids]).toEqual([[], []]);
    expect(codes(plan)).toEqual(['UNHANDLED_PAYMENT']);
    expect(plan.bulkApprovable).toBe(false);
  });

  it('never refunds the kept reservation’s own payment', () => {
    const plan = planFor('CAPTURED');
    expect(plan.refunds.every((r) => r.reservationId !== plan.keepReservationId)).toBe(true);
    expect(plan.refunds).toHaveLength(1);
  });

  it('keeps amounts exact where floats would drift', () => {
    const plan = planFor('PARTIALLY_REFUNDED', '0.30', '0.10');
    expect(plan.refunds[0]!.amount).toBe('0.20');
  });
});

describe('planSet: payments it cannot reason about', () => {
  const withCopyPayment = (p: Record<string, string>) =>
    planSet(makeSet([makeMember('keep', T0, [{}]), makeMember('copy', T1, [p])]), OPTIONS);

  it.each([
    [{ currency: 'EURO' }, /not an ISO 4217 code/],
    [{ refundedAmount: '300.00' }, /exceeds amount/],
    [{ status: 'CHARGEBACK' }, /unknown status/],
    [{ amount: '12.345' }, /not an exact amount/],
  ])('flags %j with the reason, never crashing and never moving it', (p, reason) => {
    const plan = withCopyPayment(p);
    expect(plan.refunds).toEqual([]);
    expect(plan.flags).toEqual([{ code: 'UNHANDLED_PAYMENT', detail: expect.stringMatching(reason) }]);
    expect(plan.bulkApprovable).toBe(false);
    expect(plan.cancel.map((c) => c.reservationId)).toEqual(['copy']);
  });
});

describe('planSet: a booking whose own currency cannot be read', () => {
  it('flags its payments rather than weigh them against a currency that is no ISO code', () => {
    const set = makeSet([
      makeMember('keep', T0, [{}]),
      makeMember('copy', T1, [{ paymentId: 'c-eur', currency: 'EUR' }], { currency: 'eu' }),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.refunds).toEqual([]);
    expect(plan.flags).toEqual([
      {
        code: 'UNHANDLED_PAYMENT',
        detail: 'payment c-eur: its reservation copy has currency "eu", not an ISO 4217 code',
      },
    ]);
  });
});

describe('planSet: the kept reservation’s own payments', () => {
  it('leaves a PENDING payment of the kept booking alone, without a flag', () => {
    const set = makeSet([
      makeMember('keep', T0, [{ status: 'PENDING' }]),
      makeMember('copy', T1, [{ status: 'FAILED' }]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('keep');
    expect(plan.flags).toEqual([]);
  });

  it('still flags a kept payment it cannot read, and moves nothing of it', () => {
    const set = makeSet([makeMember('keep', T0, [{ status: 'CHARGEBACK' }]), makeMember('copy', T1, [])]);
    const plan = planSet(set, OPTIONS);
    expect(codes(plan)).toEqual(['UNHANDLED_PAYMENT']);
    expect([plan.refunds, plan.voids, plan.transfers]).toEqual([[], [], []]);
  });
});

describe('planSet: the approver keeps another member', () => {
  const set = makeSet([
    makeMember('paid', T0, [{ status: 'CAPTURED', amount: '480.00' }]),
    makeMember('told', T1, []),
    makeMember('third', T2, [{ status: 'CAPTURED', amount: '480.00' }]),
  ]);

  it('transfers the paid copy’s payment to the unpaid kept booking instead of refunding it', () => {
    const plan = planSet(set, { ...OPTIONS, keepReservationId: 'told' });
    expect(plan.keepReservationId).toBe('told');
    expect(plan.transfers).toEqual([
      expect.objectContaining({
        fromReservationId: 'paid',
        toReservationId: 'told',
        amount: '480.00',
        currency: 'EUR',
      }),
    ]);
    expect(plan.refunds.map((r) => r.reservationId)).toEqual(['third']);
    expect(codes(plan)).toEqual(['KEEP_OVERRIDDEN']);
    expect(plan.bulkApprovable).toBe(false);
  });

  it('gives the recomputed plan a different id and different item ids', () => {
    const auto = planSet(set, OPTIONS);
    const chosen = planSet(set, { ...OPTIONS, keepReservationId: 'told' });
    expect(chosen.planId).not.toBe(auto.planId);
    expect(chosen.cancel.map((c) => c.itemId)).not.toContain(auto.cancel[0]!.itemId);
  });

  it('treats choosing the rule’s own keep as no override', () => {
    expect(planSet(set, { ...OPTIONS, keepReservationId: 'paid' })).toEqual(planSet(set, OPTIONS));
  });

  it('refunds rather than transfers when the paid copy is in another currency than the kept booking', () => {
    const mixed = makeSet([
      makeMember('usd', T0, [{ amount: '300.00' }], { currency: 'USD' }),
      makeMember('eur', T1, [], { currency: 'EUR' }),
    ]);
    const plan = planSet(mixed, { ...OPTIONS, keepReservationId: 'eur' });
    expect(plan.transfers).toEqual([]);
    expect(plan.refunds).toEqual([
      expect.objectContaining({ reservationId: 'usd', amount: '300.00', currency: 'USD' }),
    ]);
  });

  it('does not transfer when the kept booking is paid itself', () => {
    const plan = planSet(set, { ...OPTIONS, keepReservationId: 'third' });
    expect(plan.transfers).toEqual([]);
    expect(plan.refunds.map((r) => r.reservationId)).toEqual(['paid']);
  });

  it('refuses a reservation outside the set', () => {
    expect(() => planSet(set, { ...OPTIONS, keepReservationId: 'elsewhere' })).toThrow(/not a member/);
  });
});

describe('planSet: currencies, inventory, guest', () => {
  it('refunds each copy in its own currency and judges large refunds per currency', () => {
    const set = makeSet([
      makeMember('keep', T0, [{ amount: '90000.00' }], { currency: 'JPY' }),
      makeMember('jpy', T1, [{ amount: '90000.00' }], { currency: 'JPY' }),
      makeMember('eur', T2, [{ amount: '900.00' }], { currency: 'EUR' }),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.refunds.map((r) => `${r.currency} ${r.amount}`)).toEqual(['JPY 90000.00', 'EUR 900.00']);
    expect(plan.flags.filter((f) => f.code === 'LARGE_REFUND').map((f) => f.detail)).toEqual([
      'refunds of JPY 90,000 exceed the JPY 80,000 limit',
    ]);
    // Bookings priced in two currencies both hold money: the keep rule cannot compare them.
    expect(plan.flags.filter((f) => f.code === 'UNHANDLED_PAYMENT').map((f) => f.detail)).toEqual([
      'members priced in different currencies (EUR, JPY) hold money: what they hold cannot be compared to choose the booking to keep',
    ]);
  });

  it('releases each cancelled copy’s room-nights', () => {
    const set = makeSet([makeMember('r1', T0), makeMember('r2', T1), makeMember('r3', T2)]);
    const plan = planSet(set, OPTIONS);
    expect(plan.releases.map((r) => [r.reservationId, r.propertyId, r.roomTypeId, r.nights])).toEqual([
      ['r2', 'prop-1', 'room-dbl', 3],
      ['r3', 'prop-1', 'room-dbl', 3],
    ]);
    expect(plan.releasedRoomNights).toBe(6);
  });

  it('notifies the guest once, naming kept and cancelled reservations', () => {
    const plan = planSet(makeSet([makeMember('r1', T0), makeMember('r2', T1)]), OPTIONS);
    expect(plan.notify).toEqual(
      expect.objectContaining({
        guestEmail: 'john@example.com',
        keptReservationId: 'r1',
        cancelledReservationIds: ['r2'],
      }),
    );
    expect(plan.notifyGuest).toBe('john@example.com');
  });
});

describe('planSet: escalation flags', () => {
  const base = () => makeSet([makeMember('r1', T0, [{}]), makeMember('r2', T1, [{}])]);

  it('raises no flag on a clean set, which is then approvable in bulk', () => {
    const plan = planSet(base(), OPTIONS);
    expect(plan.flags).toEqual([]);
    expect(plan.bulkApprovable).toBe(true);
  });

  it('flags a doubted set with its doubt, so it is never approvable in bulk', () => {
    const doubted = makeSet(base().members, { doubt: 'one checkout, one charge per room, no keys' });
    const plan = planSet(doubted, OPTIONS);
    expect(plan.flags).toEqual([
      {
        code: 'DOUBT',
        detail: 'check with the guest or property: one checkout, one charge per room, no keys',
      },
    ]);
    expect(plan.bulkApprovable).toBe(false);
    expect(codes(planSet(makeSet(base().members, { doubt: null }), OPTIONS))).toEqual([]);
  });

  it('flags a refund above the threshold, and not one equal to it', () => {
    const mk = (amount: string) =>
      makeSet([makeMember('r1', T0, [{ amount }]), makeMember('r2', T1, [{ amount }])]);
    expect(codes(planSet(mk('1000.00'), OPTIONS))).toEqual([]);
    expect(codes(planSet(mk('1000.01'), OPTIONS))).toEqual(['LARGE_REFUND']);
  });

  it('flags an UNKNOWN root cause and a confidence below the minimum', () => {
    expect(codes(planSet(makeSet(base().members, { rootCause: 'UNKNOWN' }), OPTIONS))).toEqual([
      'UNKNOWN_CAUSE',
    ]);
    expect(codes(planSet(makeSet(base().members, { confidence: 0.79 }), OPTIONS))).toEqual([
      'LOW_CONFIDENCE',
    ]);
  });
});

describe('planSet: ids', () => {
  it('gives the same plan and item ids for the same set content', () => {
    const a = planSet(
      makeSet([makeMember('r1', T0, [{ paymentId: 'p1' }]), makeMember('r2', T1, [{ paymentId: 'p2' }])]),
      OPTIONS,
    );
    const b = planSet(
      makeSet([makeMember('r2', T1, [{ paymentId: 'p2' }]), makeMember('r1', T0, [{ paymentId: 'p1' }])]),
      OPTIONS,
    );
    expect(b).toEqual(a);
  });

  it('gives a new plan id when a payment changed', () => {
    const a = planSet(
      makeSet([makeMember('r1', T0, [{ paymentId: 'p1' }]), makeMember('r2', T1, [{ paymentId: 'p2' }])]),
      OPTIONS,
    );
    const b = planSet(
      makeSet([
        makeMember('r1', T0, [{ paymentId: 'p1' }]),
        makeMember('r2', T1, [{ paymentId: 'p2', status: 'REFUNDED', refundedAmount: '240.00' }]),
      ]),
      OPTIONS,
    );
    expect(b.planId).not.toBe(a.planId);
  });

  it('gives every item of a plan a distinct id', () => {
    const plan = planSet(
      makeSet([
        makeMember('r1', T0, [{}]),
        makeMember('r2', T1, [{}, { status: 'AUTHORIZED' }]),
        makeMember('r3', T2, [{}]),
      ]),
      OPTIONS,
    );
    const ids = [...plan.cancel, ...plan.refunds, ...plan.voids, ...plan.releases, plan.notify].map(
      (i) => i.itemId,
    );
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('planSet with payments in several parts', () => {
  const money = (plan: ReturnType<typeof planSet>) => ({
    refunds: plan.refunds.map((r) => [r.paymentId, r.amount, r.currency]),
    voids: plan.voids.map((v) => [v.paymentId, v.amount, v.currency]),
  });

  it('refunds a copy\u2019s captured deposit and voids its authorised balance, each on its own payment', () => {
    const set = makeSet([
      makeMember('k1', T0, [
        { paymentId: 'k1-dep', status: 'CAPTURED', amount: '72.00' },
        { paymentId: 'k1-bal', status: 'AUTHORIZED', amount: '288.00' },
      ]),
      makeMember('c1', T1, [
        { paymentId: 'c1-dep', status: 'CAPTURED', amount: '72.00' },
        { paymentId: 'c1-bal', status: 'AUTHORIZED', amount: '288.00' },
      ]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('k1');
    expect(money(plan)).toEqual({
      refunds: [['c1-dep', '72.00', 'EUR']],
      voids: [['c1-bal', '288.00', 'EUR']],
    });
  });

  it('refunds only the charge that went through when a declined one was retried', () => {
    const set = makeSet([
      makeMember('k2', T0, [{ paymentId: 'k2-p', status: 'CAPTURED' }]),
      makeMember('c2', T1, [
        { paymentId: 'c2-declined', status: 'FAILED' },
        { paymentId: 'c2-charged', status: 'CAPTURED', amount: '240.00' },
      ]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(money(plan)).toEqual({ refunds: [['c2-charged', '240.00', 'EUR']], voids: [] });
    expect(plan.flags).toEqual([]);
  });

  it('keeps yen exact: what a partly refunded JPY payment still holds, to the yen', () => {
    const set = makeSet([
      makeMember('k3', T0, [{ paymentId: 'k3-p', status: 'CAPTURED', amount: '38400.00' }], {
        currency: 'JPY',
      }),
      makeMember(
        'c3',
        T1,
        [{ paymentId: 'c3-p', status: 'PARTIALLY_REFUNDED', amount: '38400.00', refundedAmount: '20000.00' }],
        { currency: 'JPY' },
      ),
    ]);
    expect(money(planSet(set, OPTIONS))).toEqual({ refunds: [['c3-p', '18400.00', 'JPY']], voids: [] });
  });

  it('treats a VOIDED authorisation as holding nothing', () => {
    const set = makeSet([
      makeMember('k4', T0, [{ paymentId: 'k4-p', status: 'CAPTURED' }]),
      makeMember('c4', T1, [{ paymentId: 'c4-p', status: 'VOIDED' }]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(money(plan)).toEqual({ refunds: [], voids: [] });
    expect(plan.flags).toEqual([]);
  });
});

describe('planSet: payments in the card’s currency', () => {
  it('refunds a USD payment on a EUR booking in USD, without a flag, totals kept per currency', () => {
    const set = makeSet([
      makeMember('keep', T0, [{ paymentId: 'k-eur' }]),
      makeMember('copy', T1, [{ paymentId: 'c-usd', currency: 'USD', amount: '262.18' }]),
      makeMember('third', T2, [{ paymentId: 't-eur', amount: '240.00' }]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('keep');
    expect(plan.refunds.map((r) => [r.paymentId, r.reservationId, r.amount, r.currency])).toEqual([
      ['c-usd', 'copy', '262.18', 'USD'],
      ['t-eur', 'third', '240.00', 'EUR'],
    ]);
    expect(totalsByCurrency(plan.refunds)).toEqual([
      { currency: 'EUR', amount: '240.00', count: 1 },
      { currency: 'USD', amount: '262.18', count: 1 },
    ]);
    expect(plan.flags).toEqual([]);
    expect(plan.bulkApprovable).toBe(true);
  });

  it('keeps an original paid in GBP by card-currency conversion over a copy paid in EUR, and refunds the copy’s EUR', () => {
    const set = makeSet([
      makeMember('original', T0, [{ paymentId: 'o-gbp', currency: 'GBP', amount: '214.37' }]),
      makeMember('copy', T1, [{ paymentId: 'c-eur', amount: '240.00' }]),
    ]);
    const plan = planSet(set, OPTIONS);
    // Both hold all of their EUR 240.00 stay: a tie, so the earliest created is kept.
    expect(plan.keepReservationId).toBe('original');
    expect(plan.refunds).toEqual([
      expect.objectContaining({ paymentId: 'c-eur', amount: '240.00', currency: 'EUR' }),
    ]);
    expect([plan.voids, plan.transfers, plan.flags]).toEqual([[], [], []]);
  });

  it('voids a copy’s authorisation in the card’s currency', () => {
    const set = makeSet([
      makeMember('keep', T0, [{}]),
      makeMember('copy', T1, [
        { paymentId: 'c-auth', status: 'AUTHORIZED', currency: 'CHF', amount: '228.90' },
      ]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.voids).toEqual([
      expect.objectContaining({ paymentId: 'c-auth', amount: '228.90', currency: 'CHF' }),
    ]);
    expect(plan.flags).toEqual([]);
  });

  it('does not flag members priced in one currency and paid in several', () => {
    const set = makeSet([
      makeMember('keep', T0, [{ currency: 'USD', amount: '262.18' }]),
      makeMember('copy', T1, [{ currency: 'GBP', amount: '214.37' }]),
    ]);
    expect(planSet(set, OPTIONS).flags).toEqual([]);
  });

  it('does not flag bookings priced in different currencies when only one of them holds money', () => {
    const set = makeSet([
      makeMember('keep', T0, [{ amount: '240.00' }]),
      makeMember('copy', T1, [{ status: 'REFUNDED', refundedAmount: '240.00' }], { currency: 'USD' }),
    ]);
    expect(planSet(set, OPTIONS).flags).toEqual([]);
  });
});

describe('planSet: support acted before the run', () => {
  const money = (plan: ReturnType<typeof planSet>) => [plan.refunds, plan.voids, plan.transfers];

  it('keeps the paid copy when the original was refunded in full, and plans nothing on the refunded payment', () => {
    const set = makeSet([
      makeMember('original', T0, [{ paymentId: 'o-p', status: 'REFUNDED', refundedAmount: '240.00' }]),
      makeMember('copy', T1, [{ paymentId: 'c-p' }]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('copy');
    expect(plan.cancel.map((c) => c.reservationId)).toEqual(['original']);
    expect(money(plan)).toEqual([[], [], []]);
    expect(plan.flags).toEqual([]);
  });

  it('keeps the fully paid original beside a copy half refunded by support, and refunds the copy’s remainder', () => {
    const set = makeSet([
      makeMember('original', T0, [{ paymentId: 'o-p' }]),
      makeMember('copy', T1, [
        { paymentId: 'c-p', status: 'PARTIALLY_REFUNDED', amount: '240.00', refundedAmount: '120.00' },
      ]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('original');
    expect(plan.refunds).toEqual([
      expect.objectContaining({ paymentId: 'c-p', amount: '120.00', currency: 'EUR' }),
    ]);
  });

  it('refunds what is left of a half-refunded card-currency payment, in that currency', () => {
    const set = makeSet([
      makeMember('original', T0, [{ paymentId: 'o-p' }]),
      makeMember('copy', T1, [
        {
          paymentId: 'c-usd',
          status: 'PARTIALLY_REFUNDED',
          currency: 'USD',
          amount: '262.18',
          refundedAmount: '131.09',
        },
      ]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('original');
    expect(plan.refunds).toEqual([
      expect.objectContaining({ paymentId: 'c-usd', amount: '131.09', currency: 'USD' }),
    ]);
  });

  it('plans nothing on a copy whose authorisation support voided, yet cancels it', () => {
    const set = makeSet([
      makeMember('original', T0, [{}]),
      makeMember('copy', T1, [{ status: 'VOIDED', currency: 'USD', amount: '262.18' }]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(money(plan)).toEqual([[], [], []]);
    expect(plan.cancel.map((c) => c.reservationId)).toEqual(['copy']);
    expect(plan.flags).toEqual([]);
  });

  it.each([
    ['REFUNDED', '240.00'],
    ['PARTIALLY_REFUNDED', '240.00'],
    ['CAPTURED', '240.00'],
  ])(
    'plans nothing on a copy’s %s payment refunded in full, yet cancels the copy',
    (status, refundedAmount) => {
      const set = makeSet([
        makeMember('original', T0, [{}]),
        makeMember('copy', T1, [{ status, amount: '240.00', refundedAmount }]),
      ]);
      const plan = planSet(set, OPTIONS);
      expect(plan.keepReservationId).toBe('original');
      expect(money(plan)).toEqual([[], [], []]);
      expect(plan.cancel.map((c) => c.reservationId)).toEqual(['copy']);
      expect(plan.releasedRoomNights).toBe(3);
      expect(plan.flags).toEqual([]);
    },
  );

  it('keeps by what is held net, not gross: a copy with a larger charge half refunded loses', () => {
    const set = makeSet([
      makeMember('larger', T0, [
        { paymentId: 'l-p', status: 'PARTIALLY_REFUNDED', amount: '400.00', refundedAmount: '200.00' },
      ]),
      makeMember('paid', T1, [{ paymentId: 'p-p', amount: '240.00' }]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('paid');
    expect(plan.refunds).toEqual([expect.objectContaining({ paymentId: 'l-p', amount: '200.00' })]);
  });

  it('never touches the kept booking’s own payments, refunded or not', () => {
    const set = makeSet([
      makeMember('keep', T0, [
        { paymentId: 'k-1' },
        { paymentId: 'k-2', status: 'PARTIALLY_REFUNDED', refundedAmount: '100.00' },
        { paymentId: 'k-3', status: 'AUTHORIZED', currency: 'USD' },
      ]),
      makeMember('copy', T1, [{ paymentId: 'c-1', amount: '100.00' }]),
    ]);
    const plan = planSet(set, OPTIONS);
    expect(plan.keepReservationId).toBe('keep');
    const touched = [...plan.refunds, ...plan.voids, ...plan.transfers].map((t) => t.paymentId);
    expect(touched).toEqual(['c-1']);
  });
});

describe('planSet: the approver keeps an unpaid booking while a copy is paid in two currencies', () => {
  it('moves only the payment in the kept booking’s currency and refunds the card-currency one', () => {
    const set = makeSet([
      makeMember('paid', T0, [
        { paymentId: 'p-eur', amount: '72.00' },
        { paymentId: 'p-usd', currency: 'USD', amount: '183.52' },
      ]),
      makeMember('told', T1, []),
    ]);
    const plan = planSet(set, { ...OPTIONS, keepReservationId: 'told' });
    expect(plan.transfers.map((t) => [t.paymentId, t.amount, t.currency])).toEqual([
      ['p-eur', '72.00', 'EUR'],
    ]);
    expect(plan.refunds.map((r) => [r.paymentId, r.amount, r.currency])).toEqual([
      ['p-usd', '183.52', 'USD'],
    ]);
  });

  it('refunds rather than moves when the paid copy holds only a card-currency payment', () => {
    const set = makeSet([
      makeMember('paid', T0, [{ paymentId: 'p-gbp', currency: 'GBP', amount: '214.37' }]),
      makeMember('told', T1, []),
    ]);
    const plan = planSet(set, { ...OPTIONS, keepReservationId: 'told' });
    expect(plan.transfers).toEqual([]);
    expect(plan.refunds.map((r) => [r.paymentId, r.amount, r.currency])).toEqual([
      ['p-gbp', '214.37', 'GBP'],
    ]);
  });

  it('moves nothing when the kept booking holds a card-currency payment itself', () => {
    const set = makeSet([
      makeMember('paid', T0, [{ paymentId: 'p-eur' }]),
      makeMember('told', T1, [{ paymentId: 't-usd', currency: 'USD', amount: '262.18' }]),
    ]);
    const plan = planSet(set, { ...OPTIONS, keepReservationId: 'told' });
    expect(plan.transfers).toEqual([]);
    expect(plan.refunds.map((r) => r.paymentId)).toEqual(['p-eur']);
  });
});
