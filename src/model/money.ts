/**
 * Exact money. Amounts travel as decimal strings ("123.45") and are computed as bigint minor
 * units with a fixed scale of 2, the scale of the reference schema's numeric(12,2) columns.
 * Never a JS number: 0.1 + 0.2 is not a price.
 */
import { DataError } from '../errors/index.ts';

export const MONEY_SCALE = 2;
const FACTOR = 10n ** BigInt(MONEY_SCALE);
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

/** Parses "123.4", "123.45", "-0.50" into minor units; throws on anything else or on lost digits. */
export function toMinor(amount: string): bigint {
  const m = DECIMAL.exec(amount.trim());
  if (!m) throw new DataError(`not a decimal amount: ${JSON.stringify(amount)}`);
  const [, sign, whole, frac = ''] = m;
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > MONEY_SCALE) {
    throw new DataError(`amount ${amount} has more than ${MONEY_SCALE} decimals`);
  }
  const minor = BigInt(whole!) * FACTOR + BigInt(trimmed.padEnd(MONEY_SCALE, '0') || '0');
  return sign ? -minor : minor;
}

/** Minor units back to a plain decimal string with exactly two decimals: 12345n -> "123.45". */
export function fromMinor(minor: bigint): string {
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  const whole = abs / FACTOR;
  const frac = (abs % FACTOR).toString().padStart(MONEY_SCALE, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** Exact sum of decimal strings. */
export function sumAmounts(amounts: readonly string[]): string {
  return fromMinor(amounts.reduce((acc, a) => acc + toMinor(a), 0n));
}

/** Compares two decimal strings exactly: negative, zero or positive. */
export function compareAmounts(a: string, b: string): number {
  const d = toMinor(a) - toMinor(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

let currencyCodes: ReadonlySet<string> | null = null;

/** Whether `code` is an ISO 4217 currency code ("EUR"; not "EURO", "eu" or "€"), per Node's ICU data. */
export function isCurrencyCode(code: string): boolean {
  currencyCodes ??= new Set(Intl.supportedValuesOf('currency'));
  return currencyCodes.has(code);
}

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
 * "1240.5" + "EUR" -> "EUR 1,240.50"; "38400.00" + "JPY" -> "JPY 38,400". Grouping is done on
 * the digits, never through a float. Decimals beyond the currency's own are shown only when they
 * are not zero, so no amount is ever rounded away.
 */
export function formatMoney(amount: string, currency: string): string {
  const plain = fromMinor(toMinor(amount));
  const neg = plain.startsWith('-');
  const [whole, frac] = (neg ? plain.slice(1) : plain).split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const digits = currencyDigits(currency);
  const shown =
    digits >= frac.length ? frac.padEnd(digits, '0') : frac.replace(/0+$/, '').padEnd(digits, '0');
  return `${currency} ${neg ? '-' : ''}${grouped}${shown ? `.${shown}` : ''}`;
}

export interface CurrencyTotal {
  readonly currency: string;
  readonly amount: string;
  readonly count: number;
}

/** Totals per currency, sorted by currency code; amounts in different currencies are never added. */
export function totalsByCurrency(items: readonly { amount: string; currency: string }[]): CurrencyTotal[] {
  const acc = new Map<string, { minor: bigint; count: number }>();
  for (const it of items) {
    const cur = acc.get(it.currency) ?? { minor: 0n, count: 0 };
    cur.minor += toMinor(it.amount);
    cur.count += 1;
    acc.set(it.currency, cur);
  }
  return [...acc.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, { minor, count }]) => ({ currency, amount: fromMinor(minor), count }));
}
