/**
 * The reconcile stage's contract: plans for DUPLICATE sets (planSet, reconcile) and the state
 * store that keeps plans, decisions, run history and the audit log (openStore).
 */
export { type Burst, findBursts } from './find-bursts.ts';
export type { PlanOptions } from './plan-options.ts';
export { planSet } from './plan-set.ts';
export { type ReconcileInput, type ReconcileResult, reconcile } from './reconcile.ts';
export type { AlertRecord } from '../state/alerts.ts';
export type { AuditEntry, AuditFilter } from '../state/audit.ts';
export type { Approval, DecisionOptions } from '../state/decide.ts';
export type { Decision } from '../state/decisions.ts';
export { type OpenStoreOptions, openStore, STATE_SCHEMA } from '../state/open-store.ts';
export type { ItemOutcome } from '../state/plan-progress.ts';
export { canTransition } from '../state/plan-status.ts';
export type { StoredPlan } from '../state/rows.ts';
export type { LockAttempt, LockHolder, RunLock } from '../state/run-lock.ts';
export type { RunCounts, RunFinish, RunKind, RunRecord, RunStart } from '../state/runs.ts';
export type { InactiveReservations, SavedPlan } from '../state/save-plans.ts';
export type { PlanFilter, Store } from '../state/store.ts';
export { isRole, ROLES, type Role, type User } from '../state/users.ts';
