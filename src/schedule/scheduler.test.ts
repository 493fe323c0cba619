import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/cli.ts';
import type { TestDatabase } from '../../test/support/pg.ts';
import { clockArgs, clockAt, pinClock } from '../../test/support/pinned-clock.ts';
import { eventually, startSmtp, startWebhook } from '../../test/support/receivers.ts';
import { runsOf, scratch } from '../../test/support/scratch.ts';
import { slowReservations } from '../../test/support/slow-source.ts';
import { type ResolvedConfig, resolveConfig } from '../config/index.ts';
import { simulate } from '../simulate/index.ts';
import { openStore, type RunRecord } from '../state/index.ts';
import { usingWarehouse } from '../warehouse/index.ts';
import { type JobLog, jobMetrics, startScheduler } from './index.ts';

const BIN = resolve(import.meta.dirname, '../../bin/resrecon.js');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// The nights follow the clock: RESRECON_TEST_CLOCK=01:59:50 (or 12:00) runs this file, and the
// schedulers it starts, at that time of day (the burst watch's tests pick their own hour).
const clock = pinClock();
afterAll(() => clock.undo());

const { dir: tempDir, database, later } = scratch('schedule');

/** A log that keeps its lines, for assertions and for a failure's story. */
function memoryLog(): JobLog & { lines: string[] } {
  const lines: string[] = [];
  const put = (level: string) => (obj: Record<string, unknown>, msg: string) => {
    lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  };
  return { lines, info: put('info'), warn: put('warn'), error: put('error') };
}

function jobConfig(env: Record<string, string>): ResolvedConfig {
  return resolveConfig({ cwd: env['RESRECON_HOME']!, env });
}

let source: TestDatabase;
beforeAll(async () => {
  source = await database('schedule_source');
  const now = Date.now();
  await simulate({
    targetUrl: source.url,
    seed: 7,
    reservations: 300,
    from: new Date(now - 3 * DAY).toISOString(),
    to: new Date(now - HOUR).toISOString(),
  });
}, 120_000);

