/**
 * Clients' nights in the state store. A run records the nights its window covers; a stored night
 * that overlaps one of them is replaced whole, since the later run read the same span again and
 * is the truth for it (a re-run, or a backfill over nights the job already saw).
 */
import type { ClientNight, CurrencyTotal, RootCause } from '../model/index.ts';
import { batches } from './batches.ts';
import type { Db } from './database.ts';
import { writeTransaction } from './write-transaction.ts';

export async function recordClientNights(
  db: Db,
  now: string,
  runId: string,
  spans: readonly { readonly from: string; readonly to: string }[],
  nights: readonly ClientNight[],
): Promise<void> {
  await writeTransaction(db, async (trx) => {
    for (const span of spans) {
      // ISO-8601 instants in UTC sort as text: overlap is compared as text.
      await trx
        .deleteFrom('client_nights')
        .where('night_from', '<', span.to)
        .where('night_to', '>', span.from)
        .execute();
    }
    const rows = nights.map((n) => ({
      night_from: n.from,
      night_to: n.to,
      client_id: n.clientId,
      bookings: n.bookings,
      copies: n.copies,
      by_cause_json: JSON.stringify(n.byCause),
      at_stake_json: JSON.stringify(n.atStake),
      example_set_ids_json: JSON.stringify(n.exampleSetIds),
      run_id: runId,
      updated_at: now,
    }));
    for (const part of batches(rows, 50)) await trx.insertInto('client_nights').values(part).execute();
  });
}

/** The nights wholly inside [from, to), oldest first, then by client. */
export async function readClientNights(db: Db, from: string, to: string): Promise<ClientNight[]> {
  const rows = await db
    .selectFrom('client_nights')
    .selectAll()
    .where('night_from', '>=', from)
    .where('night_to', '<=', to)
    .orderBy('night_from')
    .orderBy('client_id')
    .execute();
  return rows.map((r) => ({
    from: r.night_from,
    to: r.night_to,
    clientId: r.client_id,
    bookings: Number(r.bookings),
    copies: Number(r.copies),
    byCause: JSON.parse(r.by_cause_json) as Partial<Record<RootCause, number>>,
    atStake: JSON.parse(r.at_stake_json) as CurrencyTotal[],
    exampleSetIds: JSON.parse(r.example_set_ids_json) as string[],
  }));
}
