/**
 * One intended booking that turned into a duplicate set, start to finish: a client whose habits
 * fit the cause (and the set's variant), the copies, the money on each member, and the label.
 * Copies' money varies the way it does in production: charged again, second charge declined,
 * never charged, only authorised, partly refunded by support; and sometimes only the copy got
 * paid. Sets of the payment variants pay in parts on the copies too; support's acts, card
 * currencies and retry loops have their own money (support-acts.ts, card-charges.ts,
 * retry-loop.ts).
 */
import { activeFate } from './booking-fate.ts';
import { chargeInCardCurrency } from './card-charges.ts';
import { type ChargeOutcome, charge, type PaymentTruth } from './charges.ts';
import type { ClientProfile } from './clients.ts';
import { type Attempted, attempt, type Cause } from './dup-causes.ts';
import { afterBooking } from './follow-ups.ts';
import { spell } from './guests.ts';
import { declinedThenCharged, depositAndBalance } from './payment-parts.ts';
import type { DuplicateVariant } from './realities.ts';
import { clientsAt } from './release-regression.ts';
import { browse, type Caller, newCaller } from './requests.ts';
import { chargeRetryLoop } from './retry-loop.ts';
import { drawStay } from './stay.ts';
import { cancelSecond, chargeAfterSupport, drawSupportAct, type SupportAct } from './support-acts.ts';
import { SECOND } from './time.ts';
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

/** A person submits a keyless booking again; a channel manager has no one to click. */
function someoneResends(cause: Cause, c: ClientProfile): boolean {
  return fits(cause, c) && !(cause === 'NO_KEY' && c.retries === 'redelivery');
}

/**
 * The clients a variant narrows a cause to: who retries by library, who clicks, who sends keys.
 * The variants older than the CDN-fronted client (the first six) keep the clients they were
 * measured with, so their figures in the evaluation stay comparable.
 */
function fitsVariant(cause: Cause, variant: DuplicateVariant, c: ClientProfile): boolean {
  switch (variant) {
    case 'library-retry':
      return fits(cause, c) && c.retries !== 'human' && !c.behindCdn;
    case 'mixed-keys':
      // NO_KEY: an app that sends keys but dropped (or only added) one on the re-send;
      // MISSING_DEDUP: a guest's app, then another app of the other key habit.
      return cause === 'NO_KEY'
        ? c.keys !== 'never' && c.retries !== 'redelivery' && !c.behindCdn
        : /^(web|ios-app|android-app)@/.test(c.id);
    case 'clean':
    case 'split-payment':
    case 'declined-then-charged':
    case 'channel-name':
      return someoneResends(cause, c) && !c.behindCdn;
    case 'support-refunded':
    case 'card-currency':
    case 'clock-drift':
    case 'late-commit':
    case 'multi-attempt-timeout':
      return someoneResends(cause, c);
    case 'initials':
      // A person typing the booking again writes the name anew; a library re-sends the same
      // body. MISSING_DEDUP copies come through a channel manager or GDS feed (dup-causes.ts).
      return cause === 'MISSING_DEDUP' ? fits(cause, c) : fits(cause, c) && c.retries === 'human';
    case 'retry-loop':
      return fits(cause, c) && c.retries !== 'human';
    case 'release-regression':
      // Only the regressing release makes these (release-regression.ts): keyless, by library.
      return (
        (cause === 'NO_KEY' || cause === 'TIMEOUT_RETRY') && c.keys === 'never' && c.retries === 'library'
      );
    default:
      throw new Error(`unknown duplicate variant ${String(variant)}`);
  }
}

/** A client able to make this set, among those calling at `t` (a regressing release in its old ones' place). */
export function clientFor(
  w: World,
  t: number,
  cause: Cause,
  multiRoom = false,
  variant: DuplicateVariant = 'clean',
): ClientProfile {
  const able = clientsAt(w.settings.regression, t).filter((c) => fitsVariant(cause, variant, c));
  const ok = able.filter((c) => !multiRoom || c.multiRoom);
  return w.prng.pick(ok.length > 0 ? ok : able);
}

