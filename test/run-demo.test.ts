import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.ts';
import type { RunReport } from '../src/model/index.ts';
import { resolveWindow, runPipeline } from '../src/pipeline/index.ts';
import { reportJson } from '../src/reports/index.ts';

interface Truth {
  duplicateSets: {
    root_cause: string;
    reservation_ids: string[];
    keep_reservation_id: string;
    logs_available: boolean;
  }[];
  lookalikeGroups: { kind: string; reservation_ids: string[]; indistinguishable: boolean }[];
  expectedRefunds: { payment_id: string; amount: string; currency: string }[];
  malformed: { reservation_id: string; defect: string }[];
}

const truth = JSON.parse(
  readFileSync(new URL('../fixtures/demo/truth.json', import.meta.url), 'utf8'),
) as Truth;
const home = mkdtempSync(join(tmpdir(), 'resrecon-demo-'));
const config = resolveConfig({ cwd: home, env: { RESRECON_HOME: home } });
let report: RunReport;
let outDir: string;

afterAll(() => rmSync(home, { recursive: true, force: true }));

beforeAll(async () => {
  const outcome = await runPipeline({
    config,
    window: resolveWindow(config.source, {}),
    outDir: join(home, 'out-1'),
    email: true,
  });
  report = outcome.report;
  outDir = outcome.outDir;
});

describe('a demo run on the embedded data', () => {
  it('leaves report.json, the three reports, refunds.csv and one .eml per audience', () => {
    expect(readdirSync(outDir).sort()).toEqual([
      'engineering.html',
      'finance.html',
      'ops.html',
      'outbox',
      'plans.csv',
      'refunds.csv',
      'report.json',
    ]);
    expect(readdirSync(join(outDir, 'outbox')).filter((f) => f.endsWith('.eml'))).toHaveLength(3);
    expect(JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(reportJson(report))),
    );
  });

  it('finds every labelled duplicate set whole and keeps the right booking of each', () => {
    const byMember = new Map(
      report.sets
        .filter((s) => s.verdict === 'DUPLICATE')
        .flatMap((s) => s.reservationIds.map((id) => [id, s])),
    );
    for (const t of truth.duplicateSets) {
      const set = byMember.get(t.reservation_ids[0]!);
      expect(set, `set of ${t.reservation_ids.join(',')}`).toBeDefined();
      expect([...set!.reservationIds].sort()).toEqual([...t.reservation_ids].sort());
      expect(set!.plan?.keepReservationId).toBe(t.keep_reservation_id);
    }
  });

  it('labels at least 97% of the sets whose logs exist with their true cause, and never a wrong cause where they are missing', () => {
    const byMember = new Map(
      report.sets
        .filter((s) => s.verdict === 'DUPLICATE')
        .flatMap((s) => s.reservationIds.map((id) => [id, s])),
    );
    const withLogs = truth.duplicateSets.filter((t) => t.logs_available);
    const right = withLogs.filter((t) => byMember.get(t.reservation_ids[0]!)?.rootCause === t.root_cause);
    expect(right.length / withLogs.length).toBeGreaterThanOrEqual(0.97);
    for (const t of truth.duplicateSets.filter((x) => !x.logs_available)) {
      expect(['UNKNOWN', t.root_cause]).toContain(byMember.get(t.reservation_ids[0]!)?.rootCause);
    }
  });

  it('never plans anything for a legitimate look-alike, and doubts the ones no log can tell from a copy', () => {
    const duplicates = report.sets.filter((s) => s.verdict === 'DUPLICATE');
    for (const g of truth.lookalikeGroups) {
      for (const set of duplicates) {
        const inside = g.reservation_ids.filter((id) => set.reservationIds.includes(id));
        if (inside.length < 2) continue;
        // Only a keyless checkout charged per room may look like a copy, and then it is doubted.
        expect(g.indistinguishable, `look-alike ${g.kind} ${g.reservation_ids.join(',')}`).toBe(true);
        expect(set.plan?.flags.map((f) => f.code)).toContain('DOUBT');
        expect(set.plan?.bulkApprovable).toBe(false);
      }
    }
    expect(report.sets.filter((s) => s.verdict === 'LEGITIMATE').every((s) => s.plan === null)).toBe(true);
  });

  it('refunds exactly what the copies still hold, per currency, outside the doubted look-alikes', () => {
    const doubtedLookalike = new Set(
      truth.lookalikeGroups.filter((g) => g.indistinguishable).flatMap((g) => g.reservation_ids),
    );
    const planned = report.sets
      .filter((s) => !s.reservationIds.every((id) => doubtedLookalike.has(id)))
      .flatMap((s) => s.plan?.refunds ?? []);
    const key = (r: { paymentId?: string; payment_id?: string; amount: string; currency: string }): string =>
      `${r.paymentId ?? r.payment_id} ${r.amount} ${r.currency}`;
    expect(planned.map(key).sort()).toEqual(truth.expectedRefunds.map(key).sort());
  });

  it('writes refunds.csv with one row per refund or void, amounts exact', () => {
    const csv = readFileSync(join(outDir, 'refunds.csv'), 'utf8');
    const refunds = report.sets.flatMap((s) => s.plan?.refunds ?? []);
    for (const r of refunds) expect(csv).toContain(r.paymentId);
    expect(csv).toContain(refunds[0]!.amount);
  });

  it('warns in report.json that the data is made up, and of nothing else', () => {
    expect(report.warnings.map((w) => w.code)).toEqual(['DEMO_DATA']);
    expect(report.warnings[0]!.nextStep).toContain('RESRECON_SOURCE_URL');
    const saved = JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as { warnings: unknown[] };
    expect(saved.warnings, 'the contract: warnings are sentences').toEqual([
      expect.stringMatching(/^Demo data: .*RESRECON_SOURCE_URL/),
    ]);
  });

  it('mails finance a subject that states the money to refund', async () => {
    const eml = readdirSync(join(outDir, 'outbox')).find((f) => f.endsWith('finance.eml'))!;
    const mail = await simpleParser(readFileSync(join(outDir, 'outbox', eml)));
    expect(mail.subject).toMatch(/duplicate sets/);
    expect(mail.attachments.map((a) => a.filename)).toContain('refunds.csv');
  });

  it('quarantines exactly the rows it cannot judge, with the reason, and reports them', () => {
    const reasons: Record<string, RegExp> = {
      BLANK_EMAIL: /no guest email/,
      DATES_REVERSED: /check-out not after check-in/,
      UNKNOWN_STATUS: /unknown status/,
    };
    expect(report.quarantine.count).toBe(truth.malformed.length);
    for (const m of truth.malformed) {
      const row = report.quarantine.sample.find((q) => q.rowId === m.reservation_id);
      expect(row?.reason, m.reservation_id).toMatch(reasons[m.defect]!);
    }
  });

  it('creates no new plans when the same window runs again', async () => {
    const again = await runPipeline({
      config,
      window: resolveWindow(config.source, {}),
      outDir: join(home, 'out-2'),
      email: false,
    });
    expect(again.report.changes?.newSetIds).toEqual([]);
    const ids = (r: RunReport): string[] => r.sets.flatMap((s) => (s.plan ? [s.plan.planId] : [])).sort();
    expect(ids(again.report)).toEqual(ids(report));
  });
});
