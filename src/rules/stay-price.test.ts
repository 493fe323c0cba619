import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPayment, at, booked } from '../../test/support/booking-builder.ts';
import { Warehouse } from '../warehouse/index.ts';
import { runRules } from './run-rules.ts';

const HOUR = 3_600_000;
const window = { from: at(-24 * HOUR), to: at(24 * HOUR) };

let wh: Warehouse;
beforeEach(async () => {
  wh = await Warehouse.open(':memory:');
});
afterEach(() => wh.close());

async function stayPrices(): Promise<(string | null | undefined)[]> {
  const { sets } = await runRules({ warehouse: wh, window });
  return sets.flatMap((s) => s.members.map((m) => m.stayPrice));
}

describe('members carry their stay price in the booking’s currency', () => {
  it('is the rate times the nights where this source’s charges show a nightly rate', async () => {
    // 3 nights at EUR 240.00: the original's charge is EUR 720.00, so rates are nightly here.
    const a = await booked(wh, 0, { rate: '240.00' });
    await booked(wh, 1_500, { rate: '240.00' });
    await addPayment(wh, { reservationId: a.reservationId, amount: '720.00', createdAt: at(500) });
    expect(await stayPrices()).toEqual(['720.00', '720.00']);
  });

  it('is the rate itself where this source’s charges show a price for the stay', async () => {
    const a = await booked(wh, 0, { rate: '240.00' });
    const b = await booked(wh, 1_500, { rate: '240.00' });
    await addPayment(wh, { reservationId: a.reservationId, amount: '240.00', createdAt: at(500) });
    // Paid in the card's currency: the guest's GBP charge says nothing about the convention.
    await addPayment(wh, {
      reservationId: b.reservationId,
      amount: '214.37',
      currency: 'GBP',
      createdAt: at(2_000),
    });
    const { sets } = await runRules({ warehouse: wh, window });
    const [set] = sets;
    expect(set!.members.map((m) => [m.currency, m.stayPrice])).toEqual([
      ['EUR', '240.00'],
      ['EUR', '240.00'],
    ]);
    expect(set!.members[1]!.payments.map((p) => [p.amount, p.currency])).toEqual([['214.37', 'GBP']]);
  });
});
