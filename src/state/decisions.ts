/** Decisions on plans: who approved or rejected which plan, when, why, and with which keep. */
import { randomUUID } from 'node:crypto';
import type { PlanWithStatus } from '../model/index.ts';
import { appendAudit } from './audit.ts';
import { batches } from './batches.ts';
import type { Db } from './database.ts';

export interface Decision {
  readonly decisionId: string;
  readonly planId: string;
  readonly decision: 'APPROVED' | 'REJECTED';
  readonly decidedBy: string;
  readonly decidedAt: string;
  readonly reason: string | null;
  readonly keepReservationId: string | null;
  readonly resultingPlanId: string;
  /**
   * A rejection's reason category (REJECTION_CATEGORIES), `wrong-keep` on an approval with
   * another keep; null on other approvals and on decisions from before categories.
   */
  readonly category: string | null;
}

export async function recordDecision(
  db: Db,
  now: string,
  d: Omit<Decision, 'decisionId' | 'decidedAt'>,
): Promise<void> {
  await db
    .insertInto('decisions')
    .values({
      decision_id: randomUUID(),
      plan_id: d.planId,
      decision: d.decision,
      decided_by: d.decidedBy,
      decided_at: now,
      reason: d.reason,
      keep_reservation_id: d.keepReservationId,
      resulting_plan_id: d.resultingPlanId,
      category: d.category,
    })
    .execute();
  await appendAudit(db, now, {
    actor: d.decidedBy,
    action: d.decision === 'APPROVED' ? 'PLAN_APPROVED' : 'PLAN_REJECTED',
    planId: d.resultingPlanId,
    detail: {
      reason: d.reason,
      keepReservationId: d.keepReservationId,
      decidedOn: d.planId,
      ...(d.category ? { category: d.category } : {}),
    },
  });
}

export async function decisionsFor(db: Db, planId: string): Promise<Decision[]> {
  const rows = await db
    .selectFrom('decisions')
    .selectAll()
    .where((eb) => eb.or([eb('plan_id', '=', planId), eb('resulting_plan_id', '=', planId)]))
    .orderBy('decided_at')
    .execute();
  return rows.map((r) => ({
    decisionId: r.decision_id,
    planId: r.plan_id,
    decision: r.decision as Decision['decision'],
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reason: r.reason,
    keepReservationId: r.keep_reservation_id,
    resultingPlanId: r.resulting_plan_id,
    category: r.category,
  }));
}

/**
 * Who approved each of these plans since it was last proposed, in order, one name each. A plan
 * retired and later brought back (its set changed, then changed back) is proposed anew: the
 * approvals it had before do not count towards its two approvals, so a revived large refund
 * cannot be carried out on one fresh approval plus one from before. Read from the audit log,
 * whose sequence orders a proposal and an approval made within the same millisecond too.
 */
async function approvalsSinceProposed(db: Db, planIds: readonly string[]): Promise<Map<string, string[]>> {
  const names = new Map<string, string[]>();
  for (const part of batches(planIds)) {
    const rows = await db
      .selectFrom('audit')
      .select(['plan_id', 'action', 'actor'])
      .where('plan_id', 'in', part)
      .where('action', 'in', ['PLAN_PROPOSED', 'PLAN_APPROVED'])
      .orderBy('seq')
      .execute();
    for (const r of rows) {
      if (!r.plan_id) continue;
      if (r.action === 'PLAN_PROPOSED') {
        names.delete(r.plan_id);
        continue;
      }
      const list = names.get(r.plan_id) ?? [];
      if (!list.includes(r.actor)) list.push(r.actor);
      names.set(r.plan_id, list);
    }
  }
  return names;
}

/** Who approved this plan itself (not an earlier plan it replaced) since it was last proposed. */
export async function approversOf(db: Db, planId: string): Promise<string[]> {
  return (await approvalsSinceProposed(db, [planId])).get(planId) ?? [];
}

/**
 * The same plans, each APPROVED one carrying who approved it (`approvedBy`), in a few queries:
 * what `awaitedDecision` needs to tell a plan waiting for its second approval.
 */
export async function withApprovers<P extends PlanWithStatus>(db: Db, plans: readonly P[]): Promise<P[]> {
  const ids = plans.filter((p) => p.status === 'APPROVED').map((p) => p.plan.planId);
  if (ids.length === 0) return [...plans];
  const names = await approvalsSinceProposed(db, ids);
  return plans.map((p) =>
    p.status === 'APPROVED' ? { ...p, approvedBy: names.get(p.plan.planId) ?? [] } : p,
  );
}
