import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepInSource } from '../../test/support/keep-in-source.ts';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import { convertMinor } from './card-currency.ts';
import { clientById } from './clients.ts';
import { type SimulationSummary, simulate } from './index.ts';
import { Prng } from './prng.ts';
import { cutOff } from './requests.ts';
import type { World } from './world.ts';

/**
 * One history with every reality of "What production adds beyond that" at a high share, under
 * an even mix of causes, so each shows in a few dozen sets: what each leaves in the booking
 * tables, and labels that follow the keep rule.
 */
let db: TestDatabase;
let client: pg.Client;
let summary: SimulationSummary;

const q = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> =>
  (await client.query<T>(text, values)).rows;

const HIGH = {
  supportRefunds: 0.2,
  cardCurrencies: 0.15,
  lateCommits: 0.15,
  multiAttemptTimeouts: 0.12,
  clockDrift: 0.15,
  initials: 0.12,
  retryLoops: 0.2,
  sharedInitials: 0.3,
};

beforeAll(async () => {
  db = await createTestDatabase('sim_production');
  summary = await simulate({
    targetUrl: db.url,
    seed: 8821,
    reservations: 4_000,
    from: '2026-11-01T00:00:00Z',
    to: '2026-11-15T00:00:00Z',
    duplicateRate: 0.06,
    mix: { NO_KEY: 25, TIMEOUT_RETRY: 25, RACE: 25, MISSING_DEDUP: 25 },
    realities: HIGH,
  });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(`SET TimeZone = 'UTC'`);
});

afterAll(async () => {
  await client?.end();
  await db?.drop();
});

