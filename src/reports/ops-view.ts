/**
 * What ops acts on: the plans awaiting a decision (`awaitedDecision`: a first approval, or the
 * second approval by finance of a refund past the limit), flagged ones first (a flag means a
 * human must look), each told as the steps it will take, with a console link or the CLI command
 * to approve. A plan approved once and waiting for finance is awaiting approval, never "awaiting
 * execution".
 */
import {
  causeColour,
  causeLabel,
  formatDate,
  planStatusLabel,
  plural,
  type ReportSet,
  type RunReport,
} from '../model/index.ts';
import { planLink } from './console-link.ts';
import { planActions } from './plan-actions.ts';
import { rulesUnderPrecisionView } from './precision-view.ts';
import { capped } from './top-n.ts';

function byUrgency(a: ReportSet, b: ReportSet): number {
  const fa = a.plan!.flags.length;
  const fb = b.plan!.flags.length;
  if (fa > 0 !== fb > 0) return fa > 0 ? -1 : 1;
  return fb - fa || a.setId.localeCompare(b.setId);
}

export function opsSubject(report: RunReport): string {
  if (report.totals.duplicateSets === 0)
    return `resrecon ops: all clear, nothing to approve (${report.runId})`;
  const awaiting = awaitingSets(report);
  const flagged = awaiting.filter((s) => s.plan!.flags.length > 0).length;
  return `resrecon ops: ${plural(awaiting.length, 'plan')} awaiting approval, ${flagged} flagged`;
}

function awaitingSets(report: RunReport): ReportSet[] {
  return report.sets.filter((s) => s.plan?.awaiting).sort(byUrgency);
}

/**
 * `limit` caps the plans listed (the email, and the saved report so that a browser opens it at
 * once); every plan is in the attached plans.csv and a `plans list` away.
 */
export function opsView(report: RunReport, consoleUrl: string | null, limit = Number.POSITIVE_INFINITY) {
  const awaiting = awaitingSets(report);
  const flagged = awaiting.filter((s) => s.plan!.flags.length > 0).length;
  const second = awaiting.filter((s) => s.plan!.awaiting === 'SECOND_APPROVAL').length;
  const decided = report.sets.filter((s) => s.plan && !s.plan.awaiting);
  const approvedNotExecuted = decided.filter((s) => s.plan!.status === 'APPROVED').length;
  const shown = capped(awaiting, limit, 'plan');
  const otherPlans = capped(decided, limit, 'decided plan');
  const plans = shown.items.map((s) => {
    const plan = s.plan!;
    return {
      planId: plan.planId,
      setId: s.setId,
      guestName: s.guestName ?? s.guestEmail,
      stay: `${s.propertyId} · ${s.roomTypeId} · ${formatDate(s.checkIn)} – ${formatDate(s.checkOut)}`,
      cause: causeLabel(s.rootCause ?? 'UNKNOWN'),
      colour: causeColour(s.rootCause ?? 'UNKNOWN'),
      confidence: s.confidence.toFixed(2),
      flagged: plan.flags.length > 0,
      doubted: plan.flags.some((f) => f.code === 'DOUBT'),
      flags: plan.flags,
      bulkApprovable: plan.bulkApprovable,
      actions: planActions(s),
      secondApproval: plan.awaiting === 'SECOND_APPROVAL',
      status: planStatusLabel(plan.status, plan.awaiting),
      link: planLink(consoleUrl, plan.planId),
      command: `npx resrecon plans approve ${plan.planId} --by ${plan.awaiting === 'SECOND_APPROVAL' ? '<a finance user>' : '<you>'}`,
    };
  });
  return {
    audience: 'Ops',
    title:
      report.totals.duplicateSets === 0
        ? 'All clear: nothing to approve'
        : `${plural(awaiting.length, 'plan')} awaiting approval, ${flagged} flagged`,
    allClear: report.totals.duplicateSets === 0,
    // Named at the top until someone looks at the rule (resrecon rules reviewed).
    underPrecision: rulesUnderPrecisionView(report),
    figures: [
      {
        label: 'Awaiting approval',
        values: [String(awaiting.length)],
        note:
          second > 0
            ? `plans in this run, ${second} of them a second approval by finance`
            : 'plans in this run',
      },
      { label: 'Flagged', values: [String(flagged)], note: 'need a careful look' },
      {
        label: 'Approved, not yet executed',
        values: [String(approvedNotExecuted)],
        note: 'awaiting execution',
      },
    ],
    plans,
    hasPlans: plans.length > 0,
    morePlans: shown.more,
    otherPlans: otherPlans.items.map((s) => ({
      planId: s.plan!.planId,
      status: planStatusLabel(s.plan!.status, s.plan!.awaiting),
    })),
    moreOtherPlans: otherPlans.more,
    csvName: 'plans.csv',
  };
}
