/**
 * The reports stage: builds a run's RunReport (report.json) from what the stages produced, renders
 * it for finance, engineering and ops, writes the output directory and hands the three emails to
 * the mail room (SMTP, or .eml files in the outbox).
 * May import: the floor, config, mail, reconcile, state.
 */
export { type BuildReportInput, buildReport, toReportSet } from './build-report.ts';
export { TREND_RUNS } from './charts.ts';
export {
  type DeliverOptions,
  deliverReports,
  type QueuedReport,
  queueReports,
  type ResendOptions,
  resendReports,
  sendQueued,
} from './deliver-reports.ts';
export { TEMPLATE_DIR } from './load-templates.ts';
export { planItems } from './plan-items.ts';
export { type PlanStep, reservationName, wordStep } from './plan-wording.ts';
export { plansCsv } from './plans-csv.ts';
export { type KeptReason, type PruneOptions, type PruneResult, pruneOutputs } from './prune-outputs.ts';
export { REFUNDS_CSV_COLUMNS, refundsCsv } from './refunds-csv.ts';
export { renderReports } from './render-reports.ts';
export { runRow } from './run-row.ts';
export { trendPeriod } from './trend-period.ts';
export {
  type Attachment,
  AUDIENCES,
  type Audience,
  type DeliveryResult,
  type RenderedReport,
  type RenderedReports,
  type RenderOptions,
  type RunHistoryEntry,
} from './types.ts';
export { reportJson, writeReports } from './write-reports.ts';
