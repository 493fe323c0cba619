/**
 * `resrecon run`: one whole pipeline run, or `--resend RUN` to deliver what an earlier run left
 * in its outbox. Progress goes to stderr; the summary to stdout: a page for a person on a
 * terminal, JSON when piped or with --json (the warnings then also go to stderr, for the log).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import type { ResolvedConfig } from '../../config/index.ts';
import { ConfigError, ExternalError } from '../../errors/index.ts';
import { warningSentence } from '../../model/index.ts';
import type { DeliveryResult } from '../../reports/index.ts';
import { info, printValue, write } from '../output.ts';

interface RunFlags {
  source?: string;
  from?: string;
  to?: string;
  out?: string;
  email: boolean;
  full?: boolean;
  resend?: string;
  json?: boolean;
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

/** When retention removed the run's output folder, the sentence saying so; otherwise null. */
async function removedByRetention(config: ResolvedConfig, runId: string): Promise<string | null> {
  const { openCommandStore } = await import('../with-store.ts');
  const store = await openCommandStore(config);
  try {
    const run = await store.getRun(runId);
    if (!run?.outRemovedAt) return null;
    return (
      `run ${runId}'s output folder ${run.outDir ?? ''} was removed by retention on ${run.outRemovedAt} ` +
      '(reports.keepRuns, reports.keepDays); a folder is removed only once its outbox holds nothing unsent, ' +
      'so there is nothing left to send'
    );
  } finally {
    await store.close();
  }
}

async function resend(config: ResolvedConfig, runId: string, out: string | undefined): Promise<void> {
  const outbox = outboxOf(config, runId, out);
  if (!existsSync(outbox)) {
    const removed = await removedByRetention(config, runId);
    throw new ConfigError(removed ?? `no outbox for run ${runId} at ${outbox}: pass --out`, '--resend');
  }
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
  const summary = {
    runId: outcome.runId,
    outDir: outcome.outDir,
    report: outcome.report,
    delivery: outcome.delivery,
    email: flags.email,
    cwd: process.cwd(),
    timings: outcome.timings,
    peakRssMiB: outcome.peakRssMiB,
  };
  const { runSummaryJson, runSummaryText } = await import('./run-summary.ts');
  if (process.stdout.isTTY && !flags.json) {
    write(runSummaryText(summary));
  } else {
    printValue(runSummaryJson(summary));
    for (const w of outcome.report.warnings) info(`warning ${w.code}: ${warningSentence(w)}`);
  }
  const failed = failedDeliveries(outcome.delivery);
  if (failed.length > 0) {
    throw new ExternalError(
      `${failed.length} report email(s) could not be sent and stay in ${relative(process.cwd(), join(outcome.outDir, 'outbox')) || 'outbox'}; ` +
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
    .option('--json', 'print the summary as JSON, even on a terminal (it is JSON whenever stdout is piped)')
    .action(async (flags: RunFlags) => run(program, flags));
}
