/**
 * The embedded DuckDB warehouse: the only module that imports DuckDB.
 * May import: the floor.
 */
export {
  duckTimestampToIso,
  type Row,
  type SqlParams,
  sizeBytes,
  usingWarehouse,
  Warehouse,
  type WarehouseOptions,
} from './warehouse.ts';
