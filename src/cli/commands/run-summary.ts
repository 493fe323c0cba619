/**
 * What `resrecon run` tells its caller when it is done. On a terminal, a short page for a person:
 * what was found with the money per currency, the warnings, the output folder with one line per
 * file, and what became of each email, in words. Piped (or with --json), the same facts as JSON
 * for scripts, with each delivery's status code kept beside its words, and the stage times and
 * peak RSS the run measured.
 */
import { readdirSync } from 'node:fs';
import { relative } from 'node:path';
import {
  formatMoneyList,
  formatWindow,
  nothingChecked,
  type RunReport,
  type RunWarning,
  warningSentence,
} from '../../model/index.ts';
import type { DeliveryResult } from '../../reports/index.ts';

export interface RunSummaryInput {
  readonly runId: string;
  readonly outDir: string;
  readonly report: RunReport;
  readonly delivery: readonly DeliveryResult[];
  /** The run wrote its emails (false with --no-email). */
  readonly email: boolean;
  /** Paths are shown relative to this folder. */
  readonly cwd: string;
  /** Milliseconds per stage, as the run measured them (JSON only). */
  readonly timings?: Readonly<Record<string, number>>;
  /** The process's peak RSS (MiB) at the end of each stage (JSON only). */
  readonly peakRssMiB?: Readonly<Record<string, number>>;
}

/** One line per file a run leaves, in the order a person would open them. */
const FILES: readonly (readonly [string, string])[] = [
  ['finance.html', 'for finance: the money to refund, void and transfer, per currency'],
  ['engineering.html', 'for engineering: root causes, their trend, the clients behind them'],
  ['ops.html', 'for ops: the plans awaiting approval, flagged first'],
  ['refunds.csv', 'every refund, void and transfer still to carry out (attached to the finance email)'],
  ['plans.csv', 'every plan of the run (attached to the ops email)'],
  ['report.json', 'the whole result for scripts: sets, plans, totals, warnings (docs/contracts.md)'],
  ['outbox', 'the emails as .eml files, exactly as sent or waiting to be'],
];

function shown(cwd: string, path: string): string {
  return relative(cwd, path) || '.';
}

function recipientsSetting(audience: string): string {
  return `mail.to.${audience} or RESRECON_MAIL_TO_${audience.toUpperCase()}`;
}

/**
 * What became of one email, as a sentence a person can act on; its file is named within the
 * output folder (`outbox/….eml`), which the summary names once.
 */
export function deliveryFate(d: DeliveryResult, runId: string, outDir: string): string {
  const file = shown(outDir, d.file);
  switch (d.status) {
    case 'sent':
      return `sent to ${d.recipients.join(', ')}`;
    case 'skipped-no-recipients':
      return `written to ${file}, not sent: no recipients configured (set ${recipientsSetting(d.audience)})`;
    case 'written':
      return (
        `written to ${file}, not sent: no mail server configured (set mail.smtpUrl or RESRECON_SMTP_URL, ` +
        `then npx resrecon run --resend ${runId})`
      );
    case 'failed':
      // The mail room's errors already say where the message waits and how to resend it.
      return d.error.message.includes('--resend')
        ? `not sent: ${d.error.message}`
        : `not sent: ${d.error.message}; it waits in ${file}: npx resrecon run --resend ${runId}`;
  }
}

function causes(report: RunReport): string {
  return Object.entries(report.totals.byRootCause)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([c, n]) => `${c} ${n}`)
    .join(', ');
}

function plansLine(report: RunReport): string {
  const awaiting = report.sets.filter((s) => s.plan?.awaiting);
  const flagged = awaiting.filter((s) => s.plan!.flags.length > 0).length;
  const decided = report.sets.filter((s) => s.plan && !s.plan.awaiting).length;
  const parts = [`${awaiting.length} awaiting a decision${flagged > 0 ? ` (${flagged} flagged)` : ''}`];
  if (decided > 0) parts.push(`${decided} already decided`);
  return parts.join(', ');
}

type MoneyKind = 'refunds' | 'voids' | 'transfers';

/** One kind of money still to move, split as the finance report splits it: approved, or not yet. */
function moneyLine(report: RunReport, kind: MoneyKind): string {
  const t = report.totals;
  const all = formatMoneyList(t[kind]);
  if (!all) return 'nothing';
  const ready = formatMoneyList(t.approved[kind]);
  const waiting = formatMoneyList(t.awaitingApproval[kind]);
  if (!ready) return `${all}, awaiting approval`;
  if (!waiting) return `${all}, approved and ready to move`;
  return `${ready} approved and ready to move; ${waiting} awaiting approval`;
}

