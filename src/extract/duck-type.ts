/** How the warehouse holds each canonical column type of the reference tables. */
import type { ColumnType } from '../source/index.ts';

/** DuckDB type of a canonical column; money is DECIMAL(18,2) whatever the source's scale. */
export function duckType(type: ColumnType): string {
  switch (type) {
    case 'text':
    case 'json':
      return 'VARCHAR';
    case 'date':
      return 'DATE';
    case 'money':
      return 'DECIMAL(18,2)';
    case 'timestamptz':
      return 'TIMESTAMPTZ';
    case 'integer':
      return 'INTEGER';
    case 'bigint':
      return 'BIGINT';
    case 'boolean':
      return 'BOOLEAN';
    default:
      throw new Error(`unknown column type ${String(type satisfies never)}`);
  }
}
