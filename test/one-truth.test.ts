/**
 * What finance is told equals what is carried out: the run's refunds.csv, `plans export`, the
 * report's totals, the finance subject, the console's "at stake" and `plans list` answer "what is
 * still to move" the same way, after people have approved, rejected and executed plans between
 * two runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.ts';
import { buildConsole } from '../src/console/index.ts';
import { approvePlan, rejectPlan } from '../src/decisions/index.ts';
import {
  formatMoneyList,
  fromMinor,
  isOutstanding,
  PLAN_STATUSES,
  type RunReport,
  toMinor,
} from '../src/model/index.ts';
import { resolveWindow, runPipeline } from '../src/pipeline/index.ts';
import { REFUNDS_CSV_COLUMNS, refundsCsv } from '../src/reports/index.ts';
import { openStore } from '../src/state/index.ts';
import { runCli } from './support/cli.ts';
import { addDeciders } from './support/deciders.ts';

const home = mkdtempSync(join(tmpdir(), 'resrecon-one-truth-'));
const env = { RESRECON_HOME: home, RESRECON_CONFIG: undefined, RESRECON_STATE_URL: undefined };
const config = resolveConfig({ cwd: home, env });
let second: RunReport;
let secondOut = '';
const PASSWORD = 'correct horse battery staple';

/** refunds.csv rows as records (the BOM and header checked). */
function records(csv: string): Record<string, string>[] {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const [header, ...lines] = csv.slice(1).trimEnd().split('\n');
  expect(header).toBe(REFUNDS_CSV_COLUMNS.join(','));
  // The demo's guest names hold no commas or quotes: a plain split reads them.
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [REFUNDS_CSV_COLUMNS[i]!, v])));
}

function sums(rows: readonly Record<string, string>[], action: string): [string, string][] {
  const acc = new Map<string, bigint>();
  for (const r of rows.filter((x) => x['action'] === action))
    acc.set(r['currency']!, (acc.get(r['currency']!) ?? 0n) + toMinor(r['amount']!));
  return [...acc.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([c, m]) => [c, fromMinor(m)]);
}

/** Per plan: the refunds.csv lines of these actions, as formatMoneyList writes them. */
function moneyPerPlan(
  rows: readonly Record<string, string>[],
  actions: readonly string[],
): Map<string, string> {
  const lines = new Map<string, { amount: string; currency: string }[]>();
  for (const r of rows.filter((x) => actions.includes(x['action']!)))
    lines.set(r['plan_id']!, [
      ...(lines.get(r['plan_id']!) ?? []),
      { amount: r['amount']!, currency: r['currency']! },
    ]);
  return new Map([...lines].map(([planId, l]) => [planId, formatMoneyList(l)]));
}

beforeAll(async () => {
  const window = resolveWindow(config.source, {});
  const first = await runPipeline({ config, window, outDir: join(home, 'out-1'), email: false });
  const planIds = first.report.sets.flatMap((s) => (s.plan?.bulkApprovable ? [s.plan.planId] : []));
  expect(planIds.length).toBeGreaterThan(12);
  const store = await openStore({ stateUrl: null, home: config.localDir });
  try {
    await addDeciders(store, { ops: 'approver' });
    for (const [i, planId] of planIds.entries()) {
      if (i % 4 === 0)
        await rejectPlan(store, planId, {
          by: 'ops',
          reason: 'two rooms, checked with the hotel',
          category: 'not-a-duplicate',
        });
      if (i % 4 === 1 || i % 4 === 2) await approvePlan(store, planId, { by: 'ops' }, config.reconcile);
      if (i % 4 === 2) {
        await store.setPlanStatus(planId, 'EXECUTING', { actor: 'executor' });
        await store.setPlanStatus(planId, 'EXECUTED', { actor: 'executor' });
      }
    }
    await store.addUser('viewer', PASSWORD, 'viewer');
  } finally {
    await store.close();
  }
  const outcome = await runPipeline({ config, window, outDir: join(home, 'out-2'), email: true });
  second = outcome.report;
  secondOut = outcome.outDir;
});

afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('money and state with one truth', () => {
  it('lists in refunds.csv only plans still to carry out: no rejected or executed plan', () => {
    const rows = records(readFileSync(join(secondOut, 'refunds.csv'), 'utf8'));
    const statuses = new Set(rows.map((r) => r['plan_status']));
    expect(statuses.has('APPROVED')).toBe(true);
    expect(statuses.has('PROPOSED')).toBe(true);
    expect(statuses.has('REJECTED')).toBe(false);
    expect(statuses.has('EXECUTED')).toBe(false);
  });

  it('states in the report totals and the finance subject exactly the sums of refunds.csv, per currency', async () => {
    const rows = records(readFileSync(join(secondOut, 'refunds.csv'), 'utf8'));
    const refunds = sums(rows, 'refund');
    const voids = sums(rows, 'void');
    expect(refunds.length).toBeGreaterThan(0);
    expect(second.totals.refunds.map((t) => [t.currency, t.amount])).toEqual(refunds);
    expect(second.totals.voids.map((t) => [t.currency, t.amount])).toEqual(voids);
    // Split by the decision each plan awaits: the approved part and the part awaiting approval
    // are the sums of refunds.csv's lines of those plans, and the subject states both.
    const waiting = new Set(second.sets.flatMap((s) => (s.plan?.awaiting ? [s.plan.planId] : [])));
    const approvedRows = rows.filter((r) => !waiting.has(r['plan_id']!));
    const waitingRows = rows.filter((r) => waiting.has(r['plan_id']!));
    expect(approvedRows.length).toBeGreaterThan(0);
    expect(waitingRows.length).toBeGreaterThan(0);
    const pairs = (list: readonly { currency: string; amount: string }[]) =>
      list.map((t) => [t.currency, t.amount]);
    expect(pairs(second.totals.approved.refunds)).toEqual(sums(approvedRows, 'refund'));
    expect(pairs(second.totals.awaitingApproval.refunds)).toEqual(sums(waitingRows, 'refund'));
    expect(pairs(second.totals.approved.voids)).toEqual(sums(approvedRows, 'void'));
    expect(pairs(second.totals.awaitingApproval.voids)).toEqual(sums(waitingRows, 'void'));
    const eml = readFileSync(join(secondOut, 'outbox', `${second.runId}-finance.eml`));
    const subject = (await simpleParser(eml)).subject ?? '';
    expect(subject).toContain(`${formatMoneyList(second.totals.approved.refunds)} approved to refund`);
    expect(subject).toContain(
      `${formatMoneyList(second.totals.awaitingApproval.refunds)} to refund awaiting approval`,
    );
  });

  it('writes the same bytes from plans export as from the run for the same plans', async () => {
    const runCsv = readFileSync(join(secondOut, 'refunds.csv'), 'utf8');
    const stillToDo = PLAN_STATUSES.filter(isOutstanding).join(',');
    const all = await runCli(['plans', 'export', '--status', stillToDo], {
      cwd: home,
      env,
    });
    expect(all.code).toBe(0);
    expect(all.stdout).toBe(runCsv);
    // The default is what may be carried out now: the approved plans, the same bytes again.
    const approved = await runCli(['plans', 'export'], { cwd: home, env });
    const approvedSets = second.sets.filter((s) => s.plan?.status === 'APPROVED');
    expect(approvedSets.length).toBeGreaterThan(0);
    expect(approved.stdout).toBe(refundsCsv(approvedSets));
  });

  it('shows in plans list, per plan, what refunds.csv lists for it: nothing for rejected and executed plans', async () => {
    const rows = records(readFileSync(join(secondOut, 'refunds.csv'), 'utf8'));
    const listed = await runCli(['plans', 'list', '--json'], { cwd: home, env });
    expect(listed.code).toBe(0);
    const plans = JSON.parse(listed.stdout) as Record<string, string>[];
    const planIds = new Set(second.sets.flatMap((s) => (s.plan ? [s.plan.planId] : [])));
    const shown = plans.filter((p) => planIds.has(p['planId']!));
    expect(shown).toHaveLength(planIds.size);
    expect(new Set(shown.map((p) => p['status']))).toEqual(
      new Set(['PROPOSED', 'APPROVED', 'REJECTED', 'EXECUTED']),
    );
    for (const [kind, action] of [
      ['refunds', 'refund'],
      ['voids', 'void'],
      ['transfers', 'transfer'],
    ] as const) {
      const expected = moneyPerPlan(rows, [action]);
      for (const p of shown)
        expect([p['planId'], p[kind]]).toEqual([p['planId'], expected.get(p['planId']!) ?? '']);
    }
  });

  it('shows as the console\u2019s "at stake", per plan, every line refunds.csv lists for it and no other', async () => {
    const rows = records(readFileSync(join(secondOut, 'refunds.csv'), 'utf8'));
    const expected = moneyPerPlan(rows, ['refund', 'void', 'transfer']);
    const store = await openStore({ stateUrl: null, home: config.localDir });
    const app = await buildConsole({
      config,
      store,
      sessionSecret: 'a test secret of at least thirty-two characters',
    });
    try {
      const form = await app.inject({ method: 'GET', url: '/login' });
      const token = /name="_csrf" value="([^"]*)"/.exec(form.body)![1]!;
      const signedIn = await app.inject({
        method: 'POST',
        url: '/login',
        headers: {
          cookie: String(form.headers['set-cookie']).split(';')[0]!,
          'content-type': 'application/x-www-form-urlencoded',
        },
        payload: new URLSearchParams({ _csrf: token, username: 'viewer', password: PASSWORD }).toString(),
      });
      expect(signedIn.statusCode).toBe(302);
      const cookie = String(signedIn.headers['set-cookie']).split(';')[0]!;
      const atStake = new Map<string, string>();
      for (let page = 1; ; page += 1) {
        const res = await app.inject({ method: 'GET', url: `/plans?page=${page}`, headers: { cookie } });
        expect(res.statusCode).toBe(200);
        for (const m of res.body.matchAll(
          /<tr><td><a class="mono" href="\/plans\/([^"]+)">.*?<td class="money">([^<]*)<\/td><\/tr>/g,
        ))
          atStake.set(m[1]!, m[2]!);
        if (!res.body.includes(`page&#x3D;${page + 1}"`)) break;
      }
      const planIds = second.sets.flatMap((s) => (s.plan ? [s.plan.planId] : []));
      expect(planIds.every((id) => atStake.has(id))).toBe(true);
      expect([...expected.keys()].length).toBeGreaterThan(0);
      for (const id of planIds) expect([id, atStake.get(id)]).toEqual([id, expected.get(id) ?? '']);
    } finally {
      await app.close();
      await store.close();
    }
  });
});
