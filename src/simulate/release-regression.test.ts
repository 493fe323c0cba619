import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import { ConfigError } from '../errors/index.ts';
import { type SimulationSummary, simulate } from './index.ts';
import { DEFAULT_REALITIES, variantFor } from './realities.ts';
import { resolveRegression } from './release-regression.ts';

const NIGHT = '2026-09-05';
const NIGHT_TS = `${NIGHT}T00:00:00Z`;
const OLD = ['ios-app@3.2.1', 'ios-app@3.1.4'];
const base = { seed: 515, reservations: 3_000, from: '2026-09-01T00:00:00Z', to: '2026-09-09T00:00:00Z' };
const dbs: TestDatabase[] = [];
let plain: pg.Client;
let regressed: pg.Client;
let summary: SimulationSummary;

async function open(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO'`);
  return c;
}

beforeAll(async () => {
  for (const name of ['sim_regress_off', 'sim_regress_on']) dbs.push(await createTestDatabase(name));
  await simulate({ targetUrl: dbs[0]!.url, ...base });
  summary = await simulate({
    targetUrl: dbs[1]!.url,
    ...base,
    regression: { release: 'ios-app@3.4.0', from: NIGHT },
    realities: { releaseRegressions: 0.2 },
  });
  plain = await open(dbs[0]!.url);
  regressed = await open(dbs[1]!.url);
}, 120_000);

afterAll(async () => {
  await plain?.end();
  await regressed?.end();
  for (const db of dbs) await db.drop();
});

/** The creating requests (201 POSTs) by client, before and from the night. */
async function creatorsByClient(c: pg.Client): Promise<Record<string, { before: number; after: number }>> {
  const { rows } = await c.query<{ client: string; before: string; after: string }>(
    `SELECT "clientId" AS client, count(*) FILTER (WHERE "timestamp" < $1) AS before,
            count(*) FILTER (WHERE "timestamp" >= $1) AS after
       FROM api_logs WHERE endpoint = '/api/v1/reservations' AND method = 'POST' AND status = 201
      GROUP BY 1`,
    [NIGHT_TS],
  );
  return Object.fromEntries(
    rows.map((r) => [r.client, { before: Number(r.before), after: Number(r.after) }]),
  );
}

/** md5 of a query's rows as text, in the order it gives them. */
async function digest(c: pg.Client, sql: string): Promise<{ rows: number; md5: string }> {
  const { rows } = await c.query(sql, [NIGHT_TS]);
  return { rows: rows.length, md5: createHash('md5').update(JSON.stringify(rows)).digest('hex') };
}

