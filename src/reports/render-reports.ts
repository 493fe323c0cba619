/**
 * Renders the three reports from one RunReport, so what is mailed, what is saved and report.json
 * cannot disagree. The email gets table-based charts and inlined CSS (juice); the saved file gets
 * SVG charts. Views format every value in code; templates only place strings, escaped.
 */
import juice from 'juice';
import type { RunReport } from '../model/index.ts';
import { engineeringSubject, engineeringView } from './engineering-view.ts';
import { financeSubject, financeView } from './finance-view.ts';
import { count, formatTimestamp, formatWindow, plural } from './format.ts';
import { incidentsView } from './incidents-view.ts';
import { loadTemplates } from './load-templates.ts';
import { opsSubject, opsView } from './ops-view.ts';
import { refundsCsv } from './refunds-csv.ts';
import type { Audience, RenderedReport, RenderedReports, RenderOptions, RunHistoryEntry } from './types.ts';

/** Rows per table and plans per email: Gmail clips a message above about 100 kB of HTML. */
const EMAIL_ROWS = 25;
const EMAIL_PLANS = 20;

function runContext(report: RunReport) {
  return {
    runId: report.runId,
    window: formatWindow(report.window),
    generatedAt: formatTimestamp(report.generatedAt),
    source: report.source,
    demo: report.demo,
    incidents: incidentsView(report),
    scanned: count(report.totals.reservationsScanned),
    legitimate: plural(report.totals.legitimateSets, 'look-alike set'),
    quarantined: count(report.quarantine.count),
  };
}

export function renderReports(
  report: RunReport,
  history: readonly RunHistoryEntry[],
  options: RenderOptions,
): RenderedReports {
  const templates = loadTemplates();
  const run = runContext(report);
  // A demo run says so before anything else, so nobody mistakes made-up bookings for real ones.
  const subjectOf = (text: string): string => (report.demo ? `[DEMO DATA] ${text}` : text);
  const render = (
    audience: Audience,
    plainSubject: string,
    view: (email: boolean) => object,
    attachments: RenderedReport['attachments'] = [],
  ): RenderedReport => {
    const subject = subjectOf(plainSubject);
    const inline = (html: string): string =>
      juice(html, { preserveMediaQueries: true, applyWidthAttributes: true });
    const email = { ...view(true), run, subject, email: true };
    return {
      audience,
      subject,
      html: inline(templates.html[audience](email)),
      text: templates.text[audience](email),
      fileHtml: inline(templates.html[audience]({ ...view(false), run, subject, email: false })),
      attachments,
    };
  };
  return {
    finance: render(
      'finance',
      financeSubject(report),
      (email) => financeView(report, email ? EMAIL_ROWS : undefined),
      [{ filename: 'refunds.csv', content: refundsCsv(report.sets), contentType: 'text/csv; charset=utf-8' }],
    ),
    engineering: render('engineering', engineeringSubject(report), () => engineeringView(report, history)),
    ops: render('ops', opsSubject(report), (email) =>
      opsView(report, options.consoleUrl, email ? EMAIL_PLANS : undefined),
    ),
  };
}
