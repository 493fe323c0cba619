/**
 * The state store's tables as kysely sees them. Every column is text, integer or double so the
 * same queries run on PostgreSQL and SQLite: timestamps are ISO-8601 text (UTC, sortable),
 * values the store does not query into (plans, members, evidence) are JSON text, booleans 0/1.
 */
import type { Generated, Kysely } from 'kysely';

export interface RunsTable {
  run_id: string;
  window_from: string;
  window_to: string;
  /** RUNNING, SUCCEEDED or FAILED. */
  status: string;
  started_at: string;
  finished_at: string | null;
  counts_json: string | null;
  timings_json: string | null;
  error: string | null;
  /** manual, nightly or watch. */
  kind: Generated<string>;
  /** The stage a FAILED run stopped in. */
  failed_stage: string | null;
  /** The output folder of a run that wrote one. */
  out_dir: string | null;
  /** When retention removed that folder; null while it stands. */
  out_removed_at: string | null;
}

export interface SetsTable {
  set_id: string;
  verdict: string;
  root_cause: string | null;
  confidence: number;
  rule_id: string | null;
  key_json: string;
  reservation_ids_json: string;
  members_json: string;
  evidence_json: string;
  clients_json: string;
  content_hash: string;
  /**
   * No longer read or computed (always 0): bursts are incidents of a run's report now, not a
   * property of a set. Kept because applied migrations are never edited.
   */
  burst: number;
  /** LabelledSet.doubt: why the evidence cannot tell copies from rooms booked on purpose. */
  doubt: string | null;
  first_seen_run: string;
  last_seen_run: string;
  updated_at: string;
}

export interface SetReservationsTable {
  reservation_id: string;
  set_id: string;
}

export interface PlansTable {
  plan_id: string;
  set_id: string;
  status: string;
  content_hash: string;
  keep_override: string | null;
  plan_json: string;
  bulk_approvable: number;
  superseded_by: string | null;
  created_run_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface PlanItemsTable {
  item_id: string;
  plan_id: string;
  /** cancel, refund, void, transfer, release, notify. */
  kind: string;
  reservation_id: string;
  payment_id: string | null;
  to_reservation_id: string | null;
  amount: string | null;
  currency: string | null;
}

export interface DecisionsTable {
  decision_id: string;
  plan_id: string;
  /** APPROVED or REJECTED. */
  decision: string;
  decided_by: string;
  decided_at: string;
  reason: string | null;
  keep_reservation_id: string | null;
  /** The plan the decision applies to in the end: a new one when the approver chose another keep. */
  resulting_plan_id: string;
  /** REJECTION_CATEGORIES: a rejection's, or `wrong-keep` on an approval with another keep; null before. */
  category: string | null;
}

export interface AuditTable {
  seq: Generated<number>;
  at: string;
  actor: string;
  action: string;
  run_id: string | null;
  set_id: string | null;
  plan_id: string | null;
  detail_json: string;
}

/** One row per lock name while it is held. */
export interface RunLockTable {
  name: string;
  /** host:pid:nonce of the process holding it. */
  holder: string;
  acquired_at: string;
  /** Moved on while held; on the embedded store a lock whose heartbeat stopped is taken over. */
  heartbeat_at: string;
}

/** Alerts sent, so a burst seen again by the next pass is not alerted twice. */
export interface AlertsTable {
  alert_key: string;
  /** burst or run-failed. */
  kind: string;
  first_sent_at: string;
  /** The span of creation times the alert covers; a burst overlapping it is the same burst. */
  covers_from: string;
  covers_to: string;
  detail_json: string;
}

/** What the booking API answered for one plan item. */
export interface ItemOutcomesTable {
  item_id: string;
  plan_id: string;
  kind: string;
  /** DONE (a 2xx) or FAILED (a 4xx other than 409, or retries exhausted). */
  status: string;
  http_status: number | null;
  /** The response body, as text. */
  response_json: string | null;
  attempts: number;
  at: string;
}

export interface UsersTable {
  username: string;
  /** scrypt$<salt hex>$<key hex> */
  password_hash: string;
  /** viewer, approver or finance. */
  role: string;
  created_at: string;
}

/** The one source this store belongs to (one row, id 1): see source-binding.ts. */
export interface StoreSourceTable {
  id: number;
  fingerprint: string;
  description: string;
  bound_at: string;
}

/** A client's night (model ClientNight): bookings, copies, causes and money at stake. */
export interface ClientNightsTable {
  night_from: string;
  night_to: string;
  client_id: string;
  bookings: number;
  copies: number;
  by_cause_json: string;
  at_stake_json: string;
  example_set_ids_json: string;
  run_id: string;
  updated_at: string;
}

/** A person's look at a rule under precision (`resrecon rules reviewed`). */
export interface RuleReviewsTable {
  review_id: string;
  rule_id: string;
  reviewed_by: string;
  reviewed_at: string;
  note: string | null;
}

export interface Database {
  runs: RunsTable;
  sets: SetsTable;
  set_reservations: SetReservationsTable;
  plans: PlansTable;
  plan_items: PlanItemsTable;
  decisions: DecisionsTable;
  audit: AuditTable;
  run_lock: RunLockTable;
  alerts: AlertsTable;
  item_outcomes: ItemOutcomesTable;
  users: UsersTable;
  store_source: StoreSourceTable;
  client_nights: ClientNightsTable;
  rule_reviews: RuleReviewsTable;
}

export type Db = Kysely<Database>;
