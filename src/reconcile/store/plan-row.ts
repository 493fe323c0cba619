/** One plan's row by id, whatever its status. */
import type { Db, PlansTable } from './database.ts';

export async function planRow(db: Db, planId: string): Promise<PlansTable | undefined> {
  return db.selectFrom('plans').selectAll().where('plan_id', '=', planId).executeTakeFirst();
}
