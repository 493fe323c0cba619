import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/support/pg.ts';
import { eventually } from '../../test/support/receivers.ts';
import { openStore } from './open-store.ts';
import type { RunLock } from './run-lock.ts';
import { ABANDONED } from './runs.ts';
import type { Store } from './store.ts';

const homes: string[] = [];
const databases: TestDatabase[] = [];
afterAll(async () => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
  for (const d of databases) await d.drop();
});

async function sqliteStores(): Promise<[Store, Store, string]> {
  const home = mkdtempSync(join(tmpdir(), 'resrecon-lock-'));
  homes.push(home);
  return [await openStore({ stateUrl: null, home }), await openStore({ stateUrl: null, home }), home];
}

async function postgresStores(): Promise<[Store, Store, string]> {
  const db = await createTestDatabase('run_lock');
  databases.push(db);
  return [
    await openStore({ stateUrl: db.url, home: '/nonexistent' }),
    await openStore({ stateUrl: db.url, home: '/nonexistent' }),
    db.url,
  ];
}

/** The lock as soon as it is free: a dead holder's session may take the server a moment to end. */
async function lockWhenFree(store: Store): Promise<RunLock> {
  const taken: RunLock[] = [];
  await eventually(async () => {
    const attempt = await store.tryLockRuns();
    if ('lock' in attempt) taken.push(attempt.lock);
    return taken.length > 0;
  }, 'the run lock to be free');
  return taken[0]!;
}

describe.each([
  ['embedded SQLite', sqliteStores],
  ['PostgreSQL', postgresStores],
] as const)('the run lock on %s', (_name, open) => {
  it('lets one holder in at a time, names it to the others, and is free again once released', async () => {
    const [a, b] = await open();
    try {
      const first = await a.tryLockRuns();
      if (!('lock' in first)) throw new Error('the first attempt should get the lock');
      const second = await b.tryLockRuns();
      expect('heldBy' in second && second.heldBy?.holder).toBe(first.lock.holder);
      await first.lock.release();
      const third = await b.tryLockRuns();
      expect('lock' in third).toBe(true);
      if ('lock' in third) await third.lock.release();
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('is taken over when its holder process died without releasing it, and closes the dead run as FAILED', async () => {
    const [a, b, where] = await open();
    await a.close();
    try {
      // A process that takes the lock and is killed while holding it.
      const child = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          '-e',
          `const { openStore } = await import(${JSON.stringify(join(import.meta.dirname, 'open-store.ts'))});
           const s = await openStore(${JSON.stringify(where.startsWith('postgres') ? { stateUrl: where, home: '/nonexistent' } : { stateUrl: null, home: where })});
           const r = await s.tryLockRuns();
           if ('lock' in r) await s.recordRunStart({ runId: 'r-dead', window: { from: '2026-11-01T00:00:00Z', to: '2026-11-02T00:00:00Z' } });
           process.stdout.write('lock' in r ? 'held\\n' : 'busy\\n');
           setInterval(() => {}, 1000);`,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) =>
          String(d).includes('held') ? resolve() : reject(new Error(String(d))),
        );
        child.on('exit', () => reject(new Error('the holder exited early')));
      });
      expect('heldBy' in (await b.tryLockRuns())).toBe(true);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      expect((await b.getRun('r-dead'))?.status).toBe('RUNNING');
      await (await lockWhenFree(b)).release();
      expect(await b.getRun('r-dead')).toMatchObject({ status: 'FAILED', error: ABANDONED });
      // Were it still going after all (its lock lost), its finish says what happened.
      await expect(b.recordRunFinish({ runId: 'r-dead', status: 'SUCCEEDED' })).rejects.toThrow(
        /closed as abandoned by another run while it was still going/,
      );
    } finally {
      await b.close();
    }
  });
});

describe('the run lock on the embedded store', () => {
  it('is taken over when its heartbeat stopped, whoever held it', async () => {
    const [a, b, home] = await sqliteStores();
    const raw = new SQLite(join(home, 'state.sqlite'));
    try {
      raw
        .prepare("INSERT INTO run_lock VALUES ('runs', 'other-host:4242:abc', ?, ?)")
        .run('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
      const attempt = await a.tryLockRuns();
      expect('lock' in attempt).toBe(true);
      if ('lock' in attempt) await attempt.lock.release();
    } finally {
      raw.close();
      await a.close();
      await b.close();
    }
  });

  it('is taken over at once when this very process could not write its release', async () => {
    const [a, b] = await sqliteStores();
    try {
      const attempt = await a.tryLockRuns();
      if (!('lock' in attempt)) throw new Error('the lock should be free');
      // The release cannot be written (here: its store is closed; in life, a full disk).
      await a.close();
      await expect(attempt.lock.release()).rejects.toThrow();
      const next = await b.tryLockRuns();
      expect('lock' in next).toBe(true);
      if ('lock' in next) await next.lock.release();
    } finally {
      await b.close();
    }
  });

  it('knows at once, when asked, that another process took it over', async () => {
    const [a, b, home] = await sqliteStores();
    const raw = new SQLite(join(home, 'state.sqlite'));
    try {
      const attempt = await a.tryLockRuns();
      if (!('lock' in attempt)) throw new Error('the lock should be free');
      expect(await attempt.lock.verify()).toBeNull();
      raw.prepare("UPDATE run_lock SET holder = 'other-host:4242:abc'").run();
      expect(await attempt.lock.verify()).toMatch(/another process took the run lock over/);
      await attempt.lock.release();
    } finally {
      raw.close();
      await a.close();
      await b.close();
    }
  });
});

describe('the run lock on PostgreSQL', () => {
  it('knows it is no longer held once the connection holding it dropped', async () => {
    const [a, b, url] = await postgresStores();
    try {
      const attempt = await a.tryLockRuns();
      if (!('lock' in attempt)) throw new Error('the lock should be free');
      expect(await attempt.lock.verify()).toBeNull();
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'resrecon run lock' AND pid <> pg_backend_pid()`,
      );
      await admin.end();
      expect(await attempt.lock.verify()).toMatch(/connection holding the run lock (dropped|closed)/);
      // The server let it go: another holder gets it.
      const next = await b.tryLockRuns();
      expect('lock' in next).toBe(true);
      if ('lock' in next) await next.lock.release();
      await attempt.lock.release();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
