import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleHistory, sampleReport } from '../../test/support/sample-run.ts';
import { refundsCsv, renderReports, writeReports } from './index.ts';
import { reportJson, reportJsonPieces } from './write-reports.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resrecon-out-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeReports', () => {
  it('writes report.json, the three saved reports, refunds.csv and plans.csv, and nothing else', async () => {
    const report = sampleReport();
    const rendered = renderReports(report, sampleHistory(), { consoleUrl: null });
    const out = join(dir, report.runId);
    await writeReports(out, report, rendered);
    expect(readdirSync(out).sort()).toEqual([
      'engineering.html',
      'finance.html',
      'ops.html',
      'plans.csv',
      'refunds.csv',
      'report.json',
    ]);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toEqual(reportJson(report));
    expect(readFileSync(join(out, 'refunds.csv'), 'utf8')).toBe(refundsCsv(report.sets));
    expect(readFileSync(join(out, 'plans.csv'), 'utf8')).toBe(rendered.csv.plans);
    for (const a of ['finance', 'engineering', 'ops'] as const) {
      expect(readFileSync(join(out, `${a}.html`), 'utf8')).toBe(rendered[a].fileHtml);
    }
  });
});

describe('reportJsonPieces', () => {
  it('writes report.json set by set that reads back as the report, with no sets too', () => {
    const report = sampleReport();
    expect(JSON.parse([...reportJsonPieces(report)].join(''))).toEqual(reportJson(report));
    const empty = { ...report, sets: [] };
    expect(JSON.parse([...reportJsonPieces(empty)].join(''))).toEqual(reportJson(empty));
  });
});
