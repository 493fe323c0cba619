/**
 * Payments made in several parts: a deposit captured with the balance authorised until the stay
 * (two Payment rows on one reservation), and a declined card tried again (a FAILED payment, then
 * a CAPTURED one). Parts are whole minor units that add up to the stay's amount exactly; a
 * deposit in a currency priced in whole units (JPY) is whole units too.
 */
import { type ChargeOutcome, charge, type PaymentTruth, stayAmountMinor } from './charges.ts';
import type { Caller } from './requests.ts';
import { SECOND } from './time.ts';
import type { Stay, World } from './world.ts';

/** One night's rate for a longer stay; for one night, 30% in whole units of the currency. */
export function depositMinor(stay: Stay): number {
  const total = stayAmountMinor(stay);
  if (stay.checkOut - stay.checkIn >= 2) return stay.rateMinor;
  const unit = 100;
  const d = Math.floor((total * 0.3) / unit) * unit;
  return d > 0 && d < total ? d : Math.floor(total / 2 / unit) * unit;
}

/** A deposit (captured, or captured and partly given back) and the balance authorised. */
export function depositAndBalance(
  w: World,
  c: Caller,
  reservationId: string,
  stay: Stay,
  after: number,
  deposit: Extract<ChargeOutcome, 'CAPTURED' | 'PARTIALLY_REFUNDED'>,
): PaymentTruth[] {
  const total = stayAmountMinor(stay);
  const dep = depositMinor(stay);
  const first = charge(w, c, reservationId, stay, after, deposit, undefined, { amountMinor: dep });
  if (!first) return [];
  const balance = charge(w, c, reservationId, stay, first.createdAt, 'AUTHORIZED', undefined, {
    amountMinor: total - dep,
  });
  return balance ? [first, balance] : [first];
}

/** The card is declined, the guest tries again (another card, or the same after a bank check). */
export function declinedThenCharged(
  w: World,
  c: Caller,
  reservationId: string,
  stay: Stay,
  after: number,
): PaymentTruth[] {
  const failed = charge(w, c, reservationId, stay, after, 'FAILED');
  if (!failed) return [];
  const again = failed.createdAt + Math.round(w.prng.real(15, 80) * SECOND);
  const paid = charge(w, c, reservationId, stay, again, 'CAPTURED');
  return paid ? [failed, paid] : [failed];
}
