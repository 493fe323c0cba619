/**
 * Stable set ids: the same reservations give the same id on every run. The id hangs on the
 * group key, the verdict and the set's first-created member (its anchor), so a copy that
 * arrives later keeps the set's id and supersedes its plan instead of starting a new set.
 */
import { createHash } from 'node:crypto';
import type { GroupKey, Verdict } from '../model/index.ts';

export function setIdFor(verdict: Verdict, key: GroupKey, anchorReservationId: string): string {
  const h = createHash('sha256')
    .update(
      [verdict, key.email, key.checkIn, key.checkOut, key.roomTypeId, anchorReservationId].join('\u0000'),
    )
    .digest('hex');
  return `${verdict === 'DUPLICATE' ? 'dup' : 'grp'}_${h.slice(0, 20)}`;
}
