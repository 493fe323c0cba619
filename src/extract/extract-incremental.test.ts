import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceFigures, warehouseFigures, warehouseRows } from '../../test/support/extract/compare.ts';
import { insertHours } from '../../test/support/extract/insert-hours.ts';
import { createSourceDatabase, type SourceDatabase } from '../../test/support/extract/source-db.ts';
import { ExternalError } from '../errors/index.ts';
import { Warehouse } from '../warehouse/index.ts';
import { type ExtractResult, extract } from './index.ts';
import { advanceLogHorizon, olderRequests } from './older-requests.ts';

const WINDOW = { from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' };
const OLD = '2025-12-01T09:00:00Z';
const hour = (h: number): string => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000).toISOString();
const rowsOf = (r: ExtractResult): Record<string, number> =>
  Object.fromEntries(r.tables.map((t) => [t.table, t.rows]));

let src: SourceDatabase;
let wh: Warehouse;
const run = (runId: string, overrides = {}) =>
  extract({ source: src.source(overrides), warehouse: wh, window: WINDOW, runId });

beforeAll(async () => {
  src = await createSourceDatabase('extract_incr', false);
  wh = await Warehouse.open(':memory:');
  await insertHours(src.client, 200, 0);
  // Bookings made a month before the backfill's window.
  await src.client.query(
    `INSERT INTO "Reservation" ("id", "confirmationNumber", "guestEmail", "propertyId", "roomTypeId", "checkIn", "checkOut",
       "rateAmount", currency, status, "createdAt", "updatedAt") VALUES
     ('old-a', 'OA', ' Twin@Example.com', 'p1', 'rt9', '2026-04-01', '2026-04-03', 80, 'EUR', 'CONFIRMED', $1, $1),
     ('old-b', 'OB', 'twin@example.com', 'p1', 'rt9', '2026-04-01', '2026-04-03', 80, 'EUR', 'CANCELLED', $1, $1),
     ('old-c', 'OC', 'twin@example.com', 'p1', 'rt9', '2026-04-01', '2026-04-04', 80, 'EUR', 'CONFIRMED', $1, $1)`,
    [OLD],
  );
});
afterAll(async () => {
  wh?.close();
  await src?.close();
});

