/**
 * Where a booking stands when the history ends: cancelled (with a reason) if the guest cancelled
 * before then, checked out, in house, a no-show, or still upcoming; pending while its payment is.
 */
import type { ChargeOutcome } from './charges.ts';
import type { Fate } from './requests.ts';
import { DAY, HOUR, MINUTE } from './time.ts';
import type { Stay, World } from './world.ts';

export const CANCEL_REASONS = [
  'guest request',
  'change of travel plans',
  'found a better rate',
  'illness',
  'flight cancelled',
  'event postponed',
  'payment not received',
] as const;

export interface Plan {
  readonly fate: (createdAt: number) => Fate;
  /** When the guest cancelled, once the fate has been decided; null when not cancelled. */
  cancelledAt(): number | null;
}

/** A booking that stays active (PENDING or CONFIRMED): members of duplicate sets and look-alikes. */
export function activeFate(pending: boolean): (createdAt: number) => Fate {
  return (createdAt) => ({
    status: pending ? 'PENDING' : 'CONFIRMED',
    cancelReason: null,
    updatedAt: createdAt,
  });
}

/** Decides cancellation and the dated status for a normal booking. */
export function planFate(
  w: World,
  stay: Stay,
  outcome: ChargeOutcome | 'NONE',
  cancel: boolean,
  reason?: string,
): Plan {
  let cancelled: number | null = null;
  const fate = (createdAt: number): Fate => {
    const p = w.prng;
    const to = w.settings.to;
    const checkInAt = stay.checkIn * DAY + 15 * HOUR;
    if (cancel) {
      const latest = Math.min(checkInAt - HOUR, to - MINUTE);
      const at = createdAt + Math.round(Math.max(10 * MINUTE, p.exp(4 * DAY)));
      if (at < latest) {
        cancelled = at;
        return { status: 'CANCELLED', cancelReason: reason ?? p.pick(CANCEL_REASONS), updatedAt: at };
      }
    }
    const unpaid = outcome === 'PENDING' || outcome === 'FAILED';
    const checkOutAt = stay.checkOut * DAY + 11 * HOUR;
    if (checkOutAt + HOUR < to && checkOutAt > createdAt) {
      const noShow = unpaid || p.chance(0.03);
      const at = noShow ? checkInAt + 30 * HOUR : checkOutAt + Math.round(p.real(0, 50) * MINUTE);
      return {
        status: noShow ? 'NO_SHOW' : 'CHECKED_OUT',
        cancelReason: null,
        updatedAt: Math.min(at, to - MINUTE),
      };
    }
    if (checkInAt + 3 * HOUR < to && checkInAt > createdAt && !unpaid) {
      return {
        status: 'CHECKED_IN',
        cancelReason: null,
        updatedAt: checkInAt + Math.round(p.real(0, 180) * MINUTE),
      };
    }
    return { status: unpaid ? 'PENDING' : 'CONFIRMED', cancelReason: null, updatedAt: createdAt };
  };
  return { fate, cancelledAt: () => cancelled };
}
