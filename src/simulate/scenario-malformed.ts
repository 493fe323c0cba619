/**
 * A booking the API accepted although the row cannot be judged: a blank guest email, check-out
 * on or before check-in, or a status from a newer API version. Everything around it is ordinary
 * (browsing, the 201 with its id, the key's rows, the payment, later views), so only the one
 * column is wrong. The payment is charged for the stay the guest meant, never for a negative
 * number of nights. These bookings never join a duplicate set or a look-alike group.
 */
import { planFate } from './booking-fate.ts';
import { charge } from './charges.ts';
import { CLIENT_WEIGHTS, clientById } from './clients.ts';
import { afterBooking } from './follow-ups.ts';
import { travellerName } from './guests.ts';
import { releaseAt } from './release-regression.ts';
import { browse, createOk, newCaller } from './requests.ts';
import { drawStay } from './stay.ts';
import type { Defect } from './truth.ts';
import type { Stay, World } from './world.ts';

const OUTCOMES = { CAPTURED: 85, AUTHORIZED: 7, PENDING: 4, FAILED: 4 } as const;
/** Statuses a newer API version knows and this schema's enum does not. */
const NEWER_STATUSES = ['ON_HOLD', 'WAITLISTED'] as const;

/** The stay as it was meant, and the stay as the row holds it. */
function stays(w: World, t: number, defect: Defect): { meant: Stay; written: Stay } {
  const p = w.prng;
  if (defect === 'BLANK_EMAIL') {
    // Drawn under the blank address itself, so two blank rows never share a grouping key.
    const stay = drawStay(w, t, { email: p.chance(0.5) ? '' : '   ', name: travellerName(p) });
    return { meant: stay, written: stay };
  }
  const meant = drawStay(w, t);
  if (defect === 'DATES_REVERSED') {
    const swapped = p.chance(0.5);
    return {
      meant,
      written: {
        ...meant,
        checkIn: swapped ? meant.checkOut : meant.checkIn,
        checkOut: swapped ? meant.checkIn : meant.checkIn,
      },
    };
  }
  return { meant, written: meant };
}

export function malformedBooking(w: World, t: number, defect: Defect): void {
  const p = w.prng;
  const client = releaseAt(w.settings.regression, clientById(p.weighted(CLIENT_WEIGHTS)), t);
  const { meant, written } = stays(w, t, defect);
  const c = newCaller(w, client, written.guestEmail);
  const ts = browse(w, c, t);
  const outcome = p.weighted(OUTCOMES);
  const plan = planFate(w, meant, outcome, false);
  const fate =
    defect === 'UNKNOWN_STATUS'
      ? (createdAt: number) => ({ ...plan.fate(createdAt), status: p.pick(NEWER_STATUSES) })
      : plan.fate;
  const key = client.keys === 'never' ? null : w.ids.key();
  const made = createOk(w, c, written, ts, key, fate);
  w.truth.addMalformed(made.id, defect);
  charge(w, c, made.id, meant, made.endTs, outcome);
  afterBooking(w, c, made.id, made.endTs, w.settings.to);
}
