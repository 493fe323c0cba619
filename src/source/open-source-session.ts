/**
 * Two connections to the source that read one consistent, read-only REPEATABLE READ snapshot:
 * the first exports it, the second adopts it, so the big log table can stream on its own
 * connection while the others stream on the first, and all tables still agree with each other.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { redactUrl } from '../config/index.ts';
import { ExternalError } from '../errors/index.ts';

const PIN_SQL = readFileSync(new URL('./queries/pin-session.sql', import.meta.url), 'utf8');
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+(-[0-9]+)?$/i;
const SETTING = 'source.url (or RESRECON_SOURCE_URL, --source)';

export interface SourceSession {
  readonly main: pg.Client;
  readonly second: pg.Client;
  /** Ends both transactions and connections; safe to call twice. */
  close(): Promise<void>;
}

/** Wraps a driver error from the source in an ExternalError that never shows the password. */
export function sourceError(url: string, what: string, err: unknown): ExternalError {
  const message = err instanceof Error ? err.message : String(err);
  return new ExternalError(`source database ${redactUrl(url)}: ${what}: ${message}`, 'source database', {
    cause: err,
  });
}

/**
 * One pinned, read-only connection to the source (UTC, ISO dates, a statement timeout); errors
 * never show the password. The executor's checks read through it too.
 */
export async function connectSource(url: string, statementTimeoutMs: number): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  // A dropped connection must reject the pending query, not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw sourceError(url, `cannot connect (check ${SETTING})`, err);
  }
  try {
    await client.query(PIN_SQL, [String(statementTimeoutMs)]);
  } catch (err) {
    await client.end().catch(() => undefined);
    throw sourceError(url, 'cannot configure the session', err);
  }
  return client;
}

export async function openSourceSession(url: string, statementTimeoutMs: number): Promise<SourceSession> {
  const main = await connectSource(url, statementTimeoutMs);
  let second: pg.Client | undefined;
  try {
    await main.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await main.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
    const snapshot = rows[0]!.id;
    // SET TRANSACTION SNAPSHOT takes no parameter; the id comes from the server, checked here.
    if (!SNAPSHOT_ID.test(snapshot)) throw new Error(`unexpected snapshot id ${JSON.stringify(snapshot)}`);
    second = await connectSource(url, statementTimeoutMs);
    await second.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await second.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
  } catch (err) {
    await main.end().catch(() => undefined);
    await second?.end().catch(() => undefined);
    throw err instanceof ExternalError ? err : sourceError(url, 'cannot open a snapshot', err);
  }
  const pair = second;
  let closed = false;
  return {
    main,
    second: pair,
    async close() {
      if (closed) return;
      closed = true;
      // Ending the connection ends its read-only transaction; a ROLLBACK would queue behind a
      // COPY that is still streaming after a failure elsewhere.
      await Promise.all([main.end().catch(() => undefined), pair.end().catch(() => undefined)]);
    },
  };
}
