import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDeciders } from '../../test/support/deciders.ts';
import { makeMember, makeSet, OPTIONS } from '../../test/support/make-set.ts';
import { approvePlan } from '../decisions/index.ts';
import { planSet, retirementOf } from '../reconcile/index.ts';
import { openStore } from './open-store.ts';
import type { Store } from './store.ts';

const RETIRE = { retirementOf };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Another process that takes the write lock, writes a run, and commits after `ms`. */
function otherWriter(file: string, ms: number): Promise<{ done: Promise<number> }> {
  const script = `
    const D = require('better-sqlite3');
    const db = new D(${JSON.stringify(file)});
    db.exec('BEGIN IMMEDIATE');
    db.prepare("insert into runs (run_id, window_from, window_to, status, started_at) values ('other', 'a', 'b', 'RUNNING', 'now')").run();
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${ms});`;
  const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const done = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => (d.toString().includes('locked') ? resolve({ done }) : undefined));
    child.on('error', reject);
  });
}

describe('the embedded store shared by two processes', () => {
  let home = '';
  let store: Store;
  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'resrecon-sqlite-lock-'));
    store = await openStore({ stateUrl: null, home });
  });
  afterAll(async () => {
    await store.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('waits for another process’s write instead of failing a decision', async () => {
    const set = makeSet([makeMember('w1', '2026-11-02T10:00:00Z'), makeMember('w2', '2026-11-02T10:00:01Z')]);
    const plan = planSet(set, OPTIONS);
    await store.savePlans('r1', [set], [plan], RETIRE);
    await addDeciders(store, { ana: 'approver' });
    const other = await otherWriter(join(home, 'state.sqlite'), 600);
    const approved = await approvePlan(store, plan.planId, { by: 'ana' }, OPTIONS);
    expect(approved.status).toBe('APPROVED');
    expect(await other.done).toBe(0);
    expect((await store.runHistory(10)).length).toBe(0); // the other run is recorded, not finished
  });
});
