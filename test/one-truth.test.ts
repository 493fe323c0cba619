/**
 * What finance is told equals what is carried out: the run's refunds.csv, `plans export`, the
 * report's totals and the finance subject answer "what is still to move" the same way, after
 * people have approved, rejected and executed plans between two runs.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.ts';
import { approvePlan } from '../src/decisions/index.ts';
import {
  formatMoney,
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

const home = mkdtempSync(join(tmpdir(), 'resrecon-one-truth-'));
const env = { RESRECON_HOME: home, RESRECON_CONFIG: undefined, RESRECON_STATE_URL: undefined };
const config = resolveConfig({ cwd: home, env });
let second: RunReport;
let secondOut = '';

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

beforeAll(async () => {
  const window = resolveWindow(config.source, {});
  const first = await runPipeline({ config, window, outDir: join(home, 'out-1'), email: false });
  const planIds = first.report.sets.flatMap((s) => (s.plan?.bulkApprovable ? [s.plan.planId] : []));
  expect(planIds.length).toBeGreaterThan(12);
  const store = await openStore({ stateUrl: null, home: config.localDir });
  try {
    for (const [i, planId] of planIds.entries()) {
      if (i % 4 === 0)
        await store.rejectPlan(planId, { by: 'ops', reason: 'two rooms, checked with the hotel' });
      if (i % 4 === 1 || i % 4 === 2) await approvePlan(store, planId, { by: 'ops' }, config.reconcile);
      if (i % 4 === 2) {
        await store.setPlanStatus(planId, 'EXECUTING', { actor: 'executor' });
        await store.setPlanStatus(planId, 'EXECUTED', { actor: 'executor' });
      }
    }
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
    const eml = readFileSync(join(secondOut, 'outbox', `${second.runId}-finance.eml`));
    const subject = (await simpleParser(eml)).subject ?? '';
    for (const [currency, amount] of refunds) expect(subject).toContain(formatMoney(amount, currency));
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
});
