/**
 * "I've looked at this rule": a person who may decide plans (the same roles) records a review of
 * a rule the decisions say is under precision. The ops report stops naming the rule until a newer
 * rejection of it arrives; its new plans stay out of bulk approval while it is under precision.
 */
import { PermissionError, StateError } from '../errors/index.ts';
import type { RuleReview } from '../model/index.ts';
import type { Store } from '../state/index.ts';
import { DECIDING_ROLES, mayDecide } from './decider-refusal.ts';

export async function reviewRule(
  store: Store,
  review: { readonly ruleId: string; readonly by: string; readonly note?: string },
): Promise<RuleReview> {
  const user = await store.getUser(review.by);
  // The same roles as deciding plans: whoever may reject a rule's plans may say they looked at it.
  if (!user || !mayDecide(user.role)) {
    throw new PermissionError(
      `${review.by} ${user ? `has the ${user.role} role, which` : 'is not a resrecon user and'} may not review rules: ` +
        `that needs the ${DECIDING_ROLES.join(' or ')} role (resrecon users list)`,
      review.by,
      user ? 'approver' : null,
    );
  }
  if (!(await store.ruleSeen(review.ruleId)))
    throw new StateError(
      `no set in the store was labelled by rule ${review.ruleId} (see resrecon rules list)`,
    );
  const note = review.note?.trim();
  return store.recordRuleReview({ ruleId: review.ruleId, reviewedBy: review.by, note: note || null });
}
