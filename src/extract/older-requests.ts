/**
 * Finds, in the warehouse, the guests whose older booking requests an incremental run must still
 * read (see older-requests.sql). Usually none: only the first nights after a backfill whose
 * window started after the older bookings were made.
 */
import { readFileSync } from 'node:fs';
import { MODEL_SQL_PARAMS } from '../model/index.ts';
import type { Warehouse } from '../warehouse/index.ts';

const SQL = readFileSync(new URL('./older-requests.sql', import.meta.url), 'utf8');

export interface OlderRequests {
  /** Normalised guest emails. */
  readonly emails: readonly string[];
  /** The earliest creation among their bookings (a DuckDB timestamp text). */
  readonly since: string;
}

/**
 * After a backfill: the warehouse now holds every booking request from `logsFrom` on (kept at
 * the earliest such bound over all backfills).
 */
export async function recordLogHorizon(wh: Warehouse, logsFrom: string): Promise<void> {
  // An earlier bound replaces a later one; a later one leaves the row as it is.
  await wh.exec('DELETE FROM log_horizon WHERE logs_from > $from::TIMESTAMPTZ', { from: logsFrom });
  await wh.exec(
    'INSERT INTO log_horizon (logs_from) SELECT $from::TIMESTAMPTZ WHERE NOT EXISTS (SELECT 1 FROM log_horizon)',
    { from: logsFrom },
  );
}

/**
 * After retention let go of the requests before `cut`: the warehouse now holds them from the cut
 * on (or from where it did, if later), so the next increment reads again from the source those
 * an old booking needs when a new one repeats it. Moves only forward; a backfill moves it back.
 */
export async function advanceLogHorizon(wh: Warehouse, cut: string): Promise<void> {
  await wh.exec('UPDATE log_horizon SET logs_from = $cut::TIMESTAMPTZ WHERE logs_from < $cut::TIMESTAMPTZ', {
    cut,
  });
  await wh.exec(
    'INSERT INTO log_horizon (logs_from) SELECT $cut::TIMESTAMPTZ WHERE NOT EXISTS (SELECT 1 FROM log_horizon)',
    { cut },
  );
  await wh.exec(
    'UPDATE log_retention SET let_go_before = $cut::TIMESTAMPTZ WHERE let_go_before < $cut::TIMESTAMPTZ',
    { cut },
  );
  await wh.exec(
    'INSERT INTO log_retention (let_go_before) SELECT $cut::TIMESTAMPTZ WHERE NOT EXISTS (SELECT 1 FROM log_retention)',
    { cut },
  );
}

export async function olderRequests(
  wh: Warehouse,
  reservationsSince: string,
  marginMinutes: number,
): Promise<OlderRequests | null> {
  const rows = await wh.all<{ email: string; created_at: string }>(SQL, {
    ...MODEL_SQL_PARAMS,
    since: reservationsSince,
    margin_minutes: marginMinutes,
  });
  if (rows.length === 0) return null;
  // Ordered by creation: the first is the earliest.
  return { emails: rows.map((r) => r.email), since: rows[0]!.created_at };
}
