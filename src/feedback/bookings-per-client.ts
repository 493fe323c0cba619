/**
 * Bookings per client and night: how many reservations each client (release included) created
 * in each night span, the denominator of its copies per thousand bookings. One grouped query over
 * the warehouse (bookings-per-client.sql), whatever the night's size. Read after the rules, in the
 * same warehouse session: where they linked a booking to its request (their rr_member) their link
 * is the one counted, so a copy counts under the same client in its set and in the bookings.
 */
import { readFileSync } from 'node:fs';
import { MODEL_SQL_PARAMS, type NightSpan } from '../model/index.ts';

const BOOKINGS_PER_CLIENT = readFileSync(new URL('./bookings-per-client.sql', import.meta.url), 'utf8');

/** What it needs of the warehouse (src/warehouse's Warehouse): statements and rows. */
export interface WarehouseReader {
  exec(sql: string, params?: Readonly<Record<string, unknown>>): Promise<void>;
  all<T extends Record<string, unknown>>(
    sql: string,
    params?: Readonly<Record<string, unknown>>,
  ): Promise<T[]>;
}

export interface ClientBookings {
  readonly from: string;
  readonly to: string;
  /** Release included; `(none)` for bookings no request is linked to. */
  readonly clientId: string;
  readonly bookings: number;
}

export async function bookingsPerClient(
  warehouse: WarehouseReader,
  spans: readonly NightSpan[],
): Promise<ClientBookings[]> {
  if (spans.length === 0) return [];
  const [rules] = await warehouse.all<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE temporary AND table_name = 'rr_member'",
  );
  // The rules' links when they ran in this session, else none: the SQL reads one table either way.
  await warehouse.exec(
    Number(rules?.n) > 0
      ? 'CREATE OR REPLACE TEMP TABLE fb_rules_link AS SELECT id AS reservation_id, client_id FROM rr_member WHERE log_id IS NOT NULL'
      : 'CREATE OR REPLACE TEMP TABLE fb_rules_link (reservation_id VARCHAR, client_id VARCHAR)',
  );
  try {
    const hull = {
      from: spans.map((s) => s.from).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a)),
      to: spans.map((s) => s.to).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a)),
    };
    const rows = await warehouse.all<{
      span_from: string;
      span_to: string;
      client_id: string;
      bookings: number;
    }>(BOOKINGS_PER_CLIENT, {
      spans: JSON.stringify(spans.map((s) => ({ span_from: s.from, span_to: s.to }))),
      ...hull,
      create_method: MODEL_SQL_PARAMS.create_method,
      create_paths: MODEL_SQL_PARAMS.create_paths,
    });
    return rows.map((r) => ({
      from: r.span_from,
      to: r.span_to,
      clientId: r.client_id,
      bookings: Number(r.bookings),
    }));
  } finally {
    await warehouse.exec('DROP TABLE IF EXISTS fb_rules_link');
  }
}
