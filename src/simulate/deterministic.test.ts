import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import { ConfigError, ExternalError } from '../errors/index.ts';
import { simulate } from './index.ts';

const TABLES = [
  '"Reservation"',
  '"Payment"',
  '"IdempotencyRecord"',
  '"IdempotencyLock"',
  'api_logs',
  'simulation.duplicate_sets',
  'simulation.expected_refunds',
  'simulation.expected_voids',
  'simulation.lookalike_groups',
  'simulation.malformed',
  'simulation.release_regressions',
  'simulation.run',
];
const ORDER: Record<string, string> = {
  '"IdempotencyRecord"': '"idempotencyKey"',
  'simulation.duplicate_sets': 'set_no',
  'simulation.expected_refunds': 'payment_id',
  'simulation.expected_voids': 'payment_id',
  'simulation.lookalike_groups': 'group_no',
  'simulation.malformed': 'reservation_id',
  'simulation.release_regressions': 'release',
  'simulation.run': 'seed',
};
const options = { seed: 42, reservations: 2_000, from: '2026-09-01T00:00:00Z', to: '2026-09-08T00:00:00Z' };
const dbs: TestDatabase[] = [];

/** md5 of each table's COPY output, rows in key order. */
async function fingerprints(url: string): Promise<Record<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // Text output of timestamptz depends on the session zone: pin it, as a reader would.
    await client.query(`SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET extra_float_digits = 1`);
    const out: Record<string, string> = {};
    for (const t of TABLES) {
      const hash = createHash('md5');
      await pipeline(
        client.query(copyTo(`COPY (SELECT * FROM ${t} ORDER BY ${ORDER[t] ?? 'id'}) TO STDOUT`)),
        async (src) => {
          for await (const chunk of src) hash.update(chunk as Buffer);
        },
      );
      out[t] = hash.digest('hex');
    }
    return out;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  for (let i = 0; i < 3; i++) dbs.push(await createTestDatabase(`sim_same_seed_${i}`));
  await simulate({ targetUrl: dbs[0]!.url, ...options });
  await simulate({ targetUrl: dbs[1]!.url, ...options });
  await simulate({ targetUrl: dbs[2]!.url, ...options, seed: 43 });
});

afterAll(async () => {
  for (const db of dbs) await db.drop();
});

describe('simulate, run twice', () => {
  it('writes byte-identical tables, labels included, for the same seed', async () => {
    const [a, b] = await Promise.all([fingerprints(dbs[0]!.url), fingerprints(dbs[1]!.url)]);
    expect(Object.keys(a)).toHaveLength(TABLES.length);
    expect(b).toEqual(a);
  });

  it('writes different data for another seed', async () => {
    const [a, c] = await Promise.all([fingerprints(dbs[0]!.url), fingerprints(dbs[2]!.url)]);
    for (const t of ['"Reservation"', '"Payment"', 'api_logs']) expect(c[t]).not.toBe(a[t]);
  });

  it('refuses a database that already has the booking tables, naming --target, and leaves it as it was', async () => {
    const before = await fingerprints(dbs[0]!.url);
    const err = await simulate({ targetUrl: dbs[0]!.url, ...options }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).setting).toBe('--target');
    expect(await fingerprints(dbs[0]!.url)).toEqual(before);
  });

  it('leaves the booking tables with exactly the columns and constraints of schema.sql', async () => {
    const reference = await createTestDatabase('sim_schema_reference');
    dbs.push(reference);
    const ddl = readFileSync(new URL('./sql/schema.sql', import.meta.url), 'utf8');
    const shape = async (url: string): Promise<unknown[]> => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        if (url === reference.url) await client.query(ddl);
        const columns = await client.query(
          `SELECT table_name, column_name, data_type, character_maximum_length, numeric_precision, numeric_scale,
                  is_nullable, column_default
             FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
        );
        const constraints = await client.query(
          `SELECT conrelid::regclass::text AS tbl, conname, pg_get_constraintdef(oid) AS def
             FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2`,
        );
        return [columns.rows, constraints.rows];
      } finally {
        await client.end();
      }
    };
    expect(await shape(dbs[0]!.url)).toEqual(await shape(reference.url));
  });

  it('reports an unreachable database as an external failure', async () => {
    const err = await simulate({ targetUrl: 'postgresql://postgres@127.0.0.1:1/none', ...options }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ExternalError);
    expect((err as ExternalError).message).toContain('127.0.0.1:1/none');
  });
});
