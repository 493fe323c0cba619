/**
 * What a rerun must reproduce of an undisturbed run: every set's verdict, cause, members and
 * plan (its items and money), the totals per currency and the quarantine. Run ids, times and
 * the changes since the previous run are left out; they differ by design.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunReport } from '../../src/model/index.ts';

export function reportDigest(report: RunReport) {
  return {
    sets: report.sets
      .map((s) => ({
        setId: s.setId,
        verdict: s.verdict,
        rootCause: s.rootCause,
        confidence: s.confidence,
        reservationIds: s.reservationIds,
        plan: s.plan,
      }))
      .sort((a, b) => (a.setId < b.setId ? -1 : 1)),
    totals: report.totals,
    quarantine: report.quarantine,
  };
}

export function readDigest(outDir: string) {
  return reportDigest(JSON.parse(readFileSync(join(outDir, 'report.json'), 'utf8')) as RunReport);
}
