/**
 * Test helpers: the same figures computed on the source (PostgreSQL) and on the warehouse
 * (DuckDB), each in its own SQL, so a test compares the two engines' own arithmetic.
 */
import type pg from 'pg';
import type { Warehouse } from '../../../src/warehouse/index.ts';

export interface Figures {
  reservations: string;
  rateSum: string;
  createdMicros: string;
  updatedMicros: string;
  checkInDays: string;
  payments: string;
  amountSum: string;
  refundedSum: string;
  paymentMicros: string;
  records: string;
  locks: string;
  lockMicros: string;
  logs: string;
  logMicros: string;
}

const PG_FIGURES = `
SELECT
  (SELECT count(*) FROM "Reservation")::text AS reservations,
  (SELECT coalesce(sum("rateAmount"), 0)::numeric(20,2)::text FROM "Reservation") AS "rateSum",
  (SELECT coalesce(sum((extract(epoch FROM "createdAt") * 1000000)::bigint), 0)::text FROM "Reservation") AS "createdMicros",
  (SELECT coalesce(sum((extract(epoch FROM "updatedAt") * 1000000)::bigint), 0)::text FROM "Reservation") AS "updatedMicros",
  (SELECT coalesce(sum("checkIn" - date '2000-01-01' + "checkOut" - date '2000-01-01'), 0)::text FROM "Reservation") AS "checkInDays",
  (SELECT count(*) FROM "Payment")::text AS payments,
  (SELECT coalesce(sum(amount), 0)::numeric(20,2)::text FROM "Payment") AS "amountSum",
  (SELECT coalesce(sum("refundedAmount"), 0)::numeric(20,2)::text FROM "Payment") AS "refundedSum",
  (SELECT coalesce(sum((extract(epoch FROM "updatedAt") * 1000000)::bigint), 0)::text FROM "Payment") AS "paymentMicros",
  (SELECT count(*) FROM "IdempotencyRecord")::text AS records,
  (SELECT count(*) FROM "IdempotencyLock")::text AS locks,
  (SELECT coalesce(sum((extract(epoch FROM coalesce("releasedAt", "createdAt")) * 1000000)::bigint), 0)::text FROM "IdempotencyLock") AS "lockMicros",
  (SELECT count(*) FROM api_logs WHERE endpoint LIKE '/api/v1/reservations%')::text AS logs,
  (SELECT coalesce(sum((extract(epoch FROM "timestamp") * 1000000)::bigint), 0)::text FROM api_logs WHERE endpoint LIKE '/api/v1/reservations%') AS "logMicros"`;

const DUCK_FIGURES = `
SELECT
  (SELECT count(*) FROM reservation)::VARCHAR AS reservations,
  (SELECT coalesce(sum(rate_amount), 0)::DECIMAL(20,2)::VARCHAR FROM reservation) AS "rateSum",
  (SELECT coalesce(sum(epoch_us(created_at)), 0)::VARCHAR FROM reservation) AS "createdMicros",
  (SELECT coalesce(sum(epoch_us(updated_at)), 0)::VARCHAR FROM reservation) AS "updatedMicros",
  (SELECT coalesce(sum((check_in - DATE '2000-01-01') + (check_out - DATE '2000-01-01')), 0)::VARCHAR FROM reservation) AS "checkInDays",
  (SELECT count(*) FROM payment)::VARCHAR AS payments,
  (SELECT coalesce(sum(amount), 0)::DECIMAL(20,2)::VARCHAR FROM payment) AS "amountSum",
  (SELECT coalesce(sum(refunded_amount), 0)::DECIMAL(20,2)::VARCHAR FROM payment) AS "refundedSum",
  (SELECT coalesce(sum(epoch_us(updated_at)), 0)::VARCHAR FROM payment) AS "paymentMicros",
  (SELECT count(*) FROM idempotency_record)::VARCHAR AS records,
  (SELECT count(*) FROM idempotency_lock)::VARCHAR AS locks,
  (SELECT coalesce(sum(epoch_us(coalesce(released_at, created_at))), 0)::VARCHAR FROM idempotency_lock) AS "lockMicros",
  (SELECT count(*) FROM api_log)::VARCHAR AS logs,
  (SELECT coalesce(sum(epoch_us(ts)), 0)::VARCHAR FROM api_log) AS "logMicros"`;

export async function sourceFigures(client: pg.ClientBase): Promise<Figures> {
  return (await client.query<Figures>(PG_FIGURES)).rows[0]!;
}

export async function warehouseFigures(wh: Warehouse): Promise<Figures> {
  return (await wh.one<Figures & Record<string, unknown>>(DUCK_FIGURES))!;
}

/**
 * Every warehouse table as a row count and a digest of its rows in key order, each row rendered
 * by DuckDB itself, so two warehouses compare value by value without shipping every row to JS.
 */
export async function warehouseRows(wh: Warehouse, withState = true): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const tables = ['reservation', 'payment', 'idempotency_record', 'idempotency_lock', 'api_log'];
  for (const t of withState ? [...tables, 'extract_state'] : tables) {
    const order =
      t === 'idempotency_record' ? 'idempotency_key' : t === 'extract_state' ? 'table_name' : 'id';
    out[t] = await wh.one(
      `SELECT count(*)::INTEGER AS rows, md5(coalesce(string_agg(x::VARCHAR, chr(10) ORDER BY x.${order}), '')) AS digest
       FROM ${t} x`,
    );
  }
  return out;
}
