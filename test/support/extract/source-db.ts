/** Test helper: a fresh PostgreSQL database holding the reference schema, optionally the edge rows. */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { SourceConfig } from '../../../src/config/index.ts';
import { createTestDatabase, type TestDatabase } from '../pg.ts';

// The reference schema of docs/contracts.md section 1, as the simulator writes it: one copy only.
const SCHEMA = readFileSync(new URL('../../../src/simulate/sql/schema.sql', import.meta.url), 'utf8');
const EDGE_ROWS = readFileSync(new URL('./edge-rows.sql', import.meta.url), 'utf8');

export interface SourceDatabase {
  readonly db: TestDatabase;
  readonly client: pg.Client;
  /** A postgres source on this database (optionally as another user, with a mapping). */
  source(
    overrides?: Partial<Extract<SourceConfig, { kind: 'postgres' }>>,
  ): Extract<SourceConfig, { kind: 'postgres' }>;
  close(): Promise<void>;
}

export async function createSourceDatabase(prefix: string, withEdgeRows: boolean): Promise<SourceDatabase> {
  const db = await createTestDatabase(prefix);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query(SCHEMA);
  if (withEdgeRows) await client.query(EDGE_ROWS);
  return {
    db,
    client,
    source: (overrides = {}) => ({
      kind: 'postgres',
      url: db.url,
      statementTimeoutMs: 60_000,
      overlapMinutes: 10,
      tables: {},
      ...overrides,
    }),
    async close() {
      await client.end();
      await db.drop();
    },
  };
}