describe('a release that regresses from a night on', () => {
  it('takes over the client from that night: its bookings carry the new release, the old ones are all but gone', async () => {
    const by = await creatorsByClient(regressed);
    expect(by['ios-app@3.4.0']!.before).toBe(0);
    expect(by['ios-app@3.4.0']!.after).toBeGreaterThan(100);
    for (const old of OLD) expect(by[old]!.before).toBeGreaterThan(20);
    // A few look-alike checkouts (one-name keyed ones need a keyed release) and a guest's other
    // app in a mixed-keys re-booking still name an old release, as users who have not updated do.
    const stragglers = OLD.reduce((sum, old) => sum + (by[old]?.after ?? 0), 0);
    expect(stragglers).toBeLessThanOrEqual(Math.ceil(by['ios-app@3.4.0']!.after * 0.02));
    // The other clients are untouched by it.
    expect(
      Object.keys(by)
        .filter((c) => c.startsWith('ios-app@'))
        .sort(),
    ).toEqual(['ios-app@3.1.4', 'ios-app@3.2.1', 'ios-app@3.4.0']);
  });

  it('re-sends a share of its bookings without an Idempotency-Key, labelled release-regression with cause NO_KEY or TIMEOUT_RETRY', async () => {
    const { rows } = await regressed.query<{
      set_no: number;
      root_cause: string;
      client_id: string;
      ids: string[];
      keys: (string | null)[];
      correlations: (string | null)[];
      statuses: (number | null)[];
      first_ts: string;
    }>(
      `SELECT s.set_no, s.root_cause, s.client_id, s.reservation_ids AS ids,
              array_agg(l."idempotencyKey" ORDER BY l."timestamp") AS keys,
              array_agg(l."correlationId" ORDER BY l."timestamp") AS correlations,
              array_agg(l.status ORDER BY l."timestamp") AS statuses,
              min(l."timestamp")::text AS first_ts
         FROM simulation.duplicate_sets s
         JOIN api_logs l ON l.endpoint = '/api/v1/reservations' AND l.method = 'POST'
          AND l."clientId" = s.client_id AND l."guestEmail" IS NOT NULL
          AND l."timestamp" BETWEEN (SELECT min("createdAt") FROM "Reservation" WHERE id = ANY (s.reservation_ids)) - interval '5 minutes'
                                AND (SELECT max("createdAt") FROM "Reservation" WHERE id = ANY (s.reservation_ids))
          AND lower(trim(l."guestEmail")) = s.guest_email
        WHERE s.variant = 'release-regression'
        GROUP BY s.set_no ORDER BY s.set_no`,
    );
    expect(rows.length).toBe(summary.releaseRegression!.sets);
    expect(rows.length).toBeGreaterThan(20);
    const causes = new Set(rows.map((r) => r.root_cause));
    expect(causes).toEqual(new Set(['NO_KEY', 'TIMEOUT_RETRY']));
    for (const r of rows) {
      expect(r.client_id).toBe('ios-app@3.4.0');
      expect(r.first_ts >= NIGHT_TS.replace('T', ' ').replace('Z', '')).toBe(true);
      expect(r.keys.every((k) => k === null)).toBe(true);
      // A library re-sends with its headers: one correlation id for the whole set.
      expect(new Set(r.correlations).size).toBe(1);
      expect(r.correlations[0]).not.toBeNull();
      if (r.root_cause === 'TIMEOUT_RETRY') expect(r.statuses[0]).not.toBe(201);
      else expect(r.statuses.every((s) => s === 201)).toBe(true);
    }
    // None of its reservations carries a key either.
    const keyed = await regressed.query(
      `SELECT count(*)::int AS n FROM "Reservation" r JOIN simulation.duplicate_sets s ON r.id = ANY (s.reservation_ids)
        WHERE s.variant = 'release-regression' AND r."idempotencyKey" IS NOT NULL`,
    );
    expect(keyed.rows[0].n).toBe(0);
  });

  it("lifts the client's copies per booking far above the nights before, which stay as they were", async () => {
    const rate = async (clients: string[], before: boolean) => {
      const { rows } = await regressed.query<{ copies: string; bookings: string }>(
        `WITH made AS (
           SELECT response->>'id' AS id FROM api_logs
            WHERE endpoint = '/api/v1/reservations' AND method = 'POST' AND status = 201
              AND "clientId" = ANY ($1) AND ("timestamp" < $2) = $3)
         SELECT (SELECT count(*) FROM made) AS bookings,
                (SELECT coalesce(sum(cardinality(reservation_ids) - 1), 0) FROM simulation.duplicate_sets s
                  WHERE s.client_id = ANY ($1) AND s.reservation_ids[1] IN (SELECT id FROM made)) AS copies`,
        [clients, NIGHT_TS, before],
      );
      return (Number(rows[0]!.copies) / Number(rows[0]!.bookings)) * 1000;
    };
    const baseline = await rate(OLD, true);
    const after = await rate(['ios-app@3.4.0'], false);
    expect(after).toBeGreaterThan(baseline * 3);
    expect(after).toBeGreaterThan(100);
  });

  it('writes, up to its night, the very history the simulator writes without it', async () => {
    const tables = [
      `SELECT * FROM "Reservation" WHERE "createdAt" < $1 ORDER BY id`,
      `SELECT * FROM "Payment" WHERE "createdAt" < $1 ORDER BY id`,
      // A gateway host's clock may run a few seconds behind: a request logged just before the
      // night can belong to a scenario of the night.
      `SELECT * FROM api_logs WHERE "timestamp" < $1::timestamptz - interval '1 minute' ORDER BY id`,
      `SELECT * FROM "IdempotencyRecord" WHERE "createdAt" < $1 ORDER BY "idempotencyKey"`,
      `SELECT s.* FROM simulation.duplicate_sets s
        WHERE (SELECT max("createdAt") FROM "Reservation" WHERE id = ANY (s.reservation_ids)) < $1 ORDER BY set_no`,
    ];
    for (const sql of tables) {
      const [a, b] = [await digest(plain, sql), await digest(regressed, sql)];
      expect(a.rows, sql).toBeGreaterThan(20);
      expect(b, sql).toEqual(a);
    }
    // From the night on they part.
    const later = `SELECT * FROM "Reservation" WHERE "createdAt" >= $1 ORDER BY id`;
    expect((await digest(regressed, later)).md5).not.toBe((await digest(plain, later)).md5);
  });

  it('records the regression in the truth: client, release, the releases it replaced, the first night and the share', async () => {
    const { rows } = await regressed.query(
      `SELECT client, release, replaces, first_night::text AS first_night, night_from, share
         FROM simulation.release_regressions`,
    );
    expect(rows).toEqual([
      {
        client: 'ios-app',
        release: 'ios-app@3.4.0',
        replaces: OLD,
        first_night: NIGHT,
        night_from: new Date(NIGHT_TS),
        share: 0.2,
      },
    ]);
    const run = await regressed.query(`SELECT realities, counts FROM simulation.run`);
    expect(run.rows[0].realities.releaseRegressions).toBe(0.2);
    expect(run.rows[0].counts.duplicateVariants['release-regression']).toBe(summary.releaseRegression!.sets);
    expect(
      (await plain.query('SELECT count(*)::int AS n FROM simulation.release_regressions')).rows[0].n,
    ).toBe(0);
    expect(
      (
        await plain.query(
          `SELECT count(*)::int AS n FROM simulation.duplicate_sets WHERE variant = 'release-regression'`,
        )
      ).rows[0].n,
    ).toBe(0);
  });
});

