/**
 * One whole run: extract -> rules -> reconcile -> reports -> delivery, recorded in the state
 * store. The output folder is assembled under a temporary name and renamed into place only when
 * every file is written, so a failed run leaves nothing half-written behind; the run's status
 * and error go to the run history either way.
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type ResolvedConfig, redactUrl, requireSource } from '../config/index.ts';
import { ConfigError, ExternalError, StateError } from '../errors/index.ts';
import { advanceLogHorizon, extract } from '../extract/index.ts';
import { bookingsPerClient, nightSpans } from '../feedback/index.ts';
import { collectGarbage, removeStaleStaging, stagingFolder, writeAtomic } from '../io/index.ts';
import { type PlanWithStatus, plansMoney, type RunReport } from '../model/index.ts';
import { reconcile } from '../reconcile/index.ts';
import {
  buildReport,
  type DeliveryResult,
  queueReports,
  type RunHistoryEntry,
  renderReports,
  resendReports,
  sendQueued,
  writeReports,
} from '../reports/index.ts';
import { runRules } from '../rules/index.ts';
import { openStore, type RunKind, type RunLock, type Store, takeRunLock } from '../state/index.ts';
import { usingWarehouse } from '../warehouse/index.ts';
import { judgeClientNights } from './client-nights.ts';
import { inactiveReservations } from './inactive-reservations.ts';
import { recordFailure } from './record-failure.ts';
import { retainOutputs } from './retain-outputs.ts';
import { compactAfterRun, compactionDueAfterRun, retainWarehouse } from './retain-warehouse.ts';
import { newRunId } from './run-id.ts';
import { runWarnings } from './run-warnings.ts';
import { sourceExtent } from './source-extent.ts';

export interface RunOptions {
  readonly config: ResolvedConfig;
  readonly window: { readonly from: string; readonly to: string };
  /** Output folder; default `out/<run id>`. Must not exist or be empty. */
  readonly outDir?: string;
  readonly email: boolean;
  readonly full?: boolean;
  readonly progress?: boolean;
  readonly runId?: string;
  /** Messages for people (progress), not results. */
  readonly log?: (line: string) => void;
  /** Who started it (default manual): the nightly job's windows follow its own runs only. */
  readonly kind?: RunKind;
  /** The run lock the caller (the nightly job) already holds; otherwise the run takes it. */
  readonly heldLock?: RunLock;
  /**
   * Stops the run at the next stage boundary up to planning, leaving the warehouse, the store and
   * the output folder as a failed run does; once plans are stored the run finishes.
   */
  readonly signal?: AbortSignal;
}

export interface RunOutcome {
  readonly runId: string;
  readonly outDir: string;
  readonly report: RunReport;
  readonly delivery: readonly DeliveryResult[];
  /** Milliseconds per stage (extract, rules and its steps, reconcile, report, render, write, deliver). */
  readonly timings: Readonly<Record<string, number>>;
  /**
   * The process's peak resident memory (MiB) as it stood at the end of each stage: the first
   * stage at which it reaches its final value is the one that set the peak.
   */
  readonly peakRssMiB: Readonly<Record<string, number>>;
}

const HISTORY_RUNS = 30;

function describeSource(config: ResolvedConfig): string {
  const s = config.source;
  if (s.kind === 'postgres') return redactUrl(s.url);
  if (s.kind === 'none') return 'none';
  return s.demo ? 'files:fixtures/demo (embedded demo data)' : `files:${s.dir}`;
}

async function history(store: Store): Promise<RunHistoryEntry[]> {
  const runs = await store.runHistory(HISTORY_RUNS);
  return runs
    .filter((r) => r.counts !== null && r.finishedAt !== null && r.status === 'SUCCEEDED')
    .map((r) => ({
      runId: r.runId,
      window: r.window,
      finishedAt: r.finishedAt!,
      byRootCause: r.counts!.byRootCause,
      duplicateSets: r.counts!.duplicateSets,
    }))
    .reverse();
}

function checkOutDir(outDir: string): void {
  if (existsSync(outDir) && readdirSync(outDir).length > 0) {
    throw new ConfigError(
      `output folder ${outDir} already exists and is not empty: choose another --out`,
      '--out',
    );
  }
}

