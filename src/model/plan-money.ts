/**
 * The one answer to "what money does this plan still move": the refunds, voids and transfers
 * still to carry out (`outstanding`: none for a rejected, superseded, stale or executed plan;
 * the lines not yet recorded done for one carried out part-way), totalled per currency. The
 * report's totals, the finance view, plans.csv, the console's "at stake" and `plans list` all ask
 * this, so no page counts a line another leaves out.
 */
import type { AwaitedDecision } from './awaited-decision.ts';
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

/** Money still to move in each currency, by kind, without the "at stake" sum. */
export type MoneyByKind = Pick<PlanMoney, 'refunds' | 'voids' | 'transfers'>;

/**
 * What these plans still move, split by whether a person still has to decide: `approved` is
 * ready to move (approved by everyone it needs, or being carried out), `awaitingApproval` waits
 * for an approval or finance's second one (`awaiting`, as `awaitedDecision` answers it). The two
 * add up, currency by currency, to `plansMoney` of all the plans: a plan is in exactly one.
 */
export function plansMoneyByApproval(
  plans: readonly (PlanMoneyInput & { readonly awaiting: AwaitedDecision | null })[],
): { readonly approved: MoneyByKind; readonly awaitingApproval: MoneyByKind } {
  const kinds = ({ refunds, voids, transfers }: PlanMoney): MoneyByKind => ({ refunds, voids, transfers });
  return {
    approved: kinds(plansMoney(plans.filter((p) => p.awaiting === null))),
    awaitingApproval: kinds(plansMoney(plans.filter((p) => p.awaiting !== null))),
  };
}
