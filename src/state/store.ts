/**
 * The state store's API: what the run, the CLI, the scheduler and the ops console share. The
 * functions behind it take a kysely handle, so the same queries serve PostgreSQL and SQLite.
 */

import type { SourceIdentity } from '../config/index.ts';
import {
  type ClientNight,
  type DecisionLabel,
  isPlanStatus,
  type LabelledSet,
  type Plan,
  type PlanStatus,
  type PlanWithStatus,
  REPLACEABLE_STATUSES,
  type ReportChanges,
  type RuleReview,
} from '../model/index.ts';
import { type AlertRecord, alertSent } from './alerts.ts';
import { type AuditEntry, type AuditFilter, readAudit } from './audit.ts';
import { batches } from './batches.ts';
import { readClientNights, recordClientNights } from './client-nights.ts';
import { currentPlanSql } from './current-plan.ts';
import type { Db } from './database.ts';
import { type Approval, approvePlan, type Rejection, rejectPlan } from './decide.ts';
import { decisionLabels } from './decision-labels.ts';
import { approversOf, type Decision, decisionsFor, withApprovers } from './decisions.ts';
import type { SqliteHandle } from './insert-rows.ts';
import type { Backend } from './migrations.ts';
import {
  doneItemIds,
  type ItemOutcome,
  itemOutcomes,
  type OutcomeTrail,
  recordItemOutcome,
  setPlanStatus,
} from './plan-progress.ts';
import { reportChanges } from './report-changes.ts';
import { labelledSet, type StoredPlan, storedPlan } from './rows.ts';
import { latestRuleReviews, recordRuleReview, ruleSeen } from './rule-reviews.ts';
import type { LockAttempt } from './run-lock.ts';
import { type RunOutput, recordOutputRemoved, runOutputs } from './run-outputs.ts';
import {
  closeAbandonedRuns,
  getRun,
  lastCoveredUntil,
  listRuns,
  type RunFinish,
  type RunKind,
  type RunRecord,
  type RunStart,
  recordRunFinish,
  recordRunStart,
  runHistory,
} from './runs.ts';
import {
  type InactiveReservations,
  type RetirementPolicy,
  type SavedPlans,
  savePlans,
} from './save-plans.ts';
import { bindStoreSource } from './source-binding.ts';
import { addUser, checkPassword, getUser, listUsers, type Role, removeUser, type User } from './users.ts';

export interface PlanFilter {
  readonly status?: PlanStatus;
  readonly setId?: string;
  /** Include plans replaced by another or retired (default: only current ones, `isCurrentPlan`). */
  readonly includeSuperseded?: boolean;
}

