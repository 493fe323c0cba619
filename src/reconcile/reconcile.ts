/**
 * The reconcile stage: a plan for every DUPLICATE set of the run, stored with its status.
 * A set the planner cannot plan (a malformed date, say) is reported with its error and the rest
 * go on; payment problems never get here, they are flags on the plan.
 */
import { DataError } from '../errors/index.ts';
import type { LabelledSet, Plan } from '../model/index.ts';
import type { SavedPlan, Store } from '../state/index.ts';
import type { DecisionOptions } from './plan-options.ts';
import { planSet } from './plan-set.ts';
import { retirementOf } from './retirement-of.ts';

export interface ReconcileInput {
  readonly runId: string;
  /** Every set of the run, LEGITIMATE ones included: they are stored, and count for nothing else. */
  readonly sets: readonly LabelledSet[];
  readonly store: Store;
  readonly options: DecisionOptions;
  /** Reservations that earlier plans act on and the source now shows inactive (id -> status). */
  readonly inactive?: ReadonlyMap<string, string>;
}

export interface ReconcileResult {
  /** Per DUPLICATE set id. */
  readonly plans: ReadonlyMap<string, SavedPlan>;
  /** DUPLICATE sets that could not be planned, with the reason. */
  readonly failed: readonly { readonly setId: string; readonly error: string }[];
  /** The sets, of every verdict, first seen in this run. */
  readonly newSetIds: readonly string[];
}

export async function reconcile(input: ReconcileInput): Promise<ReconcileResult> {
  const plans: Plan[] = [];
  const failed: { setId: string; error: string }[] = [];
  for (const set of input.sets) {
    if (set.verdict !== 'DUPLICATE') continue;
    try {
      plans.push(planSet(set, input.options));
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      failed.push({ setId: set.setId, error: err.message });
    }
  }
  const saved = await input.store.savePlans(input.runId, input.sets, plans, {
    retirementOf,
    ...(input.inactive ? { inactive: input.inactive } : {}),
  });
  return { plans: saved, failed, newSetIds: saved.newSetIds };
}
