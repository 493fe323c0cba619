/**
 * The one answer to "how well is each rule doing": the store's decisions and reviews, measured
 * over `precisionDays` before `to` (a run's window end, so a re-run of a window agrees with
 * itself; the console and `rules list` ask as of now). The run, the reports, the CLI and the
 * console all come through here.
 */
import type { DecisionLabel, PrecisionReport, PrecisionSettings, RuleReview } from '../model/index.ts';
import { measurePrecision, precisionPeriod } from './measure-precision.ts';

/** What the measure reads (the state store has both). */
export interface DecisionSource {
  decisionLabels(from: string, to: string): Promise<DecisionLabel[]>;
  ruleReviews(): Promise<RuleReview[]>;
}

export async function rulePrecision(
  source: DecisionSource,
  to: string,
  settings: PrecisionSettings,
): Promise<PrecisionReport> {
  const period = precisionPeriod(to, settings);
  const [labels, reviews] = await Promise.all([
    source.decisionLabels(period.from, period.to),
    source.ruleReviews(),
  ]);
  return measurePrecision({ labels, reviews, period, settings });
}
