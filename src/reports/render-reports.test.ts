import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { makeMember, makeSet } from '../../test/support/make-set.ts';
import { sampleHistory, sampleReport, sampleSets, withGuestName } from '../../test/support/sample-run.ts';
import {
  causeLabel,
  formatMoney,
  formatMoneyList,
  isOutstanding,
  type LabelledSet,
  needsDiagnosis,
  ROOT_CAUSES,
  toMinor,
} from '../model/index.ts';
import { TEMPLATE_DIR } from './load-templates.ts';
import { EMAIL_HTML_BUDGET, renderReports, tightDeclarations, tightenInlined } from './render-reports.ts';

const report = sampleReport();
const rendered = renderReports(report, sampleHistory(), { consoleUrl: 'https://console.example.com/' });
const parts = (r: { html: string; text: string; fileHtml: string }) => [r.html, r.text, r.fileHtml];

function withSets(map: (s: LabelledSet) => LabelledSet) {
  return sampleReport(sampleSets().map(map));
}

describe('renderReports', () => {
  it('states every per-currency refund total in the finance html and text, and in the subject those approved apart from those awaiting approval', () => {
    expect(report.totals.refunds.length).toBeGreaterThan(1);
    for (const t of report.totals.refunds) {
      const money = formatMoney(t.amount, t.currency);
      for (const part of parts(rendered.finance)) expect(part).toContain(money);
    }
    const { approved, awaitingApproval } = report.totals;
    expect(approved.refunds.length).toBeGreaterThan(0);
    expect(awaitingApproval.refunds.length).toBeGreaterThan(0);
    expect(rendered.finance.subject).toBe(
      `resrecon finance: ${report.totals.duplicateSets} duplicate sets: ` +
        `${formatMoneyList(approved.refunds)} approved to refund; ` +
        `${formatMoneyList(awaitingApproval.refunds)} to refund awaiting approval`,
    );
  });

  it('writes money with the one formatter: per-currency lists in code order, each currency in its own decimals', () => {
    const currencies = report.totals.refunds.map((t) => t.currency);
    expect(currencies).toEqual([...currencies].sort());
    expect(currencies).toContain('JPY');
    const list = formatMoneyList(report.totals.awaitingApproval.refunds);
    expect(list.split(', ').length).toBeGreaterThan(1);
    for (const part of [rendered.finance.subject, ...parts(rendered.finance)])
      expect(part).toContain(`${list} to refund awaiting approval`);
    const jpy = report.totals.refunds.find((t) => t.currency === 'JPY')!;
    expect(formatMoney(jpy.amount, 'JPY')).toMatch(/^JPY [\d,]+$/);
    expect(rendered.finance.text).not.toMatch(/JPY [\d,]+\.\d/);
  });

  it('lists every refund, void and transfer still to carry out in the finance report', () => {
    const plans = report.sets.flatMap((s) => (s.plan && isOutstanding(s.plan.status) ? [s.plan] : []));
    const lines = plans.flatMap((p) => [...p.refunds, ...p.voids, ...p.transfers]);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      for (const part of parts(rendered.finance)) {
        expect(part).toContain(line.paymentId);
        expect(part).toContain(formatMoney(line.amount, line.currency));
      }
    }
    expect(rendered.finance.attachments.map((a) => a.filename)).toEqual(['refunds.csv']);
  });

  it('shows what changed since the last report: new sets, superseded and executed plans', () => {
    const changes = report.changes!;
    for (const part of parts(rendered.finance)) {
      expect(part).toContain(changes.previousRunId!);
      for (const e of changes.executed) expect(part).toContain(e.planId);
      for (const s of changes.superseded) expect(part).toContain(s.planId);
    }
    expect(rendered.finance.html).toContain('EUR 412.00 refunded');
  });

  it('counts root causes as report.totals states and names the clients behind each', () => {
    for (const cause of ROOT_CAUSES) {
      expect(rendered.engineering.text).toContain(
        `${causeLabel(cause)}: ${report.totals.byRootCause[cause]} (`,
      );
    }
    for (const c of report.clientsByCause) expect(rendered.engineering.html).toContain(c.clientId);
    expect(rendered.engineering.subject).toContain(`${report.totals.byRootCause.NO_KEY} NO_KEY`);
  });

  it('says how many sets needed no diagnosis, counted once with needsDiagnosis; a large refund alone needs none', () => {
    const dupes = report.sets.filter((s) => s.verdict === 'DUPLICATE');
    const none = dupes.filter((s) => !needsDiagnosis(s, s.plan)).length;
    expect(report.totals.diagnosis).toEqual({ notNeeded: none, needed: dupes.length - none });
    expect(dupes.map((s) => s.needsDiagnosis)).toEqual(dupes.map((s) => needsDiagnosis(s, s.plan)));
    expect(none).toBeGreaterThan(0);
    expect(none).toBeLessThan(dupes.length);
    const large = dupes.find((s) => s.plan!.flags.map((f) => f.code).join() === 'LARGE_REFUND')!;
    expect(large.plan!.bulkApprovable).toBe(false);
    expect(large.needsDiagnosis).toBe(false);
    expect(dupes.find((s) => s.doubt)!.needsDiagnosis).toBe(true);
    for (const part of parts(rendered.engineering)) {
      expect(part).toContain(`${none} of ${dupes.length} sets needed no diagnosis`);
      expect(part).toContain(`${dupes.length - none} need a person to work out what happened`);
    }
  });

  it('draws a trend of the last 30 runs, the current run last', () => {
    const long = [
      ...sampleHistory(),
      ...sampleHistory().map((h) => ({
        ...h,
        runId: `${h.runId}_b`,
        finishedAt: h.finishedAt.replace('2026', '2025'),
      })),
    ];
    const r = renderReports(report, long, { consoleUrl: null });
    expect(r.engineering.text).toContain('TREND, LAST 30 RUNS');
    const totals = /TREND[^\n]*\n {2}([\d ]+)\n/.exec(r.engineering.text)![1]!.split(' ');
    expect(totals).toHaveLength(30);
    expect(Number(totals.at(-1))).toBe(report.totals.duplicateSets);
  });

  it('masks guests\u2019 emails in the engineering report, evidence sentences included', () => {
    const r = renderReports(
      withSets((s) => ({
        ...s,
        evidence: [...s.evidence, { kind: 'note', detail: `Guest ${s.members[0]!.guestEmail} wrote in.` }],
      })),
      [],
      { consoleUrl: null },
    );
    for (const s of report.sets) {
      for (const part of parts(r.engineering)) expect(part).not.toContain(s.guestEmail);
    }
    expect(r.engineering.html).toContain('j***@example.com');
  });

  it('escapes a guest name holding a script tag in every HTML report', () => {
    const xss = '<script>alert(1)</script>';
    const r = renderReports(
      withSets((s) => ({ ...withGuestName(s, xss), evidence: [{ kind: '<b>', detail: xss }] })),
      [],
      { consoleUrl: 'https://console.example.com' },
    );
    for (const audience of ['finance', 'engineering', 'ops'] as const) {
      for (const html of [r[audience].html, r[audience].fileHtml]) {
        expect(html).not.toContain('<script');
        expect(html).not.toContain('<b>');
      }
    }
    expect(r.finance.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.ops.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(r.engineering.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('never renders data unescaped: no template uses a triple-stash', () => {
    const files = readdirSync(TEMPLATE_DIR, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.hbs'),
    );
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) expect(readFileSync(join(TEMPLATE_DIR, f), 'utf8')).not.toContain('{{{');
  });

  it('puts flagged plans first in the ops report, each with its flags, steps and approval link', () => {
    const html = rendered.ops.html;
    const awaiting = report.sets.filter((s) => s.plan?.status === 'PROPOSED');
    const flagged = awaiting.filter((s) => s.plan!.flags.length > 0);
    const clean = awaiting.filter((s) => s.plan!.flags.length === 0);
    const lastFlagged = Math.max(...flagged.map((s) => html.indexOf(s.plan!.planId)));
    const firstClean = Math.min(...clean.map((s) => html.indexOf(s.plan!.planId)));
    expect(lastFlagged).toBeLessThan(firstClean);
    for (const s of flagged) for (const f of s.plan!.flags) expect(html).toContain(f.code);
    for (const s of awaiting) {
      expect(html).toContain(`href="https://console.example.com/plans/${s.plan!.planId}"`);
      expect(html).toContain(`npx resrecon plans approve ${s.plan!.planId} --by &lt;you&gt;`);
    }
    expect(html).toContain('Refund USD 1,480.00 on payment pay_c0ff02');
    expect(rendered.ops.subject).toBe(
      `resrecon ops: ${awaiting.length} plans awaiting approval, ${flagged.length} flagged`,
    );
  });

  it('offers only the CLI command when no console is configured, and never a javascript: link', () => {
    const race = report.sets.find((s) => s.rootCause === 'RACE')!.plan!.planId;
    for (const consoleUrl of [null, 'javascript:alert(1)']) {
      const r = renderReports(report, [], { consoleUrl });
      expect(r.ops.html).not.toContain('/plans/');
      expect(r.ops.html).not.toContain('javascript:');
      expect(r.ops.text).toContain(`npx resrecon plans approve ${race} --by <you>`);
    }
  });

  it('draws charts as table bars in the email and as SVG in the saved report, CSS inlined', () => {
    for (const audience of ['finance', 'engineering', 'ops'] as const) {
      expect(rendered[audience].html).not.toContain('<svg');
      expect(rendered[audience].html).toMatch(/<td[^>]+style="[^"]*border-bottom/);
    }
    expect(rendered.engineering.fileHtml).toContain('<svg');
    expect(rendered.engineering.html).toContain('background-color:#2f5d8a');
  });

  it('sends a short all-clear to every audience when nothing was found', () => {
    const empty = sampleReport(sampleSets().filter((s) => s.verdict === 'LEGITIMATE'));
    const r = renderReports(empty, sampleHistory(), { consoleUrl: null });
    for (const audience of ['finance', 'engineering', 'ops'] as const) {
      expect(r[audience].subject).toContain('all clear');
      expect(r[audience].html).toContain('All clear: no duplicate reservations.');
      expect(r[audience].text).toContain('All clear: no duplicate reservations.');
      expect(r[audience].html.length).toBeLessThan(rendered[audience].html.length);
    }
    expect(r.ops.html).not.toContain('npx resrecon plans approve');
  });
});

describe('renderReports and a burst of duplicates', () => {
  it('tells engineering and ops of the incident once, at the top, and flags no plan for it', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 25, 14, minute)).toISOString();
    const burst = Array.from({ length: 7 }, (_, i) =>
      makeSet([
        makeMember(`b${i}`, at(i * 5), [{ paymentId: `pb${i}` }], { guestEmail: `g${i}@example.com` }),
        makeMember(`c${i}`, at(i * 5 + 1), [{ paymentId: `pc${i}` }], { guestEmail: `g${i}@example.com` }),
      ]),
    );
    const r = sampleReport([...sampleSets(), ...burst]);
    expect(r.incidents).toHaveLength(1);
    expect(r.incidents[0]).toEqual(expect.objectContaining({ copies: 7, limitPerHour: 5 }));
    const out = renderReports(r, [], { consoleUrl: null });
    for (const audience of ['engineering', 'ops'] as const) {
      for (const part of [out[audience].html, out[audience].text, out[audience].fileHtml])
        expect(part.split('Incident: 7 duplicate copies').length - 1).toBe(1);
      expect(out[audience].html.indexOf('Incident:')).toBeLessThan(out[audience].html.indexOf('class="h2"'));
    }
    for (const s of r.sets.filter((x) => burst.some((b) => b.setId === x.setId)))
      expect(s.plan!.flags).toEqual([]);
    expect(renderReports(report, [], { consoleUrl: null }).ops.html).not.toContain('Incident:');
  });
});

