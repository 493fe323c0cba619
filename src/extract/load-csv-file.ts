/**
 * Loads one CSV file written by PostgreSQL's COPY into its warehouse table. Nothing is left to
 * DuckDB's sniffer (it guessed "no quote" from a sample and failed later, stack-notes.md): the
 * dialect and every column type are explicit, and a quoted empty field stays an empty string
 * rather than NULL.
 */

import type { TableDef } from '../source/index.ts';
import { quoteIdent } from '../sql/index.ts';
import type { Warehouse } from '../warehouse/index.ts';
import { duckType } from './duck-type.ts';
import { replaceRows } from './replace-rows.ts';

/** The `columns={…}` argument of read_csv: names and types are constants of TABLES, not input. */
function columnsArgument(def: TableDef): string {
  return `{${def.columns.map((c) => `'${c.wh}': '${duckType(c.type)}'`).join(', ')}}`;
}

/** `checkKeys` false when the source already guarantees the key unique. */
export async function loadCsvFile(
  wh: Warehouse,
  def: TableDef,
  path: string,
  checkKeys = true,
): Promise<void> {
  const columns = def.columns.map((c) => quoteIdent(c.wh)).join(', ');
  const select = `SELECT ${columns}
     FROM read_csv($path, columns = ${columnsArgument(def)}, header = false, delim = ',',
                   quote = '"', escape = '"', auto_detect = false, allow_quoted_nulls = false)`;
  await replaceRows(wh, def, select, { path }, { file: path, checkKeys });
}
