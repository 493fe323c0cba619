/**
 * Stores a run's sets and plans. A set seen again with the same content keeps its plan, whatever
 * its status; a set that changed gets the new plan and the old one is superseded (retired when
 * undone, linked when already carried out) — also when the change gave the set a new id (a new
 * copy arrived); a set the rules now call LEGITIMATE retires its undone plan. Every change leaves
 * an audit entry. One transaction, statements in batches: a night of thousands of sets costs a
 * few dozen round trips when nothing changed.
 */
import { DataError } from '../../errors/index.ts';
import type { LabelledSet, Plan } from '../../model/index.ts';
import { countBurst } from '../count-burst.ts';
import { setContentHash } from '../set-content-hash.ts';
import { appendAudit, type NewAuditEntry } from './audit.ts';
import type { Db, PlansTable } from './database.ts';
import { isUndone, type PlanStatus } from './plan-status.ts';
import { batches, insertPlans, type NewPlan, retire, revivePlan } from './put-plan.ts';
import { setRow, storedPlan } from './rows.ts';
import { writeTransaction } from './write-transaction.ts';

export interface SavedPlan {
  readonly plan: Plan;
  readonly status: PlanStatus;
  /** True when this run created (or brought back) the plan; false when the set was unchanged. */
  readonly isNew: boolean;
  /** The plan this one replaced, if any. */
  readonly supersededPlanId: string | null;
}

async function storeSets(
  db: Db,
  sets: readonly LabelledSet[],
  rows: (s: LabelledSet) => ReturnType<typeof setRow>,
) {
  for (const part of batches(sets)) {
    await db
      .insertInto('sets')
      .values(part.map(rows))
      .onConflict((oc) =>
        oc.column('set_id').doUpdateSet((eb) => ({
          verdict: eb.ref('excluded.verdict'),
          root_cause: eb.ref('excluded.root_cause'),
          confidence: eb.ref('excluded.confidence'),
          rule_id: eb.ref('excluded.rule_id'),
          key_json: eb.ref('excluded.key_json'),
          reservation_ids_json: eb.ref('excluded.reservation_ids_json'),
          members_json: eb.ref('excluded.members_json'),
          evidence_json: eb.ref('excluded.evidence_json'),
          clients_json: eb.ref('excluded.clients_json'),
          content_hash: eb.ref('excluded.content_hash'),
          burst: eb.ref('excluded.burst'),
          last_seen_run: eb.ref('excluded.last_seen_run'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    await db
      .deleteFrom('set_reservations')
      .where(
        'set_id',
        'in',
        part.map((s) => s.setId),
      )
      .execute();
    const links = part.flatMap((s) =>
      s.members.map((m) => ({ reservation_id: m.reservationId, set_id: s.setId })),
    );
    for (const chunk of batches(links)) await db.insertInto('set_reservations').values(chunk).execute();
  }
}

/** Current plans of the given sets. */
async function currentPlans(db: Db, setIds: readonly string[]): Promise<Map<string, PlansTable>> {
  const out = new Map<string, PlansTable>();
  for (const part of batches(setIds)) {
    const rows = await db
      .selectFrom('plans')
      .selectAll()
      .where('set_id', 'in', part)
      .where('superseded_by', 'is', null)
      .where('status', '<>', 'SUPERSEDED')
      .execute();
    for (const r of rows) out.set(r.set_id, r);
  }
  return out;
}

/** Current plans of sets outside this run sharing a reservation with a changed set, by that set. */
async function overlapping(db: Db, changed: readonly LabelledSet[], seen: ReadonlySet<string>) {
  const owner = new Map(changed.flatMap((s) => s.members.map((m) => [m.reservationId, s.setId] as const)));
  const out = new Map<string, { row: PlansTable; bySetId: string }>();
  for (const part of batches([...owner.keys()])) {
    const rows = await db
      .selectFrom('set_reservations as sr')
      .innerJoin('plans as p', 'p.set_id', 'sr.set_id')
      .selectAll('p')
      .select('sr.reservation_id')
      .where('sr.reservation_id', 'in', part)
      .where('p.superseded_by', 'is', null)
      .where('p.status', '<>', 'SUPERSEDED')
      .execute();
    for (const { reservation_id, ...row } of rows) {
      if (seen.has(row.set_id) || out.has(row.plan_id)) continue;
      out.set(row.plan_id, { row, bySetId: owner.get(reservation_id)! });
    }
  }
  return [...out.values()];
}

async function planRows(db: Db, planIds: readonly string[]): Promise<Map<string, PlansTable>> {
  const out = new Map<string, PlansTable>();
  for (const part of batches(planIds)) {
    for (const r of await db.selectFrom('plans').selectAll().where('plan_id', 'in', part).execute())
      out.set(r.plan_id, r);
  }
  return out;
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
  const hashes = new Map(sets.map((s) => [s.setId, setContentHash(s)]));
  const seen = new Set(sets.map((s) => s.setId));
  if (seen.size !== sets.length) {
    const twice = sets.find((s, i) => sets.findIndex((o) => o.setId === s.setId) !== i)!;
    throw new DataError(`set ${twice.setId} appears twice in run ${runId}`, { row: twice.setId });
  }
  const result = new Map<string, SavedPlan>();
  await writeTransaction(db, async (trx) => {
    await storeSets(trx, sets, (s) => setRow(s, hashes.get(s.setId)!, burst.get(s.setId) ?? 0, runId, now));
    const current = await currentPlans(trx, [...seen]);
    const changed: LabelledSet[] = [];
    for (const set of sets) {
      const cur = current.get(set.setId);
      const plan = bySet.get(set.setId);
      if (set.verdict !== 'DUPLICATE') {
        if (cur && isUndone(cur.status as PlanStatus)) {
          await retire(trx, now, cur, null, `the set is now labelled ${set.verdict}`);
        }
      } else if (plan && cur && cur.content_hash === hashes.get(set.setId)) {
        const kept = storedPlan(cur);
        result.set(set.setId, { plan: kept.plan, status: kept.status, isNew: false, supersededPlanId: null });
      } else if (plan) {
        changed.push(set);
      }
    }
    for (const { row, bySetId } of await overlapping(trx, changed, seen)) {
      await retire(
        trx,
        now,
        row,
        bySet.get(bySetId)!.planId,
        `its reservations are now part of set ${bySetId}`,
      );
    }
    const earlier = await planRows(
      trx,
      changed.map((s) => bySet.get(s.setId)!.planId),
    );
    const fresh: NewPlan[] = [];
    const audit: NewAuditEntry[] = [];
    for (const set of changed) {
      const plan = bySet.get(set.setId)!;
      const cur = current.get(set.setId);
      if (cur) await retire(trx, now, cur, plan.planId, 'the set changed');
      const again = earlier.get(plan.planId);
      let status: PlanStatus = 'PROPOSED';
      if (again) status = await revivePlan(trx, now, again, plan, 'PROPOSED');
      else fresh.push({ plan, status, contentHash: hashes.get(set.setId)!, keepOverride: null, runId });
      audit.push({
        actor: 'resrecon',
        action: 'PLAN_PROPOSED',
        runId,
        setId: set.setId,
        planId: plan.planId,
        detail: {
          flags: plan.flags.map((f) => f.code),
          replaces: cur?.plan_id ?? null,
          ...(again ? { revived: true } : {}),
        },
      });
      result.set(set.setId, { plan, status, isNew: true, supersededPlanId: cur?.plan_id ?? null });
    }
    await insertPlans(trx, now, fresh);
    await appendAudit(trx, now, ...audit);
  });
  return result;
}
