/**
 * The decision authority's check, as every door calls it: finds the plan (with who approved it)
 * and the user in the state store, and throws what `deciderRefusal` says. Returns what it saw,
 * which the store is handed with the decision and checks again under its lock.
 */
import { StateError } from '../errors/index.ts';
import { notCurrentReason, type Seen, type Store, type StoredPlan, type User } from '../state/index.ts';
import { type DecisionKind, deciderRefusal } from './decider-refusal.ts';

export interface Cleared {
  readonly stored: StoredPlan;
  readonly user: User;
  readonly seen: Seen;
}

export async function checkDecider(
  store: Store,
  by: string,
  planId: string,
  kind: DecisionKind,
): Promise<Cleared> {
  const stored = await store.getPlan(planId);
  if (!stored) throw new StateError(`there is no plan ${planId} (see resrecon plans list)`);
  const notCurrent = notCurrentReason(planId, stored);
  if (notCurrent) throw new StateError(notCurrent);
  const user = await store.getUser(by);
  const refusal = deciderRefusal(by, user, stored, kind);
  if (refusal) throw refusal;
  return { stored, user: user!, seen: { status: stored.status, approvers: stored.approvedBy ?? [] } };
}
