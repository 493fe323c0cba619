/**
 * The reconcile stage's contract: plans for DUPLICATE sets (planSet, reconcile) and the state
 * store that keeps plans, decisions, run history and the audit log (openStore).
 */
export { type Burst, findBursts } from './find-bursts.ts';
export type { PlanOptions } from './plan-options.ts';
export { planSet } from './plan-set.ts';
export { type ReconcileInput, type ReconcileResult, reconcile } from './reconcile.ts';
export type { AlertRecord } from './store/alerts.ts';
export type { AuditEntry, AuditFilter } from './store/audit.ts';
export type { Approval, DecisionOptions } from './store/decide.ts';
export type { Decision } from './store/decisions.ts';
export { type OpenStoreOptions, openStore, STATE_SCHEMA } from './store/open-store.ts';
export type { ItemOutcome } from './store/plan-progress.ts';
export { canTransition } from './store/plan-status.ts';
export type { StoredPlan } from './store/rows.ts';
export type { LockAttempt, LockHolder, RunLock } from './store/run-lock.ts';
export type { RunCounts, RunFinish, RunKind, RunRecord, RunStart } from './store/runs.ts';
export type { InactiveReservations, SavedPlan } from './store/save-plans.ts';
export type { PlanFilter, Store } from './store/store.ts';
export { isRole, ROLES, type Role, type User } from './store/users.ts';
