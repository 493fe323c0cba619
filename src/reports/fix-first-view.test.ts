import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleHistory, sampleNights, sampleReport, sampleSets } from '../../test/support/sample-run.ts';
import { rankClients } from '../feedback/index.ts';
import { type ClientNight, formatMoney, type RunReport, runbookFix } from '../model/index.ts';
import { renderReports } from './render-reports.ts';
import { trendPeriod } from './trend-period.ts';
import { writeReports } from './write-reports.ts';

const CONSOLE = 'https://console.example.com/';
const report = sampleReport();
const ranked = report.fixFirst!;
const rendered = renderReports(report, sampleHistory(), { consoleUrl: CONSOLE });

/** The engineering report's "What to fix first" section, HTML or text. */
function section(body: string): string {
  const html = /<div class="fix-first">([\s\S]*?)<\/table>/.exec(body)?.[1];
  if (html !== undefined) return html;
  return /WHAT TO FIX FIRST\n([\s\S]*?)\n\n/.exec(body)![1]!;
}

function withFixFirst(nights: readonly ClientNight[]): RunReport {
  return { ...report, fixFirst: rankClients(nights, ranked.period) };
}

describe("the engineering report's What to fix first", () => {
  it('ranks the clients of the trend period, release by release, the one with most copies first', () => {
    expect(ranked.period).toEqual(
      trendPeriod({ runId: report.runId, window: report.window }, sampleHistory()),
    );
    expect(ranked.period.from).toBe(sampleHistory()[0]!.window.from);
    expect(ranked.rows.map((r) => r.clientId).slice(0, 2)).toEqual([
      'ios-app@3.2.1',
      'channel-manager@siteminder',
    ]);
    // A client without copies over the period is not listed.
    expect(ranked.rows.some((r) => r.clientId.startsWith('steady-partner'))).toBe(false);
  });

  it('shows each client with its release, copies, rate, money per currency, cause and fix, near the top', () => {
    const { html, text, fileHtml } = rendered.engineering;
    for (const body of [html, text, fileHtml]) {
      const part = section(body);
      const top = ranked.rows[0]!;
      expect(part).toContain('ios-app');
      expect(part).toContain('3.2.1');
      expect(part).toContain(`${top.copies}`);
      expect(part).toContain(top.perThousand!.toFixed(1));
      for (const t of top.atStake) expect(part).toContain(formatMoney(t.amount, t.currency));
      expect(part).toContain('Retry without idempotency key');
      expect(part).toContain(runbookFix('NO_KEY').title);
      // The text part is not HTML: its apostrophes are as written.
      expect(body === text ? part : part.replaceAll('&#x27;', "'")).toContain(runbookFix('NO_KEY').text);
      // Before the cause bars and the trend.
      const at = Math.max(body.indexOf('WHAT TO FIX FIRST'), body.indexOf('What to fix first'));
      expect(at).toBeGreaterThan(-1);
      expect(at).toBeLessThan(body.search(/Root causes in this run/i));
    }
  });

  it("links each example set to the console's set page, and names the sets without a console", () => {
    const top = ranked.rows[0]!;
    expect(top.exampleSetIds.length).toBeGreaterThan(0);
    // Tonight's examples are the run's own sets.
    const own = new Set(sampleSets().map((s) => s.setId));
    expect(top.exampleSetIds.every((id) => own.has(id))).toBe(true);
    for (const body of [rendered.engineering.html, rendered.engineering.fileHtml])
      for (const id of top.exampleSetIds)
        expect(section(body)).toContain(`href="https://console.example.com/sets/${id}"`);
    expect(section(rendered.engineering.text)).toContain(
      `https://console.example.com/sets/${top.exampleSetIds[0]}`,
    );
    const bare = renderReports(report, sampleHistory(), { consoleUrl: null }).engineering;
    for (const body of [bare.html, bare.fileHtml, bare.text]) {
      expect(section(body)).not.toContain('href=');
      expect(section(body)).not.toContain('/sets/');
      expect(section(body)).toContain(top.exampleSetIds[0]);
    }
  });

  it('lists the top five in the email and more in the saved report, saying how many more there are', () => {
    expect(ranked.rows.length).toBeGreaterThan(5);
    const rowsIn = (body: string) => section(body).split('class="fix-first-client"').length - 1;
    expect(rowsIn(rendered.engineering.html)).toBe(5);
    expect(rowsIn(rendered.engineering.fileHtml)).toBe(ranked.rows.length);
    const rest = ranked.rows.length - 5;
    expect(rendered.engineering.html).toContain(`… and ${rest} more client`);
    expect(rendered.engineering.text).toContain(`… and ${rest} more client`);
    expect(rendered.engineering.fileHtml).not.toContain('more client with copies');
  });

  it('masks a guest email a client id holds, and escapes a client id holding markup', () => {
    const hostile = '<img src=x onerror="alert(1)">@jana.novakova@example.com';
    const nights = sampleNights().map((n) =>
      n.clientId === 'ios-app@3.2.1' ? { ...n, clientId: `concierge/${hostile}` } : n,
    );
    const r = renderReports(withFixFirst(nights), sampleHistory(), { consoleUrl: CONSOLE }).engineering;
    for (const body of [r.html, r.fileHtml, r.text]) expect(body).not.toContain('jana.novakova');
    for (const body of [r.html, r.fileHtml]) expect(body).not.toContain('<img');
    expect(section(r.fileHtml)).toContain(
      'concierge/&lt;img src&#x3D;x onerror&#x3D;&quot;alert(1)&quot;&gt;@j***</span><span class="mono muted">@example.com',
    );
    expect(section(r.text)).toContain('concierge/<img src=x onerror="alert(1)">@j***@example.com');
  });

  it('says nothing is recorded yet when the store holds no night of the period', () => {
    const r = renderReports(withFixFirst([]), sampleHistory(), { consoleUrl: CONSOLE }).engineering;
    for (const body of [r.html, r.text, r.fileHtml])
      expect(body.replaceAll('&#x27;', "'")).toContain(
        "No clients' nights are recorded for the trend's period",
      );
    const quiet = sampleNights().map((n) => ({
      ...n,
      copies: 0,
      byCause: {},
      atStake: [],
      exampleSetIds: [],
    }));
    const q = renderReports(withFixFirst(quiet), sampleHistory(), { consoleUrl: CONSOLE }).engineering;
    expect(q.text).toContain("No client left a duplicate copy over the trend's period");
  });

  it('states the period in the trend caption, the same the ranking covers', () => {
    const { from } = ranked.period;
    expect(rendered.engineering.fileHtml).toContain(
      'The period: 28 Oct 2026 03:00 UTC – 27 Nov 2026 03:00 UTC.',
    );
    expect(from).toBe('2026-10-28T03:00:00.000Z');
    expect(rendered.engineering.text).toContain('period 28 Oct 2026 03:00 UTC – 27 Nov 2026 03:00 UTC');
  });

  it('carries fixFirst in report.json', async () => {
    const out = mkdtempSync(join(tmpdir(), 'resrecon-fix-first-'));
    try {
      await writeReports(out, report, rendered);
      const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as RunReport;
      expect(json.fixFirst).toEqual(ranked);
      expect(json.fixFirst!.rows[0]).toMatchObject({
        clientId: 'ios-app@3.2.1',
        client: 'ios-app',
        release: '3.2.1',
        cause: 'NO_KEY',
        fix: runbookFix('NO_KEY'),
      });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
