/** Alerts for on-call people: bursts of duplicates and failed runs, by email and webhook. */
export { type Alert, alertText, burstAlert, failureAlert, mailFailedAlert } from './alert.ts';
export { type AlertDelivery, sendAlert, webhookBody } from './send-alert.ts';
