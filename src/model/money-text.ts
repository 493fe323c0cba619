/**
 * Money as a person reads it, in one place: every report, email subject, CLI table, console page,
 * plan flag and executor message writes an amount with `formatMoney` and a list of per-currency
 * totals with `formatMoneyList`. Each currency is written with its own decimals (JPY none, EUR
 * two, BHD three), grouped by thousands, worked on the decimal digits and never through a float.
 * Files for machines (refunds.csv, plans.csv, report.json) keep plain decimal strings with a
 * currency column instead.
 */
import { DataError } from '../errors/index.ts';
import { MONEY_SCALE, totalsByCurrency } from './money.ts';

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

const digitsCache = new Map<string, number>();

/**
 * How many decimals a currency is written with: 2 for EUR, 0 for JPY and KRW, 3 for BHD. Read
 * from the ICU data Node ships (ISO 4217), not a hand-kept table; an unknown code gets 2.
 */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    try {
      digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
        .maximumFractionDigits as number;
    } catch {
      digits = MONEY_SCALE;
    }
    digitsCache.set(currency, digits);
  }
  return digits;
}

/**
 * One amount: "1240.5" + "EUR" -> "EUR 1,240.50"; "38400.00" + "JPY" -> "JPY 38,400";
 * "-5" + "BHD" -> "BHD -5.000". Decimals beyond the currency's own are shown only when they are
 * not zero, so no amount is ever rounded away ("100.50" JPY -> "JPY 100.5"). Throws DataError on
 * text that is not a decimal amount.
 */
export function formatMoney(amount: string, currency: string): string {
  const m = DECIMAL.exec(amount.trim());
  if (!m) throw new DataError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, wholeDigits, fracDigits = ''] = m;
  const whole = wholeDigits!.replace(/^0+(?=\d)/, '');
  const digits = currencyDigits(currency);
  const significant = fracDigits.replace(/0+$/, '');
  const frac = significant.length > digits ? significant : significant.padEnd(digits, '0');
  const zero = /^0*$/.test(whole + frac);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${currency} ${sign && !zero ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/**
 * A per-currency list, never one sum across currencies: "EUR 1,240.00, GBP 5.00 and JPY 38,400".
 * Takes totals or single lines alike (lines of one currency are added exactly first) and writes
 * the currencies in code order, whatever order they came in; an empty list is "".
 */
export function formatMoneyList(
  items: readonly { readonly amount: string; readonly currency: string }[],
): string {
  const parts = totalsByCurrency(items).map((t) => formatMoney(t.amount, t.currency));
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/**
 * A payment's amount as the source holds it, which may lack an amount or a currency: written as
 * money when both are there, else as the source gave it ("no currency 12.00").
 */
export function formatSourceMoney(amount: string | null, currency: string | null): string {
  if (amount !== null && currency !== null && DECIMAL.test(amount.trim()))
    return formatMoney(amount, currency);
  return `${currency ?? 'no currency'} ${amount ?? 'no amount'}`;
}
