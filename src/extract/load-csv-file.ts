/**
 * Loads one CSV file written by PostgreSQL's COPY into its warehouse table. Nothing is left to
 * DuckDB's sniffer (it guessed "no quote" from a sample and failed later, stack-notes.md): the
 * dialect and every column type are explicit, and a quoted empty field stays an empty string
 * rather than NULL. Rows replace rows with the same key, so re-running a window changes nothing.
 */
import { quoteIdent } from '../sql/index.ts';
import type { Warehouse } from '../warehouse/index.ts';
import { duckType, type TableDef } from './reference-tables.ts';

/** The `columns={…}` argument of read_csv: names and types are constants of TABLES, not input. */
function columnsArgument(def: TableDef): string {
  return `{${def.columns.map((c) => `'${c.wh}': '${duckType(c.type)}'`).join(', ')}}`;
}

export async function loadCsvFile(wh: Warehouse, def: TableDef, path: string): Promise<void> {
  // Into an empty table a plain append is cheaper than an upsert (a backfill's common case).
  const empty = (await wh.one(`SELECT 1 AS one FROM ${quoteIdent(def.wh)} LIMIT 1`)) === undefined;
  const verb = empty ? 'INSERT INTO' : 'INSERT OR REPLACE INTO';
  const columns = def.columns.map((c) => quoteIdent(c.wh)).join(', ');
  await wh.exec(
    `${verb} ${quoteIdent(def.wh)} (${columns})
     SELECT ${columns}
     FROM read_csv($path, columns = ${columnsArgument(def)}, header = false, delim = ',',
                   quote = '"', escape = '"', auto_detect = false, allow_quoted_nulls = false)`,
    { path },
  );
}
