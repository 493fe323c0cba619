/**
 * report.json (docs/contracts.md section 3). Fields may be added; none of the contract's may change
 * meaning. The reports stage renders from this value only, so what is mailed and what is
 * written to report.json cannot disagree.
 */
import type { AwaitedDecision } from './awaited-decision.ts';
import type { CurrencyTotal } from './money.ts';
import type { MoneyByKind } from './plan-money.ts';
import type { PlanStatus } from './plan-status.ts';
import type { Regression } from './regression.ts';
import type { RunWarning } from './run-warning.ts';
import type { Evidence, Plan, QuarantinedRow, RootCause, Verdict } from './types.ts';

/** `done`: the executor has carried this line out (its plan is EXECUTING or FAILED part-way). */
interface MoneyLine {
  readonly paymentId: string;
  readonly amount: string;
  readonly currency: string;
  readonly done?: true;
}

export interface ReportSetPlan {
  readonly planId: string;
  readonly keepReservationId: string;
  readonly cancel: readonly { reservationId: string; reason: 'DUPLICATE' }[];
  readonly refunds: readonly (MoneyLine & { reservationId: string })[];
  readonly voids: readonly (MoneyLine & { reservationId: string })[];
  readonly transfers: readonly (MoneyLine & { fromReservationId: string; toReservationId: string })[];
  readonly releasedRoomNights: number;
  readonly notifyGuest: string;
  readonly flags: Plan['flags'];
  readonly bulkApprovable: boolean;
  /** PROPOSED, APPROVED, … as the state store knows it. */
  readonly status: PlanStatus;
  /** The decision the plan waits for (`awaitedDecision`): APPROVAL, SECOND_APPROVAL or null. */
  readonly awaiting: AwaitedDecision | null;
}

export interface ReportSet {
  readonly setId: string;
  readonly reservationIds: readonly string[];
  readonly verdict: Verdict;
  readonly rootCause: RootCause | null;
  readonly confidence: number;
  readonly evidence: readonly Evidence[];
  /** Why the evidence cannot tell copies from rooms booked on purpose; null when it can. */
  readonly doubt: string | null;
  readonly plan: ReportSetPlan | null;
  /** A person has to work out what happened before the plan is decided (`needsDiagnosis`). */
  readonly needsDiagnosis: boolean;
  /** Added fields, for the reports. */
  readonly guestEmail: string;
  readonly guestName: string | null;
  readonly propertyId: string;
  readonly roomTypeId: string;
  readonly checkIn: string;
  readonly checkOut: string;
  readonly ruleId: string | null;
  readonly clients: readonly string[];
  readonly members: readonly {
    reservationId: string;
    confirmationNumber: string;
    createdAt: string;
    status: string;
    rateAmount: string | null;
    currency: string | null;
    idempotencyKey: string | null;
    requestId: string | null;
    clientId: string | null;
    /** Null where the source has none (the plan is then flagged). */
    payments: readonly {
      paymentId: string;
      status: string | null;
      amount: string | null;
      refundedAmount: string | null;
      currency: string | null;
    }[];
  }[];
}

/** Idempotency conformance over the booking endpoint's requests in the window. */
export interface Conformance {
  readonly createRequests: number;
  readonly withoutKey: number;
  readonly replays: number;
  readonly conflicts409: number;
  readonly mismatches422: number;
  readonly timeouts: number;
  /** Per client: requests, without key, timeouts. */
  readonly byClient: readonly { clientId: string; requests: number; withoutKey: number; timeouts: number }[];
}

/** A burst of duplicates: more copies within one hour than the runbook allows. */
export interface Incident {
  /** The first and last copy of the incident, ISO-8601. */
  readonly from: string;
  readonly to: string;
  /** Copies (every member but the first-created of each set) inside the incident. */
  readonly copies: number;
  /** The most copies inside any one hour of it. */
  readonly peakPerHour: number;
  /** The limit it went past (configuration reconcile.burstPerHour). */
  readonly limitPerHour: number;
  readonly setIds: readonly string[];
  /** The clients of those copies, most copies first. */
  readonly clients: readonly { clientId: string; copies: number }[];
}

export interface RunReport {
  readonly runId: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  /** Where the data came from, secrets removed: `postgresql://host/db` or `files:fixtures/demo`. */
  readonly source: string;
  /** True when the run read the embedded demo data: every report and subject says so. */
  readonly demo: boolean;
  /**
   * What a person must know before trusting this answer (an empty window, demo data, reports
   * nobody receives): shown at the top of every report and email and on the terminal.
   */
  readonly warnings: readonly RunWarning[];
  readonly sets: readonly ReportSet[];
  readonly totals: {
    readonly byRootCause: Readonly<Record<RootCause, number>>;
    /** Refunds, voids and transfers still to carry out (`plansMoney`), per currency: refunds.csv's sums. */
    readonly refunds: readonly CurrencyTotal[];
    readonly voids: readonly CurrencyTotal[];
    readonly transfers: readonly CurrencyTotal[];
    /**
     * The same money split by decision (`plansMoneyByApproval`): approved and ready to move, and
     * awaiting an approval or finance's second one. Per currency, the two add up to the above.
     */
    readonly approved: MoneyByKind;
    readonly awaitingApproval: MoneyByKind;
    readonly duplicateSets: number;
    readonly legitimateSets: number;
    readonly reservationsScanned: number;
    /** DUPLICATE sets that needed a person's diagnosis (`needsDiagnosis`) and those that needed none. */
    readonly diagnosis: { readonly needed: number; readonly notNeeded: number };
  };
  /** Which clients produced which causes; `endpoint` is the creating requests' path when known. */
  readonly clientsByCause: readonly {
    clientId: string;
    rootCause: RootCause;
    sets: number;
    endpoint?: string;
  }[];
  readonly conformance: Conformance;
  /**
   * The runbook's escalation: hours with more duplicate copies than the configured limit. An
   * incident for engineering and ops, shown once at the top of their reports.
   */
  readonly incidents: readonly Incident[];
  readonly quarantine: {
    readonly count: number;
    readonly byReason: readonly { reason: string; count: number }[];
    readonly sample: readonly QuarantinedRow[];
  };
  readonly timings: Readonly<Record<string, number>>;
  /**
   * Release regressions the run's nights show (src/feedback/find-regressions.ts): clients whose
   * copies per 1000 bookings rose far above their baseline. Absent when not judged.
   */
  readonly regressions?: readonly Regression[];
  /** What changed since the previous run, for the finance report; absent when not computed. */
  readonly changes?: ReportChanges;
}

/** Plans compared with the previous run's report, as the state store knows them. */
export interface ReportChanges {
  /** The run compared with; null on the first run. */
  readonly previousRunId: string | null;
  /** Sets first reported in this run. */
  readonly newSetIds: readonly string[];
  /** Plans replaced since the previous report (the set changed), with the plan that replaced them. */
  readonly superseded: readonly { planId: string; setId: string; byPlanId: string | null }[];
  /** Plans carried out since the previous report, with the money they moved per currency. */
  readonly executed: readonly {
    planId: string;
    setId: string;
    executedAt: string;
    refunded: readonly CurrencyTotal[];
    voided: readonly CurrencyTotal[];
  }[];
}