export interface Store {
  readonly backend: Backend;
  /** Where the store lives, secrets removed. */
  readonly location: string;
  /**
   * Binds the store to the source it was opened with, if it belongs to none yet (a run calls it
   * once its extract has read that source); refuses another. A no-op when opened without one.
   */
  claimSource(): Promise<void>;
  recordRunStart(run: RunStart): Promise<void>;
  recordRunFinish(run: RunFinish): Promise<void>;
  /**
   * Stores the run's sets (all verdicts) and the plans of its DUPLICATE sets; keyed by set id,
   * with the sets first seen in this run. Earlier plans acting on the same reservations, or on
   * `inactive` ones, are retired.
   */
  savePlans(
    runId: string,
    sets: readonly LabelledSet[],
    plans: readonly Plan[],
    retire: { readonly retirementOf: RetirementPolicy; readonly inactive?: InactiveReservations },
  ): Promise<SavedPlans>;
  /** Reservations that current, not yet carried out plans act on: to check against the source. */
  pendingReservationIds(): Promise<string[]>;
  /** The last `limit` finished runs, newest first. */
  runHistory(limit: number): Promise<RunRecord[]>;
  /** The last `limit` runs of any status (of one kind if given), newest first. */
  listRuns(limit: number, kind?: RunKind): Promise<RunRecord[]>;
  getRun(runId: string): Promise<RunRecord | null>;
  /** Every run that recorded an output folder, removed ones included, newest first. */
  runOutputs(): Promise<RunOutput[]>;
  /** Records that retention removed the run's output folder `outDir`. */
  recordOutputRemoved(runId: string, outDir: string): Promise<void>;
  /** Where the next window of `kind` starts: the end of its latest successful one. */
  lastCoveredUntil(kind: RunKind): Promise<string | null>;
  /** The run lock, or who holds it: one run at a time per store, across hosts. */
  tryLockRuns(): Promise<LockAttempt>;
  /**
   * Records an alert unless one of the same kind already covers an overlapping span (then
   * widens that one): true when the alert is new and should go out.
   */
  alertSent(alert: AlertRecord): Promise<boolean>;
  /**
   * Records the clients' nights of a run's `spans` (its window, or its days): stored nights
   * overlapping a span are replaced whole by `nights`.
   */
  recordClientNights(
    runId: string,
    spans: readonly { readonly from: string; readonly to: string }[],
    nights: readonly ClientNight[],
  ): Promise<void>;
  /** Clients' nights wholly inside [from, to), oldest first. */
  clientNights(from: string, to: string): Promise<ClientNight[]>;
  /** Each APPROVED plan carries who approved it (`approvedBy`), as `awaitedDecision` asks. */
  listPlans(filter?: PlanFilter): Promise<StoredPlan[]>;
  getPlan(planId: string): Promise<StoredPlan | null>;
  getSet(setId: string): Promise<LabelledSet | null>;
  /** Several sets by id, in one or a few queries; missing ids are left out. */
  getSets(setIds: readonly string[]): Promise<Map<string, LabelledSet>>;
  /**
   * Records a decision the decision authority (src/decisions) cleared; refused when the plan is
   * no longer as the authority saw it. `replacement`: the plan recomputed for
   * `approval.keepReservationId`, when it differs.
   */
  approvePlan(planId: string, approval: Approval, replacement?: Plan): Promise<StoredPlan>;
  rejectPlan(planId: string, rejection: Rejection): Promise<StoredPlan>;
  setPlanStatus(
    planId: string,
    to: 'EXECUTING' | 'EXECUTED' | 'FAILED' | 'STALE',
    by: { actor: string; detail?: Record<string, unknown> },
  ): Promise<StoredPlan>;
  decisions(planId: string): Promise<Decision[]>;
  /**
   * Every decision of the plans decided in [from, to) (their earlier decisions too), each with
   * its set's rule, cause and doubt: what src/feedback measures the rules on. Oldest first.
   */
  decisionLabels(from: string, to: string): Promise<DecisionLabel[]>;
  /** Records (and audits, RULE_REVIEWED) a person's look at a rule; the caller checked who. */
  recordRuleReview(review: Omit<RuleReview, 'reviewedAt'>): Promise<RuleReview>;
  /** The latest review of each rule. */
  ruleReviews(): Promise<RuleReview[]>;
  /** Whether any stored set was labelled by this rule. */
  ruleSeen(ruleId: string): Promise<boolean>;
  /** Who approved this plan itself, one name each: a refund past the limit needs two. */
  approvers(planId: string): Promise<string[]>;
  /** What the booking API answered for a plan's items so far. */
  itemOutcomes(planId: string): Promise<ItemOutcome[]>;
  /**
   * The same plans, each carrying the items its executor recorded done (`doneItemIds`) when it
   * was carried out part-way: what is still to move leaves those out.
   */
  withDoneItems<P extends PlanWithStatus>(plans: readonly P[]): Promise<P[]>;
  /** What the API answered for an item; PENDING (no answer) reaches only the audit trail. */
  recordItemOutcome(
    outcome: (Omit<ItemOutcome, 'at'> | (Omit<ItemOutcome, 'at' | 'status'> & { status: 'PENDING' })) &
      OutcomeTrail,
  ): Promise<void>;
  audit(filter?: AuditFilter): Promise<AuditEntry[]>;
  /**
   * For the finance report: sets new in this run (`newSetIds`, as its savePlans returned them),
   * plans replaced and carried out since the previous finished run.
   */
  reportChanges(runId: string, newSetIds: readonly string[]): Promise<ReportChanges>;
  /** `password` null: the user decides from the command line or signs in through a proxy only. */
  addUser(username: string, password: string | null, role: Role): Promise<void>;
  removeUser(username: string): Promise<void>;
  listUsers(): Promise<User[]>;
  /** The console user when the password is right, else null. */
  checkPassword(username: string, password: string): Promise<User | null>;
  getUser(username: string): Promise<User | null>;
  close(): Promise<void>;
}

export interface StoreParts {
  readonly db: Db;
  readonly backend: Backend;
  readonly location: string;
  readonly close: () => Promise<void>;
  readonly clock?: () => string;
  readonly sqlite: SqliteHandle;
  /** The source the store was opened for, or null (source-binding.ts). */
  readonly source?: SourceIdentity | null;
  /** The run lock as this back end takes it (see run-lock.ts). */
  readonly tryLockRuns: (clock: () => string) => Promise<LockAttempt>;
}

