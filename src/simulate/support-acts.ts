/**
 * Support acts before the night's run (root-causes.md, "Support acts before the night's run"):
 * on-call fixes what a guest calls about from the payment provider's dashboard, and the booking
 * stays active. A copy's charge refunded in full or in part; the original's charge refunded by
 * mistake, so the copy is the one still paid (and the one the keep rule keeps); a copy's
 * authorisation voided; or, with three bookings, one copy cancelled and its charge refunded, so
 * the set is the two still active. The refunds and voids leave the back office's rows in the
 * log (charges.ts), the cancellation its DELETE request (follow-ups.ts).
 */
import { isActiveReservation } from '../model/index.ts';
import { type ChargeOutcome, charge } from './charges.ts';
import { BACKOFFICE } from './clients.ts';
import type { Attempted } from './dup-causes.ts';
import { afterBooking, cancelRequest } from './follow-ups.ts';
import type { Fate } from './requests.ts';
import { HOUR, MINUTE } from './time.ts';
import type { TruthMember } from './truth.ts';
import type { Stay, World } from './world.ts';

export type SupportAct =
  | 'copy-refunded'
  | 'copy-part-refunded'
  | 'original-refunded'
  | 'copy-voided'
  | 'copy-cancelled';

const ACTS = {
  'copy-refunded': 25,
  'copy-part-refunded': 25,
  'original-refunded': 15,
  'copy-voided': 15,
  'copy-cancelled': 20,
} as const;
const ACTS_WITHOUT_CANCEL = {
  'copy-refunded': 25,
  'copy-part-refunded': 25,
  'original-refunded': 15,
  'copy-voided': 15,
} as const;

/** What the first copy's payment shows after support, by act; null: as copies are paid. */
const FIRST_COPY: Readonly<Record<SupportAct, ChargeOutcome | null>> = {
  'copy-refunded': 'REFUNDED',
  'copy-part-refunded': 'PARTIALLY_REFUNDED',
  'original-refunded': 'CAPTURED',
  'copy-voided': 'VOIDED',
  'copy-cancelled': null,
};

/** Words support types into the cancellation; none of them a label the rules could read. */
const REASONS = ['guest called: booked twice', 'charged twice, guest called', 'guest request'] as const;

/** What support did; cancelling a copy needs a few hours of history left after the set. */
export function drawSupportAct(w: World, room: number): SupportAct {
  return w.prng.weighted(room >= 3 * HOUR ? ACTS : ACTS_WITHOUT_CANCEL);
}

/**
 * The fate of the set's bookings with the second one made cancelled by support, 20 minutes to a
 * day or so after it was made (before the history ends); the others as `base` has them. The
 * second is a copy whatever the cause: after a timeout it is a timed-out attempt's booking, never
 * the retry's that the guest was shown.
 */
export function cancelSecond(
  w: World,
  base: (createdAt: number) => Fate,
): { fate: (createdAt: number) => Fate; cancelledAt: () => number | null } {
  let made = 0;
  let at: number | null = null;
  const fate = (createdAt: number): Fate => {
    if (made++ !== 1) return base(createdAt);
    const wanted = createdAt + Math.round(Math.max(20 * MINUTE, w.prng.exp(8 * HOUR)));
    at = Math.min(wanted, w.settings.to - 2 * MINUTE);
    return { status: 'CANCELLED', cancelReason: w.prng.pick(REASONS), updatedAt: at };
  };
  return { fate, cancelledAt: () => at };
}

/**
 * Charges every member, then what support did: the first active booking is the original, the
 * next the copy support acted on; a cancelled copy's charge is refunded when it was cancelled.
 */
export function chargeAfterSupport(
  w: World,
  stay: Stay,
  a: Attempted,
  act: SupportAct,
  cancelledAt: number | null,
  copyPays: () => ChargeOutcome | 'NONE',
): TruthMember[] {
  const active = a.members.filter((m) => isActiveReservation(m.created.status));
  const original = active[0]?.created.id;
  const firstCopy = active[1]?.created.id;
  return a.members.map((m) => {
    const { caller, created } = m;
    const cancelled = !isActiveReservation(created.status);
    const outcome: ChargeOutcome | 'NONE' = cancelled
      ? 'REFUNDED'
      : created.id === original
        ? act === 'original-refunded'
          ? 'REFUNDED'
          : 'CAPTURED'
        : created.id === firstCopy
          ? (FIRST_COPY[act] ?? copyPays())
          : copyPays();
    const refundAt = cancelled ? (cancelledAt ?? undefined) : undefined;
    const paid =
      outcome === 'NONE' ? null : charge(w, caller, created.id, stay, created.endTs, outcome, refundAt);
    afterBooking(w, caller, created.id, created.endTs, refundAt ?? w.settings.to);
    if (cancelled && cancelledAt !== null)
      cancelRequest(
        w,
        { client: BACKOFFICE, correlationId: null, email: caller.email },
        created.id,
        cancelledAt,
      );
    return { created, payments: paid ? [paid] : [] };
  });
}
