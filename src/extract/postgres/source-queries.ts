/**
 * Renders the extract's SELECTs from the SQL files in ./queries for one source layout.
 *
 * COPY (SELECT …) accepts no bind parameters, so values reach these queries in two ways:
 * - Data from the source (ids, keys, emails of the reservations in scope) and the model's lists
 *   (the active reservation statuses) are bound with set_config() as JSON and read back with
 *   current_setting() in a subquery that PostgreSQL evaluates once.
 * - The time bounds are instants that PostgreSQL itself rendered from bound parameters
 *   (bound.sql) and that are checked here against its canonical UTC form before they become
 *   literals: the one raw-SQL escape hatch of this module (`timestampLiteral`). As literals the
 *   planner knows them, so it picks an index for a short increment and a sequential scan for a
 *   backfill, and no per-row function call slows the scan.
 */
import { readFileSync } from 'node:fs';
import type { TableName } from '../../config/index.ts';
import { BOOKING_ENDPOINT_PATH, REQUEST_MARGIN_MINUTES } from '../../model/index.ts';
import { type ColumnType, type SourceTables, TABLES, type TableDef } from '../../source/index.ts';

const load = (name: string): string => readFileSync(new URL(`./queries/${name}`, import.meta.url), 'utf8');

const FILE_STEM: Record<TableName, string> = {
  Reservation: 'reservation',
  Payment: 'payment',
  IdempotencyRecord: 'idempotency-record',
  IdempotencyLock: 'idempotency-lock',
  api_logs: 'api-logs',
};

/** Casts to the canonical type, so a mapped source with looser types still lands exactly. */
const CAST: Record<ColumnType, string> = {
  text: 'text',
  json: 'text',
  date: 'date',
  money: 'numeric',
  timestamptz: 'timestamptz',
  integer: 'integer',
  bigint: 'bigint',
  boolean: 'boolean',
};

/** How far before a set's oldest member its booking requests are read (the model's margin). */
export const LOG_MARGIN_MINUTES = REQUEST_MARGIN_MINUTES;

/** JSON arrays bound for incremental runs (see scope.sql and api-logs.older.sql). */
export const SCOPE_SETTINGS = {
  ids: 'resrecon.scope_ids',
  keys: 'resrecon.scope_keys',
  emails: 'resrecon.scope_emails',
} as const;

/**
 * The model's answers the queries read, bound as JSON arrays on each connection (bindModel in
 * plan-queries.ts): `{{activeStatuses}}` is the active reservation statuses.
 */
export const MODEL_SETTINGS = {
  activeStatuses: 'resrecon.active_statuses',
} as const;

/** PostgreSQL's text of a UTC timestamptz with DateStyle ISO, or an infinity. */
const PG_UTC_INSTANT = /^(-?infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?\+00)$/;

/** Raw-SQL escape hatch: a checked instant as a literal (see the module comment). */
export function timestampLiteral(pgText: string | null): string {
  if (pgText === null) return 'NULL::timestamptz';
  if (!PG_UTC_INSTANT.test(pgText)) throw new Error(`not a canonical UTC instant: ${JSON.stringify(pgText)}`);
  return `timestamptz '${pgText}'`;
}

if (!/^[\w/]+$/.test(BOOKING_ENDPOINT_PATH)) throw new Error('the booking endpoint must be a plain path');

export interface QueryValues {
  /** Per table, the lower bound as PostgreSQL rendered it (bound.sql). */
  readonly bounds: Readonly<Record<TableName, string>>;
  /** Earliest creation among the older bookings whose requests are read (api-logs.older.sql). */
  readonly oldSince?: string | null;
}

function tableDef(name: string): TableDef {
  const def = TABLES.find((t) => t.ref === name);
  if (!def) throw new Error(`query template names an unknown table ${name}`);
  return def;
}

function render(template: string, source: SourceTables, values: QueryValues): string {
  return template.replace(/\{\{([^}]+)\}\}/g, (_, token: string) => {
    const parts = token.trim().split(/\s+/);
    switch (parts[0]) {
      case 'columns': {
        const def = tableDef(parts[1]!);
        const cols = source[def.ref].columns;
        return def.columns.map((c) => `${parts[2]}.${cols[c.ref]}::${CAST[c.type]}`).join(', ');
      }
      case 'since':
        return timestampLiteral(values.bounds[tableDef(parts[1]!).ref]);
      case 'oldSince':
        return timestampLiteral(values.oldSince ?? null);
      case 'margin':
        return `interval '${LOG_MARGIN_MINUTES} minutes'`;
      case 'bookingEndpoint':
        return `'${BOOKING_ENDPOINT_PATH}%'`;
      case 'activeStatuses':
        // An InitPlan: read once, then compared like a literal array.
        return `ARRAY(SELECT jsonb_array_elements_text(current_setting('${MODEL_SETTINGS.activeStatuses}')::jsonb))`;
      case 'scopeIds':
      case 'scopeKeys':
      case 'scopeEmails': {
        const setting = SCOPE_SETTINGS[parts[0].slice(5).toLowerCase() as keyof typeof SCOPE_SETTINGS];
        return `(SELECT jsonb_array_elements_text(current_setting('${setting}')::jsonb))`;
      }
      default: {
        const [table, column] = parts[0]!.split('.');
        const src = source[tableDef(table!).ref];
        if (column === undefined) return src.qualified;
        const quoted = src.columns[column];
        if (!quoted) throw new Error(`query template names an unknown column ${token}`);
        return quoted;
      }
    }
  });
}

/** The query that finds the reservations an incremental run re-reads (scope.sql). */
export function scopeQuery(source: SourceTables, values: QueryValues): string {
  return render(load('scope.sql'), source, values);
}

/** The older booking requests of the guests bound in the emails setting (api-logs.older.sql). */
export function olderRequestsQuery(source: SourceTables, values: QueryValues): string {
  return render(load('api-logs.older.sql'), source, values);
}

/** One SELECT per reference table: whole tables on a backfill (`full`), else from the bounds. */
export function sourceQueries(
  source: SourceTables,
  full: boolean,
  values: QueryValues,
): Record<TableName, string> {
  const out = {} as Record<TableName, string>;
  for (const def of TABLES) {
    out[def.ref] = render(load(`${FILE_STEM[def.ref]}.${full ? 'full' : 'since'}.sql`), source, values);
  }
  return out;
}
