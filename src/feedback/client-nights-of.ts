/**
 * A run's clients' nights: per night span and client (release included), the bookings it made
 * (bookingsPerClient) and the copies it left (setCopies: every member of a DUPLICATE set but its
 * first-created), counted in the night the copy was created under the copy's own client, with the
 * set's root cause and what the set's plan still refunds or voids because of it (outstanding, per
 * currency, exact). A copy created outside every span belongs to another run's night.
 */
import {
  type ClientNight,
  type CurrencyTotal,
  type LabelledSet,
  type NightSpan,
  outstanding,
  type PlanWithStatus,
  type RootCause,
  setCopies,
  totalsByCurrency,
} from '../model/index.ts';
import type { ClientBookings } from './bookings-per-client.ts';

/** The sets linked from a night: enough to open a few, not a list of all. */
export const EXAMPLE_SETS = 5;

export const NO_CLIENT = '(none)';

export interface ClientNightsInput {
  readonly spans: readonly NightSpan[];
  readonly bookings: readonly ClientBookings[];
  readonly sets: readonly Pick<LabelledSet, 'setId' | 'verdict' | 'rootCause' | 'members'>[];
  /** The run's plans (any iterable of them, e.g. reconcile's map's values); a set without one moves no money. */
  readonly plans: Iterable<PlanWithStatus>;
}

interface Tally {
  bookings: number;
  copies: number;
  byCause: Partial<Record<RootCause, number>>;
  money: { amount: string; currency: string }[];
  setIds: Set<string>;
}

export function clientNightsOf(input: ClientNightsInput): ClientNight[] {
  const spans = input.spans.map((s) => ({ ...s, start: Date.parse(s.from), end: Date.parse(s.to) }));
  const tallies = new Map<string, { span: NightSpan; clientId: string; tally: Tally }>();
  const tallyOf = (span: NightSpan, clientId: string): Tally => {
    const key = `${span.from}\u0000${span.to}\u0000${clientId}`;
    let entry = tallies.get(key);
    if (!entry) {
      entry = {
        span,
        clientId,
        tally: { bookings: 0, copies: 0, byCause: {}, money: [], setIds: new Set() },
      };
      tallies.set(key, entry);
    }
    return entry.tally;
  };
  for (const b of input.bookings) {
    const span = spans.find((s) => s.from === b.from && s.to === b.to);
    if (span) tallyOf(span, b.clientId).bookings += b.bookings;
  }
  const plans = new Map<string, PlanWithStatus>();
  for (const p of input.plans) plans.set(p.plan.setId, p);
  for (const set of input.sets) {
    const copies = setCopies(set);
    if (copies.length === 0) continue;
    const plan = plans.get(set.setId);
    const open = plan ? outstanding(plan.plan, plan.status, plan.doneItemIds) : null;
    const cause = set.rootCause ?? 'UNKNOWN';
    const placed = copies.flatMap(({ member, t }) => {
      const span = spans.find((s) => t >= s.start && t < s.end);
      return span ? [{ member, tally: tallyOf(span, member.clientId ?? NO_CLIENT) }] : [];
    });
    for (const { tally } of placed) {
      tally.copies += 1;
      tally.byCause[cause] = (tally.byCause[cause] ?? 0) + 1;
      tally.setIds.add(set.setId);
    }
    if (!open) continue;
    // A line on a copy is that copy's. The keep rule may keep a copy (the paid one) and cancel
    // the original: that refund is the kept copy's doing, or else the first copy's.
    const copyIds = new Set(copies.map((c) => c.member.reservationId));
    const owner = copyIds.has(plan!.plan.keepReservationId)
      ? plan!.plan.keepReservationId
      : copies[0]!.member.reservationId;
    for (const line of [...open.refunds, ...open.voids]) {
      const by = copyIds.has(line.reservationId) ? line.reservationId : owner;
      placed.find((p) => p.member.reservationId === by)?.tally.money.push(line);
    }
  }
  return [...tallies.values()]
    .map(({ span, clientId, tally }) => ({
      from: span.from,
      to: span.to,
      clientId,
      bookings: tally.bookings,
      copies: tally.copies,
      byCause: tally.byCause,
      atStake: totalsByCurrency(tally.money) as CurrencyTotal[],
      exampleSetIds: [...tally.setIds].sort().slice(0, EXAMPLE_SETS),
    }))
    .sort((a, b) => cmp(a.from, b.from) || cmp(a.clientId, b.clientId));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
