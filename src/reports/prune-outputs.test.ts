import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scratch } from '../../test/support/scratch.ts';
import { messageStem, type OutboxEntry, writeEntry, writeMessage } from '../mail/index.ts';
import { openStore, type Store } from '../state/index.ts';
import { pruneOutputs } from './prune-outputs.ts';

const tmp = scratch('prune');
let home = '';
let out = '';
let store: Store;

beforeEach(async () => {
  home = tmp.dir('home');
  out = tmp.dir('out');
  store = await openStore({ stateUrl: null, home });
});
afterEach(async () => {
  await store.close();
});

const day = (n: number) => `2026-11-${String(n).padStart(2, '0')}T02:00:00.000Z`;
const idOf = (n: number) => `r-${String(n).padStart(2, '0')}`;

/** report.json as the reports stage writes it: the run's fields first, runId the first of them. */
function writeOutput(dir: string, runId: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify({ runId, sets: [] }, null, 2)}\n`);
  writeFileSync(join(dir, 'finance.html'), '<html></html>');
  writeFileSync(join(dir, 'refunds.csv'), 'set_id\n');
}

/** The run of night `n`, finished with its output folder (written unless `write` is false). */
async function night(n: number, options: { dir?: string; write?: boolean } = {}): Promise<string> {
  const runId = idOf(n);
  const dir = options.dir ?? join(out, runId);
  await store.recordRunStart({
    runId,
    kind: 'nightly',
    window: { from: day(n), to: day(n + 1) },
    startedAt: day(n + 1),
  });
  await store.recordRunFinish({ runId, status: 'SUCCEEDED', finishedAt: day(n + 1), outDir: dir });
  if (options.write ?? true) writeOutput(dir, runId);
  return dir;
}

async function queueEmail(
  dir: string,
  runId: string,
  status: OutboxEntry['status'],
  queued = true,
): Promise<void> {
  const outbox = join(dir, 'outbox');
  const stem = messageStem(runId, 'finance');
  await writeMessage(outbox, stem, Buffer.from('Subject: report\r\n\r\nhi\r\n'));
  await writeEntry(outbox, stem, {
    runId,
    audience: 'finance',
    from: 'resrecon@example.com',
    to: ['finance@example.com'],
    subject: 'report',
    status,
    attempts: status === 'failed' ? 3 : 0,
    lastError: status === 'failed' ? 'connection refused' : null,
    sentAt: null,
    messageId: null,
    eml: `${stem}.eml`,
    queued,
  });
}

const prune = (keepRuns: number, keepDays = 0, now = new Date(day(30))) =>
  pruneOutputs({
    store,
    keepRuns,
    keepDays,
    home,
    current: { runId: idOf(5), outDir: join(out, idOf(5)) },
    now,
  });

describe('output retention', () => {
  it('removes the oldest output folders beyond keepRuns and keeps the newest keepRuns', async () => {
    for (let n = 1; n <= 5; n++) await night(n);
    const results = await prune(2);
    expect(results.map((r) => [r.runId, r.outcome])).toEqual([
      ['r-03', 'removed'],
      ['r-02', 'removed'],
      ['r-01', 'removed'],
    ]);
    expect(readdirSync(out).sort()).toEqual(['r-04', 'r-05']);
    expect((await store.getRun('r-01'))?.outRemovedAt).not.toBeNull();
    expect((await store.getRun('r-04'))?.outRemovedAt).toBeNull();
    // What is removed is not looked at again.
    expect(await prune(2)).toEqual([]);
  });

  it('records the removal the same way in a PostgreSQL state store', async () => {
    await store.close();
    store = await openStore({ stateUrl: (await tmp.database('prune')).url, home });
    for (let n = 1; n <= 5; n++) await night(n);
    expect((await prune(3)).map((r) => [r.runId, r.outcome])).toEqual([
      ['r-02', 'removed'],
      ['r-01', 'removed'],
    ]);
    expect((await store.listRuns(10)).map((r) => [r.runId, r.outRemovedAt !== null])).toEqual([
      ['r-05', false],
      ['r-04', false],
      ['r-03', false],
      ['r-02', true],
      ['r-01', true],
    ]);
    expect((await store.audit()).filter((a) => a.action === 'OUTPUT_REMOVED').map((a) => a.runId)).toEqual(
      expect.arrayContaining(['r-01', 'r-02']),
    );
  });

  it('never removes a folder whose outbox holds an unsent email, however far beyond keepRuns', async () => {
    const first = await night(1);
    const second = await night(2);
    for (let n = 3; n <= 5; n++) await night(n);
    await queueEmail(first, 'r-01', 'pending');
    await queueEmail(second, 'r-02', 'failed');
    const results = await prune(1);
    expect(results).toContainEqual({ runId: 'r-01', outDir: first, outcome: 'kept', reason: 'unsent mail' });
    expect(results).toContainEqual({ runId: 'r-02', outDir: second, outcome: 'kept', reason: 'unsent mail' });
    expect(readdirSync(out).sort()).toEqual(['r-01', 'r-02', 'r-05']);
    expect(readdirSync(join(first, 'outbox'))).toHaveLength(2);
  });

  it('removes a folder whose outbox holds only an email written while no mail server was configured', async () => {
    const first = await night(1);
    await night(5);
    await queueEmail(first, 'r-01', 'pending', false);
    expect(await prune(1)).toEqual([{ runId: 'r-01', outDir: first, outcome: 'removed' }]);
  });

  it('removes a folder whose outbox holds only sent emails', async () => {
    const first = await night(1);
    await night(5);
    await queueEmail(first, 'r-01', 'sent');
    expect(await prune(1)).toEqual([{ runId: 'r-01', outDir: first, outcome: 'removed' }]);
    expect(existsSync(first)).toBe(false);
  });

  it('keeps a folder younger than keepDays although it is beyond keepRuns', async () => {
    for (let n = 1; n <= 5; n++) await night(n);
    // On the 7th at 01:00, nights 3 and 4 (finished on the 4th and 5th at 02:00) are under three days old.
    const results = await prune(1, 3, new Date('2026-11-07T01:00:00.000Z'));
    expect(results.map((r) => [r.runId, r.outcome])).toEqual([
      ['r-02', 'removed'],
      ['r-01', 'removed'],
    ]);
    expect(readdirSync(out).sort()).toEqual(['r-03', 'r-04', 'r-05']);
  });

  it('leaves alone a stored folder that holds no report.json of that run', async () => {
    const other = join(tmp.dir('other'), 'reports');
    writeOutput(other, 'r-99');
    const unrelated = tmp.dir('unrelated');
    writeFileSync(join(unrelated, 'notes.txt'), 'mine');
    const elsewhere = join(tmp.dir('elsewhere'), 'r-03');
    writeOutput(elsewhere, 'r-03');
    const link = join(out, 'link-r-03');
    symlinkSync(elsewhere, link);
    await night(1, { dir: other, write: false });
    await night(2, { dir: unrelated, write: false });
    await night(3, { dir: link, write: false });
    await night(5);
    const results = await prune(1);
    expect(results.map((r) => [r.runId, r.outcome, 'reason' in r ? r.reason : ''])).toEqual([
      ['r-03', 'kept', 'not its output'],
      ['r-02', 'kept', 'not its output'],
      ['r-01', 'kept', 'not its output'],
    ]);
    expect(readdirSync(other)).toContain('report.json');
    expect(readdirSync(unrelated)).toEqual(['notes.txt']);
    expect(readdirSync(elsewhere)).toContain('report.json');
    expect((await store.getRun('r-01'))?.outRemovedAt).toBeNull();
  });

  it('never removes the folder last-run.json names, nor one that holds a kept folder', async () => {
    const first = await night(1);
    const second = await night(2);
    await night(3, { dir: join(second, 'nested') });
    await night(5);
    writeFileSync(join(home, 'last-run.json'), JSON.stringify({ runId: 'r-01', outDir: first }));
    const results = await prune(2);
    expect(results).toContainEqual({ runId: 'r-01', outDir: first, outcome: 'kept', reason: 'last run' });
    expect(results).toContainEqual({
      runId: 'r-02',
      outDir: second,
      outcome: 'kept',
      reason: 'holds a kept folder',
    });
    expect(existsSync(join(first, 'report.json'))).toBe(true);
    expect(existsSync(join(second, 'nested', 'report.json'))).toBe(true);
  });

  it('never removes the folder of a run the store still calls running', async () => {
    const first = await night(1);
    await night(5);
    // Only another process, in the middle of its run, could hold such a row: set it by hand.
    const raw = new SQLite(join(home, 'state.sqlite'));
    raw.prepare("UPDATE runs SET status = 'RUNNING' WHERE run_id = ?").run('r-01');
    raw.close();
    expect(await prune(1)).toEqual([{ runId: 'r-01', outDir: first, outcome: 'kept', reason: 'running' }]);
    expect(existsSync(join(first, 'report.json'))).toBe(true);
  });

  it('finishes next time a removal that was cut short, recognising the folder by its report.json', async () => {
    const first = await night(1);
    await night(5);
    // What a removal stopped half-way leaves: report.json, removed last, and perhaps a file or two.
    for (const f of ['finance.html', 'refunds.csv']) rmSync(join(first, f));
    expect(await prune(1)).toEqual([{ runId: 'r-01', outDir: first, outcome: 'removed' }]);
    expect(existsSync(first)).toBe(false);
  });
});
