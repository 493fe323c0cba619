/**
 * Rejecting a plan, through the same check as approving (`checkDecider`): nothing of it will run.
 * Every door (the CLI, the console) comes through here with a reason and its category, which the
 * store keeps with the decision and the audit entry: the label the rules are measured on.
 */
import { ConfigError } from '../errors/index.ts';
import { isRejectionCategory, REJECTION_CATEGORY_CODES, type RejectionCategory } from '../model/index.ts';
import type { Store, StoredPlan } from '../state/index.ts';
import { checkDecider } from './check-decider.ts';

export interface RejectionRequest {
  readonly by: string;
  readonly reason: string;
  readonly category: RejectionCategory;
}

export async function rejectPlan(
  store: Store,
  planId: string,
  rejection: RejectionRequest,
): Promise<StoredPlan> {
  const { seen } = await checkDecider(store, rejection.by, planId, 'reject');
  return store.rejectPlan(planId, { ...rejection, seen });
}

/** A category as a person typed it, or a usage error naming the allowed ones. */
export function rejectionCategoryOf(value: string, setting: string): RejectionCategory {
  const code = value.trim().toLowerCase();
  if (isRejectionCategory(code)) return code;
  throw new ConfigError(
    `${setting} must be one of ${REJECTION_CATEGORY_CODES.join(', ')} (not "${value}")`,
    setting,
  );
}