/** A night of `n` sets: the sample's sets again and again, each with its own ids. */
function night(n: number): LabelledSet[] {
  const base = sampleSets();
  return Array.from({ length: n }, (_, i) => {
    const s = base[i % base.length]!;
    const id = (x: string) => `${x}_${i}`;
    const members = s.members.map((m) => ({
      ...m,
      reservationId: id(m.reservationId),
      payments: m.payments.map((p) => ({
        ...p,
        paymentId: id(p.paymentId),
        reservationId: id(m.reservationId),
      })),
    }));
    return { ...s, setId: id(s.setId), members, reservationIds: members.map((m) => m.reservationId).sort() };
  });
}

/** The rows of a CSV attachment, compressed or not (the header left out). */
function csvRows(a: { filename: string; content: string | Buffer }): string[] {
  const text = a.filename.endsWith('.gz')
    ? gunzipSync(a.content as Buffer).toString('utf8')
    : String(a.content);
  return text
    .replace(/^\uFEFF/, '')
    .trimEnd()
    .split('\n')
    .slice(1);
}

describe('renderReports on a large night', () => {
  const big = sampleReport(night(6_000));
  const r = renderReports(big, sampleHistory(), {
    consoleUrl: 'https://console.example.com',
    emailTopN: 25,
    fileTopN: 300,
  });

  it('keeps each email\u2019s HTML under the 102 kB Gmail clips at, and each saved report bounded', () => {
    for (const audience of ['finance', 'engineering', 'ops'] as const) {
      expect(Buffer.byteLength(r[audience].html)).toBeLessThan(102_000);
      expect(Buffer.byteLength(r[audience].fileHtml)).toBeLessThan(2_000_000);
    }
  });

  it('shortens an email’s lists until its HTML fits under the budget, however many items were asked for', () => {
    const asked = renderReports(big, sampleHistory(), {
      consoleUrl: 'https://console.example.com',
      emailTopN: 200,
      fileTopN: 300,
    });
    for (const audience of ['finance', 'engineering', 'ops'] as const)
      expect(Buffer.byteLength(asked[audience].html)).toBeLessThanOrEqual(EMAIL_HTML_BUDGET);
    const awaiting = big.sets.filter((s) => s.plan?.status === 'PROPOSED');
    const shown = awaiting.filter((s) => asked.ops.html.includes(s.plan!.planId)).length;
    expect(shown).toBeGreaterThanOrEqual(5);
    expect(shown).toBeLessThan(200);
    // The text part lists the same items as the HTML.
    expect(awaiting.filter((s) => asked.ops.text.includes(s.plan!.planId)).length).toBe(shown);
  });

  it('shows the flagged and largest items first and says how many more there are', () => {
    const awaiting = big.sets.filter((s) => s.plan?.status === 'PROPOSED');
    const shownPlans = awaiting.filter((s) => r.ops.html.includes(s.plan!.planId));
    expect(shownPlans).toHaveLength(25);
    expect(awaiting.filter((s) => s.plan!.flags.length > 0).length).toBeGreaterThan(25);
    expect(shownPlans.every((s) => s.plan!.flags.length > 0)).toBe(true);
    // Flagged lines first, and among them the largest refund of each currency.
    const flaggedRefunds = big.sets.flatMap((s) =>
      s.plan && isOutstanding(s.plan.status) && s.plan.flags.length > 0 ? s.plan.refunds : [],
    );
    for (const currency of new Set(flaggedRefunds.map((x) => x.currency))) {
      const largest = flaggedRefunds
        .filter((x) => x.currency === currency)
        .reduce((a, b) => (toMinor(b.amount) > toMinor(a.amount) ? b : a));
      expect(r.finance.text).toContain(`${formatMoney(largest.amount, largest.currency)} on payment`);
    }
    expect(r.ops.text).toMatch(
      /and [\d,]+ more plans awaiting approval: every plan is in the attached plans.csv/,
    );
    expect(r.finance.html).toMatch(/and [\d,]+ more lines: every line is in the attached refunds.csv/);
  });

  it('loses nothing between the email and its attachment: every money line and every plan is there', () => {
    const refunds = r.finance.attachments.find((a) => a.filename.startsWith('refunds.csv'))!;
    const plans = r.ops.attachments.find((a) => a.filename.startsWith('plans.csv'))!;
    const owed = big.sets.flatMap((s) =>
      s.plan && isOutstanding(s.plan.status) ? [...s.plan.refunds, ...s.plan.voids, ...s.plan.transfers] : [],
    );
    expect(csvRows(refunds)).toHaveLength(owed.length);
    expect(csvRows(plans)).toHaveLength(big.sets.filter((s) => s.plan).length);
    const shown = (r.finance.text.match(/^- (Refund|Void|Transfer) /gm) ?? []).length;
    const more = Number(/and ([\d,]+) more lines/.exec(r.finance.text)![1]!.replaceAll(',', ''));
    expect(shown + more).toBe(owed.length);
    // The output folder's copies are the uncompressed lists themselves.
    expect(csvRows({ filename: 'refunds.csv', content: r.csv.refunds })).toEqual(csvRows(refunds));
  });

  it('compresses an attachment only when it is large', () => {
    const small = renderReports(report, [], { consoleUrl: null });
    expect(small.finance.attachments.map((a) => a.filename)).toEqual(['refunds.csv']);
    expect(small.ops.attachments.map((a) => a.filename)).toEqual(['plans.csv']);
    expect(r.finance.attachments[0]!.filename).toBe('refunds.csv.gz');
  });
});

