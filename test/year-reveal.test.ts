/**
 * The year bench's source reveals each row on the night it was made, as it was then (a booking
 * as booked, a payment not before its booking, a gateway log row on its own night), and applies
 * a booking's later change (a cancellation) on the night it happened. Hand-made rows on the real server, so the bench can never silently reveal nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepYear, revealNight } from '../scripts/bench/year-source.ts';
import { createTestDatabase, queryRows, type TestDatabase } from './support/pg.ts';

const CUT = ['-infinity', '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z', '2026-03-04T00:00:00Z'];
let db: TestDatabase;

const ids = async (table: string): Promise<string[]> =>
  (await queryRows<{ id: string }>(db.url, `SELECT id::text FROM "${table}" ORDER BY id`)).map((r) => r.id);

beforeAll(async () => {
  db = await createTestDatabase('year_reveal');
  const schema = readFileSync(new URL('../src/simulate/sql/schema.sql', import.meta.url), 'utf8');
  await queryRows(db.url, schema);
  await queryRows(
    db.url,
    `INSERT INTO "Reservation" (id, "confirmationNumber", "guestEmail", "propertyId", "roomTypeId",
       "checkIn", "checkOut", "rateAmount", currency, status, "createdAt", "updatedAt") VALUES
     ('cancelled-on-3', 'C1', 'a@example.com', 'p', 'r', '2026-04-01', '2026-04-03', '120.00', 'EUR',
      'CANCELLED', '2026-03-01T10:00:00Z', '2026-03-03T12:00:00Z'),
     ('booked-on-1', 'C2', 'b@example.com', 'p', 'r', '2026-04-01', '2026-04-03', '99.50', 'EUR',
      'CONFIRMED', '2026-03-01T11:00:00Z', '2026-03-01T11:00:00Z')`,
  );
  await queryRows(
    db.url,
    `INSERT INTO "Payment" (id, "reservationId", status, amount, currency, "createdAt", "updatedAt") VALUES
     ('captured-on-2', 'booked-on-1', 'CAPTURED', '99.50', 'EUR', '2026-03-01T11:00:00Z', '2026-03-02T09:00:00Z'),
     ('waits-for-its-booking', 'cancelled-on-3', 'VOIDED', '120.00', 'EUR', '2026-03-01T10:00:00Z', '2026-03-01T10:05:00Z')`,
  );
  await queryRows(
    db.url,
    `INSERT INTO "IdempotencyRecord" ("idempotencyKey", "resourceId", "statusCode", "createdAt")
     VALUES ('key-1', 'booked-on-1', 201, '2026-03-01T11:00:00Z')`,
  );
  await queryRows(
    db.url,
    `INSERT INTO api_logs (id, "timestamp", "requestId", endpoint, method, status, duration) VALUES
     (7, '2026-03-02T08:00:00Z', 'req-7', '/api/v1/reservations', 'GET', 200, 12)`,
  );
  await keepYear(db.url);
});

afterAll(async () => {
  await db?.drop();
});

describe('the year bench source', () => {
  it('starts every night with empty reference tables and the year kept aside', async () => {
    expect(await ids('Reservation')).toEqual([]);
    expect(await ids('api_logs')).toEqual([]);
    const kept = await queryRows<{ n: string }>(db.url, 'SELECT count(*) AS n FROM year_all."Reservation"');
    expect(kept[0]!.n).toBe('2');
  });

  it('reveals a booking on the night it was made, as it was booked, and changes it on the night it changed', async () => {
    expect(await revealNight(db.url, CUT[0]!, CUT[1]!)).toEqual({
      Reservation: 2,
      'Reservation changed': 0,
      Payment: 2,
      'Payment changed': 0,
      IdempotencyRecord: 1,
      IdempotencyLock: 0,
      api_logs: 0,
    });
    expect(await ids('Reservation')).toEqual(['booked-on-1', 'cancelled-on-3']);
    expect(await ids('Payment')).toEqual(['captured-on-2', 'waits-for-its-booking']);
    const asBooked = await queryRows<{ status: string; updatedAt: Date }>(
      db.url,
      `SELECT status, "updatedAt" FROM "Reservation" WHERE id = 'cancelled-on-3'`,
    );
    expect(asBooked[0]!.status).toBe('CONFIRMED');
    expect(asBooked[0]!.updatedAt.toISOString()).toBe('2026-03-01T10:00:00.000Z');

    expect(await revealNight(db.url, CUT[1]!, CUT[2]!)).toMatchObject({
      Reservation: 0,
      'Reservation changed': 0,
      Payment: 0,
      'Payment changed': 1,
      api_logs: 1,
    });
    expect(await ids('api_logs')).toEqual(['7']);

    expect(await revealNight(db.url, CUT[2]!, CUT[3]!)).toMatchObject({
      Reservation: 0,
      'Reservation changed': 1,
      api_logs: 0,
    });
    const cancelled = await queryRows<{ status: string; updatedAt: Date }>(
      db.url,
      `SELECT status, "updatedAt" FROM "Reservation" WHERE id = 'cancelled-on-3'`,
    );
    expect(cancelled[0]!.status).toBe('CANCELLED');
    expect(cancelled[0]!.updatedAt.toISOString()).toBe('2026-03-03T12:00:00.000Z');
  });
});
