/**
 * Alerts sent, so that each goes out once: the watch pass sees a burst again on every pass while
 * it lasts (its windows overlap), and a burst that grows is still the same burst.
 */
import type { Db } from './database.ts';
import { writeTransaction } from './write-transaction.ts';

export interface AlertRecord {
  /** burst, run-failed. */
  readonly kind: string;
  /** The span of creation times the alert is about. */
  readonly from: string;
  readonly to: string;
  readonly detail: Readonly<Record<string, unknown>>;
}

/** ISO-8601 instants in UTC sort as text, so the spans are compared and widened as text. */
export async function alertSent(db: Db, now: string, alert: AlertRecord): Promise<boolean> {
  return writeTransaction(db, async (trx) => {
    const overlapping = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('kind', '=', alert.kind)
      .where('covers_from', '<=', alert.to)
      .where('covers_to', '>=', alert.from)
      .orderBy('covers_from')
      .executeTakeFirst();
    if (overlapping) {
      await trx
        .updateTable('alerts')
        .set({
          covers_from: [overlapping.covers_from, alert.from].sort()[0]!,
          covers_to: [overlapping.covers_to, alert.to].sort()[1]!,
        })
        .where('alert_key', '=', overlapping.alert_key)
        .execute();
      return false;
    }
    await trx
      .insertInto('alerts')
      .values({
        alert_key: `${alert.kind}:${alert.from}`,
        kind: alert.kind,
        first_sent_at: now,
        covers_from: alert.from,
        covers_to: alert.to,
        detail_json: JSON.stringify(alert.detail),
      })
      .onConflict((oc) => oc.column('alert_key').doNothing())
      .execute();
    return true;
  });
}
