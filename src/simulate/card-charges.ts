/**
 * Payments in the card's currency (root-causes.md, "Payments in the card's currency"): with
 * dynamic currency conversion a member is charged in USD or GBP (EUR for a USD or GBP booking)
 * at a converted, marked-up amount (card-currency.ts), while the booking keeps its currency.
 * Three ways a set shows it: a copy paid in the card's currency; the original paid in it and the
 * copy in the booking's; both paid in it. A refund or void is in the payment's own currency.
 */
import { inCardCurrency } from './card-currency.ts';
import { type ChargeOptions, type ChargeOutcome, charge, stayAmountMinor } from './charges.ts';
import type { Attempted } from './dup-causes.ts';
import { afterBooking } from './follow-ups.ts';
import type { TruthMember } from './truth.ts';
import type { Stay, World } from './world.ts';

const CASES = { 'copy-in-card': 40, 'original-in-card': 30, 'both-in-card': 30 } as const;
/** The first copy's payment: charged again, only authorised, or partly given back by support. */
const FIRST_COPY_PAYS = { CAPTURED: 60, AUTHORIZED: 20, PARTIALLY_REFUNDED: 20 } as const;

/** Charges the original in full and the copies as `copyPays` has them, one or both by card currency. */
export function chargeInCardCurrency(
  w: World,
  stay: Stay,
  a: Attempted,
  copyPays: () => ChargeOutcome | 'NONE',
): TruthMember[] {
  const p = w.prng;
  const kind = p.weighted(CASES);
  const card =
    kind === 'copy-in-card' ? 'USD' : kind === 'original-in-card' ? 'GBP' : p.pick(['USD', 'GBP'] as const);
  return a.members.map((m, i) => {
    const { caller, created } = m;
    const inCard = i === 0 ? kind !== 'copy-in-card' : i === 1 && kind !== 'original-in-card';
    const outcome: ChargeOutcome | 'NONE' =
      i === 0 ? 'CAPTURED' : i === 1 ? p.weighted(FIRST_COPY_PAYS) : copyPays();
    let paid = null;
    if (outcome !== 'NONE') {
      const o: ChargeOptions = inCard ? inCardCurrency(w, stay, card, stayAmountMinor(stay)) : {};
      paid = charge(w, caller, created.id, stay, created.endTs, outcome, undefined, o);
    }
    afterBooking(w, caller, created.id, created.endTs, w.settings.to);
    return { created, payments: paid ? [paid] : [] };
  });
}
