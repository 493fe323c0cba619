/**
 * The four ways one intended booking becomes several reservations (root-causes.md), each
 * written with the trail it leaves: the creating requests (keys or none, timing, overlap, the
 * timed-out attempt), the reservations, and the IdempotencyLock / IdempotencyRecord rows.
 * Every function returns the reservations in order of creation (the first is the intended one)
 * and the arrival times of all creating requests, timed-out ones included. The variants that
 * change the trail itself have their own files (late-commit.ts, clock-drift.ts, retry-loop.ts);
 * `attempt` picks the writer for a cause and variant.
 */

import { channelName } from './channel-name.ts';
import { clientById } from './clients.ts';
import { clockDriftRace, clockDriftTimeout } from './clock-drift.ts';
import { spell } from './guests.ts';
import { initialName } from './initials.ts';
import { lateCommit, multiAttemptTimeout } from './late-commit.ts';
import type { Prng } from './prng.ts';
import type { DuplicateVariant } from './realities.ts';
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
import { retryLoop } from './retry-loop.ts';
import { DAY, HOUR, MINUTE, MS } from './time.ts';
import type { Stay, World } from './world.ts';

export type Cause = 'NO_KEY' | 'TIMEOUT_RETRY' | 'RACE' | 'MISSING_DEDUP';

export interface Attempted {
  readonly members: readonly { readonly created: Created; readonly caller: Caller }[];
  readonly requestTs: readonly number[];
}

type Fates = (createdAt: number) => Fate;

/** How a copy writes the guest's name, when it writes it differently from the booking. */
export type Rename = (p: Prng, name: string) => string;

/** The stay as the `i`-th request sends it: the first as the guest typed it, later ones renamed. */
function renamed(w: World, stay: Stay, i: number, rename: Rename | undefined): Stay {
  return rename && i > 0 ? { ...stay, guestName: rename(w.prng, stay.guestName) } : stay;
}

/** The channel managers that re-deliver bookings (and rewrite names as they go). */
const CHANNEL_MANAGERS = ['partner-channel-mgr@1.4.0', 'partner-channel-mgr@1.3.7'] as const;
/** A guest's other app: one that sends no keys, or one that sends one per booking. */
const KEYLESS_APPS = ['web@2026.11.2', 'web@2026.10.5'] as const;
const KEYED_APPS = ['ios-app@3.2.1', 'android-app@5.0.3'] as const;

/**
 * Two or three 201s without a key. A person submitting again starts a new session (a new
 * correlation id) seconds to a minute later; an HTTP library re-sends the same request 0.5-2 s
 * later with its headers, so the correlation id stays.
 */
