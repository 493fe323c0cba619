/**
 * What finance acts on: the refunds, voids and transfers to carry out, totals per currency (never
 * one sum across currencies), the money at stake per set and what changed since the last report.
 * Totals come from report.totals, the figures report.json states, never recomputed here.
 */
import {
  formatMoney,
  formatMoneyList,
  isOutstanding,
  outstanding,
  planMoney,
  planStatusLabel,
  type ReportSet,
  type RunReport,
  totalsByCurrency,
} from '../model/index.ts';
import { causeColour, causeLabel, count, formatDate, formatTimestamp, plural } from './format.ts';
import { capped, largestFirst } from './top-n.ts';

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
    ? `${formatMoneyList(refunds)} to refund`
    : voids.length
      ? `${formatMoneyList(voids)} to void`
      : 'no money to return';
  return `resrecon finance: ${plural(duplicateSets, 'duplicate set')}, ${money}`;
}

/** One money line still to carry out, before it is put in words. */
interface Line {
  readonly set: ReportSet;
  readonly action: 'Refund' | 'Void' | 'Transfer';
  readonly paymentId: string;
  readonly reservation: string;
  readonly amount: string;
  readonly currency: string;
}

function linesOf(s: ReportSet): Line[] {
  const plan = s.plan!;
  const money = outstanding(plan, plan.status);
  return [
    ...money.refunds.map((r) => ({
      set: s,
      action: 'Refund' as const,
      paymentId: r.paymentId,
      reservation: `${r.reservationId} ${confirmation(s, r.reservationId)}`.trim(),
      amount: r.amount,
      currency: r.currency,
    })),
    ...money.voids.map((v) => ({
      set: s,
      action: 'Void' as const,
      paymentId: v.paymentId,
      reservation: `${v.reservationId} ${confirmation(s, v.reservationId)}`.trim(),
      amount: v.amount,
      currency: v.currency,
    })),
    ...money.transfers.map((t) => ({
      set: s,
      action: 'Transfer' as const,
      paymentId: t.paymentId,
      reservation: `${t.fromReservationId} → ${t.toReservationId}`,
      amount: t.amount,
      currency: t.currency,
    })),
  ];
}

/** What a set's plan still moves (planMoney), the same figure the console and `plans list` show. */
function moneyOf(s: ReportSet) {
  return planMoney({ plan: s.plan!, status: s.plan!.status });
}

/**
 * What a set's plan still moves in one currency, to rank it among the sets at stake: the kept
 * booking's currency when the plan moves money in it, else the first currency it moves money in.
 * A plan may move money in several currencies (a copy's card charged in its own), and amounts in
 * two currencies are never compared to choose.
 */
function stakeOf(s: ReportSet): { amount: string; currency: string } | null {
  const atStake = moneyOf(s).atStake;
  const kept = s.members.find((m) => m.reservationId === s.plan!.keepReservationId)?.currency;
  return atStake.find((t) => t.currency === kept) ?? atStake[0] ?? null;
}

/**
 * `limit` caps every list (the email: Gmail clips a message past about 100 kB; the saved report:
 * a browser must open it at once), flagged and largest first, with a sentence for the rest.
 * refunds.csv always holds every line.
 */
export function financeView(report: RunReport, limit = Number.POSITIVE_INFINITY) {
  const { totals } = report;
  const dupes = report.sets.filter((s) => s.verdict === 'DUPLICATE' && s.plan);
  const awaiting = dupes.filter((s) => s.plan!.awaiting).length;
  const second = dupes.filter((s) => s.plan!.awaiting === 'SECOND_APPROVAL').length;
  const figures: Figure[] = [
    {
      label: 'Duplicate sets',
      values: [count(totals.duplicateSets)],
      note: `${awaiting} awaiting approval${second > 0 ? `, ${second} of them finance's second approval` : ''}`,
    },
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
  const flagged = (s: ReportSet): boolean => s.plan!.flags.length > 0;
  const sets = capped(largestFirst(dupes, stakeOf, flagged), limit, 'set');
  const lines = dupes.filter((s) => isOutstanding(s.plan!.status)).flatMap(linesOf);
  const actions = capped(
    largestFirst(
      lines,
      (l) => l,
      (l) => flagged(l.set),
    ),
    limit,
    'line',
  );
  const c = report.changes;
  const superseded = c ? capped(c.superseded, limit, 'superseded plan') : null;
  const executed = c ? capped(c.executed, limit, 'executed plan') : null;
  const changes = c
    ? {
        previousRunId: c.previousRunId ?? 'none (first run)',
        newSets: plural(c.newSetIds.length, 'new set'),
        // The ids are in report.json; a list of thousands helps nobody here.
        newSetIds: c.newSetIds.length <= Math.min(limit, 10) ? c.newSetIds.join(', ') : '',
        superseded: superseded!.items.map((x) => ({ ...x, byPlanId: x.byPlanId ?? 'none' })),
        moreSuperseded: superseded!.more,
        executed: executed!.items.map((x) => ({
          planId: x.planId,
          setId: x.setId,
          at: formatTimestamp(x.executedAt),
          moved: [
            ...x.refunded.map((t) => `${formatMoney(t.amount, t.currency)} refunded`),
            ...x.voided.map((t) => `${formatMoney(t.amount, t.currency)} voided`),
          ],
        })),
        moreExecuted: executed!.more,
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
        : `${plural(totals.duplicateSets, 'duplicate set')}, ${totals.refunds.length ? `${formatMoneyList(totals.refunds)} to refund` : 'nothing to refund'}`,
    allClear: totals.duplicateSets === 0,
    figures,
    currencyRows,
    sets: sets.items.map((s) => {
      const plan = s.plan!;
      const money = moneyOf(s);
      return {
        setId: s.setId,
        guestName: s.guestName ?? s.guestEmail,
        stay: stay(s),
        cause: causeLabel(s.rootCause ?? 'UNKNOWN'),
        colour: causeColour(s.rootCause ?? 'UNKNOWN'),
        status: planStatusLabel(plan.status, plan.awaiting),
        atStake: [
          ...money.refunds.map((t) => `${formatMoney(t.amount, t.currency)} refund`),
          ...money.voids.map((t) => `${formatMoney(t.amount, t.currency)} void`),
          ...money.transfers.map((t) => `${formatMoney(t.amount, t.currency)} transfer`),
          ...(money.atStake.length === 0 ? ['nothing left to move'] : []),
        ],
      };
    }),
    actions: actions.items.map((l) => ({
      setId: l.set.setId,
      guestName: l.set.guestName ?? l.set.guestEmail,
      status: planStatusLabel(l.set.plan!.status, l.set.plan!.awaiting),
      action: l.action,
      paymentId: l.paymentId,
      reservation: l.reservation,
      amount: formatMoney(l.amount, l.currency),
    })),
    moreSets: sets.more,
    moreActions: actions.more,
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
