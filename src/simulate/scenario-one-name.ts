/**
 * Several rooms bought in one checkout under one name: many booking engines put the booker's
 * name and email on every room unless each guest is typed in. Everything about the rooms is the
 * same (stay, room type, rate), so what says they were bought together is the checkout itself:
 * one session (one correlation id) whose creating requests run one after another, each answered
 * 201, with Idempotency-Keys numbered per room ("<cart key>-1", "<cart key>-2") or no keys at all;
 * then one payment for the whole cart on the first room, or one charge per room made within the
 * same second. A keyless checkout charged per room leaves no trail that a re-sent request would
 * not leave too: its label says so (indistinguishable).
 */
import { activeFate } from './booking-fate.ts';
import { charge, stayAmountMinor } from './charges.ts';
import { CLIENTS, clientById } from './clients.ts';
import { afterBooking } from './follow-ups.ts';
import { browse, type Created, createOk, newCaller } from './requests.ts';
import { drawStay } from './stay.ts';
import { MS, SECOND } from './time.ts';
import type { PaymentKind } from './truth.ts';
import type { World } from './world.ts';

/**
 * One checkout of `rooms` rooms under one name. `keyed` and `payment` choose the variant; left
 * null, the client's key habit and chance decide, as in a multi-room checkout.
 */
export function oneNameCheckout(
  w: World,
  t: number,
  rooms: number,
  keyed: boolean | null = null,
  payment: PaymentKind | null = null,
): void {
  const p = w.prng;
  const client =
    keyed === null
      ? p.chance(0.25)
        ? clientById('agent-portal@2.1.0')
        : p.pick(CLIENTS.filter((c) => c.multiRoom))
      : p.pick(CLIENTS.filter((c) => c.multiRoom && (c.keys !== 'never') === keyed));
  const withKeys = client.keys !== 'never';
  const paymentKind: PaymentKind = payment ?? (p.chance(0.5) ? 'cart' : 'per-room');
  const stay = drawStay(w, t, { future: true });
  const c = newCaller(w, client, stay.guestEmail, true);
  const cartKey = withKeys ? w.ids.key() : null;
  const made: Created[] = [];
  let ts = browse(w, c, t);
  for (let i = 0; i < rooms; i++) {
    const room = createOk(w, c, stay, ts, cartKey === null ? null : `${cartKey}-${i + 1}`, activeFate(false));
    made.push(room);
    ts = room.endTs + p.int(15, 400) * MS;
  }
  const last = made[made.length - 1]!;
  const outcome = p.chance(0.9) ? 'CAPTURED' : 'AUTHORIZED';
  if (paymentKind === 'cart') {
    const amountMinor = made.length * stayAmountMinor(stay);
    charge(w, c, made[0]!.id, stay, last.endTs, outcome, undefined, { amountMinor });
  } else {
    // One request per room, sent together: the rows are created within the same second
    // (a first offset of at most 60 ms, then steps adding up to less than 900 ms).
    let at =
      Math.ceil((last.endTs + Math.round(p.real(12, 30) * SECOND)) / SECOND) * SECOND + p.int(0, 60) * MS;
    const step = Math.floor(900 / rooms);
    for (const room of made) {
      charge(w, c, room.id, stay, last.endTs, outcome, undefined, { at });
      at += p.int(5, step) * MS;
    }
  }
  for (const room of made) afterBooking(w, c, room.id, room.endTs, w.settings.to);
  w.truth.addGroup(
    withKeys ? 'ONE_NAME_KEYED' : 'ONE_NAME_KEYLESS',
    made.map((m) => m.id),
    stay.guestEmail,
    undefined,
    paymentKind,
    !withKeys && paymentKind === 'per-room',
  );
}
