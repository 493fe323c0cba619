/**
 * Opens the state store: PostgreSQL when a URL is configured (schema `resrecon`, so it can share
 * a database with other applications), otherwise an embedded SQLite file `<home>/state.sqlite`
 * that needs no server. Brings the schema up to date with kysely's Migrator before returning.
 * The drivers are imported here and nowhere else in the stage.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import { redactUrl, type SourceConfig, STATE_FILE, sourceIdentity } from '../config/index.ts';
import { ExternalError } from '../errors/index.ts';
import type { Database } from './database.ts';
import type { SqliteHandle } from './insert-rows.ts';
import { type Backend, migrationProvider } from './migrations.ts';
import { tryLockPostgres, tryLockSqlite } from './run-lock.ts';
import { checkStoreSource } from './source-binding.ts';
import { createStore, type Store } from './store.ts';

export const STATE_SCHEMA = 'resrecon';

export interface OpenStoreOptions {
  /** PostgreSQL URL, or null for the embedded store under home. */
  readonly stateUrl: string | null;
  readonly home: string;
  /**
   * The configured source: a store bound to another is refused here, and `claimSource` binds an
   * unbound one (source-binding.ts). Left out, or `none`, the store is opened for whatever source
   * it holds.
   */
  readonly source?: SourceConfig;
  /** For tests: the time stamped on changes. */
  readonly clock?: () => string;
}

async function connect(options: OpenStoreOptions): Promise<{
  db: Kysely<Database>;
  backend: Backend;
  location: string;
  sqlite: SqliteHandle;
}> {
  if (options.stateUrl) {
    // Loaded only for a store in PostgreSQL: the driver takes a good share of a short command's
    // start, and the embedded store never needs it.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: options.stateUrl, max: 4 });
    return {
      db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }),
      backend: 'postgres',
      location: redactUrl(options.stateUrl),
      sqlite: null,
    };
  }
  mkdirSync(options.home, { recursive: true });
  const file = join(options.home, STATE_FILE);
  const database = new SQLite(file);
  // WAL lets the ops console read while a run writes; wait rather than fail on a busy file.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  // Set ids are hashes, so a night's inserts land all over the B-trees: a 64 MiB page cache
  // (the default is 2 MiB) cut the first save of 100,000 sets by a tenth.
  database.pragma('cache_size = -65536');
  return {
    db: new Kysely<Database>({ dialect: new SqliteDialect({ database }) }),
    backend: 'sqlite',
    location: file,
    sqlite: database,
  };
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  let parts: Awaited<ReturnType<typeof connect>>;
  try {
    parts = await connect(options);
  } catch (err) {
    // An embedded store that is not a database (or cannot be opened): one line, as for PostgreSQL.
    throw new ExternalError(
      `cannot open the state store at ${join(options.home, STATE_FILE)} (check RESRECON_HOME); nothing was run`,
      'state store',
      { cause: err },
    );
  }
  const { db, backend, location, sqlite } = parts;
  const schema = backend === 'postgres' ? STATE_SCHEMA : null;
  try {
    const migrator = new Migrator({
      db,
      provider: migrationProvider(backend, schema),
      ...(schema ? { migrationTableSchema: schema } : {}),
    });
    const { error, results } = await migrator.migrateToLatest();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      // No migration began: the store could not be reached or read at all.
      if (failed === undefined) throw error;
      throw new ExternalError(
        `migrating the state store at ${location} failed (migration ${failed})`,
        'state store',
        {
          cause: error,
        },
      );
    }
  } catch (err) {
    await db.destroy();
    if (err instanceof ExternalError) throw err;
    const check = backend === 'postgres' ? 'state.url or RESRECON_STATE_URL' : 'RESRECON_HOME';
    throw new ExternalError(
      `cannot open the state store at ${location} (check ${check}); nothing was run`,
      'state store',
      { cause: err },
    );
  }
  const scoped = schema ? db.withSchema(schema) : db;
  const identity = options.source && options.source.kind !== 'none' ? sourceIdentity(options.source) : null;
  if (identity) {
    await checkStoreSource(scoped, identity, { location, backend }).catch(async (err: unknown) => {
      await db.destroy();
      throw err;
    });
  }
  const stateUrl = options.stateUrl;
  return createStore({
    db: scoped,
    backend,
    location,
    close: () => db.destroy(),
    ...(options.clock ? { clock: options.clock } : {}),
    sqlite,
    source: identity,
    tryLockRuns: (clock) =>
      stateUrl && schema ? tryLockPostgres(scoped, stateUrl, schema, clock) : tryLockSqlite(scoped, clock),
  });
}
