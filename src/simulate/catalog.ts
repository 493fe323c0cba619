/**
 * The hotels: a few hundred properties, each selling in its own currency, each with a handful
 * of room types and a nightly base rate. Rates are integers in minor units (cents; yen are
 * stored as whole amounts, i.e. multiples of 100 minor units) so money never passes through a
 * float.
 */
import type { Prng } from './prng.ts';

export interface RoomType {
  readonly id: string;
  /** Nightly base rate in minor units of the property's currency. */
  readonly baseMinor: number;
}

export interface Property {
  readonly id: string;
  readonly currency: string;
  readonly roomTypes: readonly RoomType[];
}

/** Currency share and the range of a standard double room's nightly rate, in major units. */
const CURRENCIES: Readonly<Record<string, { share: number; lo: number; hi: number; step: number }>> = {
  EUR: { share: 40, lo: 65, hi: 320, step: 1 },
  USD: { share: 20, lo: 89, hi: 420, step: 1 },
  GBP: { share: 12, lo: 70, hi: 340, step: 1 },
  CHF: { share: 8, lo: 120, hi: 480, step: 1 },
  JPY: { share: 8, lo: 9_000, hi: 48_000, step: 100 },
  SEK: { share: 5, lo: 900, hi: 3_200, step: 10 },
  AUD: { share: 7, lo: 129, hi: 460, step: 1 },
};

const ROOM_TYPES: readonly (readonly [code: string, factor: number])[] = [
  ['SGL', 0.8],
  ['DBL', 1],
  ['TWN', 1],
  ['DLX', 1.35],
  ['FAM', 1.5],
  ['JRS', 1.9],
  ['STE', 2.6],
];

const CENTS = { '0': 70, '50': 8, '99': 12, any: 10 } as const;

export function buildCatalog(prng: Prng, count: number): Property[] {
  const weights = Object.fromEntries(Object.entries(CURRENCIES).map(([c, v]) => [c, v.share]));
  const properties: Property[] = [];
  for (let i = 0; i < count; i++) {
    const currency = prng.weighted(weights);
    const cur = CURRENCIES[currency]!;
    const base = prng.real(cur.lo, cur.hi);
    const id = `prop_${String(1001 + i)}`;
    const n = prng.int(3, ROOM_TYPES.length);
    const roomTypes: RoomType[] = ROOM_TYPES.slice(0, n).map(([code, factor]) => ({
      id: `${id}_${code}`,
      baseMinor: Math.round((base * factor) / cur.step) * cur.step * 100,
    }));
    properties.push({ id, currency, roomTypes });
  }
  return properties;
}

/** A night's price for one booking: the base moved by season and demand, rounded as the currency prices. */
export function drawRateMinor(prng: Prng, property: Property, room: RoomType): number {
  const step = CURRENCIES[property.currency]!.step;
  const factor = prng.real(0.82, 1.38);
  if (step > 1) return Math.round((room.baseMinor * factor) / (step * 100)) * step * 100;
  // Dynamic pricing: whole units most of the time, sometimes .50 or .99, sometimes any cents.
  const whole = Math.round((room.baseMinor * factor) / 100) * 100;
  const cents = prng.weighted(CENTS);
  return cents === 'any' ? whole + prng.int(1, 98) : whole + Number(cents);
}
