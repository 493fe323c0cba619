/**
 * Approving a plan, the one way every path (CLI, console, tests) does it. Approving with another
 * keep recomputes the plan for the approver's choice here, with the planner, and hands it to the
 * state store, which retires the old plan and approves the new one in one transaction.
 */
import { StateError } from '../errors/index.ts';
import type { Plan } from '../model/index.ts';
import { type DecisionOptions, planSet } from '../reconcile/index.ts';
import type { Approval, Store, StoredPlan } from '../state/index.ts';

export async function approvePlan(
  store: Store,
  planId: string,
  approval: Approval,
  options: DecisionOptions,
): Promise<StoredPlan> {
  return store.approvePlan(
    planId,
    approval,
    await replanFor(store, planId, approval.keepReservationId, options),
  );
}

/** The plan recomputed to keep `keep`, when that differs from the plan's own keep. */
async function replanFor(
  store: Store,
  planId: string,
  keep: string | undefined,
  options: DecisionOptions,
): Promise<Plan | undefined> {
  if (keep === undefined) return undefined;
  const current = await store.getPlan(planId);
  if (!current) throw new StateError(`there is no plan ${planId}`);
  if (current.supersededBy) throw new StateError(`plan ${planId} was superseded by ${current.supersededBy}`);
  if (keep === current.plan.keepReservationId) return undefined;
  const set = await store.getSet(current.plan.setId);
  if (!set) throw new StateError(`plan ${planId}: its set ${current.plan.setId} is not in the store`);
  if (!set.reservationIds.includes(keep) && !set.members.some((m) => m.reservationId === keep)) {
    throw new StateError(`reservation ${keep} is not in set ${set.setId} (${set.reservationIds.join(', ')})`);
  }
  return planSet(set, { ...options, keepReservationId: keep });
}
