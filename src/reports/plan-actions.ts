/**
 * A plan told as the steps it will take, in the words ops and finance use ("Refund EUR 120.00 on
 * payment pay_1"), so a reviewer approves what they read, not an id.
 */
import type { ReportSet } from '../model/index.ts';
import { reservationName, wordStep } from './plan-wording.ts';

/** The plan's steps in words (`wordStep`, as the console words them); releases as one total. */
export function planActions(set: ReportSet): string[] {
  const plan = set.plan;
  if (!plan) return [];
  const name = reservationName(set.members);
  return [
    { kind: 'keep' as const, reservationId: plan.keepReservationId },
    ...plan.cancel.map((c) => ({ kind: 'cancel' as const, reservationId: c.reservationId })),
    ...plan.refunds.map((r) => ({ kind: 'refund' as const, ...r })),
    ...plan.voids.map((v) => ({ kind: 'void' as const, ...v })),
    ...plan.transfers.map((t) => ({ kind: 'transfer' as const, ...t })),
    ...(plan.releasedRoomNights > 0 ? [{ kind: 'release' as const, nights: plan.releasedRoomNights }] : []),
    { kind: 'notify' as const, guestEmail: plan.notifyGuest },
  ].map((step) => wordStep(step, name));
}
