/**
 * Writes a run's output directory (docs/contracts.md section 3): report.json, the three saved HTML
 * reports, refunds.csv and plans.csv. Each file goes to a temporary name first and is renamed
 * into place, so a failed run never leaves a half-written report behind. report.json holds every
 * set (it is the contract) and is written set by set, never built as one string: at a hundred
 * thousand sets that string alone would be hundreds of megabytes.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic, writeAtomicPieces } from '../io/index.ts';
import { type RunReport, warningSentence } from '../model/index.ts';
import type { RenderedReports } from './types.ts';

/**
 * What report.json holds for a run: the report itself, except that the contract's `warnings` are
 * sentences a person reads; their codes and facts ride beside them as `warningDetails`.
 */
export function reportJson(report: RunReport) {
  const { warnings, ...rest } = report;
  return { ...rest, warnings: warnings.map(warningSentence), warningDetails: warnings };
}

/** report.json's text, in pieces: the run's fields, then one set per line. */
export function* reportJsonPieces(report: RunReport): Generator<string> {
  const { sets, ...rest } = reportJson(report);
  const head = JSON.stringify(rest, null, 2);
  yield `${head.slice(0, -2)},\n  "sets": [`;
  for (let i = 0; i < sets.length; i++) yield `${i === 0 ? '\n    ' : ',\n    '}${JSON.stringify(sets[i])}`;
  yield `${sets.length > 0 ? '\n  ' : ''}]\n}\n`;
}

export async function writeReports(
  outDir: string,
  report: RunReport,
  rendered: RenderedReports,
): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await writeAtomicPieces(join(outDir, 'report.json'), reportJsonPieces(report));
  const files: [string, string][] = [
    ['finance.html', rendered.finance.fileHtml],
    ['engineering.html', rendered.engineering.fileHtml],
    ['ops.html', rendered.ops.fileHtml],
    // The same bytes as the finance and ops emails' attachments, before any compression.
    ['refunds.csv', rendered.csv.refunds],
    ['plans.csv', rendered.csv.plans],
  ];
  for (const [name, content] of files) await writeAtomic(join(outDir, name), content);
}
