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
import { loadTemplates } from './load-templates.ts';
import { opsSubject, opsView } from './ops-view.ts';
import { refundsCsv } from './refunds-csv.ts';
import type { Audience, RenderedReport, RenderedReports, RenderOptions, RunHistoryEntry } from './types.ts';

function runContext(report: RunReport) {
  return {
    runId: report.runId,
    window: formatWindow(report.window),
    generatedAt: formatTimestamp(report.generatedAt),
    source: report.source,
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
  const render = (
    audience: Audience,
    subject: string,
    view: object,
    attachments: RenderedReport['attachments'] = [],
  ): RenderedReport => {
    const context = { ...view, run, subject };
    const inline = (html: string): string =>
      juice(html, { preserveMediaQueries: true, applyWidthAttributes: true });
    return {
      audience,
      subject,
      html: inline(templates.html[audience]({ ...context, email: true })),
      text: templates.text[audience](context),
      fileHtml: inline(templates.html[audience]({ ...context, email: false })),
      attachments,
    };
  };
  return {
    finance: render('finance', financeSubject(report), financeView(report), [
      { filename: 'refunds.csv', content: refundsCsv(report), contentType: 'text/csv; charset=utf-8' },
    ]),
    engineering: render('engineering', engineeringSubject(report), engineeringView(report, history)),
    ops: render('ops', opsSubject(report), opsView(report, options.consoleUrl)),
  };
}
