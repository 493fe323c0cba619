/**
 * Lands the rows of one SELECT in a warehouse table, replacing the rows that have the same key:
 * re-running a window changes nothing. The key is the table's first column; the warehouse does
 * not declare it (see src/warehouse/schema.sql), so this is where it stays unique: a load that
 * repeats a key is refused with the key, the table and the file (unless the source guarantees
 * the key unique, as a PostgreSQL primary key does).
 */
import { DataError } from '../errors/index.ts';
import { quoteIdent } from '../sql/index.ts';
import type { SqlParams, Warehouse } from '../warehouse/index.ts';
import type { TableDef } from './reference-tables.ts';

const STAGE = quoteIdent('resrecon_extract_stage');

async function refuseRepeatedKey(wh: Warehouse, from: string, def: TableDef, file?: string): Promise<void> {
  const key = quoteIdent(def.columns[0]!.wh);
  const repeated = await wh.one<{ k: string }>(
    `SELECT ${key}::VARCHAR AS k FROM ${from} GROUP BY ${key} HAVING count(*) > 1 LIMIT 1`,
  );
  if (repeated)
    throw new DataError(
      `${def.ref} has the key ${def.columns[0]!.ref} = ${JSON.stringify(repeated.k)} more than once`,
      {
        table: def.ref,
        row: repeated.k,
        field: def.columns[0]!.ref,
        ...(file ? { file } : {}),
      },
    );
}

/**
 * `select` must yield the table's warehouse columns, in order. Into an empty table it is a plain
 * append (a backfill's case); otherwise the rows are staged, their keys deleted, then appended.
 */
export async function replaceRows(
  wh: Warehouse,
  def: TableDef,
  select: string,
  params: SqlParams,
  options: { readonly file?: string; readonly checkKeys?: boolean } = {},
): Promise<void> {
  const { file, checkKeys = true } = options;
  const table = quoteIdent(def.wh);
  const columns = def.columns.map((c) => quoteIdent(c.wh)).join(', ');
  const key = quoteIdent(def.columns[0]!.wh);
  const empty = (await wh.one(`SELECT 1 AS one FROM ${table} LIMIT 1`)) === undefined;
  if (empty) {
    await wh.exec(`INSERT INTO ${table} (${columns}) ${select}`, params);
    if (checkKeys) await refuseRepeatedKey(wh, table, def, file);
    return;
  }
  await wh.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS ${select}`, params);
  try {
    if (checkKeys) await refuseRepeatedKey(wh, STAGE, def, file);
    await wh.exec(`DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${STAGE})`);
    await wh.exec(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${STAGE}`);
  } finally {
    await wh.exec(`DROP TABLE IF EXISTS ${STAGE}`);
  }
}
