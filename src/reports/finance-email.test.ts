/**
 * The finance email as finance reads it: mailed through a real SMTP server and read back with
 * mailparser. Its headline tells approved money from money awaiting approval, its list of what to
 * carry out is grouped by currency, it points the reader at something they can open, it counts
 * new duplicate sets apart from look-alike groups and never leaves an amount blank.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeMember, makeSet } from '../../test/support/make-set.ts';
import { type SmtpReceiver, startSmtp } from '../../test/support/receivers.ts';
import { sampleHistory, samplePlans, sampleReport, sampleSets } from '../../test/support/sample-run.ts';
import { formatMoney, formatMoneyList, type RunReport } from '../model/index.ts';
import { deliverReports, renderReports } from './index.ts';

let smtp: SmtpReceiver;
let outbox = '';

beforeAll(async () => {
  smtp = await startSmtp();
  outbox = mkdtempSync(join(tmpdir(), 'resrecon-finance-email-'));
});
afterAll(async () => {
  await smtp?.close();
  rmSync(outbox, { recursive: true, force: true });
});

/** The run's finance email, as the SMTP server received it. */
async function financeEmail(
  report: RunReport,
  options: { consoleUrl: string | null; emailTopN?: number },
): Promise<ParsedMail> {
  const before = smtp.messages.length;
  const rendered = renderReports(report, sampleHistory(), options);
  const results = await deliverReports(
    rendered,
    {
      smtpUrl: smtp.url,
      from: 'resrecon@example.com',
      to: { finance: ['finance@example.com'], engineering: [], ops: [] },
      consoleUrl: options.consoleUrl,
      timeoutMs: 30_000,
      attempts: 1,
    },
    mkdtempSync(join(outbox, 'run-')),
    report.runId,
  );
  expect(results.find((r) => r.audience === 'finance')?.status).toBe('sent');
  const mail = smtp.messages.slice(before).find((m) => m.headers.get('x-resrecon-audience') === 'finance');
  expect(mail).toBeDefined();
  return mail!;
}

/** The sample night with the large USD refund approved by one person: it waits for finance. */
function withOneApprovalOfTheLargeRefund(): RunReport {
  const sets = sampleSets();
  return sampleReport(
    sets,
    samplePlans(sets, (s) =>
      s.rootCause === 'RACE'
        ? 'APPROVED'
        : s.rootCause === 'MISSING_DEDUP'
          ? 'APPROVED'
          : s.members[0]!.guestName === 'Lucia Ferri'
            ? 'REJECTED'
            : undefined,
    ),
  );
}

