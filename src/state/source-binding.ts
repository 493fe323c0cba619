/**
 * A state store belongs to one source, as a warehouse does. Its plans act on that booking
 * database's reservations and payments, its run history and high-water marks describe that
 * database's nights, and execute checks its plans against that database: two homes pointing at
 * two booking databases but sharing one RESRECON_STATE_URL would otherwise retire each other's
 * plans, list them together and hand one database's refunds to the other's executor.
 *
 * So the first command that opens the store with a source configured records the source's
 * fingerprint (config's `sourceIdentity`: host, port and database, never a user or password), and
 * every later one with another source is refused with the setting to change (exit status 2).
 * Refusing rather than partitioning the store by source is deliberate: a partition would have
 * to reach every table and question (plans, sets, runs, the run lock, alerts, users, audit,
 * the retirement of plans across sets), and one missed query would mix the sources silently;
 * one store per source costs only another database (or folder), and keeps each source's users,
 * audit and one-run-at-a-time lock its own. A store made before the binding existed is
 * adopted by the first source that opens it. A command with no source configured (`plans list`
 * on a deployment's home) reads whatever source the store belongs to.
 */
import type { SourceIdentity } from '../config/index.ts';
import { ConfigError } from '../errors/index.ts';
import type { Db } from './database.ts';

export interface BindingPlace {
  /** Where the store lives, secrets removed. */
  readonly location: string;
  readonly backend: 'postgres' | 'sqlite';
}

export async function bindStoreSource(
  db: Db,
  now: string,
  identity: SourceIdentity,
  place: BindingPlace,
): Promise<void> {
  await db
    .insertInto('store_source')
    .values({ id: 1, fingerprint: identity.fingerprint, description: identity.description, bound_at: now })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const bound = await db.selectFrom('store_source').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  if (bound.fingerprint === identity.fingerprint) return;
  const [setting, advice] =
    place.backend === 'postgres'
      ? ['RESRECON_STATE_URL', 'point RESRECON_STATE_URL (or state.url) at another database for this source']
      : ['RESRECON_HOME', 'set RESRECON_HOME to another folder for this source'];
  throw new ConfigError(
    `the state store at ${place.location} holds the plans of ${bound.description}, not of ` +
      `${identity.description}: each booking database needs its own state store, so ${advice}; nothing was run`,
    setting,
  );
}
