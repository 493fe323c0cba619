/**
 * The target database: connecting (an unreachable or refusing server is an ExternalError naming
 * it) and the refusal to write into a database that already holds booking tables or labels.
 */
import pg from 'pg';
import { ConfigError, ExternalError } from '../errors/index.ts';

const SESSION = `SET TimeZone = 'UTC'; SET DateStyle = 'ISO'; SET synchronous_commit = off;
  SET maintenance_work_mem = '256MB'; SET client_min_messages = warning;`;

/** Host, port and database of a URL, never its password. */
export function describeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the given URL';
  }
}

export async function connectTarget(url: string): Promise<pg.Client> {
  let client: pg.Client;
  try {
    client = new pg.Client({ connectionString: url });
  } catch (err) {
    throw new ConfigError(`not a PostgreSQL URL: ${describeTarget(url)}`, '--target', { cause: err });
  }
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query(SESSION);
  } catch (err) {
    await client.end().catch(() => {});
    throw new ExternalError(`cannot reach the target database ${describeTarget(url)}`, 'target database', {
      cause: err,
    });
  }
  return client;
}

export async function ensureEmpty(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v')
        AND c.relname = ANY($1::text[])
     UNION ALL SELECT nspname FROM pg_namespace WHERE nspname = 'simulation'`,
    [['Reservation', 'Payment', 'IdempotencyRecord', 'IdempotencyLock', 'api_logs']],
  );
  if (rows.length > 0) {
    const names = rows.map((r) => r.name).join(', ');
    throw new ConfigError(
      `the target database already has ${names}; simulate needs an empty database`,
      '--target',
    );
  }
}
