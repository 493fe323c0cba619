import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';
import { createTestDatabase, queryRows, type TestDatabase } from '../../test/support/pg.ts';
import { simulate } from '../simulate/index.ts';

const TABLES = ['Reservation', 'Payment', 'IdempotencyRecord', 'IdempotencyLock', 'api_logs'];
const role = `resrecon_ro_${randomBytes(3).toString('hex')}`;
let db: TestDatabase;
let home = '';

/** Every table's row count and a checksum of its rows: what "nothing written" means. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const [row] = await queryRows<{ n: string; sum: string }>(
      url,
      `SELECT count(*)::text AS n, coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS sum FROM "${t}" x`,
    );
    out[t] = `${row!.n}:${row!.sum}`;
  }
  return out;
}

beforeAll(async () => {
  db = await createTestDatabase('extract_readonly');
  home = mkdtempSync(join(tmpdir(), 'resrecon-readonly-'));
  await simulate({
    targetUrl: db.url,
    seed: 5,
    reservations: 400,
    from: '2026-11-01T00:00:00Z',
    to: '2026-11-02T00:00:00Z',
  });
  // A role that may read these tables and nothing else: no temporary tables either.
  await queryRows(db.url, `CREATE ROLE ${role} LOGIN`);
  await queryRows(db.url, `REVOKE ALL ON DATABASE "${db.name}" FROM PUBLIC`);
  await queryRows(db.url, `GRANT CONNECT ON DATABASE "${db.name}" TO ${role}`);
  await queryRows(db.url, `REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
  await queryRows(db.url, `GRANT USAGE ON SCHEMA public TO ${role}`);
  await queryRows(db.url, `GRANT SELECT ON ${TABLES.map((t) => `"${t}"`).join(', ')} TO ${role}`);
}, 120_000);

afterAll(async () => {
  rmSync(home, { recursive: true, force: true });
  await db.drop();
  await queryRows(db.url.replace(/\/[^/]*$/, '/postgres'), `DROP ROLE IF EXISTS ${role}`);
});

describe('extracting with a SELECT-only role', () => {
  it('reads everything it needs, twice (backfill and increment), and writes nothing to the source', async () => {
    const url = new URL(db.url);
    url.username = role;
    const before = await fingerprint(db.url);
    const env = { RESRECON_HOME: home, RESRECON_SOURCE_URL: url.toString() };
    const window = ['--from', '2026-11-01T00:00:00Z', '--to', '2026-11-02T00:00:00Z'];
    const first = await runCli(['run', '--no-email', ...window, '--out', join(home, 'one')], {
      cwd: home,
      env,
    });
    expect(first.code, first.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(home, 'one', 'report.json'), 'utf8')) as { sets: unknown[] };
    expect(report.sets.length).toBeGreaterThan(0);
    const second = await runCli(['run', '--no-email', ...window, '--out', join(home, 'two')], {
      cwd: home,
      env,
    });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/extract \(incremental\)/);
    expect(await fingerprint(db.url)).toEqual(before);
    const owned = await queryRows<{ n: string }>(
      db.url,
      `SELECT count(*)::text AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = '${role}'`,
    );
    expect(owned[0]!.n).toBe('0');
  }, 120_000);
});
