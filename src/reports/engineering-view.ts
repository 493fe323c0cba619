/**
 * What engineering acts on: which causes, how often, whether it is getting worse (the last 30
 * runs, or the days of a window longer than two days, which a per-run trend would draw as one bar),
 * which clients and endpoints are behind each, which clients to fix first and with what fix, what
 * the evidence looks like and how well clients follow the idempotency contract. Guests' emails
 * are masked: engineering does not need them. That holds for every value from the source, not
 * only the guest's own field: a client may name itself by the booker's address or put it in its
 * idempotency keys, so ids, keys and client ids go through maskEmailsIn too.
 */
import {
  causeColour,
  causeLabel,
  count,
  formatDate,
  formatTimestamp,
  formatWindow,
  percent,
  plural,
  ROOT_CAUSES,
  type RunReport,
} from '../model/index.ts';
import { causeBars, dailyTrendChart, trendChart } from './charts.ts';
import { fixFirstView } from './fix-first-view.ts';
import { maskEmail, maskEmailsIn } from './mask-email.ts';
import { measuredPrecisionView } from './precision-view.ts';
import { regressionsView } from './regressions-view.ts';
import { DAILY_TREND_ABOVE_MS, setsPerDay, TREND_TIME_ZONE, windowMs } from './sets-per-day.ts';
import { trendPeriod } from './trend-period.ts';
import type { RunHistoryEntry } from './types.ts';

/** One example per cause fits; more would bury the evidence in length. */
const EXAMPLES = 5;

export function engineeringSubject(report: RunReport): string {
  const { duplicateSets, byRootCause } = report.totals;
  if (duplicateSets === 0)
    return `resrecon engineering: all clear, no duplicate reservations (${report.runId})`;
  const mix = ROOT_CAUSES.filter((c) => byRootCause[c] > 0)
    .sort((a, b) => byRootCause[b] - byRootCause[a])
    .map((c) => `${byRootCause[c]} ${c}`)
    .join(', ');
  return `resrecon engineering: ${plural(duplicateSets, 'duplicate set')} (${mix})`;
}

/**
 * One example per cause first (most confident), then the next most confident, up to EXAMPLES, or
 * fewer when the email's lists are cut to fit (`limit`).
 */
function examples(report: RunReport, limit: number) {
  const most = Math.min(EXAMPLES, limit);
  const dupes = report.sets
    .filter((s) => s.verdict === 'DUPLICATE')
    .slice()
    .sort((a, b) => b.confidence - a.confidence || a.setId.localeCompare(b.setId));
  const picked = ROOT_CAUSES.flatMap((c) => dupes.filter((s) => s.rootCause === c).slice(0, 1));
  for (const s of dupes) if (picked.length < most && !picked.includes(s)) picked.push(s);
  return picked.slice(0, most).map((s) => ({
    setId: s.setId,
    cause: causeLabel(s.rootCause ?? 'UNKNOWN'),
    colour: causeColour(s.rootCause ?? 'UNKNOWN'),
    confidence: s.confidence.toFixed(2),
    ruleId: s.ruleId ?? 'none',
    guest: maskEmail(s.guestEmail),
    stay: `${maskEmailsIn(s.roomTypeId)} · ${formatDate(s.checkIn)} – ${formatDate(s.checkOut)}`,
    members: s.members.map((m) => ({
      reservationId: maskEmailsIn(m.reservationId),
      createdAt: formatTimestamp(m.createdAt, true),
      clientId: maskEmailsIn(m.clientId ?? 'unknown client'),
      key: maskEmailsIn(m.idempotencyKey ?? 'no key'),
      hasKey: m.idempotencyKey !== null,
      requestId: maskEmailsIn(m.requestId ?? 'no request linked'),
    })),
    evidence: s.evidence.map((e) => ({ kind: e.kind, detail: maskEmailsIn(e.detail) })),
  }));
}

/**
 * How much of the night needed a person to work out what happened (`needsDiagnosis`), the
 * measure of human work engineering drives down; a large refund's second approval is not counted.
 */
function diagnosisSentence(d: RunReport['totals']['diagnosis'], sets: number): string {
  const head = `${count(d.notNeeded)} of ${plural(sets, 'set')} needed no diagnosis`;
  if (d.needed === 0) return `${head}.`;
  return `${head}; ${count(d.needed)} ${d.needed === 1 ? 'needs' : 'need'} a person to work out what happened (an unknown cause, a doubt, or a plan held back for more than a large refund's second approval).`;
}

/**
 * Day by day inside a long window; across short runs, run by run. The caption states the trend's
 * period, which "What to fix first" ranks the clients over.
 */
function trendOf(report: RunReport, history: readonly RunHistoryEntry[]) {
  const period = trendPeriod(report, history);
  const chart = barsOf(report, history);
  return {
    ...chart,
    period: formatWindow(period),
    lead: `${chart.lead} The period: ${formatWindow(period)}.`,
  };
}

