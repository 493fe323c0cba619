/** Run history: one row per pipeline run, for the engineering report's trend and for audits. */

import type { Selectable } from 'kysely';
import { StateError } from '../errors/index.ts';
import type { RootCause } from '../model/index.ts';
import { appendAudit } from './audit.ts';
import type { Db, RunsTable } from './database.ts';
import { writeTransaction } from './write-transaction.ts';

export interface RunCounts {
  readonly reservationsScanned: number;
  readonly duplicateSets: number;
  readonly legitimateSets: number;
  readonly byRootCause: Readonly<Record<RootCause, number>>;
  /** Plans created in this run (new or replacing a changed set's plan). */
  readonly newPlans?: number;
  readonly quarantined?: number;
  /** Rows read per source table. */
  readonly rowsByTable?: Readonly<Record<string, number>>;
  /** What the run's plans still move (refunds, voids and transfers: planMoney's atStake), per currency (decimal strings). */
  readonly moneyAtStake?: readonly { readonly currency: string; readonly amount: string }[];
  /** Incidents: more copies within an hour than the escalation limit. */
  readonly bursts?: number;
}

/** Who started a run: a person (`run`), the nightly job, or its watch pass. */
export type RunKind = 'manual' | 'nightly' | 'watch';

export interface RunStart {
  readonly runId: string;
  readonly window: { readonly from: string; readonly to: string };
  /** Default: manual. */
  readonly kind?: RunKind;
  /** Default: now. */
  readonly startedAt?: string;
}

export interface RunFinish {
  readonly runId: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly counts?: RunCounts;
  /** Milliseconds per stage. */
  readonly timings?: Readonly<Record<string, number>>;
  readonly error?: string;
  /** The stage a failed run stopped in. */
  readonly failedStage?: string;
  readonly finishedAt?: string;
  /** Where the run's reports and outbox are. */
  readonly outDir?: string;
}

export interface RunRecord {
  readonly runId: string;
  readonly kind: RunKind;
  readonly window: { readonly from: string; readonly to: string };
  /** RUNNING, SUCCEEDED or FAILED. */
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly counts: RunCounts | null;
  readonly timings: Readonly<Record<string, number>> | null;
  readonly error: string | null;
  readonly failedStage: string | null;
  readonly outDir: string | null;
  /** When retention removed the output folder (`outDir` then names where it was); null while it stands. */
  readonly outRemovedAt: string | null;
}

export async function recordRunStart(db: Db, now: string, run: RunStart): Promise<void> {
  const existing = await db
    .selectFrom('runs')
    .select('run_id')
    .where('run_id', '=', run.runId)
    .executeTakeFirst();
  if (existing) throw new StateError(`run ${run.runId} was already recorded`);
  await writeTransaction(db, async (trx) => {
    await trx
      .insertInto('runs')
      .values({
        run_id: run.runId,
        kind: run.kind ?? 'manual',
        window_from: run.window.from,
        window_to: run.window.to,
        status: 'RUNNING',
        started_at: run.startedAt ?? now,
        finished_at: null,
        counts_json: null,
        timings_json: null,
        error: null,
      })
      .execute();
    await appendAudit(trx, now, {
      actor: 'resrecon',
      action: 'RUN_STARTED',
      runId: run.runId,
      detail: { window: run.window, kind: run.kind ?? 'manual' },
    });
  });
}

