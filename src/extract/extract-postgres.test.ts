import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceFigures, warehouseFigures, warehouseRows } from '../../test/support/extract/compare.ts';
import { createSourceDatabase, type SourceDatabase } from '../../test/support/extract/source-db.ts';
import { ConfigError, ExternalError } from '../errors/index.ts';
import { Warehouse } from '../warehouse/index.ts';
import { extract } from './index.ts';

const WINDOW = { from: '2026-02-01T00:00:00Z', to: '2026-02-02T00:00:00Z' };
const BULK = readFileSync(new URL('../../test/support/extract/bulk-rows.sql', import.meta.url), 'utf8');

let src: SourceDatabase;
beforeAll(async () => {
  src = await createSourceDatabase('extract_pg', true);
  await src.client.query(BULK);
});
afterAll(async () => {
  await src?.close();
});

async function extracted(source = src.source()): Promise<Warehouse> {
  const wh = await Warehouse.open(':memory:');
  await extract({ source, warehouse: wh, window: WINDOW, runId: 'test' });
  return wh;
}

describe('extract from PostgreSQL', () => {
  it('lands every row with the same counts and exact sums of money, epoch microseconds and dates', async () => {
    const wh = await extracted();
    try {
      const expected = await sourceFigures(src.client);
      expect(Number(expected.reservations)).toBe(20005);
      expect(await warehouseFigures(wh)).toEqual(expected);
      // The load's own DuckDB settings do not outlive it.
      expect(await wh.one("SELECT current_setting('force_compression') AS c")).toEqual({ c: 'auto' });
    } finally {
      wh.close();
    }
  });

  it('keeps empty strings apart from NULL and text with commas, quotes, newlines and Unicode intact', async () => {
    const wh = await extracted();
    try {
      const { rows } = await src.client.query(
        `SELECT id, "confirmationNumber", "guestEmail", "guestName", "cancelReason", "idempotencyKey", currency
         FROM "Reservation" WHERE id NOT LIKE 'g%'`,
      );
      const landed = await wh.all(
        `SELECT id, confirmation_number, guest_email, guest_name, cancel_reason, idempotency_key, currency
         FROM reservation WHERE id NOT LIKE 'g%'`,
      );
      expect(landed.map((r) => Object.values(r)).sort()).toEqual(rows.map((r) => Object.values(r)).sort());
      expect(landed.find((r) => r['id'] === 'r1')).toMatchObject({ guest_name: '', cancel_reason: null });
      expect(landed.find((r) => r['id'] === 'r2')).toMatchObject({ guest_name: null, cancel_reason: '' });
      const logs = await src.client.query(
        `SELECT "requestId", response::text AS response, "correlationId", error FROM api_logs
         WHERE endpoint LIKE '/api/v1/reservations%' AND "requestId" LIKE 'req-%' ORDER BY id`,
      );
      const landedLogs = await wh.all(
        `SELECT request_id, response, correlation_id, error FROM api_log WHERE request_id LIKE 'req-%' ORDER BY id`,
      );
      expect(landedLogs.map((r) => Object.values(r))).toEqual(logs.rows.map((r) => Object.values(r)));
    } finally {
      wh.close();
    }
  });

  it('keeps the instant and the microseconds of every timestamptz', async () => {
    const wh = await extracted();
    try {
      const { rows } = await src.client.query<{ id: string; created: string }>(
        `SELECT id, to_char("createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created
         FROM "Reservation" ORDER BY id`,
      );
      const landed = await wh.all<{ id: string; created_at: string }>(
        'SELECT id, created_at FROM reservation',
      );
      const got = new Map(landed.map((r) => [r.id, r.created_at]));
      expect(rows.filter((r) => got.get(r.id) !== r.created)).toEqual([]);
      expect(got.size).toBe(rows.length);
    } finally {
      wh.close();
    }
  });

  it('extracts a renamed layout through the table mapping exactly as the reference layout', async () => {
    await src.client.query(`
      CREATE SCHEMA booking;
      CREATE TABLE booking.bookings AS
        SELECT id AS booking_id, "confirmationNumber", "guestEmail" AS email, "guestName", "propertyId", "roomTypeId",
               "checkIn" AS arrival, "checkOut" AS departure, "rateAmount" AS rate, currency, status, "cancelReason",
               "idempotencyKey", "createdAt" AS created, "updatedAt" AS modified
        FROM "Reservation";
      CREATE TABLE booking."Payment" AS SELECT * FROM "Payment";
      CREATE TABLE booking."IdempotencyRecord" AS SELECT * FROM "IdempotencyRecord";
      CREATE TABLE booking."IdempotencyLock" AS SELECT * FROM "IdempotencyLock";
      CREATE TABLE booking."gateway log" AS SELECT id, "timestamp" AS "received at", "requestId", "correlationId",
        "idempotencyKey", "guestEmail", "clientId", endpoint AS path, method, status, response, duration, error FROM api_logs;`);
    const mapped = src.source({
      tables: {
        Reservation: {
          schema: 'booking',
          name: 'bookings',
          columns: {
            id: 'booking_id',
            guestEmail: 'email',
            checkIn: 'arrival',
            checkOut: 'departure',
            rateAmount: 'rate',
            createdAt: 'created',
            updatedAt: 'modified',
          },
        },
        Payment: { schema: 'booking' },
        IdempotencyRecord: { schema: 'booking' },
        IdempotencyLock: { schema: 'booking' },
        api_logs: {
          schema: 'booking',
          name: 'gateway log',
          columns: { timestamp: 'received at', endpoint: 'path' },
        },
      },
    });
    const [reference, renamed] = [await extracted(), await extracted(mapped)];
    try {
      expect(await warehouseRows(renamed, false)).toEqual(await warehouseRows(reference, false));
      expect((await warehouseRows(renamed, false))['reservation']).toMatchObject({ rows: 20005 });
    } finally {
      reference.close();
      renamed.close();
    }
  });

  it('refuses an unknown source column with the setting to fix', async () => {
    const wh = await Warehouse.open(':memory:');
    try {
      const bad = src.source({ tables: { Reservation: { columns: { guestEmail: 'email_address' } } } });
      const err = await extract({ source: bad, warehouse: wh, window: WINDOW, runId: 'x' }).catch((e) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.setting).toBe('source.tables.Reservation.columns.guestEmail');
      expect(err.message).toContain('email_address');
    } finally {
      wh.close();
    }
  });

  it('refuses an unknown source table and an unknown reference column with their settings', async () => {
    const wh = await Warehouse.open(':memory:');
    try {
      const noTable = src.source({ tables: { Payment: { name: 'payments' } } });
      const e1 = await extract({ source: noTable, warehouse: wh, window: WINDOW, runId: 'x' }).catch(
        (e) => e,
      );
      expect(e1).toBeInstanceOf(ConfigError);
      expect(e1.setting).toBe('source.tables.Payment.name');
      const noRef = src.source({ tables: { api_logs: { columns: { ts: 'timestamp' } } } });
      const e2 = await extract({ source: noRef, warehouse: wh, window: WINDOW, runId: 'x' }).catch((e) => e);
      expect(e2).toBeInstanceOf(ConfigError);
      expect(e2.setting).toBe('source.tables.api_logs.columns.ts');
    } finally {
      wh.close();
    }
  });

  it('keeps one row of a key a source repeats (a mapped view without a unique key), recording the copies that disagree', async () => {
    await src.client.query(`CREATE VIEW payments_twice AS
      SELECT * FROM "Payment" UNION ALL SELECT * FROM "Payment" WHERE id = 'p2'
      UNION ALL SELECT id, "reservationId", 'REFUNDED', amount, amount, currency, "providerChargeId", "createdAt",
        "updatedAt" FROM "Payment" WHERE id = 'p1'`);
    const wh = await Warehouse.open(':memory:');
    try {
      const source = src.source({ tables: { Payment: { name: 'payments_twice' } } });
      await extract({ source, warehouse: wh, window: WINDOW, runId: 'x' });
      const n = await wh.one<{ n: number }>('SELECT count(*)::INTEGER AS n FROM payment');
      const { rows } = await src.client.query<{ n: number }>('SELECT count(*)::int AS n FROM "Payment"');
      expect(n).toEqual({ n: rows[0]!.n });
      expect(await wh.all('SELECT table_name, row_id, copies FROM source_conflict')).toEqual([
        { table_name: 'Payment', row_id: 'p1', copies: 2 },
      ]);
    } finally {
      wh.close();
    }
  });

  it('works with a role that may only SELECT, and never needs more', async () => {
    const role = `resrecon_ro_${randomBytes(4).toString('hex')}`;
    await src.client.query(`CREATE ROLE ${role} LOGIN NOINHERIT`);
    try {
      await src.client.query(`GRANT CONNECT ON DATABASE "${src.db.name}" TO ${role};
        GRANT USAGE ON SCHEMA public TO ${role};
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${role};
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        REVOKE TEMPORARY ON DATABASE "${src.db.name}" FROM PUBLIC;`);
      const url = new URL(src.db.url);
      url.username = role;
      const wh = await extracted(src.source({ url: url.toString() }));
      try {
        expect(await warehouseFigures(wh)).toEqual(await sourceFigures(src.client));
      } finally {
        wh.close();
      }
    } finally {
      const admin = new pg.Client({ connectionString: src.db.url });
      await admin.connect();
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.end();
      await src.client.query(`DROP ROLE ${role}`).catch(() => undefined);
    }
  });

  it('names the source, without its password, when it cannot connect', async () => {
    const wh = await Warehouse.open(':memory:');
    try {
      const url = 'postgresql://someone:s3cret-pw@127.0.0.1:1/nowhere';
      const err = await extract({
        source: src.source({ url }),
        warehouse: wh,
        window: WINDOW,
        runId: 'x',
      }).catch((e) => e);
      expect(err).toBeInstanceOf(ExternalError);
      expect(err.message).toContain('127.0.0.1:1');
      expect(err.message).toContain('source.url');
      expect(err.message).not.toContain('s3cret-pw');
    } finally {
      wh.close();
    }
  });
});
