/**
 * A plan's status and the one answer to "what is still to carry out". Every total, subject,
 * finance view, refunds.csv and `plans export` asks `outstanding` (or `isOutstanding`), so
 * what finance is told and what is carried out cannot drift apart.
 *
 * Lifecycle: PROPOSED -> APPROVED | REJECTED -> EXECUTING -> EXECUTED | FAILED, and SUPERSEDED
 * when the set changed before the plan was carried out (the store enforces the transitions).
 * STALE: the executor found, before acting, that the source no longer matches the approved plan
 * (a copy already cancelled, a payment already refunded, amounts changed); nothing of it ran.
 */
import type { Plan } from './types.ts';

export const PLAN_STATUSES = [
  'PROPOSED',
  'APPROVED',
  'REJECTED',
  'EXECUTING',
  'EXECUTED',
  'FAILED',
  'SUPERSEDED',
  'STALE',
] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export function isPlanStatus(value: string): value is PlanStatus {
  return (PLAN_STATUSES as readonly string[]).includes(value);
}

/** A plan and the status the state store gives it: the one shape every stage passes around. */
export interface PlanWithStatus {
  readonly plan: Plan;
  readonly status: PlanStatus;
  /** Items the executor recorded done, for a plan carried out part-way (EXECUTING or FAILED). */
  readonly doneItemIds?: readonly string[];
  /**
   * Who approved this plan itself, one name each, in order. The state store fills it for an
   * APPROVED plan, where `awaitedDecision` asks how many approvals it has.
   */
  readonly approvedBy?: readonly string[];
}

/**
 * Whether a plan in this status still has money and bookings to move. PROPOSED and APPROVED
 * wait for a person or the executor; EXECUTING and FAILED were started and not finished, so
 * their items still count until the executor records them done. REJECTED, SUPERSEDED and
 * EXECUTED leave nothing to do.
 */
export function isOutstanding(status: PlanStatus): boolean {
  switch (status) {
    case 'PROPOSED':
    case 'APPROVED':
    case 'EXECUTING':
    case 'FAILED':
      return true;
    case 'REJECTED':
    case 'SUPERSEDED':
    case 'EXECUTED':
    case 'STALE':
      return false;
    default:
      throw new Error(`unknown plan status ${String(status satisfies never)}`);
  }
}

/**
 * The money lines of a plan that are still to carry out: none when its status leaves nothing to
 * do, else every line the executor has not recorded done (marked `done` on the line, as
 * report.json carries it, or named in `doneItemIds`, as the store hands it over).
 */
export interface OutstandingMoney<R, V, T> {
  readonly refunds: readonly R[];
  readonly voids: readonly V[];
  readonly transfers: readonly T[];
}

type Line = { readonly done?: true; readonly itemId?: string };

export function outstanding<R extends Line, V extends Line, T extends Line>(
  plan: { readonly refunds: readonly R[]; readonly voids: readonly V[]; readonly transfers: readonly T[] },
  status: PlanStatus,
  doneItemIds: readonly string[] = [],
): OutstandingMoney<R, V, T> {
  if (!isOutstanding(status)) return { refunds: [], voids: [], transfers: [] };
  const done = new Set(doneItemIds);
  const isDone = (l: Line): boolean => l.done === true || (l.itemId !== undefined && done.has(l.itemId));
  const open = <L extends Line>(lines: readonly L[]): readonly L[] =>
    lines.some(isDone) ? lines.filter((l) => !isDone(l)) : lines;
  return { refunds: open(plan.refunds), voids: open(plan.voids), transfers: open(plan.transfers) };
}

/**
 * A plan moving a refund past the configured limit (flag LARGE_REFUND) is carried out only after
 * a second approval by another person (finance): the store records it, the executor waits for it.
 */
export function needsSecondApproval(plan: Pick<Plan, 'flags'>): boolean {
  return plan.flags.some((f) => f.code === 'LARGE_REFUND');
}
