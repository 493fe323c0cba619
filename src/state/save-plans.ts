/**
 * Stores a run's sets and plans. Plans are keyed by the reservations they act on, not only by
 * set id: whatever the rules now say about a reservation that an earlier plan acts on (the same
 * set changed, the reservation moved into another set, the group is now LEGITIMATE, or the
 * source shows the reservation no longer active) retires that plan, so an approvable plan
 * never outlives the verdict it was made for. A set seen again with the same content keeps its
 * plan, whatever its status. Which plans a verdict retires is the planner's rule (retirementOf),
 * handed in; storing it is this file's. Retiring makes an undone plan SUPERSEDED and only links a plan
 * already carried out. Every change leaves an audit entry. One transaction, statements in
 * batches: a night of thousands of sets costs a few dozen round trips when nothing changed.
 */
import { DataError } from '../errors/index.ts';
import {
  type LabelledSet,
  type Plan,
  type PlanStatus,
  type PlanWithStatus,
  setContentHash,
} from '../model/index.ts';
import { auditRow, type NewAuditEntry } from './audit.ts';
import { batches } from './batches.ts';
import { currentPlanSql } from './current-plan.ts';
import type { Db, PlansTable, SetsTable } from './database.ts';
import { withApprovers } from './decisions.ts';
import { eachRow, insertRows, type SqliteHandle } from './insert-rows.ts';
import { insertPlans, type NewPlan, retire, revivePlan } from './put-plan.ts';
import { setRow, storedPlan } from './rows.ts';
import { writeTransaction } from './write-transaction.ts';

export interface SavedPlan extends PlanWithStatus {
  /** True when this run created (or brought back) the plan; false when the set was unchanged. */
  readonly isNew: boolean;
  /** The plan this one replaced, if any. */
  readonly supersededPlanId: string | null;
}

/**
 * What a save stored: the plans by DUPLICATE set id and, of all the sets given, those first seen
 * in this run (their `first_seen_run`, as storeSets wrote it), for the run's report: the run
 * holds the answer, so nothing reads it back.
 */
export class SavedPlans extends Map<string, SavedPlan> {
  newSetIds: readonly string[] = [];
}

/**
 * Reservations the source now shows as no longer active (id -> status), among those that
 * current plans act on: such a plan no longer holds.
 */
export type InactiveReservations = ReadonlyMap<string, string>;

/** An earlier plan that a run's sets reach, as the retirement policy sees it. */
export interface CurrentPlan {
  readonly planId: string;
  readonly setId: string;
  readonly status: PlanStatus;
}

/** Why an earlier plan no longer stands, and the plan that takes its place (null: none). */
export interface Retirement {
  readonly byPlanId: string | null;
  readonly why: string;
}

/**
 * The planner's rule for retiring plans (reconcile's retirementOf): given an earlier plan, the
 * reservations through which this run reached it, the run's sets per reservation, the plan that
 * now stands for each DUPLICATE set, and the reservations the source shows inactive. Null when
 * the plan still stands.
 */
export type RetirementPolicy = (
  plan: CurrentPlan,
  via: ReadonlySet<string>,
  setsOf: ReadonlyMap<string, readonly LabelledSet[]>,
  planOf: ReadonlyMap<string, string>,
  inactive: InactiveReservations,
) => Retirement | null;

/** What a sighting is compared on: the label and, through content_hash, members and payments. */
const COMPARED = [
  'set_id',
  'content_hash',
  'verdict',
  'root_cause',
  'confidence',
  'rule_id',
  'doubt',
  'evidence_json',
  'clients_json',
  'first_seen_run',
] as const;
type Compared = Pick<SetsTable, (typeof COMPARED)[number]>;

/** Whether a new sighting of a set says nothing the store does not already hold. */
function sameRow(a: Compared, b: Omit<Compared, 'set_id' | 'first_seen_run'>): boolean {
  return (
    a.content_hash === b.content_hash &&
    a.verdict === b.verdict &&
    a.root_cause === b.root_cause &&
    a.confidence === b.confidence &&
    a.rule_id === b.rule_id &&
    a.doubt === b.doubt &&
    a.evidence_json === b.evidence_json &&
    a.clients_json === b.clients_json
  );
}

/** What a changed set's row replaces; first_seen_run stays. */
const SET_UPDATED = [
  'verdict',
  'root_cause',
  'confidence',
  'rule_id',
  'key_json',
  'reservation_ids_json',
  'members_json',
  'evidence_json',
  'clients_json',
  'content_hash',
  'doubt',
  'last_seen_run',
  'updated_at',
] as const;

