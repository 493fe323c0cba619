/**
 * The runs' output folders, for retention: which runs wrote one, and the record that retention
 * removed it. Which folders go is the retention's decision (src/reports/prune-outputs.ts); the
 * store only lists and records.
 */
import { appendAudit } from './audit.ts';
import type { Db } from './database.ts';
import { writeTransaction } from './write-transaction.ts';

export interface RunOutput {
  readonly runId: string;
  /** RUNNING, SUCCEEDED or FAILED. */
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly outDir: string;
  readonly outRemovedAt: string | null;
}

/** Every run that recorded an output folder, removed ones included, newest first. */
export async function runOutputs(db: Db): Promise<RunOutput[]> {
  const rows = await db
    .selectFrom('runs')
    .select(['run_id', 'status', 'started_at', 'finished_at', 'out_dir', 'out_removed_at'])
    .where('out_dir', 'is not', null)
    .orderBy('started_at', 'desc')
    .orderBy('run_id', 'desc')
    .execute();
  return rows.map((r) => ({
    runId: r.run_id,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outDir: r.out_dir!,
    outRemovedAt: r.out_removed_at,
  }));
}

/** Records that retention removed the run's output folder (once: a second call changes nothing). */
export async function recordOutputRemoved(db: Db, now: string, runId: string, outDir: string): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const res = await trx
      .updateTable('runs')
      .set({ out_removed_at: now })
      .where('run_id', '=', runId)
      .where('out_removed_at', 'is', null)
      .executeTakeFirst();
    if (res.numUpdatedRows !== 1n) return;
    await appendAudit(trx, now, { actor: 'resrecon', action: 'OUTPUT_REMOVED', runId, detail: { outDir } });
  });
}
