/**
 * The store's migrations, listed in code (kysely's Migrator with a static provider) so they ship
 * with the program and run the same on both back ends. Append new ones; never edit an applied one.
 */
import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { quoteIdent } from '../sql/index.ts';

export type Backend = 'postgres' | 'sqlite';

function init(backend: Backend, schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema
        .createTable('runs')
        .addColumn('run_id', 'text', (c) => c.primaryKey())
        .addColumn('window_from', 'text', (c) => c.notNull())
        .addColumn('window_to', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text', (c) => c.notNull())
        .addColumn('finished_at', 'text')
        .addColumn('counts_json', 'text')
        .addColumn('timings_json', 'text')
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('runs_finished_at').on('runs').column('finished_at').execute();
      await db.schema
        .createTable('sets')
        .addColumn('set_id', 'text', (c) => c.primaryKey())
        .addColumn('verdict', 'text', (c) => c.notNull())
        .addColumn('root_cause', 'text')
        .addColumn('confidence', 'double precision', (c) => c.notNull())
        .addColumn('rule_id', 'text')
        .addColumn('key_json', 'text', (c) => c.notNull())
        .addColumn('reservation_ids_json', 'text', (c) => c.notNull())
        .addColumn('members_json', 'text', (c) => c.notNull())
        .addColumn('evidence_json', 'text', (c) => c.notNull())
        .addColumn('clients_json', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('burst', 'integer', (c) => c.notNull())
        .addColumn('first_seen_run', 'text', (c) => c.notNull())
        .addColumn('last_seen_run', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // Which set a reservation was last seen in: a set that grew (a new copy) has a new id and
      // must still replace the plan of the set it grew from.
      await db.schema
        .createTable('set_reservations')
        .addColumn('reservation_id', 'text', (c) => c.notNull())
        .addColumn('set_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('set_reservations_pk', ['reservation_id', 'set_id'])
        .execute();
      await db.schema.createIndex('set_reservations_set').on('set_reservations').column('set_id').execute();
      await db.schema
        .createTable('plans')
        .addColumn('plan_id', 'text', (c) => c.primaryKey())
        .addColumn('set_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('keep_override', 'text')
        .addColumn('plan_json', 'text', (c) => c.notNull())
        .addColumn('bulk_approvable', 'integer', (c) => c.notNull())
        .addColumn('superseded_by', 'text')
        .addColumn('created_run_id', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('plans_status').on('plans').column('status').execute();
      // One current plan per set: the database refuses a second, whatever the code does.
      await db.schema
        .createIndex('plans_current_per_set')
        .on('plans')
        .column('set_id')
        .unique()
        .where(sql<boolean>`superseded_by is null and status <> 'SUPERSEDED'`)
        .execute();
      await db.schema
        .createTable('plan_items')
        .addColumn('item_id', 'text', (c) => c.primaryKey())
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('reservation_id', 'text', (c) => c.notNull())
        .addColumn('payment_id', 'text')
        .addColumn('to_reservation_id', 'text')
        .addColumn('amount', 'text')
        .addColumn('currency', 'text')
        .execute();
      await db.schema.createIndex('plan_items_plan').on('plan_items').column('plan_id').execute();
      await db.schema
        .createTable('decisions')
        .addColumn('decision_id', 'text', (c) => c.primaryKey())
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('keep_reservation_id', 'text')
        .addColumn('resulting_plan_id', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('decisions_plan').on('decisions').column('plan_id').execute();
      await db.schema
        .createTable('audit')
        .addColumn('seq', backend === 'postgres' ? 'serial' : 'integer', (c) =>
          backend === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text')
        .addColumn('set_id', 'text')
        .addColumn('plan_id', 'text')
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_plan').on('audit').column('plan_id').execute();
      await appendOnly(raw, backend, schema);
    },
  };
}

/** A set's doubt (LabelledSet.doubt): kept so that a plan recomputed on approval keeps its DOUBT flag. */
function setDoubt(schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema.alterTable('sets').addColumn('doubt', 'text').execute();
    },
  };
}

/**
 * The nightly job: which kind of run each was (manual, nightly, watch) and the stage a failed
 * run stopped in; the run lock's holder (the lock itself on the embedded store, where there is no
 * advisory lock; on PostgreSQL only who holds it); the alerts sent, so a burst is alerted once.
 */
function nightlyJob(schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema
        .alterTable('runs')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('manual'))
        .execute();
      await db.schema.alterTable('runs').addColumn('failed_stage', 'text').execute();
      await db.schema.createIndex('runs_kind_window').on('runs').columns(['kind', 'window_to']).execute();
      await db.schema
        .createTable('run_lock')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('acquired_at', 'text', (c) => c.notNull())
        .addColumn('heartbeat_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('alerts')
        .addColumn('alert_key', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('first_sent_at', 'text', (c) => c.notNull())
        .addColumn('covers_from', 'text', (c) => c.notNull())
        .addColumn('covers_to', 'text', (c) => c.notNull())
        .addColumn('detail_json', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Execution: one row per plan item carried out (or refused) through the booking API, written
 * before the next call, so a resumed executor knows what is done.
 */
function execution(schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema
        .createTable('item_outcomes')
        .addColumn('item_id', 'text', (c) => c.primaryKey())
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('http_status', 'integer')
        .addColumn('response_json', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('item_outcomes_plan').on('item_outcomes').column('plan_id').execute();
    },
  };
}

/** The console's local users: a name, a scrypt hash of the password, a role. */
function consoleUsers(schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema
        .createTable('users')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/** The audit log is append-only in the database itself, not only by the store's API. */
async function appendOnly(db: Kysely<unknown>, backend: Backend, schema: string | null): Promise<void> {
  if (backend === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER audit_no_${op.toLowerCase()} BEFORE ${op} ON audit ` +
            `BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
        )
        .execute(db);
    }
    return;
  }
  const s = schema ? `${quoteIdent(schema)}.` : '';
  await sql
    .raw(
      `CREATE FUNCTION ${s}audit_append_only() RETURNS trigger LANGUAGE plpgsql AS ` +
        `$$ BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON ${s}audit ` +
        `FOR EACH ROW EXECUTE FUNCTION ${s}audit_append_only()`,
    )
    .execute(db);
}

/** Where each run's output (and outbox) is, so a later run can finish delivering it. */
function runOutput(schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema.alterTable('runs').addColumn('out_dir', 'text').execute();
    },
  };
}

/** The source the store belongs to: one row, bound by the first run (source-binding.ts). */
function storeSource(schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema
        .createTable('store_source')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('bound_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}

/**
 * Output retention: when a run's output folder was removed by retention (reports.keepRuns and
 * keepDays), so the history says "removed" rather than pointing at a folder that is gone.
 */
function outputRemoved(schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema.alterTable('runs').addColumn('out_removed_at', 'text').execute();
    },
  };
}

/**
 * Clients' nights (model ClientNight), kept beyond the warehouse's retention: the baseline a
 * release regression is judged against and the engineering report's ranking of clients.
 */
function clientNights(schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema
        .createTable('client_nights')
        .addColumn('night_from', 'text', (c) => c.notNull())
        .addColumn('night_to', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('bookings', 'integer', (c) => c.notNull())
        .addColumn('copies', 'integer', (c) => c.notNull())
        .addColumn('by_cause_json', 'text', (c) => c.notNull())
        .addColumn('at_stake_json', 'text', (c) => c.notNull())
        .addColumn('example_set_ids_json', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('client_nights_pk', ['night_from', 'client_id'])
        .execute();
      await db.schema.createIndex('client_nights_to').on('client_nights').column('night_to').execute();
    },
  };
}

/**
 * Decisions as labels: a rejection's reason category (REJECTION_CATEGORIES; `wrong-keep` also on
 * an approval with another keep), null for decisions from before; and people's reviews of a rule
 * under precision, which silence the ops report's banner until a newer rejection.
 */
function decisionCategory(schema: string | null): Migration {
  return {
    async up(raw: Kysely<unknown>) {
      const db = schema ? raw.withSchema(schema) : raw;
      await db.schema.alterTable('decisions').addColumn('category', 'text').execute();
      await db.schema.createIndex('decisions_decided_at').on('decisions').column('decided_at').execute();
      await db.schema
        .createTable('rule_reviews')
        .addColumn('review_id', 'text', (c) => c.primaryKey())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('reviewed_by', 'text', (c) => c.notNull())
        .addColumn('reviewed_at', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
      await db.schema.createIndex('rule_reviews_rule').on('rule_reviews').column('rule_id').execute();
    },
  };
}

export function migrationProvider(backend: Backend, schema: string | null): MigrationProvider {
  return {
    async getMigrations() {
      return {
        '0001_init': init(backend, schema),
        '0002_set_doubt': setDoubt(schema),
        '0003_nightly_job': nightlyJob(schema),
        '0004_execution': execution(schema),
        '0005_console_users': consoleUsers(schema),
        '0006_run_output': runOutput(schema),
        '0007_store_source': storeSource(schema),
        '0008_output_removed': outputRemoved(schema),
        '0009_client_nights': clientNights(schema),
        '0010_decision_category': decisionCategory(schema),
      };
    },
  };
}
