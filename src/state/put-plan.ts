/**
 * Writing plans: insert new ones (in batches: the first night may bring thousands), bring back
 * an earlier plan whose id comes round again (the set changed back), retire replaced ones.
 */
import { isPlanStatus, isReplaceable, type Plan, type PlanStatus } from '../model/index.ts';
import { appendAudit } from './audit.ts';
import type { Db, PlansTable } from './database.ts';
import { eachRow, insertRows, type SqliteHandle } from './insert-rows.ts';
import { itemRows } from './rows.ts';

export interface NewPlan {
  readonly plan: Plan;
  readonly status: PlanStatus;
  readonly contentHash: string;
  readonly keepOverride: string | null;
  readonly runId: string | null;
}

export async function insertPlans(
  db: Db,
  now: string,
  plans: readonly NewPlan[],
  sqlite: SqliteHandle = null,
): Promise<void> {
  await insertRows(
    db,
    sqlite,
    'plans',
    eachRow(plans, (p) => ({
      plan_id: p.plan.planId,
      set_id: p.plan.setId,
      status: p.status,
      content_hash: p.contentHash,
      keep_override: p.keepOverride,
      plan_json: JSON.stringify(p.plan),
      bulk_approvable: p.plan.bulkApprovable ? 1 : 0,
      superseded_by: null,
      created_run_id: p.runId,
      created_at: now,
      updated_at: now,
    })),
  );
  await insertRows(
    db,
    sqlite,
    'plan_items',
    (function* () {
      for (const p of plans) yield* itemRows(p.plan);
    })(),
  );
}

/** Makes `earlier` (same plan id) current again; a retired plan takes `status`, others keep theirs. */
export async function revivePlan(
  db: Db,
  now: string,
  earlier: PlansTable,
  plan: Plan,
  status: PlanStatus,
): Promise<PlanStatus> {
  const next = earlier.status === 'SUPERSEDED' ? status : (earlier.status as PlanStatus);
  await db
    .updateTable('plans')
    .set({
      status: next,
      superseded_by: null,
      plan_json: JSON.stringify(plan),
      bulk_approvable: plan.bulkApprovable ? 1 : 0,
      updated_at: now,
    })
    .where('plan_id', '=', plan.planId)
    .execute();
  return next;
}

/** Inserts one plan, or brings back the earlier plan with its id. */
export async function putPlan(db: Db, now: string, p: NewPlan): Promise<PlanStatus> {
  const earlier = await db
    .selectFrom('plans')
    .selectAll()
    .where('plan_id', '=', p.plan.planId)
    .executeTakeFirst();
  if (earlier) return revivePlan(db, now, earlier, p.plan, p.status);
  await insertPlans(db, now, [p]);
  return p.status;
}

/** Retires a replaced plan: SUPERSEDED when undone; a plan already carried out keeps its status. */
export async function retire(
  db: Db,
  now: string,
  old: PlansTable,
  byPlanId: string | null,
  why: string,
  actor = 'resrecon',
): Promise<void> {
  const status = isPlanStatus(old.status) && isReplaceable(old.status) ? 'SUPERSEDED' : old.status;
  await db
    .updateTable('plans')
    .set({ status, superseded_by: byPlanId, updated_at: now })
    .where('plan_id', '=', old.plan_id)
    .execute();
  await appendAudit(db, now, {
    actor,
    action: 'PLAN_SUPERSEDED',
    setId: old.set_id,
    planId: old.plan_id,
    detail: { previousStatus: old.status, status, byPlanId, why },
  });
}
