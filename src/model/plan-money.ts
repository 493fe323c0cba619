/**
 * The one answer to "what money does this plan still move": the refunds, voids and transfers
 * still to carry out (`outstanding`: none for a rejected, superseded, stale or executed plan;
 * the lines not yet recorded done for one carried out part-way), totalled per currency. The
 * report's totals, the finance view, plans.csv, the console's "at stake" and `plans list` all ask
 * this, so no page counts a line another leaves out.
 */
import { type CurrencyTotal, totalsByCurrency } from './money.ts';
import { outstanding, type PlanStatus } from './plan-status.ts';

type MoneyLine = {
  readonly amount: string;
  readonly currency: string;
  readonly done?: true;
  readonly itemId?: string;
};

/**
 * A plan as any stage holds it: the state store's (lines with item ids, `doneItemIds` beside) or
 * report.json's (lines marked `done`).
 */
export interface PlanMoneyInput {
  readonly plan: {
    readonly refunds: readonly MoneyLine[];
    readonly voids: readonly MoneyLine[];
    readonly transfers: readonly MoneyLine[];
  };
  readonly status: PlanStatus;
  readonly doneItemIds?: readonly string[];
}

export interface PlanMoney {
  readonly refunds: readonly CurrencyTotal[];
  readonly voids: readonly CurrencyTotal[];
  readonly transfers: readonly CurrencyTotal[];
  /** Refunds, voids and transfers together, per currency: the money at stake. */
  readonly atStake: readonly CurrencyTotal[];
}

/** What these plans still move, per kind and per currency (one plan or a whole run's). */
export function plansMoney(plans: readonly PlanMoneyInput[]): PlanMoney {
  const open = plans.map((p) => outstanding(p.plan, p.status, p.doneItemIds));
  const refunds = open.flatMap((o) => o.refunds);
  const voids = open.flatMap((o) => o.voids);
  const transfers = open.flatMap((o) => o.transfers);
  return {
    refunds: totalsByCurrency(refunds),
    voids: totalsByCurrency(voids),
    transfers: totalsByCurrency(transfers),
    atStake: totalsByCurrency([...refunds, ...voids, ...transfers]),
  };
}

/** What one plan still moves. */
export function planMoney(plan: PlanMoneyInput): PlanMoney {
  return plansMoney([plan]);
}
