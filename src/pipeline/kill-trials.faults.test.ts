/**
 * SIGKILL at random points of `resrecon run` and `resrecon schedule`, twenty times each, with the
 * killed processes' debris (warehouse, state store, output and outbox) left for the next start,
 * as a crash leaves it. Afterwards the surviving run reports what an undisturbed run reports, no
 * run is left RUNNING, no partial folder is left, the nights' windows join up without a gap or an
 * overlap, and no report email went twice. (`resrecon execute`'s trials are in execute.test.ts.)
 * Run by `npm run test:faults`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../test/support/pg.ts';
import { type SmtpReceiver, startSmtp } from '../../test/support/receivers.ts';
import { readDigest } from '../../test/support/report-digest.ts';
import { runsOf, scratch } from '../../test/support/scratch.ts';
import { seededRandom } from '../../test/support/seeded-random.ts';
import { simulate } from '../simulate/index.ts';
import { openStore, type RunRecord } from '../state/index.ts';

const BIN = resolve(import.meta.dirname, '../../bin/resrecon.js');
const TRIALS = 20;
const MINUTE = 60_000;

const { dir: tempDir, database, later } = scratch('kill');

function start(args: readonly string[], env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: env['RESRECON_HOME'],
    env: { ...process.env, ...env },
    stdio: 'ignore',
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once('exit', (code) => r(code)));
}

/** Kills the child after `ms` unless it ended first; says whether it was killed. */
async function killAfter(child: ChildProcess, ms: number): Promise<boolean> {
  const end = exited(child);
  const done = await Promise.race([
    end.then(() => true),
    new Promise<false>((r) => setTimeout(() => r(false), ms)),
  ]);
  if (done) return false;
  child.kill('SIGKILL');
  await end;
  return true;
}

/**
 * Report emails received, by run: the audiences each got, one entry per distinct message. A
 * message sent again byte for byte (its Message-ID the same) after a process died between the
 * server taking it and the outbox recording so is SMTP's own limit, which receivers drop; a
 * second, different message for one run and audience would be resrecon's fault.
 */
function emailsByRun(messages: SmtpReceiver['messages']): Map<string, string[]> {
  const seen = new Set<string>();
  const out = new Map<string, string[]>();
  for (const m of messages) {
    const run = String(m.headers.get('x-resrecon-run') ?? '');
    const audience = String(m.headers.get('x-resrecon-audience') ?? '');
    if (!audience || seen.has(`${run} ${audience} ${m.messageId}`)) continue;
    seen.add(`${run} ${audience} ${m.messageId}`);
    out.set(run, [...(out.get(run) ?? []), audience].sort());
  }
  return out;
}

/** Every message of a run that succeeded, each audience once; none of any other run. */
function expectMailedOnce(mailed: Map<string, string[]>, runs: readonly RunRecord[]): void {
  const status = new Map(runs.map((r) => [r.runId, r.status]));
  for (const run of mailed.keys()) expect(status.get(run), `run ${run} mailed`).toBe('SUCCEEDED');
  for (const r of runs.filter((x) => x.status === 'SUCCEEDED' && x.runId !== 'before')) {
    expect(mailed.get(r.runId), `run ${r.runId}'s reports, each once`).toEqual([
      'engineering',
      'finance',
      'ops',
    ]);
  }
}

function partials(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.includes('.partial-'));
}

const MAIL = {
  RESRECON_MAIL_TO_FINANCE: 'finance@example.com',
  RESRECON_MAIL_TO_ENGINEERING: 'eng@example.com',
  RESRECON_MAIL_TO_OPS: 'ops@example.com',
};

