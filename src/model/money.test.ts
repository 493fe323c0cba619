import { describe, expect, it } from 'vitest';
import { sumAmounts, sumTotals, toMinor, totalsByCurrency } from './money.ts';

describe('money', () => {
  it('adds amounts exactly and keeps currencies apart', () => {
    expect(sumAmounts(['0.10', '0.20'])).toBe('0.30');
    expect(toMinor('38400.00')).toBe(3840000n);
    expect(
      totalsByCurrency([
        { amount: '20000.00', currency: 'JPY' },
        { amount: '18400.00', currency: 'JPY' },
        { amount: '0.10', currency: 'GBP' },
      ]),
    ).toEqual([
      { currency: 'GBP', amount: '0.10', count: 1 },
      { currency: 'JPY', amount: '38400.00', count: 2 },
    ]);
  });
});

describe('sumTotals', () => {
  it('adds totals currency by currency, exactly, counts included', () => {
    expect(
      sumTotals([
        [
          { currency: 'USD', amount: '0.10', count: 1 },
          { currency: 'EUR', amount: '120.00', count: 2 },
        ],
        [{ currency: 'USD', amount: '0.20', count: 3 }],
        [],
      ]),
    ).toEqual([
      { currency: 'EUR', amount: '120.00', count: 2 },
      { currency: 'USD', amount: '0.30', count: 4 },
    ]);
  });
});
