/** What the planner needs besides the set: escalation thresholds and the approver's choices. */
export interface PlanOptions {
  /** A refund total above this (in the refund's currency) needs a human. */
  readonly largeRefundAmount: string;
  /** Per-currency overrides of largeRefundAmount, e.g. `{ "JPY": "80000.00" }`. */
  readonly largeRefundByCurrency: Readonly<Record<string, string>>;
  /** Labels with a confidence below this need a human. */
  readonly minConfidence: number;
  /**
   * Rules under rules.minPrecision (rule id -> the sentence saying so, src/feedback): a new plan
   * of a set such a rule labelled is flagged RULE_UNDER_PRECISION. Measured by the run, before
   * planning; absent, no rule is.
   */
  readonly underPrecision?: ReadonlyMap<string, string>;
  /** The approver's choice of the reservation to keep, when it differs from the rule's. */
  readonly keepReservationId?: string;
}

/** The planner's options as configured, without a per-plan choice of keep. */
export type DecisionOptions = Omit<PlanOptions, 'keepReservationId'>;
