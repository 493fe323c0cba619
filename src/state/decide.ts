/**
 * Human decisions on plans, as stored. Who may decide, and which decision a plan waits for, is
 * the decision authority's (src/decisions), which checks first and hands the store what it saw
 * (`seen`); the store only records it, and refuses when the plan has moved on since, so a check
 * made for one state of a plan never passes for another (two people deciding at once cannot both
 * win). Approving with another keep stores the plan the authority recomputed for that keep,
 * retires the old one and approves the new one, in one transaction.
 */
import { StateError } from '../errors/index.ts';
import {
  assertTransition,
  isRejectionCategory,
  type Plan,
  type PlanStatus,
  type RejectionCategory,
  WRONG_KEEP,
} from '../model/index.ts';
import { appendAudit } from './audit.ts';
import type { Db, PlansTable } from './database.ts';
import { approversOf, recordDecision } from './decisions.ts';
import { loadPlan, movePlan, planRow } from './plan-row.ts';
import { putPlan } from './put-plan.ts';
import { type StoredPlan, storedPlan } from './rows.ts';
import { writeTransaction } from './write-transaction.ts';

/** The plan as the decision authority saw it when it cleared a decision. */
export interface Seen {
  readonly status: PlanStatus;
  /** Who had approved it then (an APPROVED plan's first approver). */
  readonly approvers: readonly string[];
}

export interface Approval {
  /** Who approves: a known user's name. */
  readonly by: string;
  readonly reason?: string;
  /** Keep this reservation instead of the plan's choice: `replacement` is the plan recomputed so. */
  readonly keepReservationId?: string;
  /**
   * What the authority saw: PROPOSED (a first approval) or APPROVED (an added approval, the
   * second of a refund past the limit).
   */
  readonly seen: Seen;
}

export interface Rejection {
  readonly by: string;
  readonly reason: string;
  /** Why, as a category the rules are measured on. */
  readonly category: RejectionCategory;
  readonly seen: Seen;
}

/**
 * The plan's row, held (PostgreSQL locks it until the transaction ends; SQLite's write
 * transaction already runs alone) and checked against what the authority saw.
 */
async function holdAsSeen(db: Db, now: string, planId: string, seen: Seen): Promise<PlansTable> {
  const held = await db
    .updateTable('plans')
    .set({ updated_at: now })
    .where('plan_id', '=', planId)
    .where('status', '=', seen.status)
    .where('superseded_by', 'is', null)
    .executeTakeFirst();
  const row = await loadPlan(db, planId);
  const approvers = seen.status === 'APPROVED' ? await approversOf(db, planId) : [];
  const same =
    approvers.length === seen.approvers.length && approvers.every((a, i) => a === seen.approvers[i]);
  if (held.numUpdatedRows !== 1n || (seen.status === 'APPROVED' && !same)) {
    const by = approvers.length ? `, approved by ${approvers.join(' and ')}` : '';
    throw new StateError(
      `plan ${planId} changed while this decision was being made (it is now ${row.status}${by}): look at it again`,
    );
  }
  return row;
}

export async function approvePlan(
  db: Db,
  now: string,
  planId: string,
  approval: Approval,
  replacement?: Plan,
): Promise<StoredPlan> {
  return writeTransaction(db, async (trx) => {
    const row = await holdAsSeen(trx, now, planId, approval.seen);
    const decision = {
      planId,
      decision: 'APPROVED' as const,
      decidedBy: approval.by,
      reason: approval.reason ?? null,
      keepReservationId: null,
      resultingPlanId: planId,
      category: null,
    };
    if (!replacement) {
      if (row.status === 'APPROVED') {
        await recordDecision(trx, now, { ...decision, reason: approval.reason ?? 'second approval' });
      } else {
        await movePlan(trx, now, row, 'APPROVED');
        await recordDecision(trx, now, decision);
      }
      return storedPlan((await planRow(trx, planId))!);
    }
    const keep = approval.keepReservationId;
    assertTransition(planId, row.status, 'APPROVED');
    if (replacement.setId !== row.set_id || replacement.keepReservationId !== keep) {
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
      keepOverride: plan.flags.some((f) => f.code === 'KEEP_OVERRIDDEN') ? (keep ?? null) : null,
      runId: row.created_run_id,
    });
    // A plan brought back keeps the status it had only if it was not retired; approve it now.
    await trx.updateTable('plans').set({ status: 'APPROVED' }).where('plan_id', '=', plan.planId).execute();
    await recordDecision(trx, now, {
      ...decision,
      keepReservationId: keep ?? null,
      resultingPlanId: plan.planId,
      // The rule found copies but kept the wrong booking: a label against its proposal.
      category: WRONG_KEEP,
    });
    return storedPlan((await planRow(trx, plan.planId))!);
  });
}

export async function rejectPlan(
  db: Db,
  now: string,
  planId: string,
  rejection: Rejection,
): Promise<StoredPlan> {
  if (!rejection.reason.trim()) throw new StateError(`rejecting plan ${planId} needs a reason`);
  if (!isRejectionCategory(rejection.category))
    throw new StateError(`rejecting plan ${planId}: "${rejection.category}" is not a reason category`);
  return writeTransaction(db, async (trx) => {
    const row = await holdAsSeen(trx, now, planId, rejection.seen);
    await movePlan(trx, now, row, 'REJECTED');
    await recordDecision(trx, now, {
      planId,
      decision: 'REJECTED',
      decidedBy: rejection.by,
      reason: rejection.reason,
      keepReservationId: null,
      resultingPlanId: planId,
      category: rejection.category,
    });
    return storedPlan((await planRow(trx, planId))!);
  });
}
