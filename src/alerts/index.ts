/**
 * Alerts for on-call people: bursts of duplicates, release regressions and failed runs, by email (through the mail
 * room) and webhook; an alert that cannot go out is logged and kept, it never stops the job.
 * May import: the floor, config, mail.
 */
export {
  type Alert,
  alertText,
  burstAlert,
  failureAlert,
  mailFailedAlert,
  regressionAlert,
} from './alert.ts';
export { type AlertDelivery, sendAlert, webhookBody } from './send-alert.ts';
