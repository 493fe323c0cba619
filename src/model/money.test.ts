import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, sumAmounts, toMinor, totalsByCurrency } from './money.ts';

describe('money', () => {
  it('writes each currency with its own decimals: none for JPY and KRW, two for EUR, three for BHD', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('EUR')).toBe(2);
    expect(formatMoney('38400.00', 'JPY')).toBe('JPY 38,400');
    expect(formatMoney('1400000.00', 'KRW')).toBe('KRW 1,400,000');
    expect(formatMoney('1240.5', 'EUR')).toBe('EUR 1,240.50');
    expect(formatMoney('-5', 'BHD')).toBe('BHD -5.000');
  });

  it('never rounds away a fraction a currency should not have, and treats an unknown code as two decimals', () => {
    expect(formatMoney('100.50', 'JPY')).toBe('JPY 100.5');
    expect(formatMoney('12', 'XYZ')).toBe('XYZ 12.00');
  });

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
