import { describe, expect, it } from 'vitest';
import { currencyDigits, formatMoney, formatMoneyList, formatSourceMoney } from './money-text.ts';

describe('money as text', () => {
  it('writes each currency with its own decimals: none for JPY and KRW, two for EUR, three for BHD and KWD', () => {
    expect([
      currencyDigits('JPY'),
      currencyDigits('EUR'),
      currencyDigits('BHD'),
      currencyDigits('KWD'),
    ]).toEqual([0, 2, 3, 3]);
    expect(formatMoney('38400.00', 'JPY')).toBe('JPY 38,400');
    expect(formatMoney('1400000.00', 'KRW')).toBe('KRW 1,400,000');
    expect(formatMoney('1240.5', 'EUR')).toBe('EUR 1,240.50');
    expect(formatMoney('31199.3', 'AUD')).toBe('AUD 31,199.30');
    expect(formatMoney('1234.5', 'BHD')).toBe('BHD 1,234.500');
    expect(formatMoney('0.125', 'KWD')).toBe('KWD 0.125');
  });

  it('writes negative amounts with their sign and zero without one', () => {
    expect(formatMoney('-5', 'BHD')).toBe('BHD -5.000');
    expect(formatMoney('-1234567.89', 'EUR')).toBe('EUR -1,234,567.89');
    expect(formatMoney('0', 'EUR')).toBe('EUR 0.00');
    expect(formatMoney('-0.00', 'EUR')).toBe('EUR 0.00');
    expect(formatMoney('0.00', 'JPY')).toBe('JPY 0');
    expect(formatMoney('007.10', 'USD')).toBe('USD 7.10');
  });

  it('never rounds away a fraction a currency should not have, and treats an unknown code as two decimals', () => {
    expect(formatMoney('100.50', 'JPY')).toBe('JPY 100.5');
    expect(formatMoney('12', 'XYZ')).toBe('XYZ 12.00');
    expect(formatMoney('99999999999999999.99', 'EUR')).toBe('EUR 99,999,999,999,999,999.99');
  });

  it('refuses text that is not an amount', () => {
    expect(() => formatMoney('1e3', 'EUR')).toThrow(/not a decimal amount/);
    expect(() => formatMoney('12,50', 'EUR')).toThrow(/not a decimal amount/);
  });

  it('lists several currencies in code order whatever order they come in, each with its own decimals', () => {
    const list = formatMoneyList([
      { amount: '38400.00', currency: 'JPY' },
      { amount: '1240.00', currency: 'EUR' },
      { amount: '5.5', currency: 'BHD' },
      { amount: '300.00', currency: 'USD' },
    ]);
    expect(list).toBe('BHD 5.500, EUR 1,240.00, JPY 38,400 and USD 300.00');
    expect(
      formatMoneyList([
        { amount: '1.00', currency: 'USD' },
        { amount: '2.00', currency: 'EUR' },
      ]),
    ).toBe('EUR 2.00 and USD 1.00');
  });

  it('adds lines of one currency exactly before listing them, and lists nothing as an empty text', () => {
    expect(
      formatMoneyList([
        { amount: '0.10', currency: 'EUR' },
        { amount: '0.20', currency: 'EUR' },
        { amount: '-0.05', currency: 'EUR' },
      ]),
    ).toBe('EUR 0.25');
    expect(formatMoneyList([])).toBe('');
  });

  it('writes a source payment without an amount or a currency as the source gave it', () => {
    expect(formatSourceMoney('12.5', 'EUR')).toBe('EUR 12.50');
    expect(formatSourceMoney(null, 'EUR')).toBe('EUR no amount');
    expect(formatSourceMoney('12.00', null)).toBe('no currency 12.00');
  });
});
