/**
 * Many rows into one table, the way each engine takes them fastest. SQLite runs in this process,
 * so one prepared statement run once per row costs no round trip, and no statement text of
 * thousands of parameters is built and parsed per batch: a night's first save of 34,000 sets
 * spent most of its time there. PostgreSQL gets multi-row statements, one round trip per batch.
 * The statement comes from kysely either way, compiled from the first row, so identifiers are
 * quoted and a schema applied in one place.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Insertable } from 'kysely';
import { MAX_PARAMETERS } from './batches.ts';
import type { Database, Db } from './database.ts';

/** The embedded store's own handle, in the same connection kysely writes with; null on PostgreSQL. */
export type SqliteHandle = BetterSqlite3.Database | null;

export interface Upsert<T extends keyof Database> {
  /** The unique column a conflicting row is found by. */
  readonly key: keyof Database[T] & string;
  /** The columns a conflicting row takes from the new one. */
  readonly update: readonly (keyof Database[T] & string)[];
}

type Row<T extends keyof Database> = Insertable<Database[T]>;

function statement<T extends keyof Database>(db: Db, table: T, rows: readonly Row<T>[], upsert?: Upsert<T>) {
  const insert = db.insertInto(table).values(rows as Row<T>[]);
  if (!upsert) return insert;
  return insert.onConflict((oc) =>
    oc.column(upsert.key as never).doUpdateSet(
      // biome-ignore lint/suspicious/noExplicitAny: kysely's per-table column unions do not survive a generic table
      Object.fromEntries(upsert.update.map((c) => [c, (eb: any) => eb.ref(`excluded.${c}`)])) as never,
    ),
  );
}

/**
 * Inserts `rows` (all with the same columns) inside the caller's transaction. With `upsert`, a
 * row whose key is already stored updates the listed columns instead. Rows are taken one at a
 * time, so a generator keeps only a statement's worth of them (one, on SQLite) alive at once.
 */
export async function insertRows<T extends keyof Database>(
  db: Db,
  sqlite: SqliteHandle,
  table: T,
  rows: Iterable<Row<T>>,
  upsert?: Upsert<T>,
): Promise<void> {
  const it = rows[Symbol.iterator]();
  const head = it.next();
  if (head.done) return;
  const first = head.value;
  const columns = Object.keys(first) as (keyof Row<T>)[];
  if (!sqlite) {
    const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
    let part: Row<T>[] = [first];
    for (;;) {
      const next = it.next();
      if (next.done) {
        await statement(db, table, part, upsert).execute();
        return;
      }
      if (part.length === size) {
        await statement(db, table, part, upsert).execute();
        part = [];
      }
      part.push(next.value);
    }
  }
  const compiled = statement(db, table, [first], upsert).compile();
  if (compiled.parameters.length !== columns.length) {
    throw new Error(
      `insertRows(${table}): ${compiled.parameters.length} parameters for ${columns.length} columns`,
    );
  }
  const prepared = sqlite.prepare(compiled.sql);
  const values: unknown[] = new Array(columns.length);
  let row = first;
  for (;;) {
    for (let i = 0; i < columns.length; i++) values[i] = row[columns[i]!] ?? null;
    prepared.run(values);
    const next = it.next();
    if (next.done) return;
    row = next.value;
  }
}

/** `items` mapped to rows one at a time, as insertRows takes them. */
export function* eachRow<I, R>(items: Iterable<I>, row: (item: I) => R): Generator<R> {
  for (const item of items) yield row(item);
}