describe('the run lock around runs', () => {
  it('refuses a manual run while another run holds the lock, saying so, and writes nothing', async () => {
    const state = await database('schedule_manual');
    const home = tempDir('manual');
    const store = await openStore({ stateUrl: state.url, home });
    const held = await store.tryLockRuns();
    try {
      const out = join(home, 'out');
      const r = await runCli(['run', '--no-email', '--out', out], {
        cwd: home,
        env: { RESRECON_HOME: home, RESRECON_SOURCE_URL: source.url, RESRECON_STATE_URL: state.url },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /another run is in progress on this state store \(.+, since .+\); this run was not started/,
      );
      expect(existsSync(out)).toBe(false);
      expect(await runsOf(state.url)).toEqual([]);
    } finally {
      if ('lock' in held) await held.lock.release();
      await store.close();
    }
  });
});

describe('the nightly job', () => {
  it('catches up the nights missed while it was down, oldest first, each as its own window', async () => {
    const state = await database('schedule_catchup');
    const home = tempDir('catchup');
    // The nightly tick is half a day away from now, so the last tick this test expects and the one
    // the scheduler finds at its start are the same (at 0 2 * * *, a test started at 01:59:59 and a
    // scheduler started at 02:00:01 disagreed by a day).
    const hour = (new Date().getUTCHours() + 12) % 24;
    const lastTick = new Date(Math.floor(Date.now() / DAY) * DAY + hour * HOUR);
    if (lastTick.getTime() > Date.now()) lastTick.setTime(lastTick.getTime() - DAY);
    const iso = (daysBack: number) => new Date(lastTick.getTime() - daysBack * DAY).toISOString();
    const store = await openStore({ stateUrl: state.url, home });
    await store.recordRunStart({
      runId: 'before-the-outage',
      kind: 'nightly',
      window: { from: iso(4), to: iso(3) },
    });
    await store.recordRunFinish({ runId: 'before-the-outage', status: 'SUCCEEDED' });
    await store.close();

    const config = jobConfig({
      RESRECON_HOME: home,
      RESRECON_SOURCE_URL: source.url,
      RESRECON_STATE_URL: state.url,
      RESRECON_SCHEDULE: `0 ${hour} * * *`,
      RESRECON_TIMEZONE: 'UTC',
    });
    const log = memoryLog();
    const scheduler = await startScheduler({
      config,
      log,
      watch: null,
      outDir: (id) => join(home, 'out', id),
    });
    await scheduler.caughtUp;
    await scheduler.stop('test');

    const nightly = (await runsOf(state.url)).filter((r) => r.kind === 'nightly').reverse();
    expect(nightly.map((r) => [r.window.from, r.window.to, r.status])).toEqual([
      [iso(4), iso(3), 'SUCCEEDED'],
      [iso(3), iso(2), 'SUCCEEDED'],
      [iso(2), iso(1), 'SUCCEEDED'],
      [iso(1), iso(0), 'SUCCEEDED'],
    ]);
    expect(log.lines.join('\n')).toMatch(/catching up 3 missed window/);

    const listed = await runCli(['runs', '--kind', 'nightly'], {
      cwd: home,
      env: { RESRECON_HOME: home, RESRECON_SOURCE_URL: source.url, RESRECON_STATE_URL: state.url },
    });
    expect(listed.code).toBe(0);
    const history = JSON.parse(listed.stdout) as RunRecord[];
    expect(history.map((r) => r.window.to)).toEqual([iso(0), iso(1), iso(2), iso(3)]);
    expect(history[0]!.counts).toEqual(
      expect.objectContaining({
        rowsByTable: expect.objectContaining({
          Reservation: expect.any(Number),
          api_logs: expect.any(Number),
        }),
        moneyAtStake: expect.any(Array),
        byRootCause: expect.any(Object),
      }),
    );
    expect(Object.keys(history[0]!.timings ?? {})).toEqual(
      expect.arrayContaining(['extract', 'rules', 'reconcile']),
    );
  }, 120_000);

  it('alerts by email and webhook when a run fails, naming the stage and the error', async () => {
    const state = await database('schedule_failure');
    const home = tempDir('failure');
    const smtp = await startSmtp();
    const hook = await startWebhook();
    later(() => smtp.close());
    later(() => hook.close());
    const unreachable = new URL(source.url);
    unreachable.pathname = '/resrecon_no_such_database';
    const config = jobConfig({
      RESRECON_HOME: home,
      RESRECON_SOURCE_URL: unreachable.toString(),
      RESRECON_STATE_URL: state.url,
      RESRECON_SMTP_URL: smtp.url,
      RESRECON_MAIL_TO_ENGINEERING: 'oncall@example.com',
      RESRECON_MAIL_TO_OPS: 'ops@example.com',
      RESRECON_WEBHOOK_URL: hook.url,
      RESRECON_SCHEDULE: '* * * * * *',
    });
    const scheduler = await startScheduler({
      config,
      log: memoryLog(),
      watch: null,
      outDir: (id) => join(home, 'out', id),
    });
    try {
      await eventually(() => smtp.messages.length > 0 && hook.bodies.length > 0, 'the failure alert');
    } finally {
      await scheduler.stop('test');
    }
    const mail = smtp.messages[0]!;
    expect(mail.subject).toMatch(/^resrecon: the nightly run \S+ failed in extract$/);
    expect(mail.headers.get('x-resrecon-alert')).toBe('run-failed');
    expect(mail.text).toContain('resrecon_no_such_database');
    const to = mail.to && !Array.isArray(mail.to) ? mail.to.text : '';
    expect(to).toContain('oncall@example.com');
    expect(to).toContain('ops@example.com');
    expect(String(hook.bodies[0]!['text'])).toContain('failed in extract');
    const failed = (await runsOf(state.url)).filter((r) => r.status === 'FAILED');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed[0]).toEqual(expect.objectContaining({ kind: 'nightly', failedStage: 'extract' }));
    expect(existsSync(join(home, 'out'))).toBe(false);
  }, 60_000);

  it('serves the runbook series as Prometheus metrics, and writes them to a file for a textfile collector', async () => {
    const file = join(tempDir('metrics'), 'resrecon.prom');
    const metrics = jobMetrics(file);
    const address = await metrics.listen(0, '127.0.0.1');
    try {
      metrics.recordWatch(2);
      const text = await (await fetch(address)).text();
      for (const name of [
        'duplicate_reservations_detected',
        'idempotency_key_collision',
        'resrecon_run_duration_seconds',
        'resrecon_last_success_timestamp_seconds',
        'resrecon_duplicate_sets',
        'resrecon_bursts 2',
      ])
        expect(text).toContain(name);
      await eventually(
        () => existsSync(file) && readFileSync(file, 'utf8').includes('resrecon_bursts 2'),
        'the file',
      );
    } finally {
      await metrics.close();
    }
  });
});

