/**
 * A plan's lifecycle: PROPOSED -> APPROVED | REJECTED -> EXECUTING -> EXECUTED | FAILED, and
 * SUPERSEDED when the set changed before the plan was carried out. FAILED may go back to
 * EXECUTING: every item carries its idempotency key, so a retry cannot move money twice.
 * Anything else is refused.
 */
import { StateError } from '../../errors/index.ts';

export const PLAN_STATUSES = [
  'PROPOSED',
  'APPROVED',
  'REJECTED',
  'EXECUTING',
  'EXECUTED',
  'FAILED',
  'SUPERSEDED',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

const NEXT: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  PROPOSED: ['APPROVED', 'REJECTED', 'SUPERSEDED'],
  APPROVED: ['EXECUTING', 'SUPERSEDED'],
  REJECTED: ['SUPERSEDED'],
  EXECUTING: ['EXECUTED', 'FAILED'],
  FAILED: ['EXECUTING'],
  EXECUTED: [],
  SUPERSEDED: [],
};

export function isPlanStatus(value: string): value is PlanStatus {
  return (PLAN_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: PlanStatus, to: PlanStatus): boolean {
  return NEXT[from].includes(to);
}

export function assertTransition(planId: string, from: string, to: PlanStatus): PlanStatus {
  if (!isPlanStatus(from)) throw new StateError(`plan ${planId} has an unknown status ${from}`);
  if (!canTransition(from, to)) throw new StateError(`plan ${planId} is ${from}: it cannot become ${to}`);
  return from;
}

/** A plan still waiting for, or holding, a decision: the set changing makes it stale. */
export function isUndone(status: PlanStatus): boolean {
  return status === 'PROPOSED' || status === 'APPROVED' || status === 'REJECTED';
}
