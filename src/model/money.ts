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

export interface CurrencyTotal {
  readonly currency: string;
  readonly amount: string;
  readonly count: number;
}

/** Totals per currency, sorted by currency code; amounts in different currencies are never added. */
export function totalsByCurrency(items: readonly { amount: string; currency: string }[]): CurrencyTotal[] {
  return accumulate(items.map((it) => ({ currency: it.currency, amount: it.amount, count: 1 })));
}

/**
 * Totals added up currency by currency (amounts exactly, counts too): several nights' money at
 * stake as one list, sorted by currency code as totalsByCurrency sorts it.
 */
export function sumTotals(lists: readonly (readonly CurrencyTotal[])[]): CurrencyTotal[] {
  return accumulate(lists.flat());
}

/** Amounts and counts added per currency, exactly, in code-point order of the currency. */
function accumulate(parts: readonly CurrencyTotal[]): CurrencyTotal[] {
  const acc = new Map<string, { minor: bigint; count: number }>();
  for (const t of parts) {
    const cur = acc.get(t.currency) ?? { minor: 0n, count: 0 };
    cur.minor += toMinor(t.amount);
    cur.count += t.count;
    acc.set(t.currency, cur);
  }
  return (
    [...acc.entries()]
      // Code-point order: the same currencies come out in the same order on every machine.
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, { minor, count }]) => ({ currency, amount: fromMinor(minor), count }))
  );
}
