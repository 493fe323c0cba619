/**
 * The year bench's source: one simulated year kept aside (schema year_all, see
 * sql/keep-year.sql), and empty reference tables in `public` that grow night by night. Each
 * night reveals the rows that exist by its end and did not by the night before's, with INSERT …
 * SELECT inside the one database: the cut of scripts/bench/incremental.ts (`rowsOf`), taken
 * once a night.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { quoteIdent } from '../../src/sql/index.ts';

const SIMULATE_SQL = new URL('../../src/simulate/sql/', import.meta.url);
const simulateSql = (name: string): string => readFileSync(new URL(name, SIMULATE_SQL), 'utf8');
const KEEP_YEAR = readFileSync(new URL('./sql/keep-year.sql', import.meta.url), 'utf8');

/** In the order a foreign key allows: a payment after its booking. */
export const YEAR_TABLES = [
  'Reservation',
  'Payment',
  'IdempotencyRecord',
  'IdempotencyLock',
  'api_logs',
] as const;

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/**
 * Moves the simulated tables of `url` aside into year_all and puts empty reference tables, with
 * the same keys and indexes, in their place.
 */
export async function keepYear(url: string): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('BEGIN');
    await c.query(KEEP_YEAR);
    await c.query(simulateSql('schema.sql'));
    await c.query(simulateSql('before-load.sql'));
    for (const f of ['after-load-bookings.sql', 'after-load-api-logs.sql', 'after-load-idempotency.sql'])
      await c.query(simulateSql(f));
    await c.query('COMMIT');
  });
}

/**
 * Reveals to the source every row that exists by `to` and did not by `from` (ISO instants;
 * '-infinity' for the first night). With `analyze`, refreshes the planner's statistics, as
 * autovacuum does now and then on a growing table. Returns the rows revealed per table.
 */
export async function revealNight(
  url: string,
  from: string,
  to: string,
  options: { readonly analyze?: boolean } = {},
): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ table_name: string; columns: string[] }>(
      `SELECT table_name, array_agg(column_name::text ORDER BY ordinal_position) AS columns
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ANY($1)
        GROUP BY table_name`,
      [[...YEAR_TABLES]],
    );
    const columnsOf = new Map(rows.map((r) => [r.table_name, r.columns.map(quoteIdent).join(', ')]));
    const revealed: Record<string, number> = {};
    await c.query('BEGIN');
    for (const table of YEAR_TABLES) {
      const columns = columnsOf.get(table)!;
      const t = quoteIdent(table);
      const r = await c.query(
        `INSERT INTO public.${t} (${columns}) SELECT ${columns} FROM year_all.${t}
          WHERE "revealAt" >= $1::timestamptz AND "revealAt" < $2::timestamptz`,
        [from, to],
      );
      revealed[table] = r.rowCount ?? 0;
    }
    await c.query('COMMIT');
    if (options.analyze)
      await c.query(`ANALYZE ${YEAR_TABLES.map((t) => `public.${quoteIdent(t)}`).join(', ')}`);
    return revealed;
  });
}
