/**
 * The one answer to "is this plan waiting for a person, and for which decision": every list,
 * page, report and command (console, `plans list`, the ops and finance reports, execute) asks
 * `awaitedDecision`, and says it in the words of `planStatusLabel`. A plan flagged LARGE_REFUND
 * that one person approved is still waiting, for the second approval by finance: it is never
 * shown as plain "Approved", nor counted as awaiting execution.
 */
import { needsSecondApproval, type PlanStatus, type PlanWithStatus } from './plan-status.ts';

/** APPROVAL: a first decision (approve or reject); SECOND_APPROVAL: finance's second approval. */
export const AWAITED_DECISIONS = ['APPROVAL', 'SECOND_APPROVAL'] as const;
export type AwaitedDecision = (typeof AWAITED_DECISIONS)[number];

/** Approvals a plan flagged LARGE_REFUND needs, by two people: the second by finance. */
export const APPROVALS_PAST_THE_LIMIT = 2;

/**
 * The decision the plan waits for, or null when it waits for none. An APPROVED plan whose
 * approvers are not known (`approvedBy` missing) counts as having one: never shown as fully
 * approved on a guess.
 */
export function awaitedDecision(p: PlanWithStatus): AwaitedDecision | null {
  if (p.status === 'PROPOSED') return 'APPROVAL';
  if (p.status !== 'APPROVED' || !needsSecondApproval(p.plan)) return null;
  return (p.approvedBy?.length ?? 1) < APPROVALS_PAST_THE_LIMIT ? 'SECOND_APPROVAL' : null;
}

const STATUS_WORDS: Readonly<Record<PlanStatus, string>> = {
  PROPOSED: 'Awaiting approval',
  APPROVED: 'Approved',
  REJECTED: 'Rejected',
  EXECUTING: 'Executing',
  EXECUTED: 'Executed',
  FAILED: 'Failed',
  SUPERSEDED: 'Superseded',
  STALE: 'Stale: the booking data changed before execution',
};

/** What a plan waiting for finance's second approval is called, wherever a person reads it. */
export const AWAITING_SECOND_APPROVAL_LABEL = 'Awaiting second approval (finance)';

/**
 * A plan's status in words. `awaiting` is `awaitedDecision` of the plan: pass it wherever the
 * plan is at hand, so an APPROVED plan still waiting for its second approval says so. A bare
 * status (a filter's options) is said as it is; an unknown one is shown unchanged.
 */
export function planStatusLabel(status: string, awaiting: AwaitedDecision | null = null): string {
  if (awaiting === 'SECOND_APPROVAL') return AWAITING_SECOND_APPROVAL_LABEL;
  return (STATUS_WORDS as Readonly<Record<string, string>>)[status] ?? status;
}
