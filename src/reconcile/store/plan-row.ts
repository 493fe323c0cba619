/** The plan a set has now: the one not replaced by another and not retired. */
import type { Db, PlansTable } from './database.ts';

export async function currentPlan(db: Db, setId: string): Promise<PlansTable | undefined> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('set_id', '=', setId)
    .where('superseded_by', 'is', null)
    .where('status', '<>', 'SUPERSEDED')
    .executeTakeFirst();
}

export async function planRow(db: Db, planId: string): Promise<PlansTable | undefined> {
  return db.selectFrom('plans').selectAll().where('plan_id', '=', planId).executeTakeFirst();
}
