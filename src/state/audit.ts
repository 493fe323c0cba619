/** The append-only audit log: who did what to which run, set or plan, and when. */
import type { Insertable } from 'kysely';
import type { AuditTable, Db } from './database.ts';
import { insertRows } from './insert-rows.ts';

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  /** e.g. PLAN_PROPOSED, PLAN_SUPERSEDED, PLAN_APPROVED, PLAN_REJECTED, PLAN_EXECUTING, RUN_STARTED. */
  readonly action: string;
  readonly runId: string | null;
  readonly setId: string | null;
  readonly planId: string | null;
  readonly detail: Readonly<Record<string, unknown>>;
}

export type NewAuditEntry = Omit<AuditEntry, 'seq' | 'at' | 'runId' | 'setId' | 'planId'> &
  Partial<Pick<AuditEntry, 'runId' | 'setId' | 'planId'>>;

export function auditRow(at: string, entry: NewAuditEntry): Insertable<AuditTable> {
  return {
    at,
    actor: entry.actor,
    action: entry.action,
    run_id: entry.runId ?? null,
    set_id: entry.setId ?? null,
    plan_id: entry.planId ?? null,
    detail_json: JSON.stringify(entry.detail),
  };
}

/** Appends entries inside the caller's transaction (a run's thousands go through insertRows). */
export async function appendAudit(db: Db, at: string, ...entries: readonly NewAuditEntry[]): Promise<void> {
  await insertRows(
    db,
    null,
    'audit',
    entries.map((e) => auditRow(at, e)),
  );
}

export interface AuditFilter {
  readonly planId?: string;
  readonly setId?: string;
  readonly runId?: string;
  /** The newest N entries (still returned oldest first). */
  readonly limit?: number;
  /** Only entries older than this one (by `seq`): the next page of a log read newest first. */
  readonly before?: number;
}

export async function readAudit(db: Db, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit').selectAll();
  if (filter.planId) q = q.where('plan_id', '=', filter.planId);
  if (filter.setId) q = q.where('set_id', '=', filter.setId);
  if (filter.runId) q = q.where('run_id', '=', filter.runId);
  if (filter.before !== undefined) q = q.where('seq', '<', filter.before);
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(filter.limit ?? 1000)
    .execute();
  return rows.reverse().map((r) => ({
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    action: r.action,
    runId: r.run_id,
    setId: r.set_id,
    planId: r.plan_id,
    detail: JSON.parse(r.detail_json) as Record<string, unknown>,
  }));
}
