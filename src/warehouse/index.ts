/** The embedded DuckDB warehouse: the only module that imports DuckDB. */
export {
  duckTimestampToIso,
  type Row,
  type SqlParams,
  usingWarehouse,
  Warehouse,
  type WarehouseOptions,
} from './warehouse.ts';
