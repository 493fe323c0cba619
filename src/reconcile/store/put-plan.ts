/**
 * Writing plans: insert new ones (in batches: the first night may bring thousands), bring back
 * an earlier plan whose id comes round again (the set changed back), retire replaced ones.
 */
import { isPlanStatus, type Plan, type PlanStatus } from '../../model/index.ts';
import { appendAudit } from './audit.ts';
import type { Db, PlansTable } from './database.ts';
import { isReplaceable } from './plan-status.ts';
import { itemRows } from './rows.ts';

/** Values per IN list: within MAX_PARAMETERS. */
export const BATCH = 2_000;

/**
 * Bound parameters per statement. Both engines take ten times more, but a statement's rows, its
 * values and its SQL text then live long enough to reach V8's old space, which only a full
 * collection frees: saving 100,000 sets grew RSS by 845 MiB with 30,000 parameters and by
 * 377 MiB with 3,000, in the same time.
 */
const MAX_PARAMETERS = 3_000;

export function batches<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Batches of rows for a multi-row INSERT of `columns` columns, within MAX_PARAMETERS. */
export function rowBatches<T>(rows: readonly T[], columns: number): T[][] {
  return batches(rows, Math.max(1, Math.floor(MAX_PARAMETERS / columns)));
}

export interface NewPlan {
  readonly plan: Plan;
  readonly status: PlanStatus;
  readonly contentHash: string;
  readonly keepOverride: string | null;
  readonly runId: string | null;
}

export async function insertPlans(db: Db, now: string, plans: readonly NewPlan[]): Promise<void> {
  for (const part of rowBatches(plans, 11)) {
    await db
      .insertInto('plans')
      .values(
        part.map((p) => ({
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
      )
      .execute();
  }
  for (const part of rowBatches(
    plans.flatMap((p) => itemRows(p.plan)),
    8,
  )) {
    await db.insertInto('plan_items').values(part).execute();
  }
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
