/**
 * Which plan is current, in one place: not replaced by another plan (`superseded_by` empty) and
 * not retired (status SUPERSEDED, which a plan retired with no replacement carries alone). A plan
 * carried out before its set changed keeps its status and is linked to its replacement, so it is
 * no longer current either. `plans_current_per_set`, the unique index that allows one current
 * plan per set, holds the same predicate (migration 0001, checked by the store's tests); listing,
 * the reservations still pending, savePlans and the decisions all ask this.
 */
import { type RawBuilder, type SqlBool, sql } from 'kysely';

/** The predicate as the unique index states it. */
export const CURRENT_PLAN_SQL = "superseded_by is null and status <> 'SUPERSEDED'";

export function isCurrentPlan(plan: {
  readonly status: string;
  readonly supersededBy: string | null;
}): boolean {
  return plan.supersededBy === null && plan.status !== 'SUPERSEDED';
}

/** Why a plan is not current, in one line for the person who asked to decide it; null when it is. */
export function notCurrentReason(
  planId: string,
  plan: { readonly status: string; readonly supersededBy: string | null },
): string | null {
  if (isCurrentPlan(plan)) return null;
  return plan.supersededBy
    ? `plan ${planId} was superseded by ${plan.supersededBy}`
    : `plan ${planId} was retired with no replacement: its set no longer needs it`;
}

/** The same predicate for a query on `plans` (or on its alias `table`). */
export function currentPlanSql(table?: string): RawBuilder<SqlBool> {
  const col = (name: string) => sql.ref(table ? `${table}.${name}` : name);
  return sql<SqlBool>`(${col('superseded_by')} is null and ${col('status')} <> 'SUPERSEDED')`;
}
