/**
 * The reconcile stage's contract: planning only. A plan for every DUPLICATE set (planSet,
 * reconcile), which earlier plans a run's verdicts retire (retirementOf), and bursts of
 * duplicates in an hour (findBursts). Pure functions of sets and options; it stores through the
 * state store's contract.
 * May import: the floor, state.
 */
export { type Burst, findBursts } from './find-bursts.ts';
export type { DecisionOptions, PlanOptions } from './plan-options.ts';
export { planSet } from './plan-set.ts';
export { type ReconcileInput, type ReconcileResult, reconcile } from './reconcile.ts';
export { retirementOf } from './retirement-of.ts';
