/**
 * The watch pass: the light run between nightly runs that only detects. It brings the warehouse
 * up to date (an increment), runs the rules over a short window and finds the bursts in it (more
 * copies within one hour than the escalation limit) and the release regressions its part of a
 * night shows against the clients' stored nights (judged in memory, not recorded: the nightly run
 * records the night whole); it stores no plans and writes no reports.
 * It takes the same run lock as every run (DuckDB's file has one writer) and is recorded in the
 * run history as kind `watch`.
 */
import { type ResolvedConfig, requireSource } from '../config/index.ts';
import { extract } from '../extract/index.ts';
import { bookingsPerClient, type ClientBookings, nightSpans } from '../feedback/index.ts';
import {
  type LabelledSet,
  type PlanWithStatus,
  type Regression,
  ROOT_CAUSES,
  type RootCause,
} from '../model/index.ts';
import { type Burst, findBursts, planSet } from '../reconcile/index.ts';
import { runRules } from '../rules/index.ts';
import { openStore, type RunLock, takeRunLock } from '../state/index.ts';
import { usingWarehouse } from '../warehouse/index.ts';
import { judgeClientNights } from './client-nights.ts';
import { recordFailure } from './record-failure.ts';
import { newRunId } from './run-id.ts';

export interface WatchOptions {
  readonly config: ResolvedConfig;
  readonly window: { readonly from: string; readonly to: string };
  /**
   * The extract's window when the warehouse is still empty: a backfill reads the booking requests
   * from its start only, so it must reach back as far as the next nightly run will look.
   */
  readonly backfillFrom?: string;
  readonly runId?: string;
  readonly lockHeld?: boolean;
  readonly log?: (line: string) => void;
}

export interface WatchOutcome {
  readonly runId: string;
  readonly window: { readonly from: string; readonly to: string };
  readonly duplicateSets: number;
  readonly bursts: readonly Burst[];
  /** Release regressions its part of a night shows against the stored nights before it. */
  readonly regressions: readonly Regression[];
}

export async function watchPass(options: WatchOptions): Promise<WatchOutcome> {
  const { config, window } = options;
  requireSource(config.source);
  const runId = options.runId ?? newRunId();
  const log = options.log ?? (() => undefined);
  const timings: Record<string, number> = {};
  const store = await openStore({ stateUrl: config.stateUrl, home: config.localDir, source: config.source });
  let lock: RunLock | null = null;
  let stage = 'start';
  try {
    if (!options.lockHeld) lock = await takeRunLock(store, 'watch pass');
    await store.recordRunStart({ runId, window, kind: 'watch' });
    try {
      const t0 = performance.now();
      stage = 'extract';
      const spans = nightSpans(window);
      const { sets, rowsByTable, scanned, bookings } = await usingWarehouse(
        config.warehousePath,
        async (warehouse) => {
          const extracted = await extract({
            source: config.source,
            warehouse,
            window: options.backfillFrom ? { from: options.backfillFrom, to: window.to } : window,
            runId,
            full: false,
          });
          timings['extract'] = Math.round(performance.now() - t0);
          // The source is read: the store now belongs to it (refused if it belongs to another).
          await store.claimSource();
          stage = 'rules';
          const rules = await runRules({
            warehouse,
            window,
            thresholds: config.rules,
            logDays: config.warehouse.retention.logDays,
          });
          timings['rules'] = Math.round(performance.now() - t0) - timings['extract']!;
          const bookings: ClientBookings[] = await bookingsPerClient(warehouse, spans);
          return {
            bookings,
            sets: rules.sets,
            scanned: rules.reservationsScanned,
            rowsByTable: Object.fromEntries(extracted.tables.map((t) => [t.table, t.rows])),
          };
        },
        { memoryLimit: config.warehouse.memoryLimit },
      );
      stage = 'bursts';
      const bursts = findBursts(sets, config.reconcile.burstPerHour);
      const byRootCause = Object.fromEntries(ROOT_CAUSES.map((c) => [c, 0])) as Record<RootCause, number>;
      let duplicateSets = 0;
      for (const s of sets) {
        if (s.verdict !== 'DUPLICATE') continue;
        duplicateSets += 1;
        if (s.rootCause) byRootCause[s.rootCause] += 1;
      }
      stage = 'regressions';
      const regressions = await judgeClientNights({
        store,
        runId,
        spans,
        bookings,
        sets,
        plans: plansInMemory(sets, config),
        options: config.reconcile.regression,
        record: false,
      });
      log(
        `watch ${runId}: ${duplicateSets} duplicate sets, ${bursts.length} bursts, ${regressions.length} release regressions in ${window.from} .. ${window.to}`,
      );
      await store.recordRunFinish({
        runId,
        status: 'SUCCEEDED',
        counts: {
          reservationsScanned: scanned,
          duplicateSets,
          legitimateSets: sets.length - duplicateSets,
          byRootCause,
          rowsByTable,
          bursts: bursts.length,
        },
        timings,
      });
      return { runId, window, duplicateSets, bursts, regressions };
    } catch (err) {
      await recordFailure(store, runId, err, stage, timings);
      throw err;
    }
  } finally {
    await lock?.release().catch(() => undefined);
    await store.close();
  }
}

/**
 * The plans the nightly run would propose, made in memory and kept nowhere: what a regression's
 * copies put at stake. A set the planner refuses moves no money here; the nightly run reports it.
 */
function plansInMemory(sets: readonly LabelledSet[], config: ResolvedConfig): PlanWithStatus[] {
  return sets.flatMap((set) => {
    if (set.verdict !== 'DUPLICATE') return [];
    try {
      return [{ plan: planSet(set, config.reconcile), status: 'PROPOSED' as const }];
    } catch {
      return [];
    }
  });
}
