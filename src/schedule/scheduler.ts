/**
 * `resrecon schedule`: the nightly job. A cron task (node-cron, in the configured time zone) runs
 * the pipeline over the windows due at each tick, after catching up what was missed while the
 * process was down; an optional watch pass between them only detects and alerts on bursts and
 * release regressions. A release regression is alerted once while it lasts (per client and
 * release), whether the nightly run or a watch pass finds it first, and again when it comes back
 * after a recovery; a manual `run` reports it and alerts nobody.
 *
 * Every run takes the store's run lock first, and works out its windows only once it holds it:
 * of two schedulers ticking at once one runs and the other finds nothing left to do, whichever
 * gets there second. A tick that finds the lock held (another host's run, or a person's) is
 * skipped and logged; the next tick's window covers the time it would have.
 *
 * Stopping (SIGTERM, SIGINT) stops the ticks, asks the run in progress to stop at its next stage
 * boundary before plans are stored (it then leaves everything as it was) or lets it finish once
 * they are, and waits for it; a second signal exits at once (see the command).
 */
import cron, { type ScheduledTask } from 'node-cron';
import {
  type Alert,
  burstAlert,
  failureAlert,
  mailFailedAlert,
  regressionAlert,
  sendAlert,
} from '../alerts/index.ts';
import { type ResolvedConfig, requireSource } from '../config/index.ts';
import { ConfigError, StateError } from '../errors/index.ts';
import { type Regression, warningSentence } from '../model/index.ts';
import { newRunId, runPipeline, watchPass } from '../pipeline/index.ts';
import { openStore, type RunKind, type RunLock } from '../state/index.ts';
import { dueWindows, type Window } from './due-windows.ts';
import { intervalMs } from './interval.ts';
import type { JobMetrics } from './metrics.ts';
import { regressionAlertRecord } from './regression-alert-record.ts';

