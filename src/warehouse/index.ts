/**
 * The embedded DuckDB warehouse: the only module that imports DuckDB.
 * May import: the floor.
 */
export {
  applyRetention,
  RETAINED_TABLES,
  type RetainedTable,
  type RetentionInput,
  type RetentionResult,
} from './apply-retention.ts';
export {
  type CompactOptions,
  type CompactResult,
  compactionDue,
  compactWarehouse,
} from './compact-warehouse.ts';
export {
  duckTimestampToIso,
  type Row,
  type SqlParams,
  sizeBytes,
  usingWarehouse,
  Warehouse,
  type WarehouseOptions,
} from './warehouse.ts';