function barsOf(report: RunReport, history: readonly RunHistoryEntry[]) {
  if (windowMs(report.window) > DAILY_TREND_ABOVE_MS) {
    const { days, partial } = setsPerDay(report);
    return dailyTrendChart(days, TREND_TIME_ZONE, partial);
  }
  return trendChart(history, {
    runId: report.runId,
    window: report.window,
    finishedAt: report.generatedAt,
    byRootCause: report.totals.byRootCause,
    duplicateSets: report.totals.duplicateSets,
  });
}

/**
 * `limit` caps the per-client tables, `fixFirstLimit` the clients to fix first and
 * `regressionsLimit` the release regressions (fewer in an email); every figure is in
 * report.json. `consoleUrl` links the example sets to the console.
 */
export function engineeringView(
  report: RunReport,
  history: readonly RunHistoryEntry[],
  limit = Number.POSITIVE_INFINITY,
  options: {
    readonly consoleUrl?: string | null;
    readonly fixFirstLimit?: number;
    readonly regressionsLimit?: number;
  } = {},
) {
  const { totals, conformance: conf } = report;
  const bars = causeBars(totals.byRootCause);
  const trend = trendOf(report, history);
  const causes = ROOT_CAUSES.filter((c) => totals.byRootCause[c] > 0).map((c) => ({
    label: causeLabel(c),
    colour: causeColour(c),
    count: totals.byRootCause[c],
    clients: report.clientsByCause
      .filter((x) => x.rootCause === c)
      .sort((a, b) => b.sets - a.sets || a.clientId.localeCompare(b.clientId))
      .slice(0, limit)
      .map((x) => ({
        clientId: maskEmailsIn(x.clientId),
        endpoint: x.endpoint ?? 'unknown endpoint',
        sets: x.sets,
      })),
  }));
  const maxWithout = Math.max(1, ...conf.byClient.map((b) => b.withoutKey));
  return {
    audience: 'Engineering',
    regressions: regressionsView(report, options.consoleUrl ?? null, options.regressionsLimit ?? limit),
    title:
      totals.duplicateSets === 0
        ? 'All clear: no duplicate reservations'
        : `${plural(totals.duplicateSets, 'duplicate set')} in ${count(totals.reservationsScanned)} reservations`,
    allClear: totals.duplicateSets === 0,
    figures: [
      {
        label: 'Duplicate sets',
        values: [count(totals.duplicateSets)],
        note: `${plural(totals.legitimateSets, 'look-alike')} left alone`,
      },
      {
        label: 'Requests without key',
        values: [percent(conf.withoutKey, conf.createRequests)],
        note: `${count(conf.withoutKey)} of ${count(conf.createRequests)} creates`,
      },
      { label: 'Quarantined rows', values: [count(report.quarantine.count)], note: 'not analysed' },
    ],
    fixFirst: fixFirstView(report, options.consoleUrl ?? null, options.fixFirstLimit ?? limit),
    diagnosis: diagnosisSentence(totals.diagnosis, totals.duplicateSets),
    bars: bars.bars,
    barsSvgHeight: bars.svgHeight,
    trend,
    causes,
    examples: examples(report, limit),
    precision: measuredPrecisionView(report, limit),
    conformance: {
      rows: [
        { label: 'Create requests', value: count(conf.createRequests), share: '' },
        {
          label: 'Without Idempotency-Key',
          value: count(conf.withoutKey),
          share: percent(conf.withoutKey, conf.createRequests),
        },
        {
          label: 'Replays answered from the key',
          value: count(conf.replays),
          share: percent(conf.replays, conf.createRequests),
        },
        {
          label: '409 Conflict (in flight)',
          value: count(conf.conflicts409),
          share: percent(conf.conflicts409, conf.createRequests),
        },
        {
          label: '422 key reused, other payload',
          value: count(conf.mismatches422),
          share: percent(conf.mismatches422, conf.createRequests),
        },
        {
          label: 'Timeouts (504, 502, 499, no status)',
          value: count(conf.timeouts),
          share: percent(conf.timeouts, conf.createRequests),
        },
      ],
      byClient: conf.byClient
        .slice()
        .sort((a, b) => b.withoutKey - a.withoutKey || a.clientId.localeCompare(b.clientId))
        .slice(0, limit)
        .map((b) => {
          const w = b.withoutKey === 0 ? 0 : Math.max(2, Math.round((b.withoutKey / maxWithout) * 100));
          return {
            clientId: maskEmailsIn(b.clientId),
            requests: count(b.requests),
            withoutKey: count(b.withoutKey),
            withoutKeyShare: percent(b.withoutKey, b.requests),
            timeouts: count(b.timeouts),
            barPct: w,
            restPct: 100 - w,
          };
        }),
    },
    quarantine: {
      count: count(report.quarantine.count),
      byReason: report.quarantine.byReason.map((r) => ({
        reason: maskEmailsIn(r.reason),
        count: count(r.count),
      })),
    },
  };
}
