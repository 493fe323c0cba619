/**
 * Delivers the three reports. Each message is first written to the outbox as .eml (the exact
 * bytes that will be sent), then sent over SMTP when a server is configured. A message that
 * cannot be sent stays in the outbox with a sidecar naming its recipients, so
 * `resrecon run --resend RUN` (resendOutbox) delivers it later: nothing is lost. One result per
 * audience. A refusal of one message does not stop the others; a server that does not answer at
 * all (refused, unreachable, silent) is not asked again for the rest of the run, whose messages
 * are written and marked failed with the same error, so a hanging server costs one timeout.
 */
import nodemailer from 'nodemailer';
import type { ResolvedConfig } from '../config/index.ts';
import { messageStem, type OutboxEntry, writeEntry, writeMessage } from './outbox.ts';
import { resendHint, sendEntry } from './send-entry.ts';
import { type SmtpSender, smtpSender, unanswered } from './smtp-send.ts';
import {
  AUDIENCES,
  type Audience,
  type DeliveryResult,
  type RenderedReport,
  type RenderedReports,
  type RetryOptions,
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
  readonly retry?: RetryOptions;
}

/** The configured server, with the configured attempts and silence limit unless a caller overrides them. */
export function mailSender(mail: Mail, options: DeliverOptions = {}): SmtpSender {
  return smtpSender(
    mail.smtpUrl!,
    options.retry ?? { attempts: mail.attempts, baseDelayMs: 2_000 },
    mail.timeoutMs,
  );
}

/** One report as written to the outbox, ready to send. */
export interface QueuedReport {
  readonly audience: Audience;
  readonly stem: string;
  readonly file: string;
  readonly raw: Buffer;
  /** Null when the report has no recipients: written, never sent. */
  readonly entry: OutboxEntry | null;
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
    const entry: OutboxEntry = {
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

/** Sends what queueReports wrote, recording each outcome in its sidecar. */
export async function sendQueued(
  queued: readonly QueuedReport[],
  mail: Mail,
  outboxDir: string,
  options: DeliverOptions = {},
): Promise<DeliveryResult[]> {
  const sender = mail.smtpUrl ? mailSender(mail, options) : null;
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
      const result = await sendEntry(sender, outboxDir, stem, entry, raw, file);
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
