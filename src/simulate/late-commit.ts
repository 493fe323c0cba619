/**
 * Timeouts as production shows them beyond the clean case (root-causes.md, "The backend commits
 * after the gateway gave up" and "Timeouts in several attempts"). The gateway (504, 524 behind a
 * CDN) or the client itself (499, or no status) gives up at the ceiling of the client's profile,
 * while the backend goes on and commits the booking 1-60 s after the request ended, sometimes
 * after the retry's own booking. A keyed request still names its booking: the reservation keeps
 * its key, the key's IdempotencyRecord points at it and the lock is released just after the
 * commit (requests.ts createTimedOut). A keyless one has only the guest's email, the client and
 * the time.
 */
import type { Attempted } from './dup-causes.ts';
import { type Caller, type Created, createOk, createTimedOut, cutOff, type Fate } from './requests.ts';
import { retryGapMs } from './retry-gap.ts';
import { MS, SECOND } from './time.ts';
import type { Stay, World } from './world.ts';

type Fates = (createdAt: number) => Fate;

/** A key per attempt for a client that mints them, none for a keyless one. */
const keyFor = (w: World, c: Caller): string | null => (c.client.keys === 'never' ? null : w.ids.key());

/** When a backend that outlived the request commits: 1-60 s after the request's end. */
const lateBy = (w: World): number => w.prng.int(1_000, 60_000) * MS + w.prng.int(0, 999);

/**
 * One request cut off, the booking committed after it ended, and the retry's own booking. In
 * about a third of the sets the late commit comes after the retry's booking; otherwise before it
 * when the retry leaves time for that (a library retrying within a second mostly does not).
 */
export function lateCommit(w: World, c: Caller, stay: Stay, ts: number, fate: Fates): Attempted {
  const p = w.prng;
  const cut = cutOff(w, c.client);
  const endTs = ts + cut.durationMs * MS;
  const key = keyFor(w, c);
  const retryTs = endTs + retryGapMs(w, c.client, 0) * MS;
  const retry = createOk(w, c, stay, retryTs, keyFor(w, c), fate);
  const first = endTs + SECOND;
  const last = endTs + 60 * SECOND;
  const beforeRetry = retry.createdAt - 200 * MS;
  const createdAt =
    !p.chance(1 / 3) && beforeRetry > first
      ? p.int(first, Math.min(last, beforeRetry))
      : Math.min(last, Math.max(first, retry.createdAt + p.int(300, 20_000) * MS));
  const late = createTimedOut(w, c, ts, key, stay, fate, 1, { cut, createdAt }).created!;
  const members = [
    { created: late, caller: c },
    { created: retry, caller: c },
  ].sort((a, b) => a.created.createdAt - b.created.createdAt);
  return { members, requestTs: [ts, retryTs] };
}

/**
 * Two or three attempts cut off before the one that succeeds, each with its own key (or none).
 * The first attempt made a booking, while it hung or late; a later one that timed out made one
 * too about two times in five. Every booking made is a member.
 */
export function multiAttemptTimeout(w: World, c: Caller, stay: Stay, ts: number, fate: Fates): Attempted {
  const p = w.prng;
  const members: { created: Created; caller: Caller }[] = [];
  const requestTs: number[] = [];
  const attempts = p.chance(0.6) ? 2 : 3;
  let at = ts;
  for (let i = 0; i < attempts; i++) {
    const cut = cutOff(w, c.client);
    const endTs = at + cut.durationMs * MS;
    const creates = i === 0 || p.chance(0.4);
    const createdAt = creates && p.chance(0.35) ? endTs + lateBy(w) : undefined;
    const r = createTimedOut(w, c, at, keyFor(w, c), creates ? stay : null, fate, 1, { cut, createdAt });
    if (r.created) members.push({ created: r.created, caller: c });
    requestTs.push(at);
    at = endTs + retryGapMs(w, c.client, i) * MS;
  }
  members.push({ created: createOk(w, c, stay, at, keyFor(w, c), fate), caller: c });
  requestTs.push(at);
  members.sort((a, b) => a.created.createdAt - b.created.createdAt);
  return { members, requestTs };
}
