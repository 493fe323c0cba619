/**
 * The PostgreSQL source: validates the mapping, opens one snapshot on two connections, streams
 * each table's SELECT as CSV into a temporary file and hands each finished file to `load`, in
 * table order. api_logs, the largest, streams on the second connection from the start, so
 * PostgreSQL renders it while DuckDB loads the smaller tables (the machine has two cores).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { SourceConfig, TableName } from '../../config/index.ts';
import { BOOKING_ENDPOINT_PREFIX, TABLES, type TableDef } from '../reference-tables.ts';
import { copyToFile } from './copy-to-file.ts';
import { openSourceSession, sourceError } from './open-source-session.ts';
import { resolveMapping } from './resolve-mapping.ts';
import {
  ENDPOINT_SETTING,
  MARGIN_SETTING,
  SCOPE_IDS_SETTING,
  SCOPE_KEYS_SETTING,
  scopeQuery,
  sinceSetting,
  sourceQueries,
} from './source-queries.ts';

const SET_BOUND_SQL = readFileSync(new URL('./queries/set-bound.sql', import.meta.url), 'utf8');

/**
 * How far before the window (on a backfill) booking requests are read, and how far before a
 * set's oldest member: a gateway timeout lasts at most a minute, but a client's retry or the
 * request whose booking committed late can come well before the first row stamped in the window.
 */
export const LOG_MARGIN_MINUTES = 15;

export interface PostgresReadOptions {
  readonly source: Extract<SourceConfig, { kind: 'postgres' }>;
  /** Lower bound per table (ISO instant), before the overlap margin; null reads the whole table. */
  readonly since: Readonly<Record<TableName, string>> | null;
  readonly window: { readonly from: string; readonly to: string };
  /** Called once per table, in TABLES order, when its file is complete. */
  readonly load: (def: TableDef, file: string, rows: number) => Promise<void>;
}

async function bind(client: pg.ClientBase, options: PostgresReadOptions): Promise<void> {
  const { since, window, source } = options;
  for (const def of TABLES) {
    const isLogs = def.ref === 'api_logs';
    const bound = since ? since[def.ref] : isLogs ? window.from : '-infinity';
    const margin = since ? source.overlapMinutes : isLogs ? LOG_MARGIN_MINUTES : 0;
    await client.query(SET_BOUND_SQL, [sinceSetting(def.ref), bound, margin]);
  }
  await client.query('SELECT set_config($1, $2, true), set_config($3, $4, true)', [
    MARGIN_SETTING,
    String(LOG_MARGIN_MINUTES),
    ENDPOINT_SETTING,
    `${BOOKING_ENDPOINT_PREFIX}%`,
  ]);
}

export async function readPostgres(options: PostgresReadOptions): Promise<void> {
  const { source } = options;
  const session = await openSourceSession(source.url, source.statementTimeoutMs);
  const dir = await mkdtemp(join(tmpdir(), 'resrecon-extract-'));
  try {
    const mapping = await resolveMapping(session.main, source.tables);
    const queries = sourceQueries(mapping, options.since === null);
    try {
      await bind(session.main, options);
      await bind(session.second, options);
      if (options.since) {
        // Found once in the snapshot, then handed to every query of the run as bound values.
        const { rows } = await session.main.query<{ ids: string; keys: string }>(scopeQuery(mapping));
        const set = 'SELECT set_config($1, $2, true), set_config($3, $4, true)';
        const values = [SCOPE_IDS_SETTING, rows[0]!.ids, SCOPE_KEYS_SETTING, rows[0]!.keys];
        await session.main.query(set, values);
        await session.second.query(set, values);
      }
    } catch (err) {
      throw sourceError(source.url, 'cannot find the rows in scope', err);
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
