import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRetention } from './apply-retention.ts';
import { Warehouse } from './warehouse.ts';

const TO = '2026-06-01T00:00:00Z';
const settings = { to: TO, stayMarginDays: 30, logDays: 30 };

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open(':memory:');
  // Stays that ended 31 days before the window end (gone), 29 days before (kept), and one that
  // ended long ago but a pending plan still acts on (kept).
  await wh.exec(`INSERT INTO reservation (id, guest_email, check_in, check_out, status, created_at) VALUES
    ('ended', 'a@x.test', DATE '2026-04-27', DATE '2026-04-30', 'CONFIRMED', TIMESTAMPTZ '2026-03-01 10:00:00+00'),
    ('recent', 'b@x.test', DATE '2026-04-30', DATE '2026-05-03', 'CONFIRMED', TIMESTAMPTZ '2026-03-01 10:00:00+00'),
    ('planned', 'c@x.test', DATE '2026-01-01', DATE '2026-01-03', 'CONFIRMED', TIMESTAMPTZ '2025-12-01 10:00:00+00'),
    ('undated', 'd@x.test', NULL, NULL, 'CONFIRMED', TIMESTAMPTZ '2026-01-01 10:00:00+00')`);
  await wh.exec(`INSERT INTO payment (id, reservation_id, status, amount, created_at) VALUES
    ('pay-ended', 'ended', 'SUCCEEDED', 100, TIMESTAMPTZ '2026-03-01 10:00:00+00'),
    ('pay-recent', 'recent', 'SUCCEEDED', 100, TIMESTAMPTZ '2026-03-01 10:00:00+00'),
    ('pay-planned', 'planned', 'SUCCEEDED', 100, TIMESTAMPTZ '2025-12-01 10:00:00+00'),
    ('pay-orphan', 'never-held', 'SUCCEEDED', 100, TIMESTAMPTZ '2025-12-01 10:00:00+00'),
    ('pay-young-orphan', 'never-held', 'SUCCEEDED', 100, TIMESTAMPTZ '2026-05-20 10:00:00+00')`);
  await wh.exec(`INSERT INTO api_log (id, ts, request_id) VALUES
    (1, TIMESTAMPTZ '2026-05-01 23:59:59+00', 'old'), (2, TIMESTAMPTZ '2026-05-02 00:00:00+00', 'at-cut'),
    (3, TIMESTAMPTZ '2026-05-20 00:00:00+00', 'young')`);
  await wh.exec(`INSERT INTO idempotency_record (idempotency_key, created_at) VALUES
    ('k-old', TIMESTAMPTZ '2026-04-01 00:00:00+00'), ('k-young', TIMESTAMPTZ '2026-05-20 00:00:00+00')`);
  await wh.exec(`INSERT INTO idempotency_lock (id, key, created_at) VALUES
    (1, 'k-old', TIMESTAMPTZ '2026-04-01 00:00:00+00'), (2, 'k-young', TIMESTAMPTZ '2026-05-20 00:00:00+00')`);
  await wh.exec(`INSERT INTO source_conflict VALUES
    ('Reservation', 'ended', 2, TIMESTAMPTZ '2026-03-01 10:00:00+00'),
    ('api_logs', '1', 2, TIMESTAMPTZ '2026-05-01 23:59:59+00'),
    ('api_logs', '3', 2, TIMESTAMPTZ '2026-05-20 00:00:00+00')`);
});
afterAll(() => wh?.close());

const ids = async (sql: string): Promise<string[]> =>
  (await wh.all<{ id: string }>(sql)).map((r) => String(r.id)).sort();

describe('applyRetention', () => {
  it('lets go of stays ended more than the margin before the window end with their payments, and of payments without a booking once older than the logs, keeping kept bookings and rows younger than the cut', async () => {
    let cutSeen: string | null = null;
    const result = await applyRetention(wh, {
      ...settings,
      keep: ['planned'],
      withCut: async (cut) => {
        cutSeen = cut;
      },
    });
    expect(result.deleted).toEqual({
      reservation: 2,
      payment: 2,
      api_log: 1,
      idempotency_record: 1,
      idempotency_lock: 1,
    });
    expect(result.logCut).toBe('2026-05-02T00:00:00.000000Z');
    expect(cutSeen).toBe(result.logCut);
    expect(await ids('SELECT id FROM reservation')).toEqual(['planned', 'recent']);
    expect(await ids('SELECT id FROM payment')).toEqual(['pay-planned', 'pay-recent', 'pay-young-orphan']);
    expect(await ids('SELECT request_id AS id FROM api_log')).toEqual(['at-cut', 'young']);
    expect(await ids('SELECT idempotency_key AS id FROM idempotency_record')).toEqual(['k-young']);
    expect(await ids('SELECT key AS id FROM idempotency_lock')).toEqual(['k-young']);
    expect(await ids("SELECT table_name || ':' || row_id AS id FROM source_conflict")).toEqual([
      'api_logs:3',
    ]);
  });

  it('lets go of nothing more when the same window runs again', async () => {
    const result = await applyRetention(wh, { ...settings, keep: ['planned'] });
    expect(Object.values(result.deleted).every((n) => n === 0)).toBe(true);
  });

  it('keeps everything a backfill of an older window reads: the cuts count from its end, not the clock', async () => {
    const result = await applyRetention(wh, { ...settings, to: '2026-02-01T00:00:00Z', keep: [] });
    expect(result.deleted.reservation).toBe(0);
    expect(result.deleted.api_log).toBe(0);
  });

  it('rolls the deletes back when the work that commits with them fails', async () => {
    await expect(
      applyRetention(wh, {
        ...settings,
        keep: [],
        withCut: async () => {
          throw new Error('boom');
        },
      }),
    ).rejects.toThrow('boom');
    expect(await ids('SELECT id FROM reservation')).toEqual(['planned', 'recent']);
  });
});
