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
    })
    .execute();
  await appendAudit(db, now, {
    actor: d.decidedBy,
    action: d.decision === 'APPROVED' ? 'PLAN_APPROVED' : 'PLAN_REJECTED',
    planId: d.resultingPlanId,
    detail: { reason: d.reason, keepReservationId: d.keepReservationId, decidedOn: d.planId },
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
  }));
}

/** Who approved this plan itself (not an earlier plan it replaced), in order: one name each. */
export async function approversOf(db: Db, planId: string): Promise<string[]> {
  const names = (await decisionsFor(db, planId))
    .filter((d) => d.decision === 'APPROVED' && d.resultingPlanId === planId)
    .map((d) => d.decidedBy);
  return [...new Set(names)];
}

/**
 * The same plans, each APPROVED one carrying who approved it (`approvedBy`), in a few queries:
 * what `awaitedDecision` needs to tell a plan waiting for its second approval.
 */
export async function withApprovers<P extends PlanWithStatus>(db: Db, plans: readonly P[]): Promise<P[]> {
  const ids = plans.filter((p) => p.status === 'APPROVED').map((p) => p.plan.planId);
  if (ids.length === 0) return [...plans];
  const names = new Map<string, string[]>();
  for (const part of batches(ids)) {
    const rows = await db
      .selectFrom('decisions')
      .select(['resulting_plan_id', 'decided_by'])
      .where('decision', '=', 'APPROVED')
      .where('resulting_plan_id', 'in', part)
      .orderBy('decided_at')
      .execute();
    for (const r of rows) {
      const list = names.get(r.resulting_plan_id) ?? [];
      if (!list.includes(r.decided_by)) list.push(r.decided_by);
      names.set(r.resulting_plan_id, list);
    }
  }
  return plans.map((p) =>
    p.status === 'APPROVED' ? { ...p, approvedBy: names.get(p.plan.planId) ?? [] } : p,
  );
}
