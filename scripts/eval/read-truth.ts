/**
 * Reads the simulator's labels (schema `simulation`) for scoring: the duplicate sets with their
 * variant, the look-alike groups with their payment kind and whether any log could tell them
 * from a copy, and the refunds and voids a correct plan of each set makes.
 */
import pg from 'pg';

export interface TruthSet {
  readonly setNo: number;
  readonly rootCause: string;
  readonly reservationIds: readonly string[];
  readonly keepReservationId: string;
  readonly logsAvailable: boolean;
  /** The one reality of real traffic the set shows, or `clean`. */
  readonly variant: string;
  readonly lookalikeGroupNo: number | null;
  /** Nothing the rules can read settles it: doubting it is the right answer. */
  readonly undecidable: boolean;
}

export interface TruthLookalike {
  readonly groupNo: number;
  readonly kind: string;
  readonly reservationIds: readonly string[];
  /** `cart` or `per-room` for one-name checkouts; null otherwise. */
  readonly paymentKind: string | null;
  /** No log tells it from a re-sent request: doubting it is not an error. */
  readonly indistinguishable: boolean;
}

/** An expected refund or void of one payment of a copy. */
export interface TruthMoney {
  readonly setNo: number;
  readonly paymentId: string;
  readonly reservationId: string;
  readonly amount: string;
  readonly currency: string;
}

export interface Truth {
  readonly sets: readonly TruthSet[];
  readonly lookalikes: readonly TruthLookalike[];
  readonly refunds: readonly TruthMoney[];
  readonly voids: readonly TruthMoney[];
}

const MONEY = `SELECT set_no, payment_id, reservation_id, amount::text AS amount, currency FROM simulation.%s
  ORDER BY set_no, payment_id`;

const money = (r: Record<string, unknown>): TruthMoney => ({
  setNo: r['set_no'] as number,
  paymentId: r['payment_id'] as string,
  reservationId: r['reservation_id'] as string,
  amount: r['amount'] as string,
  currency: (r['currency'] as string).trim(),
});

export async function readTruth(url: string): Promise<Truth> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const sets = await client.query(
      `SELECT set_no, root_cause, reservation_ids, keep_reservation_id, logs_available, variant, lookalike_group_no, undecidable
         FROM simulation.duplicate_sets ORDER BY set_no`,
    );
    const groups = await client.query(
      `SELECT group_no, kind, reservation_ids, payment_kind, indistinguishable
         FROM simulation.lookalike_groups ORDER BY group_no`,
    );
    const refunds = await client.query(MONEY.replace('%s', 'expected_refunds'));
    const voids = await client.query(MONEY.replace('%s', 'expected_voids'));
    return {
      sets: sets.rows.map((r) => ({
        setNo: r.set_no,
        rootCause: r.root_cause,
        reservationIds: r.reservation_ids,
        keepReservationId: r.keep_reservation_id,
        logsAvailable: r.logs_available,
        variant: r.variant,
        lookalikeGroupNo: r.lookalike_group_no,
        undecidable: r.undecidable,
      })),
      lookalikes: groups.rows.map((r) => ({
        groupNo: r.group_no,
        kind: r.kind,
        reservationIds: r.reservation_ids,
        paymentKind: r.payment_kind,
        indistinguishable: r.indistinguishable,
      })),
      refunds: refunds.rows.map(money),
      voids: voids.rows.map(money),
    };
  } finally {
    await client.end();
  }
}
