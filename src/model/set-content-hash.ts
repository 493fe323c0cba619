/**
 * What makes two sightings of a set "the same": its members, their statuses and their payments'
 * states. Labels (cause, confidence) and the run are left out on purpose: a relabelled set still
 * needs the same clean-up, and a new copy or a refund made meanwhile needs a new plan.
 */
import { hash } from 'node:crypto';
import type { LabelledSet } from './index.ts';

/** Sets are never changed once labelled; planning and saving both ask for the hash of each. */
const known = new WeakMap<object, string>();

export function setContentHash(set: Pick<LabelledSet, 'setId' | 'members'>): string {
  const cached = known.get(set);
  if (cached !== undefined) return cached;
  const members = [...set.members]
    .sort((a, b) => (a.reservationId < b.reservationId ? -1 : 1))
    .map((m) => [
      m.reservationId,
      m.status,
      m.currency,
      [...m.payments]
        .sort((a, b) => (a.paymentId < b.paymentId ? -1 : 1))
        .map((p) => [p.paymentId, p.reservationId, p.status, p.amount, p.refundedAmount, p.currency]),
    ]);
  const digest = hash('sha256', JSON.stringify([set.setId, members]), 'hex');
  known.set(set, digest);
  return digest;
}
