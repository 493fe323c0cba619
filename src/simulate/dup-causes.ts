/**
 * The four ways one intended booking becomes several reservations (root-causes.md), each
 * written with the trail it leaves: the creating requests (keys or none, timing, overlap, the
 * timed-out attempt), the reservations, and the IdempotencyLock / IdempotencyRecord rows.
 * Every function returns the reservations in order of creation (the first is the intended one)
 * and the arrival times of all creating requests, timed-out ones included.
 */

import { spell } from './guests.ts';
import {
  type Caller,
  type Created,
  createOk,
  createTimedOut,
  type Fate,
  newCaller,
  postDurationMs,
} from './requests.ts';
import { retryGapMs } from './retry-gap.ts';
import { DAY, HOUR, MINUTE, MS } from './time.ts';
import type { Stay, World } from './world.ts';

export type Cause = 'NO_KEY' | 'TIMEOUT_RETRY' | 'RACE' | 'MISSING_DEDUP';

export interface Attempted {
  readonly members: readonly { readonly created: Created; readonly caller: Caller }[];
  readonly requestTs: readonly number[];
}

type Fates = (createdAt: number) => Fate;

/** Two or three 201s without a key: a library retrying, or someone clicking again. */
export function noKey(w: World, c: Caller, stay: Stay, ts: number, copies: number, fate: Fates): Attempted {
  const members: { created: Created; caller: Caller }[] = [];
  let at = ts;
  for (let i = 0; i <= copies; i++) {
    const created = createOk(w, c, stay, at, null, fate);
    members.push({ created, caller: c });
    // Channel managers' HTTP libraries retry like any other library; their slow re-sends are MISSING_DEDUP.
    const gap =
      c.client.retries === 'human' ? retryGapMs(w, c.client, 0) : Math.round(w.prng.real(500, 2_000));
    at += gap * MS;
  }
  return { members, requestTs: members.map((m) => m.created.requestTs) };
}

/** The first POST timed out although the booking was made; the retry carried no key or a fresh one. */
export function timeoutRetry(
  w: World,
  c: Caller,
  stay: Stay,
  ts: number,
  copies: number,
  fate: Fates,
): Attempted {
  const members: { created: Created; caller: Caller }[] = [];
  const requestTs: number[] = [];
  const keyFor = (): string | null => (c.client.keys === 'never' ? null : w.ids.key());
  let at = ts;
  // copies = 2: a second timeout before success, which may or may not have created a booking too.
  const timeouts = copies === 2 || w.prng.chance(0.12) ? 2 : 1;
  for (let i = 0; i < timeouts; i++) {
    const creates = i === 0 || copies === 2;
    const r = createTimedOut(w, c, at, keyFor(), creates ? stay : null, fate);
    requestTs.push(at);
    if (r.created) members.push({ created: r.created, caller: c });
    at = r.endTs + retryGapMs(w, c.client, i) * MS;
  }
  const created = createOk(w, c, stay, at, keyFor(), fate);
  members.push({ created, caller: c });
  requestTs.push(at);
  return { members, requestTs };
}

/** Two (rarely three) requests with one key, overlapping; the lock failed or was never taken. */
export function race(w: World, c: Caller, stay: Stay, ts: number, copies: number, fate: Fates): Attempted {
  const key = w.ids.key();
  const n = copies + 1;
  const firstMs = Math.max(700, postDurationMs(w.prng) + 600);
  const members: { created: Created; caller: Caller }[] = [
    { created: createOk(w, c, stay, ts, key, fate, { durationMs: firstMs, recordAttempts: n }), caller: c },
  ];
  for (let i = 1; i < n; i++) {
    const at = ts + w.prng.int(2, Math.min(400, firstMs - 100)) * MS + w.prng.int(0, 999);
    const lock = w.prng.chance(0.6) ? 'failed' : 'none';
    members.push({ created: createOk(w, c, stay, at, key, fate, { lock, recordAttempts: 0 }), caller: c });
  }
  members.sort((a, b) => a.created.createdAt - b.created.createdAt);
  return { members, requestTs: members.map((m) => m.created.requestTs).sort((a, b) => a - b) };
}

/** The same booking sent again much later under a new key (or none): a re-delivery, a key per call. */
export function missingDedup(
  w: World,
  c: Caller,
  stay: Stay,
  ts: number,
  copies: number,
  fate: Fates,
): Attempted {
  const p = w.prng;
  const members: { created: Created; caller: Caller }[] = [];
  let at = ts;
  let caller = c;
  for (let i = 0; i <= copies; i++) {
    const key = c.client.keys === 'never' ? null : w.ids.key();
    const created = createOk(w, caller, { ...stay, guestEmail: caller.email }, at, key, fate);
    members.push({ created, caller });
    const room = w.settings.to - created.endTs - 20 * MINUTE;
    const wanted = p.chance(0.15)
      ? p.real(1.5, 5) * DAY
      : Math.min(30 * HOUR, Math.max(4 * MINUTE, p.logNormal(50 * MINUTE, 1.3)));
    at = created.endTs + Math.round(Math.max(3 * MINUTE, Math.min(wanted, room / (copies - i + 1))));
    caller = newCaller(w, c.client, spell(p, c.email.trim(), 0.1));
  }
  return { members, requestTs: members.map((m) => m.created.requestTs) };
}

export function attempt(
  w: World,
  cause: Cause,
  c: Caller,
  stay: Stay,
  ts: number,
  copies: number,
  fate: Fates,
): Attempted {
  switch (cause) {
    case 'NO_KEY':
      return noKey(w, c, stay, ts, copies, fate);
    case 'TIMEOUT_RETRY':
      return timeoutRetry(w, c, stay, ts, copies, fate);
    case 'RACE':
      return race(w, c, stay, ts, copies, fate);
    case 'MISSING_DEDUP':
      return missingDedup(w, c, stay, ts, copies, fate);
    default:
      throw new Error(`unknown root cause ${String(cause)}`);
  }
}
