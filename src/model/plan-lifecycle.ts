/**
 * The transitions of a plan's lifecycle (the statuses themselves live in the model):
 * PROPOSED -> APPROVED | REJECTED -> EXECUTING -> EXECUTED | FAILED, and SUPERSEDED when the set
 * changed before the plan was carried out. FAILED may go back to EXECUTING: every item carries
 * its idempotency key, so a retry cannot move money twice. Anything else is refused.
 */
import { StateError } from '../errors/index.ts';
import { isPlanStatus, type PlanStatus } from './plan-status.ts';

const NEXT: Readonly<Record<PlanStatus, readonly PlanStatus[]>> = {
  PROPOSED: ['APPROVED', 'REJECTED', 'SUPERSEDED'],
  APPROVED: ['EXECUTING', 'SUPERSEDED', 'STALE'],
  REJECTED: ['SUPERSEDED'],
  EXECUTING: ['EXECUTED', 'FAILED'],
  FAILED: ['EXECUTING'],
  EXECUTED: [],
  SUPERSEDED: [],
  // A stale plan's set is planned again by the next run, which retires it.
  STALE: ['SUPERSEDED'],
};

export function canTransition(from: PlanStatus, to: PlanStatus): boolean {
  return NEXT[from].includes(to);
}

export function assertTransition(planId: string, from: string, to: PlanStatus): PlanStatus {
  if (!isPlanStatus(from)) throw new StateError(`plan ${planId} has an unknown status ${from}`);
  if (!canTransition(from, to)) throw new StateError(`plan ${planId} is ${from}: it cannot become ${to}`);
  return from;
}

/**
 * A plan that a changed set may replace: still waiting for or holding a decision, nothing of it
 * carried out. (Not the same question as `isOutstanding`: a REJECTED plan moves no money but is
 * still retired when its set changes.)
 */
export const REPLACEABLE_STATUSES: readonly PlanStatus[] = ['PROPOSED', 'APPROVED', 'REJECTED', 'STALE'];

export function isReplaceable(status: PlanStatus): boolean {
  return REPLACEABLE_STATUSES.includes(status);
}
