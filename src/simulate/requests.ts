/**
 * The gateway's view of a checkout: browsing availability, the creating POST (succeeding, timing
 * out, racing), idempotent replays and 409s, and what follows (payment, reads, edits). Every
 * helper writes the api_logs rows and, for keyed requests, the IdempotencyLock and
 * IdempotencyRecord rows a well-built server leaves, so the trails stay consistent across tables.
 */
import type { ClientProfile } from './clients.ts';
import type { Prng } from './prng.ts';
import { MS, SECOND } from './time.ts';
import type { Stay, World } from './world.ts';

export const CREATE_ENDPOINT = '/api/v1/reservations';

/** Who is calling, within one checkout or session. */
export interface Caller {
  readonly client: ClientProfile;
  readonly correlationId: string | null;
  /** The address as this caller typed it. */
  readonly email: string;
}

/** What the server did with a booking it created. */
export interface Fate {
  readonly status: string;
  readonly cancelReason: string | null;
  readonly updatedAt: number;
}

export interface Created {
  readonly id: string;
  readonly createdAt: number;
  /** The creating request's arrival and end. */
  readonly requestTs: number;
  readonly endTs: number;
  readonly key: string | null;
  /** The reservation's status when the history ends (its fate). */
  readonly status: string;
}

/** A new session; `correlated` forces a correlation id (a checkout session, a library that sends one). */
export function newCaller(w: World, client: ClientProfile, email: string, correlated = false): Caller {
  const correlationId = correlated || w.prng.chance(client.correlated) ? w.ids.correlation() : null;
  return { client, correlationId, email };
}

export function postDurationMs(prng: Prng): number {
  return Math.min(9_000, Math.max(70, prng.logNormal(420, 0.55)));
}

/** Browsing before the booking: one to three availability searches; returns when the POST starts. */
export function browse(w: World, c: Caller, start: number): number {
  let t = start;
  const n = w.prng.int(1, 3);
  for (let i = 0; i < n; i++) {
    const d = Math.max(15, w.prng.logNormal(70, 0.6));
    w.log({
      ts: t,
      requestId: w.ids.request(),
      correlationId: c.correlationId,
      key: null,
      email: null,
      clientId: c.client.id,
      endpoint: '/api/v1/availability',
      method: 'GET',
      status: 200,
      response: null,
      durationMs: d,
      error: null,
    });
    t += d * MS + w.prng.real(4, 90) * SECOND;
  }
  return t;
}

export interface CreateOptions {
  readonly durationMs?: number;
  readonly status?: 200 | 201;
  /** How the server's lock went for this request (keyed requests only). */
  readonly lock?: 'acquired' | 'failed' | 'none';
  /** Attempts to store on the key's IdempotencyRecord; 0 stores none. Default 1. */
  readonly recordAttempts?: number;
  /** When the lock was tried, on the database's clock; default a few milliseconds after arrival. */
  readonly lockAt?: number;
  /**
   * How far the gateway host's clock is off the database's, microseconds: the api_logs row is
   * written on the host's clock, every database row on the database's. Default 0.
   */
  readonly hostSkew?: number;
}

/** A creating POST that succeeded: 201 with the new id, the reservation, and the key's rows. */
export function createOk(
  w: World,
  c: Caller,
  stay: Stay,
  ts: number,
  key: string | null,
  fate: (createdAt: number) => Fate,
  o: CreateOptions = {},
): Created {
  const durationMs = Math.round(o.durationMs ?? postDurationMs(w.prng));
  const endTs = ts + durationMs * MS;
  const createdAt = ts + Math.round(durationMs * w.prng.real(0.55, 0.92)) * MS + w.prng.int(0, 999);
  const f = fate(createdAt);
  const id = w.reservation({
    stay,
    createdAt,
    key,
    status: f.status,
    cancelReason: f.cancelReason,
    updatedAt: f.updatedAt,
  });
  const requestId = w.ids.request();
  w.log({
    ts: ts + (o.hostSkew ?? 0),
    requestId,
    correlationId: c.correlationId,
    key,
    email: c.email,
    clientId: c.client.id,
    endpoint: CREATE_ENDPOINT,
    method: 'POST',
    status: o.status ?? 201,
    response: `{"id": "${id}"}`,
    durationMs,
    error: null,
  });
  if (key !== null) {
    const lock = o.lock ?? 'acquired';
    if (lock !== 'none')
      w.lock(
        key,
        requestId,
        lock === 'acquired',
        o.lockAt ?? ts + w.prng.int(900, 6_000),
        // A lock that was never acquired is never released.
        lock === 'acquired' ? endTs - w.prng.int(200, 2_000) : null,
      );
    const attempts = o.recordAttempts ?? 1;
    if (attempts > 0) w.record(key, id, 201, attempts, createdAt);
  }
  return { id, createdAt, requestTs: ts, endTs, key, status: f.status };
}

/** How a request that outlived its time ended, as the gateway logged it. */
export interface Cut {
  readonly durationMs: number;
  readonly status: number | null;
  readonly error: string;
}

/**
 * How a request that outlived its time ends: who cut it, when, and what the log says. The client
 * hangs up first when its own timeout is the shorter (499, or no status); otherwise the gateway
 * answers at its ceiling (504, sometimes 502), or a CDN edge in front of it (524).
 */
