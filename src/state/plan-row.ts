/** Reading one plan's row, and moving it along its lifecycle with a conditional update. */
import { StateError } from '../errors/index.ts';
import type { PlanStatus } from '../model/index.ts';
import { assertTransition } from '../model/index.ts';
import { notCurrentReason } from './current-plan.ts';
import type { Db, PlansTable } from './database.ts';

/** One plan's row by id, whatever its status. */
export async function planRow(db: Db, planId: string): Promise<PlansTable | undefined> {
  return db.selectFrom('plans').selectAll().where('plan_id', '=', planId).executeTakeFirst();
}

/** A plan that is still current (`isCurrentPlan`): not replaced by another, not retired. */
export async function loadPlan(db: Db, planId: string): Promise<PlansTable> {
  const row = await planRow(db, planId);
  if (!row) throw new StateError(`there is no plan ${planId}`);
  const notCurrent = notCurrentReason(planId, { status: row.status, supersededBy: row.superseded_by });
  if (notCurrent) throw new StateError(notCurrent);
  return row;
}

/** Changes the status only if nobody changed it meanwhile. */
export async function movePlan(db: Db, now: string, row: PlansTable, to: PlanStatus): Promise<void> {
  const from = assertTransition(row.plan_id, row.status, to);
  const res = await db
    .updateTable('plans')
    .set({ status: to, updated_at: now })
    .where('plan_id', '=', row.plan_id)
    .where('status', '=', from)
    .executeTakeFirst();
  if (res.numUpdatedRows !== 1n)
    throw new StateError(`plan ${row.plan_id} changed meanwhile; look at it again`);
}
