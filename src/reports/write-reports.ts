/**
 * Writes a run's output directory (CONTRACTS.md section 3): report.json, the three saved HTML
 * reports and refunds.csv. Each file goes to a temporary name first and is renamed into place,
 * so a failed run never leaves a half-written report behind.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RunReport } from '../model/index.ts';
import { writeAtomic } from './outbox.ts';
import { refundsCsv } from './refunds-csv.ts';
import type { RenderedReports } from './types.ts';

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
    ['refunds.csv', refundsCsv(report)],
  ];
  for (const [name, content] of files) await writeAtomic(join(outDir, name), content);
}
