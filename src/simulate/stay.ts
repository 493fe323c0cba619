/**
 * Draws what a guest books: who, where, which room, when and at what price. Lead times run from
 * the same day to 300 days ahead, stays are mostly one to four nights with a long tail. A stay
 * never reuses a grouping key (normalised email, dates, room type) already taken by another
 * booking, so the only groups in the data are the ones the simulator means and labels.
 */
import { drawRateMinor, type Property } from './catalog.ts';
import { guest } from './guests.ts';
import { dayNumber } from './time.ts';
import type { Stay, World } from './world.ts';

const NIGHTS: Readonly<Record<string, number>> = {
  '1': 30,
  '2': 27,
  '3': 17,
  '4': 10,
  '5': 5,
  '6': 3,
  '7': 4,
  long: 4,
};
const ROOM_PICK = [0, 1, 1, 1, 2, 2, 3, 1, 4, 5, 6];

export interface StayOptions {
  readonly email?: string;
  readonly name?: string;
  readonly property?: Property;
  readonly roomTypeId?: string;
  readonly checkIn?: number;
  readonly checkOut?: number;
  /** Check-in strictly after the window: the booking is still active when the history ends. */
  readonly future?: boolean;
}

export function normalise(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * A 30-bit hash of the grouping key (normalised email, dates, room type). Kept as small integers
 * rather than strings: a million keys then cost the garbage collector nothing. A collision only
 * moves a stay by a day, which is harmless.
 */
export function groupKeyHash(email: string, checkIn: number, checkOut: number, roomTypeId: string): number {
  let h = 0x811c9dc5;
  let start = 0;
  let end = email.length;
  while (start < end && email.charCodeAt(start) === 32) start++;
  while (end > start && email.charCodeAt(end - 1) === 32) end--;
  for (let i = start; i < end; i++) {
    const ch = email.charCodeAt(i);
    h = Math.imul(h ^ (ch >= 65 && ch <= 90 ? ch + 32 : ch), 0x01000193);
  }
  for (let i = 0; i < roomTypeId.length; i++) h = Math.imul(h ^ roomTypeId.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ checkIn, 0x01000193);
  h = Math.imul(h ^ checkOut, 0x01000193);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/** A guest index skewed towards regulars: a few guests book often, most once or twice. */
function pickGuest(w: World): { name: string; email: string } {
  const n = Math.floor(w.settings.guests * w.prng.next() ** 1.4);
  return guest(w.settings.seed, n);
}

export function drawStay(w: World, at: number, o: StayOptions = {}): Stay {
  const p = w.prng;
  const person = o.email !== undefined ? { email: o.email, name: o.name ?? '' } : pickGuest(w);
  const props = w.settings.properties;
  const property = o.property ?? props[Math.floor(props.length * p.next() ** 1.3)]!;
  const rooms = property.roomTypes;
  const roomTypeId = o.roomTypeId ?? rooms[Math.min(rooms.length - 1, p.pick(ROOM_PICK))]!.id;
  const room = rooms.find((r) => r.id === roomTypeId)!;
  const today = dayNumber(at);
  const lastDay = dayNumber(w.settings.to);
  let checkIn = o.checkIn ?? today + (p.chance(0.18) ? p.int(0, 6) : Math.min(300, Math.floor(p.exp(38))));
  if (o.future && o.checkIn === undefined && checkIn <= lastDay) checkIn = lastDay + 1 + p.int(0, 45);
  const n = p.weighted(NIGHTS);
  let nights = o.checkOut !== undefined ? o.checkOut - checkIn : n === 'long' ? p.int(8, 28) : Number(n);
  // Another booking already holds this key: this guest is not booking that stay twice, move it.
  while (w.takenKeys.has(groupKeyHash(person.email, checkIn, checkIn + nights, roomTypeId))) {
    if (o.checkIn !== undefined) nights++;
    else checkIn++;
  }
  w.takenKeys.add(groupKeyHash(person.email, checkIn, checkIn + nights, roomTypeId));
  return {
    guestEmail: person.email,
    guestName: person.name,
    property,
    roomTypeId,
    checkIn,
    checkOut: checkIn + nights,
    rateMinor: drawRateMinor(p, property, room),
  };
}

/** The same stay for another occupant (a second room of one checkout, another agency traveller). */
export function sameStayFor(stay: Stay, email: string, name: string): Stay {
  return { ...stay, guestEmail: email, guestName: name };
}
