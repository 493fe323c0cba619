/**
 * The decision authority: the one path by which a person approves or rejects a plan, whichever
 * door they come through (the CLI's `plans approve`/`reject`, the console). Imports model,
 * reconcile (to recompute a plan for another keep) and the state store's contract.
 */
export { approvePlan } from './approve-plan.ts';
