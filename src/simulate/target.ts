/**
 * The target database: creating it when the server has none of that name, connecting (an
 * unreachable or refusing server is an ExternalError naming it) and the refusal to write into a
 * database that already holds booking tables or labels.
 */
import pg from 'pg';
import { ConfigError, ExternalError } from '../errors/index.ts';
import { quoteIdent } from '../sql/index.ts';

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

/** PostgreSQL's "database does not exist" and "database already exists". */
const NO_SUCH_DATABASE = '3D000';
const DATABASE_EXISTS = '42P04';

/**
 * Creates the target database when the server answers that it does not exist, through the
 * server's maintenance database (`postgres`, else `template1`) with the same credentials.
 * Returns the name it created, or null when there was nothing to do; every other failure to
 * connect is left to connectTarget to report.
 */
export async function createTargetDatabase(url: string): Promise<string | null> {
  let name: string;
  try {
    const probe = new pg.Client({ connectionString: url });
    probe.on('error', () => {});
    try {
      await probe.connect();
      return null;
    } catch (err) {
      if ((err as { code?: string }).code !== NO_SUCH_DATABASE) return null;
    } finally {
      await probe.end().catch(() => {});
    }
    name = decodeURIComponent(new URL(url).pathname.slice(1));
  } catch {
    return null;
  }
  if (name === '') return null;
  let lastError: unknown;
  for (const maintenance of ['postgres', 'template1']) {
    const admin = new URL(url);
    admin.pathname = `/${maintenance}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
      return name;
    } catch (err) {
      // Another simulate created it meanwhile: it exists now, which is all that was wanted.
      if ((err as { code?: string }).code === DATABASE_EXISTS) return null;
      lastError = err;
    } finally {
      await client.end().catch(() => {});
    }
  }
  throw new ExternalError(
    `the target database ${describeTarget(url)} does not exist and could not be created ` +
      '(create it, or give a user who may: CREATE DATABASE)',
    'target database',
    { cause: lastError },
  );
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
