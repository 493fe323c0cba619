/**
 * `resrecon run`: one whole pipeline run, or `--resend RUN` to deliver what an earlier run left
 * in its outbox. Progress goes to stderr; the summary to stdout (JSON when piped).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedConfig } from '../../config/index.ts';
import { ConfigError, ExternalError } from '../../errors/index.ts';
import { formatMoneyList } from '../../model/index.ts';
import type { DeliveryResult } from '../../reports/index.ts';
import { info, printValue } from '../output.ts';

interface RunFlags {
  source?: string;
  from?: string;
  to?: string;
  out?: string;
  email: boolean;
  full?: boolean;
  resend?: string;
}

function outboxOf(config: ResolvedConfig, runId: string, out: string | undefined): string {
  if (out) return join(out, 'outbox');
  const last = join(config.home, 'last-run.json');
  if (existsSync(last)) {
    const recorded = JSON.parse(readFileSync(last, 'utf8')) as { runId: string; outDir: string };
    if (recorded.runId === runId) return join(recorded.outDir, 'outbox');
  }
  return join('out', runId, 'outbox');
}

function failedDeliveries(results: readonly DeliveryResult[]): DeliveryResult[] {
  return results.filter((r) => r.status === 'failed');
}

async function resend(config: ResolvedConfig, runId: string, out: string | undefined): Promise<void> {
  const outbox = outboxOf(config, runId, out);
  if (!existsSync(outbox))
    throw new ConfigError(`no outbox for run ${runId} at ${outbox}: pass --out`, '--resend');
  const { resendReports } = await import('../../reports/index.ts');
  const results = await resendReports(outbox, config.mail);
  for (const r of results) info(`${r.audience}: ${r.status}`);
  const failed = failedDeliveries(results);
  if (failed.length > 0) {
    throw new ExternalError(
      `${failed.length} message(s) could not be sent; they stay in ${outbox}`,
      'SMTP server',
    );
  }
  if (results.length === 0) info(`nothing left to send in ${outbox}`);
}

async function run(program: Command, flags: RunFlags): Promise<void> {
  const { resolveConfig } = await import('../../config/index.ts');
  const { resolveWindow, runPipeline } = await import('../../pipeline/index.ts');
  const config = resolveConfig({
    configPath: program.opts()['config'] as string | undefined,
    ...(flags.source ? { sourceUrl: flags.source } : {}),
  });
  if (flags.resend) return resend(config, flags.resend, flags.out);
  const window = resolveWindow(config.source, flags);
  const outcome = await runPipeline({
    config,
    window,
    email: flags.email,
    full: flags.full ?? false,
    progress: Boolean(process.stderr.isTTY),
    log: info,
    ...(flags.out ? { outDir: flags.out } : {}),
  });
  const { report } = outcome;
  const refunds = formatMoneyList(report.totals.refunds);
  const summary = {
    runId: outcome.runId,
    window: report.window,
    output: relative(process.cwd(), outcome.outDir) || '.',
    duplicateSets: report.totals.duplicateSets,
    legitimateSets: report.totals.legitimateSets,
    byRootCause: report.totals.byRootCause,
    refunds: report.totals.refunds,
    quarantined: report.quarantine.count,
    delivery: outcome.delivery.map((d) => ({ audience: d.audience, status: d.status })),
  };
  if (process.stdout.isTTY) {
    const causes = Object.entries(report.totals.byRootCause)
      .filter(([, n]) => n > 0)
      .map(([c, n]) => `${c} ${n}`)
      .join(', ');
    process.stdout.write(
      [
        `run ${outcome.runId}: ${report.totals.duplicateSets} duplicate sets${causes ? ` (${causes})` : ''}, ` +
          `${report.totals.legitimateSets} legitimate look-alike groups`,
        `to refund: ${refunds || 'nothing'}`,
        `reports: ${summary.output}/ (report.json, finance.html, engineering.html, ops.html, refunds.csv, plans.csv${flags.email ? ', outbox/' : ''})`,
        '',
      ].join('\n'),
    );
  } else {
    printValue(summary);
  }
  const failed = failedDeliveries(outcome.delivery);
  if (failed.length > 0) {
    throw new ExternalError(
      `${failed.length} report email(s) could not be sent and stay in ${summary.output}/outbox; ` +
        `fix RESRECON_SMTP_URL and run: npx resrecon run --resend ${outcome.runId}`,
      'SMTP server',
    );
  }
}

export function register(program: Command): void {
  program
    .command('run')
    .description('one whole run: extract, detect, classify, plan, report, email')
    .option(
      '--source <url>',
      'booking database URL (env RESRECON_SOURCE_URL; default: the embedded demo data)',
    )
    .option('--from <iso>', 'window start, inclusive (default: 24 h before --to; the demo: its own window)')
    .option('--to <iso>', 'window end, exclusive (default: now)')
    .option('--out <dir>', 'output folder (default: out/<run id>)')
    .option('--no-email', 'write the reports but send no email and fill no outbox')
    .option('--full', 'reload everything from the source instead of reading from the last high-water marks')
    .option('--resend <runId>', "send what that run's outbox still holds, then stop")
    .action(async (flags: RunFlags) => run(program, flags));
}
