/**
 * What finance acts on: the refunds, voids and transfers to carry out, totals per currency (never
 * one sum across currencies) split into approved and ready to move and awaiting approval, the
 * money at stake per set and what changed since the last report. Totals come from report.totals,
 * the figures report.json states, never recomputed here.
 */
import {
  causeColour,
  causeLabel,
  count,
  formatDate,
  formatMoney,
  formatMoneyList,
  formatTimestamp,
  isOutstanding,
  outstanding,
  planMoney,
  planStatusLabel,
  plural,
  type ReportSet,
  type RunReport,
  totalsByCurrency,
} from '../model/index.ts';
import { consoleLink, planLink } from './console-link.ts';
import { capped, largestFirst } from './top-n.ts';

type Totals = RunReport['totals'];
type MoneyByKind = Totals['approved'];

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

/**
 * The headline's money: refunds approved and ready to move, and refunds awaiting approval, each
 * per currency (voids when nothing is to be refunded). A refund nobody has approved is never
 * counted as money about to leave.
 */
function moneyHeadline(totals: Totals): string {
  const kind = (pick: (m: MoneyByKind) => MoneyByKind['refunds'], verb: string): string | null => {
    const ready = pick(totals.approved);
    const waiting = pick(totals.awaitingApproval);
    if (ready.length === 0 && waiting.length === 0) return null;
    return [
      ready.length ? `${formatMoneyList(ready)} approved to ${verb}` : `nothing approved to ${verb} yet`,
      waiting.length
        ? `${formatMoneyList(waiting)} to ${verb} awaiting approval`
        : 'nothing awaiting approval',
    ].join('; ');
  };
  return kind((m) => m.refunds, 'refund') ?? kind((m) => m.voids, 'void') ?? 'no money to return';
}

