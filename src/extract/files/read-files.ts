/**
 * The files source: a folder holding one Parquet or CSV file per reference table, named after
 * it and with the reference column names (what exportToFiles writes). DuckDB reads them directly;
 * a folder is a whole snapshot, so every run reloads it, replacing rows by key.
 */
import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../errors/index.ts';
import { BOOKING_ENDPOINT_PATH } from '../../model/index.ts';
import type { TableDef } from '../../source/index.ts';
import { quoteIdent } from '../../sql/index.ts';
import type { Warehouse } from '../../warehouse/index.ts';
import { duckType } from '../duck-type.ts';
import { replaceRows } from '../replace-rows.ts';

interface TableFile {
  readonly path: string;
  readonly format: 'parquet' | 'csv';
}

function findFile(dir: string, def: TableDef): TableFile {
  for (const format of ['parquet', 'csv'] as const) {
    const path = join(dir, `${def.ref}.${format}`);
    if (existsSync(path)) return { path, format };
  }
  throw new DataError(`${dir} has no ${def.ref}.parquet or ${def.ref}.csv`, {
    file: join(dir, `${def.ref}.parquet`),
    table: def.ref,
  });
}

/** The column names in a CSV header: reference names are plain, but a writer may quote them. */
function csvHeader(path: string): string[] {
  // Only the first line is needed; the file itself may be gigabytes.
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(64 * 1024);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const text = head.subarray(0, n).toString('utf8');
  const end = text.indexOf('\n');
  return (end === -1 ? text : text.slice(0, end))
    .replace(/\r$/, '')
    .split(',')
    .map((h) => h.replace(/^"(.*)"$/, '$1').replaceAll('""', '"'));
}

async function fileColumns(wh: Warehouse, file: TableFile): Promise<string[]> {
  if (file.format === 'csv') return csvHeader(file.path);
  const rows = await wh.all<{ column_name: string }>('DESCRIBE SELECT * FROM read_parquet($path)', {
    path: file.path,
  });
  return rows.map((r) => r.column_name);
}

/** read_parquet, or read_csv with the file's own header order and every field read as text. */
function reader(file: TableFile, columns: readonly string[]): string {
  if (file.format === 'parquet') return 'read_parquet($path)';
  const cols = columns.map((c) => `'${c.replaceAll("'", "''")}': 'VARCHAR'`).join(', ');
  return `read_csv($path, columns = {${cols}}, header = true, delim = ',', quote = '"', escape = '"',
                   auto_detect = false, allow_quoted_nulls = false)`;
}

/** Loads one table's file and returns the number of rows it contributed. */
export async function readTableFile(wh: Warehouse, dir: string, def: TableDef): Promise<number> {
  const file = findFile(dir, def);
  const present = await fileColumns(wh, file);
  for (const col of def.columns) {
    if (!present.includes(col.ref))
      throw new DataError(`${file.path} has no column ${col.ref}`, {
        file: file.path,
        table: def.ref,
        field: col.ref,
      });
  }
  const select = def.columns
    .map((c) => `CAST(${quoteIdent(c.ref)} AS ${duckType(c.type)}) AS ${quoteIdent(c.wh)}`)
    .join(', ');
  const where = def.ref === 'api_logs' ? `WHERE starts_with(${quoteIdent('endpoint')}, $prefix)` : '';
  const params: Record<string, string> = { path: file.path };
  if (where) params['prefix'] = BOOKING_ENDPOINT_PATH;
  try {
    await replaceRows(wh, def, `SELECT ${select} FROM ${reader(file, present)} ${where}`, params, {
      file: file.path,
    });
  } catch (err) {
    if (err instanceof DataError) throw err;
    throw new DataError(
      `${file.path}: ${(err as Error).message}`,
      { file: file.path, table: def.ref },
      { cause: err },
    );
  }
  const counted = await wh.one<{ n: string }>(
    `SELECT count(*) AS n FROM ${reader(file, present)} ${where}`,
    params,
  );
  return Number(counted?.n ?? 0);
}
