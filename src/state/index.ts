/**
 * The state store's contract: the one room that keeps what resrecon decided and did (sets,
 * plans, decisions, item outcomes, runs, the run lock, alerts, console users, the audit log) in
 * PostgreSQL or an embedded SQLite file, through kysely. Every state change is a named function
 * that runs in the transaction it is given; schema changes live in one migration list.
 * Storage decides no policy: which earlier plan a new verdict retires is given to savePlans by
 * the planner, and a plan recomputed for another keep is handed in by the decision authority.
 * Only this folder imports `better-sqlite3` or kysely, and `pg` for the state store.
 * May import: the floor, config.
 */
export type { AlertRecord } from './alerts.ts';
export type { AuditEntry, AuditFilter } from './audit.ts';
export { isCurrentPlan, notCurrentReason } from './current-plan.ts';
export type { Approval, Rejection, Seen } from './decide.ts';
export type { Decision } from './decisions.ts';
export { type OpenStoreOptions, openStore, STATE_SCHEMA } from './open-store.ts';
export type { ItemOutcome } from './plan-progress.ts';

export type { StoredPlan } from './rows.ts';
export type { LockAttempt, LockHolder, RunLock } from './run-lock.ts';
export type { RunOutput } from './run-outputs.ts';
export type { RunCounts, RunFinish, RunKind, RunRecord, RunStart } from './runs.ts';
export type {
  CurrentPlan,
  InactiveReservations,
  Retirement,
  RetirementPolicy,
  SavedPlan,
  SavedPlans,
} from './save-plans.ts';
export type { PlanFilter, Store } from './store.ts';
export { takeRunLock } from './take-run-lock.ts';
export type { Role, User } from './users.ts';
