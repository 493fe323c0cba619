/**
 * Retry loops (root-causes.md, "Retry loops"): a client release that misreads its own success
 * re-sends the booking with doubling backoff until it gives up. Every attempt is keyless and
 * made by the same library, so the correlation id stays; each one books again. The issuer takes
 * the first charge and perhaps one or two of the identical ones after it, then declines the rest.
 */
import { type ChargeOutcome, charge, type PaymentTruth } from './charges.ts';
import type { Attempted } from './dup-causes.ts';
import { afterBooking } from './follow-ups.ts';
import { type Caller, type Created, createOk, type Fate } from './requests.ts';
import { MS } from './time.ts';
import type { TruthMember } from './truth.ts';
import type { Stay, World } from './world.ts';

/** The booking and four to six copies, the gaps doubling from half a second to a second. */
export function retryLoop(
  w: World,
  c: Caller,
  stay: Stay,
  ts: number,
  fate: (createdAt: number) => Fate,
): Attempted {
  const p = w.prng;
  const copies = p.int(4, 6);
  const base = p.real(500, 1_000);
  const members: { created: Created; caller: Caller }[] = [];
  let at = ts;
  for (let i = 0; i <= copies; i++) {
    const created = createOk(w, c, stay, at, null, fate);
    members.push({ created, caller: c });
    at = created.endTs + Math.round(base * 2 ** i * p.real(0.85, 1.15)) * MS;
  }
  return { members, requestTs: members.map((m) => m.created.requestTs) };
}

/** The booking charged (nine times in ten), then none, one or two copies captured, the rest declined. */
export function chargeRetryLoop(w: World, stay: Stay, a: Attempted): TruthMember[] {
  const p = w.prng;
  const captured = p.int(0, 2);
  const firstPaid = p.chance(0.9);
  return a.members.map((m, i) => {
    const { caller, created } = m;
    const outcome: ChargeOutcome | 'NONE' =
      i === 0 ? (firstPaid ? 'CAPTURED' : 'NONE') : i <= captured ? 'CAPTURED' : 'FAILED';
    const paid = outcome === 'NONE' ? null : charge(w, caller, created.id, stay, created.endTs, outcome);
    const payments: PaymentTruth[] = paid ? [paid] : [];
    afterBooking(w, caller, created.id, created.endTs, w.settings.to);
    return { created, payments };
  });
}