export async function runPipeline(options: RunOptions): Promise<RunOutcome> {
  const { config, window } = options;
  requireSource(config.source);
  const demo = config.source.kind === 'files' && config.source.demo;
  const log = options.log ?? (() => undefined);
  if (demo) log('DEMO DATA: no booking database is configured, so this run reads the embedded demo history');
  const runId = options.runId ?? newRunId();
  const outDir = resolve(options.outDir ?? join('out', runId));
  checkOutDir(outDir);
  const timings: Record<string, number> = {};
  const rowsByTable: Record<string, number> = {};
  const peakRssMiB: Record<string, number> = {};
  let stage = 'start';
  let lock: RunLock | null = null;
  const time = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    if (options.signal?.aborted && !storing(name)) {
      throw new StateError(
        `run ${runId} stopped (${String(options.signal.reason)}) before ${name}; nothing of it was kept`,
      );
    }
    // Without the lock another run may be under way: stop before writing plans beside it.
    const lost = storing(name) ? null : await (lock ?? options.heldLock)?.verify();
    if (lost) {
      throw new StateError(`run ${runId} stopped before ${name}: ${lost}; run the window again`);
    }
    stage = name;
    const t0 = performance.now();
    try {
      return await fn();
    } catch (err) {
      throw diskFull(err, name, config.home) ?? err;
    } finally {
      timings[name] = Math.round(performance.now() - t0);
      peakRssMiB[name] = Math.round(process.resourceUsage().maxRSS / 1024);
    }
  };

  const store = await openStore({ stateUrl: config.stateUrl, home: config.localDir, source: config.source });
  const staging = stagingFolder(outDir, runId);
  try {
    if (!options.heldLock) lock = await takeRunLock(store, 'run');
    await store.recordRunStart({ runId, window, kind: options.kind ?? 'manual' });
    // Under the lock, every run this store still calls RUNNING is this one.
    const stale = await removeStaleStaging(dirname(outDir), async (id) => {
      const run = await store.getRun(id);
      return run !== null && run.status !== 'RUNNING';
    });
    for (const name of stale.removed) log(`  removed ${name}, left by a run that died`);
    for (const f of stale.failed) log(`  could not remove ${f.name}, left by a run that died: ${f.error}`);
    try {
      // The warehouse is closed as soon as the rules are done: DuckDB's memory goes back before
      // the sets are planned and reported, so the two never add up.
      const spans = nightSpans(window);
      const { rules, inactive, extent, compact, bookings } = await usingWarehouse(
        config.warehousePath,
        async (warehouse) => {
          log(`run ${runId}: extracting from ${describeSource(config)} for ${window.from} .. ${window.to}`);
          const extracted = await time('extract', () =>
            extract({
              source: config.source,
              warehouse,
              window,
              runId,
              full: options.full ?? false,
              progress: options.progress ?? false,
              ...(options.signal ? { signal: options.signal } : {}),
            }),
          );
          // The source is read: the store now belongs to it (refused if it belongs to another).
          await store.claimSource();
          for (const t of extracted.tables) rowsByTable[t.table] = t.rows;
          log(
            `  extract${extracted.incremental ? ' (incremental)' : ''}: ${extracted.tables.map((t) => `${t.table} ${t.rows} (${t.ms} ms)`).join(', ')}`,
          );
          const rules = await time('rules', () =>
            runRules({
              warehouse,
              window,
              thresholds: config.rules,
              logDays: config.warehouse.retention.logDays,
            }),
          );
          for (const t of rules.timings) timings[`rules:${t.step}`] = t.ms;
          log(`  rules: ${rules.sets.length} sets, ${rules.quarantine.length} rows quarantined`);
          // Read while the rules' links are still in the session (bookingsPerClient), before retention.
          const bookings = await time('bookings', () => bookingsPerClient(warehouse, spans));
          const pending = await store.pendingReservationIds();
          const inactive = await inactiveReservations(warehouse, pending);
          // An empty window is no all-clear: the warning names what the source does hold.
          const extent = rules.reservationsScanned === 0 ? await sourceExtent(warehouse) : null;
          await time('retention', () =>
            retainWarehouse({
              warehouse,
              config,
              window,
              keep: [...pending, ...rules.sets.flatMap((s) => s.reservationIds)],
              log,
              ...(config.source.kind === 'postgres'
                ? { moveLogHorizon: (cut: string) => advanceLogHorizon(warehouse, cut) }
                : {}),
            }),
          );
          const compact = await compactionDueAfterRun(warehouse, config);
          return { rules, inactive, extent, compact, bookings };
        },
        { memoryLimit: config.warehouse.memoryLimit },
      );
      // The rules' parsed rows are garbage now; neither compaction nor planning should stack its
      // peak on them.
      collectGarbage();
      if (compact) await time('compact', () => compactAfterRun(config, log));
      const reconciled = await time('reconcile', () =>
        reconcile({ runId, sets: rules.sets, store, options: config.reconcile, inactive }),
      );
      for (const f of reconciled.failed) log(`  could not plan set ${f.setId}: ${f.error}`);
      const newPlans = [...reconciled.plans.values()].filter((p) => p.isNew).length;
      const plans = await partlyDone(store, reconciled.plans);
      // The run's clients' nights are recorded (a re-run replaces the nights it read again) and
      // judged against the stored nights before them.
      const regressions = await time('regressions', () =>
        judgeClientNights({
          store,
          runId,
          spans,
          bookings,
          sets: rules.sets,
          plans: plans.values(),
          options: config.reconcile.regression,
          record: true,
        }),
      );
      if (regressions.length > 0)
        log(`  release regressions: ${regressions.map((r) => `${r.client}@${r.release ?? '?'}`).join(', ')}`);
      const warnings = runWarnings({
        config,
        window,
        email: options.email,
        windowBookings: rules.reservationsScanned,
        extent,
        evidence: {
          logsFrom: rules.logsFrom,
          agedOutSets: rules.agedOutSets,
        },
      });
      const report = await time('report', async () =>
        buildReport({
          runId,
          window,
          generatedAt: new Date().toISOString(),
          source: describeSource(config),
          demo,
          sets: rules.sets,
          plans,
          conformance: rules.conformance,
          burstPerHour: config.reconcile.burstPerHour,
          quarantine: rules.quarantine,
          reservationsScanned: rules.reservationsScanned,
          timings,
          changes: await store.reportChanges(runId, reconciled.newSetIds),
          warnings,
          regressions,
        }),
      );
      // Nor should rendering stack its peak on what planning and the report left behind.
      collectGarbage();
      const rendered = await time('render', async () =>
        renderReports(report, await history(store), {
          consoleUrl: config.mail.consoleUrl,
          emailTopN: config.reports.emailTopN,
          fileTopN: config.reports.fileTopN,
        }),
      );
      await time('write', () =>
        writingTo(outDir, async () => {
          await rm(staging, { recursive: true, force: true });
          await writeReports(staging, report, rendered);
          await mkdir(resolve(outDir, '..'), { recursive: true });
          if (existsSync(outDir)) await rm(outDir, { recursive: true });
          await rename(staging, outDir);
        }),
      );
      await writeAtomic(
        join(config.home, 'last-run.json'),
        `${JSON.stringify({ runId, outDir }, null, 2)}\n`,
      );
      // The emails are written to the outbox, then the run is recorded done, then they go: a
      // process that dies while sending leaves a covered window and queued messages, which the
      // next run sends, rather than a rerun of the window mailing everyone again.
      const outbox = join(outDir, 'outbox');
      const queued = options.email
        ? await time('queue', () => queueReports(rendered, config.mail, outbox, runId))
        : null;
      await store.recordRunFinish({
        runId,
        status: 'SUCCEEDED',
        counts: {
          reservationsScanned: report.totals.reservationsScanned,
          duplicateSets: report.totals.duplicateSets,
          legitimateSets: report.totals.legitimateSets,
          byRootCause: report.totals.byRootCause,
          newPlans,
          quarantined: report.quarantine.count,
          rowsByTable,
          moneyAtStake: plansMoney(
            report.sets.flatMap((s) => (s.plan ? [{ plan: s.plan, status: s.plan.status }] : [])),
          ).atStake.map((t) => ({ currency: t.currency, amount: t.amount })),
          bursts: report.incidents.length,
        },
        timings,
        outDir,
      });
      const delivery = queued
        ? await time('deliver', async () => {
            const own = await sendQueued(queued, config.mail, outbox);
            if (config.mail.smtpUrl) await finishEarlierDeliveries(store, runId, config.mail, log);
            return own;
          })
        : [];
      await retainOutputs(store, config, { runId, outDir }, log);
      return { runId, outDir, report, delivery, timings, peakRssMiB };
    } catch (err) {
      await rm(staging, { recursive: true, force: true });
      await recordFailure(store, runId, err, stage, timings);
      throw err;
    }
  } finally {
    await lock?.release().catch(() => undefined);
    await store.close();
  }
}

