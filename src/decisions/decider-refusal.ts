/**
 * Who may take which decision on a plan: the one rule behind every door (the CLI's `plans
 * approve` and `plans reject`, the console's pages and buttons, and execute, which runs only what
 * this rule let through). A decision is taken by a known user (`resrecon users`) whose role may
 * decide (approver or finance; a viewer only reads); the second approval of a plan moving a
 * refund past the limit (LARGE_REFUND) is finance's, and never the first approver's.
 */
import { PermissionError, StateError } from '../errors/index.ts';
import { assertTransition, awaitedDecision, type PlanWithStatus } from '../model/index.ts';
import type { Role, User } from '../state/index.ts';

export type DecisionKind = 'approve' | 'reject';

/** The roles that may approve and reject plans. */
export const DECIDING_ROLES: readonly Role[] = ['approver', 'finance'];

/** The role the second approval of a refund past the limit needs. */
export const SECOND_APPROVAL_ROLE: Role = 'finance';

export function mayDecide(role: Role): boolean {
  return DECIDING_ROLES.includes(role);
}

/** "the approver or finance role": the roles that may decide, as the refusals name them. */
const DECIDING_ROLES_TEXT = `the ${DECIDING_ROLES.join(' or ')} role`;

/**
 * Why `asked` (the user found under that name, or null) may not take this decision on this plan
 * as it stands: a PermissionError naming the role it needs, or a StateError when the plan waits
 * for no such decision. Null when they may. The plan carries `approvedBy` (the store's plans do).
 */
export function deciderRefusal(
  asked: string,
  user: User | null,
  stored: PlanWithStatus,
  kind: DecisionKind,
): PermissionError | StateError | null {
  const planId = stored.plan.planId;
  if (!user) {
    return new PermissionError(
      `${asked} is not a resrecon user: plans are decided by a user with ${DECIDING_ROLES_TEXT} ` +
        `(resrecon users list; resrecon users add NAME --role approver)`,
      asked,
      null,
    );
  }
  if (!mayDecide(user.role)) {
    return new PermissionError(
      `${asked} has the ${user.role} role, which may not decide plans: that needs ${DECIDING_ROLES_TEXT}`,
      asked,
      'approver',
    );
  }
  const awaited = awaitedDecision(stored);
  if (kind === 'reject' || awaited === 'APPROVAL') return null;
  if (awaited === null) {
    if (stored.status === 'APPROVED')
      return new StateError(`plan ${planId} is already approved: it waits for no further approval`);
    try {
      assertTransition(planId, stored.status, 'APPROVED');
    } catch (err) {
      return err as StateError;
    }
    return null;
  }
  if (user.role !== SECOND_APPROVAL_ROLE) {
    return new PermissionError(
      `the second approval of plan ${planId} (a refund past the limit, LARGE_REFUND) needs the ` +
        `${SECOND_APPROVAL_ROLE} role; ${asked} has the ${user.role} role`,
      asked,
      SECOND_APPROVAL_ROLE,
    );
  }
  if (stored.approvedBy?.includes(asked)) {
    return new PermissionError(
      `plan ${planId} was already approved by ${asked}: the second approval of a refund past the limit ` +
        `must come from another person with the ${SECOND_APPROVAL_ROLE} role`,
      asked,
      SECOND_APPROVAL_ROLE,
    );
  }
  return null;
}