describe('tightenInlined', () => {
  it('drops the spaces juice writes inside style attributes and a table cell’s classes no remaining style rule names, and nothing else', () => {
    const html =
      '<style>@media (max-width: 480px) { .hide-sm { display: none !important; } }</style>' +
      '<td class="first mono hide-sm" style="font-family: Menlo, Consolas, monospace; padding: 8px 0 ;">a: b; c</td>' +
      '<td class="num" style="text-align: right;">1</td><div class="warning">w</div>';
    expect(tightenInlined(html)).toBe(
      '<style>@media (max-width: 480px) { .hide-sm { display: none !important; } }</style>' +
        '<td class="hide-sm" style="font-family:Menlo,Consolas,monospace;padding:8px 0">a: b; c</td>' +
        '<td style="text-align:right">1</td><div class="warning">w</div>',
    );
  });
});

describe('tightDeclarations', () => {
  it('writes a property set twice once, as the last one, and a padding with a side of its own as one four-value padding', () => {
    expect(
      tightDeclarations(
        'overflow-wrap: break-word; padding: 8px; color: red; padding-left: 0; overflow-wrap: anywhere;',
      ),
    ).toBe('color:red;padding:8px 8px 8px 0;overflow-wrap:anywhere');
    expect(tightDeclarations('padding: 6px 8px; padding-right: 0')).toBe('padding:6px 0 6px 8px');
    expect(tightDeclarations('padding-left: 0; padding: 6px 8px')).toBe('padding-left:0;padding:6px 8px');
  });

  it('leaves a style holding an entity, a url() or !important as written, less its spaces', () => {
    expect(tightDeclarations('font-family: &quot;A B&quot;, serif; padding: 1px; padding-left: 0')).toBe(
      'font-family:&quot;A B&quot;,serif;padding:1px;padding-left:0',
    );
    expect(tightDeclarations('padding: 1px !important; padding-left: 0')).toBe(
      'padding:1px !important;padding-left:0',
    );
  });
});
