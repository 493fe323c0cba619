/**
 * Measured precision (report.json `precision`): what people's decisions say about each rule and
 * each root cause over a period, with a Wilson interval, which rules are under
 * `rules.minPrecision`, and what people decided on doubted sets. The store supplies decided
 * plans as `DecisionLabel`s; src/feedback aggregates them.
 */
import type { RejectionCategory } from './rejection-category.ts';
import type { RootCause } from './types.ts';

/** The settings in the configuration's `rules` record that are not rule thresholds. */
export interface PrecisionSettings {
  /** A rule whose interval lies wholly below this (0–1) is under precision. Default 0.9. */
  readonly minPrecision: number;
  /** Days of decisions measured, counted back from the run's window end. Default 30. */
  readonly precisionDays: number;
  /** Decided plans a rule needs in the period before it can be called under precision. Default 10. */
  readonly minDecisions: number;
}

export const PRECISION_SETTING_NAMES = ['minPrecision', 'precisionDays', 'minDecisions'] as const;

export const DEFAULT_PRECISION_SETTINGS: PrecisionSettings = {
  minPrecision: 0.9,
  precisionDays: 30,
  minDecisions: 10,
};

/** What a doubted set's doubt rests on: the rule's own doubt, names, or requests let go. */
export const DOUBT_KINDS = ['rule', 'names', 'aged-out'] as const;
export type DoubtKind = (typeof DOUBT_KINDS)[number];

/** The evidence kinds that tell what a doubt rests on (src/rules writes them beside the doubt). */
const DOUBT_EVIDENCE: Readonly<Record<string, DoubtKind>> = {
  doubt: 'rule',
  initials: 'names',
  'aged-out': 'aged-out',
};

/** What a doubted set's doubt rests on, read from its evidence; empty when it has no doubt. */
export function doubtKinds(set: {
  readonly doubt?: string | null;
  readonly evidence: readonly { readonly kind: string }[];
}): DoubtKind[] {
  if (!set.doubt) return [];
  const kinds = new Set(
    set.evidence.flatMap((e) => (DOUBT_EVIDENCE[e.kind] ? [DOUBT_EVIDENCE[e.kind]!] : [])),
  );
  return DOUBT_KINDS.filter((k) => kinds.has(k));
}

/** One decision on a plan, with what the store knows of the set the plan was for. */
export interface DecisionLabel {
  /** The plan decided on (a keep approval's old plan). */
  readonly planId: string;
  readonly decision: 'APPROVED' | 'REJECTED';
  readonly decidedAt: string;
  readonly decidedBy: string;
  /** A rejection's category, `wrong-keep` for an approval with another keep; null otherwise. */
  readonly category: string | null;
  /** Whether the approval kept another booking than the plan's. */
  readonly otherKeep: boolean;
  /**
   * The plan decided on was itself made by a person's keep (an approval with another keep): its
   * later approvals are not the rule's proposal and are not counted.
   */
  readonly onReplacement: boolean;
  readonly ruleId: string | null;
  readonly rootCause: RootCause | null;
  /** What the set's doubt rests on; empty when the set was not doubted. */
  readonly doubtKinds: readonly DoubtKind[];
}

/** A person's "I've looked at this rule" (`resrecon rules reviewed`). */
export interface RuleReview {
  readonly ruleId: string;
  readonly reviewedBy: string;
  readonly reviewedAt: string;
  readonly note: string | null;
}

export interface PrecisionRow {
  /** The rule id (`(none)` for sets no rule explained) or the root cause. */
  readonly key: string;
  readonly decided: number;
  readonly approvedAsProposed: number;
  /** Rejections per category. */
  readonly rejected: Readonly<Partial<Record<RejectionCategory | string, number>>>;
  /** Approvals with another keep than proposed. */
  readonly wrongKeep: number;
  /** approvedAsProposed / decided; null when nothing was decided. */
  readonly precision: number | null;
  /** The 95 % Wilson interval; null when nothing was decided. */
  readonly low: number | null;
  readonly high: number | null;
}

export interface UnderPrecisionRule {
  readonly ruleId: string;
  readonly decided: number;
  readonly precision: number;
  readonly low: number;
  readonly high: number;
  /** The latest review of the rule, if any. */
  readonly reviewedBy: string | null;
  readonly reviewedAt: string | null;
  /** The latest rejection of the rule in the period. */
  readonly lastRejectionAt: string | null;
  /** Whether the ops report names it: no review yet, or a rejection newer than the review. */
  readonly awaitingReview: boolean;
}

export interface DoubtedOutcome {
  /** `all`, or a doubt kind. */
  readonly kind: 'all' | DoubtKind;
  readonly resolved: number;
  /** Approved: the people found copies. */
  readonly approved: number;
  readonly rejectedNotDuplicate: number;
  /** Rejected for another reason. */
  readonly rejectedOther: number;
}

export interface PrecisionReport {
  /** [from, to): the period's decisions, counted back from the run's window end. */
  readonly period: { readonly from: string; readonly to: string };
  readonly settings: PrecisionSettings;
  readonly byRule: readonly PrecisionRow[];
  readonly byCause: readonly PrecisionRow[];
  readonly underPrecision: readonly UnderPrecisionRule[];
  /** `all` first, then one per doubt kind seen. */
  readonly doubted: readonly DoubtedOutcome[];
}
