/**
 * The values that flow between stages: labelled sets (rules -> reconcile), plans
 * (reconcile -> reports, state store) and the run report (docs/contracts.md section 3).
 * All readonly: a stage never mutates what another produced.
 * Timestamps are ISO-8601 strings with offset and microseconds ("2026-11-02T10:15:23.123456Z"),
 * dates are "YYYY-MM-DD", money is a decimal string with its currency beside it.
 */

export const ROOT_CAUSES = ['NO_KEY', 'TIMEOUT_RETRY', 'RACE', 'MISSING_DEDUP', 'UNKNOWN'] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

export type Verdict = 'DUPLICATE' | 'LEGITIMATE';

export const RESERVATION_STATUSES = [
  'PENDING',
  'CONFIRMED',
  'CANCELLED',
  'CHECKED_IN',
  'CHECKED_OUT',
  'NO_SHOW',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export const PAYMENT_STATUSES = [
  'PENDING',
  'AUTHORIZED',
  'CAPTURED',
  'FAILED',
  'REFUNDED',
  'PARTIALLY_REFUNDED',
  'VOIDED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** One fact that decided a label, as a sentence an engineer can check against the tables. */
export interface Evidence {
  /** Machine-readable kind, e.g. `missing-key`, `gateway-timeout`, `request-overlap`. */
  readonly kind: string;
  readonly detail: string;
}

export interface PaymentView {
  readonly paymentId: string;
  readonly reservationId: string;
  /** Kept as text: a status the product does not know must reach the planner, which flags it. */
  readonly status: string | null;
  /** Null where the source has none: the planner flags the payment and leaves it alone. */
  readonly amount: string | null;
  readonly refundedAmount: string | null;
  readonly currency: string | null;
  readonly createdAt: string;
  /**
   * How many different rows the source holds with this payment's id, when more than one (one of
   * them was kept, src/extract/replace-rows.ts): the planner flags the payment and leaves it alone.
   */
  readonly sourceCopies?: number;
}

/** A reservation as the rules saw it, with the request that created it where one was linked. */
export interface SetMember {
  readonly reservationId: string;
  readonly confirmationNumber: string;
  readonly guestEmail: string;
  readonly guestName: string | null;
  readonly propertyId: string;
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly rateAmount: string | null;
  readonly currency: string | null;
  /**
   * The booking's price for its stay in its currency (the rate times the nights, or the rate, as
   * this source prices it); what a payment in another currency is weighed against by the keep rule.
   */
  readonly stayPrice?: string | null;
  readonly status: string;
  readonly idempotencyKey: string | null;
  readonly createdAt: string;
  readonly payments: readonly PaymentView[];
  /** The creating request, when the gateway log links to it. */
  readonly requestId: string | null;
  readonly clientId: string | null;
}

export interface GroupKey {
  /** Normalised: trimmed and lower-cased. */
  readonly email: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly roomTypeId: string;
}

export interface LabelledSet {
  /** Stable across runs: derived from the sorted reservation ids. */
  readonly setId: string;
  readonly key: GroupKey;
  readonly reservationIds: readonly string[];
  readonly members: readonly SetMember[];
  readonly verdict: Verdict;
  /** null when LEGITIMATE. */
  readonly rootCause: RootCause | null;
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  /** Rule that decided the label, e.g. `timeout-retry`. */
  readonly ruleId: string | null;
  /** api_logs.clientId values of the creating requests. */
  readonly clients: readonly string[];
  /**
   * Honest doubt: set when the evidence cannot decide between unintended copies and rooms
   * booked on purpose (one name, one checkout, one charge per room, no keys). The sentence
   * names the doubt; such a set's plan is flagged DOUBT and never approvable in bulk, and the
   * ops report asks for a check with the guest or property. Absent or null: no doubt.
   */
  readonly doubt?: string | null;
}

export type FlagCode =
  | 'DOUBT'
  | 'LARGE_REFUND'
  | 'UNHANDLED_PAYMENT'
  | 'UNKNOWN_CAUSE'
  | 'LOW_CONFIDENCE'
  | 'KEEP_OVERRIDDEN'
  | 'RULE_UNDER_PRECISION';

export interface PlanFlag {
  readonly code: FlagCode;
  readonly detail: string;
}

export interface CancelItem {
  readonly itemId: string;
  readonly reservationId: string;
  readonly reason: 'DUPLICATE';
  readonly primaryReservationId: string;
}

export interface RefundItem {
  readonly itemId: string;
  readonly paymentId: string;
  readonly reservationId: string;
  readonly amount: string;
  readonly currency: string;
}

export interface VoidItem {
  readonly itemId: string;
  readonly paymentId: string;
  readonly reservationId: string;
  /** What the authorisation holds; no money moved. */
  readonly amount: string;
  readonly currency: string;
}

export interface TransferItem {
  readonly itemId: string;
  readonly paymentId: string;
  readonly fromReservationId: string;
  readonly toReservationId: string;
  readonly amount: string;
  readonly currency: string;
}

export interface ReleaseItem {
  readonly itemId: string;
  readonly reservationId: string;
  readonly propertyId: string;
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly nights: number;
}

export interface NotifyItem {
  readonly itemId: string;
  readonly guestEmail: string;
  readonly keptReservationId: string;
  readonly cancelledReservationIds: readonly string[];
}

export interface Plan {
  readonly planId: string;
  readonly setId: string;
  readonly keepReservationId: string;
  readonly cancel: readonly CancelItem[];
  readonly refunds: readonly RefundItem[];
  readonly voids: readonly VoidItem[];
  readonly transfers: readonly TransferItem[];
  readonly releases: readonly ReleaseItem[];
  readonly releasedRoomNights: number;
  readonly notify: NotifyItem;
  /** Same as notify.guestEmail; the field docs/contracts.md names. */
  readonly notifyGuest: string;
  readonly flags: readonly PlanFlag[];
  /** False when any flag is raised: a human must look at it; never approvable in bulk. */
  readonly bulkApprovable: boolean;
}

export interface QuarantinedRow {
  readonly table: string;
  readonly rowId: string;
  readonly reason: string;
}
