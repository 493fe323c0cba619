/**
 * The year bench's source: one simulated year kept aside (schema year_all, see
 * sql/keep-year.sql), and empty reference tables in `public` that grow night by night. Each
 * night reveals the rows created that night, as they were then, and changes the earlier rows
 * changed that night (a booking cancelled or checked out), with INSERT … SELECT and UPDATE …
 * FROM inside the one database.
 */
import { readFileSync } from 'node:fs';
import { quoteIdent } from '../../src/sql/index.ts';
import { withClient } from './incremental.ts';

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
 * What a row looked like when it was revealed, column by column: a booking as booked (its later
 * status, cancel reason and update stamp wait for its change), a payment with its update stamp
 * at its reveal (its final amounts show from the start: the bench measures cost, not money).
 * $2 is the night's end: a change within the same night shows at once.
 */
const AS_REVEALED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Reservation: {
    status: `CASE WHEN "changeAt" >= $2::timestamptz THEN (CASE WHEN status = 'PENDING' THEN 'PENDING' ELSE 'CONFIRMED' END) ELSE status END`,
    cancelReason: `CASE WHEN "changeAt" >= $2::timestamptz THEN NULL ELSE "cancelReason" END`,
    updatedAt: `CASE WHEN "changeAt" >= $2::timestamptz THEN "revealAt" ELSE "updatedAt" END`,
  },
  Payment: {
    updatedAt: `CASE WHEN "changeAt" >= $2::timestamptz THEN "revealAt" ELSE "updatedAt" END`,
  },
};

/** The columns a row's change sets, when it comes (the rest were revealed as they end). */
const CHANGED: Readonly<Record<string, readonly string[]>> = {
  Reservation: ['status', 'cancelReason', 'updatedAt'],
  Payment: ['updatedAt'],
};

/**
 * Reveals to the source every row created by `to` and not by `from` (ISO instants; '-infinity'
 * for the first night), as it was then, and applies the changes made in [from, to) to rows
 * revealed earlier. With `analyze`, refreshes the planner's statistics, as autovacuum does now
 * and then on a growing table. Returns the rows revealed per table, and the rows changed.
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
    const columnsOf = new Map(rows.map((r) => [r.table_name, r.columns]));
    const revealed: Record<string, number> = {};
    await c.query('BEGIN');
    for (const table of YEAR_TABLES) {
      const columns = columnsOf.get(table)!;
      const t = quoteIdent(table);
      const asRevealed = AS_REVEALED[table] ?? {};
      const select = columns.map((col) => asRevealed[col] ?? quoteIdent(col)).join(', ');
      const r = await c.query(
        `INSERT INTO public.${t} (${columns.map(quoteIdent).join(', ')}) SELECT ${select} FROM year_all.${t}
          WHERE "revealAt" >= $1::timestamptz AND "revealAt" < $2::timestamptz`,
        [from, to],
      );
      revealed[table] = r.rowCount ?? 0;
      const changed = CHANGED[table];
      if (changed) {
        const set = changed.map((col) => `${quoteIdent(col)} = y.${quoteIdent(col)}`).join(', ');
        const u = await c.query(
          `UPDATE public.${t} p SET ${set} FROM year_all.${t} y
            WHERE y.id = p.id AND y."changeAt" >= $1::timestamptz AND y."changeAt" < $2::timestamptz
              AND y."revealAt" < $1::timestamptz`,
          [from, to],
        );
        revealed[`${table} changed`] = u.rowCount ?? 0;
      }
    }
    await c.query('COMMIT');
    if (options.analyze)
      await c.query(`ANALYZE ${YEAR_TABLES.map((t) => `public.${quoteIdent(t)}`).join(', ')}`);
    return revealed;
  });
}
