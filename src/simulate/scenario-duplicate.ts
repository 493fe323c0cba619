/**
 * One intended booking that turned into a duplicate set, start to finish: a client whose habits
 * fit the cause (and the set's variant), the copies, the money on each member, and the label.
 * Copies' money varies the way it does in production: charged again, second charge declined,
 * never charged, only authorised, partly refunded by support; and sometimes only the copy got
 * paid. Sets of the payment variants pay in parts on the copies too.
 */
import { activeFate } from './booking-fate.ts';
import { type ChargeOutcome, charge, type PaymentTruth } from './charges.ts';
import { CLIENTS, type ClientProfile } from './clients.ts';
import { type Attempted, attempt, type Cause } from './dup-causes.ts';
import { afterBooking } from './follow-ups.ts';
import { spell } from './guests.ts';
import { declinedThenCharged, depositAndBalance } from './payment-parts.ts';
import type { DuplicateVariant } from './realities.ts';
import { browse, type Caller, newCaller } from './requests.ts';
import { drawStay } from './stay.ts';
import type { TruthMember } from './truth.ts';
import type { Stay, World } from './world.ts';

const INTENDED_PAYS = { CAPTURED: 82, AUTHORIZED: 5, FAILED: 6, NONE: 7 } as const;
const COPY_PAYS = { CAPTURED: 40, FAILED: 15, NONE: 20, AUTHORIZED: 15, PARTIALLY_REFUNDED: 10 } as const;
const COPY_PAYS_WHEN_FIRST_UNPAID = { CAPTURED: 70, NONE: 15, AUTHORIZED: 15 } as const;

/** Which clients can produce each cause, given whether and how they send keys. */
function fits(cause: Cause, c: ClientProfile): boolean {
  switch (cause) {
    case 'NO_KEY':
      return c.keys === 'never';
    case 'TIMEOUT_RETRY':
      return c.keys !== 'per-booking';
    case 'RACE':
      return c.keys !== 'never';
    case 'MISSING_DEDUP':
      return c.keys !== 'per-booking' && c.retries !== 'library';
    default:
      throw new Error(`unknown root cause ${String(cause)}`);
  }
}

/** The clients a variant narrows a cause to: who retries by library, who clicks, who sends keys. */
function fitsVariant(cause: Cause, variant: DuplicateVariant, c: ClientProfile): boolean {
  switch (variant) {
    case 'library-retry':
      return fits(cause, c) && c.retries !== 'human';
    case 'mixed-keys':
      // NO_KEY: an app that sends keys but dropped (or only added) one on the re-send;
      // MISSING_DEDUP: a guest's app, then another app of the other key habit.
      return cause === 'NO_KEY'
        ? c.keys !== 'never' && c.retries !== 'redelivery'
        : /^(web|ios-app|android-app)@/.test(c.id);
    case 'clean':
    case 'split-payment':
    case 'declined-then-charged':
    case 'channel-name':
      // A person submits a keyless booking again; a channel manager has no one to click.
      return fits(cause, c) && !(cause === 'NO_KEY' && c.retries === 'redelivery');
    default:
      throw new Error(`unknown duplicate variant ${String(variant)}`);
  }
}

export function clientFor(
  w: World,
  cause: Cause,
  multiRoom = false,
  variant: DuplicateVariant = 'clean',
): ClientProfile {
  const able = CLIENTS.filter((c) => fitsVariant(cause, variant, c));
  const ok = able.filter((c) => !multiRoom || c.multiRoom);
  return w.prng.pick(ok.length > 0 ? ok : able);
}

export function copiesFor(w: World, cause: Cause, variant: DuplicateVariant = 'clean'): number {
  if (variant === 'mixed-keys') return 1;
  return w.prng.chance(cause === 'NO_KEY' ? 0.2 : 0.1) ? 2 : 1;
}

