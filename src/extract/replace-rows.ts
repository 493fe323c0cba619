/**
 * Lands the rows of one SELECT in a warehouse table, replacing the rows that have the same key:
 * re-running a window changes nothing. The key is the table's first column; the warehouse does
 * not declare it (see src/warehouse/schema.sql), so this is where it stays unique (unless the
 * source guarantees the key unique, as a PostgreSQL primary key does).
 *
 * A source without its key constraint may hold a row twice. Stopping the night for it would lose
 * every good row, so copies are collapsed here instead: exact copies become one row (money is
 * never counted twice), and copies that disagree keep one of them (the latest by the table's
 * high-water column, then by every column, so the choice is deterministic) and are recorded in
 * source_conflict with their number, for the rules to quarantine or flag.
 */

import type { TableDef } from '../source/index.ts';
import { quoteIdent } from '../sql/index.ts';
import type { SqlParams, Warehouse } from '../warehouse/index.ts';

const STAGE = quoteIdent('resrecon_extract_stage');
const REPEATED = quoteIdent('resrecon_extract_repeated');

/** The warehouse column that dates a row for the window: its creation, else its timestamp. */
function timeColumn(def: TableDef): string {
  const col =
    def.columns.find((c) => c.ref === 'createdAt') ?? def.columns.find((c) => c.ref === 'timestamp');
  return col ? quoteIdent(col.wh) : 'NULL::TIMESTAMPTZ';
}

/** Collapses repeated keys in `from` (a table holding only this load's rows for those keys). */
async function collapseRepeatedKeys(wh: Warehouse, from: string, def: TableDef): Promise<void> {
  const key = quoteIdent(def.columns[0]!.wh);
  const repeated = await wh.one(`SELECT 1 AS one FROM ${from} GROUP BY ${key} HAVING count(*) > 1 LIMIT 1`);
  if (!repeated) return;
  const columns = def.columns.map((c) => quoteIdent(c.wh)).join(', ');
  const watermark = quoteIdent(def.columns.find((c) => c.ref === def.watermark)!.wh);
  await wh.exec(
    `CREATE OR REPLACE TEMP TABLE ${REPEATED} AS
     SELECT DISTINCT ${columns} FROM ${from}
     WHERE ${key} IN (SELECT ${key} FROM ${from} GROUP BY ${key} HAVING count(*) > 1)`,
  );
  try {
    await wh.exec(
      `INSERT INTO source_conflict (table_name, row_id, copies, row_time)
       SELECT $table, ${key}::VARCHAR, count(*)::INTEGER, max(${timeColumn(def)})
       FROM ${REPEATED} GROUP BY ${key} HAVING count(*) > 1`,
      { table: def.ref },
    );
    await wh.exec(`DELETE FROM ${from} WHERE ${key} IN (SELECT ${key} FROM ${REPEATED})`);
    await wh.exec(
      `INSERT INTO ${from} (${columns})
       SELECT ${columns} FROM ${REPEATED}
       QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${watermark} DESC NULLS LAST, ${columns}) = 1`,
    );
  } finally {
    await wh.exec(`DROP TABLE IF EXISTS ${REPEATED}`);
  }
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
  const { checkKeys = true } = options;
  const table = quoteIdent(def.wh);
  const columns = def.columns.map((c) => quoteIdent(c.wh)).join(', ');
  const key = quoteIdent(def.columns[0]!.wh);
  const empty = (await wh.one(`SELECT 1 AS one FROM ${table} LIMIT 1`)) === undefined;
  // This load's keys are judged afresh: a key it repeats again is recorded again below.
  const recorded = await wh.one('SELECT 1 AS one FROM source_conflict WHERE table_name = $table LIMIT 1', {
    table: def.ref,
  });
  const forget = async (from: string): Promise<void> => {
    if (!recorded) return;
    await wh.exec(
      `DELETE FROM source_conflict WHERE table_name = $table AND row_id IN (SELECT ${key}::VARCHAR FROM ${from})`,
      { table: def.ref },
    );
  };
  if (empty) {
    await wh.exec(`INSERT INTO ${table} (${columns}) ${select}`, params);
    await forget(table);
    if (checkKeys) await collapseRepeatedKeys(wh, table, def);
    return;
  }
  await wh.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE} AS ${select}`, params);
  try {
    await forget(STAGE);
    if (checkKeys) await collapseRepeatedKeys(wh, STAGE, def);
    await wh.exec(`DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${STAGE})`);
    await wh.exec(`INSERT INTO ${table} (${columns}) SELECT ${columns} FROM ${STAGE}`);
  } finally {
    await wh.exec(`DROP TABLE IF EXISTS ${STAGE}`);
  }
}