/** Microseconds since the epoch, as PostgreSQL keeps them (exact in a double until 2255). */
const US = (column: string): string => `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
const us = (text: string): number => Number(text);

interface SetRow {
  set_no: number;
  root_cause: string;
  ids: string[];
  keep: string;
  client_id: string;
  logs_available: boolean;
  undecidable: boolean;
}

async function setsOf(variant: string): Promise<SetRow[]> {
  return q<SetRow>(
    `SELECT set_no, root_cause, reservation_ids ids, keep_reservation_id keep, client_id, logs_available, undecidable
       FROM simulation.duplicate_sets WHERE variant = $1 ORDER BY set_no`,
    [variant],
  );
}

interface Booking {
  id: string;
  /** Microseconds since the epoch. */
  created: string;
  /** ISO-8601 with microseconds, as the keep rule reads it. */
  iso: string;
  key: string | null;
  name: string;
  email: string;
  status: string;
  currency: string;
  price: string;
}

async function bookings(ids: readonly string[]): Promise<Booking[]> {
  return q<Booking>(
    `SELECT id, ${US('"createdAt"')} created, to_char("createdAt", 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') iso,
            "idempotencyKey" key, "guestName" name, "guestEmail" email, status,
            currency, ("rateAmount" * ("checkOut" - "checkIn"))::numeric(12,2)::text price
       FROM "Reservation" WHERE id = ANY($1) ORDER BY "createdAt"`,
    [ids],
  );
}

const REQUEST = `"requestId" request_id, ${US('"timestamp"')} ts, duration,
  ${US(`"timestamp" + duration * interval '1 millisecond'`)} end_ts, status,
  "idempotencyKey" key, "correlationId" correlation, response->>'id' rid`;

interface Request {
  request_id: string;
  ts: string;
  duration: number;
  end_ts: string;
  status: number | null;
  key: string | null;
  correlation: string | null;
  rid: string | null;
}

/** The creating POSTs of a client for an address within a span, in logged order. */
async function creatingPosts(clientId: string, email: string, from: string, to: string): Promise<Request[]> {
  return q<Request>(
    `SELECT ${REQUEST} FROM api_logs
      WHERE endpoint = '/api/v1/reservations' AND method = 'POST' AND "clientId" = $1
        AND lower(trim("guestEmail")) = lower(trim($2))
        AND "timestamp" BETWEEN to_timestamp($3::bigint / 1e6) - interval '30 minutes'
                            AND to_timestamp($4::bigint / 1e6) + interval '5 minutes'
      ORDER BY id`,
    [clientId, email, from, to],
  );
}

const cut = (r: Request): boolean =>
  r.rid === null && (r.status === null || r.status === 499 || r.status >= 500);

describe('simulate, the realities production adds', () => {
  it('writes every new reality, counted per variant in the summary and in simulation.run', async () => {
    for (const v of [
      'support-refunded',
      'card-currency',
      'late-commit',
      'multi-attempt-timeout',
      'clock-drift',
      'initials',
      'retry-loop',
    ])
      expect(summary.duplicateVariants[v as keyof typeof summary.duplicateVariants], v).toBeGreaterThan(3);
    const run = await q<{ counts: { duplicateVariants: unknown }; realities: Record<string, number> }>(
      'SELECT counts, realities FROM simulation.run',
    );
    expect(run[0]!.counts.duplicateVariants).toEqual(summary.duplicateVariants);
    expect(run[0]!.realities).toMatchObject(HIGH);
    const causes = await q<{ variant: string; causes: string[] }>(
      `SELECT variant, array_agg(DISTINCT root_cause ORDER BY root_cause) causes FROM simulation.duplicate_sets
        WHERE variant IN ('late-commit', 'multi-attempt-timeout', 'clock-drift', 'initials', 'retry-loop') GROUP BY 1`,
    );
    expect(Object.fromEntries(causes.map((c) => [c.variant, c.causes]))).toEqual({
      'late-commit': ['TIMEOUT_RETRY'],
      'multi-attempt-timeout': ['TIMEOUT_RETRY'],
      'clock-drift': ['RACE', 'TIMEOUT_RETRY'],
      initials: ['MISSING_DEDUP', 'NO_KEY', 'TIMEOUT_RETRY'],
      'retry-loop': ['NO_KEY'],
    });
  });

  it('lists only active reservations in a set, two or more, and keeps the one the keep rule names', async () => {
    const sets = await q<{ set_no: number; ids: string[]; keep: string; variant: string }>(
      'SELECT set_no, reservation_ids ids, keep_reservation_id keep, variant FROM simulation.duplicate_sets',
    );
    for (const s of sets) {
      const members = await bookings(s.ids);
      expect(members.map((m) => m.status).every((x) => x === 'PENDING' || x === 'CONFIRMED')).toBe(true);
      expect(members.length, `set ${s.set_no}`).toBe(s.ids.length);
      expect(s.ids.length).toBeGreaterThanOrEqual(2);
      // In order of creation; a library's re-send is timed from the previous request's start, so a
      // slow first request of those two older variants can commit after its re-send.
      if (s.variant !== 'library-retry' && s.variant !== 'mixed-keys')
        expect(members.map((m) => m.id)).toEqual(s.ids);
      const keep = await keepInSource(
        q,
        members.map((m) => ({ id: m.id, createdAt: m.iso, currency: m.currency, price: m.price })),
      );
      expect(keep, `set ${s.set_no}`).toBe(s.keep);
    }
  });

  it('expects refunds of what each copy still holds, in its own currency, and voids of authorisations only', async () => {
    const wrong = await q(
      `WITH copies AS (
         SELECT s.set_no, p.id, p.status, p.amount - p."refundedAmount" held, p.amount, p.currency
           FROM simulation.duplicate_sets s JOIN "Payment" p ON p."reservationId" = ANY(s.reservation_ids)
          WHERE p."reservationId" <> s.keep_reservation_id)
       SELECT c.id, c.status FROM copies c
         LEFT JOIN simulation.expected_refunds e ON e.payment_id = c.id
         LEFT JOIN simulation.expected_voids v ON v.payment_id = c.id
        WHERE CASE WHEN c.status IN ('CAPTURED', 'PARTIALLY_REFUNDED') AND c.held > 0
                     THEN e.amount IS DISTINCT FROM c.held OR e.currency <> c.currency OR v.payment_id IS NOT NULL
                   WHEN c.status = 'AUTHORIZED'
                     THEN v.amount IS DISTINCT FROM c.amount OR v.currency <> c.currency OR e.payment_id IS NOT NULL
                   ELSE e.payment_id IS NOT NULL OR v.payment_id IS NOT NULL END`,
    );
    expect(wrong).toEqual([]);
    const zero = await q('SELECT 1 FROM simulation.expected_refunds WHERE amount <= 0');
    expect(zero).toEqual([]);
    const onKept = await q(
      `SELECT 1 FROM simulation.expected_refunds e JOIN simulation.duplicate_sets s USING (set_no)
        WHERE e.reservation_id = s.keep_reservation_id
       UNION ALL SELECT 1 FROM simulation.expected_voids e JOIN simulation.duplicate_sets s USING (set_no)
        WHERE e.reservation_id = s.keep_reservation_id`,
    );
    expect(onKept).toEqual([]);
  });

  it('writes what support did before the run: refunds in full and in part, an original refunded, a void, a cancelled copy', async () => {
    const sets = await setsOf('support-refunded');
    const seen = new Set<string>();
    for (const s of sets) {
      const members = await bookings(s.ids);
      const pays = await q<{ rid: string; status: string; amount: string; refunded: string; id: string }>(
        `SELECT "reservationId" rid, status, amount::text, "refundedAmount"::text refunded, id FROM "Payment"
          WHERE "reservationId" = ANY($1)`,
        [s.ids],
      );
      const original = members[0]!;
      const ofOriginal = pays.filter((p) => p.rid === original.id);
      if (ofOriginal.some((p) => p.status === 'REFUNDED')) {
        seen.add('original-refunded');
        expect(s.keep, `set ${s.set_no}`).not.toBe(original.id);
      }
      for (const p of pays.filter((x) => x.rid !== original.id)) {
        if (p.status === 'REFUNDED') {
          seen.add('copy-refunded');
          expect(p.refunded).toBe(p.amount);
        }
        if (p.status === 'PARTIALLY_REFUNDED') seen.add('copy-part-refunded');
        if (p.status === 'VOIDED') {
          seen.add('copy-voided');
          expect(Number(p.refunded)).toBe(0);
        }
      }
    }
    // The copy support cancelled is no longer in its set: find it by the set's guest and stay.
    const cancelled = await q<{
      id: string;
      reason: string;
      pay: string | null;
      refunded: boolean;
      deleted: boolean;
    }>(
      `SELECT r.id, r."cancelReason" reason, p.status pay, p.amount = p."refundedAmount" refunded,
              EXISTS (SELECT 1 FROM api_logs a WHERE a.method = 'DELETE' AND a.endpoint = '/api/v1/reservations/' || r.id
                        AND a."clientId" LIKE 'backoffice@%' AND a.status = 200) deleted
         FROM simulation.duplicate_sets s JOIN "Reservation" r
           ON lower(trim(r."guestEmail")) = s.guest_email AND r."checkIn" = s.check_in AND r."checkOut" = s.check_out
          AND r."roomTypeId" = s.room_type_id AND NOT r.id = ANY(s.reservation_ids)
         LEFT JOIN "Payment" p ON p."reservationId" = r.id
        WHERE s.variant = 'support-refunded'`,
    );
    expect(cancelled.length).toBeGreaterThan(0);
    for (const c of cancelled) {
      expect(c.reason).toBeTruthy();
      expect(c.deleted, c.id).toBe(true);
      if (c.pay !== null) expect([c.pay, c.refunded]).toEqual(['REFUNDED', true]);
    }
    if (cancelled.length > 0) seen.add('copy-cancelled');
    expect([...seen].sort()).toEqual([
      'copy-cancelled',
      'copy-part-refunded',
      'copy-refunded',
      'copy-voided',
      'original-refunded',
    ]);
    const backOffice = await q<{ endpoint: string }>(
      `SELECT DISTINCT regexp_replace(a.endpoint, '/payments/[^/]+/', '/payments/{id}/') endpoint
         FROM simulation.duplicate_sets s JOIN "Payment" p ON p."reservationId" = ANY(s.reservation_ids)
         JOIN api_logs a ON a.endpoint LIKE '/api/v1/payments/' || p.id || '/%' AND a."clientId" LIKE 'backoffice@%'
        WHERE s.variant = 'support-refunded' ORDER BY 1`,
    );
    expect(backOffice.map((b) => b.endpoint)).toEqual([
      '/api/v1/payments/{id}/refunds',
      '/api/v1/payments/{id}/void',
    ]);
  });

  it('charges card currencies at a converted, marked-up amount while the booking keeps its currency', async () => {
    const foreign = await q<{
      set_no: number;
      first: boolean;
      booking: string;
      paid: string;
      price: string;
      amount: string;
    }>(
      `SELECT s.set_no, p."reservationId" = s.reservation_ids[1] first, r.currency booking, p.currency paid,
              (r."rateAmount" * (r."checkOut" - r."checkIn"))::numeric(12,2)::text price, p.amount::text amount
         FROM simulation.duplicate_sets s JOIN "Reservation" r ON r.id = ANY(s.reservation_ids)
         JOIN "Payment" p ON p."reservationId" = r.id
        WHERE p.currency <> r.currency`,
    );
    const sets = await setsOf('card-currency');
    expect(new Set(foreign.map((f) => f.set_no))).toEqual(new Set(sets.map((s) => s.set_no)));
    for (const f of foreign) {
      expect(['USD', 'GBP', 'EUR']).toContain(f.paid);
      expect(f.paid === 'EUR').toBe(f.booking === 'USD' || f.booking === 'GBP');
      const price = Math.round(Number(f.price) * 100);
      const cents = Math.round(Number(f.amount) * 100);
      const to = f.paid as 'USD' | 'GBP' | 'EUR';
      expect(cents).toBeGreaterThanOrEqual(convertMinor(price, f.booking, to, 200));
      expect(cents).toBeLessThanOrEqual(convertMinor(price, f.booking, to, 400));
    }
    // A copy paid in the card's currency, an original paid in it, and sets where both are.
    const byShape = new Map<number, Set<boolean>>();
    for (const f of foreign) byShape.set(f.set_no, (byShape.get(f.set_no) ?? new Set()).add(f.first));
    const shapes = new Set([...byShape.values()].map((x) => [...x].sort().join('+')));
    expect([...shapes].sort()).toEqual(['false', 'false+true', 'true']);
    const refundsAbroad = await q(
      `SELECT 1 FROM simulation.expected_refunds e JOIN "Payment" p ON p.id = e.payment_id
         JOIN "Reservation" r ON r.id = p."reservationId" WHERE e.currency = p.currency AND p.currency <> r.currency`,
    );
    expect(refundsAbroad.length).toBeGreaterThan(0);
  });

  it('commits a late booking after its cut-off request ended, named by its key, record and a lock released late', async () => {
    const sets = (await setsOf('late-commit')).filter((s) => s.logs_available);
    expect(sets.length).toBeGreaterThan(0);
    let afterRetry = 0;
    let keyed = 0;
    for (const s of sets) {
      const members = await bookings(s.ids);
      expect(members).toHaveLength(2);
      const posts = await creatingPosts(
        s.client_id,
        members[0]!.email,
        members[0]!.created,
        members[1]!.created,
      );
      const cuts = posts.filter(cut);
      const oks = posts.filter((p) => p.rid !== null && s.ids.includes(p.rid));
      expect(oks, `set ${s.set_no}`).toHaveLength(1);
      const late = members.find((m) => m.id !== oks[0]!.rid)!;
      const timedOut = cuts.find(
        (c) => us(c.end_ts) < us(late.created) && us(late.created) <= us(c.end_ts) + 60.5e6,
      );
      expect(timedOut, `set ${s.set_no}`).toBeDefined();
      expect(us(late.created) - us(timedOut!.end_ts)).toBeGreaterThanOrEqual(1e6);
      expect(us(timedOut!.ts)).toBeLessThan(us(oks[0]!.ts));
      if (members[0]!.id === oks[0]!.rid) afterRetry++;
      if (timedOut!.key !== null) {
        keyed++;
        expect(late.key).toBe(timedOut!.key);
        expect(oks[0]!.key).not.toBe(timedOut!.key);
        const rec = await q<{ rid: string; created: string }>(
          `SELECT "resourceId" rid, ${US('"createdAt"')} created FROM "IdempotencyRecord" WHERE "idempotencyKey" = $1`,
          [late.key],
        );
        expect(rec).toEqual([{ rid: late.id, created: late.created }]);
        const lock = await q<{ acquired: boolean; at: string; released: string }>(
          `SELECT acquired, ${US('"createdAt"')} at, ${US('"releasedAt"')} released FROM "IdempotencyLock"
            WHERE key = $1 AND "requestId" = $2`,
          [late.key, timedOut!.request_id],
        );
        expect(lock).toHaveLength(1);
        expect(lock[0]!.acquired).toBe(true);
        expect(us(lock[0]!.at) - us(timedOut!.ts)).toBeLessThan(10_000);
        expect(us(lock[0]!.released) - us(late.created)).toBeGreaterThan(0);
        expect(us(lock[0]!.released) - us(late.created)).toBeLessThan(5_000);
      } else {
        expect(late.key).toBeNull();
      }
    }
    expect(afterRetry).toBeGreaterThan(0);
    expect(afterRetry).toBeLessThan(sets.length);
    expect(keyed).toBeGreaterThan(0);
  });

  it('cuts a request behind a CDN at its 100 s edge with a 524', () => {
    const w = { prng: new Prng(3) } as unknown as World;
    const c = cutOff(w, clientById('partner-api@2.3.0'));
    expect(c.status).toBe(524);
    expect(c.durationMs).toBeGreaterThanOrEqual(100_000);
    expect(c.durationMs).toBeLessThan(101_000);
  });

  it('times out two or three attempts before the one that succeeds, each with its own key or none', async () => {
    const sets = (await setsOf('multi-attempt-timeout')).filter((s) => s.logs_available);
    expect(sets.length).toBeGreaterThan(0);
    let withLaterBooking = 0;
    for (const s of sets) {
      const members = await bookings(s.ids);
      const posts = await creatingPosts(
        s.client_id,
        members[0]!.email,
        members[0]!.created,
        members[members.length - 1]!.created,
      );
      const ok = posts.findIndex((p) => p.rid !== null && s.ids.includes(p.rid));
      expect(ok, `set ${s.set_no}`).toBeGreaterThan(0);
      const attempts = posts.slice(0, ok).filter(cut);
      expect(attempts.length).toBeGreaterThanOrEqual(2);
      expect(attempts.length).toBeLessThanOrEqual(3);
      const keys = [...attempts, posts[ok]!].map((p) => p.key);
      if (keys[0] === null) expect(keys.every((k) => k === null)).toBe(true);
      else expect(new Set(keys).size).toBe(keys.length);
      // The first attempt made a booking: while it hung or after it ended, before the next began.
      const first = attempts[0]!;
      const made = members.filter(
        (m) => us(m.created) >= us(first.ts) && us(m.created) <= us(first.end_ts) + 60.001e6,
      );
      expect(made.length, `set ${s.set_no}`).toBeGreaterThan(0);
      if (first.key !== null) expect(members.some((m) => m.key === first.key)).toBe(true);
      if (members.length > 2) withLaterBooking++;
    }
    expect(withLaterBooking).toBeGreaterThan(0);
  });

  it('logs a drifting host: the logged race no longer overlaps while the lock rows still show it', async () => {
    const sets = (await setsOf('clock-drift')).filter((s) => s.root_cause === 'RACE' && s.logs_available);
    expect(sets.length).toBeGreaterThan(0);
    let failed = 0;
    for (const s of sets) {
      const reqs = await q<Request>(
        `SELECT ${REQUEST} FROM api_logs
          WHERE endpoint = '/api/v1/reservations' AND status = 201 AND response->>'id' = ANY($1) ORDER BY id`,
        [s.ids],
      );
      expect(reqs).toHaveLength(2);
      const [a, b] = reqs as [Request, Request];
      expect(us(b.ts)).toBeGreaterThanOrEqual(us(a.ts));
      // Logged one after the other: the second began after the first ended.
      expect(us(b.ts), `set ${s.set_no}`).toBeGreaterThanOrEqual(us(a.end_ts));
      expect(a.key).toBe(b.key);
      const locks = await q<{ request_id: string; acquired: boolean; at: string; released: string | null }>(
        `SELECT "requestId" request_id, acquired, ${US('"createdAt"')} at, ${US('"releasedAt"')} released
           FROM "IdempotencyLock" WHERE key = $1 ORDER BY id`,
        [a.key],
      );
      const held = locks.filter((l) => l.acquired);
      expect(held).toHaveLength(1);
      const refused = locks.filter((l) => !l.acquired);
      expect(refused.length).toBeLessThanOrEqual(1);
      if (refused.length === 1) {
        failed++;
        expect(us(refused[0]!.at)).toBeGreaterThan(us(held[0]!.at));
        expect(us(refused[0]!.at)).toBeLessThan(us(held[0]!.released!));
        expect(refused[0]!.released).toBeNull();
      }
      const rec = await q<{ attempts: number }>(
        'SELECT attempts FROM "IdempotencyRecord" WHERE "idempotencyKey" = $1',
        [a.key],
      );
      expect(rec).toEqual([{ attempts: 2 }]);
    }
    expect(failed).toBeGreaterThan(0);
  });

  it('logs a drifting host after a timeout: the booking was made outside its logged request', async () => {
    const sets = (await setsOf('clock-drift')).filter(
      (s) => s.root_cause === 'TIMEOUT_RETRY' && s.logs_available,
    );
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) {
      const members = await bookings(s.ids);
      const posts = await creatingPosts(
        s.client_id,
        members[0]!.email,
        members[0]!.created,
        members[1]!.created,
      );
      const cuts = posts.filter(cut);
      expect(cuts, `set ${s.set_no}`).toHaveLength(1);
      const made = us(members[0]!.created);
      const outside = made < us(cuts[0]!.ts) || made > us(cuts[0]!.end_ts);
      expect(outside, `set ${s.set_no}`).toBe(true);
      const gap = Math.min(Math.abs(made - us(cuts[0]!.ts)), Math.abs(made - us(cuts[0]!.end_ts)));
      expect(gap).toBeLessThan(8e6);
    }
  });

  it('writes initials on a copy and labels the set undecidable', async () => {
    const sets = await setsOf('initials');
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) {
      expect(s.undecidable).toBe(true);
      const [original, ...copies] = await bookings(s.ids);
      const given = original!.name.split(' ')[0]!;
      const surname = original!.name.slice(given.length + 1);
      const initial = given
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .charAt(0)
        .toUpperCase();
      const letters = (x: string): string =>
        x
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '')
          .toUpperCase()
          .replace(/[^A-Z]/g, '');
      for (const c of copies) {
        expect(c.name, `set ${s.set_no}`).not.toBe(original!.name);
        const parts = c.name.split(/[ /]+/).filter((x) => x !== '');
        const lone = parts.filter((x) => letters(x).length === 1 && x.replace('.', '').length === 1);
        expect(lone.map(letters), `${c.name} / ${original!.name}`).toEqual([initial]);
        expect(letters(c.name.replace(/(^|[ /])[A-Z]\.?( |$)/, ' '))).toBe(letters(surname));
      }
    }
    const others = await q(
      `SELECT 1 FROM simulation.duplicate_sets WHERE undecidable AND variant <> 'initials'`,
    );
    expect(others).toEqual([]);
  });

  it('writes two guests of one address sharing an initial as rooms booked on purpose, labelled indistinguishable', async () => {
    const groups = await q<{
      group_no: number;
      ids: string[];
      indistinguishable: boolean;
      payment_kind: string | null;
    }>(
      `SELECT group_no, reservation_ids ids, indistinguishable, payment_kind FROM simulation.lookalike_groups
        WHERE kind = 'SHARED_INITIAL'`,
    );
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) {
      expect([g.indistinguishable, g.payment_kind]).toEqual([true, null]);
      const rooms = await bookings(g.ids);
      expect(rooms).toHaveLength(2);
      expect(new Set(rooms.map((r) => r.email.trim().toLowerCase())).size).toBe(1);
      expect(rooms.every((r) => r.key === null && r.status === 'CONFIRMED')).toBe(true);
      const full = rooms.find(
        (r) => /^\S{2,} /.test(r.name) && !/[/,]/.test(r.name) && !/ [A-Z]$/.test(r.name),
      );
      const short = rooms.find((r) => r !== full);
      expect(full, rooms.map((r) => r.name).join(' / ')).toBeDefined();
      const given = full!.name.split(' ')[0]!;
      const initial = given.normalize('NFD').charAt(0).toUpperCase();
      expect(short!.name.replace(/[^A-Z]/gi, '').toUpperCase()).toContain(initial);
      expect(short!.name).not.toContain(given);
      const pays = await q<{ n: string }>(
        `SELECT count(*) n FROM "Payment" WHERE "reservationId" = ANY($1) AND status = 'CAPTURED'`,
        [g.ids],
      );
      expect(Number(pays[0]!.n)).toBe(2);
    }
    const labelled = await q(
      `SELECT 1 FROM simulation.duplicate_sets s JOIN simulation.lookalike_groups g ON s.reservation_ids && g.reservation_ids
        WHERE g.kind = 'SHARED_INITIAL'`,
    );
    expect(labelled).toEqual([]);
  });

  it('writes a retry loop: five or more keyless bookings with doubling gaps, the later charges declined', async () => {
    const sets = (await setsOf('retry-loop')).filter((s) => s.logs_available);
    expect(sets.length).toBeGreaterThan(0);
    for (const s of sets) {
      expect(s.ids.length).toBeGreaterThanOrEqual(5);
      expect(s.ids.length).toBeLessThanOrEqual(7);
      const reqs = await q<Request>(
        `SELECT ${REQUEST} FROM api_logs
          WHERE endpoint = '/api/v1/reservations' AND status = 201 AND response->>'id' = ANY($1) ORDER BY id`,
        [s.ids],
      );
      expect(reqs).toHaveLength(s.ids.length);
      expect(reqs.every((r) => r.key === null)).toBe(true);
      expect(new Set(reqs.map((r) => r.correlation)).size).toBe(1);
      expect(reqs[0]!.correlation).not.toBeNull();
      const waits = reqs.slice(1).map((r, i) => us(r.ts) - us(reqs[i]!.end_ts));
      for (let i = 1; i < waits.length; i++) expect(waits[i]! / waits[i - 1]!).toBeGreaterThan(1.4);
      const pays = await q<{ status: string }>(
        `SELECT p.status FROM "Payment" p JOIN "Reservation" r ON r.id = p."reservationId"
          WHERE r.id = ANY($1) ORDER BY r."createdAt"`,
        [s.ids],
      );
      const failed = pays.filter((p) => p.status === 'FAILED').length;
      expect(failed).toBeGreaterThanOrEqual(s.ids.length - 3);
      const firstFailed = pays.findIndex((p) => p.status === 'FAILED');
      expect(pays.slice(firstFailed).every((p) => p.status === 'FAILED')).toBe(true);
    }
  });
});
