/**
 * Renders the three reports from one RunReport, so what is mailed, what is saved and report.json
 * cannot disagree. Every list is bounded, whatever the night's size: the email shows the top
 * `emailTopN` items of each, fewer when that would pass EMAIL_HTML_BUDGET (Gmail clips a message
 * past about 102 kB of HTML), the saved report
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
import { FIX_FIRST_EMAIL_ROWS } from './fix-first-view.ts';
import { incidentsView } from './incidents-view.ts';
import { loadTemplates } from './load-templates.ts';
import { opsSubject, opsView } from './ops-view.ts';
import { plansCsv } from './plans-csv.ts';
import { refundsCsv } from './refunds-csv.ts';
import { REGRESSION_EMAIL_ROWS } from './regressions-view.ts';
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

/**
 * Bytes of HTML an email may take: Gmail clips a message past about 102 kB (102,400 bytes), and
 * the headers and the text part do not count, so this leaves a margin for the mail server's
 * line folding. An email above it is rendered again with shorter lists, down to MIN_EMAIL_TOP_N.
 */
export const EMAIL_HTML_BUDGET = 100_000;
const MIN_EMAIL_TOP_N = 3;

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
    viewOf: (limit: number, email: boolean) => object,
    attachments: RenderedReport['attachments'] = [],
  ): RenderedReport => {
    const plainSubject = empty
      ? `resrecon ${audience}: nothing checked, ${empty} (${report.runId})`
      : viewSubject;
    const view = (limit: number, email: boolean): object => ({ ...viewOf(limit, email), ...headline });
    const subject = subjectOf(plainSubject);
    const emailView = (limit: number) => ({ ...view(limit, true), run, subject, email: true });
    const emailHtml = (limit: number): string =>
      tightenInlined(
        juice(templates.html[audience](emailView(limit)), {
          preserveMediaQueries: true,
          applyWidthAttributes: true,
        }),
      );
    // The lists shrink until the email fits: a night with longer names or more clients than
    // usual is shown in fewer items (each list still says how many more there are), never clipped.
    let limit = emailTopN;
    let html = emailHtml(limit);
    while (Buffer.byteLength(html) > EMAIL_HTML_BUDGET && limit > MIN_EMAIL_TOP_N) {
      limit = Math.max(MIN_EMAIL_TOP_N, Math.floor(limit * 0.7));
      html = emailHtml(limit);
    }
    return {
      audience,
      subject,
      html,
      text: templates.text[audience](emailView(limit)),
      fileHtml: templates.html[audience]({ ...view(fileTopN, false), run, subject, email: false }),
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
    engineering: render('engineering', engineeringSubject(report), (limit, email) =>
      engineeringView(report, history, limit, {
        consoleUrl: options.consoleUrl,
        fixFirstLimit: email ? Math.min(FIX_FIRST_EMAIL_ROWS, limit) : limit,
        // The regressions are the email's incident, at its top: an email cut to fit the budget
        // shortens the other lists, never them (five fit beside the rest of a long night).
        regressionsLimit: email ? REGRESSION_EMAIL_ROWS : limit,
      }),
    ),
    ops: render('ops', opsSubject(report), (limit) => opsView(report, options.consoleUrl, limit), [
      csvAttachment('plans.csv', csv.plans),
    ]),
    csv,
  };
}

const SIDES = ['top', 'right', 'bottom', 'left'] as const;

/**
 * One style attribute written tight: no spaces around `:`, `;` and `,`; a property set twice
 * written once, as CSS reads it (the last one wins); a `padding` followed by a side of its own
 * (`padding:8px;padding-left:0`, a cell's first column) written as one four-value padding.
 * A declaration marked !important is left as written.
 */
export function tightDeclarations(css: string): string {
  // An entity (`&quot;`) or a url() may hold a `;` of its own: such a style only loses spaces.
  if (/[&(]/.test(css))
    return css
      .replace(/\s*([:;,])\s*/g, '$1')
      .replace(/;$/, '')
      .trim();
  const declarations = css
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const at = d.indexOf(':');
      return [
        d.slice(0, at).trim().toLowerCase(),
        d
          .slice(at + 1)
          .replace(/\s*,\s*/g, ',')
          .trim(),
      ] as const;
    });
  if (declarations.some(([name, value]) => !name || /!important/i.test(value)))
    return declarations.map(([name, value]) => `${name}:${value}`).join(';');
  const props = new Map<string, string>();
  for (const [name, value] of declarations) {
    const side = /^padding-(top|right|bottom|left)$/.exec(name)?.[1] as (typeof SIDES)[number] | undefined;
    const padding = props.get('padding');
    if (side && padding !== undefined) {
      const v = padding.split(/\s+/);
      const four = [v[0], v[1] ?? v[0], v[2] ?? v[0], v[3] ?? v[1] ?? v[0]] as string[];
      four[SIDES.indexOf(side)] = value;
      props.delete('padding');
      props.set('padding', four.join(' '));
      continue;
    }
    props.delete(name);
    props.set(name, value);
  }
  return [...props].map(([name, value]) => `${name}:${value}`).join(';');
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
    .replace(/ style="([^"]*)"/g, (_, css: string) => ` style="${tightDeclarations(css)}"`)
    .replace(/<(td|th)( [^>]*?)? class="([^"]*)"/g, (_, tag: string, before = '', names: string) => {
      const used = names.split(/\s+/).filter((n) => kept.has(n));
      return `<${tag}${before}${used.length > 0 ? ` class="${used.join(' ')}"` : ''}`;
    });
}
