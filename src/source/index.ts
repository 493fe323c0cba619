/**
 * The booking database as resrecon reads it: the five reference tables and their columns, the
 * configured table mapping resolved against the source's catalogue, and read-only connections
 * pinned to UTC and ISO text (one for the executor's checks, or a pair sharing one snapshot for
 * extract). Extract and execute both reach the source through here.
 * May import: the floor, config.
 */
export { connectSource, openSourceSession, type SourceSession, sourceError } from './open-source-session.ts';
export {
  type ColumnDef,
  type ColumnType,
  TABLES,
  type TableDef,
} from './reference-tables.ts';
export { resolveMapping, type SourceTable, type SourceTables } from './resolve-mapping.ts';
