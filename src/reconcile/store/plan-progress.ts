/** Execution progress, as the executor reports it: EXECUTING, then EXECUTED or FAILED. */
import { appendAudit } from './audit.ts';
import type { Db } from './database.ts';
import { loadPlan, movePlan, planRow } from './plan-row.ts';
import { type StoredPlan, storedPlan } from './rows.ts';
import { writeTransaction } from './write-transaction.ts';

/** Execution progress, reported by the executor: EXECUTING, then EXECUTED or FAILED. */
export async function setPlanStatus(
  db: Db,
  now: string,
  planId: string,
  to: 'EXECUTING' | 'EXECUTED' | 'FAILED',
  by: { readonly actor: string; readonly detail?: Readonly<Record<string, unknown>> },
): Promise<StoredPlan> {
  return writeTransaction(db, async (trx) => {
    const row = await loadPlan(trx, planId);
    await movePlan(trx, now, row, to);
    await appendAudit(trx, now, {
      actor: by.actor,
      action: `PLAN_${to}`,
      setId: row.set_id,
      planId,
      detail: { previousStatus: row.status, ...(by.detail ?? {}) },
    });
    return storedPlan((await planRow(trx, planId))!);
  });
}
