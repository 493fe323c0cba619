/**
 * Clocks that disagree (root-causes.md, "Clocks that disagree"): the gateway host that logged
 * one creating request ran 1-8 s ahead of or behind the database. Its api_logs row carries the
 * host's clock (requests.ts `hostSkew`, applied where the row is written, so the timeline still
 * orders ids by the logged time); Reservation.createdAt, the IdempotencyLock and
 * IdempotencyRecord rows carry the database's. A caller starts these requests at least 8 s into
 * its scenario, so a clock behind never writes into minutes already written.
 */
import type { Attempted } from './dup-causes.ts';
import { type Caller, createOk, createTimedOut, cutOff, type Fate, postDurationMs } from './requests.ts';
import { retryGapMs } from './retry-gap.ts';
import { MS, SECOND } from './time.ts';
import type { Stay, World } from './world.ts';

type Fates = (createdAt: number) => Fate;

const SKEW_MIN = SECOND;
const SKEW_MAX = 8 * SECOND;

/**
 * Two requests with one key that ran at the same time in the booking service, one of them logged
 * by a host whose clock was off just enough that the logged intervals no longer overlap. The
 * database shows the concurrency: the first request's lock acquired at t1 and released at r1,
 * the second's failed acquisition inside (t1, r1) (or no lock row when it skipped the lock), and
 * one IdempotencyRecord with attempts = 2.
 */
export function clockDriftRace(w: World, c: Caller, stay: Stay, ts: number, fate: Fates): Attempted {
  const p = w.prng;
  const key = w.ids.key();
  // Short enough that a skew of at most 8 s can pull the two logged intervals apart.
  const firstMs = Math.round(Math.min(4_000, Math.max(700, postDurationMs(p) + 600)));
  const secondMs = Math.round(Math.min(3_000, postDurationMs(p)));
  const secondTs = ts + p.int(2, Math.min(400, firstMs - 100)) * MS + p.int(0, 999);
  const firstEnd = ts + firstMs * MS;
  const secondEnd = secondTs + secondMs * MS;
  const skewSecond = p.chance(0.5);
  const ahead = p.chance(0.5);
  // How far the skewed request's logged interval must move to clear the other one.
  const need = skewSecond
    ? ahead
      ? firstEnd - secondTs
      : secondEnd - ts
    : ahead
      ? secondEnd - ts
      : firstEnd - secondTs;
  const size = Math.min(SKEW_MAX, Math.max(SKEW_MIN, need + p.int(20, 900) * MS));
  const skew = ahead ? size : -size;
  const t1 = ts + p.int(900, 6_000);
  const first = createOk(w, c, stay, ts, key, fate, {
    durationMs: firstMs,
    recordAttempts: 2,
    lockAt: t1,
    hostSkew: skewSecond ? 0 : skew,
  });
  const lock = p.chance(0.6) ? 'failed' : 'none';
  const second = createOk(w, c, stay, secondTs, key, fate, {
    durationMs: secondMs,
    lock,
    recordAttempts: 0,
    lockAt: Math.max(secondTs + p.int(900, 6_000), t1 + p.int(100, 900)),
    hostSkew: skewSecond ? skew : 0,
  });
  const members = [
    { created: first, caller: c },
    { created: second, caller: c },
  ].sort((a, b) => a.created.createdAt - b.created.createdAt);
  const logged = [ts + (skewSecond ? 0 : skew), secondTs + (skewSecond ? skew : 0)];
  return { members, requestTs: logged.sort((a, b) => a - b) };
}

/**
 * A request cut off after the booking was made, logged by a host whose clock was off: the
 * booking committed early in the request and the host ran ahead (its logged start comes after
 * the commit), or late in it and the host ran behind (its logged end comes before). The retry
 * passed a host on time.
 */
export function clockDriftTimeout(w: World, c: Caller, stay: Stay, ts: number, fate: Fates): Attempted {
  const p = w.prng;
  const cut = cutOff(w, c.client);
  const endTs = ts + cut.durationMs * MS;
  const size = p.int(SKEW_MIN / MS, SKEW_MAX / MS) * MS;
  const ahead = p.chance(0.5);
  const createdAt = ahead ? ts + p.int(150 * MS, size - 100 * MS) : endTs - p.int(50 * MS, size - 100 * MS);
  const key = c.client.keys === 'never' ? null : w.ids.key();
  const skew = ahead ? size : -size;
  const cutOne = createTimedOut(w, c, ts, key, stay, fate, 1, { cut, createdAt, hostSkew: skew }).created!;
  const retryTs = endTs + retryGapMs(w, c.client, 0) * MS;
  const retry = createOk(w, c, stay, retryTs, c.client.keys === 'never' ? null : w.ids.key(), fate);
  return {
    members: [
      { created: cutOne, caller: c },
      { created: retry, caller: c },
    ],
    requestTs: [ts + skew, retryTs],
  };
}
