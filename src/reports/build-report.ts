/**
 * Assembles report.json (docs/contracts.md section 3) from what the stages produced. Every
 * figure a report shows is computed here once, so the emails, the HTML files, refunds.csv and
 * report.json cannot disagree. Money totals are what the plans still move (`plansMoney`), the
 * same lines refunds.csv lists.
 */
import {
  awaitedDecision,
  type Conformance,
  CREATE_BOOKING_REQUEST,
  type LabelledSet,
  needsDiagnosis,
  type PlanWithStatus,
  plansMoney,
  plansMoneyByApproval,
  type QuarantinedRow,
  type Regression,
  type ReportChanges,
  type ReportSet,
  ROOT_CAUSES,
  type RootCause,
  type RunReport,
  type RunWarning,
} from '../model/index.ts';
import { findBursts } from '../reconcile/index.ts';

export interface BuildReportInput {
  readonly runId: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly generatedAt: string;
  readonly source: string;
  /** The run read the embedded demo data. */
  readonly demo: boolean;
  readonly sets: readonly LabelledSet[];
  /** Per DUPLICATE set id: its plan and the status the state store gives it (PROPOSED, …). */
  readonly plans: ReadonlyMap<string, PlanWithStatus>;
  readonly conformance: Conformance;
  /** More duplicate copies than this in one hour is an incident (configuration reconcile.burstPerHour). */
  readonly burstPerHour: number;
  readonly quarantine: readonly QuarantinedRow[];
  readonly reservationsScanned: number;
  readonly timings: Readonly<Record<string, number>>;
  readonly changes?: ReportChanges;
  /** The pipeline's warnings (an empty window, demo data, …); none when absent. */
  readonly warnings?: readonly RunWarning[];
  /** The release regressions the run's nights show; absent when not judged. */
  readonly regressions?: readonly Regression[];
}

const QUARANTINE_SAMPLE = 50;

/**
 * A set as report.json states it, with its plan and status. The one conversion: `plans export`
 * uses it too, so its CSV is the run's CSV for the same plans.
 */
export function toReportSet(set: LabelledSet, stored: PlanWithStatus | undefined): ReportSet {
  const first = set.members[0]!;
  const p = stored?.plan;
  const done = new Set(stored?.doneItemIds ?? []);
  const mark = (itemId: string) => (done.has(itemId) ? { done: true as const } : {});
  return {
    setId: set.setId,
    reservationIds: set.reservationIds,
    verdict: set.verdict,
    rootCause: set.rootCause,
    confidence: set.confidence,
    evidence: set.evidence,
    doubt: set.doubt ?? null,
    needsDiagnosis: needsDiagnosis(set, p),
    plan: p
      ? {
          planId: p.planId,
          keepReservationId: p.keepReservationId,
          cancel: p.cancel.map((c) => ({ reservationId: c.reservationId, reason: c.reason })),
          refunds: p.refunds.map((r) => ({
            paymentId: r.paymentId,
            reservationId: r.reservationId,
            amount: r.amount,
            currency: r.currency,
            ...mark(r.itemId),
          })),
          voids: p.voids.map((v) => ({
            paymentId: v.paymentId,
            reservationId: v.reservationId,
            amount: v.amount,
            currency: v.currency,
            ...mark(v.itemId),
          })),
          transfers: p.transfers.map((t) => ({
            paymentId: t.paymentId,
            fromReservationId: t.fromReservationId,
            toReservationId: t.toReservationId,
            amount: t.amount,
            currency: t.currency,
            ...mark(t.itemId),
          })),
          releasedRoomNights: p.releasedRoomNights,
          notifyGuest: p.notifyGuest,
          flags: p.flags,
          bulkApprovable: p.bulkApprovable,
          status: stored.status,
          awaiting: awaitedDecision(stored),
        }
      : null,
    guestEmail: first.guestEmail,
    guestName: first.guestName,
    propertyId: first.propertyId,
    roomTypeId: set.key.roomTypeId,
    checkIn: set.key.checkIn,
    checkOut: set.key.checkOut,
    ruleId: set.ruleId,
    clients: set.clients,
    // The members as the rules saw them, shared rather than copied: at a hundred thousand sets a
    // copy of every member and payment is hundreds of megabytes. report.json therefore carries
    // each member's full row (fields may be added to the contract, none removed).
    members: set.members,
  };
}

export function buildReport(input: BuildReportInput): RunReport {
  const sets = input.sets.map((s) => toReportSet(s, input.plans.get(s.setId)));
  const duplicates = input.sets.filter((s) => s.verdict === 'DUPLICATE');
  const needed = sets.filter((s) => s.needsDiagnosis).length;
  const byRootCause = Object.fromEntries(ROOT_CAUSES.map((c) => [c, 0])) as Record<RootCause, number>;
  for (const s of duplicates) byRootCause[s.rootCause ?? 'UNKNOWN'] += 1;

  const clientCounts = new Map<string, { clientId: string; rootCause: RootCause; sets: number }>();
  for (const s of duplicates) {
    for (const clientId of s.clients.length > 0 ? s.clients : ['(unknown)']) {
      const cause = s.rootCause ?? 'UNKNOWN';
      const k = `${clientId}\u0000${cause}`;
      const entry = clientCounts.get(k) ?? { clientId, rootCause: cause, sets: 0 };
      clientCounts.set(k, { ...entry, sets: entry.sets + 1 });
    }
  }

  const plans = sets.flatMap((s) =>
    s.plan ? [{ plan: s.plan, status: s.plan.status, awaiting: s.plan.awaiting }] : [],
  );
  const owed = plansMoney(plans);
  const split = plansMoneyByApproval(plans);
  const reasons = new Map<string, number>();
  for (const q of input.quarantine) reasons.set(q.reason, (reasons.get(q.reason) ?? 0) + 1);

  return {
    runId: input.runId,
    window: input.window,
    generatedAt: input.generatedAt,
    source: input.source,
    demo: input.demo,
    warnings: input.warnings ?? [],
    sets,
    totals: {
      byRootCause,
      refunds: owed.refunds,
      voids: owed.voids,
      transfers: owed.transfers,
      approved: split.approved,
      awaitingApproval: split.awaitingApproval,
      duplicateSets: duplicates.length,
      legitimateSets: input.sets.length - duplicates.length,
      reservationsScanned: input.reservationsScanned,
      diagnosis: { needed, notNeeded: duplicates.length - needed },
    },
    clientsByCause: [...clientCounts.values()]
      .map((c) => ({ ...c, endpoint: CREATE_BOOKING_REQUEST.label }))
      .sort((a, b) => b.sets - a.sets || a.clientId.localeCompare(b.clientId)),
    conformance: input.conformance,
    incidents: findBursts(input.sets, input.burstPerHour).map((b) => ({
      ...b,
      limitPerHour: input.burstPerHour,
    })),
    quarantine: {
      count: input.quarantine.length,
      byReason: [...reasons.entries()]
        .map(([reason, count]) => ({ reason, count }))
        .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
      sample: input.quarantine.slice(0, QUARANTINE_SAMPLE),
    },
    timings: { ...input.timings },
    ...(input.regressions ? { regressions: input.regressions } : {}),
    ...(input.changes ? { changes: input.changes } : {}),
  };
}
