/**
 * The five reference tables (docs/contracts.md section 1): each reference column, its canonical
 * warehouse column and type, and the column that serves as the table's high-water mark. Every
 * source and sink is driven from this one list, so adding a column is one line here plus one in
 * src/warehouse/schema.sql.
 */
import type { TableName } from '../config/index.ts';

/** The canonical type: how PostgreSQL casts it on the way out and how DuckDB reads it in (extract's duckType). */
export type ColumnType =
  | 'text'
  | 'date'
  | 'money'
  | 'timestamptz'
  | 'integer'
  | 'bigint'
  | 'boolean'
  | 'json';

export interface ColumnDef {
  /** Name in the reference schema, e.g. `guestEmail`. */
  readonly ref: string;
  /** Name in the warehouse, e.g. `guest_email`. */
  readonly wh: string;
  readonly type: ColumnType;
}

export interface TableDef {
  readonly ref: TableName;
  /** Warehouse table, e.g. `reservation`. */
  readonly wh: string;
  /** Reference column whose maximum is the table's high-water mark. */
  readonly watermark: string;
  /** The first column is the table's key. */
  readonly columns: readonly ColumnDef[];
}

const c = (ref: string, wh: string, type: ColumnType): ColumnDef => ({ ref, wh, type });

export const RESERVATION: TableDef = {
  ref: 'Reservation',
  wh: 'reservation',
  watermark: 'updatedAt',
  columns: [
    c('id', 'id', 'text'),
    c('confirmationNumber', 'confirmation_number', 'text'),
    c('guestEmail', 'guest_email', 'text'),
    c('guestName', 'guest_name', 'text'),
    c('propertyId', 'property_id', 'text'),
    c('roomTypeId', 'room_type_id', 'text'),
    c('checkIn', 'check_in', 'date'),
    c('checkOut', 'check_out', 'date'),
    c('rateAmount', 'rate_amount', 'money'),
    c('currency', 'currency', 'text'),
    c('status', 'status', 'text'),
    c('cancelReason', 'cancel_reason', 'text'),
    c('idempotencyKey', 'idempotency_key', 'text'),
    c('createdAt', 'created_at', 'timestamptz'),
    c('updatedAt', 'updated_at', 'timestamptz'),
  ],
};

export const PAYMENT: TableDef = {
  ref: 'Payment',
  wh: 'payment',
  watermark: 'updatedAt',
  columns: [
    c('id', 'id', 'text'),
    c('reservationId', 'reservation_id', 'text'),
    c('status', 'status', 'text'),
    c('amount', 'amount', 'money'),
    c('refundedAmount', 'refunded_amount', 'money'),
    c('currency', 'currency', 'text'),
    c('providerChargeId', 'provider_charge_id', 'text'),
    c('createdAt', 'created_at', 'timestamptz'),
    c('updatedAt', 'updated_at', 'timestamptz'),
  ],
};

export const IDEMPOTENCY_RECORD: TableDef = {
  ref: 'IdempotencyRecord',
  wh: 'idempotency_record',
  watermark: 'createdAt',
  columns: [
    c('idempotencyKey', 'idempotency_key', 'text'),
    c('resourceId', 'resource_id', 'text'),
    c('statusCode', 'status_code', 'integer'),
    c('attempts', 'attempts', 'integer'),
    c('createdAt', 'created_at', 'timestamptz'),
  ],
};

export const IDEMPOTENCY_LOCK: TableDef = {
  ref: 'IdempotencyLock',
  wh: 'idempotency_lock',
  watermark: 'createdAt',
  columns: [
    c('id', 'id', 'bigint'),
    c('key', 'key', 'text'),
    c('requestId', 'request_id', 'text'),
    c('acquired', 'acquired', 'boolean'),
    c('createdAt', 'created_at', 'timestamptz'),
    c('releasedAt', 'released_at', 'timestamptz'),
  ],
};

export const API_LOGS: TableDef = {
  ref: 'api_logs',
  wh: 'api_log',
  watermark: 'timestamp',
  columns: [
    c('id', 'id', 'bigint'),
    c('timestamp', 'ts', 'timestamptz'),
    c('requestId', 'request_id', 'text'),
    c('correlationId', 'correlation_id', 'text'),
    c('idempotencyKey', 'idempotency_key', 'text'),
    c('guestEmail', 'guest_email', 'text'),
    c('clientId', 'client_id', 'text'),
    c('endpoint', 'endpoint', 'text'),
    c('method', 'method', 'text'),
    c('status', 'status', 'integer'),
    c('response', 'response', 'json'),
    c('duration', 'duration', 'integer'),
    c('error', 'error', 'text'),
  ],
};

/** In load order: reservations first, the big log table last. */
export const TABLES: readonly TableDef[] = [
  RESERVATION,
  PAYMENT,
  IDEMPOTENCY_RECORD,
  IDEMPOTENCY_LOCK,
  API_LOGS,
];
