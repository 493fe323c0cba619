/**
 * Which member of a duplicate set to keep (docs/contracts.md section 3, the runbook's rule made
 * exact): the one whose payment succeeded — most captured, then earliest created; with no
 * captured payment, the earliest created. Ties on time fall back to the id, so the choice is
 * deterministic. Shared by the rules (to name the intended booking of a look-alike group) and
 * the planner.
 */
import { toMinor } from './money.ts';
import { isCapturedPayment } from './payment-status.ts';
import type { SetMember } from './types.ts';

/**
 * Minor units captured on this member (CAPTURED or PARTIALLY_REFUNDED payments' amounts). A
 * payment without an amount counts nothing here; the planner flags it.
 */
export function capturedMinor(member: Pick<SetMember, 'payments'>): bigint {
  let total = 0n;
  for (const p of member.payments)
    if (isCapturedPayment(p.status) && p.amount !== null) total += toMinor(p.amount);
  return total;
}

export function chooseKeep<M extends Pick<SetMember, 'reservationId' | 'createdAt' | 'payments'>>(
  members: readonly M[],
): M {
  if (members.length === 0) throw new Error('chooseKeep needs at least one member');
  const ranked = [...members].sort((a, b) => {
    const ca = capturedMinor(a);
    const cb = capturedMinor(b);
    if (ca !== cb) return ca > cb ? -1 : 1;
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
