/**
 * Human decisions on plans, as stored. Approving with another keep stores the plan the decision
 * authority recomputed for the approver's choice, retires the old one and approves the new one,
 * in one transaction. A flagged plan is only approved on its own, never as part of a batch.
 * Status changes are conditional updates, so two people deciding at once cannot both win.
 */
import { StateError } from '../errors/index.ts';
import { assertTransition, needsSecondApproval, type Plan } from '../model/index.ts';
import { appendAudit } from './audit.ts';
import type { Db } from './database.ts';
import { approversOf, recordDecision } from './decisions.ts';
import { loadPlan, movePlan, planRow } from './plan-row.ts';
import { putPlan } from './put-plan.ts';
import { labelledSet, type StoredPlan, storedPlan } from './rows.ts';
import { writeTransaction } from './write-transaction.ts';

export interface Approval {
  /** Who approves: a name or an email. */
  readonly by: string;
  readonly reason?: string;
  /** Keep this reservation instead of the plan's choice: `replacement` is the plan recomputed so. */
  readonly keepReservationId?: string;
  /** Part of a batch: flagged plans are refused. */
  readonly bulk?: boolean;
}

export async function approvePlan(
  db: Db,
  now: string,
  planId: string,
  approval: Approval,
  replacement?: Plan,
): Promise<StoredPlan> {
  return writeTransaction(db, async (trx) => {
    const row = await loadPlan(trx, planId);
    const current = storedPlan(row);
    if (approval.bulk && !current.plan.bulkApprovable) {
      const codes = current.plan.flags.map((f) => f.code).join(', ');
      throw new StateError(`plan ${planId} is flagged (${codes}): approve it on its own, after a look`);
    }
    const keep = approval.keepReservationId;
    const sameKeep = keep === undefined || keep === current.plan.keepReservationId;
    if (sameKeep && row.status === 'APPROVED' && needsSecondApproval(current.plan)) {
      const approvers = await approversOf(trx, planId);
      if (approvers.includes(approval.by)) {
        throw new StateError(
          `plan ${planId} was already approved by ${approval.by}: the second approval of a refund past the limit must come from another person`,
        );
      }
      if (approvers.length >= 2) throw new StateError(`plan ${planId} already has both approvals`);
      await recordDecision(trx, now, {
        planId,
        decision: 'APPROVED',
        decidedBy: approval.by,
        reason: approval.reason ?? 'second approval',
        keepReservationId: null,
        resultingPlanId: planId,
      });
      return storedPlan((await planRow(trx, planId))!);
    }
    if (sameKeep) {
      await movePlan(trx, now, row, 'APPROVED');
      await recordDecision(trx, now, {
        planId,
        decision: 'APPROVED',
        decidedBy: approval.by,
        reason: approval.reason ?? null,
        keepReservationId: null,
        resultingPlanId: planId,
      });
      return storedPlan((await planRow(trx, planId))!);
    }
    if (approval.bulk)
      throw new StateError(`plan ${planId}: choosing another keep is a decision for one plan`);
    assertTransition(planId, row.status, 'APPROVED');
    const setRow = await trx
      .selectFrom('sets')
      .selectAll()
      .where('set_id', '=', row.set_id)
      .executeTakeFirst();
    if (!setRow) throw new StateError(`plan ${planId}: its set ${row.set_id} is not in the store`);
    const set = labelledSet(setRow);
    if (!set.reservationIds.includes(keep) && !set.members.some((m) => m.reservationId === keep)) {
      throw new StateError(
        `reservation ${keep} is not in set ${set.setId} (${set.reservationIds.join(', ')})`,
      );
    }
    if (!replacement || replacement.setId !== set.setId || replacement.keepReservationId !== keep) {
      throw new StateError(`plan ${planId}: keeping ${keep} needs the plan recomputed for that keep`);
    }
    const plan = replacement;
    await movePlan(trx, now, row, 'SUPERSEDED');
    await trx
      .updateTable('plans')
      .set({ superseded_by: plan.planId })
      .where('plan_id', '=', planId)
      .execute();
    await appendAudit(trx, now, {
      actor: approval.by,
      action: 'PLAN_SUPERSEDED',
      setId: row.set_id,
      planId,
      detail: { previousStatus: row.status, byPlanId: plan.planId, why: `the approver keeps ${keep}` },
    });
    await putPlan(trx, now, {
      plan,
      status: 'APPROVED',
      contentHash: row.content_hash,
      keepOverride: plan.flags.some((f) => f.code === 'KEEP_OVERRIDDEN') ? keep : null,
      runId: row.created_run_id,
    });
    // A plan brought back keeps the status it had only if it was not retired; approve it now.
    await trx.updateTable('plans').set({ status: 'APPROVED' }).where('plan_id', '=', plan.planId).execute();
    await recordDecision(trx, now, {
      planId,
      decision: 'APPROVED',
      decidedBy: approval.by,
      reason: approval.reason ?? null,
      keepReservationId: keep,
      resultingPlanId: plan.planId,
    });
    return storedPlan((await planRow(trx, plan.planId))!);
  });
}

export async function rejectPlan(
  db: Db,
  now: string,
  planId: string,
  rejection: { readonly by: string; readonly reason: string },
): Promise<StoredPlan> {
  if (!rejection.reason.trim()) throw new StateError(`rejecting plan ${planId} needs a reason`);
  return writeTransaction(db, async (trx) => {
    const row = await loadPlan(trx, planId);
    await movePlan(trx, now, row, 'REJECTED');
    await recordDecision(trx, now, {
      planId,
      decision: 'REJECTED',
      decidedBy: rejection.by,
      reason: rejection.reason,
      keepReservationId: null,
      resultingPlanId: planId,
    });
    return storedPlan((await planRow(trx, planId))!);
  });
}
