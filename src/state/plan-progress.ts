/** Execution progress, as the executor reports it: EXECUTING, then EXECUTED or FAILED. */
import { appendAudit } from './audit.ts';
import { batches } from './batches.ts';
import type { Db } from './database.ts';
import { loadPlan, movePlan, planRow } from './plan-row.ts';
import { type StoredPlan, storedPlan } from './rows.ts';
import { writeTransaction } from './write-transaction.ts';

/** Execution progress, reported by the executor: EXECUTING, then EXECUTED or FAILED; or STALE. */
export async function setPlanStatus(
  db: Db,
  now: string,
  planId: string,
  to: 'EXECUTING' | 'EXECUTED' | 'FAILED' | 'STALE',
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

export interface ItemOutcome {
  readonly itemId: string;
  readonly planId: string;
  readonly kind: string;
  readonly status: 'DONE' | 'FAILED';
  readonly httpStatus: number | null;
  readonly response: string | null;
  readonly attempts: number;
  readonly at: string;
}

/** How an outcome came about, for the audit trail only: the call and each attempt's answer. */
export interface OutcomeTrail {
  readonly method?: string;
  readonly path?: string;
  readonly trail?: readonly string[];
}

/** Records what the API answered for an item (a later answer for the same item replaces it). */
export async function recordItemOutcome(
  db: Db,
  now: string,
  o: (Omit<ItemOutcome, 'at'> | (Omit<ItemOutcome, 'at' | 'status'> & { status: 'PENDING' })) & OutcomeTrail,
): Promise<void> {
  await writeTransaction(db, async (trx) => {
    // PENDING: the answer is unknown (retries ran out); only the audit hears of the attempts.
    if (o.status !== 'PENDING')
      await trx
        .insertInto('item_outcomes')
        .values({
          item_id: o.itemId,
          plan_id: o.planId,
          kind: o.kind,
          status: o.status,
          http_status: o.httpStatus,
          response_json: o.response,
          attempts: o.attempts,
          at: now,
        })
        .onConflict((oc) =>
          oc.column('item_id').doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            http_status: eb.ref('excluded.http_status'),
            response_json: eb.ref('excluded.response_json'),
            attempts: eb.ref('excluded.attempts'),
            at: eb.ref('excluded.at'),
          })),
        )
        .execute();
    await appendAudit(trx, now, {
      actor: 'resrecon-executor',
      action: `ITEM_${o.status}`,
      planId: o.planId,
      detail: {
        itemId: o.itemId,
        kind: o.kind,
        ...(o.method ? { call: `${o.method} ${o.path}` } : {}),
        httpStatus: o.httpStatus,
        attempts: o.attempts,
        ...(o.trail ? { trail: o.trail } : {}),
        response: o.response,
      },
    });
  });
}

export async function itemOutcomes(db: Db, planId: string): Promise<ItemOutcome[]> {
  const rows = await db.selectFrom('item_outcomes').selectAll().where('plan_id', '=', planId).execute();
  return rows.map((r) => ({
    itemId: r.item_id,
    planId: r.plan_id,
    kind: r.kind,
    status: r.status as 'DONE' | 'FAILED',
    httpStatus: r.http_status,
    response: r.response_json,
    attempts: r.attempts,
    at: r.at,
  }));
}

/** Items recorded done, per plan, for the plans given (those carried out part-way). */
export async function doneItemIds(db: Db, planIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of batches(planIds)) {
    const rows = await db
      .selectFrom('item_outcomes')
      .select(['plan_id', 'item_id'])
      .where('plan_id', 'in', part)
      .where('status', '=', 'DONE')
      .execute();
    for (const r of rows) out.set(r.plan_id, [...(out.get(r.plan_id) ?? []), r.item_id]);
  }
  return out;
}