// The runs below build on each other, in order: a backfill, then increments.
describe('incremental extract', () => {
  it('backfills on the first run', async () => {
    const result = await run('first');
    expect(result.incremental).toBe(false);
    expect(rowsOf(result)).toEqual({
      Reservation: 203,
      Payment: 200,
      IdempotencyRecord: 200,
      IdempotencyLock: 200,
      api_logs: 200,
    });
    expect(result.highWater['Reservation']).toBe(hour(199).replace('.000Z', '.000000Z'));
  });

  it('after inserts and updates reads exactly those rows, plus the overlap margin before the mark', async () => {
    await insertHours(src.client, 3, 300);
    await src.client.query(
      `UPDATE "Reservation" SET status = 'CANCELLED', "cancelReason" = 'guest', "updatedAt" = $1 WHERE id IN ('r20', 'r21')`,
      [hour(303)],
    );
    await src.client.query(
      `UPDATE "Payment" SET status = 'PARTIALLY_REFUNDED', "refundedAmount" = 10, "updatedAt" = $1 WHERE id = 'pay10'`,
      [hour(304)],
    );
    const result = await run('second');
    expect(result.incremental).toBe(true);
    // Each count: the rows stamped within the 10-minute overlap of the old mark (hour 199),
    // the 3 new ones, and what the 2 updated reservations bring (their keys and locks; their
    // payments did not change and are already in the warehouse); Payment also the refunded pay10.
    expect(rowsOf(result)).toEqual({
      Reservation: 1 + 3 + 2,
      Payment: 1 + 3 + 1,
      IdempotencyRecord: 1 + 3 + 2,
      IdempotencyLock: 1 + 3 + 2,
      api_logs: 1 + 3,
    });
    expect(await warehouseFigures(wh)).toEqual(await sourceFigures(src.client));
    expect(await wh.one("SELECT status, cancel_reason FROM reservation WHERE id = 'r20'")).toEqual({
      status: 'CANCELLED',
      cancel_reason: 'guest',
    });
    expect(result.highWater['Payment']).toBe(hour(304).replace('.000Z', '.000000Z'));
  });

  it('changes nothing when the same window runs again', async () => {
    const before = await warehouseRows(wh, false);
    const marks = (await run('again-1')).highWater;
    const result = await run('again-2');
    expect(result.incremental).toBe(true);
    expect(result.highWater).toEqual(marks);
    expect(await warehouseRows(wh, false)).toEqual(before);
  });

  it('reads the older requests of an old booking that a new one repeats, which the backfill did not reach', async () => {
    // old-a (and its look-alikes old-b, old-c) were read by the backfill, which read requests
    // from its window only: old-a's creating request, a month before, is not in the warehouse.
    const ids = (await wh.all<{ id: string }>("SELECT id FROM reservation WHERE id LIKE 'old-_'")).map(
      (r) => r.id,
    );
    expect(ids.sort()).toEqual(['old-a', 'old-b', 'old-c']);
    // Their requests, as a source that keeps its logs longer holds them.
    await src.client.query(
      `INSERT INTO api_logs ("timestamp", "requestId", "guestEmail", endpoint, method, status, duration, error) VALUES
       ($1::timestamptz - interval '30 seconds', 'old-a-create', 'twin@example.com', '/api/v1/reservations', 'POST', 504, 30000, 'upstream timeout'),
       ($1::timestamptz - interval '30 seconds', 'old-other', 'other@example.com', '/api/v1/reservations', 'POST', 201, 100, NULL),
       ($1::timestamptz - interval '20 seconds', 'old-a-browse', 'twin@example.com', '/api/v1/properties', 'GET', 200, 10, NULL)`,
      [OLD],
    );
    await src.client.query(
      `INSERT INTO "Reservation" ("id", "confirmationNumber", "guestEmail", "propertyId", "roomTypeId", "checkIn", "checkOut",
         "rateAmount", currency, status, "createdAt", "updatedAt") VALUES
       ('new-a', 'NA', 'twin@example.com', 'p1', 'rt9', '2026-04-01', '2026-04-03', 80, 'EUR', 'PENDING', $1, $1)`,
      [hour(400)],
    );
    const result = await run('twins');
    // new-a, and r20/r21 again (stamped at the mark, inside the overlap); old-a did not change.
    expect(rowsOf(result)['Reservation']).toBe(3);
    const requests = await wh.all<{ request_id: string }>(
      "SELECT request_id FROM api_log WHERE request_id LIKE 'old-%'",
    );
    // Only the booking endpoint's request of the guest whose booking was repeated.
    expect(requests.map((r) => r.request_id)).toEqual(['old-a-create']);
  });

  it('reads no older requests for a booking that repeats none made before the logs start', async () => {
    await src.client.query(
      `INSERT INTO "Reservation" ("id", "confirmationNumber", "guestEmail", "propertyId", "roomTypeId", "checkIn", "checkOut",
         "rateAmount", currency, status, "createdAt", "updatedAt") VALUES
       ('new-b', 'NB', 'fresh@example.com', 'p1', 'rt9', '2026-05-01', '2026-05-03', 80, 'EUR', 'PENDING', $1, $1)`,
      [hour(410)],
    );
    await run('fresh');
    expect(await olderRequests(wh, hour(410), 15)).toBeNull();
    // The horizon stays where the backfill's requests began, not at the older ones it added.
    expect(await olderRequests(wh, hour(400), 15)).toEqual({
      emails: ['twin@example.com'],
      since: '2025-12-01T09:00:00.000000Z',
    });
  });

  it('leaves the warehouse as it was when a table fails halfway through the load', async () => {
    await insertHours(src.client, 2, 500);
    await src.client.query(`CREATE VIEW broken_logs AS
      SELECT id, "timestamp", "requestId" || (1 / (id - id))::text AS "requestId", "correlationId", "idempotencyKey",
             "guestEmail", "clientId", endpoint, method, status, response, duration, error FROM api_logs`);
    const before = await warehouseRows(wh, true);
    const err = await run('broken', { tables: { api_logs: { name: 'broken_logs' } } }).catch((e) => e);
    expect(err).toBeInstanceOf(ExternalError);
    expect(err.message).toMatch(/api_logs.*division by zero/);
    expect(await warehouseRows(wh, true)).toEqual(before);
    // The same run without the fault then lands the new rows.
    await run('fixed');
    const landed = await wh.all<{ id: string }>(
      "SELECT id FROM reservation WHERE id IN ('r500', 'r501') ORDER BY id",
    );
    expect(landed.map((r) => r.id)).toEqual(['r500', 'r501']);
    const [source, warehouse] = [await sourceFigures(src.client), await warehouseFigures(wh)];
    expect(warehouse.reservations).toBe(source.reservations);
    expect(warehouse.payments).toBe(source.payments);
  });
  it('moves the log horizon forward to a retention cut and never back, so a booking made before it has its requests read again', async () => {
    // new-b (created 18 January) had its requests in the warehouse; once they are let go at a
    // cut of 20 January, a change to its group reads them again from the source.
    expect(await olderRequests(wh, hour(410), 15)).toBeNull();
    await advanceLogHorizon(wh, '2026-01-20T00:00:00Z');
    await advanceLogHorizon(wh, '2026-01-10T00:00:00Z');
    expect(await wh.all('SELECT logs_from FROM log_horizon')).toEqual([
      { logs_from: '2026-01-20T00:00:00.000000Z' },
    ]);
    expect(await olderRequests(wh, hour(410), 15)).toEqual({
      emails: ['fresh@example.com'],
      since: hour(410).replace('.000Z', '.000000Z'),
    });
  });
});
