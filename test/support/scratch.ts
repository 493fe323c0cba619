/**
 * What a test file makes and gives back when it ends: temporary folders, PostgreSQL databases,
 * servers. One afterAll undoes them, newest first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openStore, type RunRecord } from '../../src/state/index.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

export interface Scratch {
  /** A new empty folder `<tmp>/resrecon-<prefix>-<name>-…`. */
  dir(name: string): string;
  /** A new empty database on the test server. */
  database(prefix: string): Promise<TestDatabase>;
  /** Anything else to undo at the end. */
  later(undo: () => Promise<void> | void): void;
}

export function scratch(prefix: string): Scratch {
  const undo: (() => Promise<void> | void)[] = [];
  afterAll(async () => {
    for (const f of undo.reverse()) await f();
  });
  return {
    dir(name) {
      const dir = mkdtempSync(join(tmpdir(), `resrecon-${prefix}-${name}-`));
      undo.push(() => rmSync(dir, { recursive: true, force: true }));
      return dir;
    },
    async database(name) {
      const db = await createTestDatabase(name);
      undo.push(() => db.drop());
      return db;
    },
    later(f) {
      undo.push(f);
    },
  };
}

/** Every run a PostgreSQL state store records, newest first. */
export async function runsOf(stateUrl: string): Promise<RunRecord[]> {
  const store = await openStore({ stateUrl, home: '/nonexistent' });
  try {
    return await store.listRuns(1_000);
  } finally {
    await store.close();
  }
}
