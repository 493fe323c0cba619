/**
 * The mail room: sending raw messages over SMTP with retries, the outbox of .eml files and their
 * sidecars (written before any attempt, so nothing is lost), sending one outbox message and
 * resending what an outbox still holds. It knows messages and audience labels, not what a report
 * or an alert says: reports and alerts build their messages and use it.
 * May import: the floor, config.
 */
export type { Delivery } from './delivery.ts';
export {
  holdsMailToSend,
  isUnsent,
  messageStem,
  type OutboxEntry,
  readEntries,
  writeEntry,
  writeMessage,
} from './outbox.ts';
export { type ResendOptions, resendOutbox } from './resend-outbox.ts';
export { resendHint, sendEntry } from './send-entry.ts';
export { mailSender, type SmtpSender, smtpSender, unanswered } from './smtp-send.ts';
