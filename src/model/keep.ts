/**
 * Which member of a duplicate set to keep (docs/contracts.md section 3): the one whose payments
 * still hold the most of its price, then the earliest created; with no money held anywhere, the
 * earliest created. Ties on time fall back to the id, so the choice is deterministic. Shared by
 * the rules (to name the intended booking of a look-alike group), the planner and the
 * simulator's labels.
 *
 * What a payment holds is what support has not already given back (`amount - refundedAmount`),
 * never its gross charge: a copy half refunded by support holds less than the booking paid in
 * full, and an original refunded by mistake holds nothing (domain notes, "Support acts before
 * the night's run"). A payment in another currency than its booking's (the card's currency,
 * dynamic currency conversion) cannot be compared by amount, so it counts by the share of its
 * charge still held, applied to the booking's price.
 */
import { toMinor } from './money.ts';
import { isCapturedPayment } from './payment-status.ts';
import type { PaymentView, SetMember } from './types.ts';

/** What the keep rule reads of a member; `currency` and `stayPrice` matter only for foreign payments. */
export type KeepCandidate = Pick<SetMember, 'reservationId' | 'createdAt' | 'payments'> & {
  /** The booking's currency; a payment in another one counts by the share of its charge held. */
  readonly currency?: string | null;
  /** The booking's price for the stay, in its currency (decimal text); null when unknown. */
  readonly stayPrice?: string | null;
};

/** Held values are compared in millionths of a minor unit, so a share of a price stays exact enough. */
const SCALE = 1_000_000n;

function minorOf(amount: string | null): bigint | null {
  if (amount === null) return null;
  try {
    return toMinor(amount);
  } catch {
    return null;
  }
}

interface Held {
  readonly held: bigint;
  readonly gross: bigint;
  readonly foreign: boolean;
}

/** What one payment still holds, or null when it holds nothing or cannot be read (the planner flags it). */
function heldBy(p: PaymentView, bookingCurrency: string | null | undefined): Held | null {
  if (!isCapturedPayment(p.status)) return null;
  const gross = minorOf(p.amount);
  const refunded = minorOf(p.refundedAmount ?? '0') ?? 0n;
  if (gross === null || gross <= 0n) return null;
  const held = gross - refunded;
  if (held <= 0n) return null;
  const foreign = bookingCurrency != null && p.currency !== null && p.currency !== bookingCurrency;
  return { held, gross, foreign };
}

/**
 * Minor units (times SCALE) of the member's price its payments still hold. A foreign payment
 * counts `price * held / gross`; `fallbackPrice` stands in when the member's price is unknown,
 * and when it is not positive (a zero or negative rate in the source would make a booking that
 * holds money rank with, or below, one that holds none).
 */
function heldValue(m: KeepCandidate, fallbackPrice: bigint): bigint {
  const own = minorOf(m.stayPrice ?? null);
  const price = own !== null && own > 0n ? own : fallbackPrice;
  let total = 0n;
  for (const p of m.payments) {
    const h = heldBy(p, m.currency);
    if (h === null) continue;
    total += h.foreign ? (price * h.held * SCALE) / h.gross : h.held * SCALE;
  }
  return total;
}

/**
 * The price to count a foreign payment against when a member's own price is unknown: the
 * largest charge made in a booking's currency within the set, or one unit when there is none
 * (then every member is paid in another currency and their shares are compared as they are).
 */
function fallbackPriceOf(members: readonly KeepCandidate[]): bigint {
  let best = 0n;
  for (const m of members)
    for (const p of m.payments) {
      const h = heldBy(p, m.currency);
      if (h !== null && !h.foreign && h.gross > best) best = h.gross;
    }
  return best > 0n ? best : 1n;
}

export function chooseKeep<M extends KeepCandidate>(members: readonly M[]): M {
  if (members.length === 0) throw new Error('chooseKeep needs at least one member');
  const fallback = fallbackPriceOf(members);
  const value = new Map<M, bigint>(members.map((m) => [m, heldValue(m, fallback)]));
  const ranked = [...members].sort((a, b) => {
    const va = value.get(a)!;
    const vb = value.get(b)!;
    if (va !== vb) return va > vb ? -1 : 1;
    const ta = Date.parse(a.createdAt);
    const tb = Date.parse(b.createdAt);
    if (a.createdAt !== b.createdAt) {
      // ISO strings with microseconds: compare the text when the millisecond parts agree.
      if (ta !== tb) return ta - tb;
      return a.createdAt < b.createdAt ? -1 : 1;
    }
    return a.reservationId < b.reservationId ? -1 : a.reservationId > b.reservationId ? 1 : 0;
  });
  return ranked[0]!;
}