export function cutOff(w: World, client: ClientProfile): Cut {
  if (client.timeoutMs < client.gatewayMs) {
    const durationMs = client.timeoutMs + w.prng.int(2, 260);
    return { durationMs, status: w.prng.chance(0.7) ? 499 : null, error: 'client closed request' };
  }
  const durationMs =
    client.gatewayMs + Math.round(client.gatewaySpreadMs * w.prng.next() ** 1.5) + w.prng.int(0, 40);
  if (client.behindCdn) return { durationMs, status: 524, error: 'a timeout occurred' };
  return w.prng.chance(0.8)
    ? { durationMs, status: 504, error: 'upstream timeout' }
    : { durationMs, status: 502, error: 'upstream prematurely closed connection' };
}

export interface TimedOutOptions {
  /** How the request was cut, drawn beforehand by a scenario that plans around its end. */
  readonly cut?: Cut;
  /**
   * When the backend committed the booking, on the database's clock; default while the request
   * hung. A backend that goes on after the gateway gave up commits after the request's end.
   */
  readonly createdAt?: number;
  /** The gateway host's clock against the database's, microseconds (CreateOptions.hostSkew). */
  readonly hostSkew?: number;
}

/**
 * A creating POST that never answered the client. With a stay, the server created the booking
 * anyway, while the request hung (or, with `o.createdAt`, when the backend got to it); without,
 * it created nothing. A keyed request's lock is released just after the commit.
 */
export function createTimedOut(
  w: World,
  c: Caller,
  ts: number,
  key: string | null,
  stay: Stay | null,
  fate: (createdAt: number) => Fate,
  recordAttempts = 1,
  o: TimedOutOptions = {},
): { endTs: number; created: Created | null } {
  const cut = o.cut ?? cutOff(w, c.client);
  const endTs = ts + cut.durationMs * MS;
  const requestId = w.ids.request();
  w.log({
    ts: ts + (o.hostSkew ?? 0),
    requestId,
    correlationId: c.correlationId,
    key,
    email: c.email,
    clientId: c.client.id,
    endpoint: CREATE_ENDPOINT,
    method: 'POST',
    status: cut.status,
    response: null,
    durationMs: cut.durationMs,
    error: cut.error,
  });
  if (stay === null) {
    if (key !== null) w.lock(key, requestId, true, ts + w.prng.int(900, 6_000), null);
    return { endTs, created: null };
  }
  const createdAt =
    o.createdAt ?? ts + Math.round(cut.durationMs * w.prng.real(0.3, 0.97)) * MS + w.prng.int(0, 999);
  const f = fate(createdAt);
  const id = w.reservation({
    stay,
    createdAt,
    key,
    status: f.status,
    cancelReason: f.cancelReason,
    updatedAt: f.updatedAt,
  });
  if (key !== null) {
    w.lock(key, requestId, true, ts + w.prng.int(900, 6_000), createdAt + w.prng.int(500, 4_000));
    w.record(key, id, 201, recordAttempts, createdAt);
  }
  return { endTs, created: { id, createdAt, requestTs: ts, endTs, key, status: f.status } };
}

/** A retry of a finished keyed request: the server returns the original result, creating nothing. */
export function replay(w: World, c: Caller, ts: number, key: string, originalId: string): number {
  const durationMs = Math.max(12, w.prng.logNormal(45, 0.5));
  w.log({
    ts,
    requestId: w.ids.request(),
    correlationId: c.correlationId,
    key,
    email: c.email,
    clientId: c.client.id,
    endpoint: CREATE_ENDPOINT,
    method: 'POST',
    status: w.prng.chance(0.6) ? 201 : 200,
    response: `{"id": "${originalId}"}`,
    durationMs,
    error: null,
  });
  return ts + Math.round(durationMs) * MS;
}

/** A retry that arrived while the first request with its key was still running: 409, lock refused. */
export function conflict(w: World, c: Caller, ts: number, key: string): void {
  const requestId = w.ids.request();
  const durationMs = Math.max(8, w.prng.logNormal(25, 0.4));
  w.log({
    ts,
    requestId,
    correlationId: c.correlationId,
    key,
    email: c.email,
    clientId: c.client.id,
    endpoint: CREATE_ENDPOINT,
    method: 'POST',
    status: 409,
    response: '{"error": "a request with this Idempotency-Key is in progress"}',
    durationMs,
    error: null,
  });
  w.lock(key, requestId, false, ts + w.prng.int(500, 4_000), null);
}

/** A rejected creating POST: 400 for a missing field, 422 for a key reused with another payload. */
export function rejected(w: World, c: Caller, ts: number, key: string | null, kind: 400 | 422): number {
  const durationMs = Math.max(6, w.prng.logNormal(22, 0.5));
  const field = w.prng.pick(['guestEmail', 'checkOut', 'roomTypeId', 'guestName', 'paymentMethodId']);
  w.log({
    ts,
    requestId: w.ids.request(),
    correlationId: c.correlationId,
    key,
    email: kind === 400 && field === 'guestEmail' ? null : c.email,
    clientId: c.client.id,
    endpoint: CREATE_ENDPOINT,
    method: 'POST',
    status: kind,
    response:
      kind === 400
        ? `{"error": "missing required field: ${field}"}`
        : '{"error": "Idempotency-Key was already used with a different request body"}',
    durationMs,
    error: null,
  });
  return ts + Math.round(durationMs) * MS;
}
