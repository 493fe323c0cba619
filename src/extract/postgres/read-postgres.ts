/**
 * The PostgreSQL source: validates the mapping, opens one snapshot on two connections, streams
 * each table's SELECT as CSV into a temporary file and hands each finished file to `load`, in
 * table order. Each connection streams its share of the tables one after the other, so that
 * PostgreSQL renders rows on both while DuckDB loads the finished files. On an increment, once
 * the reservations have landed, `olderRequests` may name guests whose older requests the
 * warehouse lacks: they are read in the same snapshot and added to the requests' file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { SourceConfig, TableName } from '../../config/index.ts';
import { openSourceSession, resolveMapping, sourceError, TABLES, type TableDef } from '../../source/index.ts';
import type { OlderRequests } from '../older-requests.ts';
import { copyToFile } from './copy-to-file.ts';
import { bindModel, bindScope, findScope, planOlderRequests, planQueries } from './plan-queries.ts';

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
  /**
   * On an increment, called after the reservations are loaded with their lower bound (as
   * PostgreSQL rendered it): the guests whose older booking requests are still to read.
   */
  readonly olderRequests?: (reservationsSince: string) => Promise<OlderRequests | null>;
}

export interface PostgresReadResult {
  /** Per table, the lower bound read from, as PostgreSQL rendered it ('-infinity' for all). */
  readonly bounds: Readonly<Record<TableName, string>>;
}

export async function readPostgres(options: PostgresReadOptions): Promise<PostgresReadResult> {
  const { source } = options;
  const session = await openSourceSession(source.url, source.statementTimeoutMs);
  const dir = await mkdtemp(join(tmpdir(), 'resrecon-extract-'));
  try {
    const mapping = await resolveMapping(session.main, source.tables);
    await Promise.all([bindModel(session.main), bindModel(session.second)]).catch((err: unknown) => {
      throw sourceError(source.url, 'cannot configure the session', err);
    });
    let planned: Awaited<ReturnType<typeof planQueries>>;
    try {
      planned = await planQueries(session.main, mapping, {
        since: options.since,
        overlapMinutes: source.overlapMinutes,
        window: options.window,
      });
    } catch (err) {
      throw sourceError(source.url, 'cannot find the rows to read', err);
    }
    const { queries, bounds } = planned;
    const copy = (client: pg.ClientBase, def: TableDef): Promise<number> =>
      copyToFile(client, queries[def.ref], join(dir, `${def.wh}.csv`)).catch((err: unknown) => {
        throw sourceError(source.url, `reading ${def.ref}`, err);
      });
    const copies = new Map<TableName, Promise<number>>();
    const chains = new Map<pg.ClientBase, Promise<unknown>>();
    // An increment's idempotency queries read the changed reservations, bound on each connection
    // first; the scope is found on the main connection while the other starts its copies.
    const scope = options.since
      ? findScope(session.main, mapping, bounds).catch((err: unknown) => {
          throw sourceError(source.url, 'cannot find the rows to read', err);
        })
      : null;
    if (scope) chains.set(session.main, scope);
    const readsScope: readonly TableName[] = ['IdempotencyRecord', 'IdempotencyLock'];
    const bound = new Set<pg.ClientBase>();
    // A backfill spends most of its time on api_logs; an increment on the sequential scans of the
    // tables without an index on their stamp: split the work accordingly.
    const onSecond: readonly TableName[] = options.since
      ? ['Payment', 'api_logs', 'IdempotencyLock']
      : ['api_logs', 'IdempotencyLock'];
    const order: readonly TableName[] = options.since
      ? ['Reservation', 'Payment', 'api_logs', 'IdempotencyRecord', 'IdempotencyLock']
      : ['api_logs', 'Reservation', 'Payment', 'IdempotencyRecord', 'IdempotencyLock'];
    for (const ref of order) {
      const client = onSecond.includes(ref) ? session.second : session.main;
      const def = TABLES.find((t) => t.ref === ref)!;
      const p = (chains.get(client) ?? Promise.resolve()).then(async () => {
        if (scope && readsScope.includes(ref) && !bound.has(client)) {
          bound.add(client);
          await bindScope(client, await scope);
        }
        return copy(client, def);
      });
      copies.set(ref, p);
      chains.set(client, p);
    }
    // Every copy is awaited below, but one may fail while an earlier load is still running.
    for (const p of copies.values()) p.catch(() => undefined);
    for (const def of TABLES) {
      let rows = await copies.get(def.ref)!;
      if (def.ref === 'api_logs' && options.since && options.olderRequests) {
        const older = await options.olderRequests(bounds.Reservation);
        if (older) {
          await chains.get(session.main);
          rows += await copyToFile(
            session.main,
            await planOlderRequests(session.main, mapping, bounds, older),
            join(dir, `${def.wh}.csv`),
            true,
          ).catch((err: unknown) => {
            throw sourceError(source.url, 'reading the older booking requests', err);
          });
        }
      }
      await options.load(def, join(dir, `${def.wh}.csv`), rows, mapping[def.ref].keyUnique);
      await rm(join(dir, `${def.wh}.csv`), { force: true });
    }
    return { bounds };
  } finally {
    await session.close();
    await rm(dir, { recursive: true, force: true });
  }
}
