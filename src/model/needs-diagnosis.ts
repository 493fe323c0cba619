/**
 * The one answer to "did this set need a person to work out what happened?", the measure of
 * human work the engineering report states for the night and the evaluation scores. A set that
 * needs none is one ops can approve with the others, in bulk, as the rules and the planner left
 * it. A DUPLICATE set needs a diagnosis when its cause is UNKNOWN, when it carries a doubt (the
 * evidence cannot tell copies from rooms booked on purpose, or names only an initial separates),
 * or when its plan is held back from bulk approval for any reason but policy: a second approver
 * for a large refund is a rule of the house, not a question about what happened. A set with no
 * plan (the planner refused it) needs one too. A LEGITIMATE set is left alone and needs none.
 */
import type { FlagCode, LabelledSet, Plan } from './types.ts';

/** Flags that ask for an approval the policy requires, not for a diagnosis. */
export const POLICY_FLAGS: readonly FlagCode[] = ['LARGE_REFUND'];

export function needsDiagnosis(
  set: Pick<LabelledSet, 'verdict' | 'rootCause' | 'doubt'>,
  plan: Pick<Plan, 'flags' | 'bulkApprovable'> | null | undefined,
): boolean {
  if (set.verdict !== 'DUPLICATE') return false;
  if (set.rootCause === null || set.rootCause === 'UNKNOWN' || set.doubt) return true;
  if (!plan) return true;
  const other = plan.flags.some((f) => !POLICY_FLAGS.includes(f.code));
  return other || (!plan.bulkApprovable && plan.flags.length === 0);
}
