/**
 * The plans a filter selects, in the order the list shows them; the same list feeds the page
 * and the CSV exports, so what a person sees is what they download.
 */
import {
  awaitedDecision,
  causeLabel,
  flagWords,
  formatMoneyList,
  isPlanStatus,
  type LabelledSet,
  planMoney,
  planStatusLabel,
  toMinor,
} from '../model/index.ts';
import type { Store, StoredPlan } from '../state/index.ts';
import { setPlans } from './set-plans.ts';
import { type Stake, stakeOrder } from './stake-order.ts';

/** The status filter's value for APPROVED plans still waiting for finance's second approval. */
export const SECOND_APPROVAL_FILTER = 'SECOND_APPROVAL';

/** The list's orders: money at stake first (ranked within each currency), or newest first. */
export const SORTS = {
  stake: 'money at stake first, ranked within each currency',
  newest: 'newest first',
} as const;
export type Sort = keyof typeof SORTS;

export function sortOf(q: Record<string, string>): Sort {
  return q['sort'] === 'newest' ? 'newest' : 'stake';
}

export interface PlanRow {
  readonly planId: string;
  readonly stored: StoredPlan;
  /** What the plan still moves, per currency: compared within a currency, never across. */
  readonly stakes: readonly Stake[];
  readonly row: Record<string, unknown>;
}

export interface FilteredPlans {
  readonly rows: PlanRow[];
  readonly total: number;
  readonly sets: ReadonlyMap<string, LabelledSet>;
  /** Every currency the plans of the chosen status move money in: the currency filter's options. */
  readonly currencies: readonly string[];
}

export async function filteredPlans(store: Store, q: Record<string, string>): Promise<FilteredPlans> {
  const second = q['status'] === SECOND_APPROVAL_FILTER;
  const status = second ? 'APPROVED' : q['status'] && isPlanStatus(q['status']) ? q['status'] : undefined;
  // A list of set ids (comma-separated), as a regression's alert links its example sets: each
  // set's current plans, or its latest one once none is current (setPlans), as its page opens.
  const setIds = q['set']
    ? [...new Set(q['set'].split(',').map((s) => s.trim()))].filter((s) => s !== '')
    : null;
  const chosen = setIds
    ? (await Promise.all(setIds.map((id) => setPlans(store, id))))
        .flat()
        .filter((p) => !status || p.status === status)
    : await store.listPlans(status ? { status } : {});
  const listed = await store.withDoneItems(chosen);
  const plans = second ? listed.filter((p) => awaitedDecision(p) === 'SECOND_APPROVAL') : listed;
  const sets = await store.getSets([...new Set(plans.map((p) => p.setId))]);
  const currency = (q['currency'] ?? '').trim().toUpperCase();
  // At least this much at stake (in the currency filtered on, else in any one currency).
  const minText = (q['min'] ?? '').trim();
  const min = /^\d+(\.\d+)?$/.test(minText) ? toMinor(minText) : null;
  const flag = q['flag'] ?? '';
  const currencies = new Set<string>();
  const rows: PlanRow[] = [];
  for (const stored of plans) {
    const set = sets.get(stored.setId);
    const codes = stored.plan.flags.map((f) => f.code as string);
    if (flag === 'flagged' && codes.length === 0) continue;
    if (flag === 'clean' && codes.length > 0) continue;
    if (flag && flag !== 'flagged' && flag !== 'clean' && !codes.includes(flag)) continue;
    if (q['cause'] && set?.rootCause !== q['cause']) continue;
    if (q['run'] && stored.createdRunId !== q['run']) continue;
    const money = planMoney(stored).atStake;
    for (const m of money) currencies.add(m.currency);
    const inCurrency = currency ? money.filter((m) => m.currency === currency) : money;
    if (currency && inCurrency.length === 0) continue;
    if (min !== null && !inCurrency.some((m) => toMinor(m.amount) >= min)) continue;
    const first = set?.members[0];
    rows.push({
      planId: stored.plan.planId,
      stored,
      // Filtered on a currency, the plan is ranked by its money in that currency only.
      stakes: inCurrency.map((m) => ({ currency: m.currency, minor: toMinor(m.amount) })),
      row: {
        planId: stored.plan.planId,
        flags: stored.plan.flags.map((f) => ({ words: flagWords(f.code), detail: f.detail })),
        guestName: first?.guestName ?? '',
        stay: first ? `${first.checkIn} → ${first.checkOut}` : '',
        status: planStatusLabel(stored.status, awaitedDecision(stored)),
        cause: set?.rootCause ? causeLabel(set.rootCause) : '',
        atStake: formatMoneyList(money),
      },
    });
  }
  const ordered = sortOf(q) === 'newest' ? rows.sort(newestFirst) : stakeOrder(rows);
  return { rows: ordered, total: ordered.length, sets, currencies: [...currencies].sort() };
}

function newestFirst(a: PlanRow, b: PlanRow): number {
  if (a.stored.createdAt !== b.stored.createdAt) return a.stored.createdAt > b.stored.createdAt ? -1 : 1;
  return a.planId < b.planId ? -1 : a.planId > b.planId ? 1 : 0;
}
