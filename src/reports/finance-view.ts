/**
 * What finance acts on: the refunds, voids and transfers to carry out, totals per currency (never
 * one sum across currencies), the money at stake per set and what changed since the last report.
 * Totals come from report.totals, the figures report.json states, never recomputed here.
 */
import {
  formatMoney,
  isOutstanding,
  outstanding,
  type ReportSet,
  type RunReport,
  totalsByCurrency,
} from '../model/index.ts';
import { causeColour, causeLabel, count, formatDate, formatTimestamp, moneyList, plural } from './format.ts';
import { statusLabel } from './plan-actions.ts';

export interface Figure {
  readonly label: string;
  readonly values: readonly string[];
  readonly note: string;
}

function stay(s: ReportSet): string {
  return `${s.propertyId} · ${s.roomTypeId} · ${formatDate(s.checkIn)} – ${formatDate(s.checkOut)}`;
}

function confirmation(s: ReportSet, reservationId: string): string {
  return s.members.find((m) => m.reservationId === reservationId)?.confirmationNumber ?? '';
}

export function financeSubject(report: RunReport): string {
  const { duplicateSets, refunds, voids } = report.totals;
  if (duplicateSets === 0) return `resrecon finance: all clear, no duplicate reservations (${report.runId})`;
  const money = refunds.length
    ? `${moneyList(refunds)} to refund`
    : voids.length
      ? `${moneyList(voids)} to void`
      : 'no money to return';
  return `resrecon finance: ${plural(duplicateSets, 'duplicate set')}, ${money}`;
}

/**
 * `limit` caps the per-set and per-payment tables (the email: Gmail clips messages over ~100 kB);
 * the saved report and refunds.csv always hold every line.
 */
export function financeView(report: RunReport, limit = Number.POSITIVE_INFINITY) {
  const { totals } = report;
  const dupes = report.sets.filter((s) => s.verdict === 'DUPLICATE' && s.plan);
  const awaiting = dupes.filter((s) => s.plan!.status === 'PROPOSED').length;
  const figures: Figure[] = [
    { label: 'Duplicate sets', values: [count(totals.duplicateSets)], note: `${awaiting} awaiting approval` },
    {
      label: 'Refunds',
      values: [count(totals.refunds.reduce((a, t) => a + t.count, 0))],
      note: 'payments to refund',
    },
    {
      label: 'Voids',
      values: [count(totals.voids.reduce((a, t) => a + t.count, 0))],
      note: 'authorisations, no money moved',
    },
  ];
  const currencies = [
    ...new Set([...totals.refunds, ...totals.voids, ...totals.transfers].map((t) => t.currency)),
  ].sort();
  const cell = (list: RunReport['totals']['refunds'], currency: string): string => {
    const t = list.find((x) => x.currency === currency);
    return t ? formatMoney(t.amount, t.currency) : '–';
  };
  const currencyRows = currencies.map((currency) => ({
    currency,
    refund: cell(totals.refunds, currency),
    void: cell(totals.voids, currency),
    transfer: cell(totals.transfers, currency),
  }));
  const sets = dupes.map((s) => {
    const plan = s.plan!;
    const refund = totalsByCurrency(plan.refunds).map((t) => `${formatMoney(t.amount, t.currency)} refund`);
    const voided = totalsByCurrency(plan.voids).map((t) => `${formatMoney(t.amount, t.currency)} void`);
    const moved = totalsByCurrency(plan.transfers).map(
      (t) => `${formatMoney(t.amount, t.currency)} transfer`,
    );
    return {
      setId: s.setId,
      guestName: s.guestName ?? s.guestEmail,
      stay: stay(s),
      cause: causeLabel(s.rootCause ?? 'UNKNOWN'),
      colour: causeColour(s.rootCause ?? 'UNKNOWN'),
      status: statusLabel(plan.status),
      atStake: [...refund, ...voided, ...moved],
    };
  });
  const actions = dupes
    .filter((s) => isOutstanding(s.plan!.status))
    .flatMap((s) => {
      const plan = { ...s.plan!, ...outstanding(s.plan!, s.plan!.status) };
      const common = {
        setId: s.setId,
        guestName: s.guestName ?? s.guestEmail,
        status: statusLabel(plan.status),
      };
      return [
        ...plan.refunds.map((r) => ({
          ...common,
          action: 'Refund',
          paymentId: r.paymentId,
          reservation: `${r.reservationId} ${confirmation(s, r.reservationId)}`.trim(),
          amount: formatMoney(r.amount, r.currency),
        })),
        ...plan.voids.map((v) => ({
          ...common,
          action: 'Void',
          paymentId: v.paymentId,
          reservation: `${v.reservationId} ${confirmation(s, v.reservationId)}`.trim(),
          amount: formatMoney(v.amount, v.currency),
        })),
        ...plan.transfers.map((t) => ({
          ...common,
          action: 'Transfer',
          paymentId: t.paymentId,
          reservation: `${t.fromReservationId} → ${t.toReservationId}`,
          amount: formatMoney(t.amount, t.currency),
        })),
      ];
    });
  const c = report.changes;
  const changes = c
    ? {
        previousRunId: c.previousRunId ?? 'none (first run)',
        newSets: plural(c.newSetIds.length, 'new set'),
        newSetIds: c.newSetIds.join(', '),
        superseded: c.superseded.map((x) => ({ ...x, byPlanId: x.byPlanId ?? 'none' })),
        executed: c.executed.map((x) => ({
          planId: x.planId,
          setId: x.setId,
          at: formatTimestamp(x.executedAt),
          moved: [
            ...x.refunded.map((t) => `${formatMoney(t.amount, t.currency)} refunded`),
            ...x.voided.map((t) => `${formatMoney(t.amount, t.currency)} voided`),
          ],
        })),
        executedTotals: [
          ...totalsByCurrency(executedAmounts(c.executed, 'refunded')).map(
            (t) => `${formatMoney(t.amount, t.currency)} refunded`,
          ),
          ...totalsByCurrency(executedAmounts(c.executed, 'voided')).map(
            (t) => `${formatMoney(t.amount, t.currency)} voided`,
          ),
        ],
      }
    : null;
  return {
    audience: 'Finance',
    title:
      totals.duplicateSets === 0
        ? 'All clear: no duplicate reservations'
        : `${plural(totals.duplicateSets, 'duplicate set')}, ${totals.refunds.length ? `${moneyList(totals.refunds)} to refund` : 'nothing to refund'}`,
    allClear: totals.duplicateSets === 0,
    figures,
    currencyRows,
    sets: sets.slice(0, limit),
    actions: actions.slice(0, limit),
    moreSets: sets.length > limit ? plural(sets.length - limit, 'more set') : null,
    moreActions: actions.length > limit ? plural(actions.length - limit, 'more line') : null,
    changes,
    csvName: 'refunds.csv',
  };
}

/** Executed amounts per currency, re-totalled from each plan's per-currency lines. */
function executedAmounts(
  executed: NonNullable<RunReport['changes']>['executed'],
  field: 'refunded' | 'voided',
): { amount: string; currency: string }[] {
  return executed.flatMap((e) => e[field].map((t) => ({ amount: t.amount, currency: t.currency })));
}