export interface JobLog {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

export interface SchedulerOptions {
  readonly config: ResolvedConfig;
  readonly log: JobLog;
  /** Overrides the configuration's schedule.watch; null turns the watch off. */
  readonly watch?: string | null;
  readonly metrics?: JobMetrics;
  /** Output folder of each nightly run; default out/<run id>. */
  readonly outDir?: (runId: string) => string;
}

export interface Scheduler {
  /** The next nightly runs, for the start-up message. */
  readonly nextRuns: readonly Date[];
  /** Resolves once the catch-up at start-up is done. */
  readonly caughtUp: Promise<void>;
  /** Stops ticking and waits for the run in progress (asked to stop before it stores plans). */
  stop(reason: string): Promise<void>;
}

const WATCH_LOOKBACK_MS = 3_600_000;

/** Checks the schedule; each error names the setting its value came from (`settings`). */
function validated(config: ResolvedConfig, watchText: string | null, watchSetting: string) {
  const { cron: expression, timezone, settings } = config.schedule;
  const check = cron.validateDetailed(expression);
  if (!check.valid) {
    const why = check.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new ConfigError(
      `${settings.cron}: the schedule ${JSON.stringify(expression)} is not a cron expression (${why})`,
      settings.cron,
    );
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new ConfigError(
      `${settings.timezone}: the time zone ${JSON.stringify(timezone)} is not one the system knows`,
      settings.timezone,
    );
  }
  let watch: { everyMs: number } | { cron: string } | null = null;
  if (watchText) {
    const ms = intervalMs(watchText, watchSetting);
    if (ms !== null) watch = { everyMs: ms };
    else if (cron.validate(watchText)) watch = { cron: watchText };
    else
      throw new ConfigError(
        `${watchSetting} ${JSON.stringify(watchText)} is neither an interval (15m) nor a cron expression`,
        watchSetting,
      );
  }
  return { expression, timezone, watch };
}

export async function startScheduler(options: SchedulerOptions): Promise<Scheduler> {
  const { config, log, metrics } = options;
  requireSource(config.source);
  const { expression, timezone, watch } =
    options.watch === undefined
      ? validated(config, config.schedule.watch, config.schedule.settings.watch)
      : validated(config, options.watch, '--watch');
  const store = await openStore({ stateUrl: config.stateUrl, home: config.localDir, source: config.source });
  const stopping = new AbortController();
  let busy: Promise<unknown> | null = null;

  const nightly = cron.createTask(expression, (ctx) => tick(ctx.date), {
    timezone,
    name: 'resrecon-nightly',
    noOverlap: true,
  });
  const [first, second] = nightly.getNextRuns(2);
  if (!first || !second)
    throw new ConfigError(
      `${config.schedule.settings.cron}: the schedule ${expression} never fires`,
      config.schedule.settings.cron,
    );
  const periodMs = second.getTime() - first.getTime();

  /** Runs `fn` under the run lock unless this process or another is already running. */
  async function exclusive(what: string, fn: (lock: RunLock) => Promise<void>): Promise<void> {
    if (stopping.signal.aborted) return;
    if (busy) {
      log.warn({ what }, `${what} skipped: this scheduler is still running the previous one`);
      metrics?.skipped.inc({ kind: what });
      return;
    }
    const job = (async () => {
      const attempt = await store.tryLockRuns();
      if (!('lock' in attempt)) {
        log.warn({ what, heldBy: attempt.heldBy }, `${what} skipped: another run holds the run lock`);
        metrics?.skipped.inc({ kind: what });
        return;
      }
      try {
        await fn(attempt.lock);
      } finally {
        await attempt.lock.release().catch(() => undefined);
      }
    })();
    busy = job;
    try {
      await job;
    } catch (err) {
      log.error({ what, err: (err as Error).message }, `${what} failed`);
    } finally {
      busy = null;
    }
  }

  async function alert(a: Alert): Promise<void> {
    const results = await sendAlert(a, config);
    for (const r of results) {
      const entry = { alert: a.kind, runId: a.runId, channel: r.channel, status: r.status, detail: r.detail };
      if (r.status === 'failed') log.error(entry, `alert not delivered by ${r.channel}`);
      else log.info(entry, `alert ${r.status}`);
    }
  }

  /**
   * Alerts each regression once while it lasts: its record covers its nights and is widened as
   * it grows (regressionAlertRecord), so a new regression after a recovery is alerted again.
   */
  async function alertRegressions(runId: string, regressions: readonly Regression[]): Promise<void> {
    for (const r of regressions) {
      const fresh = await store.alertSent(regressionAlertRecord(runId, r));
      if (!fresh) {
        log.info({ client: r.client, release: r.release }, 'release regression already alerted');
        continue;
      }
      await alert(regressionAlert(runId, r, config.mail.consoleUrl));
    }
  }

  async function runWindows(windows: readonly Window[], kind: RunKind, lock: RunLock): Promise<void> {
    for (const window of windows) {
      if (stopping.signal.aborted) return;
      const runId = newRunId();
      log.info({ runId, kind, window }, `nightly run ${runId} for ${window.from} .. ${window.to}`);
      const started = performance.now();
      try {
        const outcome = await runPipeline({
          config,
          window,
          runId,
          kind,
          email: true,
          heldLock: lock,
          signal: stopping.signal,
          log: (line) => log.info({ runId }, line.trim()),
          ...(options.outDir ? { outDir: options.outDir(runId) } : {}),
        });
        metrics?.recordRun(kind, 'SUCCEEDED', (performance.now() - started) / 1000, outcome.report);
        log.info(
          { runId, duplicateSets: outcome.report.totals.duplicateSets, output: outcome.outDir },
          `nightly run ${runId} succeeded`,
        );
        // The log says what the reports say: an empty window or an unsent report is no quiet night.
        for (const w of outcome.report.warnings)
          log.warn({ runId, code: w.code }, `nightly run ${runId}: ${warningSentence(w)}`);
        await alertRegressions(runId, outcome.report.regressions ?? []);
        const unsent = outcome.delivery.flatMap((d) =>
          d.status === 'failed' ? [{ audience: d.audience, error: d.error.message }] : [],
        );
        if (unsent.length > 0) {
          log.error({ runId, unsent }, `nightly run ${runId}: ${unsent.length} report email(s) not sent`);
          await alert(mailFailedAlert(runId, outcome.outDir, unsent));
        }
      } catch (err) {
        metrics?.recordRun(kind, 'FAILED', (performance.now() - started) / 1000, null);
        const record = await store.getRun(runId);
        const message = err instanceof Error ? err.message : String(err);
        log.error({ runId, stage: record?.failedStage ?? null, err: message }, `nightly run ${runId} failed`);
        // A run stopped on request is not an incident; anything else is.
        if (!(stopping.signal.aborted && err instanceof StateError)) {
          await alert(failureAlert(runId, kind, window, record?.failedStage ?? null, message));
        }
        // Later windows wait: the next tick starts again from the last one that succeeded.
        return;
      }
    }
  }

  async function tick(at: Date): Promise<void> {
    const upTo = new Date(Math.floor(at.getTime() / 1000) * 1000);
    await exclusive('nightly', async (lock) => {
      const windows = dueWindows({
        coveredUntil: await store.lastCoveredUntil('nightly'),
        upTo,
        periodMs,
        catchUp: config.schedule.catchUp,
      });
      if (windows.length === 0) {
        log.info({ upTo: upTo.toISOString() }, 'nothing due: another scheduler already covered this tick');
        return;
      }
      await runWindows(windows, 'nightly', lock);
    });
    metrics?.setNextRun(nightly.getNextRun());
  }

  /** At start-up: the nights missed while down, up to the last tick before now. */
  async function catchUp(): Promise<void> {
    await exclusive('catch-up', async (lock) => {
      const coveredUntil = await store.lastCoveredUntil('nightly');
      if (coveredUntil === null) {
        log.info({}, 'no nightly run yet: the first one runs at the next tick');
        return;
      }
      const lastTick = new Date(first!.getTime() - periodMs);
      const windows = dueWindows({
        coveredUntil,
        upTo: lastTick,
        periodMs,
        catchUp: config.schedule.catchUp,
      });
      if (windows.length === 0) return;
      log.info(
        { windows: windows.length, from: coveredUntil },
        `catching up ${windows.length} missed window(s)`,
      );
      await runWindows(windows, 'nightly', lock);
    });
  }

  async function watchTick(at: Date): Promise<void> {
    await exclusive('watch', async () => {
      const to = new Date(Math.floor(at.getTime() / 1000) * 1000);
      const everyMs = watch && 'everyMs' in watch ? watch.everyMs : periodMs;
      // An hour and one interval back: a burst is counted within any one hour, and one that
      // straddles two passes is seen whole by the second.
      const window = {
        from: new Date(to.getTime() - WATCH_LOOKBACK_MS - everyMs).toISOString(),
        to: to.toISOString(),
      };
      const coveredUntil = await store.lastCoveredUntil('nightly');
      const outcome = await watchPass({
        config,
        window,
        lockHeld: true,
        backfillFrom: coveredUntil ?? new Date(to.getTime() - periodMs).toISOString(),
        log: (line) => log.info({}, line),
      });
      metrics?.recordWatch(outcome.bursts.length);
      for (const burst of outcome.bursts) {
        const fresh = await store.alertSent({
          kind: 'burst',
          from: burst.from,
          to: burst.to,
          detail: { runId: outcome.runId, copies: burst.copies, setIds: burst.setIds.slice(0, 50) },
        });
        if (!fresh) {
          log.info({ from: burst.from, to: burst.to }, 'burst already alerted');
          continue;
        }
        await alert(burstAlert(outcome.runId, burst, config.reconcile.burstPerHour));
      }
      await alertRegressions(outcome.runId, outcome.regressions);
    });
  }

  const caughtUp = catchUp();
  nightly.start();
  let watchTask: ScheduledTask | null = null;
  let watchTimer: NodeJS.Timeout | null = null;
  if (watch && 'cron' in watch) {
    watchTask = cron.createTask(watch.cron, (ctx) => watchTick(ctx.date), {
      timezone,
      name: 'resrecon-watch',
      noOverlap: true,
    });
    watchTask.start();
  } else if (watch) {
    watchTimer = setInterval(() => void watchTick(new Date()), watch.everyMs);
  }
  metrics?.setNextRun(nightly.getNextRun());

  return {
    nextRuns: nightly.getNextRuns(3),
    caughtUp,
    async stop(reason) {
      await nightly.stop();
      if (watchTask) await watchTask.stop();
      if (watchTimer) clearInterval(watchTimer);
      stopping.abort(reason);
      await caughtUp.catch(() => undefined);
      // The run in progress, if any: it stops at its next stage boundary or finishes.
      while (busy) await busy.catch(() => undefined);
      await nightly.destroy();
      if (watchTask) await watchTask.destroy();
      await store.close();
    },
  };
}
