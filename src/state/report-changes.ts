/**
 * What changed since the previous report, for the finance report (ReportChanges): the sets first
 * seen in this run (as the run's savePlans returned them: it wrote them, so they are not read
 * back), plans replaced and plans carried out since then. Read from the audit log, so
 * it shows what happened between runs whoever did it (CLI, console, executor). The previous
 * report is the last run that succeeded as a night (nightly or manual): a watch pass reports
 * nothing to finance, and a failed or abandoned run never reached anyone, so neither may swallow
 * the day's executions.
 */
import { type ReportChanges, totalsByCurrency } from '../model/index.ts';
import type { Db } from './database.ts';
import { storedPlan } from './rows.ts';

export async function reportChanges(
  db: Db,
  runId: string,
  newSetIds: readonly string[],
): Promise<ReportChanges> {
  const previous = await db
    .selectFrom('runs')
    .select(['run_id', 'finished_at'])
    .where('finished_at', 'is not', null)
    .where('status', '=', 'SUCCEEDED')
    .where('kind', '<>', 'watch')
    .where('run_id', '<>', runId)
    .orderBy('finished_at', 'desc')
    .orderBy('run_id', 'desc')
    .executeTakeFirst();
  // The audit sequence, not the clock, orders events: two in the same millisecond stay apart.
  const finished = previous
    ? await db
        .selectFrom('audit')
        .select('seq')
        .where('run_id', '=', previous.run_id)
        .where('action', '=', 'RUN_FINISHED')
        .orderBy('seq', 'desc')
        .executeTakeFirst()
    : undefined;
  const since = finished ? Number(finished.seq) : 0;
  const events = await db
    .selectFrom('audit')
    .select(['action', 'at', 'plan_id', 'set_id', 'detail_json'])
    .where('action', 'in', ['PLAN_SUPERSEDED', 'PLAN_EXECUTED'])
    .where('seq', '>', since)
    .orderBy('seq')
    .execute();
  const superseded: { planId: string; setId: string; byPlanId: string | null }[] = [];
  const executed: ReportChanges['executed'][number][] = [];
  for (const e of events) {
    if (!e.plan_id) continue;
    if (e.action === 'PLAN_SUPERSEDED') {
      const detail = JSON.parse(e.detail_json) as { byPlanId?: string | null };
      superseded.push({ planId: e.plan_id, setId: e.set_id ?? '', byPlanId: detail.byPlanId ?? null });
      continue;
    }
    const row = await db.selectFrom('plans').selectAll().where('plan_id', '=', e.plan_id).executeTakeFirst();
    if (!row) continue;
    const { plan } = storedPlan(row);
    executed.push({
      planId: plan.planId,
      setId: plan.setId,
      executedAt: e.at,
      refunded: totalsByCurrency(plan.refunds),
      voided: totalsByCurrency(plan.voids),
    });
  }
  return {
    previousRunId: previous?.run_id ?? null,
    newSetIds: [...newSetIds].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    superseded,
    executed,
  };
}