/** Charges every member; the result is what the keep rule and the expected refunds read. */
export function chargeMembers(
  w: World,
  stay: Stay,
  a: Attempted,
  variant: DuplicateVariant = 'clean',
): TruthMember[] {
  if (variant === 'split-payment' || variant === 'declined-then-charged')
    return chargeInParts(w, stay, a, variant);
  const p = w.prng;
  const first: ChargeOutcome | 'NONE' = p.weighted(INTENDED_PAYS);
  const firstPaid = first === 'CAPTURED';
  const outcomes: (ChargeOutcome | 'NONE')[] = [first];
  for (let i = 1; i < a.members.length; i++) {
    outcomes.push(firstPaid ? p.weighted(COPY_PAYS) : p.weighted(COPY_PAYS_WHEN_FIRST_UNPAID));
  }
  // With nothing captured anywhere, an authorisation on a later copy would make "which payment
  // succeeded" a matter of opinion; keep the labels unambiguous.
  if (!outcomes.some((o) => o === 'CAPTURED' || o === 'PARTIALLY_REFUNDED')) {
    for (let i = 1; i < outcomes.length; i++) if (outcomes[i] === 'AUTHORIZED') outcomes[i] = 'NONE';
  }
  return a.members.map((m, i) => {
    const o = outcomes[i]!;
    const payments: PaymentTruth[] = [];
    const paid = o === 'NONE' ? null : charge(w, m.caller, m.created.id, stay, m.created.endTs, o);
    if (paid) payments.push(paid);
    afterBooking(w, m.caller, m.created.id, m.created.endTs, w.settings.to);
    return { created: m.created, payments };
  });
}

/**
 * The payment variants: the checkout takes a deposit and authorises the balance (support
 * sometimes gave part of a copy's deposit back), or a declined card is tried again. The
 * intended booking and the first copy always show it; a later copy mostly does.
 */
function chargeInParts(
  w: World,
  stay: Stay,
  a: Attempted,
  variant: 'split-payment' | 'declined-then-charged',
): TruthMember[] {
  const p = w.prng;
  return a.members.map((m, i) => {
    const { caller, created } = m;
    let payments: PaymentTruth[];
    if (variant === 'split-payment') {
      const deposit = i > 0 && p.chance(0.15) ? 'PARTIALLY_REFUNDED' : 'CAPTURED';
      payments =
        i <= 1 || p.chance(0.8) ? depositAndBalance(w, caller, created.id, stay, created.endTs, deposit) : [];
    } else if (i === 1 || p.chance(0.5)) {
      payments = declinedThenCharged(w, caller, created.id, stay, created.endTs);
    } else {
      const paid = charge(w, caller, created.id, stay, created.endTs, 'CAPTURED');
      payments = paid ? [paid] : [];
    }
    afterBooking(w, caller, created.id, created.endTs, w.settings.to);
    return { created, payments };
  });
}

/** A whole duplicate set for one caller and stay; returns the kept reservation id. */
export function duplicateOf(
  w: World,
  cause: Cause,
  c: Caller,
  stay: Stay,
  ts: number,
  groupNo: number | null = null,
  variant: DuplicateVariant = 'clean',
): string {
  const copies = copiesFor(w, cause, variant);
  const a = attempt(w, cause, c, stay, ts, copies, activeFate(w.prng.chance(0.06)), variant);
  const members = chargeMembers(w, stay, a, variant);
  return w.truth.addSet(cause, c.client.id, stay, members, a.requestTs, groupNo, variant);
}

export function duplicateBooking(
  w: World,
  t: number,
  cause: Cause,
  variant: DuplicateVariant = 'clean',
): void {
  const client = clientFor(w, cause, false, variant);
  const base = drawStay(w, t, { future: true });
  const stay = { ...base, guestEmail: spell(w.prng, base.guestEmail, 0.04) };
  // A library sends its correlation id on every attempt: the variant is about keeping one.
  const c = newCaller(w, client, stay.guestEmail, variant === 'library-retry');
  duplicateOf(w, cause, c, stay, browse(w, c, t), null, variant);
}
