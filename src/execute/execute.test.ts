import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { type Fault, type StandIn, startStandIn } from '../../test/support/booking-api.ts';
import { runCli } from '../../test/support/cli.ts';
import { addDeciders } from '../../test/support/deciders.ts';
import { createTestDatabase } from '../../test/support/pg.ts';
import { seededRandom } from '../../test/support/seeded-random.ts';
import { type ResolvedConfig, resolveConfig } from '../config/index.ts';
import { approvePlan, rejectPlan } from '../decisions/index.ts';
import { needsSecondApproval } from '../model/index.ts';
import { simulate } from '../simulate/index.ts';
import { openStore, type StoredPlan } from '../state/index.ts';
import { executePlans } from './index.ts';

const BIN = resolve(import.meta.dirname, '../../bin/resrecon.js');
const TOKEN = 'test-token-not-for-logs';
const FAST = { attempts: 6, baseDelayMs: 5, maxDelayMs: 50 };
const cleanup: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

interface World {
  readonly sourceUrl: string;
  readonly env: Record<string, string>;
  readonly config: ResolvedConfig;
  readonly api: StandIn;
  plans(): Promise<StoredPlan[]>;
  approve(planId: string, by?: string): Promise<void>;
  reject(planId: string): Promise<void>;
  sql(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

/** A simulated booking database, a run's plans in an embedded store, and the stand-in API. */
async function world(
  options: {
    duplicateRate?: number;
    fault?: StandInFault;
    latencyMs?: number;
    /** SQL run on the simulated source before the run, to give it what production holds. */
    alterSource?: string;
  } = {},
) {
  const db = await createTestDatabase('execute_source');
  cleanup.push(() => db.drop());
  const home = mkdtempSync(join(tmpdir(), 'resrecon-execute-'));
  cleanup.push(() => rmSync(home, { recursive: true, force: true }));
  await simulate({
    targetUrl: db.url,
    seed: 21,
    reservations: 300,
    duplicateRate: options.duplicateRate ?? 0.1,
    from: '2026-11-01T00:00:00Z',
    to: '2026-11-02T00:00:00Z',
  });
  if (options.alterSource) {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query(options.alterSource);
    } finally {
      await c.end();
    }
  }
  const api = await startStandIn({
    sourceUrl: db.url,
    token: TOKEN,
    ...(options.fault ? { fault: options.fault } : {}),
    ...(options.latencyMs ? { latencyMs: options.latencyMs } : {}),
  });
  cleanup.push(() => api.close());
  const env = {
    RESRECON_HOME: home,
    RESRECON_SOURCE_URL: db.url,
    RESRECON_BOOKING_API_URL: api.url,
    RESRECON_BOOKING_API_TOKEN: TOKEN,
  };
  const ran = await runCli(
    [
      'run',
      '--no-email',
      '--from',
      '2026-11-01T00:00:00Z',
      '--to',
      '2026-11-02T00:00:00Z',
      '--out',
      join(home, 'out'),
    ],
    { cwd: home, env },
  );
  expect(ran.code, ran.stderr).toBe(0);
  const config = resolveConfig({ cwd: home, env });
  const withStore = async <T>(fn: (s: Awaited<ReturnType<typeof openStore>>) => Promise<T>) => {
    const store = await openStore({ stateUrl: null, home: config.localDir });
    try {
      await addDeciders(store, {
        'ops@example.com': 'approver',
        'finance@example.com': 'finance',
        'controller@example.com': 'finance',
      });
      return await fn(store);
    } finally {
      await store.close();
    }
  };
  const w: World = {
    sourceUrl: db.url,
    env,
    config,
    api,
    plans: () => withStore((s) => s.listPlans()),
    approve: (planId, by = 'ops@example.com') =>
      withStore(async (s) => {
        await approvePlan(s, planId, { by }, config.reconcile);
      }),
    reject: (planId) =>
      withStore(async (s) => {
        await rejectPlan(s, planId, { by: 'ops@example.com', reason: 'looked wrong', category: 'other' });
      }),
    async sql(text, values) {
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      try {
        return await c.query(text, values);
      } finally {
        await c.end();
      }
    },
  };
  return w;
}
type StandInFault = (req: { key: string; action: string; seen: number }) => Fault;

/** Approves a plan as ops, and as finance too when it needs the second approval. */
async function approveFully(w: World, p: StoredPlan): Promise<void> {
  await w.approve(p.plan.planId);
  if (needsSecondApproval(p.plan)) await w.approve(p.plan.planId, 'finance@example.com');
}

function itemIds(p: StoredPlan): string[] {
  const plan = p.plan;
  return [
    ...plan.cancel.map((i) => i.itemId),
    ...plan.refunds.map((i) => i.itemId),
    ...plan.voids.map((i) => i.itemId),
    ...plan.transfers.map((i) => i.itemId),
    ...plan.releases.map((i) => i.itemId),
    plan.notify.itemId,
  ];
}

async function statusOf(w: World, planId: string): Promise<string | undefined> {
  return (await w.plans()).find((p) => p.plan.planId === planId)?.status;
}

describe('resrecon execute', () => {
  it('carries out the approved plans once each and validates them, leaving proposed and rejected ones untouched', async () => {
    const w = await world();
    const plans = await w.plans();
    expect(plans.length).toBeGreaterThan(4);
    const [proposed, rejected, ...approved] = plans;
    await w.reject(rejected!.plan.planId);
    for (const p of approved) await approveFully(w, p);

    const results = await executePlans({ config: w.config, retry: FAST });
    expect(results.map((r) => r.outcome)).toEqual(approved.map(() => 'EXECUTED'));

    const effects = await w.api.effects();
    for (const p of approved) {
      expect(await statusOf(w, p.plan.planId)).toBe('EXECUTED');
      for (const id of itemIds(p)) expect(effects.get(id), id).toBe(1);
      const copies = await w.sql('SELECT status FROM "Reservation" WHERE id = ANY($1)', [
        p.plan.cancel.map((c) => c.reservationId),
      ]);
      expect(copies.rows.every((r) => r.status === 'CANCELLED')).toBe(true);
    }
    for (const p of [proposed!, rejected!]) for (const id of itemIds(p)) expect(effects.has(id)).toBe(false);
    expect(await statusOf(w, proposed!.plan.planId)).toBe('PROPOSED');
    expect(await statusOf(w, rejected!.plan.planId)).toBe('REJECTED');
    expect(w.api.requests.every((r) => r.auth === `Bearer ${TOKEN}`)).toBe(true);

    // Run again: nothing is approved any more, nothing is sent.
    const sent = w.api.requests.length;
    expect(await executePlans({ config: w.config, retry: FAST })).toEqual([]);
    expect(w.api.requests.length).toBe(sent);

    // The audit trail has every call and its answer, never the token.
    const store = await openStore({ stateUrl: null, home: w.config.localDir });
    const audit = await store.audit({ planId: approved[0]!.plan.planId });
    await store.close();
    expect(audit.filter((a) => a.action === 'ITEM_DONE')).toHaveLength(itemIds(approved[0]!).length);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['PLAN_EXECUTING', 'PLAN_EXECUTED']));
    expect(JSON.stringify(audit)).not.toContain(TOKEN);
  }, 120_000);