/** Copies besides the intended booking; the timeout variants and retry loops decide their own. */
export function copiesFor(w: World, cause: Cause, variant: DuplicateVariant = 'clean'): number {
  if (variant === 'mixed-keys' || variant === 'clock-drift') return 1;
  if (variant === 'late-commit' || variant === 'multi-attempt-timeout' || variant === 'retry-loop') return 1;
  return w.prng.chance(cause === 'NO_KEY' ? 0.2 : 0.1) ? 2 : 1;
}

/** What support did to a set of the support-refunded variant, and when it cancelled a copy. */
interface Support {
  readonly act: SupportAct;
  readonly cancelledAt: () => number | null;
}

/** Charges every member; the result is what the keep rule and the expected refunds read. */
export function chargeMembers(
  w: World,
  stay: Stay,
  a: Attempted,
  variant: DuplicateVariant = 'clean',
  support: Support | null = null,
): TruthMember[] {
  if (variant === 'split-payment' || variant === 'declined-then-charged')
    return chargeInParts(w, stay, a, variant);
  const p = w.prng;
  const copyPays = (): ChargeOutcome | 'NONE' => p.weighted(COPY_PAYS);
  if (support) return chargeAfterSupport(w, stay, a, support.act, support.cancelledAt(), copyPays);
  if (variant === 'card-currency') return chargeInCardCurrency(w, stay, a, copyPays);
  if (variant === 'retry-loop') return chargeRetryLoop(w, stay, a);
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
    // A booking the backend committed after the request ended is paid and viewed after that.
    const after = Math.max(m.created.endTs, m.created.createdAt);
    const paid = o === 'NONE' ? null : charge(w, m.caller, m.created.id, stay, after, o);
    if (paid) payments.push(paid);
    afterBooking(w, m.caller, m.created.id, after, w.settings.to);
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
  // Cancelling one copy needs three bookings: the act is drawn before the copies.
  const act = variant === 'support-refunded' ? drawSupportAct(w, w.settings.to - ts) : null;
  const copies = act === 'copy-cancelled' ? 2 : copiesFor(w, cause, variant);
  const fate = activeFate(w.prng.chance(0.06));
  const cancel = act === 'copy-cancelled' ? cancelSecond(w, fate) : null;
  const a = attempt(w, cause, c, stay, ts, copies, cancel?.fate ?? fate, variant);
  const support = act ? { act, cancelledAt: cancel?.cancelledAt ?? (() => null) } : null;
  const members = chargeMembers(w, stay, a, variant, support);
  // An initial proves neither the same guest nor another: only a person can settle the set.
  const undecidable = variant === 'initials';
  return w.truth.addSet(cause, c.client.id, stay, members, a.requestTs, groupNo, variant, undecidable);
}

/** A duplicate set starting at `t`; its client drawn to fit the cause and variant unless given. */
export function duplicateBooking(
  w: World,
  t: number,
  cause: Cause,
  variant: DuplicateVariant = 'clean',
  client: ClientProfile = clientFor(w, t, cause, false, variant),
): void {
  const base = drawStay(w, t, { future: true });
  const stay = { ...base, guestEmail: spell(w.prng, base.guestEmail, 0.04) };
  // A library sends its correlation id on every attempt: the variant is about keeping one.
  const library = variant === 'library-retry' || variant === 'retry-loop' || variant === 'release-regression';
  const c = newCaller(w, client, stay.guestEmail, library);
  let ts = browse(w, c, t);
  // The guest reads the form a while; a gateway host's clock behind the database's then still
  // logs the request inside this scenario's minutes (clock-drift.ts).
  if (variant === 'clock-drift') ts += w.prng.int(8, 30) * SECOND;
  duplicateOf(w, cause, c, stay, ts, null, variant);
}