describe('the finance email', () => {
  it('heads with the refunds approved and ready to move apart from those awaiting approval, a large refund approved once among the latter', async () => {
    const report = withOneApprovalOfTheLargeRefund();
    const race = report.sets.find((s) => s.rootCause === 'RACE')!.plan!;
    expect([race.status, race.awaiting]).toEqual(['APPROVED', 'SECOND_APPROVAL']);
    const { approved, awaitingApproval } = report.totals;
    expect(approved.refunds.map((t) => t.currency)).toEqual(['GBP']);
    expect(awaitingApproval.refunds.map((t) => t.currency)).toContain('USD');

    const mail = await financeEmail(report, { consoleUrl: null });
    const headline =
      `${report.totals.duplicateSets} duplicate sets: ` +
      `${formatMoneyList(approved.refunds)} approved to refund; ` +
      `${formatMoneyList(awaitingApproval.refunds)} to refund awaiting approval`;
    expect(mail.subject).toBe(`resrecon finance: ${headline}`);
    expect(mail.text).toContain(headline);
    expect(mail.html).toContain(headline);
    // The totals per currency: approved, awaiting and the whole, the whole being report.totals.
    expect(mail.text).toContain('approved, ready to move: GBP 198.00 refund');
    expect(mail.text).toContain('awaiting approval: USD 1,480.00 refund');
    for (const t of report.totals.refunds)
      expect(mail.text).toContain(`in all: ${formatMoney(t.amount, t.currency)} refund`);
  });

  it('says when nothing is approved yet, rather than counting what awaits approval as ready', async () => {
    const sets = sampleSets();
    const report = sampleReport(
      sets,
      samplePlans(sets, () => 'PROPOSED'),
    );
    expect(report.totals.approved.refunds).toEqual([]);
    const mail = await financeEmail(report, { consoleUrl: null });
    expect(mail.subject).toContain(': nothing approved to refund yet; ');
    expect(mail.subject).toContain(`${formatMoneyList(report.totals.refunds)} to refund awaiting approval`);
  });

  it('groups what to carry out by currency, in code order, each with its subtotal', async () => {
    const report = withOneApprovalOfTheLargeRefund();
    const mail = await financeEmail(report, { consoleUrl: null });
    const section = mail.text!.slice(
      mail.text!.indexOf('TO CARRY OUT'),
      mail.text!.indexOf('SINCE THE LAST'),
    );
    const headers = [...section.matchAll(/^([A-Z]{3}) · \d+ lines?$/gm)].map((m) => m[1]!);
    expect(headers).toEqual(['CHF', 'EUR', 'GBP', 'JPY', 'USD']);
    const groups = section.split(/^[A-Z]{3} · \d+ lines?$/m).slice(1);
    groups.forEach((group, i) => {
      const currency = headers[i]!;
      const lines = [...group.matchAll(/^- (?:Refund|Void|Transfer) ([A-Z]{3}) /gm)].map((m) => m[1]);
      expect(lines.length).toBeGreaterThan(0);
      expect(new Set(lines)).toEqual(new Set([currency]));
      expect(group).toContain(`${currency} subtotal: approved, ready to move: `);
    });
    expect(section).toContain(
      'EUR subtotal: approved, ready to move: –; awaiting approval: EUR 605.50 refund, EUR 245.50 void, EUR 289.00 transfer',
    );
    expect(section).toContain(
      'USD subtotal: approved, ready to move: –; awaiting approval: USD 1,480.00 refund',
    );
  });

  it('points to the console for the sets it leaves out when one is configured, else to the attached refunds.csv', async () => {
    const report = sampleReport();
    const linked = await financeEmail(report, { consoleUrl: 'https://console.example.com/', emailTopN: 3 });
    expect(linked.text).toMatch(
      /… and 5 more sets, smaller: every set is in the console, https:\/\/console\.example\.com\/plans; every line is in the attached refunds\.csv\./,
    );
    expect(linked.html).toContain('href="https://console.example.com/plans"');

    const plain = await financeEmail(report, { consoleUrl: null, emailTopN: 3 });
    expect(plain.text).toContain('… and 5 more sets, smaller: every line is in the attached refunds.csv.');
    expect(plain.attachments.map((a) => a.filename)).toEqual(['refunds.csv']);
    for (const mail of [linked, plain]) {
      expect(mail.text).not.toContain('finance.html');
      expect(mail.html).not.toContain('finance.html');
    }
  });

  it('counts new duplicate sets since the last report apart from new look-alike groups', async () => {
    const report = sampleReport();
    const dupes = report.sets.filter((s) => s.verdict === 'DUPLICATE').length;
    const alike = report.sets.length - dupes;
    expect(report.changes!.newSetIds).toHaveLength(dupes + alike);
    const mail = await financeEmail(report, { consoleUrl: null });
    expect(mail.text).toContain(`\n${dupes} new duplicate sets`);
    expect(mail.text).toContain(`Also ${alike} new look-alike group, left alone.`);
    expect(mail.html).toContain(`${dupes} new duplicate sets`);
    expect(mail.html).not.toContain(`${dupes + alike} new`);
  });

  it('says "nothing to move" and why for a set whose plan moves no money, never a blank amount', async () => {
    const T0 = '2026-11-26T10:15:23.100000Z';
    const T1 = '2026-11-26T10:15:24.900000Z';
    const unpaid = makeSet(
      [
        makeMember('res_np_o', T0, [], { guestName: 'Nora Unpaid', guestEmail: 'nora@example.com' }),
        makeMember('res_np_c', T1, [], { guestName: 'Nora Unpaid', guestEmail: 'nora@example.com' }),
      ],
      { setId: 'dup_nopayment000000001' },
    );
    const report = sampleReport([...sampleSets(), unpaid]);
    const mail = await financeEmail(report, { consoleUrl: null });
    const text = mail.text!;
    const setOf = (name: string): string => {
      const at = text.indexOf(`- ${name} (`);
      expect(at).toBeGreaterThan(-1);
      return text.slice(at, text.indexOf('\n- ', at + 1));
    };
    expect(setOf('Nora Unpaid')).toContain('nothing to move: the copies hold no payment');
    expect(setOf('Lucia Ferri')).toContain('nothing to move: the plan is rejected');
    expect(mail.html).toContain('the copies hold no payment');
    // Every row of the sets table names an amount or "nothing to move".
    const rows = String(mail.html)
      .split('<tr')
      .filter((r) => r.includes('class="mono muted"'));
    expect(rows.length).toBe(report.sets.filter((s) => s.plan).length);
    for (const row of rows) expect(row).toMatch(/[A-Z]{3} [\d,.]+ (refund|void|transfer)|nothing to move/);
  });
});
