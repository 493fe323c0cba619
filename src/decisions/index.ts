/**
 * The decision authority: the one path by which a person approves or rejects a plan, whichever
 * door they come through (the CLI's `plans approve`/`reject`, the console); reconcile recomputes a
 * plan for another keep, the state store records the decision.
 * May import: the floor, reconcile, state.
 */
export { approvePlan } from './approve-plan.ts';