/** How many earlier runs' outboxes a run looks into for messages a dying process left unsent. */
const RESUME_RUNS = 7;

/**
 * Sends what earlier runs queued and never got to attempt (their process died mid-delivery).
 * Failures stay in those outboxes, for `run --resend`; they never fail this run.
 */
async function finishEarlierDeliveries(
  store: Store,
  runId: string,
  mail: ResolvedConfig['mail'],
  log: (line: string) => void,
): Promise<void> {
  const earlier = (await store.listRuns(50))
    .filter((r) => r.runId !== runId && r.status === 'SUCCEEDED' && r.kind !== 'watch' && r.outDir)
    .slice(0, RESUME_RUNS);
  for (const run of earlier) {
    const outbox = join(run.outDir!, 'outbox');
    if (!existsSync(outbox)) continue;
    const results = await resendReports(outbox, mail, { interruptedOnly: true }).catch((err: unknown) => {
      log(`  could not finish sending run ${run.runId}'s reports: ${(err as Error).message}`);
      return [];
    });
    for (const r of results) {
      log(
        `  ${r.status === 'sent' ? 'sent' : 'could not send'} run ${run.runId}'s ${r.audience} report, cut off when its process died`,
      );
    }
  }
}

/** The run's plans, those carried out part-way knowing which of their items are done. */
async function partlyDone<P extends PlanWithStatus>(
  store: Store,
  plans: ReadonlyMap<string, P>,
): Promise<Map<string, P>> {
  const entries = [...plans.entries()];
  const marked = await store.withDoneItems(entries.map(([, p]) => p));
  return new Map(entries.map(([setId], i) => [setId, marked[i]!]));
}

