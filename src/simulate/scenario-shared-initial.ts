/**
 * Two people of one family, one address: each books the same room type for the same stay in a
 * session of their own, seconds to a minute apart, each paying for their room. One of them is
 * written in full ("Jan Dubois"), the other with only the initial of a given name the first one
 * shares ("J. DUBOIS" for Julie), as some channels and feeds write it. Nothing in the tables
 * tells this from an initials copy re-sent by a person (scenario-duplicate.ts, variant
 * `initials`), so the group is labelled indistinguishable: doubting it is the honest answer.
 */
import { activeFate } from './booking-fate.ts';
import { charge } from './charges.ts';
import { clientById } from './clients.ts';
import { afterBooking } from './follow-ups.ts';
import { givenNamesSharingInitial, spell } from './guests.ts';
import { initialName } from './initials.ts';
import { browse, createOk, newCaller } from './requests.ts';
import { retryGapMs } from './retry-gap.ts';
import { drawStay, sameStayFor } from './stay.ts';
import { MS } from './time.ts';
import type { World } from './world.ts';

const APPS = ['web@2026.11.2', 'web@2026.10.5'] as const;

export function sharedInitial(w: World, t: number): void {
  const p = w.prng;
  const client = clientById(p.pick(APPS));
  const base = drawStay(w, t, { future: true });
  const at = base.guestName.indexOf(' ');
  const surname = base.guestName.slice(at + 1);
  const [first, second] = givenNamesSharingInitial(p);
  const full = `${first} ${surname}`;
  const initial = initialName(p, `${second} ${surname}`);
  const names = p.chance(0.5) ? [full, initial] : [initial, full];
  const ids: string[] = [];
  let ts = t;
  for (const name of names) {
    const c = newCaller(w, client, spell(p, base.guestEmail, 0.1));
    const stay = sameStayFor(base, c.email, name);
    const made = createOk(w, c, stay, browse(w, c, ts), null, activeFate(false));
    charge(w, c, made.id, stay, made.endTs, 'CAPTURED');
    afterBooking(w, c, made.id, made.endTs, w.settings.to);
    ids.push(made.id);
    ts = made.endTs + retryGapMs(w, client, 0, 'human') * MS;
  }
  w.truth.addGroup('SHARED_INITIAL', ids, base.guestEmail, undefined, null, true);
}
