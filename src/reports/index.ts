/**
 * The reports stage: builds a run's RunReport (report.json) from what the stages produced, renders
 * it for finance, engineering and ops, writes the output directory and delivers the emails
 * (SMTP, or .eml files in the outbox).
 */
export { type BuildReportInput, buildReport, toReportSet } from './build-report.ts';
export {
  type DeliverOptions,
  deliverReports,
  type QueuedReport,
  queueReports,
  sendQueued,
} from './deliver-reports.ts';
export { TEMPLATE_DIR } from './load-templates.ts';
export { writeMessage } from './outbox.ts';
export { plansCsv } from './plans-csv.ts';
export { REFUNDS_CSV_COLUMNS, refundsCsv } from './refunds-csv.ts';
export { renderReports } from './render-reports.ts';
export { resendOutbox } from './resend-outbox.ts';
export { runRow } from './run-row.ts';
export { type SmtpSender, smtpSender } from './smtp-send.ts';
export {
  type Attachment,
  AUDIENCES,
  type Audience,
  type DeliveryResult,
  type RenderedReport,
  type RenderedReports,
  type RenderOptions,
  type RetryOptions,
  type RunHistoryEntry,
} from './types.ts';
export { writeReports } from './write-reports.ts';
