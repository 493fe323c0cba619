/**
 * Decides what one run reads: the lower bound of every table (rendered by PostgreSQL from bound
 * values) and the SELECTs to stream. On an increment the idempotency queries also read the
 * reservations changed since the mark, which findScope finds and bindScope binds on each
 * connection before them.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { TableName } from '../../config/index.ts';
import { ACTIVE_RESERVATION_STATUSES } from '../../model/index.ts';
import { type SourceTables, TABLES } from '../../source/index.ts';
import {
  LOG_MARGIN_MINUTES,
  MODEL_SETTINGS,
  olderRequestsQuery,
  SCOPE_SETTINGS,
  scopeQuery,
  sourceQueries,
} from './source-queries.ts';

const BOUND_SQL = readFileSync(new URL('./queries/bound.sql', import.meta.url), 'utf8');

export interface PlanOptions {
  /** Per table, the last high-water mark (ISO instant, or '-infinity'); null for a backfill. */
  readonly since: Readonly<Record<TableName, string>> | null;
  readonly overlapMinutes: number;
  readonly window: { readonly from: string; readonly to: string };
}

export interface PlannedQueries {
  readonly queries: Record<TableName, string>;
  /** Per table, the lower bound as PostgreSQL rendered it. */
  readonly bounds: Readonly<Record<TableName, string>>;
}

export async function planQueries(
  main: pg.ClientBase,
  mapping: SourceTables,
  options: PlanOptions,
): Promise<PlannedQueries> {
  const bounds = {} as Record<TableName, string>;
  for (const def of TABLES) {
    const isLogs = def.ref === 'api_logs';
    // A backfill reads whole tables, and the booking requests from just before the window.
    const base = options.since ? options.since[def.ref] : isLogs ? options.window.from : '-infinity';
    const margin = options.since ? options.overlapMinutes : isLogs ? LOG_MARGIN_MINUTES : 0;
    const { rows } = await main.query<{ bound: string }>(BOUND_SQL, [base, margin]);
    bounds[def.ref] = rows[0]!.bound;
  }
  return { queries: sourceQueries(mapping, !options.since, { bounds }), bounds };
}

/** Binds the model's lists the queries read (MODEL_SETTINGS) on one connection, for its transaction. */
export async function bindModel(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT set_config($1, $2, true)', [
    MODEL_SETTINGS.activeStatuses,
    JSON.stringify(ACTIVE_RESERVATION_STATUSES),
  ]);
}

/** The ids and idempotency keys (JSON arrays) of the reservations changed since the mark. */
export interface Scope {
  readonly ids: string;
  readonly keys: string;
}

/** Finds the reservations an increment re-reads (scope.sql), on the snapshot of `client`. */
export async function findScope(
  client: pg.ClientBase,
  mapping: SourceTables,
  bounds: Readonly<Record<TableName, string>>,
): Promise<Scope> {
  const { rows } = await client.query<Scope>(scopeQuery(mapping, { bounds }));
  return rows[0]!;
}

/** Binds the scope on one connection, for the idempotency queries that read it. */
export async function bindScope(client: pg.ClientBase, scope: Scope): Promise<void> {
  await client.query('SELECT set_config($1, $2, true), set_config($3, $4, true)', [
    SCOPE_SETTINGS.ids,
    scope.ids,
    SCOPE_SETTINGS.keys,
    scope.keys,
  ]);
}

/**
 * The SELECT of the older booking requests of these guests (normalised emails), from their
 * earliest booking on (an ISO instant) up to the requests' bound; the emails are bound on
 * `client`, which must be the connection that then runs it.
 */
export async function planOlderRequests(
  client: pg.ClientBase,
  mapping: SourceTables,
  bounds: Readonly<Record<TableName, string>>,
  older: { readonly emails: readonly string[]; readonly since: string },
): Promise<string> {
  const { rows } = await client.query<{ bound: string }>(BOUND_SQL, [older.since, 0]);
  await client.query('SELECT set_config($1, $2, true)', [
    SCOPE_SETTINGS.emails,
    JSON.stringify(older.emails),
  ]);
  return olderRequestsQuery(mapping, { bounds, oldSince: rows[0]!.bound });
}