/**
 * Upserts the run's sets and their reservation links. A set seen again exactly as stored only
 * has its last sighting moved on: a night that changed nothing writes almost nothing.
 */
async function storeSets(
  db: Db,
  sqlite: SqliteHandle,
  sets: readonly LabelledSet[],
  rows: (s: LabelledSet) => SetsTable,
  compared: (s: LabelledSet) => Omit<Compared, 'set_id' | 'first_seen_run'>,
  runId: string,
  now: string,
): Promise<string[]> {
  // The members themselves are not read back: content_hash stands for them.
  const stored = new Map<string, Compared>();
  for (const part of batches(sets.map((s) => s.setId))) {
    for (const r of await db.selectFrom('sets').select(COMPARED).where('set_id', 'in', part).execute())
      stored.set(r.set_id, r);
  }
  const seenAgain: string[] = [];
  const changedSets: LabelledSet[] = [];
  for (const s of sets) {
    const before = stored.get(s.setId);
    if (before && sameRow(before, compared(s))) seenAgain.push(s.setId);
    else changedSets.push(s);
  }
  for (const part of batches(seenAgain)) {
    await db
      .updateTable('sets')
      .set({ last_seen_run: runId, updated_at: now })
      .where('set_id', 'in', part)
      .execute();
  }
  // The full rows (members serialised) are built one at a time, only for what is written.
  await insertRows(
    db,
    sqlite,
    'sets',
    eachRow(changedSets, (s) => {
      const row = rows(s);
      const before = stored.get(s.setId);
      return before ? { ...row, first_seen_run: before.first_seen_run } : row;
    }),
    { key: 'set_id', update: SET_UPDATED },
  );
  // Links change only with the members, which only changed sets can have.
  for (const part of batches(changedSets.filter((s) => stored.has(s.setId)).map((s) => s.setId))) {
    await db.deleteFrom('set_reservations').where('set_id', 'in', part).execute();
  }
  // In key order: appending to the B-tree is twice as fast as landing all over it.
  const links = changedSets
    .flatMap((s) => s.members.map((m) => ({ reservation_id: m.reservationId, set_id: s.setId })))
    .sort((a, b) => compareText(a.reservation_id, b.reservation_id) || compareText(a.set_id, b.set_id));
  await insertRows(db, sqlite, 'set_reservations', links);
  // A set keeps the run that first saw it; one not stored before is first seen now.
  return sets.filter((s) => (stored.get(s.setId)?.first_seen_run ?? runId) === runId).map((s) => s.setId);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A current plan, and the reservations through which this run reached it. */
interface Touched {
  readonly row: PlansTable;
  readonly via: Set<string>;
}

/**
 * Current plans (`currentPlanSql`) of the run's sets, or acting on one of the given reservations.
 * Read after storeSets, so a run set's links are its new members and other sets' links are as
 * they were.
 */
async function touchedPlans(
  db: Db,
  setIds: readonly string[],
  reservationIds: readonly string[],
): Promise<Map<string, Touched>> {
  const out = new Map<string, Touched>();
  for (const part of batches(setIds)) {
    const rows = await db
      .selectFrom('plans')
      .selectAll()
      .where('set_id', 'in', part)
      .where(currentPlanSql())
      .execute();
    for (const row of rows) out.set(row.plan_id, { row, via: new Set<string>() });
  }
  // By reservation, only the ids first: most of these plans were already read by set id above.
  const missing = new Map<string, Set<string>>();
  for (const part of batches(reservationIds)) {
    const rows = await db
      .selectFrom('set_reservations as sr')
      .innerJoin('plans as p', 'p.set_id', 'sr.set_id')
      .select(['p.plan_id', 'sr.reservation_id'])
      .where('sr.reservation_id', 'in', part)
      .where(currentPlanSql('p'))
      .execute();
    for (const { plan_id, reservation_id } of rows) {
      const known = out.get(plan_id);
      if (known) known.via.add(reservation_id);
      else missing.set(plan_id, (missing.get(plan_id) ?? new Set<string>()).add(reservation_id));
    }
  }
  for (const part of batches([...missing.keys()])) {
    for (const row of await db.selectFrom('plans').selectAll().where('plan_id', 'in', part).execute())
      out.set(row.plan_id, { row, via: missing.get(row.plan_id)! });
  }
  return out;
}

async function planRows(db: Db, planIds: readonly string[]): Promise<Map<string, PlansTable>> {
  const out = new Map<string, PlansTable>();
  for (const part of batches(planIds)) {
    for (const r of await db.selectFrom('plans').selectAll().where('plan_id', 'in', part).execute())
      out.set(r.plan_id, r);
  }
  return out;
}

function assertUnique(runId: string, sets: readonly LabelledSet[]): void {
  const seen = new Set<string>();
  for (const s of sets) {
    if (seen.has(s.setId))
      throw new DataError(`set ${s.setId} appears twice in run ${runId}`, { row: s.setId });
    seen.add(s.setId);
  }
}

export async function savePlans(
  db: Db,
  sqlite: SqliteHandle,
  now: string,
  runId: string,
  sets: readonly LabelledSet[],
  plans: readonly Plan[],
  retirementOf: RetirementPolicy,
  inactive: InactiveReservations = new Map(),
): Promise<SavedPlans> {
  assertUnique(runId, sets);
  const bySet = new Map(plans.map((p) => [p.setId, p]));
  const hashes = new Map(sets.map((s) => [s.setId, setContentHash(s)]));
  // A reservation may stand in two sets of one run: a booking with copies, and the group of
  // rooms booked on purpose it also belongs to.
  const setsOf = new Map<string, LabelledSet[]>();
  for (const s of sets) {
    for (const m of s.members) {
      const list = setsOf.get(m.reservationId);
      if (list) list.push(s);
      else setsOf.set(m.reservationId, [s]);
    }
  }
  const result = new SavedPlans();

  await writeTransaction(db, async (trx) => {
    result.newSetIds = await storeSets(
      trx,
      sqlite,
      sets,
      (s) => setRow(s, hashes.get(s.setId)!, runId, now),
      (s) => ({
        content_hash: hashes.get(s.setId)!,
        verdict: s.verdict,
        root_cause: s.rootCause,
        confidence: s.confidence,
        rule_id: s.ruleId,
        doubt: s.doubt ?? null,
        evidence_json: JSON.stringify(s.evidence),
        clients_json: JSON.stringify(s.clients),
      }),
      runId,
      now,
    );
    const touched = await touchedPlans(
      trx,
      sets.map((s) => s.setId),
      [...new Set([...setsOf.keys(), ...inactive.keys()])],
    );
    const runSetIds = new Set(sets.map((s) => s.setId));
    const currentOf = new Map<string, PlansTable>();
    for (const { row } of touched.values()) if (runSetIds.has(row.set_id)) currentOf.set(row.set_id, row);

    // Which DUPLICATE sets keep their plan (unchanged) and which get a new one.
    const kept = new Set<string>();
    const changed: LabelledSet[] = [];
    for (const set of sets) {
      const plan = bySet.get(set.setId);
      if (set.verdict !== 'DUPLICATE' || !plan) continue;
      const cur = currentOf.get(set.setId);
      if (cur && cur.content_hash === hashes.get(set.setId)) {
        kept.add(cur.plan_id);
        const stored = storedPlan(cur);
        result.set(set.setId, {
          plan: stored.plan,
          status: stored.status,
          isNew: false,
          supersededPlanId: null,
        });
      } else {
        changed.push(set);
      }
    }

    // The plan that now stands for each DUPLICATE set of the run.
    const planOf = new Map<string, string>();
    for (const set of changed) planOf.set(set.setId, bySet.get(set.setId)!.planId);
    for (const [setId, saved] of result) planOf.set(setId, saved.plan.planId);

    // Every other plan these reservations had no longer stands.
    for (const { row, via } of touched.values()) {
      if (kept.has(row.plan_id)) continue;
      const current = { planId: row.plan_id, setId: row.set_id, status: row.status as PlanStatus };
      const replacement = retirementOf(current, via, setsOf, planOf, inactive);
      if (!replacement) continue;
      await retire(trx, now, row, replacement.byPlanId, replacement.why);
    }

    const earlier = await planRows(
      trx,
      changed.map((s) => bySet.get(s.setId)!.planId),
    );
    const fresh: NewPlan[] = [];
    const audit: NewAuditEntry[] = [];
    for (const set of changed) {
      const plan = bySet.get(set.setId)!;
      const cur = currentOf.get(set.setId);
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
    await insertPlans(trx, now, fresh, sqlite);
    await insertRows(
      trx,
      sqlite,
      'audit',
      eachRow(audit, (e) => auditRow(now, e)),
    );
    // A kept APPROVED plan says who approved it, so the run's reports can tell one still
    // waiting for its second approval.
    const approved = [...result].filter(([, p]) => p.status === 'APPROVED');
    const named = await withApprovers(
      trx,
      approved.map(([, p]) => p),
    );
    for (const [i, [setId]] of approved.entries()) result.set(setId, named[i]!);
  });
  return result;
}
