/**
 * The extract's memory between runs: one high-water mark per reference table, written in the
 * same DuckDB transaction as the rows it describes, so a failed run leaves both as they were.
 */
import type { TableName } from '../config/index.ts';
import type { TableDef } from '../source/index.ts';
import { quoteIdent } from '../sql/index.ts';
import type { Warehouse } from '../warehouse/index.ts';

export type HighWater = Record<string, string | null>;

/** The marks of the last successful run, by reference table name (empty before the first run). */
export async function readExtractState(wh: Warehouse): Promise<Map<TableName, string | null>> {
  const rows = await wh.all<{ table_name: TableName; high_water: string | null }>(
    'SELECT table_name, high_water FROM extract_state',
  );
  return new Map(rows.map((r) => [r.table_name, r.high_water]));
}

/**
 * Records a table's new mark: the latest stamp now in the warehouse (never lower than the last
 * mark, since rows only ever get added or replaced by newer versions).
 */
export async function writeExtractState(
  wh: Warehouse,
  def: TableDef,
  runId: string,
  rows: number,
): Promise<string | null> {
  const stamp = def.columns.find((c) => c.ref === def.watermark)!.wh;
  const row = await wh.one<{ hw: string | null }>(
    `SELECT max(${quoteIdent(stamp)}) AS hw FROM ${quoteIdent(def.wh)}`,
  );
  const hw = row?.hw ?? null;
  await wh.exec(
    `INSERT OR REPLACE INTO extract_state (table_name, high_water, last_run_id, rows_loaded, extracted_at)
     VALUES ($table, $hw::TIMESTAMPTZ, $runId, $rows, now())`,
    { table: def.ref, hw, runId, rows },
  );
  return hw;
}
