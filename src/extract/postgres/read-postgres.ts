/**
 * The PostgreSQL source: validates the mapping, opens one snapshot on two connections, streams
 * each table's SELECT as CSV into a temporary file and hands each finished file to `load`, in
 * table order. Each connection streams its share of the tables one after the other, so that
 * PostgreSQL renders rows on both while DuckDB loads the finished files.
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
  /**
   * Called once per table, in TABLES order, when its file is complete; `keyUnique` says the
   * source guarantees the key unique.
   */
  readonly load: (def: TableDef, file: string, rows: number, keyUnique: boolean) => Promise<void>;
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
    const chains = new Map<pg.ClientBase, Promise<unknown>>();
    // A backfill spends most of its time on api_logs; an increment on the scans of the tables
    // without an index on their stamp (Reservation, Payment): split the work accordingly.
    const onSecond: readonly TableName[] = options.since
      ? ['Payment', 'api_logs']
      : ['api_logs', 'IdempotencyLock'];
    const order: readonly TableName[] = [
      'api_logs',
      'Reservation',
      'Payment',
      'IdempotencyRecord',
      'IdempotencyLock',
    ];
    for (const ref of order) {
      const client = onSecond.includes(ref) ? session.second : session.main;
      const def = TABLES.find((t) => t.ref === ref)!;
      const p = (chains.get(client) ?? Promise.resolve()).then(() => copy(client, def));
      copies.set(ref, p);
      chains.set(client, p);
    }
    // Every copy is awaited below, but one may fail while an earlier load is still running.
    for (const p of copies.values()) p.catch(() => undefined);
    for (const def of TABLES) {
      const rows = await copies.get(def.ref)!;
      await options.load(def, join(dir, `${def.wh}.csv`), rows, mapping[def.ref].keyUnique);
      await rm(join(dir, `${def.wh}.csv`), { force: true });
    }
  } finally {
    await session.close();
    await rm(dir, { recursive: true, force: true });
  }
}
