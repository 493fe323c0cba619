/**
 * Decides what one run reads: the lower bound of every table (rendered by PostgreSQL from bound
 * values), and on an incremental run the reservations in scope, bound on every connection of the
 * snapshot. Returns the SELECTs to stream.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { TableName } from '../../config/index.ts';
import { TABLES } from '../reference-tables.ts';
import type { SourceTables } from './resolve-mapping.ts';
import { LOG_MARGIN_MINUTES, SCOPE_SETTINGS, scopeQuery, sourceQueries } from './source-queries.ts';

const BOUND_SQL = readFileSync(new URL('./queries/bound.sql', import.meta.url), 'utf8');

export interface PlanOptions {
  /** Per table, the last high-water mark (ISO instant, or '-infinity'); null for a backfill. */
  readonly since: Readonly<Record<TableName, string>> | null;
  readonly overlapMinutes: number;
  readonly window: { readonly from: string; readonly to: string };
}

export async function planQueries(
  clients: readonly pg.ClientBase[],
  mapping: SourceTables,
  options: PlanOptions,
): Promise<Record<TableName, string>> {
  const [main] = clients;
  const bounds = {} as Record<TableName, string>;
  for (const def of TABLES) {
    const isLogs = def.ref === 'api_logs';
    // A backfill reads whole tables, and the booking requests from just before the window.
    const base = options.since ? options.since[def.ref] : isLogs ? options.window.from : '-infinity';
    const margin = options.since ? options.overlapMinutes : isLogs ? LOG_MARGIN_MINUTES : 0;
    const { rows } = await main!.query<{ bound: string }>(BOUND_SQL, [base, margin]);
    bounds[def.ref] = rows[0]!.bound;
  }
  if (!options.since) return sourceQueries(mapping, true, { bounds });

  const { rows } = await main!.query<{
    ids: string;
    keys: string;
    old_emails: string;
    old_since: string | null;
  }>(scopeQuery(mapping, { bounds }));
  const scope = rows[0]!;
  for (const client of clients) {
    await client.query(
      'SELECT set_config($1, $2, true), set_config($3, $4, true), set_config($5, $6, true)',
      [
        SCOPE_SETTINGS.ids,
        scope.ids,
        SCOPE_SETTINGS.keys,
        scope.keys,
        SCOPE_SETTINGS.emails,
        scope.old_emails,
      ],
    );
  }
  return sourceQueries(mapping, false, { bounds, oldSince: scope.old_since });
}
