/**
 * Legitimate bookings that look like duplicates and must never be flagged: several rooms in one
 * checkout (sometimes with one room also submitted twice), agencies booking several travellers
 * for the same stay, a booking cancelled and made again, and a channel modification delivered
 * as a cancellation plus a new booking.
 */
import { activeFate, CANCEL_REASONS } from './booking-fate.ts';
import { charge } from './charges.ts';
import { CLIENTS, clientById } from './clients.ts';
import type { Cause } from './dup-causes.ts';
import { afterBooking, cancelRequest } from './follow-ups.ts';
import { agencyEmail, travellerName } from './guests.ts';
import { releaseAt } from './release-regression.ts';
import { browse, createOk, newCaller } from './requests.ts';
import { retryGapMs } from './retry-gap.ts';
import { clientFor, duplicateOf } from './scenario-duplicate.ts';
import { drawStay, sameStayFor } from './stay.ts';
import { HOUR, MINUTE, MS, SECOND } from './time.ts';
import type { World } from './world.ts';

function distinctNames(w: World, first: string, n: number): string[] {
  const names = [first];
  while (names.length < n) {
    const name = travellerName(w.prng);
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Rooms booked together in one checkout; with `dupCause`, one of them was also sent twice. */
export function multiRoom(w: World, t: number, rooms: number, dupCause: Cause | null = null): void {
  const p = w.prng;
  const client = dupCause
    ? clientFor(w, t, dupCause, true)
    : p.chance(0.25)
      ? clientById('agent-portal@2.1.0')
      : releaseAt(w.settings.regression, p.pick(CLIENTS.filter((c) => c.multiRoom)), t);
  const booker = drawStay(w, t, { future: true });
  const c = newCaller(w, client, booker.guestEmail);
  const names = distinctNames(w, booker.guestName, rooms);
  const groupNo = w.truth.reserveGroupNo();
  const dupRoom = dupCause ? p.int(0, rooms - 1) : -1;
  const ids: string[] = [];
  let ts = browse(w, c, t);
  for (let i = 0; i < rooms; i++) {
    const stay = sameStayFor(booker, booker.guestEmail, names[i]!);
    if (i === dupRoom) {
      ids.push(duplicateOf(w, dupCause!, c, stay, ts, groupNo));
      ts += Math.round(p.real(40, 120) * SECOND);
      continue;
    }
    const key = client.keys === 'never' ? null : w.ids.key();
    const made = createOk(w, c, stay, ts, key, activeFate(false));
    charge(w, c, made.id, stay, made.endTs, p.chance(0.9) ? 'CAPTURED' : 'AUTHORIZED');
    afterBooking(w, c, made.id, made.endTs, w.settings.to);
    ids.push(made.id);
    ts = made.endTs + Math.round(p.real(1.5, 25) * SECOND);
  }
  w.truth.addGroup('MULTI_ROOM', ids, booker.guestEmail, groupNo);
}

/** An agency books several travellers for the same stay, in separate sessions. */
export function agencyGroup(w: World, t: number, travellers: number): void {
  const p = w.prng;
  const email = agencyEmail(w.settings.seed, p.int(0, 39));
  const first = drawStay(w, t, { email, name: travellerName(p), future: true });
  const names = distinctNames(w, first.guestName, travellers);
  const client = clientById(p.chance(0.7) ? 'agent-portal@2.1.0' : 'partner-channel-mgr@1.4.0');
  const ids: string[] = [];
  let ts = t;
  const spacing = Math.min(3 * HOUR, (w.settings.to - t - 30 * MINUTE) / travellers);
  for (const name of names) {
    const c = newCaller(w, client, email);
    const start = browse(w, c, ts);
    const made = createOk(
      w,
      c,
      sameStayFor(first, email, name),
      start,
      client.keys === 'never' ? null : w.ids.key(),
      activeFate(false),
    );
    charge(w, c, made.id, first, made.endTs, 'CAPTURED');
    ids.push(made.id);
    ts = made.endTs + Math.round(p.real(0.2, 1) * spacing);
  }
  w.truth.addGroup('AGENT', ids, email);
}

/**
 * A booking cancelled and then made again (CANCEL_REBOOK), or a channel modification delivered
 * as a cancellation plus a new booking with a changed detail (MODIFICATION).
 */
export function replaced(w: World, t: number, kind: 'CANCEL_REBOOK' | 'MODIFICATION'): void {
  const p = w.prng;
  const client =
    kind === 'MODIFICATION'
      ? clientById(p.pick(['partner-channel-mgr@1.4.0', 'partner-channel-mgr@1.3.7']))
      : releaseAt(
          w.settings.regression,
          clientById(p.pick(['web@2026.11.2', 'ios-app@3.2.1', 'android-app@5.0.3'])),
          t,
        );
  const stay = drawStay(w, t, { future: true });
  const c = newCaller(w, client, stay.guestEmail);
  const firstKey = client.keys === 'never' ? null : w.ids.key();
  const room = w.settings.to - t;
  const cancelAfter = Math.round(Math.min(room * 0.4, p.real(10 * MINUTE, 2 * 24 * HOUR)));
  const reason = kind === 'MODIFICATION' ? 'modified via channel' : p.pick(CANCEL_REASONS.slice(0, 4));
  const start = browse(w, c, t);
  const first = createOk(w, c, stay, start, firstKey, (createdAt) => ({
    status: 'CANCELLED',
    cancelReason: reason,
    updatedAt: createdAt + cancelAfter,
  }));
  const cancelledAt = first.createdAt + cancelAfter;
  charge(w, c, first.id, stay, first.endTs, 'REFUNDED', cancelledAt);
  cancelRequest(w, c, first.id, cancelledAt);
  const next =
    kind === 'MODIFICATION'
      ? p.chance(0.5)
        ? drawStay(w, t, {
            email: stay.guestEmail,
            name: stay.guestName,
            property: stay.property,
            roomTypeId: stay.roomTypeId,
            checkIn: stay.checkIn,
            checkOut: stay.checkOut + 1,
          })
        : { ...stay, guestName: travellerName(p) }
      : stay;
  const c2 = newCaller(w, client, stay.guestEmail);
  const at =
    Math.max(cancelledAt, first.endTs) + retryGapMs(w, client, 0) * MS + Math.round(p.real(0, 20) * MINUTE);
  const second = createOk(
    w,
    c2,
    next,
    Math.min(at, w.settings.to - 10 * MINUTE),
    client.keys === 'never' ? null : w.ids.key(),
    activeFate(false),
  );
  charge(w, c2, second.id, next, second.endTs, 'CAPTURED');
  w.truth.addGroup(kind, [first.id, second.id], stay.guestEmail);
}