/** What a person does next with this run's result: the commands, in the order they come. */
function nextLines(report: RunReport, outDir: string, cwd: string): string[] {
  const awaiting = report.sets.filter((s) => s.plan?.awaiting).length;
  const approved = report.sets.filter((s) => s.plan?.status === 'APPROVED').length;
  const lines = [
    `  read the reports:  open ${shown(cwd, outDir)}/ops.html (and finance.html, engineering.html)`,
  ];
  if (awaiting > 0)
    lines.push(
      `  decide the ${awaiting} plan${awaiting === 1 ? '' : 's'} awaiting a decision:  npx resrecon plans list, ` +
        'npx resrecon plans show PLAN, or the console: npx resrecon serve',
    );
  if (approved > 0)
    lines.push(
      `  carry out the ${approved} approved plan${approved === 1 ? '' : 's'}:  npx resrecon execute --dry-run, then npx resrecon execute`,
    );
  return lines;
}

function warningLines(warnings: readonly RunWarning[]): string[] {
  return warnings.flatMap((w) => [`  ! ${w.message}`, `    ${w.nextStep}`]);
}

/** The terminal page. */
export function runSummaryText(input: RunSummaryInput): string {
  const { report, runId, cwd } = input;
  const t = report.totals;
  const nothing = nothingChecked(report.warnings);
  const lines: string[] = [];
  lines.push(
    nothing
      ? `resrecon run ${runId}: nothing checked, ${nothing}`
      : `resrecon run ${runId}: ${t.duplicateSets} duplicate set${t.duplicateSets === 1 ? '' : 's'} ` +
          `in ${t.reservationsScanned.toLocaleString('en-GB')} bookings`,
  );
  lines.push(`  window  ${formatWindow(report.window)}`);
  if (report.warnings.length > 0)
    lines.push('', `Warnings (${report.warnings.length})`, ...warningLines(report.warnings));
  if (!nothing) {
    const cause = causes(report);
    lines.push(
      '',
      'Found',
      `  duplicate sets     ${t.duplicateSets}${cause ? ` (${cause})` : ''}`,
      `  look-alike groups  ${t.legitimateSets}, left alone`,
      `  plans              ${plansLine(report)}`,
      `  to refund          ${moneyLine(report, 'refunds')}`,
      `  to void            ${moneyLine(report, 'voids')}`,
      `  to transfer        ${moneyLine(report, 'transfers')}`,
    );
    if (report.quarantine.count > 0)
      lines.push(`  quarantined rows   ${report.quarantine.count} (left out; engineering.html says why)`);
  }
  const present = new Set(readdirSync(input.outDir));
  const files = FILES.filter(([name]) => present.has(name));
  const width = Math.max(...files.map(([name]) => name.length + (name === 'outbox' ? 1 : 0)));
  lines.push('', `Output: ${shown(cwd, input.outDir)}/`);
  for (const [name, what] of files) {
    const label = name === 'outbox' ? 'outbox/' : name;
    lines.push(`  ${label.padEnd(width)}  ${what}`);
  }
  lines.push('', 'Emails');
  if (!input.email) lines.push('  none written (--no-email)');
  const aw = Math.max(0, ...input.delivery.map((d) => d.audience.length));
  for (const d of input.delivery)
    lines.push(`  ${d.audience.padEnd(aw)}  ${deliveryFate(d, runId, input.outDir)}`);
  if (!nothing) lines.push('', 'Next', ...nextLines(report, input.outDir, cwd));
  return `${lines.join('\n')}\n`;
}

/** The JSON form: the facts a script needs, the deliveries with their status codes and words. */
export function runSummaryJson(input: RunSummaryInput) {
  const { report, cwd } = input;
  return {
    runId: input.runId,
    window: report.window,
    output: shown(cwd, input.outDir),
    files: readdirSync(input.outDir).sort(),
    duplicateSets: report.totals.duplicateSets,
    legitimateSets: report.totals.legitimateSets,
    reservationsScanned: report.totals.reservationsScanned,
    byRootCause: report.totals.byRootCause,
    refunds: report.totals.refunds,
    voids: report.totals.voids,
    transfers: report.totals.transfers,
    quarantined: report.quarantine.count,
    warnings: report.warnings.map(warningSentence),
    warningDetails: report.warnings,
    delivery: input.delivery.map((d) => ({
      audience: d.audience,
      status: d.status,
      file: shown(cwd, d.file),
      recipients: d.recipients,
      fate: deliveryFate(d, input.runId, input.outDir),
    })),
    // For the benchmarks, which run the binary as a deployment does and read its costs here;
    // the last stage's peak is the run's (only this page is printed after it).
    timings: input.timings ?? {},
    peakRssMiB: input.peakRssMiB ?? {},
  };
}
