/**
 * Builds small, hand-made booking histories straight into a warehouse for rule tests: each
 * helper writes one row of a canonical table with sensible defaults, so a test states only
 * what matters to it.
 */
import type { Warehouse } from '../../src/warehouse/index.ts';

let seq = 0;
const next = (prefix: string): string => `${prefix}-${++seq}`;

export const T0 = Date.parse('2026-11-02T10:00:00Z');
/** An ISO instant `ms` milliseconds after T0. */
export const at = (ms: number): string => new Date(T0 + ms).toISOString();

export interface ReservationSpec {
  id?: string;
  email?: string;
  name?: string | null;
  roomTypeId?: string;
  checkIn?: string;
  checkOut?: string;
  rate?: string;
  currency?: string;
  status?: string;
  key?: string | null;
  createdAt: string;
}

export async function addReservation(wh: Warehouse, spec: ReservationSpec): Promise<string> {
  const id = spec.id ?? next('res');
  await wh.exec(
    `INSERT INTO reservation VALUES ($id, $conf, $email, $name, 'prop-1', $room, $ci::DATE, $co::DATE, $rate::DECIMAL(18,2),
      $cur, $status, NULL, $key, $created::TIMESTAMPTZ, $created::TIMESTAMPTZ)`,
    {
      id,
      conf: `CONF-${id}`,
      email: spec.email ?? 'ann@example.com',
      name: spec.name === undefined ? 'Ann Lee' : spec.name,
      room: spec.roomTypeId ?? 'room-dbl',
      ci: spec.checkIn ?? '2027-02-15',
      co: spec.checkOut ?? '2027-02-18',
      rate: spec.rate ?? '120.00',
      cur: spec.currency ?? 'EUR',
      status: spec.status ?? 'CONFIRMED',
      key: spec.key ?? null,
      created: spec.createdAt,
    },
  );
  return id;
}

export interface RequestSpec {
  id?: string;
  at: string;
  durationMs?: number;
  status?: number | null;
  reservationId?: string | null;
  key?: string | null;
  email?: string;
  clientId?: string | null;
  correlationId?: string | null;
  error?: string | null;
  method?: string;
}

let logId = 0;
export async function addRequest(wh: Warehouse, spec: RequestSpec): Promise<string> {
  const requestId = spec.id ?? next('req');
  const status = spec.status === undefined ? 201 : spec.status;
  await wh.exec(
    `INSERT INTO api_log VALUES ($log_id, $ts::TIMESTAMPTZ, $req, $corr, $key, $email, $client, '/api/v1/reservations',
      $method, $status, $response, $duration, $error)`,
    {
      log_id: ++logId,
      ts: spec.at,
      req: requestId,
      corr: spec.correlationId ?? null,
      key: spec.key ?? null,
      email: spec.email ?? 'ann@example.com',
      client: spec.clientId === undefined ? 'ios-app@3.2.1' : spec.clientId,
      method: spec.method ?? 'POST',
      status,
      response: spec.reservationId ? JSON.stringify({ id: spec.reservationId }) : null,
      duration: spec.durationMs ?? 180,
      error: spec.error ?? null,
    },
  );
  return requestId;
}

export async function addPayment(
  wh: Warehouse,
  spec: {
    reservationId: string;
    status?: string;
    amount?: string;
    refunded?: string;
    currency?: string;
    createdAt: string;
  },
): Promise<string> {
  const id = next('pay');
  await wh.exec(
    `INSERT INTO payment VALUES ($id, $res, $status, $amount::DECIMAL(18,2), $refunded::DECIMAL(18,2), $cur, NULL,
      $created::TIMESTAMPTZ, $created::TIMESTAMPTZ)`,
    {
      id,
      res: spec.reservationId,
      status: spec.status ?? 'CAPTURED',
      amount: spec.amount ?? '360.00',
      refunded: spec.refunded ?? '0.00',
      cur: spec.currency ?? 'EUR',
      created: spec.createdAt,
    },
  );
  return id;
}

let lockId = 0;
/**
 * An IdempotencyLock row: `createdAt` is the acquisition attempt, `acquired` false a failed or
 * skipped one, `releasedAt` the release (none: never released).
 */
export async function addLock(
  wh: Warehouse,
  spec: {
    key: string;
    requestId: string | null;
    acquired: boolean;
    createdAt: string;
    releasedAt?: string | null;
  },
): Promise<void> {
  await wh.exec(
    'INSERT INTO idempotency_lock VALUES ($id, $key, $req, $acq, $created::TIMESTAMPTZ, $released::TIMESTAMPTZ)',
    {
      id: ++lockId,
      key: spec.key,
      req: spec.requestId,
      acq: spec.acquired,
      created: spec.createdAt,
      released: spec.releasedAt ?? null,
    },
  );
}

/** An IdempotencyRecord row: the key, the reservation it produced, and the attempts counted on it. */
export async function addRecord(
  wh: Warehouse,
  spec: {
    key: string;
    reservationId: string | null;
    createdAt: string;
    attempts?: number;
    statusCode?: number;
  },
): Promise<void> {
  await wh.exec(
    'INSERT INTO idempotency_record VALUES ($key, $res, $code, $attempts, $created::TIMESTAMPTZ)',
    {
      key: spec.key,
      res: spec.reservationId,
      code: spec.statusCode ?? 201,
      attempts: spec.attempts ?? 1,
      created: spec.createdAt,
    },
  );
}

/** A reservation and the 201 request that created it, `ms` after T0. */
export async function booked(
  wh: Warehouse,
  ms: number,
  spec: Partial<ReservationSpec> & {
    clientId?: string | null;
    correlationId?: string | null;
    durationMs?: number;
  } = {},
): Promise<{ reservationId: string; requestId: string }> {
  const reservationId = await addReservation(wh, { ...spec, createdAt: at(ms + 50) });
  const requestId = await addRequest(wh, {
    at: at(ms),
    reservationId,
    key: spec.key ?? null,
    ...(spec.email ? { email: spec.email } : {}),
    ...(spec.clientId !== undefined ? { clientId: spec.clientId } : {}),
    correlationId: spec.correlationId ?? null,
    durationMs: spec.durationMs ?? 180,
  });
  return { reservationId, requestId };
}
