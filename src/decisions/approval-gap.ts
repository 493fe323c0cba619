/**
 * What execute asks before it carries a plan out: does it still wait for a decision? The same
 * answer as every list and report (`awaitedDecision`), from who approved the plan as the store
 * holds it now, not as it was when the plans were listed.
 */
import { awaitedDecision } from '../model/index.ts';
import type { Store, StoredPlan } from '../state/index.ts';
import { SECOND_APPROVAL_ROLE } from './decider-refusal.ts';

/** Why the plan may not run yet, or null when no decision is awaited. */
export async function approvalGap(store: Store, stored: StoredPlan): Promise<string | null> {
  const approvedBy = await store.approvers(stored.plan.planId);
  const awaited = awaitedDecision({ ...stored, approvedBy });
  if (awaited === null) return null;
  if (awaited === 'APPROVAL') return 'the plan waits for approval: resrecon plans approve ID --by NAME';
  return (
    `a refund past the limit waits for a second approval by another person with the ${SECOND_APPROVAL_ROLE} role ` +
    `(approved so far by ${approvedBy.join(', ') || 'nobody'}): resrecon plans approve ID --by NAME`
  );
}
