/**
 * Resolves the configured table mapping (reference name -> source table and columns) against
 * the source's information_schema, so that a typo in the configuration fails at start-up with
 * the setting to fix instead of halfway through a load.
 */
import { readFileSync } from 'node:fs';
import type pg from 'pg';
import type { TableMapping, TableName } from '../config/index.ts';
import { ConfigError } from '../errors/index.ts';
import { quoteIdent, quoteQualified } from '../sql/index.ts';
import { TABLES } from './reference-tables.ts';

const TABLE_COLUMNS_SQL = readFileSync(new URL('./queries/table-columns.sql', import.meta.url), 'utf8');
const KEY_IS_UNIQUE_SQL = readFileSync(new URL('./queries/key-is-unique.sql', import.meta.url), 'utf8');

/** A reference table located in the source: quoted identifiers ready to paste into SQL. */
export interface SourceTable {
  /** `"schema"."name"`: the schema configured, or the first of the search path that holds the table. */
  readonly qualified: string;
  /** Reference column -> quoted source column. */
  readonly columns: Readonly<Record<string, string>>;
  /** The source guarantees the key column unique (a unique index), so loads need not check it. */
  readonly keyUnique: boolean;
}

export type SourceTables = Readonly<Record<TableName, SourceTable>>;

export async function resolveMapping(
  client: pg.ClientBase,
  tables: Readonly<Partial<Record<TableName, TableMapping>>>,
): Promise<SourceTables> {
  const resolved: Partial<Record<TableName, SourceTable>> = {};
  for (const def of TABLES) {
    const mapping = tables[def.ref] ?? {};
    const base = `source.tables.${def.ref}`;
    const refNames = new Set(def.columns.map((c) => c.ref));
    for (const key of Object.keys(mapping.columns ?? {})) {
      if (!refNames.has(key))
        throw new ConfigError(
          `${base}.columns.${key}: ${def.ref} has no column "${key}" in the reference schema`,
          `${base}.columns.${key}`,
        );
    }
    const name = mapping.name ?? def.ref;
    const { rows } = await client.query<{ schema: string; column: string }>(TABLE_COLUMNS_SQL, [
      name,
      mapping.schema ?? null,
    ]);
    if (rows.length === 0) {
      const where = mapping.schema ? `${mapping.schema}.${name}` : `${name} (search path)`;
      const setting = mapping.name ? `${base}.name` : mapping.schema ? `${base}.schema` : base;
      throw new ConfigError(`source table ${where} not found or not readable; set ${setting}`, setting);
    }
    const schema = rows[0]!.schema;
    const present = new Set(rows.filter((r) => r.schema === schema).map((r) => r.column));
    const columns: Record<string, string> = {};
    for (const col of def.columns) {
      const sourceName = mapping.columns?.[col.ref] ?? col.ref;
      if (!present.has(sourceName)) {
        const setting = `${base}.columns.${col.ref}`;
        throw new ConfigError(
          `source table ${schema}.${name} has no column "${sourceName}" for ${def.ref}.${col.ref}; set ${setting}`,
          setting,
        );
      }
      columns[col.ref] = quoteIdent(sourceName);
    }
    const qualified = quoteQualified(schema, name);
    const keyColumn = mapping.columns?.[def.columns[0]!.ref] ?? def.columns[0]!.ref;
    const unique = await client.query<{ unique: boolean }>(KEY_IS_UNIQUE_SQL, [qualified, keyColumn]);
    resolved[def.ref] = { qualified, columns, keyUnique: unique.rows[0]!.unique };
  }
  return resolved as SourceTables;
}