/**
 * DuckDB and SQLite report a full disk in words of their own, not as ENOSPC: one line saying
 * which stage, where, and that the stage kept nothing (each stage commits or rolls back whole).
 */
function diskFull(err: unknown, stage: string, home: string): ExternalError | null {
  const message = err instanceof Error ? err.message : String(err);
  if (
    err instanceof ExternalError ||
    !/no space left on device|database or disk is full|SQLITE_FULL/i.test(message)
  )
    return null;
  return new ExternalError(
    `no space left on the disk under ${home} during ${stage} (${message}); the stage kept nothing: ` +
      'free space (or move RESRECON_HOME) and run the window again',
    'disk',
    { cause: err },
  );
}

/** File system refusals that the operator fixes (space, permissions), not bugs. */
const FS_REFUSALS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EFBIG']);

/** Runs the output's writing; a full disk or a refused folder becomes one line saying what to do. */
async function writingTo(outDir: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!code || !FS_REFUSALS.has(code)) throw err;
    throw new ExternalError(
      `cannot write the reports to ${outDir} (${(err as Error).message}); nothing was left there and ` +
        "the run's plans are stored: free space or choose another --out, and run the window again",
      'output folder',
      { cause: err },
    );
  }
}

/** Stages after which the store holds the run's plans: a stop request waits for the end. */
function storing(stage: string): boolean {
  return ['regressions', 'report', 'render', 'write', 'queue', 'deliver'].includes(stage);
}