describe('the burst watch', () => {
  // The watch looks at the last hour, whose traffic follows the hour of the day, and the
  // simulator's history thins out towards its end: ended at 02:00 UTC, its last hour held 23 of
  // 6,000 bookings and no burst. So these tests run at 20:00 UTC, a busy hour, whatever the clock.
  let undoHour = (): void => undefined;
  beforeAll(() => {
    undoHour = clockAt('20:00');
  });
  afterAll(() => undoHour());

  async function burstySource(duplicateRate: number): Promise<string> {
    const db = await database('schedule_watch');
    const now = Date.now();
    await simulate({
      targetUrl: db.url,
      seed: 11,
      reservations: 6_000,
      duplicateRate,
      // The simulator's shortest history; the watch looks at its last hour.
      from: new Date(now - 13 * HOUR).toISOString(),
      to: new Date(now - 60_000).toISOString(),
    });
    return db.url;
  }

  async function watchFor(sourceUrl: string, passes: number) {
    const state = await database('schedule_watch_state');
    const home = tempDir('watch');
    const smtp = await startSmtp();
    const hook = await startWebhook();
    later(() => smtp.close());
    later(() => hook.close());
    const config = jobConfig({
      RESRECON_HOME: home,
      RESRECON_SOURCE_URL: sourceUrl,
      RESRECON_STATE_URL: state.url,
      RESRECON_SMTP_URL: smtp.url,
      RESRECON_MAIL_TO_ENGINEERING: 'oncall@example.com',
      RESRECON_WEBHOOK_URL: hook.url,
      RESRECON_SCHEDULE: '0 2 * * *',
    });
    const scheduler = await startScheduler({ config, log: memoryLog(), watch: '2s' });
    try {
      await eventually(
        async () =>
          (await runsOf(state.url)).filter((r) => r.kind === 'watch' && r.status === 'SUCCEEDED').length >=
          passes,
        `${passes} watch passes`,
        60_000,
      );
    } finally {
      await scheduler.stop('test');
    }
    return { smtp, hook };
  }

  it('alerts once on a burst of duplicates, with the sets and clients behind it, however many passes see it', async () => {
    const { smtp, hook } = await watchFor(await burstySource(0.3), 3);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toMatch(
      /duplicate bookings between .+ \(more than 5 within one hour\)/,
    );
    expect(smtp.messages[0]!.text).toMatch(/Sets: dup_/);
    expect(smtp.messages[0]!.text).toMatch(/Clients sending the copies: \S+ \(\d+\)/);
    expect(hook.bodies).toHaveLength(1);
    expect((hook.bodies[0]!['resrecon'] as { kind: string }).kind).toBe('burst');
  }, 120_000);

  it('stays quiet when there are no duplicates', async () => {
    const { smtp, hook } = await watchFor(await burstySource(0), 2);
    expect(smtp.messages).toHaveLength(0);
    expect(hook.bodies).toHaveLength(0);
  }, 120_000);
});