  it('retries 409s, 5xx and timeouts under the same key and ends with every effect applied once', async () => {
    const w = await world({
      fault: ({ action, seen }) => {
        if (action === 'cancel' && seen === 1) return { status: 409 };
        if (action === 'refund' && seen <= 2) return { status: 503 };
        // Done, but the answer comes too late: the retry must get the first answer back.
        if (action === 'notify' && seen === 1) return { holdMs: 1_500 };
        return null;
      },
    });
    const plans = (await w.plans()).slice(0, 3);
    for (const p of plans) await approveFully(w, p);
    const config = { ...w.config, bookingApi: { ...w.config.bookingApi!, timeoutMs: 400 } };
    const results = await executePlans({ config, retry: FAST });
    expect(results.map((r) => r.outcome)).toEqual(['EXECUTED', 'EXECUTED', 'EXECUTED']);
    const effects = await w.api.effects();
    for (const p of plans) for (const id of itemIds(p)) expect(effects.get(id), id).toBe(1);
    const notifyKeys = new Set(plans.map((p) => p.plan.notify.itemId));
    expect(w.api.requests.filter((r) => notifyKeys.has(r.key)).length).toBe(6);
  }, 120_000);

  it('leaves a plan EXECUTING when the API keeps failing, and resumes it later without repeating what was done', async () => {
    let down = true;
    const w = await world({ fault: ({ action }) => (down && action === 'notify' ? { status: 503 } : null) });
    const [plan] = await w.plans();
    await approveFully(w, plan!);
    const [first] = await executePlans({ config: w.config, retry: { ...FAST, attempts: 2 } });
    expect(first!.outcome).toBe('PENDING');
    expect(first!.detail).toMatch(/HTTP 503 .* after 2 attempts; run execute again to resume/);
    expect(await statusOf(w, plan!.plan.planId)).toBe('EXECUTING');
    const store = await openStore({ stateUrl: null, home: w.config.localDir });
    const audit = await store.audit({ planId: plan!.plan.planId });
    await store.close();
    expect(audit.find((a) => a.action === 'ITEM_PENDING')?.detail).toEqual(
      expect.objectContaining({ attempts: 2, trail: ['503', '503'] }),
    );
    down = false;
    const [again] = await executePlans({ config: w.config, retry: FAST });
    expect(again!.outcome).toBe('EXECUTED');
    const effects = await w.api.effects();
    for (const id of itemIds(plan!)) expect(effects.get(id), id).toBe(1);
    const cancelKey = plan!.plan.cancel[0]!.itemId;
    expect(w.api.requests.filter((r) => r.key === cancelKey)).toHaveLength(1);
  }, 120_000);

