/**
 * The one answer to "which bookings of a set are copies": every member of a DUPLICATE set but its
 * first-created (the original the guest meant to make). Bursts count them by the hour, the
 * clients' nights by the night and the client that sent them; a look-alike group judged
 * LEGITIMATE has none. Members without a readable creation time cannot be placed in time and are
 * left out before the first is chosen.
 */
import type { Verdict } from './types.ts';

export interface SetCopy<M> {
  readonly member: M;
  /** The copy's creation time, ms since the epoch. */
  readonly t: number;
}

export function setCopies<M extends { readonly createdAt: string }>(set: {
  readonly verdict: Verdict;
  readonly members: readonly M[];
}): SetCopy<M>[] {
  if (set.verdict !== 'DUPLICATE') return [];
  return set.members
    .map((member) => ({ member, t: Date.parse(member.createdAt) }))
    .filter((c) => !Number.isNaN(c.t))
    .sort(
      (a, b) =>
        a.t - b.t ||
        (a.member.createdAt < b.member.createdAt ? -1 : a.member.createdAt > b.member.createdAt ? 1 : 0),
    )
    .slice(1);
}
