/**
 * Each test file gets its own PostgreSQL database, created fresh and dropped afterwards, on the
 * real server (127.0.0.1:5432 unless RESRECON_TEST_PG says otherwise).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_PG_BASE =
  process.env['RESRECON_TEST_PG'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

function withDatabase(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates an empty database named after the prefix plus a random suffix. */
export async function createTestDatabase(prefix: string): Promise<TestDatabase> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_BASE });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: withDatabase(TEST_PG_BASE, name),
    async drop() {
      const c = new pg.Client({ connectionString: TEST_PG_BASE });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** The rows of one statement, run on a connection of its own. */
export async function queryRows<T extends pg.QueryResultRow = pg.QueryResultRow>(
  url: string,
  text: string,
  values: readonly unknown[] = [],
): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(text, [...values])).rows;
  } finally {
    await c.end();
  }
}
