/**
 * Approving a plan, the one way every path (CLI, console, tests) does it: the authority's check
 * (`checkDecider`), then the store records it. Approving with another keep recomputes the plan
 * for the approver's choice here, with the planner, and hands it to the state store, which
 * retires the old plan and approves the new one in one transaction.
 */
import { StateError } from '../errors/index.ts';
import type { Plan } from '../model/index.ts';
import { type DecisionOptions, planSet } from '../reconcile/index.ts';
import type { Store, StoredPlan } from '../state/index.ts';
import { checkDecider } from './check-decider.ts';

export interface ApprovalRequest {
  /** Who approves: a known user (`resrecon users`) with the approver or finance role. */
  readonly by: string;
  readonly reason?: string;
  /** Keep this reservation instead of the plan's choice: the plan is recomputed so. */
  readonly keepReservationId?: string;
  /** Part of a batch: flagged plans are refused, approved only on their own after a look. */
  readonly bulk?: boolean;
}

export async function approvePlan(
  store: Store,
  planId: string,
  request: ApprovalRequest,
  options: DecisionOptions,
): Promise<StoredPlan> {
  const { stored, seen } = await checkDecider(store, request.by, planId, 'approve');
  if (request.bulk && !stored.plan.bulkApprovable) {
    const codes = stored.plan.flags.map((f) => f.code).join(', ');
    throw new StateError(`plan ${planId} is flagged (${codes}): approve it on its own, after a look`);
  }
  const keep = request.keepReservationId;
  const replacement = await replanFor(store, stored, keep, options);
  if (replacement && request.bulk)
    throw new StateError(`plan ${planId}: choosing another keep is a decision for one plan`);
  return store.approvePlan(
    planId,
    {
      by: request.by,
      seen,
      ...(request.reason ? { reason: request.reason } : {}),
      ...(replacement ? { keepReservationId: keep } : {}),
    },
    replacement,
  );
}

/** The plan recomputed to keep `keep`, when that differs from the plan's own keep. */
async function replanFor(
  store: Store,
  current: StoredPlan,
  keep: string | undefined,
  options: DecisionOptions,
): Promise<Plan | undefined> {
  if (keep === undefined || keep === current.plan.keepReservationId) return undefined;
  const planId = current.plan.planId;
  const set = await store.getSet(current.plan.setId);
  if (!set) throw new StateError(`plan ${planId}: its set ${current.plan.setId} is not in the store`);
  if (!set.reservationIds.includes(keep) && !set.members.some((m) => m.reservationId === keep)) {
    throw new StateError(`reservation ${keep} is not in set ${set.setId} (${set.reservationIds.join(', ')})`);
  }
  return planSet(set, { ...options, keepReservationId: keep });
}