  it('counts only what is still to move of a plan that failed part-way: its done refunds leave the export', async () => {
    const w = await world({ fault: ({ action }) => (action === 'notify' ? { status: 400 } : null) });
    const plan = (await w.plans()).find((p) => p.plan.refunds.length > 0 && !needsSecondApproval(p.plan));
    expect(plan, 'a plan with a refund').toBeDefined();
    await approveFully(w, plan!);
    const [result] = await executePlans({ config: w.config, planIds: [plan!.plan.planId], retry: FAST });
    expect(result!.outcome).toBe('FAILED');
    const r = await runCli(['plans', 'export', '--status', 'FAILED'], {
      cwd: w.env['RESRECON_HOME']!,
      env: w.env,
    });
    expect(r.code, r.stderr).toBe(0);
    for (const refund of plan!.plan.refunds) expect(r.stdout).not.toContain(refund.paymentId);
  }, 120_000);

  it('notifies the guest at the address without the spaces typed around it, its domain in lower case', async () => {
    // Every booking's address as a guest or agent might have typed it: a space before, two
    // after, the domain in capitals.
    const w = await world({
      alterSource: `UPDATE "Reservation" SET "guestEmail" = ' ' || split_part(trim("guestEmail"), '@', 1)
        || '@' || upper(split_part(trim("guestEmail"), '@', 2)) || '  '`,
    });
    const plans = (await w.plans()).slice(0, 3);
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) await approveFully(w, p);
    const results = await executePlans({ config: w.config, retry: FAST });
    expect(results.map((r) => r.outcome)).toEqual(plans.map(() => 'EXECUTED'));
    const sent = await w.sql(`SELECT key, target FROM standin.effects WHERE action = 'notify'`);
    const byKey = new Map(sent.rows.map((r: { key: string; target: string }) => [r.key, r.target]));
    for (const p of plans) {
      const typed = (
        await w.sql('SELECT "guestEmail" AS e FROM "Reservation" WHERE id = $1', [p.plan.keepReservationId])
      ).rows[0].e as string;
      expect(typed).toMatch(/^ \S+@[^a-z]+ {2}$/);
      const [local, domain] = typed.trim().split('@') as [string, string];
      const expected = `${local}@${domain.toLowerCase()}`;
      expect(p.plan.notifyGuest).toBe(expected);
      expect(byKey.get(p.plan.notify.itemId)).toBe(expected);
    }
  }, 120_000);

  it('marks a plan STALE and sends nothing when the booking database no longer matches it', async () => {
    const w = await world();
    const [plan] = await w.plans();
    await approveFully(w, plan!);
    const copy = plan!.plan.cancel[0]!.reservationId;
    await w.sql(`UPDATE "Reservation" SET status = 'CANCELLED' WHERE id = $1`, [copy]);
    const [result] = await executePlans({ config: w.config, planIds: [plan!.plan.planId], retry: FAST });
    expect(result).toEqual(
      expect.objectContaining({ outcome: 'STALE', detail: `copy ${copy} is already CANCELLED` }),
    );
    expect(await statusOf(w, plan!.plan.planId)).toBe('STALE');
    expect(w.api.requests).toHaveLength(0);
  }, 120_000);

  it('fails validation when the set still has two active bookings after the calls', async () => {
    const w = await world({ fault: ({ action }) => (action === 'cancel' ? { lie: true } : null) });
    const [plan] = await w.plans();
    await approveFully(w, plan!);
    const [result] = await executePlans({ config: w.config, retry: FAST });
    expect(result!.outcome).toBe('FAILED');
    expect(result!.detail).toMatch(/validation: the set has \d+ active bookings/);
    expect(await statusOf(w, plan!.plan.planId)).toBe('FAILED');
  }, 120_000);

  it('stops a plan refused with a 4xx as FAILED, with the response, and tries it again only when named', async () => {
    // The first cancellation is refused once; the retry of the plan gets it through.
    let refused: string | null = null;
    const w = await world({
      fault: ({ key, action }) => {
        if (action !== 'cancel' || refused !== null) return null;
        refused = key;
        return { status: 400 };
      },
    });
    const [plan] = await w.plans();
    await approveFully(w, plan!);
    const [first] = await executePlans({ config: w.config, retry: FAST });
    expect(first!.outcome).toBe('FAILED');
    expect(first!.detail).toMatch(/refused with HTTP 400: \{"error":"injected"\}/);
    expect(await executePlans({ config: w.config, retry: FAST })).toEqual([]);
    const [again] = await executePlans({ config: w.config, planIds: [plan!.plan.planId], retry: FAST });
    expect(again!.outcome, again!.detail).toBe('EXECUTED');
  }, 120_000);

  it('waits for the second approval of a plan with a refund past the limit', async () => {
    const w = await world();
    const large = (await w.plans()).find((p) => needsSecondApproval(p.plan));
    expect(large, 'the simulated night has a refund past the limit').toBeDefined();
    const id = large!.plan.planId;
    await w.approve(id, 'finance@example.com');
    await expect(w.approve(id)).rejects.toThrow(
      /needs the finance role; ops@example.com has the approver role/,
    );
    await expect(w.approve(id, 'finance@example.com')).rejects.toThrow(/must come from another person/);
    const [waiting] = await executePlans({ config: w.config, planIds: [id], retry: FAST });
    expect(waiting!.outcome).toBe('WAITING');
    expect(waiting!.detail).toMatch(
      /second approval .* finance role \(approved so far by finance@example.com\)/,
    );
    expect(w.api.requests).toHaveLength(0);
    await w.approve(id, 'controller@example.com');
    const [done] = await executePlans({ config: w.config, planIds: [id], retry: FAST });
    expect(done!.outcome).toBe('EXECUTED');
  }, 120_000);

  it('prints every call with its body on --dry-run and changes nothing', async () => {
    const w = await world();
    const [plan] = await w.plans();
    await approveFully(w, plan!);
    const r = await runCli(['execute', '--dry-run'], { cwd: w.env['RESRECON_HOME']!, env: w.env });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as {
      plan: string;
      call: string;
      'idempotency-key': string;
      body: string;
    }[];
    const cancel = plan!.plan.cancel[0]!;
    expect(rows).toContainEqual({
      plan: plan!.plan.planId,
      call: `DELETE ${w.api.url}/api/v1/reservations/${cancel.reservationId}`,
      'idempotency-key': cancel.itemId,
      body: JSON.stringify({
        reason: 'DUPLICATE',
        primaryReservationId: plan!.plan.keepReservationId,
        refund: false,
      }),
    });
    expect(rows.filter((x) => x.plan === plan!.plan.planId)).toHaveLength(itemIds(plan!).length);
    expect(w.api.requests).toHaveLength(0);
    expect(await statusOf(w, plan!.plan.planId)).toBe('APPROVED');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  }, 120_000);

  it('never applies an effect twice when killed with SIGKILL at random points and started again', async () => {
    const w = await world({ duplicateRate: 0.15, latencyMs: 15 });
    const plans = await w.plans();
    expect(plans.length).toBeGreaterThan(20);
    for (const p of plans) await approveFully(w, p);
    const start = () =>
      spawn(process.execPath, [BIN, 'execute'], {
        cwd: w.env['RESRECON_HOME'],
        env: { ...process.env, ...w.env },
        stdio: 'ignore',
      });
    // The kill point is a random request of the run (and a random moment around it), not a
    // wall-clock delay: a fast machine must not finish before the kill, nor a slow one be killed
    // before its first call. The points come from a printed seed, so a failure can be replayed.
    const random = seededRandom('the kill points');
    const replay = `kill points from seed ${random.seed}`;
    let kills = 0;
    for (let trial = 0; trial < 20; trial++) {
      const child = start();
      let gone = false;
      const exited = new Promise<void>((r) =>
        child.once('exit', () => {
          gone = true;
          r();
        }),
      );
      const target = w.api.requests.length + 1 + Math.floor(random.next() * 6);
      while (!gone && w.api.requests.length < target) await new Promise((r) => setTimeout(r, 2));
      await new Promise((r) => setTimeout(r, random.next() * 20));
      if (!gone && child.exitCode === null) {
        child.kill('SIGKILL');
        kills += 1;
      }
      await exited;
    }
    expect(kills, replay).toBeGreaterThanOrEqual(15);
    const last = start();
    const code = await new Promise<number | null>((r) => last.once('exit', (c) => r(c)));
    expect(code, replay).toBe(0);

    const effects = await w.api.effects();
    expect(
      [...effects.values()].filter((n) => n > 1),
      replay,
    ).toEqual([]);
    for (const p of plans) {
      expect(await statusOf(w, p.plan.planId), replay).toBe('EXECUTED');
      for (const id of itemIds(p)) expect(effects.get(id), `${id}, ${replay}`).toBe(1);
    }
  }, 300_000);
});