describe('the release-regression reality', () => {
  it('is never drawn as the variant of an ordinary duplicate set, whatever its share', () => {
    const r = { ...DEFAULT_REALITIES, releaseRegressions: 1 };
    for (const cause of ['NO_KEY', 'TIMEOUT_RETRY', 'RACE', 'MISSING_DEDUP'] as const)
      for (let u = 0; u < 1; u += 0.001) expect(variantFor(cause, r, u)).not.toBe('release-regression');
  });

  it("replaces every release of the client with one that sends no key and retries by library, with the client's main release's timeouts", () => {
    const window = { from: Date.parse(base.from) * 1000, to: Date.parse(base.to) * 1000 };
    const r = resolveRegression({ release: 'ios-app@3.4.0', from: NIGHT }, window, 0.05, {
      NO_KEY: 60,
      TIMEOUT_RETRY: 25,
      MISSING_DEDUP: 10,
      RACE: 5,
    })!;
    expect(r.replaces).toEqual(OLD);
    expect(r.profile).toMatchObject({
      id: 'ios-app@3.4.0',
      keys: 'never',
      retries: 'library',
      timeoutMs: 60_000,
    });
    expect(r.causes).toEqual({ NO_KEY: 60, TIMEOUT_RETRY: 25 });
    // A mix without either cause still re-sends: after a dropped connection.
    expect(
      resolveRegression({ release: 'ios-app@3.4.0', from: NIGHT }, window, 0.05, {
        NO_KEY: 0,
        TIMEOUT_RETRY: 0,
        MISSING_DEDUP: 10,
        RACE: 5,
      })!.causes,
    ).toEqual({ NO_KEY: 1, TIMEOUT_RETRY: 0 });
    expect(() =>
      resolveRegression({ release: 'ios-app@3.4.0', from: '2026-08-31' }, window, 0.05, r.causes as never),
    ).toThrow(ConfigError);
  });
});
