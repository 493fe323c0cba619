import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { eachRow, insertRows } from './insert-rows.ts';

describe('insertRows on the embedded store', () => {
  const home = mkdtempSync(join(tmpdir(), 'resrecon-insert-rows-'));
  const sqlite = new SQLite(join(home, 'state.sqlite'));
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  beforeAll(() => {
    sqlite.exec(
      'CREATE TABLE set_reservations (reservation_id TEXT, set_id TEXT, PRIMARY KEY (reservation_id, set_id))',
    );
    sqlite.exec(
      'CREATE TABLE runs (run_id TEXT PRIMARY KEY, window_from TEXT, window_to TEXT, status TEXT, started_at TEXT, finished_at TEXT, counts_json TEXT, timings_json TEXT, error TEXT)',
    );
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(home, { recursive: true, force: true });
  });

  it('writes every row a generator yields, with the values in their columns', async () => {
    const ids = Array.from({ length: 5_000 }, (_, i) => `r${i}`);
    // Inside a transaction, as the store calls it: one commit, not 5,000.
    sqlite.exec('BEGIN');
    await insertRows(
      db,
      sqlite,
      'set_reservations',
      eachRow(ids, (id) => ({ set_id: `s-${id}`, reservation_id: id })),
    );
    sqlite.exec('COMMIT');
    const rows = sqlite.prepare('SELECT reservation_id, set_id FROM set_reservations ORDER BY rowid').all();
    expect(rows).toHaveLength(5_000);
    expect(rows[4_999]).toEqual({ reservation_id: 'r4999', set_id: 's-r4999' });
  });

  it('updates only the listed columns of a row whose key is already stored', async () => {
    const run = (status: string, error: string | null) => ({
      run_id: 'run-1',
      window_from: '2026-11-01',
      window_to: '2026-11-02',
      status,
      started_at: '2026-11-02T01:00:00Z',
      finished_at: null,
      counts_json: null,
      timings_json: null,
      error,
    });
    await insertRows(db, sqlite, 'runs', [run('RUNNING', 'first')]);
    await insertRows(db, sqlite, 'runs', [run('SUCCEEDED', 'second')], { key: 'run_id', update: ['status'] });
    expect(sqlite.prepare('SELECT status, error FROM runs').all()).toEqual([
      { status: 'SUCCEEDED', error: 'first' },
    ]);
  });

  it('refuses a first row whose columns the statement would not bind, rather than shifting values', async () => {
    const rows = [{ reservation_id: 'x', set_id: undefined as unknown as string }];
    await expect(insertRows(db, sqlite, 'set_reservations', rows)).rejects.toThrow(
      /1 parameters for 2 columns/,
    );
  });
});
