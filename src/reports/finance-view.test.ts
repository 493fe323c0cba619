import { describe, expect, it } from 'vitest';
import { makeMember, makeSet } from '../../test/support/make-set.ts';
import { sampleReport } from '../../test/support/sample-run.ts';
import { fromMinor, toMinor } from '../model/index.ts';
import { financeView } from './finance-view.ts';

const T0 = '2026-11-26T10:15:23.100000Z';
const T1 = '2026-11-26T10:15:24.900000Z';

/**
 * A EUR booking kept, and its copy still holding `eur` in EUR and `usd` of a USD card charge
 * support already refunded half of (so the original, paid in full, stays the one kept).
 */
function setOf(id: string, eur: string, usd: string | null) {
  const usdPayment = (held: string) => ({
    currency: 'USD',
    status: 'PARTIALLY_REFUNDED',
    amount: fromMinor(toMinor(held) * 2n),
    refundedAmount: held,
  });
  const guest = { guestName: id };
  return makeSet([
    makeMember(`${id}-o`, T0, [{}], guest),
    makeMember(`${id}-c`, T1, [{ amount: eur }, ...(usd === null ? [] : [usdPayment(usd)])], guest),
  ]);
}

describe('financeView and plans moving money in several currencies', () => {
  it('ranks a set by what it moves in its kept booking’s currency, whatever the amount charged in a card’s', () => {
    const order = (usd: string): string[] =>
      financeView(
        sampleReport([setOf('a', '100.00', usd), setOf('b', '300.00', null), setOf('c', '200.00', null)]),
      ).sets.map((s) => s.guestName);
    expect(order('1.00')).toEqual(['b', 'c', 'a']);
    expect(order('900.00')).toEqual(order('1.00'));
  });

  it('states each set’s money at stake per currency', () => {
    const view = financeView(sampleReport([setOf('a', '100.00', '262.18')]));
    expect(view.sets[0]!.atStake).toEqual(['EUR 100.00 refund', 'USD 262.18 refund']);
  });
});
