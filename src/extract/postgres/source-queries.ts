/**
 * Renders the extract's SELECTs from the SQL files in ./queries for one source layout.
 * Identifiers come from the resolved mapping (already quoted); values never enter the text:
 * they are session settings (`resrecon.*`) bound with set_config() and read back with
 * current_setting(), because COPY (SELECT …) accepts no bind parameters.
 */
import { readFileSync } from 'node:fs';
import type { TableName } from '../../config/index.ts';
import { type ColumnType, TABLES, type TableDef } from '../reference-tables.ts';
import type { SourceTables } from './resolve-mapping.ts';

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

/** The session setting that carries a table's lower bound. */
export const sinceSetting = (table: TableName): string => `resrecon.since_${table.toLowerCase()}`;
export const MARGIN_SETTING = 'resrecon.margin_minutes';
export const ENDPOINT_SETTING = 'resrecon.booking_endpoint';
/** JSON arrays of the ids and idempotency keys of the reservations in scope (incremental runs). */
export const SCOPE_IDS_SETTING = 'resrecon.scope_ids';
export const SCOPE_KEYS_SETTING = 'resrecon.scope_keys';

function tableDef(name: string): TableDef {
  const def = TABLES.find((t) => t.ref === name);
  if (!def) throw new Error(`query template names an unknown table ${name}`);
  return def;
}

function render(template: string, source: SourceTables): string {
  return template.replace(/\{\{([^}]+)\}\}/g, (_, token: string) => {
    const parts = token.trim().split(/\s+/);
    if (parts[0] === 'columns') {
      const def = tableDef(parts[1]!);
      const alias = parts[2]!;
      const cols = source[def.ref].columns;
      return def.columns.map((c) => `${alias}.${cols[c.ref]}::${CAST[c.type]}`).join(', ');
    }
    if (parts[0] === 'since')
      return `current_setting('${sinceSetting(tableDef(parts[1]!).ref)}')::timestamptz`;
    if (parts[0] === 'margin') return `make_interval(mins => current_setting('${MARGIN_SETTING}')::int)`;
    if (parts[0] === 'bookingEndpoint') return `current_setting('${ENDPOINT_SETTING}')`;
    if (parts[0] === 'scopeIds' || parts[0] === 'scopeKeys') {
      const setting = parts[0] === 'scopeIds' ? SCOPE_IDS_SETTING : SCOPE_KEYS_SETTING;
      return `(SELECT jsonb_array_elements_text(current_setting('${setting}')::jsonb))`;
    }
    const [table, column] = parts[0]!.split('.');
    const src = source[tableDef(table!).ref];
    if (column === undefined) return src.qualified;
    const quoted = src.columns[column];
    if (!quoted) throw new Error(`query template names an unknown column ${token}`);
    return quoted;
  });
}

/** The query that finds the reservations in scope of an incremental run (ids and keys as JSON). */
export function scopeQuery(source: SourceTables): string {
  return render(load('scope.sql'), source);
}

/**
 * One SELECT per reference table. `full` reads whole tables (a backfill); otherwise each table
 * reads from its lower bound. api_logs always reads from its bound: the window on a backfill.
 */
export function sourceQueries(source: SourceTables, full: boolean): Record<TableName, string> {
  const out = {} as Record<TableName, string>;
  for (const def of TABLES) {
    const stem = FILE_STEM[def.ref];
    const file = def.ref === 'api_logs' ? `${stem}.sql` : `${stem}.${full ? 'full' : 'since'}.sql`;
    out[def.ref] = render(load(file), source);
  }
  return out;
}