export function noKey(
  w: World,
  c: Caller,
  stay: Stay,
  ts: number,
  copies: number,
  fate: Fates,
  by: 'person' | 'library',
  rename?: Rename,
): Attempted {
  const members: { created: Created; caller: Caller }[] = [];
  let at = ts;
  let caller = c;
  for (let i = 0; i <= copies; i++) {
    const created = createOk(w, caller, renamed(w, stay, i, rename), at, null, fate);
    members.push({ created, caller });
    if (by === 'library') {
      at += Math.round(w.prng.real(500, 2_000)) * MS;
    } else {
      at += retryGapMs(w, c.client, 0, 'human') * MS;
      caller = newCaller(w, c.client, c.email);
    }
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
  rename?: Rename,
): Attempted {
  const members: { created: Created; caller: Caller }[] = [];
  const requestTs: number[] = [];
  const keyFor = (): string | null => (c.client.keys === 'never' ? null : w.ids.key());
  let at = ts;
  // copies = 2: a second timeout before success, which may or may not have created a booking too.
  const timeouts = copies === 2 || w.prng.chance(0.12) ? 2 : 1;
  for (let i = 0; i < timeouts; i++) {
    const creates = i === 0 || copies === 2;
    const r = createTimedOut(w, c, at, keyFor(), creates ? renamed(w, stay, i, rename) : null, fate);
    requestTs.push(at);
    if (r.created) members.push({ created: r.created, caller: c });
    at = r.endTs + retryGapMs(w, c.client, i) * MS;
  }
  const created = createOk(w, c, renamed(w, stay, timeouts, rename), at, keyFor(), fate);
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

/** How long after a submission the same booking comes again when nothing deduplicates it. */
function resendGap(w: World, endTs: number, left: number): number {
  const p = w.prng;
  const room = w.settings.to - endTs - 20 * MINUTE;
  const wanted = p.chance(0.15)
    ? p.real(1.5, 5) * DAY
    : Math.min(30 * HOUR, Math.max(4 * MINUTE, p.logNormal(50 * MINUTE, 1.3)));
  return endTs + Math.round(Math.max(3 * MINUTE, Math.min(wanted, room / left)));
}

/**
 * The same booking sent again much later under a new key (or none): a re-delivery, a key per
 * call. With `rename`, the copies come through a channel manager or GDS feed that writes the
 * guest's name its own way (channel-name.ts, initials.ts).
 */
export function missingDedup(
  w: World,
  c: Caller,
  stay: Stay,
  ts: number,
  copies: number,
  fate: Fates,
  rename?: Rename,
): Attempted {
  const p = w.prng;
  const members: { created: Created; caller: Caller }[] = [];
  const via = rename ? clientById(p.pick(CHANNEL_MANAGERS)) : c.client;
  let at = ts;
  let caller = c;
  for (let i = 0; i <= copies; i++) {
    const key = caller.client.keys === 'never' ? null : w.ids.key();
    const guestName = rename && i > 0 ? rename(p, stay.guestName) : stay.guestName;
    const created = createOk(w, caller, { ...stay, guestEmail: caller.email, guestName }, at, key, fate);
    members.push({ created, caller });
    at = resendGap(w, created.endTs, copies - i + 1);
    caller = newCaller(w, via, spell(p, c.email.trim(), 0.1));
  }
  return { members, requestTs: members.map((m) => m.created.requestTs) };
}

/**
 * One booking sent twice, one request with an Idempotency-Key and the other without. NO_KEY: the
 * same app re-sends within a retry's reach through a path that drops the key (or adds one on the
 * retry only). MISSING_DEDUP: the guest books again minutes or hours later in another app, one
 * that sends keys where the first did not, or the other way round.
 */
export function mixedKeys(
  w: World,
  cause: 'NO_KEY' | 'MISSING_DEDUP',
  c: Caller,
  stay: Stay,
  ts: number,
  fate: Fates,
): Attempted {
  const p = w.prng;
  const keyFirst = cause === 'NO_KEY' ? p.chance(0.7) : c.client.keys !== 'never';
  const first = createOk(w, c, stay, ts, keyFirst ? w.ids.key() : null, fate);
  let caller: Caller;
  let at: number;
  if (cause === 'NO_KEY') {
    const library = c.client.retries === 'library';
    caller = library ? c : newCaller(w, c.client, c.email);
    at = ts + (library ? Math.round(p.real(500, 2_000)) : retryGapMs(w, c.client, 0, 'human')) * MS;
  } else {
    const other = clientById(p.pick(keyFirst ? KEYLESS_APPS : KEYED_APPS));
    caller = newCaller(w, other, spell(p, c.email.trim(), 0.1));
    at = resendGap(w, first.endTs, 1);
  }
  const second = createOk(
    w,
    caller,
    { ...stay, guestEmail: caller.email },
    at,
    keyFirst ? null : w.ids.key(),
    fate,
  );
  const members = [
    { created: first, caller: c },
    { created: second, caller },
  ];
  return { members, requestTs: members.map((m) => m.created.requestTs) };
}

/** The variants whose keyless copies an HTTP library re-sent, rather than a person. */
const byLibrary = (v: DuplicateVariant): boolean => v === 'library-retry' || v === 'release-regression';

export function attempt(
  w: World,
  cause: Cause,
  c: Caller,
  stay: Stay,
  ts: number,
  copies: number,
  fate: Fates,
  variant: DuplicateVariant = 'clean',
): Attempted {
  if (variant === 'mixed-keys' && (cause === 'NO_KEY' || cause === 'MISSING_DEDUP'))
    return mixedKeys(w, cause, c, stay, ts, fate);
  if (variant === 'retry-loop' && cause === 'NO_KEY') return retryLoop(w, c, stay, ts, fate);
  if (variant === 'late-commit' && cause === 'TIMEOUT_RETRY') return lateCommit(w, c, stay, ts, fate);
  if (variant === 'multi-attempt-timeout' && cause === 'TIMEOUT_RETRY')
    return multiAttemptTimeout(w, c, stay, ts, fate);
  if (variant === 'clock-drift' && cause === 'RACE') return clockDriftRace(w, c, stay, ts, fate);
  if (variant === 'clock-drift' && cause === 'TIMEOUT_RETRY') return clockDriftTimeout(w, c, stay, ts, fate);
  const rename: Rename | undefined =
    variant === 'initials' ? initialName : variant === 'channel-name' ? channelName : undefined;
  switch (cause) {
    case 'NO_KEY':
      return noKey(w, c, stay, ts, copies, fate, byLibrary(variant) ? 'library' : 'person', rename);
    case 'TIMEOUT_RETRY':
      return timeoutRetry(w, c, stay, ts, copies, fate, rename);
    case 'RACE':
      return race(w, c, stay, ts, copies, fate);
    case 'MISSING_DEDUP':
      return missingDedup(w, c, stay, ts, copies, fate, rename);
    default:
      throw new Error(`unknown root cause ${String(cause)}`);
  }
}
