/**
 * "Money at stake first" without comparing currencies: amounts in two currencies cannot be
 * weighed without exchange rates, and the product has none. So each plan is ranked within each
 * currency it moves money in (its currency's largest stake is rank 1, the second largest rank 2,
 * ...), and the list goes by rank: every currency's largest plan first, then every currency's
 * second largest, and so on. The first page shows the biggest plans of every currency, not the
 * plans of the currency whose code sorts first.
 *
 * Ties: within a currency, equal amounts go by plan id; plans of the same rank go by currency
 * code, so the order is the same on every load. A plan moving money in several currencies takes
 * its best rank. Plans that move no money come last.
 */

export interface Stake {
  readonly currency: string;
  /** The amount in minor units; only ever compared with another amount in the same currency. */
  readonly minor: bigint;
}

export interface Staked {
  readonly planId: string;
  readonly stakes: readonly Stake[];
}

interface Place {
  readonly rank: number;
  readonly currency: string;
}

export function stakeOrder<T extends Staked>(rows: readonly T[]): T[] {
  const byCurrency = new Map<string, { row: T; minor: bigint }[]>();
  for (const row of rows) {
    for (const s of row.stakes) {
      const list = byCurrency.get(s.currency) ?? [];
      list.push({ row, minor: s.minor });
      byCurrency.set(s.currency, list);
    }
  }
  const place = new Map<T, Place>();
  for (const [currency, list] of byCurrency) {
    list.sort((a, b) => (a.minor === b.minor ? byId(a.row, b.row) : a.minor > b.minor ? -1 : 1));
    list.forEach(({ row }, i) => {
      const seen = place.get(row);
      if (!seen || i < seen.rank || (i === seen.rank && currency < seen.currency))
        place.set(row, { rank: i, currency });
    });
  }
  return [...rows].sort((a, b) => {
    const pa = place.get(a);
    const pb = place.get(b);
    if (!pa || !pb) return pa ? -1 : pb ? 1 : byId(a, b);
    if (pa.rank !== pb.rank) return pa.rank - pb.rank;
    if (pa.currency !== pb.currency) return pa.currency < pb.currency ? -1 : 1;
    return byId(a, b);
  });
}

function byId(a: Staked, b: Staked): number {
  return a.planId < b.planId ? -1 : a.planId > b.planId ? 1 : 0;
}
