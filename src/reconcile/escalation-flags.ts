/**
 * The runbook's reasons to call a human, checked on a finished plan: a burst of duplicates
 * (an incident), a large refund, a label the rules were unsure of. Payment problems and a keep
 * override are flagged where they are found.
 */
import {
  compareAmounts,
  type LabelledSet,
  type PlanFlag,
  type RefundItem,
  totalsByCurrency,
} from '../model/index.ts';
import type { PlanOptions } from './plan-options.ts';

export function escalationFlags(
  set: Pick<LabelledSet, 'rootCause' | 'confidence'>,
  refunds: readonly RefundItem[],
  options: PlanOptions,
): PlanFlag[] {
  const flags: PlanFlag[] = [];
  const burst = options.duplicatesInBurstHour ?? 0;
  if (burst > options.burstPerHour) {
    flags.push({
      code: 'BURST',
      detail: `${burst} duplicate copies within one hour (more than ${options.burstPerHour}): treat as an incident`,
    });
  }
  for (const total of totalsByCurrency(refunds)) {
    const limit = options.largeRefundByCurrency[total.currency] ?? options.largeRefundAmount;
    if (compareAmounts(total.amount, limit) > 0) {
      flags.push({
        code: 'LARGE_REFUND',
        detail: `refunds of ${total.currency} ${total.amount} exceed the ${total.currency} ${limit} limit`,
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
  return flags;
}
