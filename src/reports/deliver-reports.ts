/**
 * Delivers the three reports. Each message is first written to the outbox as .eml (the exact
 * bytes that will be sent), then sent over SMTP when a server is configured. A message that
 * cannot be sent stays in the outbox with a sidecar naming its recipients, so
 * `resrecon run --resend RUN` (resendOutbox) delivers it later: nothing is lost. One result per
 * audience; a failure of one does not stop the others.
 */
import nodemailer from 'nodemailer';
import type { ResolvedConfig } from '../config/index.ts';
import { messageStem, type OutboxEntry, writeEntry, writeMessage } from './outbox.ts';
import { sendEntry } from './send-entry.ts';
import { smtpSender } from './smtp-send.ts';
import {
  AUDIENCES,
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

export async function deliverReports(
  rendered: RenderedReports,
  mail: Mail,
  outboxDir: string,
  runId: string,
  options: DeliverOptions = {},
): Promise<DeliveryResult[]> {
  const sender = mail.smtpUrl ? smtpSender(mail.smtpUrl, options.retry) : null;
  const results: DeliveryResult[] = [];
  try {
    for (const audience of AUDIENCES) {
      const report = rendered[audience];
      const recipients = [...mail.to[audience]];
      const stem = messageStem(runId, audience);
      const raw = await buildMessage(report, mail, runId);
      const file = await writeMessage(outboxDir, stem, raw);
      if (recipients.length === 0) {
        results.push({ audience, status: 'skipped-no-recipients', file, recipients });
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
      };
      await writeEntry(outboxDir, stem, entry);
      if (!sender) {
        results.push({ audience, status: 'written', file, recipients });
        continue;
      }
      results.push(await sendEntry(sender, outboxDir, stem, entry, raw, file));
    }
  } finally {
    sender?.close();
  }
  return results;
}
