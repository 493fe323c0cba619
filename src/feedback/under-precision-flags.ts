/**
 * The sentence a new plan of a rule under precision carries (flag RULE_UNDER_PRECISION), per
 * rule id: the planner adds it, so the plan is never approved in bulk while people keep turning
 * the rule's proposals down. A review does not lift it; only the rule doing better does.
 */
import type { PrecisionReport } from '../model/index.ts';

const two = (n: number): string => n.toFixed(2);

export function underPrecisionFlags(report: PrecisionReport): ReadonlyMap<string, string> {
  const days = report.settings.precisionDays;
  return new Map(
    report.underPrecision.map((r) => {
      const row = report.byRule.find((x) => x.key === r.ruleId);
      const asProposed = row?.approvedAsProposed ?? Math.round(r.precision * r.decided);
      return [
        r.ruleId,
        `rule ${r.ruleId} is under rules.minPrecision ${two(report.settings.minPrecision)}: ` +
          `${asProposed} of ${r.decided} of its plans decided in the last ${days} days were approved as proposed ` +
          `(precision ${two(r.precision)}, 95 % interval ${two(r.low)}–${two(r.high)})`,
      ];
    }),
  );
}
