/** Rejecting a plan, through the same check as approving (`checkDecider`): nothing of it will run. */
import type { Store, StoredPlan } from '../state/index.ts';
import { checkDecider } from './check-decider.ts';

export async function rejectPlan(
  store: Store,
  planId: string,
  rejection: { readonly by: string; readonly reason: string },
): Promise<StoredPlan> {
  const { seen } = await checkDecider(store, rejection.by, planId, 'reject');
  return store.rejectPlan(planId, { by: rejection.by, reason: rejection.reason, seen });
}
