import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepInSource } from '../../test/support/keep-in-source.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import { ConfigError } from '../errors/index.ts';
import { type SimulationSummary, simulate } from './index.ts';

let db: TestDatabase;
let client: pg.Client;
let summary: SimulationSummary;

const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> =>
  (await client.query<T>(text, values)).rows;

beforeAll(async () => {
  db = await createTestDatabase('sim_invariants');
  summary = await simulate({
    targetUrl: db.url,
    seed: 20261128,
    reservations: 3_000,
    from: '2026-11-01T00:00:00Z',
    to: '2026-11-15T00:00:00Z',
  });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(`SET TimeZone = 'UTC'`);
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** The creating requests (201 POSTs) of some reservations, by reservation id. */
async function creatingRequests(ids: string[]) {
  return q<{
    rid: string;
    ts: string;
    end_ts: string;
    key: string | null;
    client: string;
    correlation: string | null;
  }>(
    `SELECT response->>'id' AS rid, "timestamp"::text AS ts,
            ("timestamp" + duration * interval '1 millisecond')::text AS end_ts,
            "idempotencyKey" AS key, "clientId" AS client, "correlationId" AS correlation
       FROM api_logs WHERE endpoint = '/api/v1/reservations' AND method = 'POST' AND status = 201
        AND response->>'id' = ANY($1) ORDER BY "timestamp"`,
    [ids],
  );
}

const TITLES = new Set(['MR', 'MRS', 'MS']);

/** A name reduced to what a channel cannot change: the given name's and the surname's letters. */
function asWritten(name: string): string {
  const plain = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
  const words = (s: string): string[] => s.split(/\s+/).filter((w) => w !== '' && !TITLES.has(w));
  const letters = (ws: string[]): string => ws.join('').replace(/[^A-Z]/g, '');
  const sep = plain.includes('/') ? '/' : plain.includes(',') ? ',' : null;
  if (sep) {
    const [surname, given] = plain.split(sep) as [string, string];
    return `${letters(words(given))}|${letters(words(surname))}`;
  }
  const ws = words(plain);
  return `${letters(ws.slice(0, 1))}|${letters(ws.slice(1))}`;
}

describe('simulate', () => {
  it('writes exactly the requested number of reservations and reports the rows of every table', async () => {
    const counts = await q<{ r: string; p: string; l: string }>(
      `SELECT (SELECT count(*) FROM "Reservation") r, (SELECT count(*) FROM "Payment") p, (SELECT count(*) FROM api_logs) l`,
    );
    expect(Number(counts[0]!.r)).toBe(3_000);
    expect(Number(counts[0]!.p)).toBe(summary.rows['Payment']);
    expect(Number(counts[0]!.l)).toBe(summary.rows['api_logs']);
    expect(summary.rows['api_logs']! / 3_000).toBeGreaterThan(3.5);
  });

  it('labels every root cause and every look-alike kind, and a multi-room booking with a room sent twice', async () => {
    const causes = await q<{ root_cause: string; n: string }>(
      'SELECT root_cause, count(*) n FROM simulation.duplicate_sets GROUP BY 1',
    );
    expect(causes.map((c) => c.root_cause).sort()).toEqual([
      'MISSING_DEDUP',
      'NO_KEY',
      'RACE',
      'TIMEOUT_RETRY',
    ]);
    const kinds = await q<{ kind: string }>(
      'SELECT DISTINCT kind FROM simulation.lookalike_groups ORDER BY 1',
    );
    expect(kinds.map((k) => k.kind)).toEqual([
      'AGENT',
      'CANCEL_REBOOK',
      'MODIFICATION',
      'MULTI_ROOM',
      'ONE_NAME_KEYED',
      'ONE_NAME_KEYLESS',
      'SHARED_INITIAL',
    ]);
    const mixed = await q(
      `SELECT 1 FROM simulation.duplicate_sets s JOIN simulation.lookalike_groups g ON g.group_no = s.lookalike_group_no
        WHERE g.kind = 'MULTI_ROOM' AND s.keep_reservation_id = ANY(g.reservation_ids)`,
    );
    expect(mixed.length).toBeGreaterThan(0);
  });

  it('gives each duplicate set one grouping key, the one it records, with every member active', async () => {
    const bad = await q(
      `SELECT s.set_no FROM simulation.duplicate_sets s
         JOIN "Reservation" r ON r.id = ANY(s.reservation_ids)
        GROUP BY s.set_no, s.guest_email, s.check_in, s.check_out, s.room_type_id, s.reservation_ids
       HAVING count(*) <> cardinality(s.reservation_ids) OR count(*) < 2
           OR count(DISTINCT (lower(trim(r."guestEmail")), r."checkIn", r."checkOut", r."roomTypeId")) <> 1
           OR bool_or(lower(trim(r."guestEmail")) <> s.guest_email OR r."checkIn" <> s.check_in
                      OR r."checkOut" <> s.check_out OR r."roomTypeId" <> s.room_type_id)
           OR bool_or(r.status NOT IN ('PENDING', 'CONFIRMED'))
           OR (count(DISTINCT r."guestName") <> 1 AND s.variant NOT IN ('channel-name', 'initials'))
           OR count(DISTINCT r."rateAmount") <> 1`,
    );
    expect(bad).toEqual([]);
  });

  it('leaves no group of active look-alike reservations that the labels do not explain', async () => {
    const unexplained = await q(
      `WITH active AS (
         SELECT id, lower(trim("guestEmail")) e, "checkIn", "checkOut", "roomTypeId",
                count(*) OVER (PARTITION BY lower(trim("guestEmail")), "checkIn", "checkOut", "roomTypeId") n
           FROM "Reservation" WHERE status IN ('PENDING', 'CONFIRMED'))
       SELECT id FROM active WHERE n > 1
          AND NOT EXISTS (SELECT 1 FROM simulation.duplicate_sets s WHERE active.id = ANY(s.reservation_ids))
          AND NOT EXISTS (SELECT 1 FROM simulation.lookalike_groups g WHERE active.id = ANY(g.reservation_ids))`,
    );
    expect(unexplained).toEqual([]);
  });

  it('leaves the NO_KEY trail: keyless 201s seconds apart from one client, a new session per click', async () => {
    const sets = await q<{ ids: string[]; client_id: string; variant: string }>(
      `SELECT reservation_ids ids, client_id, variant FROM simulation.duplicate_sets
        WHERE root_cause = 'NO_KEY' AND logs_available AND variant <> 'mixed-keys'`,
    );
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) {
      const reqs = await creatingRequests(s.ids);
      expect(reqs.map((r) => r.rid).sort()).toEqual([...s.ids].sort());
      for (const r of reqs) expect([r.key, r.client]).toEqual([null, s.client_id]);
      for (let i = 1; i < reqs.length; i++) {
        const gap = Date.parse(reqs[i]!.ts) - Date.parse(reqs[i - 1]!.ts);
        expect(gap).toBeGreaterThanOrEqual(400);
        expect(gap).toBeLessThanOrEqual(61_000);
      }
      // A person submitting again starts a new session; only a library keeps the correlation id.
      const ids = reqs.map((r) => r.correlation).filter((c) => c !== null);
      if (s.variant !== 'library-retry' && s.variant !== 'retry-loop')
        expect(new Set(ids).size, s.ids.join()).toBe(ids.length);
    }
  });

  it('labels library retries: keyless copies 0.5-2 s apart that keep the correlation id of the first request', async () => {
    const sets = await q<{ ids: string[]; client_id: string }>(
      `SELECT reservation_ids ids, client_id FROM simulation.duplicate_sets
        WHERE variant = 'library-retry' AND logs_available`,
    );
    expect(sets.length).toBeGreaterThan(0);
    expect(
      await q(
        `SELECT 1 FROM simulation.duplicate_sets WHERE variant = 'library-retry' AND root_cause <> 'NO_KEY'`,
      ),
    ).toEqual([]);
    for (const s of sets) {
      const reqs = await creatingRequests(s.ids);
      expect(reqs).toHaveLength(s.ids.length);
      expect(new Set(reqs.map((r) => r.correlation)).size).toBe(1);
      expect(reqs[0]!.correlation).not.toBeNull();
      for (let i = 1; i < reqs.length; i++) {
        const gap = Date.parse(reqs[i]!.ts) - Date.parse(reqs[i - 1]!.ts);
        expect(gap).toBeGreaterThanOrEqual(499);
        expect(gap).toBeLessThanOrEqual(2_001);
      }
    }
  });

  it('leaves the TIMEOUT_RETRY trail: a cut-off request whose interval holds the first booking, then a 201 retry', async () => {
    // Late commits, several timed-out attempts and drifting clocks have their own trails
    // (production-realities.test.ts).
    const sets = await q<{ set_no: number; ids: string[]; client_id: string; first_created: string }>(
      `SELECT s.set_no, s.reservation_ids ids, s.client_id,
              (SELECT min(r."createdAt")::text FROM "Reservation" r WHERE r.id = ANY(s.reservation_ids)) first_created
         FROM simulation.duplicate_sets s WHERE root_cause = 'TIMEOUT_RETRY' AND logs_available
          AND variant NOT IN ('late-commit', 'multi-attempt-timeout', 'clock-drift')`,
    );
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) {
      const cut = await q<{ ts: string; status: number | null; duration: number }>(
        `SELECT "timestamp"::text ts, status, duration FROM api_logs
          WHERE method = 'POST' AND endpoint = '/api/v1/reservations' AND "clientId" = $1
            AND (status IN (502, 504, 499) OR status IS NULL) AND response IS NULL
            AND $2::timestamptz BETWEEN "timestamp" AND "timestamp" + duration * interval '1 millisecond'`,
        [s.client_id, s.first_created],
      );
      expect(cut.length, `set ${s.set_no}`).toBe(1);
      expect(cut[0]!.duration).toBeGreaterThanOrEqual(10_000);
      const ok = await creatingRequests(s.ids);
      expect(ok.length).toBeGreaterThan(0);
      expect(Date.parse(ok[ok.length - 1]!.ts)).toBeGreaterThan(Date.parse(cut[0]!.ts) + cut[0]!.duration);
    }
    const ceilings = await q<{ n: string }>(
      `SELECT count(DISTINCT round(duration / 1000.0)) n FROM api_logs WHERE status IN (502, 504, 499) OR (status IS NULL)`,
    );
    expect(Number(ceilings[0]!.n)).toBeGreaterThan(2);
  });

  it('leaves the RACE trail: one key on overlapping 201s, a failed or missing lock, one record, no 409', async () => {
    const sets = await q<{ ids: string[] }>(
      `SELECT reservation_ids ids FROM simulation.duplicate_sets
        WHERE root_cause = 'RACE' AND logs_available AND variant <> 'clock-drift'`,
    );
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) {
      const keys = await q<{ k: string | null }>(
        'SELECT DISTINCT "idempotencyKey" k FROM "Reservation" WHERE id = ANY($1)',
        [s.ids],
      );
      expect(keys.length).toBe(1);
      const key = keys[0]!.k!;
      expect(key).not.toBeNull();
      const reqs = await creatingRequests(s.ids);
      expect(reqs.length).toBe(s.ids.length);
      const latestStart = Math.max(...reqs.map((r) => Date.parse(r.ts)));
      const earliestEnd = Math.min(...reqs.map((r) => Date.parse(r.end_ts)));
      expect(latestStart).toBeLessThan(earliestEnd);
      const rec = await q<{ attempts: number }>(
        'SELECT attempts FROM "IdempotencyRecord" WHERE "idempotencyKey" = $1',
        [key],
      );
      expect(rec).toEqual([{ attempts: s.ids.length }]);
      const acquired = await q<{ n: string }>(
        'SELECT count(*) n FROM "IdempotencyLock" WHERE key = $1 AND acquired',
        [key],
      );
      expect(Number(acquired[0]!.n)).toBe(1);
      const conflicts = await q('SELECT 1 FROM api_logs WHERE "idempotencyKey" = $1 AND status = 409', [key]);
      expect(conflicts).toEqual([]);
    }
  });

  it('leaves the MISSING_DEDUP trail: submissions further apart than any retry, never under one key', async () => {
    const sets = await q<{ ids: string[] }>(
      `SELECT reservation_ids ids FROM simulation.duplicate_sets WHERE root_cause = 'MISSING_DEDUP'`,
    );
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) {
      const rows = await q<{ created: string; key: string | null }>(
        `SELECT "createdAt"::text created, "idempotencyKey" key FROM "Reservation" WHERE id = ANY($1) ORDER BY "createdAt"`,
        [s.ids],
      );
      for (let i = 1; i < rows.length; i++) {
        expect(Date.parse(rows[i]!.created) - Date.parse(rows[i - 1]!.created)).toBeGreaterThan(3 * 60_000);
      }
      const keys = rows.map((r) => r.key).filter((k) => k !== null);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('marks sets whose creating requests fell into the log gap as logs_available = false', async () => {
    const gapRows = await q(
      `SELECT 1 FROM api_logs, simulation.run WHERE "timestamp" >= log_gap_from AND "timestamp" < log_gap_to`,
    );
    expect(gapRows).toEqual([]);
    const missing = await q<{ ids: string[] }>(
      'SELECT reservation_ids ids FROM simulation.duplicate_sets WHERE NOT logs_available',
    );
    expect(missing.length).toBeGreaterThan(0);
    for (const s of missing) expect((await creatingRequests(s.ids)).length).toBeLessThan(s.ids.length);
  });

  it('keeps the member the contract names and expects refunds and voids only on the copies', async () => {
    const sets = await q<{ set_no: number; ids: string[]; keep: string }>(
      'SELECT set_no, reservation_ids ids, keep_reservation_id keep FROM simulation.duplicate_sets',
    );
    for (const s of sets) {
      const members = await q<{ id: string; created: string; currency: string; price: string }>(
        `SELECT id, to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') created, currency,
                ("rateAmount" * ("checkOut" - "checkIn"))::numeric(12,2)::text price
           FROM "Reservation" WHERE id = ANY($1)`,
        [s.ids],
      );
      const keep = await keepInSource(
        q,
        members.map((m) => ({ id: m.id, createdAt: m.created, currency: m.currency, price: m.price })),
      );
      expect(keep, `set ${s.set_no}`).toBe(s.keep);
    }
    const wrongRefunds = await q(
      `SELECT e.payment_id FROM simulation.expected_refunds e JOIN "Payment" p ON p.id = e.payment_id
         JOIN simulation.duplicate_sets s ON s.set_no = e.set_no
        WHERE e.amount <> p.amount - p."refundedAmount" OR e.currency <> p.currency OR e.amount <= 0
           OR p.status NOT IN ('CAPTURED', 'PARTIALLY_REFUNDED') OR p."reservationId" = s.keep_reservation_id`,
    );
    expect(wrongRefunds).toEqual([]);
    const wrongVoids = await q(
      `SELECT e.payment_id FROM simulation.expected_voids e JOIN "Payment" p ON p.id = e.payment_id
         JOIN simulation.duplicate_sets s ON s.set_no = e.set_no
        WHERE p.status <> 'AUTHORIZED' OR p."reservationId" = s.keep_reservation_id`,
    );
    expect(wrongVoids).toEqual([]);
    const counts = await q<{ r: string; v: string }>(
      'SELECT (SELECT count(*) FROM simulation.expected_refunds) r, (SELECT count(*) FROM simulation.expected_voids) v',
    );
    expect(Number(counts[0]!.r)).toBeGreaterThan(0);
    expect(Number(counts[0]!.v)).toBeGreaterThan(0);
  });

  it('gives look-alikes distinct occupants, and replaced bookings exactly one active successor', async () => {
    const together = await q<{ group_no: number }>(
      `SELECT g.group_no FROM simulation.lookalike_groups g JOIN "Reservation" r ON r.id = ANY(g.reservation_ids)
        WHERE g.kind IN ('MULTI_ROOM', 'AGENT')
        GROUP BY g.group_no, g.reservation_ids
       HAVING count(DISTINCT r."guestName") <> cardinality(g.reservation_ids)
           OR count(DISTINCT (lower(trim(r."guestEmail")), r."checkIn", r."checkOut", r."roomTypeId")) <> 1
           OR bool_or(r.status NOT IN ('PENDING', 'CONFIRMED'))`,
    );
    expect(together).toEqual([]);
    const replaced = await q<{ statuses: string[] }>(
      `SELECT array_agg(r.status ORDER BY r."createdAt") statuses FROM simulation.lookalike_groups g
         JOIN "Reservation" r ON r.id = ANY(g.reservation_ids)
        WHERE g.kind IN ('CANCEL_REBOOK', 'MODIFICATION') GROUP BY g.group_no`,
    );
    expect(replaced.length).toBeGreaterThan(0);
    for (const g of replaced) expect(g.statuses).toEqual(['CANCELLED', 'CONFIRMED']);
  });

  it('writes money exactly: the sums PostgreSQL holds are the sums generated, refunds never exceed amounts', async () => {
    const sums = await q<{ currency: string; amount: string; refunded: string }>(
      `SELECT currency, sum(amount)::text amount, sum("refundedAmount")::text refunded FROM "Payment" GROUP BY 1 ORDER BY 1`,
    );
    expect(sums).toEqual(summary.payments);
    const broken = await q(
      `SELECT id FROM "Payment" WHERE "refundedAmount" > amount OR amount <= 0
          OR (status = 'PARTIALLY_REFUNDED' AND NOT ("refundedAmount" > 0 AND "refundedAmount" < amount))
          OR (status = 'REFUNDED' AND "refundedAmount" <> amount)
          OR (status NOT IN ('REFUNDED', 'PARTIALLY_REFUNDED') AND "refundedAmount" <> 0)
          OR (currency = 'JPY' AND (amount % 1 <> 0 OR "refundedAmount" % 1 <> 0))`,
    );
    expect(broken).toEqual([]);
    const statuses = await q<{ status: string }>(
      `SELECT DISTINCT status FROM "Payment" WHERE status <> 'VOIDED' ORDER BY 1`,
    );
    expect(statuses.map((s) => s.status)).toEqual([
      'AUTHORIZED',
      'CAPTURED',
      'FAILED',
      'PARTIALLY_REFUNDED',
      'PENDING',
      'REFUNDED',
    ]);
  });

  it('writes the everyday API noise: replays with the original id, 409s with a refused lock, 400s and 422s', async () => {
    const replays = await q(
      `SELECT response->>'id' FROM api_logs WHERE method = 'POST' AND endpoint = '/api/v1/reservations'
          AND status IN (200, 201) GROUP BY 1 HAVING count(*) > 1 AND count(DISTINCT "idempotencyKey") = 1`,
    );
    expect(replays.length).toBeGreaterThan(0);
    const conflicts = await q(
      `SELECT 1 FROM api_logs a JOIN "IdempotencyLock" l ON l."requestId" = a."requestId"
        WHERE a.status = 409 AND NOT l.acquired`,
    );
    expect(conflicts.length).toBeGreaterThan(0);
    const codes = await q<{ status: number }>(
      `SELECT DISTINCT status FROM api_logs WHERE status IN (400, 402, 404, 422) ORDER BY 1`,
    );
    expect(codes.map((c) => c.status)).toEqual([400, 402, 404, 422]);
    const orphanRecords = await q(
      `SELECT i."idempotencyKey" FROM "IdempotencyRecord" i LEFT JOIN "Reservation" r ON r.id = i."resourceId"
        WHERE r.id IS NULL OR r."idempotencyKey" IS DISTINCT FROM i."idempotencyKey"`,
    );
    expect(orphanRecords).toEqual([]);
  });

  it('writes each kind of malformed row with exactly one defect, lists every one, and labels none of them otherwise', async () => {
    const rows = await q<{ id: string; defect: string | null; found: string[] }>(
      `WITH judged AS (
         SELECT id, array_remove(ARRAY[
                  CASE WHEN trim("guestEmail") = '' THEN 'BLANK_EMAIL' END,
                  CASE WHEN "checkOut" <= "checkIn" THEN 'DATES_REVERSED' END,
                  CASE WHEN status NOT IN ('PENDING', 'CONFIRMED', 'CANCELLED', 'CHECKED_IN', 'CHECKED_OUT', 'NO_SHOW')
                       THEN 'UNKNOWN_STATUS' END,
                  CASE WHEN trim("roomTypeId") = '' THEN 'NO_ROOM_TYPE' END], NULL) found
           FROM "Reservation")
       SELECT coalesce(j.id, m.reservation_id) id, m.defect, coalesce(j.found, '{}') found
         FROM (SELECT * FROM judged WHERE cardinality(found) > 0) j
         FULL JOIN simulation.malformed m ON m.reservation_id = j.id
        ORDER BY 1`,
    );
    for (const r of rows) expect(r.found, r.id).toEqual([r.defect]);
    expect([...new Set(rows.map((r) => r.defect))].sort()).toEqual([
      'BLANK_EMAIL',
      'DATES_REVERSED',
      'UNKNOWN_STATUS',
    ]);
    const counted = rows.reduce<Record<string, number>>((n, r) => {
      n[r.defect!] = (n[r.defect!] ?? 0) + 1;
      return n;
    }, {});
    expect(summary.malformed).toEqual(counted);
    const run = await q<{ counts: { malformed: Record<string, number> } }>(
      'SELECT counts FROM simulation.run',
    );
    expect(run[0]!.counts.malformed).toEqual(counted);
    const ids = rows.map((r) => r.id);
    const labelled = await q(
      `SELECT set_no FROM simulation.duplicate_sets WHERE reservation_ids && $1::text[]
       UNION ALL SELECT group_no FROM simulation.lookalike_groups WHERE reservation_ids && $1::text[]`,
      [ids],
    );
    expect(labelled).toEqual([]);
    const created = await creatingRequests(ids);
    expect(created.map((r) => r.rid).sort()).toEqual([...ids].sort());
    const blanks = await q<{ e: string }>(
      `SELECT DISTINCT a."guestEmail" e FROM api_logs a JOIN simulation.malformed m ON a.response->>'id' = m.reservation_id
        WHERE m.defect = 'BLANK_EMAIL' AND a.status = 201 AND a.endpoint = '/api/v1/reservations'`,
    );
    for (const b of blanks) expect(b.e.trim()).toBe('');
    const paid = await q(
      `SELECT 1 FROM "Payment" p JOIN simulation.malformed m ON m.reservation_id = p."reservationId"`,
    );
    expect(paid.length).toBeGreaterThan(0);
  });

  it('counts every reality in the summary and in simulation.run, as the labels hold them', async () => {
    const variants = await q<{ variant: string; n: string }>(
      'SELECT variant, count(*) n FROM simulation.duplicate_sets GROUP BY 1',
    );
    const byVariant = Object.fromEntries(variants.map((v) => [v.variant, Number(v.n)]));
    for (const v of [
      'clean',
      'channel-name',
      'library-retry',
      'mixed-keys',
      'split-payment',
      'declined-then-charged',
      'support-refunded',
      'card-currency',
      'late-commit',
      'multi-attempt-timeout',
      'clock-drift',
      'initials',
      'retry-loop',
    ])
      expect(byVariant[v], v).toBeGreaterThan(0);
    // Only a history made with the regression option has a regressing release's sets.
    const counted = { ...byVariant, 'release-regression': 0 };
    expect(summary.duplicateVariants).toEqual(counted);
    const kinds = await q<{ kind: string; n: string }>(
      'SELECT kind, count(*) n FROM simulation.lookalike_groups GROUP BY 1',
    );
    expect(summary.lookAlikeGroups).toEqual(Object.fromEntries(kinds.map((k) => [k.kind, Number(k.n)])));
    const pay = await q<{ cart: string; per_room: string; indistinguishable: string }>(
      `SELECT count(*) FILTER (WHERE payment_kind = 'cart') cart, count(*) FILTER (WHERE payment_kind = 'per-room') per_room,
              count(*) FILTER (WHERE indistinguishable AND payment_kind IS NOT NULL) indistinguishable
         FROM simulation.lookalike_groups`,
    );
    expect(summary.oneNameCheckouts).toEqual({
      cart: Number(pay[0]!.cart),
      perRoom: Number(pay[0]!.per_room),
      indistinguishable: Number(pay[0]!.indistinguishable),
    });
    expect(summary.oneNameCheckouts.indistinguishable).toBeGreaterThan(0);
    const run = await q<{ realities: unknown; counts: { duplicateVariants: unknown } }>(
      'SELECT realities, counts FROM simulation.run',
    );
    expect(run[0]!.realities).toEqual(summary.realities);
    expect(run[0]!.counts.duplicateVariants).toEqual(counted);
  });

  it('writes one-name checkouts: one name, email and stay on every room, one session, requests one after another', async () => {
    const groups = await q<{
      group_no: number;
      kind: string;
      ids: string[];
      payment_kind: string | null;
      indistinguishable: boolean;
    }>(
      `SELECT group_no, kind, reservation_ids ids, payment_kind, indistinguishable FROM simulation.lookalike_groups
        WHERE kind LIKE 'ONE_NAME%' ORDER BY group_no`,
    );
    expect(new Set(groups.map((g) => `${g.kind} ${g.payment_kind}`)).size).toBeGreaterThanOrEqual(2);
    for (const g of groups) {
      const rooms = await q<{ id: string; name: string; email: string; key: string | null }>(
        `SELECT id, "guestName" name, "guestEmail" email, "idempotencyKey" key FROM "Reservation"
          WHERE id = ANY($1) ORDER BY "createdAt"`,
        [g.ids],
      );
      expect(rooms.map((r) => r.id)).toEqual(g.ids);
      const same = await q<{ n: string }>(
        `SELECT count(DISTINCT ("guestName", "guestEmail", "propertyId", "roomTypeId", "checkIn", "checkOut", "rateAmount", currency)) n
           FROM "Reservation" WHERE id = ANY($1)`,
        [g.ids],
      );
      expect(Number(same[0]!.n), `group ${g.group_no}`).toBe(1);
      const reqs = await creatingRequests(g.ids);
      expect(reqs.map((r) => r.rid)).toEqual(g.ids);
      expect(new Set(reqs.map((r) => r.correlation)).size).toBe(1);
      expect(reqs[0]!.correlation).not.toBeNull();
      for (let i = 1; i < reqs.length; i++)
        expect(Date.parse(reqs[i]!.ts)).toBeGreaterThanOrEqual(Date.parse(reqs[i - 1]!.end_ts));
      if (g.kind === 'ONE_NAME_KEYED') {
        const cart = rooms[0]!.key!.replace(/-1$/, '');
        expect(rooms.map((r) => r.key)).toEqual(rooms.map((_, i) => `${cart}-${i + 1}`));
      } else {
        expect(rooms.map((r) => r.key)).toEqual(rooms.map(() => null));
      }
      expect(g.indistinguishable).toBe(g.kind === 'ONE_NAME_KEYLESS' && g.payment_kind === 'per-room');
    }
    const older = await q(
      `SELECT group_no FROM simulation.lookalike_groups
        WHERE kind NOT LIKE 'ONE_NAME%' AND (payment_kind IS NOT NULL OR (indistinguishable AND kind <> 'SHARED_INITIAL'))`,
    );
    expect(older).toEqual([]);
  });

  it('pays a one-name cart once on its first room for the sum of the rooms, or each room in the same second', async () => {
    const groups = await q<{ ids: string[]; payment_kind: string }>(
      `SELECT reservation_ids ids, payment_kind FROM simulation.lookalike_groups WHERE kind LIKE 'ONE_NAME%'`,
    );
    expect(new Set(groups.map((g) => g.payment_kind))).toEqual(new Set(['cart', 'per-room']));
    for (const g of groups) {
      const pays = await q<{ rid: string; amount: string; due: string; created: string }>(
        `SELECT p."reservationId" rid, p.amount::text,
                (SELECT sum(r."rateAmount" * (r."checkOut" - r."checkIn"))::numeric(12,2)::text FROM "Reservation" r WHERE r.id = ANY($1)) due,
                to_char(p."createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') created
           FROM "Payment" p WHERE p."reservationId" = ANY($1) ORDER BY p."createdAt"`,
        [g.ids],
      );
      if (g.payment_kind === 'cart') {
        expect(pays.map((p) => p.rid)).toEqual([g.ids[0]]);
        expect(pays[0]!.amount).toBe(pays[0]!.due);
      } else {
        expect(pays.map((p) => p.rid).sort()).toEqual([...g.ids].sort());
        expect(new Set(pays.map((p) => p.created.slice(0, 19))).size).toBe(1);
      }
    }
  });

  it('writes channel names on copies that differ from the name of the guest only in how they are written', async () => {
    const rows = await q<{ set_no: number; names: string[]; clients: string[] }>(
      `SELECT s.set_no, array_agg(r."guestName" ORDER BY r."createdAt") names,
              array_agg(a."clientId" ORDER BY r."createdAt") clients
         FROM simulation.duplicate_sets s JOIN "Reservation" r ON r.id = ANY(s.reservation_ids)
         LEFT JOIN api_logs a ON a.response->>'id' = r.id AND a.endpoint = '/api/v1/reservations' AND a.status = 201
        WHERE s.variant = 'channel-name' GROUP BY s.set_no`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(
      await q(
        `SELECT 1 FROM simulation.duplicate_sets WHERE variant = 'channel-name' AND root_cause <> 'MISSING_DEDUP'`,
      ),
    ).toEqual([]);
    for (const r of rows) {
      const [original, ...copies] = r.names;
      for (const [i, copy] of copies.entries()) {
        expect(copy, `set ${r.set_no}`).not.toBe(original);
        expect(asWritten(copy), `set ${r.set_no}: ${copy} / ${original}`).toBe(asWritten(original!));
        const client = r.clients[i + 1];
        if (client) expect(client).toMatch(/^partner-channel-mgr@/);
      }
    }
  });

  it('writes mixed keys: of the two requests exactly one carries a key, NO_KEY within a retry, MISSING_DEDUP later', async () => {
    const sets = await q<{ ids: string[]; root_cause: string }>(
      `SELECT reservation_ids ids, root_cause FROM simulation.duplicate_sets WHERE variant = 'mixed-keys'`,
    );
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) {
      expect(['NO_KEY', 'MISSING_DEDUP']).toContain(s.root_cause);
      const rows = await q<{ created: string; key: string | null }>(
        `SELECT "createdAt"::text created, "idempotencyKey" key FROM "Reservation" WHERE id = ANY($1) ORDER BY "createdAt"`,
        [s.ids],
      );
      expect(rows).toHaveLength(2);
      expect(rows.filter((r) => r.key !== null)).toHaveLength(1);
      const gap = Date.parse(rows[1]!.created) - Date.parse(rows[0]!.created);
      if (s.root_cause === 'NO_KEY') expect(gap).toBeLessThan(70_000);
      else expect(gap).toBeGreaterThan(3 * 60_000);
    }
  });

  it('pays split and declined-then-charged sets in parts on the copies too, and expects each part refunded or voided', async () => {
    const parts = await q<{
      set_no: number;
      variant: string;
      rid: string;
      keep: boolean;
      statuses: string[];
      amounts: string[];
      due: string;
    }>(
      `SELECT s.set_no, s.variant, r.id rid, r.id = s.keep_reservation_id keep,
              array_agg(p.status ORDER BY p."createdAt") statuses, array_agg(p.amount::text ORDER BY p."createdAt") amounts,
              (r."rateAmount" * (r."checkOut" - r."checkIn"))::numeric(12,2)::text due
         FROM simulation.duplicate_sets s JOIN "Reservation" r ON r.id = ANY(s.reservation_ids)
         JOIN "Payment" p ON p."reservationId" = r.id
        WHERE s.variant IN ('split-payment', 'declined-then-charged')
        GROUP BY s.set_no, s.variant, r.id, s.keep_reservation_id`,
    );
    for (const variant of ['split-payment', 'declined-then-charged'])
      expect(parts.filter((p) => p.variant === variant && !p.keep).length, variant).toBeGreaterThan(0);
    for (const m of parts) {
      if (m.variant === 'split-payment') {
        if (m.statuses.length === 1) continue; // the balance fell after the end of the history
        expect(m.statuses).toHaveLength(2);
        expect(['CAPTURED', 'PARTIALLY_REFUNDED']).toContain(m.statuses[0]);
        expect(m.statuses[1]).toBe('AUTHORIZED');
        const cents = m.amounts.map((a) => Math.round(Number(a) * 100));
        expect(cents[0]! + cents[1]!).toBe(Math.round(Number(m.due) * 100));
        expect(cents.every((c) => c > 0)).toBe(true);
      } else if (m.statuses.length > 1) {
        expect(m.statuses).toEqual(['FAILED', 'CAPTURED']);
      }
    }
    const wrong = await q(
      `WITH copies AS (
         SELECT s.set_no, p.id, p.status, p.amount - p."refundedAmount" held, p.amount
           FROM simulation.duplicate_sets s JOIN "Payment" p ON p."reservationId" = ANY(s.reservation_ids)
          WHERE s.variant IN ('split-payment', 'declined-then-charged') AND p."reservationId" <> s.keep_reservation_id)
       SELECT c.id FROM copies c
         LEFT JOIN simulation.expected_refunds e ON e.payment_id = c.id
         LEFT JOIN simulation.expected_voids v ON v.payment_id = c.id
        WHERE CASE c.status
                WHEN 'CAPTURED' THEN e.amount IS DISTINCT FROM c.held OR v.payment_id IS NOT NULL
                WHEN 'PARTIALLY_REFUNDED' THEN e.amount IS DISTINCT FROM c.held OR v.payment_id IS NOT NULL
                WHEN 'AUTHORIZED' THEN v.amount IS DISTINCT FROM c.amount OR e.payment_id IS NOT NULL
                ELSE e.payment_id IS NOT NULL OR v.payment_id IS NOT NULL END`,
    );
    expect(wrong).toEqual([]);
    const parted = await q<{ n: string }>(
      `SELECT count(*) n FROM simulation.expected_voids v JOIN simulation.duplicate_sets s USING (set_no)
        WHERE s.variant = 'split-payment'`,
    );
    expect(Number(parted[0]!.n)).toBeGreaterThan(0);
  });

  it('keeps the truth out of the booking tables', async () => {
    const tables = await q<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'IdempotencyLock',
      'IdempotencyRecord',
      'Payment',
      'Reservation',
      'api_logs',
    ]);
    // Label words as they would appear if leaked; \m…\M keeps GRACE (an upper-cased address) from matching RACE.
    const labels = String.raw`\m(NO_KEY|TIMEOUT_RETRY|MISSING_DEDUP|RACE|MULTI_ROOM|AGENT|CANCEL_REBOOK|MODIFICATION|ONE_NAME_KEYED|ONE_NAME_KEYLESS|SHARED_INITIAL|BLANK_EMAIL|DATES_REVERSED|UNKNOWN_STATUS)\M`;
    for (const table of ['Reservation', 'Payment', 'IdempotencyRecord', 'IdempotencyLock', 'api_logs']) {
      const hits = await q(`SELECT t::text FROM "${table}" t WHERE t::text ~ $1 OR t::text ~* $2 LIMIT 3`, [
        labels,
        'duplicate|simulat|look-?alike|root.?cause|channel-name|library-retry|mixed-keys|split-payment|declined-then|indistinguishable' +
          '|support-refunded|card-currency|late-commit|multi-attempt|clock-drift|initials|retry-loop|undecidable',
      ]);
      expect(hits, table).toEqual([]);
    }
  });
});

