/**
 * How well each rule is doing, measured on what people decided (pure: the store supplies the
 * decisions). A plan counts once, by its final decision, and only when that decision falls in
 * the period: a second approval by finance is the same decision, and a plan a person made by
 * choosing another keep is not the rule's proposal. Precision is the share of decided plans
 * approved as proposed, with its 95 % Wilson interval. A rule is under precision when it has at
 * least `minDecisions` in the period and even the top of its interval is below `minPrecision`:
 * enough decisions to say so, not one bad night.
 */
import {
  type DecisionLabel,
  DOUBT_KINDS,
  type DoubtedOutcome,
  type PrecisionReport,
  type PrecisionRow,
  type PrecisionSettings,
  type RuleReview,
  type UnderPrecisionRule,
} from '../model/index.ts';
import { wilsonInterval } from './wilson-interval.ts';

/** The key of sets no rule explained (UNKNOWN cause). */
export const NO_RULE = '(none)';
/** A rejection stored before rejections had categories. */
export const UNCATEGORISED = 'uncategorised';

const DAY_MS = 86_400_000;

/** [to - precisionDays, to): the period a run measures, from its window's end, never the clock. */
export function precisionPeriod(to: string, settings: PrecisionSettings): { from: string; to: string } {
  const end = Date.parse(to);
  return {
    from: new Date(end - settings.precisionDays * DAY_MS).toISOString(),
    to: new Date(end).toISOString(),
  };
}

/** Each plan's final decision, when it was taken in the period. */
export function finalDecisions(
  labels: readonly DecisionLabel[],
  period: { readonly from: string; readonly to: string },
): DecisionLabel[] {
  const finals = new Map<string, DecisionLabel>();
  const ordered = [...labels].sort((a, b) =>
    a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0,
  );
  for (const d of ordered) {
    if (d.onReplacement) continue;
    const before = finals.get(d.planId);
    // A further approval of an approved plan (finance's second) is not another decision.
    if (before?.decision === 'APPROVED' && d.decision === 'APPROVED') continue;
    finals.set(d.planId, d);
  }
  const from = Date.parse(period.from);
  const to = Date.parse(period.to);
  return [...finals.values()].filter((d) => {
    const at = Date.parse(d.decidedAt);
    return at >= from && at < to;
  });
}

interface Tally {
  decided: number;
  approvedAsProposed: number;
  rejected: Record<string, number>;
  wrongKeep: number;
}

function row(key: string, t: Tally): PrecisionRow {
  const interval = wilsonInterval(t.approvedAsProposed, t.decided);
  return {
    key,
    decided: t.decided,
    approvedAsProposed: t.approvedAsProposed,
    rejected: t.rejected,
    wrongKeep: t.wrongKeep,
    precision: t.decided > 0 ? t.approvedAsProposed / t.decided : null,
    low: interval?.low ?? null,
    high: interval?.high ?? null,
  };
}

function tally(decisions: readonly DecisionLabel[], keyOf: (d: DecisionLabel) => string): PrecisionRow[] {
  const by = new Map<string, Tally>();
  for (const d of decisions) {
    const key = keyOf(d);
    const t = by.get(key) ?? { decided: 0, approvedAsProposed: 0, rejected: {}, wrongKeep: 0 };
    t.decided += 1;
    if (d.decision === 'REJECTED') {
      const category = d.category ?? UNCATEGORISED;
      t.rejected[category] = (t.rejected[category] ?? 0) + 1;
    } else if (d.otherKeep) t.wrongKeep += 1;
    else t.approvedAsProposed += 1;
    by.set(key, t);
  }
  return [...by.entries()]
    .map(([key, t]) => row(key, t))
    .sort((a, b) => b.decided - a.decided || a.key.localeCompare(b.key));
}

function doubted(decisions: readonly DecisionLabel[]): DoubtedOutcome[] {
  const outcome = (kind: DoubtedOutcome['kind'], of: readonly DecisionLabel[]): DoubtedOutcome => ({
    kind,
    resolved: of.length,
    approved: of.filter((d) => d.decision === 'APPROVED').length,
    rejectedNotDuplicate: of.filter((d) => d.decision === 'REJECTED' && d.category === 'not-a-duplicate')
      .length,
    rejectedOther: of.filter((d) => d.decision === 'REJECTED' && d.category !== 'not-a-duplicate').length,
  });
  const doubtedOnes = decisions.filter((d) => d.doubtKinds.length > 0);
  return [
    outcome('all', doubtedOnes),
    ...DOUBT_KINDS.flatMap((k) => {
      const of = doubtedOnes.filter((d) => d.doubtKinds.includes(k));
      return of.length > 0 ? [outcome(k, of)] : [];
    }),
  ];
}

export function measurePrecision(input: {
  readonly labels: readonly DecisionLabel[];
  readonly reviews: readonly RuleReview[];
  readonly period: { readonly from: string; readonly to: string };
  readonly settings: PrecisionSettings;
}): PrecisionReport {
  const { settings, period } = input;
  const finals = finalDecisions(input.labels, period);
  const byRule = tally(finals, (d) => d.ruleId ?? NO_RULE);
  const reviews = new Map(input.reviews.map((r) => [r.ruleId, r]));
  const underPrecision: UnderPrecisionRule[] = byRule.flatMap((r) => {
    if (r.key === NO_RULE || r.decided < settings.minDecisions) return [];
    if (r.high === null || r.high >= settings.minPrecision) return [];
    const review = reviews.get(r.key) ?? null;
    const rejections = finals
      .filter((d) => d.ruleId === r.key && d.decision === 'REJECTED')
      .map((d) => d.decidedAt)
      .sort();
    const lastRejectionAt = rejections.at(-1) ?? null;
    return [
      {
        ruleId: r.key,
        decided: r.decided,
        precision: r.precision!,
        low: r.low!,
        high: r.high,
        reviewedBy: review?.reviewedBy ?? null,
        reviewedAt: review?.reviewedAt ?? null,
        lastRejectionAt,
        awaitingReview:
          review === null ||
          (lastRejectionAt !== null && Date.parse(lastRejectionAt) > Date.parse(review.reviewedAt)),
      },
    ];
  });
  return {
    period: { from: period.from, to: period.to },
    settings,
    byRule,
    byCause: tally(finals, (d) => d.rootCause ?? 'UNKNOWN'),
    underPrecision,
    doubted: doubted(finals),
  };
}
