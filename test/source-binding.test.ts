/**
 * A warehouse and a state store know their source, and a deployment never falls back to the demo
 * data: a demo run then a PostgreSQL run in one RESRECON_HOME finds what a fresh home finds;
 * another database is refused with the setting to change (RESRECON_HOME, or RESRECON_STATE_URL
 * for a shared store); the commands after a `run --source` read that run's store, not the demo's;
 * a configured run without a source stops with exit 2.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.ts';
import type { RunReport } from '../src/model/index.ts';
import { resolveWindow, runPipeline } from '../src/pipeline/index.ts';
import { simulate } from '../src/simulate/index.ts';
import { runCli } from './support/cli.ts';
import { createTestDatabase, queryRows, type TestDatabase } from './support/pg.ts';

const WINDOW = { from: '2026-11-03T00:00:00.000Z', to: '2026-11-06T00:00:00.000Z' };
const homes: string[] = [];
let db: TestDatabase;

const newHome = (): string => {
  const home = mkdtempSync(join(tmpdir(), 'resrecon-binding-'));
  homes.push(home);
  return home;
};
const baseEnv = (home: string) => ({
  RESRECON_HOME: home,
  RESRECON_CONFIG: undefined,
  RESRECON_STATE_URL: undefined,
  RESRECON_SOURCE_URL: undefined,
});

async function pgRun(home: string, url = db.url): Promise<RunReport> {
  const config = resolveConfig({ cwd: home, env: { ...baseEnv(home), RESRECON_SOURCE_URL: url } });
  const outcome = await runPipeline({
    config,
    window: WINDOW,
    outDir: join(home, `out-${Date.now()}`),
    email: false,
  });
  return outcome.report;
}

const judged = (r: RunReport) =>
  r.sets.map((s) => `${s.setId} ${s.verdict} ${s.rootCause} ${s.plan?.planId ?? '-'}`).sort();

beforeAll(async () => {
  db = await createTestDatabase('source_binding');
  await simulate({ targetUrl: db.url, seed: 4417, reservations: 1_500, from: WINDOW.from, to: WINDOW.to });
});

afterAll(async () => {
  await db?.drop();
  for (const h of homes) rmSync(h, { recursive: true, force: true });
});

describe('a warehouse bound to its source', () => {
  it('gives the same sets on PostgreSQL after a demo run in the same home as in a fresh home', async () => {
    const shared = newHome();
    const demoConfig = resolveConfig({ cwd: shared, env: baseEnv(shared) });
    const demo = await runPipeline({
      config: demoConfig,
      window: resolveWindow(demoConfig.source, {}),
      outDir: join(shared, 'out-demo'),
      email: false,
    });
    expect(demo.report.demo).toBe(true);
    expect(demo.report.totals.duplicateSets).toBeGreaterThan(0);
    const afterDemo = await pgRun(shared);
    const fresh = await pgRun(newHome());
    expect(afterDemo.demo).toBe(false);
    expect(afterDemo.totals.duplicateSets).toBeGreaterThan(0);
    expect(judged(afterDemo)).toEqual(judged(fresh));
  });

  it('refuses another database in the same home, naming RESRECON_HOME, and changes nothing', async () => {
    const home = newHome();
    const first = await pgRun(home);
    const other = new URL(db.url);
    other.pathname = '/another_booking_db';
    const err = await pgRun(home, other.toString()).catch((e: unknown) => e);
    expect(err).toEqual(expect.objectContaining({ name: 'ConfigError', setting: 'RESRECON_HOME' }));
    // The home's embedded state store is bound as its warehouse is, and is asked first.
    expect(String((err as Error).message)).toMatch(
      /holds (data from|the plans of) postgresql:\/\/127\.0\.0\.1:5432\/source_binding/,
    );
    expect(judged(await pgRun(home))).toEqual(judged(first));
  });
});

describe('a deployment without a source', () => {
  for (const [what, env, file] of [
    ['a state store', { RESRECON_STATE_URL: 'postgresql://postgres@127.0.0.1:5432/x' }, null],
    ['an SMTP server', { RESRECON_SMTP_URL: 'smtp://127.0.0.1:2525' }, null],
    ['recipients', { RESRECON_MAIL_TO_FINANCE: 'finance@example.com' }, null],
    ['a booking API', { RESRECON_BOOKING_API_URL: 'https://api.example.com' }, null],
    ['a configuration file', {}, 'mail:\n  from: resrecon@example.com\n'],
  ] as const) {
    it(`stops with exit status 2 when ${what} is configured and no source is`, async () => {
      const home = newHome();
      if (file) writeFileSync(join(home, 'resrecon.config.yaml'), file);
      const r = await runCli(['run', '--no-email'], { cwd: home, env: { ...baseEnv(home), ...env } });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/RESRECON_SOURCE_URL/);
      expect(r.stderr).toMatch(file ? /resrecon\.config\.yaml/ : new RegExp(Object.keys(env)[0]!));
      expect(r.stdout).toBe('');
    });
  }

  it('still runs the demo with only RESRECON_HOME set, and says so on the terminal and in every subject', async () => {
    const home = newHome();
    const r = await runCli(['run', '--out', join(home, 'out')], { cwd: home, env: baseEnv(home) });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/DEMO DATA/);
    const outbox = join(home, 'out', 'outbox');
    const emails = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(emails).toHaveLength(3);
    for (const f of emails) {
      const mail = await simpleParser(readFileSync(join(outbox, f)));
      expect(mail.subject).toMatch(/^\[DEMO DATA\] resrecon /);
      expect(mail.html).toContain('Demo data.');
      expect(mail.text).toContain('DEMO DATA');
    }
    for (const report of ['finance.html', 'engineering.html', 'ops.html'])
      expect(readFileSync(join(home, 'out', report), 'utf8')).toContain('Demo data.');
  });
});

describe('a state store bound to its source', () => {
  const window = ['--from', WINDOW.from, '--to', WINDOW.to];

  it('lists a run --source’s plans with plans list in the same home, never the demo store, and says when it reads the demo store', async () => {
    const home = newHome();
    const env = baseEnv(home);
    const out = join(home, 'out');
    const ran = await runCli(['run', '--source', db.url, '--no-email', ...window, '--out', out], {
      cwd: home,
      env,
    });
    expect(ran.code, ran.stderr).toBe(0);
    // The piped page carries the run's stage times and peak RSS, which the benchmarks read.
    const page = JSON.parse(ran.stdout) as {
      timings: Record<string, number>;
      peakRssMiB: Record<string, number>;
    };
    expect(page.timings['extract']).toBeGreaterThanOrEqual(0);
    expect(page.peakRssMiB['write']).toBeGreaterThan(0);
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
    const planIds = report.sets.flatMap((s) => (s.plan ? [s.plan.planId] : [])).sort();
    expect(planIds.length).toBeGreaterThan(0);

    const listed = await runCli(['plans', 'list', '--json'], { cwd: home, env });
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { planId: string }[]).map((p) => p.planId).sort()).toEqual(planIds);
    expect(listed.stderr).not.toMatch(/DEMO/);
    const runs = await runCli(['runs', '--json'], { cwd: home, env });
    expect((JSON.parse(runs.stdout) as { runId: string }[]).map((r) => r.runId)).toEqual([report.runId]);
    const users = await runCli(['users', 'list'], { cwd: home, env });
    expect(users.code).toBe(0);
    expect(users.stderr).not.toMatch(/DEMO/);
    // The home belongs to a booking database now: a run without one is refused, never the demo.
    const bare = await runCli(['run', '--no-email'], { cwd: home, env });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/RESRECON_SOURCE_URL/);
    expect(bare.stderr).toContain(home);

    const fresh = newHome();
    const demo = await runCli(['plans', 'list', '--json'], { cwd: fresh, env: baseEnv(fresh) });
    expect(demo.code).toBe(0);
    expect(demo.stderr).toMatch(/DEMO DATA: .*demo's store in .*demo/);
  });

  it('refuses a run against another booking database on a shared RESRECON_STATE_URL, with exit status 2 naming it, and mixes no plans', async () => {
    const state = await createTestDatabase('shared_state');
    try {
      const first = newHome();
      const ranFirst = await runCli(
        ['run', '--source', db.url, '--no-email', ...window, '--out', join(first, 'out')],
        {
          cwd: first,
          env: { ...baseEnv(first), RESRECON_STATE_URL: state.url },
        },
      );
      expect(ranFirst.code, ranFirst.stderr).toBe(0);
      const count = async () =>
        Number((await queryRows<{ n: string }>(state.url, 'SELECT count(*) AS n FROM resrecon.plans'))[0]!.n);
      const plans = await count();
      expect(plans).toBeGreaterThan(0);

      const second = newHome();
      const other = new URL(db.url);
      other.pathname = '/another_booking_db';
      const ranSecond = await runCli(
        ['run', '--source', other.toString(), '--no-email', ...window, '--out', join(second, 'out')],
        { cwd: second, env: { ...baseEnv(second), RESRECON_STATE_URL: state.url } },
      );
      expect(ranSecond.code).toBe(2);
      const lines = ranSecond.stderr.trim().split('\n');
      expect(lines.at(-1)).toContain(
        `holds the plans of postgresql://127.0.0.1:5432/${db.name}, not of postgresql://127.0.0.1:5432/another_booking_db`,
      );
      expect(lines.at(-1)).toMatch(
        /^resrecon: the state store at .*: .*RESRECON_STATE_URL.*; nothing was run$/,
      );
      expect(await count()).toBe(plans);
      // Reading the shared store without a source is still allowed: it belongs to the first.
      const listed = await runCli(['plans', 'list', '--json'], {
        cwd: second,
        env: { ...baseEnv(second), RESRECON_STATE_URL: state.url },
      });
      expect((JSON.parse(listed.stdout) as unknown[]).length).toBe(plans);
    } finally {
      await state.drop();
    }
  });
});
