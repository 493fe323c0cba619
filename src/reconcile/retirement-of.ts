/**
 * The planner's rule for retiring plans: whatever the rules now say about a reservation that an
 * earlier plan acts on (its set changed, it moved into another set, its group is now LEGITIMATE,
 * or the source shows it no longer active) retires that plan, so an approvable plan never
 * outlives the verdict it was made for. The state store applies it inside savePlans'
 * transaction.
 */

import type { LabelledSet } from '../model/index.ts';
import { isReplaceable } from '../model/index.ts';
import type { CurrentPlan, InactiveReservations, Retirement, RetirementPolicy } from '../state/index.ts';

/**
 * Why an earlier plan no longer stands, and the plan that takes its place; null when it still
 * stands (reached only through a reservation the source shows inactive, yet already carried out).
 * A plan of a DUPLICATE set that now holds its reservations is the replacement of choice.
 */
export const retirementOf: RetirementPolicy = (
  row: CurrentPlan,
  via: ReadonlySet<string>,
  setsOf: ReadonlyMap<string, readonly LabelledSet[]>,
  planOf: ReadonlyMap<string, string>,
  inactive: InactiveReservations,
): Retirement | null => {
  const own = planOf.get(row.setId);
  if (own) return { byPlanId: own, why: 'the set changed' };
  // Sorted, so the reason does not depend on the order rows came back in.
  const now = [...via].sort().flatMap((id) => (setsOf.get(id) ?? []).map((set) => ({ id, set })));
  const planned = now.find(({ set }) => planOf.has(set.setId));
  if (planned) {
    return {
      byPlanId: planOf.get(planned.set.setId)!,
      why: `its reservations are now part of set ${planned.set.setId}`,
    };
  }
  const legitimate = now.find(({ set }) => set.verdict === 'LEGITIMATE');
  if (legitimate) {
    return {
      byPlanId: null,
      why: `reservation ${legitimate.id} is now in set ${legitimate.set.setId}, labelled LEGITIMATE`,
    };
  }
  if (now.length > 0)
    return { byPlanId: null, why: `its reservations are now in set ${now[0]!.set.setId}, which has no plan` };
  if (!isReplaceable(row.status)) return null;
  const gone = [...via].sort().find((id) => inactive.has(id));
  if (gone === undefined) return null;
  return { byPlanId: null, why: `reservation ${gone} is now ${inactive.get(gone)} in the source` };
};
