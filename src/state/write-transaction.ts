/**
 * A transaction that writes. On SQLite it starts with BEGIN IMMEDIATE: a deferred transaction
 * that reads first and writes later fails at once (SQLITE_BUSY) when another process wrote in
 * between, say a nightly run while someone approves; an immediate one waits its turn under
 * busy_timeout instead. On PostgreSQL it is an ordinary transaction.
 */
import { SqliteAdapter, sql } from 'kysely';
import type { Db } from './database.ts';

export async function writeTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return db.transaction().execute(fn);
  return db.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    try {
      const result = await fn(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (err) {
      // SQLite ends the transaction itself on some errors (a full disk, SQLITE_FULL): the
      // rollback then has nothing to undo and must not hide the error that ended it.
      await sql`rollback`.execute(conn).catch(() => undefined);
      throw err;
    }
  });
}
