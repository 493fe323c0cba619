/**
 * One ordinary booking, with the everyday noise around it that is not a duplicate: a 400 for a
 * missing field, a timeout after which nothing was created and the retry worked, a timeout after
 * which the retry with the same key got the original back, idempotent replays, a 409 for an
 * in-flight retry, a key reused with another body (422). Some guests book under an agency's
 * address (different traveller names, different stays).
 */

import { planFate } from './booking-fate.ts';
import { type ChargeOutcome, charge } from './charges.ts';
import { CLIENT_WEIGHTS, type ClientProfile, clientById } from './clients.ts';
import { afterBooking, cancelRequest } from './follow-ups.ts';
import { agencyEmail, spell, travellerName } from './guests.ts';
import {
  browse,
  type Created,
  conflict,
  createOk,
  createTimedOut,
  newCaller,
  rejected,
  replay,
} from './requests.ts';
import { retryGapMs } from './retry-gap.ts';
import { drawStay } from './stay.ts';
import { MS, SECOND } from './time.ts';
import type { World } from './world.ts';

const OUTCOMES = {
  CAPTURED: 81,
  AUTHORIZED: 6,
  PENDING: 2,
  FAILED: 2.5,
  PARTIALLY_REFUNDED: 2.5,
  NONE: 4,
  FAILED_THEN_CAPTURED: 2,
} as const;

const CANCELLED_PAYS = { REFUNDED: 55, PARTIALLY_REFUNDED: 25, NONE: 20 } as const;
const KEYED_NOISE = {
  none: 95.2,
  lostTimeout: 0.6,
  replayedTimeout: 1.2,
  replay: 1.8,
  conflict: 0.8,
  reused: 0.4,
} as const;
const UNKEYED_NOISE = { none: 99.3, lostTimeout: 0.7 } as const;

/** One ordinary booking starting at `t`, by a client drawn by its share of traffic unless given. */
export function normalBooking(
  w: World,
  t: number,
  client: ClientProfile = clientById(w.prng.weighted(CLIENT_WEIGHTS)),
): void {
  const p = w.prng;
  const agency = p.chance(0.03);
  const base = agency
    ? drawStay(w, t, { email: agencyEmail(w.settings.seed, p.int(0, 39)), name: travellerName(p) })
    : drawStay(w, t);
  const stay = { ...base, guestEmail: spell(p, base.guestEmail, 0.04) };
  const c = newCaller(w, client, stay.guestEmail);
  let ts = browse(w, c, t);
  if (p.chance(0.01)) ts = rejected(w, c, ts, null, 400) + retryGapMs(w, client, 0) * MS;
  const cancel = p.chance(0.07);
  const drawn = p.weighted(OUTCOMES);
  const outcome: ChargeOutcome | 'NONE' = cancel
    ? p.weighted(CANCELLED_PAYS)
    : drawn === 'FAILED_THEN_CAPTURED'
      ? 'CAPTURED'
      : drawn;
  const plan = planFate(w, stay, outcome, cancel);
  let key = client.keys === 'never' ? null : w.ids.key();
  // Only clients that keep one key per booking can be answered with a replay or a 409.
  const noise = client.keys === 'per-booking' ? p.weighted(KEYED_NOISE) : p.weighted(UNKEYED_NOISE);
  let made: Created;
  switch (noise) {
    case 'lostTimeout': {
      const lost = createTimedOut(w, c, ts, key, null, plan.fate);
      if (client.keys === 'per-call') key = w.ids.key();
      made = createOk(w, c, stay, lost.endTs + retryGapMs(w, client, 0) * MS, key, plan.fate);
      break;
    }
    case 'replayedTimeout': {
      const first = createTimedOut(w, c, ts, key, stay, plan.fate, 2);
      made = first.created!;
      replay(w, c, first.endTs + retryGapMs(w, client, 0) * MS, key!, made.id);
      break;
    }
    case 'replay':
      made = createOk(w, c, stay, ts, key, plan.fate, { recordAttempts: 2 });
      replay(w, c, made.endTs + Math.round(p.real(0.2, 40) * SECOND), key!, made.id);
      break;
    case 'conflict': {
      made = createOk(w, c, stay, ts, key, plan.fate, { durationMs: p.int(2_500, 8_000) });
      conflict(w, c, ts + Math.round((made.endTs - ts) * p.real(0.3, 0.8)), key!);
      break;
    }
    case 'reused':
      made = createOk(w, c, stay, ts, key, plan.fate);
      rejected(w, c, made.endTs + Math.round(p.real(20, 600) * SECOND), key, 422);
      break;
    case 'none':
      made = createOk(w, c, stay, ts, key, plan.fate);
      break;
    default:
      throw new Error(`unknown noise ${noise}`);
  }
  const cancelledAt = plan.cancelledAt();
  if (drawn === 'FAILED_THEN_CAPTURED' && !cancel) charge(w, c, made.id, stay, made.endTs, 'FAILED');
  if (outcome !== 'NONE')
    charge(
      w,
      c,
      made.id,
      stay,
      made.endTs + (drawn === 'FAILED_THEN_CAPTURED' ? 40 * SECOND : 0),
      outcome,
      cancelledAt ?? undefined,
    );
  afterBooking(w, c, made.id, made.endTs, cancelledAt ?? w.settings.to);
  if (cancelledAt !== null) cancelRequest(w, c, made.id, cancelledAt);
}
