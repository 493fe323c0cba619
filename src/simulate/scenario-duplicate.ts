/**
 * One intended booking that turned into a duplicate set, start to finish: a client whose habits
 * fit the cause, the copies, the money on each member, and the label. Copies' money varies the
 * way it does in production: charged again, second charge declined, never charged, only
 * authorised, partly refunded by support; and sometimes only the copy got paid.
 */
import { activeFate } from './booking-fate.ts';
import { type ChargeOutcome, charge, type PaymentTruth } from './charges.ts';
import { CLIENTS, type ClientProfile } from './clients.ts';
import { type Attempted, attempt, type Cause } from './dup-causes.ts';
import { afterBooking } from './follow-ups.ts';
import { spell } from './guests.ts';
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

export function clientFor(w: World, cause: Cause, multiRoom = false): ClientProfile {
  const ok = CLIENTS.filter((c) => fits(cause, c) && (!multiRoom || c.multiRoom));
  return w.prng.pick(ok.length > 0 ? ok : CLIENTS.filter((c) => fits(cause, c)));
}

export function copiesFor(w: World, cause: Cause): number {
  return w.prng.chance(cause === 'NO_KEY' ? 0.2 : 0.1) ? 2 : 1;
}

/** Charges every member; the result is what the keep rule and the expected refunds read. */
export function chargeMembers(w: World, stay: Stay, a: Attempted): TruthMember[] {
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

/** A whole duplicate set for one caller and stay; returns the kept reservation id. */
export function duplicateOf(
  w: World,
  cause: Cause,
  c: Caller,
  stay: Stay,
  ts: number,
  groupNo: number | null = null,
): string {
  const a = attempt(w, cause, c, stay, ts, copiesFor(w, cause), activeFate(w.prng.chance(0.06)));
  const members = chargeMembers(w, stay, a);
  return w.truth.addSet(cause, c.client.id, stay, members, a.requestTs, groupNo);
}

export function duplicateBooking(w: World, t: number, cause: Cause): void {
  const client = clientFor(w, cause);
  const base = drawStay(w, t, { future: true });
  const stay = { ...base, guestEmail: spell(w.prng, base.guestEmail, 0.04) };
  const c = newCaller(w, client, stay.guestEmail);
  duplicateOf(w, cause, c, stay, browse(w, c, t));
}
