/**
 * Delivers the three reports. Each message is first written to the outbox as .eml (the exact
 * bytes that will be sent), then sent over SMTP when a server is configured. A message that
 * cannot be sent stays in the outbox with a sidecar naming its recipients, so
 * `resrecon run --resend RUN` (resendReports) delivers it later: nothing is lost. One result per
 * audience. A refusal of one message does not stop the others; a server that does not answer at
 * all (refused, unreachable, silent) is not asked again for the rest of the run, whose messages
 * are written and marked failed with the same error, so a hanging server costs one timeout.
 */
import nodemailer from 'nodemailer';
import type { ResolvedConfig } from '../config/index.ts';
import type { RetryPolicy } from '../io/index.ts';
import {
  mailSender,
  messageStem,
  type OutboxEntry,
  resendHint,
  resendOutbox,
  sendEntry,
  unanswered,
  writeEntry,
  writeMessage,
} from '../mail/index.ts';
import {
  AUDIENCES,
  type Audience,
  type DeliveryResult,
  type RenderedReport,
  type RenderedReports,
} from './types.ts';

type Mail = ResolvedConfig['mail'];

/** The message as MIME bytes: HTML and text alternatives, attachments, run and audience headers. */
async function buildMessage(report: RenderedReport, mail: Mail, runId: string): Promise<Buffer> {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const to = mail.to[report.audience];
  const info = await builder.sendMail({
    from: mail.from,
    ...(to.length > 0 ? { to: [...to] } : {}),
    subject: report.subject,
    html: report.html,
    text: report.text,
    attachments: report.attachments.map((a) => ({ ...a })),
    headers: { 'X-Resrecon-Run': runId, 'X-Resrecon-Audience': report.audience },
  });
  return info.message as Buffer;
}

export interface DeliverOptions {
  /** Attempts and backoff per message; the configured attempts, 2 s apart and doubling, when absent. */
  readonly retry?: RetryPolicy;
}

/** How an error names a report's message. */
const reportNamed = (audience: Audience): string => `the ${audience} report`;

/** One report as written to the outbox, ready to send. */
export interface QueuedReport {
  readonly audience: Audience;
  readonly stem: string;
  readonly file: string;
  readonly raw: Buffer;
  /** Null when the report has no recipients: written, never sent. */
  readonly entry: OutboxEntry<Audience> | null;
}

/**
 * Writes the three messages to the outbox, each with its sidecar, before any is sent: once they
 * are there, a process that dies can leave a message unsent but never unwritten.
 */
export async function queueReports(
  rendered: RenderedReports,
  mail: Mail,
  outboxDir: string,
  runId: string,
): Promise<QueuedReport[]> {
  const queued: QueuedReport[] = [];
  for (const audience of AUDIENCES) {
    const report = rendered[audience];
    const recipients = [...mail.to[audience]];
    const stem = messageStem(runId, audience);
    const raw = await buildMessage(report, mail, runId);
    const file = await writeMessage(outboxDir, stem, raw);
    if (recipients.length === 0) {
      queued.push({ audience, stem, file, raw, entry: null });
      continue;
    }
    const entry: OutboxEntry<Audience> = {
      runId,
      audience,
      from: mail.from,
      to: recipients,
      subject: report.subject,
      status: 'pending',
      attempts: 0,
      lastError: null,
      sentAt: null,
      messageId: null,
      eml: `${stem}.eml`,
      queued: mail.smtpUrl !== null,
    };
    await writeEntry(outboxDir, stem, entry);
    queued.push({ audience, stem, file, raw, entry });
  }
  return queued;
}

export interface ResendOptions extends DeliverOptions {
  /** Only the messages a dying process cut off before their attempt (resendOutbox's `interruptedOnly`). */
  readonly interruptedOnly?: boolean;
}

/** Sends what a run's outbox still holds of its reports: the mail room's resend, for the three audiences. */
export function resendReports(
  outboxDir: string,
  mail: Mail,
  options: ResendOptions = {},
): Promise<DeliveryResult[]> {
  return resendOutbox(outboxDir, mail, { ...options, audiences: AUDIENCES, what: reportNamed });
}

/** Sends what queueReports wrote, recording each outcome in its sidecar. */
export async function sendQueued(
  queued: readonly QueuedReport[],
  mail: Mail,
  outboxDir: string,
  options: DeliverOptions = {},
): Promise<DeliveryResult[]> {
  const sender = mail.smtpUrl ? mailSender(mail, options.retry) : null;
  const results: DeliveryResult[] = [];
  let silent: Audience | null = null;
  try {
    for (const { audience, stem, file, raw, entry } of queued) {
      if (!entry) {
        results.push({ audience, status: 'skipped-no-recipients', file, recipients: [] });
        continue;
      }
      const recipients = [...entry.to];
      if (!sender) {
        results.push({ audience, status: 'written', file, recipients });
        continue;
      }
      if (silent) {
        const error = new Error(
          `not tried: the SMTP server did not answer for the ${silent} report; ${resendHint(file, entry.runId)}`,
        );
        await writeEntry(outboxDir, stem, { ...entry, status: 'failed', lastError: error.message });
        results.push({ audience, status: 'failed', file, recipients, error });
        continue;
      }
      const result = await sendEntry(sender, outboxDir, stem, entry, raw, file, reportNamed(audience));
      if (result.status === 'failed' && unanswered(result.error)) silent = audience;
      results.push(result);
    }
  } finally {
    sender?.close();
  }
  return results;
}

export async function deliverReports(
  rendered: RenderedReports,
  mail: Mail,
  outboxDir: string,
  runId: string,
  options: DeliverOptions = {},
): Promise<DeliveryResult[]> {
  return sendQueued(await queueReports(rendered, mail, outboxDir, runId), mail, outboxDir, options);
}
