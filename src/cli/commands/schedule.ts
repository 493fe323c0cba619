/**
 * `resrecon schedule [--watch INTERVAL]`: the long-running nightly job. Logs go to stdout (JSON
 * when piped); metrics to RESRECON_METRICS_PORT and/or metrics.file. The first SIGTERM or SIGINT
 * stops the ticks and lets the run in progress stop at its next stage boundary (or finish, once
 * its plans are stored); a second one exits at once, leaving the last committed state.
 */
import { constants } from 'node:os';
import type { Command } from 'commander';
import { commandConfig } from '../with-store.ts';

interface ScheduleFlags {
  watch?: string;
}

async function schedule(program: Command, flags: ScheduleFlags): Promise<void> {
  const { jobLogger, jobMetrics, startScheduler } = await import('../../schedule/index.ts');
  const config = await commandConfig(program);
  const log = jobLogger();
  const metrics = jobMetrics(config.metrics.file);
  const scheduler = await startScheduler({
    config,
    log,
    metrics,
    ...(flags.watch !== undefined ? { watch: flags.watch } : {}),
  });
  if (config.metrics.port) {
    const at = await metrics.listen(config.metrics.port, config.metrics.host);
    log.info({ metrics: at }, `metrics at ${at}`);
  }
  const watch = flags.watch ?? config.schedule.watch;
  log.info(
    {
      cron: config.schedule.cron,
      timezone: config.schedule.timezone,
      watch,
      next: scheduler.nextRuns.map((d) => d.toISOString()),
    },
    `scheduled: ${config.schedule.cron} (${config.schedule.timezone}); next runs ${scheduler.nextRuns
      .map((d) => d.toISOString())
      .join(', ')}${watch ? `; burst watch ${watch}` : ''}`,
  );
  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals): void => {
      signals += 1;
      if (signals > 1) {
        log.warn({ signal }, `second ${signal}: exiting now`);
        process.exit(128 + (constants.signals[signal] ?? 15));
      }
      log.info({ signal }, `${signal}: stopping; the run in progress stops at its next stage or finishes`);
      scheduler.stop(signal).then(resolve, (err: Error) => {
        log.error({ err: err.message }, 'stopping failed');
        resolve();
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  await metrics.close();
  log.info({}, 'stopped');
}

export function register(program: Command): void {
  program
    .command('schedule')
    .description('the long-running nightly job (cron), with catch-up and the burst watch')
    .option(
      '--watch <interval>',
      'also watch for bursts every INTERVAL (15m, 30s, 1h) or on a cron expression',
    )
    .action(async (flags: ScheduleFlags) => schedule(program, flags));
}
