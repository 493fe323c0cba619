/**
 * What a release regression's alert record covers: from its first night's start to its last
 * night's end. The store widens a record a later alert overlaps (store.alertSent), so a regression
 * that grows night by night, and the watch passes inside it, find their record and alert once;
 * a regression that ended leaves a record ending with its last night, and a new one after the
 * client recovered (a good night between them) begins after it and is alerted again.
 */
import type { Regression } from '../model/index.ts';
import type { AlertRecord } from '../state/index.ts';

export function regressionAlertRecord(runId: string, r: Regression): AlertRecord {
  return {
    kind: `regression:${r.client}@${r.release ?? '(none)'}`,
    from: r.firstNight.from,
    to: r.lastNight.to,
    detail: { runId, copies: r.copies, ratePerThousand: r.ratePerThousand, setIds: r.exampleSetIds },
  };
}
