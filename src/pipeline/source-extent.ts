/**
 * How many bookings the source holds and when the newest was created, read from the warehouse
 * just after the extract: it holds every booking the source has (the first run backfills them
 * all, each later run adds what changed) but those retention has let go, which it tallies
 * (retention_tally) and which are added back, so this costs one column scan and no second trip
 * to the booking database. Asked only when the window held none, to say so with facts.
 */
import type { Warehouse } from '../warehouse/index.ts';

export interface SourceExtent {
  readonly bookings: number;
  /** ISO-8601 in UTC; null when the source holds none. */
  readonly newestCreatedAt: string | null;
}

export async function sourceExtent(warehouse: Warehouse): Promise<SourceExtent> {
  const row = await warehouse.one<{ n: string; newest: string | null }>(
    `SELECT ((SELECT count(*) FROM reservation)
             + coalesce((SELECT sum(reservations) FROM retention_tally), 0))::VARCHAR AS n,
            (SELECT max(t) FROM (SELECT max(created_at) AS t FROM reservation
                                 UNION ALL SELECT max(newest_created_at) FROM retention_tally)) AS newest`,
  );
  return { bookings: Number(row?.n ?? 0), newestCreatedAt: row?.newest ?? null };
}