describe('the scheduler as a process', () => {
  function scheduler(env: Record<string, string>, cwd: string): ChildProcess & { output: string[] } {
    const pinned = clockArgs(clock.shiftMs);
    const child = spawn(process.execPath, [...pinned.args, BIN, 'schedule'], {
      cwd,
      env: { ...process.env, ...pinned.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    }) as ChildProcess & { output: string[] };
    child.output = [];
    child.stdout!.on('data', (d: Buffer) => child.output.push(String(d)));
    child.stderr!.on('data', (d: Buffer) => child.output.push(String(d)));
    return child;
  }
  const exited = (c: ChildProcess) =>
    new Promise<number | null>((r) =>
      c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code)),
    );

  it('runs each tick once when two schedulers on two hosts share the state store', async () => {
    const state = await database('schedule_two');
    const [a, b] = [tempDir('host-a'), tempDir('host-b')];
    const env = (home: string) => ({
      RESRECON_HOME: home,
      RESRECON_SOURCE_URL: source.url,
      RESRECON_STATE_URL: state.url,
      RESRECON_SCHEDULE: '*/2 * * * * *',
    });
    const procs = [scheduler(env(a), a), scheduler(env(b), b)];
    try {
      await eventually(
        async () => (await runsOf(state.url)).filter((r) => r.status === 'SUCCEEDED').length >= 4,
        'four nightly runs',
        // Each process takes seconds to start and each run seconds more on a busy machine.
        150_000,
      );
    } finally {
      for (const p of procs) p.kill('SIGTERM');
    }
    expect(await Promise.all(procs.map(exited))).toEqual([0, 0]);
    const nightly = (await runsOf(state.url))
      .filter((r) => r.kind === 'nightly' && r.status === 'SUCCEEDED')
      .reverse();
    for (let i = 1; i < nightly.length; i++) expect(nightly[i]!.window.from).toBe(nightly[i - 1]!.window.to);
    expect(new Set(nightly.map((r) => r.window.from)).size).toBe(nightly.length);
    const said = procs.flatMap((p) => p.output).join('');
    expect(said).toMatch(
      /skipped: another run holds the run lock|nothing due: another scheduler already covered this tick/,
    );
  }, 180_000);

  it('stops on SIGTERM in the middle of a run leaving the warehouse, the store and the output folder as they were', async () => {
    const state = await database('schedule_sigterm');
    const home = tempDir('sigterm');
    // Reading this view takes seconds, so the signal lands while the extract is under way.
    await slowReservations(source.url, home, 3);
    const env = {
      RESRECON_HOME: home,
      RESRECON_SOURCE_URL: source.url,
      RESRECON_STATE_URL: state.url,
      RESRECON_SCHEDULE: '*/3 * * * * *',
    };
    const first = await runCli(['run', '--no-email', '--out', join(home, 'out', 'first')], {
      cwd: home,
      env,
    });
    expect(first.stderr).not.toMatch(/resrecon:/);
    expect(first.code).toBe(0);
    const snapshot = async () => {
      const warehouse = await usingWarehouse(join(home, 'warehouse.duckdb'), (wh) =>
        wh.all('SELECT table_name, high_water FROM extract_state ORDER BY table_name'),
      );
      const store = await openStore({ stateUrl: state.url, home });
      try {
        return {
          warehouse,
          plans: (await store.listPlans({ includeSuperseded: true })).length,
          succeeded: (await store.listRuns(100)).filter((r) => r.status === 'SUCCEEDED').length,
          out: readdirSync(join(home, 'out')).sort(),
        };
      } finally {
        await store.close();
      }
    };
    const before = await snapshot();

    const proc = scheduler(env, home);
    try {
      await eventually(
        () => proc.output.join('').includes('extracting from'),
        'a scheduled run to start',
        30_000,
      );
      // A person's run meanwhile is refused, and leaves nothing behind.
      const manual = await runCli(['run', '--no-email', '--out', join(home, 'out', 'manual')], {
        cwd: home,
        env,
      });
      expect(manual.code).toBe(1);
      expect(manual.stderr).toMatch(/another run is in progress on this state store/);
    } finally {
      proc.kill('SIGTERM');
    }
    expect(await exited(proc)).toBe(0);
    expect(await snapshot()).toEqual(before);
    const stopped = (await runsOf(state.url)).find((r) => r.kind === 'nightly');
    expect(stopped).toEqual(expect.objectContaining({ status: 'FAILED', failedStage: 'extract' }));
    expect(stopped!.error).toMatch(/stopped \(SIGTERM\)/);
  }, 90_000);
});
