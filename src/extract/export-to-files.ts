/**
 * Writes the warehouse back out as the files source reads it: one Parquet file per reference
 * table, reference column names, canonical types. This is how fixture snapshots are made;
 * reading the folder back with the files source gives the same rows.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { TABLES } from '../source/index.ts';
import { quoteIdent } from '../sql/index.ts';
import type { Warehouse } from '../warehouse/index.ts';

export async function exportToFiles(warehouse: Warehouse, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const def of TABLES) {
    const select = def.columns.map((c) => `${quoteIdent(c.wh)} AS ${quoteIdent(c.ref)}`).join(', ');
    const key = quoteIdent(def.columns[0]!.wh);
    // Ordered by key so that the same warehouse always gives byte-identical files.
    await warehouse.exec(
      `COPY (SELECT ${select} FROM ${quoteIdent(def.wh)} ORDER BY ${key}) TO $path (FORMAT parquet)`,
      { path: join(dir, `${def.ref}.parquet`) },
    );
  }
}