export function financeSubject(report: RunReport): string {
  const { duplicateSets } = report.totals;
  if (duplicateSets === 0) return `resrecon finance: all clear, no duplicate reservations (${report.runId})`;
  return `resrecon finance: ${plural(duplicateSets, 'duplicate set')}: ${moneyHeadline(report.totals)}`;
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

/** Why a set moves no money: its plan is done with, or its copies hold nothing to return. */
function nothingToMove(s: ReportSet): string {
  const plan = s.plan!;
  if (!isOutstanding(plan.status)) return `the plan is ${planStatusLabel(plan.status).toLowerCase()}`;
  const lines = [...plan.refunds, ...plan.voids, ...plan.transfers];
  return lines.length > 0 ? 'every payment is already carried out' : 'the copies hold no payment';
}

/** One currency's money by kind, as "EUR 120.00 refund", one string a kind. */
function kindsIn(money: MoneyByKind, currency: string): string[] {
  const one = (list: MoneyByKind['refunds'], word: string): string[] =>
    list.filter((t) => t.currency === currency).map((t) => `${formatMoney(t.amount, t.currency)} ${word}`);
  return [...one(money.refunds, 'refund'), ...one(money.voids, 'void'), ...one(money.transfers, 'transfer')];
}

/**
 * `limit` caps every list (the email: Gmail clips a message past about 100 kB; the saved report:
 * a browser must open it at once), flagged and largest first, with a sentence for the rest.
 * refunds.csv always holds every line. `consoleUrl`: where the reader finds every set (the
 * console's plan list), when one is configured; else the attachment is named.
 */
export function financeView(
  report: RunReport,
  limit = Number.POSITIVE_INFINITY,
  consoleUrl: string | null = null,
) {
  const { totals } = report;
  const dupes = report.sets.filter((s) => s.verdict === 'DUPLICATE' && s.plan);
  const awaiting = dupes.filter((s) => s.plan!.awaiting).length;
  const second = dupes.filter((s) => s.plan!.awaiting === 'SECOND_APPROVAL').length;
  // The figures show refunds; the voids and transfers beside them are counted in the note.
  const alsoMoved = (m: MoneyByKind): string => {
    const n = (list: MoneyByKind['refunds']): number => list.reduce((a, t) => a + t.count, 0);
    const also = [
      ...(m.voids.length ? [plural(n(m.voids), 'void')] : []),
      ...(m.transfers.length ? [plural(n(m.transfers), 'transfer')] : []),
    ];
    return also.length ? `; also ${also.join(' and ')}` : '';
  };
  const refundValues = (m: MoneyByKind): string[] =>
    m.refunds.length ? m.refunds.map((t) => formatMoney(t.amount, t.currency)) : ['–'];
  const figures: Figure[] = [
    {
      label: 'Duplicate sets',
      values: [count(totals.duplicateSets)],
      note: `${awaiting} awaiting approval${second > 0 ? `, ${second} of them finance's second approval` : ''}`,
    },
    {
      label: 'Approved, ready to move',
      values: refundValues(totals.approved),
      note: `to refund${alsoMoved(totals.approved)}`,
    },
    {
      label: 'Awaiting approval',
      values: refundValues(totals.awaitingApproval),
      note: `to refund once approved${alsoMoved(totals.awaitingApproval)}`,
    },
  ];
  const currencies = [
    ...new Set([...totals.refunds, ...totals.voids, ...totals.transfers].map((t) => t.currency)),
  ].sort();
  const all: MoneyByKind = { refunds: totals.refunds, voids: totals.voids, transfers: totals.transfers };
  const currencyRows = currencies.map((currency) => {
    const cell = (m: MoneyByKind): string[] => {
      const list = kindsIn(m, currency);
      return list.length ? list : ['–'];
    };
    return {
      currency,
      approved: cell(totals.approved),
      awaiting: cell(totals.awaitingApproval),
      total: cell(all),
    };
  });
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
  // Grouped by currency, in code order, so no list interleaves USD and EUR; within a currency
  // the order above (flagged, then largest). The subtotal is report.totals' for that currency,
  // every line of it, shown here or not.
  const actionGroups = currencies.flatMap((currency) => {
    const shown = actions.items.filter((l) => l.currency === currency);
    const inAll = lines.filter((l) => l.currency === currency).length;
    if (inAll === 0) return [];
    const left = inAll - shown.length;
    return [
      {
        currency,
        lineCount: plural(inAll, 'line'),
        lines: shown.map((l) => ({
          setId: l.set.setId,
          guestName: l.set.guestName ?? l.set.guestEmail,
          status: planStatusLabel(l.set.plan!.status, l.set.plan!.awaiting),
          action: l.action,
          paymentId: l.paymentId,
          reservation: l.reservation,
          amount: formatMoney(l.amount, l.currency),
        })),
        more: left > 0 ? plural(left, `more ${currency} line`) : null,
        approved: kindsIn(totals.approved, currency),
        awaiting: kindsIn(totals.awaitingApproval, currency),
      },
    ];
  });
  const c = report.changes;
  const superseded = c ? capped(c.superseded, limit, 'superseded plan') : null;
  const executed = c ? capped(c.executed, limit, 'executed plan') : null;
  // newSetIds holds every set first seen, look-alike groups left alone too: count them apart.
  const verdicts = new Map(report.sets.map((s) => [s.setId, s.verdict]));
  const newDuplicates = c ? c.newSetIds.filter((id) => verdicts.get(id) === 'DUPLICATE') : [];
  const newLookAlikes = c ? c.newSetIds.filter((id) => verdicts.get(id) === 'LEGITIMATE').length : 0;
  const changes = c
    ? {
        previousRunId: c.previousRunId ?? 'none (first run)',
        newSets: plural(newDuplicates.length, 'new duplicate set'),
        newLookAlikes: newLookAlikes > 0 ? plural(newLookAlikes, 'new look-alike group') : null,
        // The ids are in report.json; a list of thousands helps nobody here.
        newSetIds: newDuplicates.length <= Math.min(limit, 10) ? newDuplicates.join(', ') : '',
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
  const plansLink = consoleLink(consoleUrl, '/plans');
  return {
    audience: 'Finance',
    title:
      totals.duplicateSets === 0
        ? 'All clear: no duplicate reservations'
        : `${plural(totals.duplicateSets, 'duplicate set')}: ${moneyHeadline(totals)}`,
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
        link: planLink(consoleUrl, plan.planId),
        atStake: [
          ...money.refunds.map((t) => `${formatMoney(t.amount, t.currency)} refund`),
          ...money.voids.map((t) => `${formatMoney(t.amount, t.currency)} void`),
          ...money.transfers.map((t) => `${formatMoney(t.amount, t.currency)} transfer`),
        ],
        // Never a blank amount: a set that moves nothing says so, and why.
        nothing: money.atStake.length === 0 ? nothingToMove(s) : null,
      };
    }),
    actionGroups,
    moreSets: sets.more,
    moreActions: actions.more,
    plansLink,
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
