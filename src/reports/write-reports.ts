/**
 * Writes a run's output directory (docs/contracts.md section 3): report.json, the three saved HTML
 * reports and refunds.csv. Each file goes to a temporary name first and is renamed into place,
 * so a failed run never leaves a half-written report behind.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from '../io/index.ts';
import type { RunReport } from '../model/index.ts';
import type { RenderedReports } from './types.ts';

function financeCsv(rendered: RenderedReports): string {
  const csv = rendered.finance.attachments.find((a) => a.filename === 'refunds.csv');
  if (!csv) throw new Error('the finance report has no refunds.csv attachment');
  return csv.content;
}

export async function writeReports(
  outDir: string,
  report: RunReport,
  rendered: RenderedReports,
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const files: [string, string][] = [
    ['report.json', `${JSON.stringify(report, null, 2)}\n`],
    ['finance.html', rendered.finance.fileHtml],
    ['engineering.html', rendered.engineering.fileHtml],
    ['ops.html', rendered.ops.fileHtml],
    // The same bytes as the finance email's attachment: written once, by refundsCsv.
    ['refunds.csv', financeCsv(rendered)],
  ];
  for (const [name, content] of files) await writeAtomic(join(outDir, name), content);
}
