/**
 * Renders the three reports from one RunReport, so what is mailed, what is saved and report.json
 * cannot disagree. Every list is bounded, whatever the night's size: the email shows the top
 * `emailTopN` items of each (Gmail clips a message past about 102 kB of HTML), the saved report
 * the top `fileTopN` (a browser opens it at once); the full lists travel as attachments
 * (refunds.csv for finance, plans.csv for ops, gzip-compressed past COMPRESS_ABOVE bytes so a mail
 * server takes them) and stay in report.json. CSS is inlined (juice) only into the email, where
 * clients need it, and that document is small by construction; the saved file keeps its
 * stylesheet. Views format every value in code; templates only place strings, escaped.
 */
import { gzipSync } from 'node:zlib';
import juice from 'juice';
import type { RunReport } from '../model/index.ts';
import { count, formatTimestamp, formatWindow, nothingChecked, plural } from '../model/index.ts';
import { engineeringSubject, engineeringView } from './engineering-view.ts';
import { financeSubject, financeView } from './finance-view.ts';
import { incidentsView } from './incidents-view.ts';
import { loadTemplates } from './load-templates.ts';
import { opsSubject, opsView } from './ops-view.ts';
import { plansCsv } from './plans-csv.ts';
import { refundsCsv } from './refunds-csv.ts';
import type {
  Attachment,
  Audience,
  RenderedReport,
  RenderedReports,
  RenderOptions,
  RunHistoryEntry,
} from './types.ts';

/** Attachments larger than this go gzip-compressed: most mail servers refuse messages past 25 MB. */
export const COMPRESS_ABOVE = 1_000_000;

export const DEFAULT_LIMITS = { emailTopN: 25, fileTopN: 500 } as const;

function runContext(report: RunReport) {
  return {
    runId: report.runId,
    window: formatWindow(report.window),
    generatedAt: formatTimestamp(report.generatedAt),
    source: report.source,
    demo: report.demo,
    // The demo banner already says the data is made up, louder; the box holds the rest.
    warnings: report.warnings.filter((w) => w.code !== 'DEMO_DATA'),
    nothingChecked: nothingChecked(report.warnings),
    incidents: incidentsView(report),
    scanned: count(report.totals.reservationsScanned),
    legitimate: plural(report.totals.legitimateSets, 'look-alike set'),
    quarantined: count(report.quarantine.count),
  };
}

/** A CSV as an attachment: as it is, or gzip-compressed when large. */
export function csvAttachment(filename: string, csv: string): Attachment {
  if (Buffer.byteLength(csv) <= COMPRESS_ABOVE) {
    return { filename, content: csv, contentType: 'text/csv; charset=utf-8' };
  }
  return { filename: `${filename}.gz`, content: gzipSync(csv), contentType: 'application/gzip' };
}

export function renderReports(
  report: RunReport,
  history: readonly RunHistoryEntry[],
  options: RenderOptions,
): RenderedReports {
  const templates = loadTemplates();
  const run = runContext(report);
  const emailTopN = options.emailTopN ?? DEFAULT_LIMITS.emailTopN;
  const fileTopN = options.fileTopN ?? DEFAULT_LIMITS.fileTopN;
  // A demo run says so before anything else, so nobody mistakes made-up bookings for real ones.
  const subjectOf = (text: string): string => (report.demo ? `[DEMO DATA] ${text}` : text);
  // An empty window or source checked nothing: its headline says so in every report, never
  // the views' "all clear" for having found nothing.
  const empty = run.nothingChecked;
  const headline = empty ? { title: `Nothing checked: ${empty}` } : {};
  const render = (
    audience: Audience,
    viewSubject: string,
    viewOf: (limit: number) => object,
    attachments: RenderedReport['attachments'] = [],
  ): RenderedReport => {
    const plainSubject = empty
      ? `resrecon ${audience}: nothing checked, ${empty} (${report.runId})`
      : viewSubject;
    const view = (limit: number): object => ({ ...viewOf(limit), ...headline });
    const subject = subjectOf(plainSubject);
    const email = { ...view(emailTopN), run, subject, email: true };
    return {
      audience,
      subject,
      html: tightenInlined(
        juice(templates.html[audience](email), {
          preserveMediaQueries: true,
          applyWidthAttributes: true,
        }),
      ),
      text: templates.text[audience](email),
      fileHtml: templates.html[audience]({ ...view(fileTopN), run, subject, email: false }),
      attachments,
    };
  };
  const csv = { refunds: refundsCsv(report.sets), plans: plansCsv(report.sets) };
  return {
    finance: render(
      'finance',
      financeSubject(report),
      (limit) => financeView(report, limit, options.consoleUrl),
      [csvAttachment('refunds.csv', csv.refunds)],
    ),
    engineering: render('engineering', engineeringSubject(report), (limit) =>
      engineeringView(report, history, limit),
    ),
    ops: render('ops', opsSubject(report), (limit) => opsView(report, options.consoleUrl, limit), [
      csvAttachment('plans.csv', csv.plans),
    ]),
    csv,
  };
}

/**
 * The inlined email written tight: juice writes every declaration as `name: value; ` and leaves
 * every class in place, and at a few hundred table cells the spaces and the class names no
 * remaining style rule uses (only the media queries stay in a <style> block) are a tenth of an
 * email that Gmail clips past about 102 kB. Only the spaces around `:`, `;` and `,` inside style
 * attributes go (values keep theirs), and of a table cell's classes those no <style> block names
 * (the cells are most of the markup; other elements keep theirs, for whoever reads the HTML).
 */
export function tightenInlined(html: string): string {
  const kept = new Set<string>();
  for (const [, css] of html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g))
    for (const [, name] of css!.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) kept.add(name!);
  return html
    .replace(/ style="([^"]*)"/g, (_, css: string) => {
      const tight = css
        .replace(/\s*([:;,])\s*/g, '$1')
        .replace(/;$/, '')
        .trim();
      return ` style="${tight}"`;
    })
    .replace(/<(td|th)( [^>]*?)? class="([^"]*)"/g, (_, tag: string, before = '', names: string) => {
      const used = names.split(/\s+/).filter((n) => kept.has(n));
      return `<${tag}${before}${used.length > 0 ? ` class="${used.join(' ')}"` : ''}`;
    });
}
