/**
 * Dynamic currency conversion: the terminal offers the guest their card's currency and charges
 * a converted amount with the provider's markup, while the booking keeps the hotel's currency.
 * Cards here are in USD or GBP; a guest booking in USD or GBP pays in EUR. Rates are fixed per
 * pair (about their late-2026 levels); the markup is 2-4 %, the result rounded to whole cents.
 * The arithmetic runs in BigInt: a long JPY stay times a rate in millionths passes 2^53.
 */
import type { Stay, World } from './world.ts';

export type CardCurrency = 'USD' | 'GBP' | 'EUR';

/** Units of the card's currency per unit of the booking's, in millionths. */
const RATE_PPM: Readonly<Record<string, Readonly<Partial<Record<CardCurrency, number>>>>> = {
  EUR: { USD: 1_160_000, GBP: 870_000 },
  USD: { EUR: 862_000 },
  GBP: { EUR: 1_150_000 },
  CHF: { USD: 1_250_000, GBP: 935_000 },
  JPY: { USD: 6_700, GBP: 5_000 },
  SEK: { USD: 105_000, GBP: 79_000 },
  AUD: { USD: 660_000, GBP: 490_000 },
};

/** The card's currency for a booking in `booking`, the guest's card being in `preferred`. */
export function cardCurrencyFor(booking: string, preferred: 'USD' | 'GBP'): CardCurrency {
  return booking === 'USD' || booking === 'GBP' ? 'EUR' : preferred;
}

/** `amountMinor` of the booking's currency converted at the pair's rate plus `markupBp` basis points. */
export function convertMinor(amountMinor: number, from: string, to: CardCurrency, markupBp: number): number {
  const ppm = RATE_PPM[from]?.[to];
  if (ppm === undefined) throw new Error(`no conversion rate from ${from} to ${to}`);
  const num = BigInt(amountMinor) * BigInt(ppm) * BigInt(10_000 + markupBp);
  const den = 1_000_000n * 10_000n;
  return Number((num + den / 2n) / den);
}

/** What the card is charged for `amountMinor` of the stay's currency: its currency and amount. */
export function inCardCurrency(
  w: World,
  stay: Stay,
  preferred: 'USD' | 'GBP',
  amountMinor: number,
): { currency: CardCurrency; amountMinor: number } {
  const currency = cardCurrencyFor(stay.property.currency, preferred);
  const markupBp = w.prng.int(200, 400);
  return { currency, amountMinor: convertMinor(amountMinor, stay.property.currency, currency, markupBp) };
}
