/**
 * The reasons a plan needs a careful look by a person, checked on a finished plan: a doubt the
 * evidence cannot settle, a large refund, a label the rules were unsure of, a rule whose
 * proposals people's decisions have shown to be often wrong (under rules.minPrecision). Payment problems
 * and a keep override are flagged where they are found. A burst of duplicates is not among
 * them: it is an incident about the platform, reported once at the top of the reports
 * (findBursts), and flagging every plan of that hour would hide the ones that need a look.
 */
import {
  compareAmounts,
  formatMoney,
  type LabelledSet,
  type PlanFlag,
  type RefundItem,
  totalsByCurrency,
} from '../model/index.ts';
import type { PlanOptions } from './plan-options.ts';

export function escalationFlags(
  set: Pick<LabelledSet, 'rootCause' | 'confidence' | 'doubt'> & Partial<Pick<LabelledSet, 'ruleId'>>,
  refunds: readonly RefundItem[],
  options: PlanOptions,
): PlanFlag[] {
  const flags: PlanFlag[] = [];
  if (set.doubt) flags.push({ code: 'DOUBT', detail: `check with the guest or property: ${set.doubt}` });
  for (const total of totalsByCurrency(refunds)) {
    const limit = options.largeRefundByCurrency[total.currency] ?? options.largeRefundAmount;
    if (compareAmounts(total.amount, limit) > 0) {
      flags.push({
        code: 'LARGE_REFUND',
        detail: `refunds of ${formatMoney(total.amount, total.currency)} exceed the ${formatMoney(limit, total.currency)} limit`,
      });
    }
  }
  if (set.rootCause === 'UNKNOWN' || set.rootCause === null) {
    flags.push({
      code: 'UNKNOWN_CAUSE',
      detail: 'the root cause could not be established from the evidence',
    });
  }
  if (!(set.confidence >= options.minConfidence)) {
    flags.push({
      code: 'LOW_CONFIDENCE',
      detail: `label confidence ${set.confidence} is below ${options.minConfidence}`,
    });
  }
  // People keep turning this rule's proposals down: its plans wait for a look, one at a time.
  const underPrecision = set.ruleId ? options.underPrecision?.get(set.ruleId) : undefined;
  if (underPrecision) flags.push({ code: 'RULE_UNDER_PRECISION', detail: underPrecision });
  return flags;
}
