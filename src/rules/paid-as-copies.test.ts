import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPayment, addReservation, at, booked } from '../../test/support/booking-builder.ts';
import type { LabelledSet } from '../model/index.ts';
import { Warehouse } from '../warehouse/index.ts';
import { runRules } from './run-rules.ts';

const HOUR = 3_600_000;
const window = { from: at(-24 * HOUR), to: at(24 * HOUR) };

let wh: Warehouse;
beforeEach(async () => {
  wh = await Warehouse.open(':memory:');
});
afterEach(() => wh.close());

async function onlySet(): Promise<LabelledSet> {
  const sets = (await runRules({ warehouse: wh, window })).sets;
  expect(sets).toHaveLength(1);
  return sets[0]!;
}

/** Two keyless bookings back to back in one session: a library's re-send, or a keyless cart of two rooms. */
async function backToBack(): Promise<[string, string]> {
  const a = await booked(wh, 0, { correlationId: 'sess-7' });
  const b = await booked(wh, 1_100, { correlationId: 'sess-7' });
  return [a.reservationId, b.reservationId];
}

describe('a library re-send told from a keyless cart by its payments', () => {
  it('settles a re-send whose copy carries no payment while the booking carries one stay', async () => {
    const [a, b] = await backToBack();
    await addPayment(wh, { reservationId: a, amount: '120.00', createdAt: at(9_000) });
    const set = await onlySet();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'NO_KEY' });
    expect(set.doubt).toBeUndefined();
    expect(set.evidence).toContainEqual({
      kind: 'paid-as-copies',
      detail: `${b} carries no payment while each charged booking carries one stay's price: a checkout pays every room it books, a re-sent request leaves a booking the client never heard of unpaid`,
    });
  });

  it('settles a re-send whose bookings were each charged one stay, seconds apart, as the client learnt of them', async () => {
    const [a, b] = await backToBack();
    await addPayment(wh, { reservationId: a, amount: '120.00', createdAt: at(6_000) });
    await addPayment(wh, { reservationId: b, amount: '120.00', createdAt: at(19_000) });
    const set = await onlySet();
    expect(set.doubt).toBeUndefined();
    expect(set.evidence.find((e) => e.kind === 'paid-as-copies')?.detail).toMatch(
      /two charges came 13\.0 s apart: a checkout charges its rooms in one go/,
    );
  });

  it('keeps the doubt when both rooms were charged in the same moment, as a cart charges them', async () => {
    const [a, b] = await backToBack();
    await addPayment(wh, { reservationId: a, amount: '120.00', createdAt: at(15_000) });
    await addPayment(wh, { reservationId: b, amount: '120.00', createdAt: at(15_400) });
    const set = await onlySet();
    expect(set.doubt).toMatch(/back to back in one session \(correlation id sess-7\)/);
    expect(set.evidence.some((e) => e.kind === 'paid-as-copies')).toBe(false);
  });

  it('keeps the doubt when nothing was paid, or a payment is not one stay', async () => {
    await backToBack();
    expect((await onlySet()).doubt).toMatch(/no log tells the two apart/);
    await wh.exec('DELETE FROM reservation');
    await wh.exec('DELETE FROM api_log');
    const [a] = await backToBack();
    await addPayment(wh, { reservationId: a, amount: '240.00', createdAt: at(9_000) });
    expect((await onlySet()).doubt).toMatch(/no log tells the two apart/);
  });
});

describe('a set no rule explains, paid as a checkout pays', () => {
  it('doubts bookings with no log whose own one-stay charges were made in the same moment', async () => {
    const a = await addReservation(wh, { createdAt: at(0) });
    const b = await addReservation(wh, { createdAt: at(1_200) });
    await addPayment(wh, { reservationId: a, amount: '120.00', createdAt: at(20_000) });
    await addPayment(wh, { reservationId: b, amount: '120.00', createdAt: at(20_300) });
    const set = await onlySet();
    expect(set).toMatchObject({ verdict: 'DUPLICATE', rootCause: 'UNKNOWN' });
    expect(set.doubt).toBe(
      "each booking carries its own charge of one stay's price, made within 300 ms of each other: that is how a checkout of several rooms under one name pays, and nothing in the log shows a booking sent again",
    );
    expect(set.evidence).toContainEqual({ kind: 'doubt', detail: set.doubt });
  });

  it('has no such doubt when the charges came apart, or a booking was not charged', async () => {
    const a = await addReservation(wh, { createdAt: at(0) });
    const b = await addReservation(wh, { createdAt: at(1_200) });
    await addPayment(wh, { reservationId: a, amount: '120.00', createdAt: at(20_000) });
    await addPayment(wh, { reservationId: b, amount: '120.00', createdAt: at(41_000) });
    expect((await onlySet()).doubt).toBeUndefined();
    await wh.exec('DELETE FROM payment');
    await addPayment(wh, { reservationId: a, amount: '120.00', createdAt: at(20_000) });
    expect((await onlySet()).doubt).toBeUndefined();
  });
});
