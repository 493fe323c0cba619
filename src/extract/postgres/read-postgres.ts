/**
 * The PostgreSQL source: validates the mapping, opens one snapshot on two connections, streams
 * each table's SELECT as CSV into a temporary file and hands each finished file to `load`, in
 * table order. api_logs, the largest, streams on the second connection from the start, so
 * PostgreSQL renders it while DuckDB loads the smaller tables (the machine has two cores).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { SourceConfig, TableName } from '../../config/index.ts';
import { TABLES, type TableDef } from '../reference-tables.ts';
import { copyToFile } from './copy-to-file.ts';
import { openSourceSession, sourceError } from './open-source-session.ts';
import { planQueries } from './plan-queries.ts';
import { resolveMapping } from './resolve-mapping.ts';

export interface PostgresReadOptions {
  readonly source: Extract<SourceConfig, { kind: 'postgres' }>;
  /** Lower bound per table (ISO instant), before the overlap margin; null reads the whole table. */
  readonly since: Readonly<Record<TableName, string>> | null;
  readonly window: { readonly from: string; readonly to: string };
  /** Called once per table, in TABLES order, when its file is complete. */
  readonly load: (def: TableDef, file: string, rows: number) => Promise<void>;
}

export async function readPostgres(options: PostgresReadOptions): Promise<void> {
  const { source } = options;
  const session = await openSourceSession(source.url, source.statementTimeoutMs);
  const dir = await mkdtemp(join(tmpdir(), 'resrecon-extract-'));
  try {
    const mapping = await resolveMapping(session.main, source.tables);
    let queries: Record<TableName, string>;
    try {
      queries = await planQueries([session.main, session.second], mapping, {
        since: options.since,
        overlapMinutes: source.overlapMinutes,
        window: options.window,
      });
    } catch (err) {
      throw sourceError(source.url, 'cannot find the rows to read', err);
    }
    const copy = (client: pg.ClientBase, def: TableDef): Promise<number> =>
      copyToFile(client, queries[def.ref], join(dir, `${def.wh}.csv`)).catch((err: unknown) => {
        throw sourceError(source.url, `reading ${def.ref}`, err);
      });
    const copies = new Map<TableName, Promise<number>>();
    const logs = TABLES.find((t) => t.ref === 'api_logs')!;
    copies.set(logs.ref, copy(session.second, logs));
    let chain: Promise<unknown> = Promise.resolve();
    for (const def of TABLES) {
      if (def === logs) continue;
      const p = chain.then(() => copy(session.main, def));
      copies.set(def.ref, p);
      chain = p;
    }
    // Every copy is awaited below, but one may fail while an earlier load is still running.
    for (const p of copies.values()) p.catch(() => undefined);
    for (const def of TABLES) {
      const rows = await copies.get(def.ref)!;
      await options.load(def, join(dir, `${def.wh}.csv`), rows);
      await rm(join(dir, `${def.wh}.csv`), { force: true });
    }
  } finally {
    await session.close();
    await rm(dir, { recursive: true, force: true });
  }
}
