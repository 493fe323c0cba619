/**
 * One run at a time per state store, across processes and hosts: the nightly job's ticks, its
 * watch passes and a person's `resrecon run` all take this lock first, and a run that finds it
 * taken does not start.
 *
 * On PostgreSQL it is a session advisory lock on a connection of its own: the server releases it
 * when the holder's connection goes, so a killed process never leaves it behind. The row in
 * `run_lock` only says who holds it, for the message.
 *
 * The embedded store has no advisory locks, so the row is the lock. Its holder moves
 * `heartbeat_at` on while it holds it; a lock whose heartbeat stopped (a killed process) is
 * taken over, as is one held by a process of this host that no longer exists.
 */

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ExternalError } from '../errors/index.ts';
import type { Db } from './database.ts';
import { writeTransaction } from './write-transaction.ts';

const NAME = 'runs';
/** How often a holder on the embedded store proves it is alive. */
export const HEARTBEAT_MS = 10_000;
/** The application_name of the connection that holds the PostgreSQL run lock. */
export const LOCK_APPLICATION = 'resrecon run lock';
/** A heartbeat older than this is a dead holder's. */
const STALE_MS = 60_000;

export interface RunLock {
  readonly holder: string;
  /**
   * Why the lock is no longer this holder's (its connection dropped, or another process took it
   * over), asking the state store now; null while it is. A run calls it before each stage that
   * writes the store, execution before each call.
   */
  verify(): Promise<string | null>;
  release(): Promise<void>;
}

export interface LockHolder {
  readonly holder: string;
  readonly since: string;
}

export type LockAttempt = { readonly lock: RunLock } | { readonly heldBy: LockHolder | null };

export function newHolder(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/** The embedded store's locks this process holds now, by holder. */
const heldHere = new Set<string>();

/**
 * A lock row of this very process that it no longer holds: its release could not be written
 * (a full disk, say). A long-running scheduler would otherwise wait out the stale heartbeat.
 */
function leftHere(holder: string): boolean {
  return holder.startsWith(`${hostname()}:${process.pid}:`) && !heldHere.has(holder);
}

function processGone(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function holderRow(db: Db): Promise<LockHolder | null> {
  const row = await db
    .selectFrom('run_lock')
    .select(['holder', 'acquired_at'])
    .where('name', '=', NAME)
    .executeTakeFirst();
  return row ? { holder: row.holder, since: row.acquired_at } : null;
}

async function writeHolder(db: Db, holder: string, now: string): Promise<void> {
  await db.deleteFrom('run_lock').where('name', '=', NAME).execute();
  await db
    .insertInto('run_lock')
    .values({ name: NAME, holder, acquired_at: now, heartbeat_at: now })
    .execute();
}

/** The embedded store: the row is the lock. */
export async function tryLockSqlite(db: Db, clock: () => string): Promise<LockAttempt> {
  const holder = newHolder();
  const taken = await writeTransaction(db, async (trx) => {
    const row = await trx.selectFrom('run_lock').selectAll().where('name', '=', NAME).executeTakeFirst();
    const now = clock();
    const stale =
      row &&
      (Date.parse(now) - Date.parse(row.heartbeat_at) > STALE_MS ||
        processGone(row.holder) ||
        leftHere(row.holder));
    if (row && !stale) return { holder: row.holder, since: row.acquired_at };
    await writeHolder(trx, holder, now);
    return null;
  });
  if (taken) return { heldBy: taken };
  heldHere.add(holder);
  const beat = setInterval(() => {
    db.updateTable('run_lock')
      .set({ heartbeat_at: clock() })
      .where('name', '=', NAME)
      .where('holder', '=', holder)
      .execute()
      .catch(() => undefined);
  }, HEARTBEAT_MS);
  beat.unref();
  return {
    lock: {
      holder,
      async verify() {
        const row = await db
          .selectFrom('run_lock')
          .select('holder')
          .where('name', '=', NAME)
          .executeTakeFirst();
        return row?.holder === holder ? null : 'another process took the run lock over';
      },
      async release() {
        clearInterval(beat);
        heldHere.delete(holder);
        await db.deleteFrom('run_lock').where('name', '=', NAME).where('holder', '=', holder).execute();
      },
    },
  };
}

/** A key of the lock per store schema, so two stores in one database do not block each other. */
function lockKey(schema: string): string {
  let h = 0n;
  for (const ch of `resrecon:${schema}:${NAME}`) h = (h * 31n + BigInt(ch.codePointAt(0)!)) % 2n ** 63n;
  return h.toString();
}

/** PostgreSQL: a session advisory lock on a connection held for as long as the lock. */
export async function tryLockPostgres(
  db: Db,
  url: string,
  schema: string,
  clock: () => string,
): Promise<LockAttempt> {
  const { default: pg } = await import('pg'); // loaded here: only a store in PostgreSQL needs it
  // Named, so a DBA (and a test) can tell the lock's connection in pg_stat_activity.
  const client = new pg.Client({ connectionString: url, application_name: LOCK_APPLICATION });
  // The server releases the lock when this connection drops: from then on it is not ours.
  let lost: string | null = null;
  const dropped = (err: Error): void => {
    lost ??= `the state store connection holding the run lock dropped (${err.message})`;
  };
  client.on('error', dropped);
  /** Uses the connection: a dropped one fails, and an idle one is not timed out. */
  const probe = (): Promise<void> => client.query('SELECT 1').then(() => undefined, dropped);
  try {
    await client.connect();
  } catch (err) {
    throw new ExternalError('cannot reach the state store to take the run lock', 'state store', {
      cause: err,
    });
  }
  const key = lockKey(schema);
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [
    key,
  ]);
  if (!rows[0]?.ok) {
    await client.end().catch(() => undefined);
    return { heldBy: await holderRow(db) };
  }
  const holder = newHolder();
  await writeTransaction(db, (trx) => writeHolder(trx, holder, clock()));
  // An idle connection is what servers and proxies time out first (idle_session_timeout), and a
  // peer that vanished without a word is only noticed on the next use: use it now and then.
  const keepalive = setInterval(() => void probe(), HEARTBEAT_MS);
  keepalive.unref();
  return {
    lock: {
      holder,
      async verify() {
        if (lost === null) await probe();
        return lost;
      },
      async release() {
        clearInterval(keepalive);
        try {
          await db.deleteFrom('run_lock').where('name', '=', NAME).where('holder', '=', holder).execute();
          // A dropped connection already let the lock go; there is nothing left to unlock.
          if (lost === null) await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
        } finally {
          await client.end().catch(() => undefined);
        }
      },
    },
  };
}
