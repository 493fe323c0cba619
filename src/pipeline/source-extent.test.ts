import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyRetention, Warehouse } from '../warehouse/index.ts';
import { sourceExtent } from './source-extent.ts';

let wh: Warehouse;
beforeEach(async () => {
  wh = await Warehouse.open(':memory:');
  await wh.exec(`INSERT INTO reservation (id, guest_email, check_in, check_out, status, created_at) VALUES
    ('old-1', 'a@x.test', DATE '2026-01-10', DATE '2026-01-12', 'CHECKED_OUT', TIMESTAMPTZ '2025-12-01 10:00:00+00'),
    ('old-2', 'b@x.test', DATE '2026-01-10', DATE '2026-01-12', 'CHECKED_OUT', TIMESTAMPTZ '2025-12-20 10:00:00+00'),
    ('coming', 'c@x.test', DATE '2026-07-01', DATE '2026-07-03', 'CONFIRMED', TIMESTAMPTZ '2025-12-10 10:00:00+00')`);
});
afterEach(() => wh.close());

describe('sourceExtent', () => {
  it('counts the bookings retention has let go, and their newest creation, as still in the source', async () => {
    await applyRetention(wh, { to: '2026-06-01T00:00:00Z', stayMarginDays: 30, logDays: 30, keep: [] });
    expect(await wh.all('SELECT id FROM reservation')).toEqual([{ id: 'coming' }]);
    expect(await sourceExtent(wh)).toEqual({ bookings: 3, newestCreatedAt: '2025-12-20T10:00:00.000000Z' });
    // A second retention lets nothing more go and counts nothing twice.
    await applyRetention(wh, { to: '2026-06-02T00:00:00Z', stayMarginDays: 30, logDays: 30, keep: [] });
    expect((await sourceExtent(wh)).bookings).toBe(3);
  });

  it('reads the warehouse alone while retention has let nothing go', async () => {
    expect(await sourceExtent(wh)).toEqual({ bookings: 3, newestCreatedAt: '2025-12-20T10:00:00.000000Z' });
  });
});
