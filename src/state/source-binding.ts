/**
 * A state store belongs to one source, as a warehouse does. Its plans act on that booking
 * database's reservations and payments, its run history and high-water marks describe that
 * database's nights, and execute checks its plans against that database: two homes pointing at
 * two booking databases but sharing one RESRECON_STATE_URL would otherwise retire each other's
 * plans, list them together and hand one database's refunds to the other's executor.
 *
 * So the first run that reads its source records the source's fingerprint in the store (config's
 * `sourceIdentity`: host, port and database, never a user or password), after its extract
 * succeeded, so a first run against a mistyped or unreachable database binds nothing; every
 * command that later opens the store with another source configured is refused with the setting
 * to change (exit status 2), before it reads or writes anything.
 * Refusing rather than partitioning the store by source is deliberate: a partition would have
 * to reach every table and question (plans, sets, runs, the run lock, alerts, users, audit,
 * the retirement of plans across sets), and one missed query would mix the sources silently;
 * one store per source costs only another database (or folder), and keeps each source's users,
 * audit and one-run-at-a-time lock its own. A store made before the binding existed is
 * adopted by the first source that runs on it. A command with no source configured (`plans list`
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

/** Refuses a source other than the one the store belongs to; a store not yet bound takes any. */
export async function checkStoreSource(db: Db, identity: SourceIdentity, place: BindingPlace): Promise<void> {
  const bound = await db.selectFrom('store_source').selectAll().where('id', '=', 1).executeTakeFirst();
  if (bound) refuseOther(bound, identity, place);
}

/** Binds a store not yet bound to the source (another one is refused): after a run read it. */
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
  refuseOther(
    await db.selectFrom('store_source').selectAll().where('id', '=', 1).executeTakeFirstOrThrow(),
    identity,
    place,
  );
}

function refuseOther(
  bound: { readonly fingerprint: string; readonly description: string },
  identity: SourceIdentity,
  place: BindingPlace,
): void {
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