export function createStore(parts: StoreParts): Store {
  const { db, backend, location, close, sqlite } = parts;
  const clock = parts.clock ?? (() => new Date().toISOString());
  return {
    backend,
    location,
    async claimSource() {
      if (parts.source) await bindStoreSource(db, clock(), parts.source, { location, backend });
    },
    recordRunStart: (run) => recordRunStart(db, clock(), run),
    recordRunFinish: (run) => recordRunFinish(db, clock(), run),
    savePlans: (runId, sets, plans, retire) =>
      savePlans(db, sqlite, clock(), runId, sets, plans, retire.retirementOf, retire.inactive),
    async pendingReservationIds() {
      const rows = await db
        .selectFrom('set_reservations as sr')
        .innerJoin('plans as p', 'p.set_id', 'sr.set_id')
        .select('sr.reservation_id')
        .distinct()
        .where(currentPlanSql('p'))
        .where('p.status', 'in', [...REPLACEABLE_STATUSES])
        .orderBy('sr.reservation_id')
        .execute();
      return rows.map((r) => r.reservation_id);
    },
    runHistory: (limit) => runHistory(db, limit),
    listRuns: (limit, kind) => listRuns(db, limit, kind),
    getRun: (runId) => getRun(db, runId),
    runOutputs: () => runOutputs(db),
    recordOutputRemoved: (runId, outDir) => recordOutputRemoved(db, clock(), runId, outDir),
    lastCoveredUntil: (kind) => lastCoveredUntil(db, kind),
    async tryLockRuns() {
      const attempt = await parts.tryLockRuns(clock);
      if ('lock' in attempt) {
        await closeAbandonedRuns(db, clock()).catch(async (err: unknown) => {
          await attempt.lock.release().catch(() => undefined);
          throw err;
        });
      }
      return attempt;
    },
    alertSent: (alert) => alertSent(db, clock(), alert),
    async listPlans(filter = {}) {
      let q = db.selectFrom('plans').selectAll();
      if (filter.status) {
        if (!isPlanStatus(filter.status)) return [];
        q = q.where('status', '=', filter.status);
      }
      if (filter.setId) q = q.where('set_id', '=', filter.setId);
      if (!filter.includeSuperseded) q = q.where(currentPlanSql());
      const rows = await q.orderBy('created_at', 'desc').orderBy('plan_id').execute();
      return withApprovers(db, rows.map(storedPlan));
    },
    async getPlan(planId) {
      const row = await db.selectFrom('plans').selectAll().where('plan_id', '=', planId).executeTakeFirst();
      return row ? ((await withApprovers(db, [storedPlan(row)]))[0] ?? null) : null;
    },
    async getSet(setId) {
      const row = await db.selectFrom('sets').selectAll().where('set_id', '=', setId).executeTakeFirst();
      return row ? labelledSet(row) : null;
    },
    async getSets(setIds) {
      const out = new Map<string, LabelledSet>();
      for (const part of batches(setIds)) {
        const rows = await db.selectFrom('sets').selectAll().where('set_id', 'in', part).execute();
        for (const row of rows) out.set(row.set_id, labelledSet(row));
      }
      return out;
    },
    async approvePlan(planId, approval, replacement) {
      const approved = await approvePlan(db, clock(), planId, approval, replacement);
      return (await withApprovers(db, [approved]))[0]!;
    },
    rejectPlan: (planId, rejection) => rejectPlan(db, clock(), planId, rejection),
    setPlanStatus: (planId, to, by) => setPlanStatus(db, clock(), planId, to, by),
    decisions: (planId) => decisionsFor(db, planId),
    decisionLabels: (from, to) => decisionLabels(db, from, to),
    recordRuleReview: (review) => recordRuleReview(db, clock(), review),
    ruleReviews: () => latestRuleReviews(db),
    ruleSeen: (ruleId) => ruleSeen(db, ruleId),
    approvers: (planId) => approversOf(db, planId),
    itemOutcomes: (planId) => itemOutcomes(db, planId),
    async withDoneItems(plans) {
      const partial = plans.filter((p) => p.status === 'EXECUTING' || p.status === 'FAILED');
      if (partial.length === 0) return [...plans];
      const done = await doneItemIds(
        db,
        partial.map((p) => p.plan.planId),
      );
      return plans.map((p) => {
        const ids = done.get(p.plan.planId);
        return ids ? { ...p, doneItemIds: ids } : p;
      });
    },
    recordItemOutcome: (outcome) => recordItemOutcome(db, clock(), outcome),
    recordClientNights: (runId, spans, nights) => recordClientNights(db, clock(), runId, spans, nights),
    clientNights: (from, to) => readClientNights(db, from, to),
    audit: (filter) => readAudit(db, filter),
    reportChanges: (runId, newSetIds) => reportChanges(db, runId, newSetIds),
    addUser: (username, password, role) => addUser(db, clock(), username, password, role),
    removeUser: (username) => removeUser(db, clock(), username),
    listUsers: () => listUsers(db),
    checkPassword: (username, password) => checkPassword(db, username, password),
    getUser: (username) => getUser(db, username),
    close,
  };
}
