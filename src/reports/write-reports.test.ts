import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sampleHistory, sampleReport } from '../../test/support/sample-run.ts';
import { refundsCsv, renderReports, writeReports } from './index.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'resrecon-out-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeReports', () => {
  it('writes report.json, the three saved reports and refunds.csv, and nothing else', async () => {
    const report = sampleReport();
    const rendered = renderReports(report, sampleHistory(), { consoleUrl: null });
    const out = join(dir, report.runId);
    await writeReports(out, report, rendered);
    expect(readdirSync(out).sort()).toEqual([
      'engineering.html',
      'finance.html',
      'ops.html',
      'refunds.csv',
      'report.json',
    ]);
    expect(JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'))).toEqual(report);
    expect(readFileSync(join(out, 'refunds.csv'), 'utf8')).toBe(refundsCsv(report.sets));
    for (const a of ['finance', 'engineering', 'ops'] as const) {
      expect(readFileSync(join(out, `${a}.html`), 'utf8')).toBe(rendered[a].fileHtml);
    }
  });
});
