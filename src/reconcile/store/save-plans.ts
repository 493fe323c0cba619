/**
 * Stores a run's sets and plans. A set seen again with the same content keeps its plan, whatever
 * its status; a set that changed gets the new plan, and the old one is superseded (retired
 * when undone, linked when already carried out); a set the rules now call LEGITIMATE retires its
 * undone plan. Every change leaves an audit entry. One transaction: all or nothing.
 */
import type { LabelledSet, Plan } from '../../model/index.ts';
import { countBurst } from '../count-burst.ts';
import { setContentHash } from '../set-content-hash.ts';
import { appendAudit } from './audit.ts';
import { currentPlan, planRow } from './current-plan.ts';
import type { Db, PlansTable } from './database.ts';
import { isPlanStatus, isUndone, type PlanStatus } from './plan-status.ts';
import { itemRows, setRow, storedPlan } from './rows.ts';

export interface SavedPlan {
  readonly plan: Plan;
  readonly status: PlanStatus;
  /** True when this run created (or brought back) the plan; false when the set was unchanged. */
  readonly isNew: boolean;
  /** The plan this one replaced, if any. */
  readonly supersededPlanId: string | null;
}

const ACTOR = 'resrecon';

async function retire(
  db: Db,
  now: string,
  old: PlansTable,
  byPlanId: string | null,
  why: string,
): Promise<void> {
  const status = isPlanStatus(old.status) && isUndone(old.status) ? 'SUPERSEDED' : old.status;
  await db
    .updateTable('plans')
    .set({ status, superseded_by: byPlanId, updated_at: now })
    .where('plan_id', '=', old.plan_id)
    .execute();
  await appendAudit(db, now, {
    actor: ACTOR,
    action: 'PLAN_SUPERSEDED',
    setId: old.set_id,
    planId: old.plan_id,
    detail: { previousStatus: old.status, status, byPlanId, why },
  });
}

/** Inserts the plan, or brings back an earlier plan with the same id (the set changed back). */
export async function putPlan(
  db: Db,
  now: string,
  plan: Plan,
  fields: { status: PlanStatus; contentHash: string; keepOverride: string | null; runId: string | null },
): Promise<PlanStatus> {
  const earlier = await planRow(db, plan.planId);
  if (earlier) {
    const status = earlier.status === 'SUPERSEDED' ? fields.status : (earlier.status as PlanStatus);
    await db
      .updateTable('plans')
      .set({
        status,
        superseded_by: null,
        plan_json: JSON.stringify(plan),
        bulk_approvable: plan.bulkApprovable ? 1 : 0,
        updated_at: now,
      })
      .where('plan_id', '=', plan.planId)
      .execute();
    return status;
  }
  await db
    .insertInto('plans')
    .values({
      plan_id: plan.planId,
      set_id: plan.setId,
      status: fields.status,
      content_hash: fields.contentHash,
      keep_override: fields.keepOverride,
      plan_json: JSON.stringify(plan),
      bulk_approvable: plan.bulkApprovable ? 1 : 0,
      superseded_by: null,
      created_run_id: fields.runId,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.insertInto('plan_items').values(itemRows(plan)).execute();
  return fields.status;
}

/** Current plans of sets outside this run that share a reservation with the set. */
async function overlapping(db: Db, set: LabelledSet, seen: ReadonlySet<string>): Promise<PlansTable[]> {
  const ids = set.members.map((m) => m.reservationId);
  if (ids.length === 0) return [];
  return db
    .selectFrom('plans')
    .selectAll()
    .where('superseded_by', 'is', null)
    .where('status', '<>', 'SUPERSEDED')
    .where('set_id', 'in', (eb) =>
      eb.selectFrom('set_reservations').select('set_id').distinct().where('reservation_id', 'in', ids),
    )
    .execute()
    .then((rows) => rows.filter((r) => !seen.has(r.set_id)));
}

export async function savePlans(
  db: Db,
  now: string,
  runId: string,
  sets: readonly LabelledSet[],
  plans: readonly Plan[],
): Promise<Map<string, SavedPlan>> {
  const bySet = new Map(plans.map((p) => [p.setId, p]));
  const burst = countBurst(sets);
  const result = new Map<string, SavedPlan>();
  const seen = new Set(sets.map((s) => s.setId));
  await db.transaction().execute(async (trx) => {
    for (const set of sets) {
      const hash = setContentHash(set);
      const { first_seen_run: _, ...update } = setRow(set, hash, burst.get(set.setId) ?? 0, runId, now);
      await trx
        .insertInto('sets')
        .values(setRow(set, hash, burst.get(set.setId) ?? 0, runId, now))
        .onConflict((oc) => oc.column('set_id').doUpdateSet(update))
        .execute();
      await trx.deleteFrom('set_reservations').where('set_id', '=', set.setId).execute();
      await trx
        .insertInto('set_reservations')
        .values(set.members.map((m) => ({ reservation_id: m.reservationId, set_id: set.setId })))
        .execute();
      const current = await currentPlan(trx, set.setId);
      const plan = bySet.get(set.setId);
      if (set.verdict !== 'DUPLICATE' || !plan) {
        if (set.verdict !== 'DUPLICATE' && current && isUndone(current.status as PlanStatus)) {
          await retire(trx, now, current, null, `the set is now labelled ${set.verdict}`);
        }
        continue;
      }
      if (current && current.content_hash === hash) {
        const kept = storedPlan(current);
        result.set(set.setId, { plan: kept.plan, status: kept.status, isNew: false, supersededPlanId: null });
        continue;
      }
      if (current) await retire(trx, now, current, plan.planId, 'the set changed');
      for (const other of await overlapping(trx, set, seen)) {
        await retire(trx, now, other, plan.planId, `its reservations are now part of set ${set.setId}`);
      }
      const status = await putPlan(trx, now, plan, {
        status: 'PROPOSED',
        contentHash: hash,
        keepOverride: null,
        runId,
      });
      await appendAudit(trx, now, {
        actor: ACTOR,
        action: 'PLAN_PROPOSED',
        runId,
        setId: set.setId,
        planId: plan.planId,
        detail: { flags: plan.flags.map((f) => f.code), replaces: current?.plan_id ?? null },
      });
      result.set(set.setId, { plan, status, isNew: true, supersededPlanId: current?.plan_id ?? null });
    }
  });
  return result;
}
