/**
 * The reservation the keep rule names among bookings as the source holds them: reads their
 * payments and applies the model's chooseKeep, so a test can check a label against the rule.
 */
import { chooseKeep } from '../../src/model/index.ts';

type Query = <T extends Record<string, unknown>>(text: string, values?: unknown[]) => Promise<T[]>;

export interface SourceBooking {
  readonly id: string;
  /** ISO-8601 with microseconds. */
  readonly createdAt: string;
  readonly currency: string;
  /** The stay's price in the booking's currency, as decimal text. */
  readonly price: string;
}

export async function keepInSource(q: Query, bookings: readonly SourceBooking[]): Promise<string> {
  const pays = await q<{
    id: string;
    rid: string;
    status: string;
    amount: string;
    refunded: string;
    currency: string;
  }>(
    `SELECT id, "reservationId" rid, status, amount::text, "refundedAmount"::text refunded, currency
       FROM "Payment" WHERE "reservationId" = ANY($1)`,
    [bookings.map((b) => b.id)],
  );
  const keep = chooseKeep(
    bookings.map((b) => ({
      reservationId: b.id,
      createdAt: b.createdAt,
      currency: b.currency,
      stayPrice: b.price,
      payments: pays
        .filter((p) => p.rid === b.id)
        .map((p) => ({
          paymentId: p.id,
          reservationId: p.rid,
          status: p.status,
          amount: p.amount,
          refundedAmount: p.refunded,
          currency: p.currency,
          createdAt: '',
        })),
    })),
  );
  return keep.reservationId;
}
