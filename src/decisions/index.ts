/**
 * The decision authority: the one path by which a person approves or rejects a plan, whichever
 * door they come through (the CLI's `plans approve`/`reject`, the console), and the one answer to
 * whether a plan may be carried out (execute). Who may decide is checked here, once
 * (`deciderRefusal`); reconcile recomputes a plan for another keep, and the state store only
 * records what was cleared.
 * May import: the floor, reconcile, state.
 */
export { approvalGap } from './approval-gap.ts';
export { type ApprovalRequest, approvePlan } from './approve-plan.ts';
export { type Cleared, checkDecider } from './check-decider.ts';
export {
  DECIDING_ROLES,
  type DecisionKind,
  deciderRefusal,
  mayDecide,
  SECOND_APPROVAL_ROLE,
} from './decider-refusal.ts';
export { addDemoDeciders, DEMO_DECIDERS } from './demo-deciders.ts';
export { type RejectionRequest, rejectionCategoryOf, rejectPlan } from './reject-plan.ts';
export { reviewRule } from './review-rule.ts';