export async function recordRunFinish(db: Db, now: string, run: RunFinish): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const res = await trx
      .updateTable('runs')
      .set({
        status: run.status,
        finished_at: run.finishedAt ?? now,
        counts_json: run.counts ? JSON.stringify(run.counts) : null,
        timings_json: run.timings ? JSON.stringify(run.timings) : null,
        error: run.error ?? null,
        failed_stage: run.failedStage ?? null,
        out_dir: run.outDir ?? null,
      })
      .where('run_id', '=', run.runId)
      .where('status', '=', 'RUNNING')
      .executeTakeFirst();
    if (res.numUpdatedRows !== 1n) {
      const row = await trx
        .selectFrom('runs')
        .select('error')
        .where('run_id', '=', run.runId)
        .executeTakeFirst();
      if (row?.error === ABANDONED) {
        throw new StateError(
          `run ${run.runId} was closed as abandoned by another run while it was still going (its run lock ` +
            'was lost); its output stands, but its window counts as not covered: run the window again',
        );
      }
      throw new StateError(`run ${run.runId} is not running: it cannot finish`);
    }
    await appendAudit(trx, now, {
      actor: 'resrecon',
      action: 'RUN_FINISHED',
      runId: run.runId,
      detail: {
        status: run.status,
        ...(run.error ? { error: run.error } : {}),
        ...(run.failedStage ? { stage: run.failedStage } : {}),
      },
    });
  });
}

/** Why a run left RUNNING by a process that died is closed as FAILED. */
export const ABANDONED = 'abandoned: the process running it stopped before it finished';

/**
 * Closes, as FAILED, the runs still RUNNING when the run lock is taken: one process holds the
 * lock at a time and records its run only after taking it, so any such run belongs to a process
 * that died (SIGKILL, power loss). Its window was never marked covered and is run again.
 */
export async function closeAbandonedRuns(db: Db, now: string): Promise<string[]> {
  // One statement: a run that finishes meanwhile is simply not among the rows it changes.
  return writeTransaction(db, async (trx) => {
    const rows = await trx
      .updateTable('runs')
      .set({ status: 'FAILED', finished_at: now, error: ABANDONED, failed_stage: null })
      .where('status', '=', 'RUNNING')
      .returning('run_id')
      .execute();
    for (const { run_id } of rows) {
      await appendAudit(trx, now, {
        actor: 'resrecon',
        action: 'RUN_FINISHED',
        runId: run_id,
        detail: { status: 'FAILED', error: ABANDONED },
      });
    }
    return rows.map((r) => r.run_id);
  });
}

function runRecord(r: Selectable<RunsTable>): RunRecord {
  return {
    runId: r.run_id,
    kind: r.kind as RunKind,
    window: { from: r.window_from, to: r.window_to },
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    counts: r.counts_json ? (JSON.parse(r.counts_json) as RunCounts) : null,
    timings: r.timings_json ? (JSON.parse(r.timings_json) as Record<string, number>) : null,
    error: r.error,
    failedStage: r.failed_stage,
    outDir: r.out_dir,
    outRemovedAt: r.out_removed_at,
  };
}

/**
 * The last `limit` finished runs of the nights (nightly and manual), newest first: the trend's.
 * Watch passes are left out; they overlap each other and the nights.
 */
export async function runHistory(db: Db, limit: number): Promise<RunRecord[]> {
  const rows = await db
    .selectFrom('runs')
    .selectAll()
    .where('finished_at', 'is not', null)
    .where('kind', '<>', 'watch')
    .orderBy('finished_at', 'desc')
    .orderBy('run_id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(runRecord);
}

/** Every run, RUNNING and FAILED ones included, newest first: what `resrecon runs` lists. */
export async function listRuns(db: Db, limit: number, kind?: RunKind): Promise<RunRecord[]> {
  let q = db.selectFrom('runs').selectAll();
  if (kind) q = q.where('kind', '=', kind);
  const rows = await q.orderBy('started_at', 'desc').orderBy('run_id', 'desc').limit(limit).execute();
  return rows.map(runRecord);
}

export async function getRun(db: Db, runId: string): Promise<RunRecord | null> {
  const row = await db.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
  return row ? runRecord(row) : null;
}

/**
 * The end of the latest window a run of `kind` covered successfully: where the nightly job's
 * next window starts. Null before the first.
 */
export async function lastCoveredUntil(db: Db, kind: RunKind): Promise<string | null> {
  const row = await db
    .selectFrom('runs')
    .select('window_to')
    .where('kind', '=', kind)
    .where('status', '=', 'SUCCEEDED')
    .orderBy('window_to', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.window_to ?? null;
}