describe('SIGKILL at random points', () => {
  let source: TestDatabase;
  let smtp: SmtpReceiver;
  const now = Date.now();
  const from = new Date(now - 90 * MINUTE).toISOString();

  beforeAll(async () => {
    source = await database('kill_source');
    smtp = await startSmtp();
    later(() => smtp.close());
    // The simulator draws half a day at least; the trials read its last ninety minutes. Its
    // arrivals follow the hour of the day, so a window ending in the small hours holds a few
    // times fewer bookings than one ending at noon: enough are drawn for a dozen sets either way.
    await simulate({
      targetUrl: source.url,
      seed: 21,
      reservations: 8_000,
      from: new Date(now - 13 * 60 * MINUTE).toISOString(),
      to: new Date(now).toISOString(),
    });
  }, 120_000);

  it(`of resrecon run, ${TRIALS} times, leaves a store whose next run reports what an undisturbed run does`, async () => {
    // Four hours, not the watch's ninety minutes: the quietest ninety minutes of the day (the small
    // hours) hold fewer than a dozen sets, and this trial needs a dozen whatever the hour.
    const window = [
      '--from',
      new Date(now - 4 * 60 * MINUTE).toISOString(),
      '--to',
      new Date(now).toISOString(),
    ];
    const reference = tempDir('run-reference');
    const t0 = performance.now();
    expect(
      await exited(
        start(['run', '--no-email', ...window, '--out', join(reference, 'out')], {
          RESRECON_HOME: reference,
          RESRECON_SOURCE_URL: source.url,
        }),
      ),
    ).toBe(0);
    const undisturbedMs = performance.now() - t0;
    const expected = readDigest(join(reference, 'out'));
    expect(expected.sets.length).toBeGreaterThan(10);

    const home = tempDir('run');
    const state = await database('kill_run_state');
    const env = {
      RESRECON_HOME: home,
      RESRECON_SOURCE_URL: source.url,
      RESRECON_STATE_URL: state.url,
      RESRECON_SMTP_URL: smtp.url,
      ...MAIL,
    };
    mkdirSync(join(home, 'out'));
    // Anywhere in a run's life: start-up, extract, rules, planning, writing, delivery. Runs on a
    // warm warehouse are quicker, so the span follows the last run that was let finish.
    const random = seededRandom('the run kill points');
    let kills = 0;
    let spanMs = undisturbedMs;
    for (let trial = 0; trial < TRIALS; trial++) {
      const began = performance.now();
      const child = start(['run', ...window, '--out', join(home, 'out', `t${trial}`)], env);
      if (await killAfter(child, random.next() * spanMs * 0.95)) kills += 1;
      else spanMs = performance.now() - began;
    }
    expect(kills).toBeGreaterThanOrEqual(TRIALS / 2);
    const last = start(['run', ...window, '--out', join(home, 'out', 'last')], env);
    expect(await exited(last)).toBe(0);

    expect(readDigest(join(home, 'out', 'last'))).toEqual(expected);
    const runs = await runsOf(state.url);
    expect(runs.filter((r) => r.status === 'RUNNING')).toEqual([]);
    expect(partials(join(home, 'out'))).toEqual([]);
    // Runs killed after they were recorded done had their emails finished by a later run.
    expectMailedOnce(emailsByRun(smtp.messages), runs);
    expect(runs[0]!.status).toBe('SUCCEEDED');
  }, 600_000);

  it(`of resrecon schedule, ${TRIALS} times, leaves the nights joined up, each mailed once, and the first night as an undisturbed run reports it`, async () => {
    const home = tempDir('schedule');
    const state = await database('kill_schedule_state');
    // The job ran last 60 minutes ago; every start catches up from there as one window.
    const seeded = new Date(now - 60 * MINUTE).toISOString();
    const store = await openStore({ stateUrl: state.url, home });
    await store.recordRunStart({ runId: 'before', kind: 'nightly', window: { from, to: seeded } });
    await store.recordRunFinish({ runId: 'before', status: 'SUCCEEDED' });
    await store.close();
    writeFileSync(join(home, 'resrecon.config.json'), JSON.stringify({ schedule: { catchUp: 'one' } }));
    const env = {
      RESRECON_HOME: home,
      RESRECON_SOURCE_URL: source.url,
      RESRECON_STATE_URL: state.url,
      RESRECON_SMTP_URL: smtp.url,
      RESRECON_SCHEDULE: '*/3 * * * * *',
      ...MAIL,
    };
    const before = new Set(smtp.messages);
    const random = seededRandom('the schedule kill points');
    let kills = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      if (await killAfter(start(['schedule'], env), 500 + random.next() * 6_000)) kills += 1;
    }
    expect(kills).toBe(TRIALS);
    // Then an undisturbed stretch until two more nights have succeeded (a minute at most),
    // stopped the way an operator stops it.
    const succeededSoFar = (await runsOf(state.url)).filter(
      (r) => r.kind === 'nightly' && r.status === 'SUCCEEDED',
    ).length;
    const last = start(['schedule'], env);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      const now = (await runsOf(state.url)).filter(
        (r) => r.kind === 'nightly' && r.status === 'SUCCEEDED',
      ).length;
      if (now >= succeededSoFar + 2) break;
    }
    last.kill('SIGTERM');
    await exited(last);

    const runs = (await runsOf(state.url)).filter((r) => r.kind === 'nightly').reverse();
    expect(runs.filter((r) => r.status === 'RUNNING')).toEqual([]);
    const nights = runs.filter((r) => r.status === 'SUCCEEDED');
    expect(nights.length).toBeGreaterThan(2);
    for (let i = 1; i < nights.length; i++) {
      expect(nights[i]!.window.from, `night ${nights[i]!.runId} starts where the one before ended`).toBe(
        nights[i - 1]!.window.to,
      );
    }
    expect(partials(join(home, 'out'))).toEqual([]);
    expectMailedOnce(
      emailsByRun(smtp.messages.filter((x) => !before.has(x))),
      runs.filter((r) => r.kind === 'nightly'),
    );

    // The first night after the outage covers the hour the trials kept failing to finish.
    const first = nights[1]!;
    const reference = tempDir('schedule-reference');
    const out = join(reference, 'out');
    const code = await exited(
      start(['run', '--no-email', '--from', first.window.from, '--to', first.window.to, '--out', out], {
        RESRECON_HOME: reference,
        RESRECON_SOURCE_URL: source.url,
      }),
    );
    expect(code).toBe(0);
    expect(readDigest(join(home, 'out', first.runId))).toEqual(readDigest(out));
  }, 600_000);
});