describe('simulate, realities switched off or out of range', () => {
  const off = {
    oneNameCheckouts: 0,
    channelNames: 0,
    libraryRetries: 0,
    mixedKeys: 0,
    splitPayments: 0,
    declinedRetries: 0,
    supportRefunds: 0,
    cardCurrencies: 0,
    lateCommits: 0,
    multiAttemptTimeouts: 0,
    clockDrift: 0,
    initials: 0,
    retryLoops: 0,
    sharedInitials: 0,
    releaseRegressions: 0,
  };
  const base = { seed: 77, reservations: 1_000, from: '2026-11-01T00:00:00Z', to: '2026-11-05T00:00:00Z' };

  it('writes only clean duplicate sets and the older look-alike kinds when every share is 0', async () => {
    const plain = await createTestDatabase('sim_plain');
    try {
      const s = await simulate({ targetUrl: plain.url, ...base, realities: off });
      expect(s.realities).toEqual(off);
      expect(s.duplicateVariants['clean']).toBeGreaterThan(0);
      expect(Object.entries(s.duplicateVariants).filter(([v, n]) => v !== 'clean' && n > 0)).toEqual([]);
      expect([
        s.lookAlikeGroups.ONE_NAME_KEYED,
        s.lookAlikeGroups.ONE_NAME_KEYLESS,
        s.lookAlikeGroups.SHARED_INITIAL,
      ]).toEqual([0, 0, 0]);
      const c = new pg.Client({ connectionString: plain.url });
      await c.connect();
      try {
        const { rows } = await c.query(
          `SELECT DISTINCT variant FROM simulation.duplicate_sets
            UNION ALL SELECT DISTINCT kind FROM simulation.lookalike_groups
             WHERE kind LIKE 'ONE_NAME%' OR kind = 'SHARED_INITIAL'`,
        );
        expect(rows).toEqual([{ variant: 'clean' }]);
      } finally {
        await c.end();
      }
    } finally {
      await plain.drop();
    }
  });

  it('refuses a share outside 0 to 1, an unknown reality, and shares of one cause adding up to more than 1', async () => {
    const url = 'postgresql://postgres@127.0.0.1:1/never-reached';
    const refused = async (realities: Record<string, number>): Promise<ConfigError> => {
      const err = await simulate({ targetUrl: url, ...base, realities }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      return err as ConfigError;
    };
    expect((await refused({ splitPayments: 1.5 })).setting).toBe('realities.splitPayments');
    expect((await refused({ libraryRetries: -0.1 })).setting).toBe('realities.libraryRetries');
    expect((await refused({ libraryRetries: Number.NaN })).setting).toBe('realities.libraryRetries');
    expect((await refused({ channelName: 0.1 })).setting).toBe('realities.channelName');
    const sum = await refused({ libraryRetries: 0.6, mixedKeys: 0.5 });
    expect(sum.setting).toBe('realities');
    expect(sum.message).toMatch(/NO_KEY/);
  });
});
