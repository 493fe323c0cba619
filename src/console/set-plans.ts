/**
 * The plans a link to a set opens: its current plans, or else its latest one. A set outlives its
 * plans (a later run replaces or retires them), and the reports and alerts that link a set are
 * read days later: the link then opens the plan that was decided or retired, never nothing.
 */
import type { Store, StoredPlan } from '../state/index.ts';

export async function setPlans(store: Pick<Store, 'listPlans'>, setId: string): Promise<StoredPlan[]> {
  const current = await store.listPlans({ setId });
  if (current.length > 0) return current;
  return (await store.listPlans({ setId, includeSuperseded: true })).slice(0, 1);
}
