/** Conversions between the store's rows and the values the rest of resrecon uses. */
import { DataError } from '../errors/index.ts';
import {
  isPlanStatus,
  type LabelledSet,
  type Plan,
  type PlanWithStatus,
  type RootCause,
  type Verdict,
} from '../model/index.ts';
import type { PlanItemsTable, PlansTable, SetsTable } from './database.ts';

/** A plan as the store keeps it: the plan, its status, and where it stands in the set's history. */
export interface StoredPlan extends PlanWithStatus {
  readonly setId: string;
  /** The plan that replaced this one, when the set changed or an approver chose another keep. */
  readonly supersededBy: string | null;
  readonly createdRunId: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function storedPlan(row: PlansTable): StoredPlan {
  if (!isPlanStatus(row.status)) {
    throw new DataError(`unknown plan status ${row.status}`, {
      table: 'plans',
      row: row.plan_id,
      field: 'status',
    });
  }
  return {
    plan: JSON.parse(row.plan_json) as Plan,
    status: row.status,
    setId: row.set_id,
    supersededBy: row.superseded_by,
    createdRunId: row.created_run_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function setRow(set: LabelledSet, contentHash: string, runId: string, now: string): SetsTable {
  return {
    set_id: set.setId,
    verdict: set.verdict,
    root_cause: set.rootCause,
    confidence: set.confidence,
    rule_id: set.ruleId,
    key_json: JSON.stringify(set.key),
    reservation_ids_json: JSON.stringify(set.reservationIds),
    members_json: JSON.stringify(set.members),
    evidence_json: JSON.stringify(set.evidence),
    clients_json: JSON.stringify(set.clients),
    content_hash: contentHash,
    burst: 0,
    doubt: set.doubt ?? null,
    first_seen_run: runId,
    last_seen_run: runId,
    updated_at: now,
  };
}

export function labelledSet(row: SetsTable): LabelledSet {
  return {
    setId: row.set_id,
    key: JSON.parse(row.key_json),
    reservationIds: JSON.parse(row.reservation_ids_json),
    members: JSON.parse(row.members_json),
    verdict: row.verdict as Verdict,
    rootCause: row.root_cause as RootCause | null,
    confidence: row.confidence,
    evidence: JSON.parse(row.evidence_json),
    ruleId: row.rule_id,
    clients: JSON.parse(row.clients_json),
    ...(row.doubt ? { doubt: row.doubt } : {}),
  };
}

/** One row per item, so the executor and finance can query items without parsing plans. */
export function itemRows(plan: Plan): PlanItemsTable[] {
  const base = {
    plan_id: plan.planId,
    payment_id: null,
    to_reservation_id: null,
    amount: null,
    currency: null,
  };
  return [
    ...plan.cancel.map((i) => ({
      ...base,
      item_id: i.itemId,
      kind: 'cancel',
      reservation_id: i.reservationId,
    })),
    ...plan.refunds.map((i) => ({
      ...base,
      item_id: i.itemId,
      kind: 'refund',
      reservation_id: i.reservationId,
      payment_id: i.paymentId,
      amount: i.amount,
      currency: i.currency,
    })),
    ...plan.voids.map((i) => ({
      ...base,
      item_id: i.itemId,
      kind: 'void',
      reservation_id: i.reservationId,
      payment_id: i.paymentId,
      amount: i.amount,
      currency: i.currency,
    })),
    ...plan.transfers.map((i) => ({
      ...base,
      item_id: i.itemId,
      kind: 'transfer',
      reservation_id: i.fromReservationId,
      payment_id: i.paymentId,
      to_reservation_id: i.toReservationId,
      amount: i.amount,
      currency: i.currency,
    })),
    ...plan.releases.map((i) => ({
      ...base,
      item_id: i.itemId,
      kind: 'release',
      reservation_id: i.reservationId,
    })),
    { ...base, item_id: plan.notify.itemId, kind: 'notify', reservation_id: plan.notify.keptReservationId },
  ];
}
